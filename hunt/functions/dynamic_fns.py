"""dynamic (JSON) functions: arrays, property bags, sets (semantics §4.5, notes §8).

Arrays are handled as DuckDB lists of JSON values (`kql_arr`) and turned back with
`to_json`. Element comparisons use `kql_jkey` so 1 and 1.0, or "a" written two ways, are
the same KQL value."""
from __future__ import annotations

import json

from hunt import types as T
from hunt.functions import convert as C
from hunt.functions.common import binder_only, const_int, const_str, define, dyn, long_, lst, str_lit, text
from hunt.sqlgen import dialect

DY = T.DYNAMIC


def _arr(a) -> str:
    return lst(a)


def _all_arrays(args) -> str:
    return " AND ".join(f"json_type({dyn(x)}) = 'ARRAY'" for x in args)


define("array_length", 1, 1, T.LONG,
       lambda c, a: f"(CASE WHEN json_type({dyn(a[0])}) = 'ARRAY' THEN json_array_length({dyn(a[0])}) END)::BIGINT")
define("bag_keys", 1, 1, DY,
       lambda c, a: f"CASE WHEN json_type({dyn(a[0])}) = 'OBJECT' THEN to_json(json_keys({dyn(a[0])})) END")


def _pack_array(c, a):
    if not a:
        return "'[]'::JSON"
    return "to_json([" + ", ".join(f"coalesce({dyn(x)}, 'null'::JSON)" for x in a) + "])"


define("pack_array", 0, None, DY, _pack_array)


def _bag_pack(c, a):
    if len(a) % 2:
        c.error("bag_pack() needs key/value pairs")
    if not a:
        return "'{}'::JSON"
    parts = [f"{text(a[i])}, {dyn(a[i + 1])}" for i in range(0, len(a), 2)]
    return "json_object(" + ", ".join(parts) + ")"


define("bag_pack", 0, None, DY, _bag_pack, "pack", "pack_dictionary")


def _arg_column_name(a):
    if a.name:
        return a.name
    node = a.node
    for attr in ("col", "column"):
        col = getattr(node, attr, None)
        if col is not None and getattr(col, "name", None):
            return col.name
    return getattr(node, "name", None)


def _bag_pack_columns(c, a):
    parts = []
    for x in a:
        name = _arg_column_name(x)
        if not name:
            c.error("bag_pack_columns() accepts only columns")
        parts.append(f"{str_lit(name)}, {dyn(x)}")
    return "json_object(" + ", ".join(parts) + ")"


define("bag_pack_columns", 1, None, DY, _bag_pack_columns)


def pack_all_sql(columns, ignore_null_empty: bool = False) -> str:
    """SQL of pack_all() over (kql_name, sql, ktype) columns (the binder supplies them)."""
    if not columns:
        return "'{}'::JSON"
    parts = []
    for name, sql, ktype in columns:
        parts.append(f"{str_lit(name)}, {C.to_dynamic(sql, ktype)}")
    obj = "json_object(" + ", ".join(parts) + ")"
    if not ignore_null_empty:
        return obj
    return (f"coalesce(to_json(map_from_entries(list_filter(list_transform(json_keys({obj}), "
            f"lambda k: {{'k': k, 'v': json_extract({obj}, '$.\"' || replace(k, '\"', '\\\"') || '\"')}}), "
            f"lambda p: json_type(p.v) <> 'NULL' AND NOT (json_type(p.v) = 'VARCHAR' AND p.v->>'$' = '')))), "
            f"'{{}}'::JSON)")


def _zip(c, a):
    lists = [_arr(x) for x in a]
    n = "greatest(" + ", ".join(f"len({l})" for l in lists) + ")" if len(lists) > 1 else f"len({lists[0]})"
    row = "[" + ", ".join(f"coalesce({l}[i], 'null'::JSON)" for l in lists) + "]"
    return (f"CASE WHEN {_all_arrays(a)} THEN to_json(list_transform(range(1, {n} + 1), "
            f"lambda i: to_json({row}))) END")


define("zip", 1, 16, DY, _zip)


# ------------------------------------------------------------------ sets
def _keys(l: str) -> str:
    return f"list_transform({l}, lambda e: kql_jkey(e))"


def _distinct(l: str) -> str:
    """First-seen distinct of a JSON list (by KQL value)."""
    return f"list_filter({l}, lambda e, i: list_position({_keys(l)}, kql_jkey(e)) = i)"


def _set_union(c, a):
    cat = f"flatten([{', '.join(_arr(x) for x in a)}])"
    return f"CASE WHEN {_all_arrays(a)} THEN to_json({_distinct(cat)}) END"


