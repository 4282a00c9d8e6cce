"""IPv4 / IPv6 functions (semantics §4.7 Network, notes §14). IPv4 is pure SQL (macros);
IPv6 uses Python UDFs over the `ipaddress` module. No DuckDB extension is ever loaded."""
from __future__ import annotations

import ipaddress
import re

from hunt import types as T
from hunt.functions.common import const_str, define, dyn, long_, str_lit, text

B, L, S = T.BOOL, T.LONG, T.STRING


def _ranges(args) -> str:
    """A list of range strings from variadic arguments and/or dynamic arrays."""
    parts = []
    for x in args:
        if x.type in (T.DYNAMIC, T.UNKNOWN):
            parts.append(f"coalesce(list_transform(kql_arr({x.sql}), lambda e: kql_dyn_text(e)), [])")
        else:
            parts.append(f"[{text(x)}]")
    return parts[0] if len(parts) == 1 else "flatten([" + ", ".join(parts) + "])"


define("parse_ipv4", 1, 1, L, lambda c, a: f"kql_parse_ipv4({text(a[0])})")
define("parse_ipv4_mask", 2, 2, L,
       lambda c, a: f"kql_ipv4_masked(kql_ipv4_base({text(a[0])}), "
                    f"least(kql_ipv4_prefix({text(a[0])}), {long_(a[1])}))")
define("ipv4_is_private", 1, 1, B, lambda c, a: f"kql_ipv4_is_private({text(a[0])})")
define("ipv4_is_in_range", 2, 2, B, lambda c, a: f"kql_ipv4_is_in_range({text(a[0])}, {text(a[1])})")
define("ipv4_is_in_any_range", 2, None, B,
       lambda c, a: f"CASE WHEN kql_ipv4_base({text(a[0])}) IS NULL THEN NULL ELSE coalesce(list_bool_or("
                    f"list_transform({_ranges(a[1:])}, lambda r: coalesce(kql_ipv4_is_in_range({text(a[0])}, r), false))), false) END")


def _compare(c, a):
    p = long_(a[2]) if len(a) > 2 else "NULL::BIGINT"
    return f"kql_ipv4_compare({text(a[0])}, {text(a[1])}, {p})"


define("ipv4_compare", 2, 3, L, _compare)
define("ipv4_is_match", 2, 3, B, lambda c, a: f"({_compare(c, a)} = 0)")


def _ipv4_value(x) -> str:
    """(value, prefix) SQL of an address given as text or as a long."""
    if x.type in T.INTEGRAL:
        return f"CAST({x.sql} AS BIGINT)", "32"
    return f"kql_ipv4_base({text(x)})", f"kql_ipv4_prefix({text(x)})"


def _format_ipv4(c, a):
    v, p = _ipv4_value(a[0])
    if len(a) > 1:
        p = f"CASE WHEN {long_(a[1])} BETWEEN 0 AND 32 THEN least({p}, {long_(a[1])}) END"
    return f"coalesce(kql_format_ipv4(kql_ipv4_masked({v}, {p})), '')"


def _format_ipv4_mask(c, a):
    v, p = _ipv4_value(a[0])
    if len(a) > 1:
        p = f"CASE WHEN {long_(a[1])} BETWEEN 0 AND 32 THEN least({p}, {long_(a[1])}) END"
    return (f"coalesce(kql_format_ipv4(kql_ipv4_masked({v}, {p})) || '/' || CAST({p} AS VARCHAR), '')")


define("format_ipv4", 1, 2, S, _format_ipv4)
define("format_ipv4_mask", 1, 2, S, _format_ipv4_mask)
define("ipv4_netmask_suffix", 1, 1, L,
       lambda c, a: f"CASE WHEN kql_ipv4_base({text(a[0])}) IS NOT NULL THEN "
                    f"CAST(kql_ipv4_prefix({text(a[0])}) AS BIGINT) END")

# ------------------------------------------------------------------ IPv6 (Python UDFs)
define("parse_ipv6", 1, 1, S,
       lambda c, a: f"coalesce(kql_parse_ipv6_mask_py({text(a[0])}, NULL::BIGINT), '')")
define("parse_ipv6_mask", 2, 2, S,
       lambda c, a: f"coalesce(kql_parse_ipv6_mask_py({text(a[0])}, {long_(a[1])}), '')")


