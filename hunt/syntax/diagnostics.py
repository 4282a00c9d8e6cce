"""Lark's parse errors → KqlSyntaxError in Kusto-like words.

Lark reports "unexpected token X, expected one of {TERMINALS}". A user wants to read
"expected an operator after '|'", "expected ')' to close '(' at line 2", "unterminated string".
The bracket and previous-token facts come from a small scan of the text (strings and comments
skipped), which is only run when a query is already known to be bad.
"""
from __future__ import annotations

import difflib
import re

from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from hunt.errors import KqlSyntaxError, Span, line_col

OPERATORS = (
    "where", "filter", "project", "project-away", "project-keep", "project-rename",
    "project-reorder", "extend", "summarize", "count", "take", "limit", "sort", "order", "top",
    "top-nested", "distinct", "join", "lookup", "union", "mv-expand", "mv-apply", "parse",
    "parse-where", "parse-kv", "serialize", "make-series", "render", "sample", "sample-distinct",
    "search", "find", "getschema", "as", "invoke", "evaluate", "facet", "consume", "fork",
    "partition", "reduce", "scan", "top-hitters", "make-graph", "graph-match")

# Terminals whose display is not their literal text.
_TERMINAL_WORDS = {
    "NAME": "a name", "BRACKETED": "a ['quoted name']", "STRING": "a string", "LONG": "a number",
    "REAL": "a number", "TIMESPAN": "a timespan", "DATETIME_LIT": "datetime(...)",
    "TIMESPAN_LIT": "timespan(...)", "TYPED_LIT": "a typed literal", "DYNAMIC": "dynamic(...)",
    "TYPEOF": "typeof(...)", "CMP": "a comparison", "STROP": "a string operator",
    "LISTOP": "'in'", "BETWEEN": "'between'", "WILDNAME": "a name pattern", "HINT": "hint.name",
    "OPTKW": "an option", "OTHER_OP": "an operator", "PUNCT": "a symbol", "SEMI": "';'",
    "DATATABLE": "datatable", "EXTERNALDATA": "externaldata", "RANGE_SRC": "range",
    "VIEW": "view", "$END": "the end of the query",
}

_CLOSE = {"(": ")", "[": "]", "{": "}"}
_SCAN = re.compile(r"""//[^\n]*|[hH]?@?"(?:[^"\\\n]|\\.)*"?|[hH]?@?'(?:[^'\\\n]|\\.)*'?"""
                   r"""|```[\s\S]*?(?:```|$)|~~~[\s\S]*?(?:~~~|$)|[\w$-]+|\s+|[=!<>]=|=~|!~|<>|\.\.|[\s\S]""")


def _scan(text: str, upto: int):
    """Open brackets (char, offset) still unclosed at `upto`, and the last token before it."""
    stack = []
    last = None
    for m in _SCAN.finditer(text, 0, upto):
        s = m.group()
        if s.startswith("//") or s.isspace():
            continue
        last = (s, m.start())
        if s in _CLOSE:
            stack.append((s, m.start()))
        elif s in (")", "]", "}"):
            if stack and _CLOSE[stack[-1][0]] == s:
                stack.pop()
    return stack, last


def _display(term: str, terminals) -> str | None:
    if term in _TERMINAL_WORDS:
        return _TERMINAL_WORDS[term]
    t = terminals.get(term)
    if t is None:
        return None
    if t.pattern.type == "str":
        return f"'{t.pattern.value}'"
    m = re.match(r"\(\?:([\w-]+)", t.pattern.value) or re.match(r"([\w-]+)", t.pattern.value)
    return f"'{m.group(1)}'" if m else None


_EXPR_START = {"NAME", "BRACKETED", "STRING", "LONG", "REAL", "TIMESPAN", "DATETIME_LIT",
               "TIMESPAN_LIT", "TYPED_LIT", "DYNAMIC", "TYPEOF", "LPAR", "MINUS", "PLUS", "STAR"}
_BINARY = {"CMP", "STROP", "LISTOP", "BETWEEN", "MATCHES", "AND", "OR", "PLUS", "MINUS", "STAR",
           "SLASH", "PERCENT", "DOT", "LSQB", "BRACKETED", "COLON"}


def _expected_words(expected, terminals, limit=8) -> str:
    """A short English list of what could come next, grouping expression starts and binary
    operators instead of listing every terminal."""
    expected = set(expected)
    words = []
    if {"NAME", "LONG", "STRING"} <= expected:
        words.append("an expression")
        expected -= _EXPR_START
    elif "NAME" in expected:
        words.append("a name")
        expected -= {"NAME", "BRACKETED"}
    has_binary = bool(expected & {"CMP", "STROP", "AND", "OR"})
    expected -= _BINARY
    end = [t for t in ("VBAR", "SEMI", "$END") if t in expected]
    expected -= set(end)
    for term in sorted(expected, key=lambda t: (not t.isalpha(), t)):
        d = _display(term, terminals)
        if d and d not in words:
            words.append(d)
    if len(words) > limit:
        words = words[:limit] + ["..."]
    if has_binary:
        words.append("an operator")
    if end and len(words) < limit:
        words.append("the end of the query" if "$END" in end else "'|'")
    if len(words) > 1:
        return ", ".join(words[:-1]) + " or " + words[-1]
    return ", ".join(words)


