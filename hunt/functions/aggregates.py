"""Aggregation functions (semantics §5; notes §4). Each translation is one aggregate SQL
expression; `empty` gives KQL's value over an empty input without `by`.

The binder itself expands arg_max/arg_min, take_any(*)/take_any(a, b) and percentiles():
their entries here only carry the type and naming rules."""
from __future__ import annotations

from hunt import types as T
from hunt.functions import convert as C
from hunt.functions.common import boolean, const_int, define, dyn, long_, real

AGG = "aggregate"


def _v(a) -> str:
    """An aggregated value: numeric/datetime/timespan/string kept, dynamic as real."""
    if a.type in (T.DYNAMIC, T.UNKNOWN):
        return C.to_real(a.sql, a.type)
    return a.sql


def _keep_int(args) -> str:
    """min/max keep an int argument's type (sum widens it to long)."""
    return T.INT if args and args[0].type == T.INT else _vt(args)


def _vt(args, i=0) -> str:
    t = args[i].type if len(args) > i else T.UNKNOWN
    if t in (T.DYNAMIC, T.UNKNOWN):
        return T.REAL
    return T.LONG if t == T.INT else t


def _filter(p) -> str:
    return f" FILTER (WHERE {boolean(p)})"


def agg(name, min_args, max_args, returns, sql, *aliases, naming="prefix", prefix=None,
        empty=None, namer=None):
    return define(name, min_args, max_args, returns, sql, *aliases, naming=naming,
                  prefix=prefix, kind=AGG, empty=empty, namer=namer)


def _unsupported_direct(c, a):
    c.unsupported("this aggregate is expanded by the summarize binder")


# ------------------------------------------------------------------ counting
agg("count", 0, 1, T.LONG, lambda c, a: "count(*)", prefix="count")
agg("countif", 1, 1, T.LONG, lambda c, a: f"count(*){_filter(a[0])}", naming="countif_")
agg("dcount", 1, 2, T.LONG, lambda c, a: f"count(DISTINCT {a[0].sql})", prefix="dcount")
agg("dcountif", 2, 3, T.LONG, lambda c, a: f"count(DISTINCT {a[0].sql}){_filter(a[1])}",
    prefix="dcountif")
agg("count_distinct", 1, 1, T.LONG, lambda c, a: f"count(DISTINCT {a[0].sql})",
    prefix="count_distinct")
agg("count_distinctif", 2, 2, T.LONG,
    lambda c, a: f"count(DISTINCT {a[0].sql}){_filter(a[1])}", prefix="count_distinctif")


# ------------------------------------------------------------------ sums, means, extremes
def _sum(a, flt=""):
    x = a[0]
    if x.type in T.INTEGRAL:
        return f"CAST(sum({x.sql}){flt} AS BIGINT)"
    if x.type == T.TIMESPAN:
        return f"to_microseconds(CAST(sum(epoch_us({x.sql})){flt} AS BIGINT))"
    return f"sum({_v(x)}){flt}"


def _sum_empty(args):
    return None


agg("sum", 1, 1, lambda a: _vt(a), lambda c, a: _sum(a), prefix="sum",
    empty="coalesce({0}, 0)")
agg("sumif", 2, 2, lambda a: _vt(a), lambda c, a: _sum(a, _filter(a[1])), prefix="sumif",
    empty="coalesce({0}, 0)")


def _avg(a, flt=""):
    x = a[0]
    if x.type == T.TIMESPAN:
        return f"avg({x.sql}){flt}"
    return f"avg({C.to_real(x.sql, x.type)}){flt}"


agg("avg", 1, 1, lambda a: T.TIMESPAN if a[0].type == T.TIMESPAN else T.REAL,
    lambda c, a: _avg(a), prefix="avg", empty="coalesce({0}, 'NaN'::DOUBLE)")
agg("avgif", 2, 2, lambda a: T.TIMESPAN if a[0].type == T.TIMESPAN else T.REAL,
    lambda c, a: _avg(a, _filter(a[1])), prefix="avgif")
agg("min", 1, 1, lambda a: _keep_int(a), lambda c, a: f"min({_v(a[0])})", prefix="min")
agg("max", 1, 1, lambda a: _keep_int(a), lambda c, a: f"max({_v(a[0])})", prefix="max")
agg("minif", 2, 2, lambda a: _vt(a), lambda c, a: f"min({_v(a[0])}){_filter(a[1])}", prefix="minif")
agg("maxif", 2, 2, lambda a: _vt(a), lambda c, a: f"max({_v(a[0])}){_filter(a[1])}", prefix="maxif")


