"""Term matching for the `has` family (semantics §4.1, mapping notes §2.1).

A term is a maximal run of letters and digits (the class is `macros.TERM_CLASS`). `has "x"`
finds x where each alphanumeric end of x sits on a term boundary; hasprefix checks only the
left end, hassuffix only the right one. Constant terms become one RE2 pattern, built by the
string functions' helpers so that the rule lives in one place.
"""
from __future__ import annotations

from hunt.functions.strings import has_any_regex, has_regex, re_escape  # noqa: F401
from hunt.sqlgen.dialect import string_literal


def match_sql(s_sql: str, terms: list[str], mode: str = "has", case_sensitive: bool = False,
              prefilter: bool = True) -> str:
    """SQL testing whether s matches any of the constant terms. With `prefilter`, a few
    terms are first looked for as plain substrings: DuckDB evaluates those on a Parquet
    column's dictionary, once per distinct value, and the regex only on the rows they keep
    (4x on URLs at 100M events); on long free text that rarely repeats (command lines) the
    regex alone is cheaper, so the caller turns the prefilter off there."""
    terms = [t for t in dict.fromkeys(terms) if t != ""]
    if not terms:
        return "true"
    rx = string_literal(has_any_regex(terms, mode, case_sensitive) if len(terms) > 1
                        else has_regex(terms[0], mode, case_sensitive))
    # one term always gets the substring test first: it costs one cheap pass, and a term is
    # rarer than the rows it is looked for in
    if len(terms) == 1 or (prefilter and len(terms) <= _PREFILTER_MAX_TERMS):
        if case_sensitive:
            pre = " OR ".join(f"contains({s_sql}, {string_literal(t)})" for t in terms)
        else:
            pre = " OR ".join(f"contains(lower({s_sql}), {string_literal(t.lower())})" for t in terms)
        return f"(({pre}) AND regexp_matches({s_sql}, {rx}))"
    return f"regexp_matches({s_sql}, {rx})"


_PREFILTER_MAX_TERMS = 8
