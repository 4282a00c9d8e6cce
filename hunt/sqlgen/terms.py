"""Term matching for the `has` family (semantics §4.1, mapping notes §2.1).

A term is a maximal run of ASCII letters and digits. `has "x"` finds x where each
alphanumeric end of x sits on a term boundary; hasprefix checks only the left end, hassuffix
only the right one. Constant terms are compiled here into one RE2 pattern.
"""
from __future__ import annotations

from hunt.sqlgen.dialect import string_literal

ALNUM = "0-9A-Za-z"
_META = set("\\.+*?()|[]{}^$")


def re_escape(text: str) -> str:
    """Escape RE2 metacharacters only (RE2 rejects some escapes Python's re.escape makes)."""
    return "".join("\\" + ch if ch in _META else ch for ch in text)


def _is_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def term_pattern(term: str, mode: str = "has") -> str:
    left = mode in ("has", "hasprefix") and _is_alnum(term[0])
    right = mode in ("has", "hassuffix") and _is_alnum(term[-1])
    return ((f"(?:^|[^{ALNUM}])" if left else "") + re_escape(term) +
            (f"(?:$|[^{ALNUM}])" if right else ""))


def pattern(terms: list[str], mode: str = "has", case_sensitive: bool = False) -> str:
    terms = [t for t in dict.fromkeys(terms)]
    flags = "" if case_sensitive else "(?i)"
    if len(terms) == 1:
        return flags + term_pattern(terms[0], mode)
    if all(_is_alnum(t[0]) and _is_alnum(t[-1]) for t in terms):
        body = "|".join(re_escape(t) for t in terms)
        left = f"(?:^|[^{ALNUM}])" if mode in ("has", "hasprefix") else ""
        right = f"(?:$|[^{ALNUM}])" if mode in ("has", "hassuffix") else ""
        return f"{flags}{left}(?:{body}){right}"
    return flags + "|".join(f"(?:{term_pattern(t, mode)})" for t in terms)


def match_sql(s_sql: str, terms: list[str], mode: str = "has", case_sensitive: bool = False) -> str:
    """SQL testing whether s matches any of the constant terms."""
    terms = [t for t in terms if t != ""]
    if not terms:
        return "true"
    rx = string_literal(pattern(terms, mode, case_sensitive))
    if len(terms) == 1 and not case_sensitive:
        # a cheap substring test first, so the regex only runs on candidate rows
        return f"(contains(lower({s_sql}), {string_literal(terms[0].lower())}) AND regexp_matches({s_sql}, {rx}))"
    if len(terms) == 1:
        return f"(contains({s_sql}, {string_literal(terms[0])}) AND regexp_matches({s_sql}, {rx}))"
    return f"regexp_matches({s_sql}, {rx})"
