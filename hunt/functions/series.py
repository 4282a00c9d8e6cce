"""KQL's series_* functions over dynamic (JSON) arrays.

Element-wise maths, comparisons and reductions are SQL macros over DuckDB lists (vectorised,
no Python per row); regression, filters, gap filling, seasonality and anomaly detection are
NumPy bodies in `series_udfs` wrapped as Arrow UDFs. `install(con)` creates both on a
connection; importing the module registers the KQL functions.

Element types follow Kusto: a missing or non-numeric element gives a null element; add,
subtract, multiply and abs keep long elements long ([1,2]+[3,4] is [4,6]), every other
element-wise function gives reals. Functions with several results (series_stats,
series_fit_line, series_decompose, ...) return a bag and declare `outputs` (registry.py).
"""
from __future__ import annotations


from hunt import types as T
from hunt.functions import convert as C
from hunt.functions.registry import Arg, Ctx, Function, register
from hunt.sqlgen.dialect import string_literal

# ------------------------------------------------------------------ SQL macros

_ISINT = "(json_type({v}) IN ('BIGINT', 'UBIGINT') AND TRY_CAST({v} AS BIGINT) IS NOT NULL)"

# unary element-wise functions giving reals: KQL suffix -> DuckDB expression of v (DOUBLE)
_UNARY = {
    "acos": "acos(v)", "asin": "asin(v)", "atan": "atan(v)", "cos": "cos(v)",
    "sin": "sin(v)", "tan": "tan(v)", "exp": "exp(v)", "log": "ln(v)",
    "floor": "floor(v)", "ceiling": "ceil(v)", "sign": "CAST(sign(v) AS DOUBLE)",
}

# binary element-wise: suffix -> (expression over reals {x}, {y}; over longs or None; kind)
_BINARY = {
    "add": ("{x} + {y}", "{x} + {y}", "num"),
    "subtract": ("{x} - {y}", "{x} - {y}", "num"),
    "multiply": ("{x} * {y}", "{x} * {y}", "num"),
    "divide": ("{x} / {y}", None, "num"),
    "pow": ("pow({x}, {y})", None, "num"),
    "greater": ("{x} > {y}", None, "bool"),
    "greater_equals": ("{x} >= {y}", None, "bool"),
    "less": ("{x} < {y}", None, "bool"),
    "less_equals": ("{x} <= {y}", None, "bool"),
    "equals": ("{x} = {y}", None, "bool"),
    "not_equals": ("{x} <> {y}", None, "bool"),
}


def _binary_element(dbl: str, lng: str | None, kind: str) -> str:
    """Macro body of one element operation over two JSON elements x, y."""
    d = dbl.format(x="TRY_CAST(x AS DOUBLE)", y="TRY_CAST(y AS DOUBLE)")
    if kind == "bool" or lng is None:
        return f"to_json({d})"
    i = lng.format(x="CAST(x AS BIGINT)", y="CAST(y AS BIGINT)")
    return (f"CASE WHEN {_ISINT.format(v='x')} AND {_ISINT.format(v='y')} "
            f"THEN to_json(TRY({i})) ELSE to_json({d}) END")


def _zip_body(elem: str) -> str:
    """Apply macro `elem(x, y)` across two series (or a series and a scalar, broadcast)."""
    return (
        "CASE WHEN json_type(a) = 'ARRAY' AND json_type(b) = 'ARRAY' THEN "
        f"to_json(list_transform(list_zip(CAST(a AS JSON[]), CAST(b AS JSON[])), "
        f"lambda p: {elem}(p[1], p[2]))) "
        f"WHEN json_type(a) = 'ARRAY' THEN to_json(list_transform(CAST(a AS JSON[]), "
        f"lambda q: {elem}(q, b))) "
        f"WHEN json_type(b) = 'ARRAY' THEN to_json(list_transform(CAST(b AS JSON[]), "
        f"lambda q: {elem}(a, q))) END")


