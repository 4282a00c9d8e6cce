"""String functions (semantics §4.7 Strings, mapping notes §10)."""
from __future__ import annotations

import re

from hunt import types as T
from hunt.functions import convert as C
from hunt.functions.common import (const_int, const_str, define, dyn, long_, lst, nn_text,
                                   str_lit, text, type_arg)
from hunt.functions.macros import TERM_CLASS

S = T.STRING

# ------------------------------------------------------------------ has-family helpers
_RE2_META = set("\\.+*?()|[]{}^$")


def re_escape(s: str) -> str:
    """Escape RE2 metacharacters (only those: RE2 rejects some escapes of Python's re)."""
    return "".join("\\" + ch if ch in _RE2_META else ch for ch in s)


def _term_char(ch: str) -> bool:
    return bool(re.match(f"[{TERM_CLASS}]", ch))


def has_regex(term: str, mode: str = "has", case_sensitive: bool = False) -> str:
    """RE2 pattern for `s <mode> term` with a constant term; mode is has, hasprefix or
    hassuffix (semantics §4.1)."""
    left = mode in ("has", "hasprefix") and term and _term_char(term[0])
    right = mode in ("has", "hassuffix") and term and _term_char(term[-1])
    body = (f"(?:^|[^{TERM_CLASS}])" if left else "") + re_escape(term) + \
        (f"(?:$|[^{TERM_CLASS}])" if right else "")
    return body if case_sensitive else "(?i)" + body


def has_any_regex(terms, mode: str = "has", case_sensitive: bool = False) -> str:
    """One RE2 pattern matching when any of the constant terms matches."""
    terms = list(dict.fromkeys(t for t in terms))
    if not terms:
        return "(?!)" if False else "$^"       # matches nothing (RE2 has no lookaround)
    if all(t and _term_char(t[0]) and _term_char(t[-1]) for t in terms):
        left = f"(?:^|[^{TERM_CLASS}])" if mode in ("has", "hasprefix") else ""
        right = f"(?:$|[^{TERM_CLASS}])" if mode in ("has", "hassuffix") else ""
        body = f"{left}(?:{'|'.join(re_escape(t) for t in terms)}){right}"
    else:
        body = "|".join(f"(?:{has_regex(t, mode, True)})" for t in terms)
    return body if case_sensitive else "(?i)" + body


def _rx(a) -> str:
    """A regex argument: constants are passed as literals (DuckDB compiles them once)."""
    return text(a)


# ------------------------------------------------------------------ basic functions
define("strlen", 1, 1, T.LONG, lambda c, a: f"length({text(a[0])})::BIGINT",
       naming="prefix", prefix="strlen")
define("string_size", 1, 1, T.LONG, lambda c, a: f"octet_length(encode({text(a[0])}))::BIGINT",
       naming="prefix", prefix="string_size")
define("tolower", 1, 1, S, lambda c, a: f"lower({text(a[0])})")
define("toupper", 1, 1, S, lambda c, a: f"upper({text(a[0])})")
define("reverse", 1, 1, S, lambda c, a: f"reverse({text(a[0])})")
define("isascii", 1, 1, T.BOOL,
       lambda c, a: f"NOT regexp_matches({text(a[0])}, '[^\\x00-\\x7F]')")
define("isutf8", 1, 1, T.BOOL, lambda c, a: "true")
define("strcmp", 2, 2, T.LONG,
       lambda c, a: f"(CASE WHEN {text(a[0])} < {text(a[1])} THEN -1 "
                    f"WHEN {text(a[0])} > {text(a[1])} THEN 1 ELSE 0 END)::BIGINT")


def _substring(c, a):
    if len(a) == 2:
        return f"kql_substring2({text(a[0])}, {long_(a[1])})"
    return f"kql_substring({text(a[0])}, {long_(a[1])}, {long_(a[2])})"


define("substring", 2, 3, S, _substring)


def _strcat(c, a):
    parts = [text(x) for x in a]
    if len(parts) == 1:
        return parts[0]
    return "concat(" + ", ".join(parts) + ")"


define("strcat", 1, 64, S, _strcat)
define("strcat_delim", 2, 64, S,
       lambda c, a: "concat_ws(" + ", ".join(text(x) for x in a) + ")")