def _stat(fn, flt_idx=None):
    def tr(c, a):
        x = C.to_real(a[0].sql, a[0].type)
        flt = _filter(a[flt_idx]) if flt_idx is not None else ""
        if fn.endswith("samp"):
            # a single value has no spread: 0, not null
            return f"(CASE WHEN count({x}){flt} = 1 THEN 0.0 ELSE {fn}({x}){flt} END)"
        return f"{fn}({x}){flt}"
    return tr


agg("stdev", 1, 1, T.REAL, _stat("stddev_samp"), prefix="stdev")
agg("stdevif", 2, 2, T.REAL, _stat("stddev_samp", 1), prefix="stdevif")
agg("stdevp", 1, 1, T.REAL, _stat("stddev_pop"), prefix="stdevp")
agg("variance", 1, 1, T.REAL, _stat("var_samp"), prefix="variance")
agg("varianceif", 2, 2, T.REAL, _stat("var_samp", 1), prefix="varianceif")
agg("variancep", 1, 1, T.REAL, _stat("var_pop"), prefix="variancep")
agg("variancepif", 2, 2, T.REAL, _stat("var_pop", 1), prefix="variancepif")
agg("stdevpif", 2, 2, T.REAL, _stat("stddev_pop", 1), prefix="stdevpif")


def _namer2(prefix):
    def namer(args):
        names = [a.name or "" for a in args[:2]]
        return f"{prefix}_{names[0]}_{names[1] if len(names) > 1 else ''}"
    return namer


agg("covariance", 2, 2, T.REAL,
    lambda c, a: f"covar_samp({real(a[0])}, {real(a[1])})", prefix="covariance",
    namer=_namer2("covariance"))
agg("covariancep", 2, 2, T.REAL,
    lambda c, a: f"covar_pop({real(a[0])}, {real(a[1])})", prefix="covariancep",
    namer=_namer2("covariancep"))
agg("covarianceif", 3, 3, T.REAL,
    lambda c, a: f"covar_samp({real(a[0])}, {real(a[1])}){_filter(a[2])}", prefix="covarianceif",
    namer=_namer2("covarianceif"))


# ------------------------------------------------------------------ take_any, arg_max, binary
def _take_any(a, flt=""):
    x = a[0]
    if x.type == T.STRING:
        # prefer a non-empty value (KQL tries to return a non-null/non-empty one)
        cond = f"({x.sql}) <> ''"
        if flt:
            cond = flt[len(" FILTER (WHERE "):-1] + f" AND {cond}"
        return f"coalesce(any_value({x.sql}) FILTER (WHERE {cond}), '')"
    return f"any_value({x.sql}){flt}"


agg("take_any", 1, None, lambda a: a[0].type if a else T.UNKNOWN,
    lambda c, a: _take_any(a), naming="arg")
agg("any", 1, None, lambda a: a[0].type if a else T.UNKNOWN,
    lambda c, a: _take_any(a), prefix="any")
agg("take_anyif", 2, 2, lambda a: a[0].type, lambda c, a: _take_any(a, _filter(a[1])),
    naming="arg")
agg("anyif", 2, 2, lambda a: a[0].type, lambda c, a: _take_any(a, _filter(a[1])), prefix="anyif")
for _n, _p in (("arg_max", "max"), ("arg_min", "min"), ("argmax", "max"), ("argmin", "min")):
    agg(_n, 1, None, lambda a: a[0].type if a else T.UNKNOWN, _unsupported_direct, prefix=_p)
agg("binary_all_and", 1, 1, T.LONG, lambda c, a: f"bit_and({long_(a[0])})", naming="arg")
agg("binary_all_or", 1, 1, T.LONG, lambda c, a: f"bit_or({long_(a[0])})", naming="arg")
agg("binary_all_xor", 1, 1, T.LONG, lambda c, a: f"bit_xor({long_(a[0])})", naming="arg")


# ------------------------------------------------------------------ lists, sets, bags
def _max_n(a, i, default=None):
    if len(a) > i:
        n = const_int(a[i])
        return str(n) if n is not None else long_(a[i])
    return default


def _make_list(a, flt_pred=None, max_i=1, default_max=None):
    x = a[0]
    cond = f"({x.sql}) IS NOT NULL"
    if flt_pred is not None:
        cond += f" AND {boolean(flt_pred)}"
    items = f"list({dyn(x)}) FILTER (WHERE {cond})"
    n = _max_n(a, max_i, default_max)
    if n is not None:
        items = f"list_slice({items}, 1, {n})"
    return f"coalesce(to_json({items}), '[]'::JSON)"


agg("make_list", 1, 2, T.DYNAMIC, lambda c, a: _make_list(a), prefix="list",
    empty="coalesce({0}, '[]'::JSON)")
