"""series_* translations executed in DuckDB on constant arguments, judged against the outputs
the Kusto documentation shows for its examples (conformance/compare.py's cell rules)."""
from __future__ import annotations

import importlib.util
import json
import pathlib

import duckdb
import pytest

from hunt import types as T
from hunt.functions import series
from hunt.functions.registry import Arg, Ctx, _REGISTRY
from hunt.sqlgen import dialect

_COMPARE = pathlib.Path(__file__).resolve().parents[2] / "shared" / "conformance" / "compare.py"


def _load_compare():
    if not _COMPARE.exists():
        return None
    spec = importlib.util.spec_from_file_location("kql_compare", _COMPARE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


compare = _load_compare()


def cell_ok(actual, shown: str) -> bool:
    if compare is None:
        pytest.skip("../shared/conformance/compare.py is absent: documented outputs not checked")
    return compare.cell_matches(actual, shown)


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    series.install(c)
    return c


def arg(v, t=None) -> Arg:
    if t is None:
        if isinstance(v, (list, dict)):
            t = T.DYNAMIC
        elif isinstance(v, bool):
            t = T.BOOL
        elif isinstance(v, int):
            t = T.LONG
        elif isinstance(v, float):
            t = T.REAL
        else:
            t = T.STRING
    return Arg(sql=dialect.literal(v, t), type=t, value=v)


def call(con, name, *args):
    """Run a function on constant args: a Python value (dynamic decoded), or for
    multi-output functions a dict of the expanded columns."""
    fn = _REGISTRY[name]
    sql = fn.translate(Ctx(), list(args))
    if fn.outputs:
        cols = fn.output_columns(f"({sql})")
        row = con.execute("SELECT " + ", ".join(c[2] for c in cols)).fetchone()
        return {k: (json.loads(v) if t == T.DYNAMIC and v is not None else v)
                for (k, t, _), v in zip(cols, row)}
    value = con.execute(f"SELECT {sql}").fetchone()[0]
    if fn.result_type(list(args)) == T.DYNAMIC and value is not None:
        value = json.loads(value)
    return value


# (function, arguments, documented output cell) from doc_examples.jsonl (family
# "series/time-series"); ids in comments.
DOC_CASES = [
    ("series_abs", [[-6.5, 0, 8.2]], "[6.5,0,8.2]"),                          # 59d06b46cf
    ("series_acos", [[-1, 0, 1]], "[3.1415926535897931,1.5707963267948966,0.0]"),
    ("series_ceiling", [[-1.5, 1, 2.5]], "[-1.0,1.0,3.0]"),
    ("series_cosine_similarity", [[0.1, 0.2, 0.1, 0.2], [0.11, 0.2, 0.11, 0.21]],
     "0.99935343825504"),
    ("series_cosine_similarity", [[0.1, 0.2, 0.1, 0.2], [1, 2, 3, 4]], "0.923760430703401"),
    ("series_divide", [[1, 2, 4], [4, 2, 1]], "[0.25,1.0,4.0]"),
    ("series_dot_product", [[2, 4, 8], [8, 4, 2]], "48"),
    ("series_dot_product", [[3, 6, 12], 3], "63"),                            # scalar operand
    ("series_equals", [[1, 2, 4], [4, 2, 1]], "[false,true,false]"),
    ("series_greater", [[1, 2, 4], [4, 2, 1]], "[false,false,true]"),
    ("series_less_equals", [[1, 2, 4], [4, 2, 1]], "[true,true,false]"),
    ("series_less", [[1, 2, 4], [4, 2, 1]], "[true,false,false]"),
    ("series_iir", [[1.0, 2.0, 3.0, 4.0], [1], [1, -1]], "[1.0,3.0,6.0,10.0]"),
    ("series_log", [[1, 2, 3]], "[0.0,0.69314718055994529,1.0986122886681098]"),
    ("series_pearson_correlation", [[1, 2, 3, 4, 5], [2, 4, 6, 8, 10]], "1"),
    ("series_pow", [[1, 2, 3, 4], [1, 2, 3, 0.5]], "[1.0,4.0,27.0,2.0]"),
    ("series_product", [[1, 2, 3, 4]], "24"),
    ("series_sum", [[1, 2, 3, 4]], "10"),
    ("series_sin", [[-1, 0, 1]], "[-0.8414709848078965,0.0,0.8414709848078965]"),
    ("series_tan", [[-1, 0, 1]], "[-1.5574077246549023,0.0,1.5574077246549023]"),
    ("series_seasonal", [[1, 3, 5, 1, 3, 5, 2, 4, 6], 3],
     "[1.0,3.0,5.0,1.0,3.0,5.0,1.0,3.0,5.0]"),
    ("series_seasonal", [[1, 3, 5, 2, 4, 6, 1, 3, 5, 2, 4, 6], 3],
     "[1.5,3.5,5.5,1.5,3.5,5.5,1.5,3.5,5.5,1.5,3.5,5.5]"),
    ("series_stats_dynamic", [[23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29]],
     '{"min": 2.0, "min_idx": 8, "max": 87.0, "max_idx": 3, "avg": 32.8, '
     '"stdev": 28.503633853548269, "variance": 812.45714285714291, "sum": 492.0, "len": 15}'),
]

_FILL_DOUBLES = [None, 111.0, None, 36.0, 41.0, None, None, 16.0, 61.0, 33.0, None, None]
_FILL_LONGS = [None, 111, None, 36, 41, None, None, 16, 61, 33, None, None]
NULL_REAL = (None, T.REAL)
DOC_CASES += [                                                               # 79bc4ce606
    ("series_fill_linear", [_FILL_DOUBLES],
     "[111.0,111.0,73.5,36.0,41.0,32.667,24.333,16.0,61.0,33.0,33.0,33.0]"),
    ("series_fill_linear", [_FILL_DOUBLES, NULL_REAL, False],
     "[null,111.0,73.5,36.0,41.0,32.667,24.333,16.0,61.0,33.0,null,null]"),
    ("series_fill_linear", [_FILL_LONGS], "[111,111,73,36,41,32,24,16,61,33,33,33]"),
    ("series_fill_linear", [_FILL_LONGS, NULL_REAL, False],
     "[null,111,73,36,41,32,24,16,61,33,null,null]"),
    ("series_fill_linear", [[None] * 4], "[0.0,0.0,0.0,0.0]"),
    ("series_fill_linear", [[None] * 4, NULL_REAL, True, 3.14159],
     "[3.14159,3.14159,3.14159,3.14159]"),
]


def _args(values):
    return [arg(*v) if isinstance(v, tuple) else arg(v) for v in values]


@pytest.mark.parametrize("name,values,shown", DOC_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(DOC_CASES)])
def test_documented_output(con, name, values, shown):
    assert cell_ok(call(con, name, *_args(values)), shown)