define("set_union", 1, 64, DY, _set_union)


def _set_intersect(c, a):
    first = _distinct(_arr(a[0]))
    conds = " AND ".join(f"list_contains({_keys(_arr(x))}, kql_jkey(e))" for x in a[1:]) or "true"
    return f"CASE WHEN {_all_arrays(a)} THEN to_json(list_filter({first}, lambda e: {conds})) END"


define("set_intersect", 1, 64, DY, _set_intersect)


def _set_difference(c, a):
    first = _distinct(_arr(a[0]))
    conds = " AND ".join(f"NOT list_contains({_keys(_arr(x))}, kql_jkey(e))" for x in a[1:]) or "true"
    return f"CASE WHEN {_all_arrays(a)} THEN to_json(list_filter({first}, lambda e: {conds})) END"


define("set_difference", 1, 64, DY, _set_difference)
define("set_has_element", 2, 2, T.BOOL,
       lambda c, a: f"list_contains({_keys(_arr(a[0]))}, kql_jkey({dyn(a[1])}))")


def _array_index_of(c, a):
    keys = _keys(_arr(a[0]))
    if len(a) == 2:
        return f"(CASE WHEN json_type({dyn(a[0])}) = 'ARRAY' THEN coalesce(list_position({keys}, kql_jkey({dyn(a[1])})), 0) - 1 END)::BIGINT"
    st = long_(a[2])
    ln = long_(a[3]) if len(a) > 3 else "-1"
    occ = long_(a[4]) if len(a) > 4 else "1"
    strs = f"list_transform({keys}, lambda k: coalesce(k, chr(1)))"
    # reuse the string indexof over a sequence of one-character tokens: element keys are
    # matched whole, so map each to its position in the key list
    return (f"(CASE WHEN json_type({dyn(a[0])}) = 'ARRAY' THEN "
            f"coalesce(list_filter(range(CASE WHEN {st} < 0 THEN len({strs}) + {st} ELSE {st} END, "
            f"CASE WHEN {ln} < 0 THEN len({strs}) ELSE least(len({strs}), "
            f"(CASE WHEN {st} < 0 THEN len({strs}) + {st} ELSE {st} END) + {ln}) END), "
            f"lambda j: {strs}[j + 1] = kql_jkey({dyn(a[1])}))[{occ}], -1) END)::BIGINT")


define("array_index_of", 2, 5, T.LONG, _array_index_of)


def _jaccard(c, a):
    # on the distinct value keys of each side (order does not matter here): linear in the
    # arrays' sizes, each argument's SQL written twice only
    k1 = f"list_distinct({_keys(_arr(a[0]))})"
    k2 = f"list_distinct({_keys(_arr(a[1]))})"
    body = (f"(SELECT CASE WHEN len(list_distinct(list_concat(j.k1, j.k2))) = 0 THEN 0.0 ELSE "
            f"len(list_intersect(j.k1, j.k2)) / len(list_distinct(list_concat(j.k1, j.k2))) END "
            f"FROM (SELECT {k1} AS k1, {k2} AS k2) AS j)")
    return f"CASE WHEN {_all_arrays(a)} THEN {body} END"


define("jaccard_index", 2, 2, T.REAL, _jaccard)


# ------------------------------------------------------------------ array manipulation
def _array_concat(c, a):
    return f"CASE WHEN {_all_arrays(a)} THEN to_json(flatten([{', '.join(_arr(x) for x in a)}])) END"


define("array_concat", 1, 64, DY, _array_concat)


def _array_slice(c, a):
    l = _arr(a[0])
    s, e = long_(a[1]), long_(a[2])
    b = f"(CASE WHEN {s} < 0 THEN greatest(len({l}) + {s}, 0) ELSE {s} END)"
    f = f"(CASE WHEN {e} < 0 THEN len({l}) + {e} ELSE least({e}, len({l}) - 1) END)"
    return (f"CASE WHEN {l} IS NULL THEN NULL WHEN {b} > {f} THEN '[]'::JSON "
            f"ELSE to_json(list_slice({l}, {b} + 1, {f} + 1)) END")


define("array_slice", 3, 3, DY, _array_slice)
define("array_reverse", 1, 1, DY,
       lambda c, a: f"CASE WHEN json_type({dyn(a[0])}) = 'ARRAY' THEN to_json(list_reverse({_arr(a[0])})) END")
define("array_sum", 1, 1, T.REAL,
       lambda c, a: f"list_sum(list_transform({_arr(a[0])}, lambda e: TRY_CAST(kql_dyn_text(e) AS DOUBLE)))")


