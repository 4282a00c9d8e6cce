"""A problem in a rule file: a stable code, the file, line and column, a message and a hint.

Codes (HUNT6xx, rule files): 601 YAML syntax, 602 unknown or repeated field, 603 missing
field, 604 bad field value, 605 query does not compile, 606 result lacks a required column,
607 duplicate rule id, 608 template placeholder, 609 unit test.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

YAML_SYNTAX = "HUNT601"
UNKNOWN_FIELD = "HUNT602"
MISSING_FIELD = "HUNT603"
BAD_VALUE = "HUNT604"
QUERY = "HUNT605"
RESULT_COLUMN = "HUNT606"
DUPLICATE_ID = "HUNT607"
TEMPLATE = "HUNT608"
UNIT_TEST = "HUNT609"


@dataclass(frozen=True)
class Problem:
    path: str
    line: Optional[int]
    column: Optional[int]
    code: str
    message: str
    hint: str = ""
    source_line: str = ""          # the file's line, shown under the location

    @property
    def where(self) -> str:
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}:{self.column or 1}"

    def render(self) -> str:
        out = [f"error[{self.code}]: {self.message}", f" --> {self.where}"]
        if self.source_line:
            out.append(f"  | {self.source_line}")
            if self.column:
                out.append("  | " + " " * (self.column - 1) + "^")
        if self.hint:
            out.append(f"help: {self.hint}")
        return "\n".join(out)

    def as_dict(self) -> dict:
        return {"file": self.path, "line": self.line, "column": self.column, "code": self.code,
                "message": self.message, "hint": self.hint}


class ProblemList:
    """Collects the problems of one file, placing them with the file's positions."""

    def __init__(self, path: Path, text: str = "", positions=None):
        self.path = str(path)
        self.lines = text.splitlines()
        self.positions = positions
        self.items: list[Problem] = []

    def add(self, code: str, message: str, hint: str = "", *, at: tuple = (),
            key: bool = False, line: Optional[int] = None, column: Optional[int] = None) -> None:
        if line is None and self.positions is not None:
            mark = self.positions.of(at, key=key)
            if mark is not None:
                line, column = mark.line, mark.column
        src = self.lines[line - 1].rstrip() if line and 0 < line <= len(self.lines) else ""
        self.items.append(Problem(self.path, line, column, code, message, hint, src))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self):
        return iter(self.items)