define("strcat_array", 2, 2, S,
       lambda c, a: nn_text(f"array_to_string(list_transform({lst(a[0])}, "
                            f"lambda e: coalesce(kql_dyn_text(e), '')), {text(a[1])})"))


def _strrep(c, a):
    d = text(a[2]) if len(a) > 2 else "''"
    return f"kql_strrep({text(a[0])}, {long_(a[1])}, {d})"


define("strrep", 2, 3, S, _strrep)


def _split(c, a):
    s, d = text(a[0]), text(a[1])
    if len(a) == 3:
        return f"kql_split_part({s}, {d}, {long_(a[2])})"
    return f"to_json(string_split({s}, {d}))"


define("split", 2, 3, T.DYNAMIC, _split, naming="arg")


def _replace_string(c, a):
    s, f, r = text(a[0]), text(a[1]), text(a[2])
    if const_str(a[1]) is not None and const_str(a[1]) != "":
        return f"replace({s}, {f}, {r})"
    return f"CASE WHEN {f} = '' THEN {s} ELSE replace({s}, {f}, {r}) END"


define("replace_string", 3, 3, S, _replace_string)


def _replace_regex(c, a):
    return nn_text(f"regexp_replace({text(a[0])}, {_rx(a[1])}, {text(a[2])}, 'g')")


define("replace_regex", 3, 3, S, _replace_regex)
# deprecated replace(regex, rewrite, text)
define("replace", 3, 3, S,
       lambda c, a: nn_text(f"regexp_replace({text(a[2])}, {_rx(a[0])}, {text(a[1])}, 'g')"))


def _replace_strings(c, a):
    # lookups take priority in list order (see udfs.replace_strings); a non-string
    # replacement keeps the lookup's text
    def strings(x, keep_non_strings):
        return (f"list_transform({lst(x)}, lambda e: CASE WHEN json_type(e) = 'VARCHAR' "
                f"THEN e->>'$' ELSE {'kql_dyn_text(e)' if keep_non_strings else 'NULL'} END)")
    return nn_text(f"kql_replace_strings_py({text(a[0])}, {strings(a[1], True)}, {strings(a[2], False)})")


define("replace_strings", 3, 3, S, _replace_strings)

define("trim", 2, 2, S, lambda c, a: nn_text(f"kql_trim({_rx(a[0])}, {text(a[1])})"))
define("trim_start", 2, 2, S, lambda c, a: nn_text(f"kql_trim_start({_rx(a[0])}, {text(a[1])})"))
define("trim_end", 2, 2, S, lambda c, a: nn_text(f"kql_trim_end({_rx(a[0])}, {text(a[1])})"))


def _countof(c, a):
    s, sub = text(a[0]), text(a[1])
    kind = const_str(a[2]) if len(a) > 2 else "normal"
    if kind == "regex":
        return f"len(regexp_extract_all({s}, {sub}, 0))::BIGINT"
    if kind not in ("normal", None):
        c.error(f"countof kind must be 'normal' or 'regex', not '{kind}'")
    return f"kql_countof({s}, {sub})"


define("countof", 2, 3, T.LONG, _countof)


def _indexof(c, a):
    s, sub = text(a[0]), text(a[1])
    if len(a) == 2:
        return f"(strpos({s}, {sub}) - 1)::BIGINT"
    st = long_(a[2])
    ln = long_(a[3]) if len(a) > 3 else "-1::BIGINT"
    occ = long_(a[4]) if len(a) > 4 else "1::BIGINT"
    return f"kql_indexof_py({s}, {sub}, {st}, {ln}, {occ})"


define("indexof", 2, 5, T.LONG, _indexof)


def _indexof_regex(c, a):
    s, rx = text(a[0]), _rx(a[1])
    if len(a) > 2:
        st = long_(a[2])
        rest = f"kql_substring2({s}, {st})"
        return (f"CASE WHEN {st} < 0 THEN NULL WHEN regexp_matches({rest}, {rx}) THEN "
                f"(strpos({rest}, regexp_extract({rest}, {rx}, 0)) - 1 + {st})::BIGINT ELSE -1 END")
    return (f"CASE WHEN regexp_matches({s}, {rx}) THEN "
            f"(strpos({s}, regexp_extract({s}, {rx}, 0)) - 1)::BIGINT ELSE -1::BIGINT END")