def _sort(desc):
    def tr(c, a):
        if len(a) > 1 and a[1].type in (T.DYNAMIC, T.UNKNOWN):
            c.unsupported("array_sort with several arrays")
        l = _arr(a[0])
        nulls_last = True
        if len(a) > 1:
            if a[-1].is_constant and isinstance(a[-1].value, bool):
                nulls_last = a[-1].value
        key = (f"list_transform({l}, lambda e: CASE WHEN e IS NULL OR json_type(e) = 'NULL' THEN NULL ELSE "
               f"{{'n': CASE WHEN json_type(e) IN ('DOUBLE', 'BIGINT', 'UBIGINT') THEN CAST(e AS DOUBLE) END, "
               f"'s': kql_dyn_text(e), 'v': e}} END)")
        order = "'DESC'" if desc else "'ASC'"
        nulls = "'NULLS LAST'" if nulls_last else "'NULLS FIRST'"
        return (f"CASE WHEN {l} IS NOT NULL THEN to_json(list_transform(list_sort({key}, {order}, {nulls}), "
                f"lambda k: coalesce(k.v, 'null'::JSON))) END")
    return tr


define("array_sort_asc", 1, 2, DY, _sort(False))
define("array_sort_desc", 1, 2, DY, _sort(True))


def _array_iff(c, a):
    cond = _arr(a[0])

    def pick(x):
        if x.type in (T.DYNAMIC, T.UNKNOWN):
            return f"coalesce(CASE WHEN json_type({x.sql}) = 'ARRAY' THEN kql_arr({x.sql})[i] ELSE {x.sql} END, 'null'::JSON)"
        return f"coalesce({dyn(x)}, 'null'::JSON)"
    truth = ("(CASE json_type(e) WHEN 'BOOLEAN' THEN e::VARCHAR = 'true' "
             "WHEN 'VARCHAR' THEN NULL ELSE TRY_CAST(e AS DOUBLE) <> 0 END)")
    return (f"CASE WHEN {cond} IS NOT NULL THEN to_json(list_transform({cond}, lambda e, i: "
            f"CASE WHEN {truth} THEN {pick(a[1])} WHEN NOT {truth} THEN {pick(a[2])} ELSE 'null'::JSON END)) END")


define("array_iff", 3, 3, DY, _array_iff, "array_iif")


def _rotate(left):
    def tr(c, a):
        l = _arr(a[0])
        n = long_(a[1])
        shift = f"({n})" if left else f"(-({n}))"
        k = f"kql_mod({shift}, greatest(len({l}), 1))"
        return (f"CASE WHEN {l} IS NOT NULL THEN to_json(list_concat(list_slice({l}, {k} + 1, len({l})), "
                f"list_slice({l}, 1, {k}))) END")
    return tr


define("array_rotate_left", 2, 2, DY, _rotate(True))
define("array_rotate_right", 2, 2, DY, _rotate(False))


def _shift(left):
    def tr(c, a):
        l = _arr(a[0])
        n = long_(a[1])
        fill = f"coalesce({dyn(a[2])}, 'null'::JSON)" if len(a) > 2 else "'null'::JSON"
        sh = f"({n})" if left else f"(-({n}))"
        return (f"CASE WHEN {l} IS NOT NULL THEN to_json(list_transform(range(1, len({l}) + 1), "
                f"lambda i: CASE WHEN i + {sh} BETWEEN 1 AND len({l}) THEN coalesce({l}[i + {sh}], 'null'::JSON) "
                f"ELSE {fill} END)) END")
    return tr


define("array_shift_left", 2, 3, DY, _shift(True))
define("array_shift_right", 2, 3, DY, _shift(False))


def _array_split(c, a):
    l = _arr(a[0])
    if a[1].type in (T.DYNAMIC, T.UNKNOWN):
        idx = f"list_transform({_arr(a[1])}, lambda e: TRY_CAST(kql_dyn_text(e) AS BIGINT))"
    else:
        idx = f"[{long_(a[1])}]"
    # bounds: 0, each index (negatives from the end, clamped), len
    b = (f"list_concat([0], list_transform({idx}, lambda x: least(greatest(CASE WHEN x < 0 THEN len({l}) + x "
         f"ELSE x END, 0), len({l}))), [len({l})])")
    return (f"CASE WHEN {l} IS NOT NULL THEN to_json(list_transform(range(1, len({b})), "
            f"lambda i: to_json(list_slice({l}, {b}[i] + 1, {b}[i + 1])))) END")