def _v6_compare(c, a):
    p = long_(a[2]) if len(a) > 2 else "NULL::BIGINT"
    return f"kql_ipv6_compare_py({text(a[0])}, {text(a[1])}, {p})"


define("ipv6_compare", 2, 3, L, _v6_compare)
define("ipv6_is_match", 2, 3, B, lambda c, a: f"({_v6_compare(c, a)} = 0)")
define("ipv6_is_in_range", 2, 2, B,
       lambda c, a: f"kql_ipv6_is_in_range_py({text(a[0])}, {text(a[1])})")
define("ipv6_is_in_any_range", 2, None, B,
       lambda c, a: f"kql_ipv6_is_in_any_range_py({text(a[0])}, {_ranges(a[1:])})")


# ------------------------------------------------------------------ IPv4 addresses in text
def ipv4_tokens(s: str) -> str:
    """SQL list of the valid IPv4 addresses written in text as whole tokens (a maximal run of
    letters, digits and dots, trailing dots dropped)."""
    return (f"list_filter(list_transform(regexp_extract_all({s}, '[0-9A-Za-z.]+'), "
            f"lambda t: trim(t, '.')), lambda t: regexp_full_match(t, "
            f"'[0-9]{{1,3}}\\.[0-9]{{1,3}}\\.[0-9]{{1,3}}\\.[0-9]{{1,3}}') AND kql_ipv4_base(t) IS NOT NULL)")


def _valid_ipv4(s: str) -> bool:
    try:
        ipaddress.IPv4Address(s)
        return True
    except ValueError:
        return False


def _valid_prefix(p: str) -> bool:
    if _valid_ipv4(p):
        return True
    return bool(re.fullmatch(r"([0-9]{1,3}\.){1,3}", p)) and all(
        int(o) <= 255 for o in p.rstrip(".").split("."))


def _has_ipv4(c, a):
    s = text(a[0])
    ip = const_str(a[1])
    if ip is not None:
        if not _valid_ipv4(ip):
            return "false"
        return f"(contains({s}, {str_lit(ip)}) AND list_contains({ipv4_tokens(s)}, {str_lit(ip)}))"
    return f"coalesce(list_contains({ipv4_tokens(s)}, {text(a[1])}), false)"


def _has_ipv4_prefix(c, a):
    s = text(a[0])
    p = const_str(a[1])
    if p is not None:
        if not _valid_prefix(p):
            return "false"
        return (f"(contains({s}, {str_lit(p)}) AND coalesce(list_bool_or(list_transform({ipv4_tokens(s)}, "
                f"lambda t: starts_with(t, {str_lit(p)}))), false))")
    return (f"coalesce(list_bool_or(list_transform({ipv4_tokens(s)}, "
            f"lambda t: starts_with(t, {text(a[1])}))), false)")


def _const_list(args):
    out = []
    for x in args:
        if not x.is_constant:
            return None
        if isinstance(x.value, list):
            out.extend(str(v) for v in x.value)
        elif isinstance(x.value, str):
            out.append(x.value)
        else:
            return None
    return out


def _has_any_ipv4(c, a):
    s = text(a[0])
    ips = _const_list(a[1:])
    if ips is not None:
        ips = [i for i in ips if _valid_ipv4(i)]
        if not ips:
            return "false"
        lits = "[" + ", ".join(str_lit(i) for i in ips) + "]"
        return f"coalesce(list_has_any({ipv4_tokens(s)}, {lits}), false)"
    return f"coalesce(list_has_any({ipv4_tokens(s)}, {_ranges(a[1:])}), false)"


def _has_any_ipv4_prefix(c, a):
    s = text(a[0])
    ps = _const_list(a[1:])
    if ps is not None:
        ps = [p for p in ps if _valid_prefix(p)]
        if not ps:
            return "false"
        lits = "[" + ", ".join(str_lit(p) for p in ps) + "]"
    else:
        lits = _ranges(a[1:])
    return (f"coalesce(list_bool_or(list_transform({ipv4_tokens(s)}, lambda t: "
            f"list_bool_or(list_transform({lits}, lambda p: starts_with(t, p))))), false)")


define("has_ipv4", 2, 2, B, _has_ipv4)
define("has_ipv4_prefix", 2, 2, B, _has_ipv4_prefix)
define("has_any_ipv4", 2, None, B, _has_any_ipv4)
define("has_any_ipv4_prefix", 2, None, B, _has_any_ipv4_prefix)
