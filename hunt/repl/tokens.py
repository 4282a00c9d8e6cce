"""A forgiving KQL tokenizer for the editor: completion and the "is the query complete?" test.

Unlike the parser it never fails: an unterminated string or bracket is just a token, so it can
look at any prefix of a query as a person types it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Operator keywords spelled with a dash (grammar/kql.lark); any other `a-b` is a subtraction.
DASH_WORDS = frozenset({
    "mv-expand", "mv-apply", "project-away", "project-keep", "project-rename",
    "project-reorder", "project-smart", "parse-where", "parse-kv", "top-nested",
    "make-series", "sample-distinct", "granny-asc", "granny-desc", "top-hitters",
})

_TOKEN = re.compile(r"""
    (?P<comment>//[^\n]*)
  | (?P<string>[hH]?@?(?:"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?)|```[\s\S]*?(?:```|\Z))
  | (?P<bracketed>\[\s*[hH]?@?(?:"[^"\n]*"|'[^'\n]*')\s*\])
  | (?P<number>(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?[A-Za-z]*)
  | (?P<name>[A-Za-z_$][\w]*(?:-[A-Za-z_]\w*)*)
  | (?P<op>==|!=|<>|<=|>=|=~|!~|[-+*/%<>=!.:?])
  | (?P<punct>[|;,()\[\]{}])
  | (?P<ws>\s+)
  | (?P<other>.)
""", re.VERBOSE)


@dataclass(frozen=True)
class Token:
    kind: str      # comment string bracketed number name op punct other
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()

    def is_(self, *words: str) -> bool:
        return self.kind == "name" and self.text in words


def tokenize(text: str) -> list[Token]:
    """Tokens of `text`, whitespace dropped. A dashed word that is not a KQL keyword splits
    at its dash (`a-b` is a name, an operator and a name)."""
    out: list[Token] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = _TOKEN.match(text, pos)
        kind = m.lastgroup
        start, end = m.start(), m.end()
        if kind == "name" and "-" in m.group():
            word = m.group()
            if word.lower() not in DASH_WORDS:
                end = start + word.index("-")
        if kind != "ws":
            out.append(Token(kind, text[start:end], start, end))
        pos = end
    return out


def unterminated(tok: Token) -> bool:
    """An open string at the end of the text (the cursor is inside it)."""
    t = tok.text
    if tok.kind != "string":
        return False
    if t.startswith("```"):
        return len(t) < 6 or not t.endswith("```")
    body = t.lstrip("hH@")
    quote = body[:1]
    if len(body) < 2 or not body.endswith(quote):
        return True
    # "abc\" : the closing quote is escaped
    if not t.lstrip("hH").startswith("@"):
        inner = body[1:-1]
        trailing = len(inner) - len(inner.rstrip("\\"))
        return trailing % 2 == 1
    return False


def bracket_balance(tokens: list[Token]) -> int:
    depth = 0
    for t in tokens:
        if t.kind == "punct":
            if t.text in "([{":
                depth += 1
            elif t.text in ")]}":
                depth -= 1
    return depth