define("array_split", 2, 2, DY, _array_split)
define("repeat", 2, 2, DY,
       lambda c, a: f"CASE WHEN {long_(a[1])} >= 0 THEN to_json(list_transform(range({long_(a[1])}), "
                    f"lambda i: coalesce({dyn(a[0])}, 'null'::JSON))) END")


# ------------------------------------------------------------------ bags
def _bag_merge(c, a):
    out = dyn(a[-1])
    for x in reversed(a[:-1]):
        out = f"json_merge_patch({out}, {dyn(x)})"
    bags = " AND ".join(f"json_type({dyn(x)}) = 'OBJECT'" for x in a)
    return f"CASE WHEN {bags} THEN {out} END"


define("bag_merge", 1, 64, DY, _bag_merge)


def _path_parts(key: str) -> list:
    """'$.a.b' / "$['a']" / plain key → list of keys."""
    if not key.startswith("$"):
        return [key]
    parts = []
    import re
    for m in re.finditer(r"\.([^.\[\]]+)|\[['\"]([^'\"]*)['\"]\]|\[(\d+)\]", key[1:]):
        parts.append(m.group(1) or m.group(2) or m.group(3))
    return parts


def _nest(parts, leaf):
    out = leaf
    for p in reversed(parts):
        out = {p: out}
    return out


def _jsonpath(parts) -> str:
    return "$" + "".join('."' + p.replace('"', '\\"') + '"' for p in parts)


def _bag_remove_keys(c, a):
    bag = dyn(a[0])
    if a[1].is_constant and isinstance(a[1].value, list):
        out = bag
        for k in a[1].value:
            if isinstance(k, str):
                patch = json.dumps(_nest(_path_parts(k), None))
                out = f"json_merge_patch({out}, {str_lit(patch)}::JSON)"
        return f"CASE WHEN json_type({bag}) = 'OBJECT' THEN {out} END"
    keys = f"list_transform({_arr(a[1])}, lambda e: kql_dyn_text(e))"
    return (f"CASE WHEN json_type({bag}) = 'OBJECT' THEN coalesce(to_json(map_from_entries(list_filter("
            f"list_transform(json_keys({bag}), lambda k: {{'k': k, 'v': json_extract({bag}, '$.\"' || k || '\"')}}), "
            f"lambda p: NOT list_contains({keys}, p.k)))), '{{}}'::JSON) END")


define("bag_remove_keys", 2, 2, DY, _bag_remove_keys)


def _bag_has_key(c, a):
    bag = dyn(a[0])
    k = const_str(a[1])
    if k is not None:
        path = _jsonpath(_path_parts(k))
        return f"coalesce(json_type({bag}) = 'OBJECT' AND json_exists({bag}, {str_lit(path)}), false)"
    return f"coalesce(list_contains(json_keys({bag}), {text(a[1])}), false)"


define("bag_has_key", 2, 2, T.BOOL, _bag_has_key)


def _bag_set_key(c, a):
    bag = dyn(a[0])
    k = const_str(a[1])
    v = f"coalesce({dyn(a[2])}, 'null'::JSON)"
    if k is not None:
        parts = _path_parts(k)
        patch = "json_object(" + str_lit(parts[-1]) + ", " + v + ")"
        for p in reversed(parts[:-1]):
            patch = f"json_object({str_lit(p)}, {patch})"
    else:
        patch = f"json_object({text(a[1])}, {v})"
    return f"CASE WHEN json_type({bag}) = 'OBJECT' THEN json_merge_patch({bag}, {patch}) END"


define("bag_set_key", 3, 3, DY, _bag_set_key)


def _bag_zip(c, a):
    k, v = _arr(a[0]), _arr(a[1])
    vals = f"coalesce({v}, [])"
    return (f"CASE WHEN {k} IS NOT NULL THEN coalesce(to_json(map_from_entries(list_transform("
            f"list_filter(range(1, len({k}) + 1), lambda i: json_type({k}[i]) = 'VARCHAR'), "
            f"lambda i: {{'k': {k}[i]->>'$', 'v': coalesce({vals}[i], 'null'::JSON)}}))), '{{}}'::JSON) END")


define("bag_zip", 2, 2, DY, _bag_zip)
define("treepath", 1, 1, DY,
       lambda c, a: f"(SELECT to_json(list(DISTINCT regexp_replace(regexp_replace(fullkey, "
                    f"'\\.([^.\\[]+)', '[''\\1'']', 'g'), '\\[[0-9]+\\]', '[0]', 'g'))) "
                    f"FROM json_tree({dyn(a[0])}) WHERE fullkey <> '$')")


# pack_all() needs the row's columns: the binder expands it (see pack_all_sql)
define("pack_all", 0, 1, DY, binder_only)