agg("makelist", 1, 2, T.DYNAMIC, lambda c, a: _make_list(a, default_max="128"), prefix="list",
    empty="coalesce({0}, '[]'::JSON)")
agg("make_list_if", 2, 3, T.DYNAMIC, lambda c, a: _make_list(a, a[1], 2), prefix="list",
    empty="coalesce({0}, '[]'::JSON)")
agg("make_list_with_nulls", 1, 2, T.DYNAMIC,
    lambda c, a: f"coalesce(to_json(list(coalesce({dyn(a[0])}, 'null'::JSON))), '[]'::JSON)",
    prefix="list", empty="coalesce({0}, '[]'::JSON)")


def _make_set(a, flt_pred=None, max_i=1, default_max=None):
    x = a[0]
    cond = f"({x.sql}) IS NOT NULL"
    if flt_pred is not None:
        cond += f" AND {boolean(flt_pred)}"
    if x.type in (T.DYNAMIC, T.UNKNOWN):
        # arrays are flattened into their elements (semantics §5 notes)
        parts = (f"flatten(list(CASE WHEN json_type({x.sql}) = 'ARRAY' THEN CAST({x.sql} AS JSON[]) "
                 f"ELSE [{x.sql}] END) FILTER (WHERE {cond} AND json_type({x.sql}) <> 'NULL'))")
        items = f"list_sort(list_distinct({parts}))"
    else:
        # list_sort over the distinct values (an ORDER BY inside the aggregate would be
        # rejected by DuckDB when the argument is a constant: make_set("a"))
        items = f"list_sort(list(DISTINCT {x.sql}) FILTER (WHERE {cond}))"
        if x.type not in (T.STRING, T.LONG, T.INT, T.BOOL):
            items = f"list_transform({items}, lambda v: {C.to_dynamic('v', x.type)})"
    n = _max_n(a, max_i, default_max)
    if n is not None:
        items = f"list_slice({items}, 1, {n})"
    return f"coalesce(to_json({items}), '[]'::JSON)"


agg("make_set", 1, 2, T.DYNAMIC, lambda c, a: _make_set(a), prefix="set",
    empty="coalesce({0}, '[]'::JSON)")
agg("makeset", 1, 2, T.DYNAMIC, lambda c, a: _make_set(a, default_max="128"), prefix="set",
    empty="coalesce({0}, '[]'::JSON)")
agg("make_set_if", 2, 3, T.DYNAMIC, lambda c, a: _make_set(a, a[1], 2), prefix="set",
    empty="coalesce({0}, '[]'::JSON)")


def _make_bag(a, flt_pred=None):
    x = dyn(a[0])
    cond = f"json_type({x}) = 'OBJECT'"
    if flt_pred is not None:
        cond += f" AND {boolean(flt_pred)}"
    return (f"coalesce(list_reduce(list({x}) FILTER (WHERE {cond}), "
            f"lambda p, q: json_merge_patch(p, q)), '{{}}'::JSON)")


agg("make_bag", 1, 2, T.DYNAMIC, lambda c, a: _make_bag(a), prefix="bag",
    empty="coalesce({0}, '{{}}'::JSON)".replace("{{}}", "{}"))
agg("make_bag_if", 2, 3, T.DYNAMIC, lambda c, a: _make_bag(a, a[1]), prefix="bag",
    empty="coalesce({0}, '{}'::JSON)")
agg("make_dictionary", 1, 2, T.DYNAMIC, lambda c, a: _make_bag(a), prefix="bag")


# ------------------------------------------------------------------ percentiles
def _p_label(v) -> str:
    text = f"{v:g}" if isinstance(v, float) else str(v)
    return text.replace(".", "_").replace("-", "_")


def _pct_namer(prefix, value_idx):
    def namer(args):
        base = args[0].name or ""
        p = args[value_idx] if len(args) > value_idx else None
        label = _p_label(p.value) if p is not None and p.is_constant else ""
        return f"{prefix}_{base}_{label}"
    return namer


def _pct_value(c, a, i) -> str:
    if not a[i].is_constant or a[i].value is None:
        c.error("the percentile must be a constant number")
    p = float(a[i].value)
    if not 0 <= p <= 100:
        c.error("the percentile must be between 0 and 100")
    return repr(p / 100.0)


def _pct_input(a) -> str:
    x = a[0]
    return C.to_real(x.sql, x.type) if x.type in (T.DYNAMIC, T.UNKNOWN, T.BOOL) else x.sql


agg("percentile", 2, 2, lambda a: _vt(a),
    lambda c, a: f"quantile_disc({_pct_input(a)}, {_pct_value(c, a, 1)})",
    prefix="percentile", namer=_pct_namer("percentile", 1))