define("indexof_regex", 2, 5, T.LONG, _indexof_regex)


# ------------------------------------------------------------------ regex extraction
def count_groups(pattern: str) -> tuple[int, dict]:
    """Capture groups of an RE2 pattern: (count, {name: index})."""
    n, names, i, in_class = 0, {}, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":
                i += 1
        elif ch == "(":
            if pattern[i + 1:i + 2] != "?":
                n += 1
            else:
                m = re.match(r"\?P?<([A-Za-z_][A-Za-z0-9_]*)>", pattern[i + 1:])
                if m:
                    n += 1
                    names[m.group(1)] = n
        i += 1
    return n, names


def _extract_type(a) -> str:
    return (type_arg(a[3]) if len(a) > 3 else None) or S


def _extract(c, a):
    rx, s = _rx(a[0]), text(a[2])
    g = const_int(a[1])
    g_sql = str(g) if g is not None else long_(a[1])
    t = _extract_type(a)
    if g is not None and const_str(a[0]) is not None:
        ngroups, _ = count_groups(const_str(a[0]))
        if g > ngroups or g < 0:
            c.error(f"extract(): group {g} does not exist in the regular expression")
    ext = f"regexp_extract({s}, {rx}, {g_sql})"
    if t == S:
        return nn_text(ext)
    val = f"CASE WHEN regexp_matches({s}, {rx}) THEN nullif({ext}, '') END"
    return C.convert(val, S, t)


define("extract", 3, 4, lambda args: _extract_type(args), _extract)


def _extract_all(c, a):
    rx = const_str(a[0])
    s = text(a[-1])
    if rx is None:
        return (f"nullif(to_json(regexp_extract_all({s}, {_rx(a[0])}, "
                f"CASE WHEN regexp_matches({_rx(a[0])}, '\\((?:[^?]|\\?P?<)') THEN 1 ELSE 0 END)), '[]'::JSON)")
    ngroups, names = count_groups(rx)
    if len(a) == 3:
        if not (a[1].is_constant and isinstance(a[1].value, list)):
            c.error("extract_all(): the groups argument must be a constant array")
        groups = []
        for g in a[1].value:
            if isinstance(g, str):
                if g not in names:
                    c.error(f"extract_all(): no group named '{g}'")
                groups.append(names[g])
            else:
                groups.append(int(g))
    else:
        groups = list(range(1, ngroups + 1)) or [0]
    for g in groups:
        if g < 0 or g > ngroups:
            c.error(f"extract_all(): group {g} does not exist in the regular expression")
    lit = str_lit(rx)
    if len(groups) == 1:
        return f"nullif(to_json(regexp_extract_all({s}, {lit}, {groups[0]})), '[]'::JSON)"
    lists = [f"regexp_extract_all({s}, {lit}, {g})" for g in groups]
    rows = "[" + ", ".join(f"{l}[i]" for l in lists) + "]"
    return (f"CASE WHEN len({lists[0]}) = 0 THEN NULL::JSON ELSE to_json("
            f"list_transform(range(1, len({lists[0]}) + 1), lambda i: {rows})) END")


define("extract_all", 2, 3, T.DYNAMIC, _extract_all)


def _extract_json(c, a):
    t = type_arg(a[2]) if len(a) > 2 else None
    src = a[1]
    if src.type in (T.DYNAMIC, T.UNKNOWN):
        j = f"json_extract({src.sql}, {text(a[0])})"
    else:
        s = text(src)
        j = f"CASE WHEN json_valid({s}) THEN json_extract({s}, {text(a[0])}) END"
    j = f"nullif({j}, 'null'::JSON)"
    if t is None or t == S:
        return nn_text(f"kql_dyn_text({j})")
    return C.convert(j, T.DYNAMIC, t)


define("extract_json", 2, 3, lambda args: (type_arg(args[2]) if len(args) > 2 else None) or S,
       _extract_json, "extractjson")


