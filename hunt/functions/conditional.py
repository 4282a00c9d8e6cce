"""Conditionals and null tests: iff/iif, case, coalesce, isempty, isnull, not, max_of, ...

Branch values of different types are unified: a common numeric type, or dynamic."""
from __future__ import annotations

from hunt import types as T
from hunt.functions import convert as C
from hunt.functions.common import binder_only, define, text


def unify(types: list) -> str:
    ts = [t for t in types if t != T.UNKNOWN]
    if not ts:
        return T.UNKNOWN
    first = ts[0]
    if all(t == first for t in ts):
        return first
    if all(t in T.NUMERIC for t in ts):
        out = ts[0]
        for t in ts[1:]:
            out = T.promote(out, t)
        return out
    typed = [t for t in ts if t != T.DYNAMIC]
    if typed and all(t == typed[0] for t in typed):
        # dynamic branches take the other branches' type (Kusto's analyzer: iff(c, d.x, "")
        # is a string)
        return typed[0]
    return T.DYNAMIC if T.DYNAMIC in ts else first


def _values_as(args, t):
    return [C.convert(a.sql, a.type, t) if a.type not in (t, T.UNKNOWN) or t == T.DYNAMIC
            else a.sql for a in args]


def _bool(a) -> str:
    return a.sql if a.type == T.BOOL else C.to_bool(a.sql, a.type)


def _iff(c, a):
    t = unify([a[1].type, a[2].type])
    x, y = _values_as(a[1:], t) if t != T.UNKNOWN else (a[1].sql, a[2].sql)
    return f"(CASE WHEN {_bool(a[0])} THEN {x} ELSE {y} END)"


define("iff", 3, 3, lambda args: unify([args[1].type, args[2].type]), _iff, "iif")


def _case(c, a):
    if len(a) % 2 == 0:
        c.error("case() needs predicate/value pairs and a final else value")
    vals = a[1::2] + [a[-1]]
    t = unify([v.type for v in vals])
    parts = []
    for i in range(0, len(a) - 1, 2):
        v = _values_as([a[i + 1]], t)[0] if t != T.UNKNOWN else a[i + 1].sql
        parts.append(f"WHEN {_bool(a[i])} THEN {v}")
    last = _values_as([a[-1]], t)[0] if t != T.UNKNOWN else a[-1].sql
    return f"(CASE {' '.join(parts)} ELSE {last} END)"


define("case", 3, None, lambda args: unify([v.type for v in args[1::2] + [args[-1]]]), _case)


def _coalesce(c, a):
    t = unify([x.type for x in a])
    vals = _values_as(a, t) if t != T.UNKNOWN else [x.sql for x in a]
    if t == T.STRING:
        return "coalesce(" + ", ".join(f"nullif({v}, '')" for v in vals) + ", '')"
    return "coalesce(" + ", ".join(vals) + ")"


define("coalesce", 1, 64, lambda args: unify([x.type for x in args]), _coalesce)


def _isempty(a) -> str:
    x = a[0]
    if x.type == T.STRING:
        return f"({x.sql} = '')"
    if x.type in (T.DYNAMIC, T.UNKNOWN):
        return f"coalesce(json_type({x.sql}) = 'NULL' OR ({x.sql})->>'$' = '' AND json_type({x.sql}) = 'VARCHAR', true)"
    return f"({x.sql} IS NULL)"


define("isempty", 1, 1, T.BOOL, lambda c, a: _isempty(a))
define("isnotempty", 1, 1, T.BOOL, lambda c, a: f"(NOT {_isempty(a)})", "notempty")


def _isnull(a) -> str:
    x = a[0]
    if x.type == T.STRING:
        return "false"
    if x.type in (T.DYNAMIC, T.UNKNOWN):
        return f"coalesce(json_type({x.sql}) = 'NULL', true)"
    return f"({x.sql} IS NULL)"


define("isnull", 1, 1, T.BOOL, lambda c, a: _isnull(a))
define("isnotnull", 1, 1, T.BOOL, lambda c, a: f"(NOT {_isnull(a)})", "notnull")
define("not", 1, 1, T.BOOL, lambda c, a: f"(NOT {_bool(a[0])})")


def _extreme(fn):
    def tr(c, a):
        t = unify([x.type for x in a])
        vals = _values_as(a, t) if t != T.UNKNOWN else [x.sql for x in a]
        # greatest/least skip nulls, like max_of/min_of (null only when all are null)
        return f"{fn}(" + ", ".join(vals) + ")"
    return tr


define("max_of", 1, 64, lambda args: unify([x.type for x in args]), _extreme("greatest"))
define("min_of", 1, 64, lambda args: unify([x.type for x in args]), _extreme("least"))


def _assert(c, a):
    if a[0].is_constant and a[0].value is False:
        c.error(f"assert() failed: {a[1].value if a[1].is_constant else ''}")
    return f"(CASE WHEN {_bool(a[0])} THEN true ELSE error({text(a[1])}) END)"


define("assert", 2, 2, T.BOOL, _assert)
define("new_guid", 0, 0, T.GUID, "uuid()")
define("current_principal", 0, 0, T.STRING, "'hunt'")
define("current_principal_details", 0, 0, T.DYNAMIC, "'{}'::JSON")
define("current_cluster_endpoint", 0, 0, T.STRING, "'hunt.local'")
define("current_database", 0, 0, T.STRING, "'hunt'")
# ingestion_time() is the row's Timestamp: the binder expands it (_fn_ingestion_time)
define("ingestion_time", 0, 0, T.DATETIME, binder_only)
define("estimate_data_size", 1, None, T.LONG,
       lambda c, a: "(" + " + ".join(f"octet_length(encode({text(x)}))" for x in a) + ")::BIGINT")