def _macros() -> list[str]:
    out = []
    for name, expr in _UNARY.items():
        out.append(f"CREATE OR REPLACE MACRO kql_series_{name}(a) AS "
                   f"to_json(list_transform(TRY_CAST(a AS DOUBLE[]), lambda v: {expr}))")
    out.append(
        "CREATE OR REPLACE MACRO kql_series_abs(a) AS to_json(list_transform("
        "TRY_CAST(a AS JSON[]), lambda v: CASE WHEN " + _ISINT.format(v="v") +
        " THEN to_json(TRY(abs(CAST(v AS BIGINT)))) ELSE to_json(abs(TRY_CAST(v AS DOUBLE))) END))")
    for name, (dbl, lng, kind) in _BINARY.items():
        out.append(f"CREATE OR REPLACE MACRO kql_series_{name}_e(x, y) AS "
                   f"{_binary_element(dbl, lng, kind)}")
        out.append(f"CREATE OR REPLACE MACRO kql_series_{name}(a, b) AS "
                   f"{_zip_body(f'kql_series_{name}_e')}")
    # the product of two series as a DOUBLE[] (dot product, cosine similarity)
    out.append(
        "CREATE OR REPLACE MACRO kql_series_mul_list(a, b) AS CASE "
        "WHEN json_type(a) = 'ARRAY' AND json_type(b) = 'ARRAY' THEN list_transform(list_zip("
        "TRY_CAST(a AS DOUBLE[]), TRY_CAST(b AS DOUBLE[])), lambda p: p[1] * p[2]) "
        "WHEN json_type(a) = 'ARRAY' THEN list_transform(TRY_CAST(a AS DOUBLE[]), "
        "lambda v: v * TRY_CAST(b AS DOUBLE)) "
        "WHEN json_type(b) = 'ARRAY' THEN list_transform(TRY_CAST(b AS DOUBLE[]), "
        "lambda v: TRY_CAST(a AS DOUBLE) * v) END")
    out.append("CREATE OR REPLACE MACRO kql_series_sum(a) AS CASE WHEN json_type(a) = 'ARRAY' "
               "THEN coalesce(list_sum(TRY_CAST(a AS DOUBLE[])), 0.0) END")
    out.append("CREATE OR REPLACE MACRO kql_series_product(a) AS CASE WHEN json_type(a) = 'ARRAY' "
               "THEN coalesce(list_product(list_filter(TRY_CAST(a AS DOUBLE[]), "
               "lambda v: v IS NOT NULL)), 1.0) END")
    out.append("CREATE OR REPLACE MACRO kql_series_magnitude(a) AS CASE WHEN json_type(a) = 'ARRAY' "
               "THEN sqrt(coalesce(list_sum(list_transform(TRY_CAST(a AS DOUBLE[]), "
               "lambda v: v * v)), 0.0)) END")
    out.append("CREATE OR REPLACE MACRO kql_series_dot_product(a, b) AS "
               "coalesce(list_sum(kql_series_mul_list(a, b)), "
               "CASE WHEN kql_series_mul_list(a, b) IS NOT NULL THEN 0.0 END)")
    out.append("CREATE OR REPLACE MACRO kql_series_cosine_similarity(a, b, ma, mb) AS "
               "kql_series_dot_product(a, b) / (coalesce(ma, kql_series_magnitude(a)) * "
               "coalesce(mb, kql_series_magnitude(b)))")
    return out


# ------------------------------------------------------------------ Arrow UDFs

_ROW_ERRORS = (ValueError, TypeError, ArithmeticError, IndexError, KeyError)


def arrow_udf(fn, out_type, arity: int, errors: tuple = _ROW_ERRORS):
    """An Arrow UDF applying `fn` to each row of its argument columns (DuckDB wants the exact
    arity in the signature); an error of `errors` in one row gives that row a null."""
    def run(cols):
        import pyarrow as pa
        out = []
        for row in zip(*[c.to_pylist() for c in cols]):
            try:
                out.append(fn(*row))
            except errors:
                out.append(None)
        return pa.array(out, type=out_type)
    wrappers = {
        1: lambda a: run((a,)),
        2: lambda a, b: run((a, b)),
        3: lambda a, b, c: run((a, b, c)),
        4: lambda a, b, c, d: run((a, b, c, d)),
        5: lambda a, b, c, d, e: run((a, b, c, d, e)),
        6: lambda a, b, c, d, e, f: run((a, b, c, d, e, f)),
        7: lambda a, b, c, d, e, f, g: run((a, b, c, d, e, f, g)),
    }
    return wrappers[arity]


def _periods_validate(text, periods):
    from hunt.functions import series_udfs as U
    return U.periods_validate_row(text, *(periods or []))