def _has_any_index(c, a):
    s = text(a[0])
    return (f"coalesce(list_position(list_transform({lst(a[1])}, "
            f"lambda t: kql_has({s}, coalesce(kql_dyn_text(t), ''))), true) - 1, -1)::BIGINT")


define("has_any_index", 2, 2, T.LONG, _has_any_index)


def _translate(c, a):
    search, repl, s = a
    sv, rv = const_str(search), const_str(repl)
    if sv is not None and rv is not None and 0 < len(rv) < len(sv):
        repl_sql = str_lit(rv + rv[-1] * (len(sv) - len(rv)))
    else:
        repl_sql = text(repl)
    return nn_text(f"translate({text(s)}, {text(search)}, {repl_sql})")


define("translate", 3, 3, S, _translate)


# ------------------------------------------------------------------ unicode / encoding
define("unicode_codepoints_from_string", 1, 1, T.DYNAMIC,
       lambda c, a: f"CASE WHEN {text(a[0])} = '' THEN '[]'::JSON ELSE "
                    f"to_json(list_transform(string_split({text(a[0])}, ''), lambda ch: unicode(ch)::BIGINT)) END")


def _codepoints_to_string(c, a):
    parts = []
    for x in a:
        if x.type in (T.DYNAMIC, T.UNKNOWN):
            parts.append(f"coalesce(list_transform(kql_arr({x.sql}), lambda e: TRY_CAST(kql_dyn_text(e) AS BIGINT)), [])")
        else:
            parts.append(f"[{long_(x)}]")
    lists = parts[0] if len(parts) == 1 else "flatten([" + ", ".join(parts) + "])"
    return nn_text(f"array_to_string(list_transform({lists}, lambda cp: chr(cp::INTEGER)), '')")


define("unicode_codepoints_to_string", 1, None, S, _codepoints_to_string, "make_string")
define("to_utf8", 1, 1, T.DYNAMIC,
       lambda c, a: f"to_json(list_transform(range(octet_length(encode({text(a[0])}))), "
                    f"lambda i: ('0x' || substr(hex(encode({text(a[0])})), 2 * i + 1, 2))::INTEGER))")
define("punycode_from_string", 1, 1, S, lambda c, a: nn_text(f"kql_punycode_from_py({text(a[0])})"))
define("punycode_to_string", 1, 1, S, lambda c, a: nn_text(f"kql_punycode_to_py({text(a[0])})"))
define("punycode_domain_from_string", 1, 1, S,
       lambda c, a: nn_text(f"kql_punycode_domain_from_py({text(a[0])})"))
define("punycode_domain_to_string", 1, 1, S,
       lambda c, a: nn_text(f"kql_punycode_domain_to_py({text(a[0])})"))

# ------------------------------------------------------------------ parsers (Python UDFs)
define("parse_url", 1, 1, T.DYNAMIC, lambda c, a: f"CAST(kql_parse_url_py({text(a[0])}) AS JSON)")
define("parse_urlquery", 1, 1, T.DYNAMIC,
       lambda c, a: f"json_object('Query Parameters', json_extract(CAST(kql_parse_url_py("
                    f"'http://x/?' || regexp_replace({text(a[0])}, '^\\?', '')) AS JSON), '$.\"Query Parameters\"'))")
define("parse_path", 1, 1, T.DYNAMIC, lambda c, a: f"CAST(kql_parse_path_py({text(a[0])}) AS JSON)")
define("parse_command_line", 2, 2, T.DYNAMIC,
       lambda c, a: f"CAST(kql_parse_command_line_py({text(a[0])}, {text(a[1])}) AS JSON)")
define("parse_csv", 1, 1, T.DYNAMIC, lambda c, a: f"CAST(kql_parse_csv_py({text(a[0])}) AS JSON)")
define("parse_xml", 1, 1, T.DYNAMIC, lambda c, a: f"CAST(kql_parse_xml_py({text(a[0])}) AS JSON)")
define("parse_user_agent", 2, 2, T.DYNAMIC,
       lambda c, a: f"CAST(kql_parse_user_agent_py({text(a[0])}, {text(a[1])}) AS JSON)")
define("parse_version", 1, 1, T.DECIMAL,
       lambda c, a: f"CAST(kql_parse_version_py({text(a[0])}) AS DECIMAL(38,18))")