def test_series_stats_expands_to_documented_columns(con):                   # 122d395844
    out = call(con, "series_stats", arg([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29]))
    fn = _REGISTRY["series_stats"]
    names = [f"{fn.column_name(['x'])}_{k}" for k in out]
    assert names == ["series_stats_x_min", "series_stats_x_min_idx", "series_stats_x_max",
                     "series_stats_x_max_idx", "series_stats_x_avg", "series_stats_x_stdev",
                     "series_stats_x_variance"]
    shown = ["2", "8", "87", "3", "32.8", "28.5036338535483", "812.457142857143"]
    assert all(cell_ok(v, s) for v, s in zip(out.values(), shown))
    assert isinstance(out["min_idx"], int)


def test_series_periods_validate_columns(con):                               # ce3fab6889
    fn = _REGISTRY["series_periods_validate"]
    assert [f"{fn.column_name(['y'])}_{k}" for k, _ in fn.outputs] == [
        "series_periods_validate_y_periods", "series_periods_validate_y_scores"]
    y = [1, 3, 5, 7] * 6
    out = call(con, "series_periods_validate", arg(y), arg(4.0), arg(5.0))
    assert out["periods"] == [4.0, 5.0]
    assert out["scores"][0] > 0.9 and out["scores"][1] == 0.0


def test_fit_line_matches_documented_figures(con):
    # series-fit-line-dynamic page: RSquare 0.982, Slope 2.730, Variance 98.628,
    # RVariance 1.686, Interception -1.666 (x axis is 1..n)
    out = call(con, "series_fit_line", arg([2, 5, 6, 8, 11, 15, 17, 18, 25, 26, 30, 30]))
    assert abs(out["rsquare"] - 0.982) < 1e-3 and abs(out["slope"] - 2.730) < 1e-3
    assert abs(out["variance"] - 98.628) < 1e-3 and abs(out["rvariance"] - 1.686) < 1e-3
    assert abs(out["interception"] - -1.666) < 1e-2
    assert out["line_fit"][:3] == pytest.approx([1.064, 3.795, 6.526], abs=1e-3)


def test_binary_ops_keep_longs_and_pad_with_null(con):
    assert call(con, "series_add", arg([1, 2, 4]), arg([4, 2, 1])) == [5, 4, 5]
    assert all(isinstance(v, int) for v in call(con, "series_add", arg([1, 2]), arg([3, 4])))
    assert call(con, "series_subtract", arg([1, 2, 3]), arg([1.5])) == [-0.5, None, None]
    assert call(con, "series_multiply", arg([1, "a", 3]), arg(2)) == [2, None, 6]


def test_non_array_gives_null(con):
    assert call(con, "series_abs", arg({"a": 1})) is None
    assert call(con, "series_sum", arg(None, T.DYNAMIC)) is None
    assert call(con, "series_stats_dynamic", arg("x", T.STRING)) is None


def test_fill_forward_backward_const(con):
    s = arg([None, 1, None, 2, None])
    assert call(con, "series_fill_forward", s) == [None, 1, 1, 2, 2]
    assert call(con, "series_fill_backward", s) == [1, 1, 2, 2, None]
    assert call(con, "series_fill_const", s, arg(9.0)) == [9.0, 1, 9.0, 2, 9.0]
    assert call(con, "series_fill_forward", arg([1, -1, 3]), arg(-1)) == [1, 1, 3]


def test_fir_moving_sum_and_centered_average(con):
    x = arg([0, 1, 2, 3, 4, 5])
    assert call(con, "series_fir", x, arg([1, 1, 1]), arg(False)) == [0, 1, 3, 6, 9, 12]
    assert call(con, "series_fir", x, arg([1, 1, 1]), arg(True), arg(True)) == pytest.approx(
        [1 / 3, 1, 2, 3, 4, 3])


def test_decompose_and_anomalies_find_the_spike(con):
    y = [1, 3, 5] * 8
    y[13] = 40
    dec = call(con, "series_decompose", arg(y), arg(3))
    assert dec["seasonal"][:3] == [1.0, 3.0, 5.0]
    assert max(range(len(y)), key=lambda i: abs(dec["residual"][i])) == 13
    ano = call(con, "series_decompose_anomalies", arg(y))
    assert ano["ad_flag"][13] == 1 and sum(abs(f) for f in ano["ad_flag"]) == 1
    assert call(con, "series_outliers", arg([1, 2, 1, 2, 1, 60, 2, 1]))[5] > 1.5


def test_install_is_idempotent():
    c = duckdb.connect()
    series.install(c)
    series.install(c)
    assert c.execute("SELECT kql_series_sum('[1,2]'::JSON)").fetchone()[0] == 3.0