# name -> (python body, DuckDB parameter types, returns text (JSON) or DOUBLE)
_UDFS = {
    "kql_series_stats": ("stats_row", ["VARCHAR", "BOOLEAN"], "VARCHAR"),
    "kql_series_fit_line": ("fit_line_row", ["VARCHAR"], "VARCHAR"),
    "kql_series_fit_2lines": ("fit_2lines_row", ["VARCHAR"], "VARCHAR"),
    "kql_series_pearson": ("pearson_row", ["VARCHAR", "VARCHAR"], "DOUBLE"),
    "kql_series_fill_linear": ("fill_linear_row", ["VARCHAR", "DOUBLE", "BOOLEAN", "DOUBLE"],
                               "VARCHAR"),
    "kql_series_fill_forward": ("fill_forward_row", ["VARCHAR", "DOUBLE", "BOOLEAN"], "VARCHAR"),
    "kql_series_fill_const": ("fill_const_row", ["VARCHAR", "DOUBLE", "DOUBLE"], "VARCHAR"),
    "kql_series_fir": ("fir_row", ["VARCHAR", "VARCHAR", "BOOLEAN", "BOOLEAN"], "VARCHAR"),
    "kql_series_iir": ("iir_row", ["VARCHAR", "VARCHAR", "VARCHAR"], "VARCHAR"),
    "kql_series_seasonal": ("seasonal_row", ["VARCHAR", "BIGINT"], "VARCHAR"),
    "kql_series_periods_detect": ("periods_detect_row", ["VARCHAR", "DOUBLE", "DOUBLE", "BIGINT"],
                                  "VARCHAR"),
    "kql_series_periods_validate": ("_periods_validate", ["VARCHAR", "DOUBLE[]"], "VARCHAR"),
    "kql_series_outliers": ("outliers_row", ["VARCHAR", "VARCHAR", "DOUBLE", "DOUBLE", "DOUBLE"],
                            "VARCHAR"),
    "kql_series_decompose": ("decompose_row", ["VARCHAR", "BIGINT", "VARCHAR", "BIGINT", "DOUBLE"],
                             "VARCHAR"),
    "kql_series_decompose_anomalies": (
        "decompose_anomalies_row",
        ["VARCHAR", "DOUBLE", "BIGINT", "VARCHAR", "BIGINT", "VARCHAR", "DOUBLE"], "VARCHAR"),
    "kql_series_decompose_forecast": ("decompose_forecast_row",
                                      ["VARCHAR", "BIGINT", "BIGINT", "VARCHAR", "DOUBLE"],
                                      "VARCHAR"),
}

def install(con) -> None:
    """Create the series macros and UDFs on a DuckDB connection (idempotent). NumPy and
    pyarrow are imported here, not when the functions are registered (start-up time)."""
    import pyarrow as pa
    from duckdb import sqltypes as st

    from hunt.functions import series_udfs as U
    arrow_types = {"VARCHAR": pa.string(), "DOUBLE": pa.float64()}

    for stmt in _macros():
        con.execute(stmt)
    for name, (fn_name, params, ret) in _UDFS.items():
        fn = _periods_validate if fn_name == "_periods_validate" else getattr(U, fn_name)
        try:
            con.remove_function(name)
        except Exception:  # not registered yet
            pass
        con.create_function(name, arrow_udf(fn, arrow_types[ret], len(params)),
                            [st.DuckDBPyType(p) for p in params], st.DuckDBPyType(ret),
                            type="arrow", null_handling="special", side_effects=False)


# ------------------------------------------------------------------ argument SQL

def _dyn(a: Arg) -> str:
    return C.to_dynamic(a.sql, a.type)


def _text(a: Arg) -> str:
    """A series argument as JSON text for a UDF."""
    return f"CAST({_dyn(a)} AS VARCHAR)"


def _opt(args: list, i: int, conv, default: str) -> str:
    if i < len(args):
        a = args[i]
        if a.is_constant and a.value is None:
            return default
        return conv(a)


def _real(a: Arg) -> str:
    return C.to_real(a.sql, a.type)


def _long(a: Arg) -> str:
    return C.to_long(a.sql, a.type)


def _bool(a: Arg) -> str:
    return C.to_bool(a.sql, a.type)


def _str(a: Arg) -> str:
    return C.to_text(a.sql, a.type)


def _arg(args, i, conv, default):
    out = _opt(args, i, conv, default)
    return default if out is None else out


def _json(sql: str) -> str:
    return f"CAST({sql} AS JSON)"


# ------------------------------------------------------------------ registrations

def _reg(name, lo, hi, returns, sql, naming="none", outputs=None, prefix=None, doc=""):
    register(Function(name, "scalar", lo, hi, returns, sql, naming=naming, prefix=prefix,
                      outputs=outputs, doc=doc))


