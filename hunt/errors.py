"""One diagnostic shape for every stage: a stable code, a message, a place and a help line.

Codes: HUNT1xx syntax, HUNT2xx semantic (names, types), HUNT3xx unsupported constructs,
HUNT4xx runtime (DuckDB, limits, data), HUNT5xx usage (CLI, API arguments).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """Half-open character range [start, end) in the query text (Python str offsets)."""

    start: int
    end: int

    def merge(self, other: "Span | None") -> "Span":
        if other is None:
            return self
        return Span(min(self.start, other.start), max(self.end, other.end))


NO_SPAN = Span(0, 0)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset (clamped into the text)."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


class KqlError(Exception):
    """Base class of every error a query can cause."""

    default_code = "HUNT000"

    def __init__(self, message: str, span: Span | None = None, *, help: str | None = None,
                 code: str | None = None, text: str | None = None):
        super().__init__(message)
        self.message = message
        self.span = span
        self.help = help
        self.code = code or self.default_code
        self.text = text
        self.line: int | None = None
        self.column: int | None = None
        if text is not None:
            self.attach(text)

    def attach(self, text: str) -> "KqlError":
        """Bind the error to the query text so that line and column are known."""
        self.text = text
        if self.span is not None:
            self.line, self.column = line_col(text, self.span.start)
        return self

    def __str__(self) -> str:
        where = f" (line {self.line}, column {self.column})" if self.line else ""
        hint = f"; {self.help}" if self.help else ""
        return f"{self.message}{where}{hint}"

    def render(self, name: str = "query") -> str:
        """Rustc-style rendering with the query line and a caret under the span."""
        out = [f"error[{self.code}]: {self.message}"]
        if self.text is not None and self.span is not None:
            text = self.text
            line, col = line_col(text, self.span.start)
            out.append(f" --> {name}:{line}:{col}")
            start_of_line = text.rfind("\n", 0, self.span.start) + 1
            end_of_line = text.find("\n", start_of_line)
            if end_of_line < 0:
                end_of_line = len(text)
            src = text[start_of_line:end_of_line].replace("\t", " ")
            width = max(1, min(self.span.end, end_of_line) - self.span.start)
            out.append(f"  | {src}")
            out.append("  | " + " " * (col - 1) + "^" * width)
        if self.help:
            out.append(f"help: {self.help}")
        return "\n".join(out)


class KqlSyntaxError(KqlError):
    default_code = "HUNT100"


class KqlSemanticError(KqlError):
    default_code = "HUNT200"


class KqlUnsupportedError(KqlError):
    default_code = "HUNT300"

    def __init__(self, construct: str, span: Span | None = None, *, help: str | None = None,
                 code: str | None = None, text: str | None = None):
        super().__init__(f"{construct} is not supported yet", span,
                         help=help or "rewrite the query without it, or open an issue",
                         code=code, text=text)
        self.construct = construct


class KqlRuntimeError(KqlError):
    default_code = "HUNT400"