def _where(text: str, offset: int) -> str:
    line, col = line_col(text, offset)
    return f"line {line}, column {col}"


def describe(e: UnexpectedInput, text: str) -> KqlSyntaxError:
    """Turn a Lark exception into a KqlSyntaxError bound to `text`."""
    from hunt.syntax.parser import get_parser
    terminals = {t.name: t for t in get_parser().terminals}
    n = len(text)

    if isinstance(e, UnexpectedCharacters):
        pos = e.pos_in_stream
        ch = text[pos] if pos < n else ""
        rest = text[pos:pos + 4]
        if ch in "\"'" or rest[:2] in ('@"', "@'") or (ch in "hH" and rest[1:2] in ("'", '"', "@")):
            eol = text.find("\n", pos)
            eol = n if eol < 0 else eol
            return KqlSyntaxError("unterminated string literal", Span(pos, eol), text=text,
                                  help="close the string with the same quote it starts with "
                                       "(use ``` or @\"...\" with doubled quotes for other text)")
        if rest.startswith("```") or rest.startswith("~~~"):
            return KqlSyntaxError("unterminated multi-line string", Span(pos, n), text=text,
                                  help=f"close it with {rest[:3]}")
        return KqlSyntaxError(f"unexpected character {ch!r}", Span(pos, pos + 1), text=text)

    if isinstance(e, UnexpectedEOF):
        expected = set(e.expected or ())
        tok_type, tok_value, start, end = "$END", "", n, n
    elif isinstance(e, UnexpectedToken):
        expected = set(e.expected or ())
        try:
            if e.interactive_parser is not None:
                expected = set(e.interactive_parser.accepts()) or expected
        except Exception:
            pass
        tok = e.token
        tok_type, tok_value = tok.type, str(tok.value)
        if tok_type == "$END":
            start = end = n
        else:
            start = tok.start_pos if tok.start_pos is not None else n
            end = tok.end_pos if tok.end_pos is not None else start + len(tok_value)
    else:
        return KqlSyntaxError(str(e).splitlines()[0], Span(n, n), text=text)

    if tok_type == "PUNCT":
        return KqlSyntaxError(f"unexpected character {tok_value!r}", Span(start, end), text=text)
    stack, last = _scan(text, start)
    span = Span(start, end)
    at_end = tok_type == "$END"
    expects_operator = "WHERE" in expected and "EXTEND" in expected
    after_pipe = last is not None and last[0] == "|"
    shown = f"'{tok_value}'" if not at_end else "the end of the query"
    exp = _expected_words(expected, terminals)
    help_expected = f"expected {exp}" if exp else None

    if expects_operator and after_pipe:
        if at_end:
            return KqlSyntaxError("expected an operator after '|'", span, text=text,
                                  help="for example: | where ..., | project ..., | summarize ...")
        if tok_type == "NAME" or re.fullmatch(r"[\w-]+", tok_value):
            close = difflib.get_close_matches(tok_value.lower(), OPERATORS, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else \
                "operators include where, project, extend, summarize, join, sort, top, take"
            return KqlSyntaxError(f"unknown operator '{tok_value}'", span, text=text, help=hint)
        return KqlSyntaxError(f"expected an operator after '|', not {shown}", span, text=text,
                              help="for example: | where ..., | project ..., | summarize ...")

    closers = {"RPAR": "(", "RSQB": "[", "RBRACE": "{"}
    if stack:
        opener, at = stack[-1]
        closer = _CLOSE[opener]
        wants_close = any(closers.get(t) == opener for t in expected)
        if at_end or (wants_close and tok_type in ("SEMI",)):
            return KqlSyntaxError(f"expected '{closer}' to close '{opener}' at {_where(text, at)}",
                                  span, text=text, help=help_expected)
        if wants_close and not at_end:
            return KqlSyntaxError(f"unexpected {shown} here", span, text=text,
                                  help=f"expected ',' or '{closer}' to close '{opener}' at "
                                       f"{_where(text, at)}" if "COMMA" in expected else
                                  f"expected '{closer}' to close '{opener}' at {_where(text, at)}")
    elif tok_value in (")", "]", "}") and not at_end:
        return KqlSyntaxError(f"unmatched '{tok_value}'", span, text=text)

    if at_end:
        if last is not None:
            return KqlSyntaxError(f"unexpected end of query after '{last[0]}'", span, text=text,
                                  help=help_expected)
        return KqlSyntaxError("the query is empty", span, text=text, help=help_expected)

    if tok_type == "NAME" and tok_value.lower() in ("and", "or", "by", "on", "with", "where"):
        lowered = tok_value.lower()
        if lowered != tok_value and lowered.upper() in expected:
            return KqlSyntaxError(f"unexpected '{tok_value}' here", span, text=text,
                                  help=f"KQL keywords are lower case: write '{lowered}'")
    return KqlSyntaxError(f"unexpected {shown} here", span, text=text, help=help_expected)