for _name in _UNARY:
    _reg(f"series_{_name}", 1, 1, T.DYNAMIC,
         (lambda n: lambda ctx, a: f"kql_series_{n}({_dyn(a[0])})")(_name),
         doc=f"element-wise {_name} of a numeric series")
_reg("series_abs", 1, 1, T.DYNAMIC, lambda ctx, a: f"kql_series_abs({_dyn(a[0])})",
     doc="element-wise absolute value")
for _name in _BINARY:
    _reg(f"series_{_name}", 2, 2, T.DYNAMIC,
         (lambda n: lambda ctx, a: f"kql_series_{n}({_dyn(a[0])}, {_dyn(a[1])})")(_name),
         doc=f"element-wise {_name} of two series (or a series and a number)")

_reg("series_sum", 1, 1, T.REAL, lambda ctx, a: f"kql_series_sum({_dyn(a[0])})")
_reg("series_product", 1, 1, T.REAL, lambda ctx, a: f"kql_series_product({_dyn(a[0])})")
_reg("series_magnitude", 1, 1, T.REAL, lambda ctx, a: f"kql_series_magnitude({_dyn(a[0])})")
_reg("series_dot_product", 2, 2, T.REAL,
     lambda ctx, a: f"kql_series_dot_product({_dyn(a[0])}, {_dyn(a[1])})")
_reg("series_cosine_similarity", 2, 4, T.REAL,
     lambda ctx, a: (f"kql_series_cosine_similarity({_dyn(a[0])}, {_dyn(a[1])}, "
                     f"{_arg(a, 2, _real, 'NULL::DOUBLE')}, {_arg(a, 3, _real, 'NULL::DOUBLE')})"))
_reg("series_pearson_correlation", 2, 2, T.REAL,
     lambda ctx, a: f"kql_series_pearson({_text(a[0])}, {_text(a[1])})")

_STATS = (("min", T.REAL), ("min_idx", T.LONG), ("max", T.REAL), ("max_idx", T.LONG),
          ("avg", T.REAL), ("stdev", T.REAL), ("variance", T.REAL))


def _stats(ctx, a):
    return _json(f"kql_series_stats({_text(a[0])}, {_arg(a, 1, _bool, 'false')})")


_reg("series_stats", 1, 2, T.DYNAMIC, _stats, naming="prefix", outputs=_STATS)
_reg("series_stats_dynamic", 1, 2, T.DYNAMIC, _stats)

_FIT_LINE = (("rsquare", T.REAL), ("slope", T.REAL), ("variance", T.REAL),
             ("rvariance", T.REAL), ("interception", T.REAL), ("line_fit", T.DYNAMIC))
_fit_line = lambda ctx, a: _json(f"kql_series_fit_line({_text(a[0])})")  # noqa: E731
_reg("series_fit_line", 1, 1, T.DYNAMIC, _fit_line, naming="prefix", outputs=_FIT_LINE)
_reg("series_fit_line_dynamic", 1, 1, T.DYNAMIC, _fit_line)

FIT_2LINES_KEYS = ("rsquare", "split_idx", "variance", "rvariance", "line_fit",
                   "right_rsquare", "right_slope", "right_interception", "right_variance",
                   "right_rvariance", "left_rsquare", "left_slope", "left_interception",
                   "left_variance", "left_rvariance")
_FIT_2LINES = tuple((k, T.LONG if k == "split_idx" else T.DYNAMIC if k == "line_fit" else T.REAL)
                    for k in FIT_2LINES_KEYS)
_fit_2lines = lambda ctx, a: _json(f"kql_series_fit_2lines({_text(a[0])})")  # noqa: E731
_reg("series_fit_2lines", 1, 1, T.DYNAMIC, _fit_2lines, naming="prefix", outputs=_FIT_2LINES)
_reg("series_fit_2lines_dynamic", 1, 1, T.DYNAMIC, _fit_2lines)

_reg("series_fill_linear", 1, 4, T.DYNAMIC,
     lambda ctx, a: _json(f"kql_series_fill_linear({_text(a[0])}, "
                          f"{_arg(a, 1, _real, 'NULL::DOUBLE')}, {_arg(a, 2, _bool, 'true')}, "
                          f"{_arg(a, 3, _real, '0.0')})"), naming="arg")