agg("percentiles", 2, None, lambda a: _vt(a), _unsupported_direct, prefix="percentile")
agg("percentilesw", 3, None, lambda a: _vt(a), _unsupported_direct, prefix="percentile")


def _wlist(a) -> str:
    return f"list({{'v': {_pct_input(a)}, 'w': {real(a[1])}}}) FILTER (WHERE ({a[0].sql}) IS NOT NULL AND {real(a[1])} > 0)"


agg("percentilew", 3, 3, lambda a: _vt(a),
    lambda c, a: f"kql_wpercentile({_wlist(a)}, {float(_pct_value(c, a, 2)) * 100!r})",
    prefix="percentile", namer=_pct_namer("percentile", 2))


def _pct_list(c, a, start):
    ps = []
    for x in a[start:]:
        if x.is_constant and isinstance(x.value, list):
            ps.extend(float(v) for v in x.value)
        elif x.is_constant and x.value is not None:
            ps.append(float(x.value))
        else:
            c.error("percentiles must be constant numbers")
    return ps


def _percentiles_array(c, a):
    ps = _pct_list(c, a, 1)
    qs = "[" + ", ".join(repr(p / 100.0) for p in ps) + "]"
    return f"to_json(list_transform(quantile_disc({_pct_input(a)}, {qs}), lambda v: {C.to_dynamic('v', _vt(a))}))"


def _percentilesw_array(c, a):
    ps = _pct_list(c, a, 2)
    lst = _wlist(a)
    return "to_json([" + ", ".join(f"kql_wpercentile({lst}, {p!r})" for p in ps) + "])"


agg("percentiles_array", 2, None, T.DYNAMIC, _percentiles_array, prefix="percentiles")
agg("percentilesw_array", 3, None, T.DYNAMIC, _percentilesw_array, prefix="percentile")

# ------------------------------------------------------------------ sketches (kept exact)
# hll(x) keeps the distinct values themselves, so dcount_hll is exact; tdigest(x) keeps
# {value, weight} pairs, so percentile_tdigest is the exact (weighted) nearest rank.
agg("hll", 1, 2, T.DYNAMIC,
    lambda c, a: f"coalesce(to_json(list(DISTINCT {dyn(a[0])}) FILTER (WHERE ({a[0].sql}) IS NOT NULL)), '[]'::JSON)",
    prefix="hll", empty="coalesce({0}, '[]'::JSON)")
agg("hll_if", 2, 3, T.DYNAMIC,
    lambda c, a: f"coalesce(to_json(list(DISTINCT {dyn(a[0])}) FILTER (WHERE ({a[0].sql}) IS NOT NULL AND {boolean(a[1])})), '[]'::JSON)",
    prefix="hll_if")
agg("hll_merge", 1, None, T.DYNAMIC,
    lambda c, a: f"coalesce(to_json(list_distinct(flatten(list(kql_arr({dyn(a[0])}))))), '[]'::JSON)",
    prefix="hll_merge")
define("dcount_hll", 1, 1, T.LONG,
       lambda c, a: f"coalesce(json_array_length({dyn(a[0])}), 0)::BIGINT", naming="prefix",
       prefix="dcount_hll")
agg("tdigest", 1, 2, T.DYNAMIC,
    lambda c, a: (f"coalesce(to_json(list(json_array({dyn(a[0])}, "
                  f"{real(a[1]) if len(a) > 1 else '1.0'})) FILTER (WHERE ({a[0].sql}) IS NOT NULL)), '[]'::JSON)"),
    prefix="tdigest", empty="coalesce({0}, '[]'::JSON)")
agg("tdigest_merge", 1, None, T.DYNAMIC,
    lambda c, a: f"coalesce(to_json(flatten(list(kql_arr({dyn(a[0])})))), '[]'::JSON)",
    "merge_tdigest", prefix="tdigest_merge")


def _td_list(a) -> str:
    return (f"list_transform(kql_arr({dyn(a[0])}), lambda e: {{'v': TRY_CAST(e->>'$[0]' AS DOUBLE), "
            f"'w': TRY_CAST(e->>'$[1]' AS DOUBLE)}})")


define("percentile_tdigest", 2, 3, T.REAL,
       lambda c, a: f"kql_wpercentile({_td_list(a)}, {real(a[1])})", naming="prefix",
       prefix="percentile_tdigest")
define("percentiles_array_tdigest", 2, None, T.DYNAMIC,
       lambda c, a: "to_json([" + ", ".join(f"kql_wpercentile({_td_list(a)}, {real(x)})" for x in a[1:]) + "])")
agg("buildschema", 1, 1, T.DYNAMIC,
    lambda c, a: f"CAST(kql_buildschema_py(CAST(to_json(list({dyn(a[0])})) AS VARCHAR)) AS JSON)",
    prefix="schema")