_reg("series_fill_forward", 1, 2, T.DYNAMIC,
     lambda ctx, a: _json(f"kql_series_fill_forward({_text(a[0])}, "
                          f"{_arg(a, 1, _real, 'NULL::DOUBLE')}, false)"), naming="arg")
_reg("series_fill_backward", 1, 2, T.DYNAMIC,
     lambda ctx, a: _json(f"kql_series_fill_forward({_text(a[0])}, "
                          f"{_arg(a, 1, _real, 'NULL::DOUBLE')}, true)"), naming="arg")
_reg("series_fill_const", 1, 3, T.DYNAMIC,
     lambda ctx, a: _json(f"kql_series_fill_const({_text(a[0])}, {_arg(a, 1, _real, '0.0')}, "
                          f"{_arg(a, 2, _real, 'NULL::DOUBLE')})"), naming="arg")

_reg("series_fir", 2, 4, T.DYNAMIC,
     lambda ctx, a: _json(f"kql_series_fir({_text(a[0])}, {_text(a[1])}, "
                          f"{_arg(a, 2, _bool, 'NULL::BOOLEAN')}, {_arg(a, 3, _bool, 'false')})"))
_reg("series_iir", 3, 3, T.DYNAMIC,
     lambda ctx, a: _json(f"kql_series_iir({_text(a[0])}, {_text(a[1])}, {_text(a[2])})"))
_reg("series_seasonal", 1, 2, T.DYNAMIC,
     lambda ctx, a: _json(f"kql_series_seasonal({_text(a[0])}, {_arg(a, 1, _long, '-1')})"))

_PERIODS = (("periods", T.DYNAMIC), ("scores", T.DYNAMIC))
_reg("series_periods_detect", 4, 4, T.DYNAMIC,
     lambda ctx, a: _json(f"kql_series_periods_detect({_text(a[0])}, {_real(a[1])}, "
                          f"{_real(a[2])}, {_long(a[3])})"), naming="prefix", outputs=_PERIODS)


def _periods_validate_sql(ctx: Ctx, a: list) -> str:
    periods = ", ".join(_real(x) for x in a[1:])
    return _json(f"kql_series_periods_validate({_text(a[0])}, [{periods}]::DOUBLE[])")


_reg("series_periods_validate", 2, None, T.DYNAMIC, _periods_validate_sql, naming="prefix",
     outputs=_PERIODS)

_reg("series_outliers", 1, 5, T.DYNAMIC,
     lambda ctx, a: _json(f"kql_series_outliers({_text(a[0])}, {_arg(a, 1, _str, string_literal('ctukey'))}, "
                          f"{_arg(a, 2, _real, 'NULL::DOUBLE')}, {_arg(a, 3, _real, '10.0')}, "
                          f"{_arg(a, 4, _real, '90.0')})"))

_DECOMPOSE = (("baseline", T.DYNAMIC), ("seasonal", T.DYNAMIC), ("trend", T.DYNAMIC),
              ("residual", T.DYNAMIC))
_reg("series_decompose", 1, 5, T.DYNAMIC,
     lambda ctx, a: _json(f"kql_series_decompose({_text(a[0])}, {_arg(a, 1, _long, '-1')}, "
                          f"{_arg(a, 2, _str, string_literal('avg'))}, {_arg(a, 3, _long, '0')}, "
                          f"{_arg(a, 4, _real, '0.6')})"), naming="prefix", outputs=_DECOMPOSE)

_ANOMALIES = (("ad_flag", T.DYNAMIC), ("ad_score", T.DYNAMIC), ("baseline", T.DYNAMIC))
_reg("series_decompose_anomalies", 1, 7, T.DYNAMIC,
     lambda ctx, a: _json(
         f"kql_series_decompose_anomalies({_text(a[0])}, {_arg(a, 1, _real, '1.5')}, "
         f"{_arg(a, 2, _long, '-1')}, {_arg(a, 3, _str, string_literal('linefit'))}, "
         f"{_arg(a, 4, _long, '0')}, {_arg(a, 5, _str, string_literal('ctukey'))}, "
         f"{_arg(a, 6, _real, '0.6')})"), naming="prefix", outputs=_ANOMALIES)
_reg("series_decompose_forecast", 2, 5, T.DYNAMIC,
     lambda ctx, a: _json(
         f"kql_series_decompose_forecast({_text(a[0])}, {_long(a[1])}, "
         f"{_arg(a, 2, _long, '-1')}, {_arg(a, 3, _str, string_literal('linefit'))}, "
         f"{_arg(a, 4, _real, '0.6')})"))
