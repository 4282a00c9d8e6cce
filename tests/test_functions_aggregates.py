"""Aggregate and window translations, run over small tables in DuckDB."""
import datetime as dt

import pytest

from hunt.functions import registry
from hunt.functions.registry import Arg, Ctx
from hunt.functions.testing import connection, make_arg


@pytest.fixture(scope="module")
def con():
    c = connection()
    c.execute("""CREATE OR REPLACE TEMP TABLE agg_t AS SELECT * FROM (VALUES
        (1::BIGINT, 'a', '["A1","A2"]'::JSON, 10.0::DOUBLE, 8.0::DOUBLE),
        (5, 'b', '["A2","C1"]'::JSON, 20.0, 6.0),
        (7, '', '["C2"]'::JSON, 30.0, 3.0),
        (5, 'b', NULL, 40.0, 1.0),
        (NULL, 'c', '{"k":1}'::JSON, NULL, 1.0)) v(x, s, d, r, w)""")
    return c


def col(name, t):
    return Arg(f'"{name}"', t, registry.NOT_CONSTANT, name)


X, S, D, R, W = (col("x", "long"), col("s", "string"), col("d", "dynamic"), col("r", "real"),
                 col("w", "real"))
P = Arg('("x" > 1)', "bool")


def agg(con, name, *args, empty=False):
    fn = registry.lookup(name)
    a = [x if isinstance(x, Arg) else make_arg(x) for x in args]
    sql = fn.translate(Ctx(), a)
    if empty:
        sql = fn.empty.replace("{0}", sql) if fn.empty else sql
        return con.execute(f"SELECT {sql} FROM agg_t WHERE false").fetchone()[0]
    return con.execute(f"SELECT {sql} FROM agg_t").fetchone()[0]


@pytest.mark.parametrize("name,args,expected", [
    ("count", (), 5), ("countif", (P,), 3), ("dcount", (X,), 3), ("dcountif", (X, P), 2),
    ("count_distinct", (S,), 4), ("sum", (X,), 18), ("sumif", (X, P), 17), ("avg", (X,), 4.5),
    ("min", (S,), ""), ("max", (X,), 7), ("minif", (X, P), 5), ("maxif", (R, P), 40.0),
    ("make_list", (X,), "[1,5,7,5]"), ("make_list", (S,), '["a","b","","b","c"]'),
    ("make_list", (X, 2), "[1,5]"), ("make_list_if", (X, P), "[5,7,5]"),
    ("make_list_with_nulls", (X,), "[1,5,7,5,null]"), ("make_set", (X,), "[1,5,7]"),
    ("make_set", (D,), '["A1","A2","C1","C2",{"k":1}]'), ("make_set_if", (X, P), "[5,7]"),
    ("make_bag", (D,), '{"k":1}'), ("percentile", (X, 50), 5),
    ("percentiles_array", (R, 50, 95), "[20.0,40.0]"), ("percentilew", (R, W, 50), 20.0),
    ("percentilesw_array", (R, W, 50, 75, 99.9), "[20.0,20.0,40.0]"),
    ("variancep", (X,), 4.75), ("take_any", (S,), "a"), ("binary_all_xor", (X,), 6),
    ("binary_all_and", (X,), 1), ("binary_all_or", (X,), 7), ("covariance", (R, R), 166.66666666666666),
])
def test_aggregates(con, name, args, expected):
    got = agg(con, name, *args)
    if isinstance(expected, float):
        assert got == pytest.approx(expected)
    else:
        assert got == expected


@pytest.mark.parametrize("name,args,expected", [
    ("count", (), 0), ("countif", (P,), 0), ("dcount", (X,), 0), ("sum", (X,), 0),
    ("make_list", (X,), "[]"), ("make_set", (X,), "[]"), ("make_bag", (D,), "{}"),
])
def test_empty_input_values(con, name, args, expected):
    assert agg(con, name, *args, empty=True) == expected


def test_avg_of_empty_input_is_nan(con):
    import math
    assert math.isnan(agg(con, "avg", X, empty=True))


def test_documented_stdev_variance():
    c = connection()
    c.execute("CREATE OR REPLACE TEMP TABLE r5 AS SELECT range::BIGINT + 1 AS x FROM range(5)")
    x = col("x", "long")
    run = lambda n, *a: c.execute(f"SELECT {registry.lookup(n).translate(Ctx(), list(a))} FROM r5").fetchone()[0]  # noqa: E731
    assert run("stdev", x) == pytest.approx(1.58113883008419)
    assert run("stdevp", x) == pytest.approx(1.4142135623731)
    assert run("variance", x) == pytest.approx(2.5)
    assert run("variancep", x) == pytest.approx(2.0)


def test_tdigest_round_trip():
    c = connection()
    c.execute("CREATE OR REPLACE TEMP TABLE td AS SELECT * FROM (VALUES (1.0::DOUBLE, 1::BIGINT), (2.0, 2)) v(V, W)")
    td = registry.lookup("tdigest").translate(Ctx(), [col("V", "real"), col("W", "long")])
    sketch = c.execute(f"SELECT {td} FROM td").fetchone()[0]
    p = registry.lookup("percentile_tdigest").translate(
        Ctx(), [Arg(f"'{sketch}'::JSON", "dynamic"), make_arg(50)])
    assert c.execute(f"SELECT {p}").fetchone()[0] == 2.0


def test_aggregate_naming():
    assert registry.lookup("count").column_name([]) == "count_"
    assert registry.lookup("countif").column_name([None]) == "countif_"
    assert registry.lookup("dcount").column_name(["User"]) == "dcount_User"
    assert registry.lookup("make_set").column_name(["y"]) == "set_y"
    assert registry.lookup("make_list").column_name(["y"]) == "list_y"
    assert registry.lookup("take_any").column_name(["x"]) == "x"
    assert registry.lookup("percentile").column_name_for([X, make_arg(95)]) == "percentile_x_95"
    assert registry.lookup("percentilew").column_name_for([X, W, make_arg(99.9)]) == "percentile_x_99_9"
    assert registry.lookup("makeset").kind == "aggregate"


# ---------------------------------------------------------------- window functions
def run_window(con, table, sql_of):
    ctx = Ctx()
    sql = sql_of(ctx)
    src = table
    for alias, s in getattr(ctx, "staged", []):
        src = f'(SELECT *, {s} AS "{alias}" FROM {src})'
    return [r[-1] for r in con.execute(f"SELECT *, {sql} FROM {src} ORDER BY __ord").fetchall()]


@pytest.fixture(scope="module")
def airports():
    c = connection()
    c.execute("""CREATE OR REPLACE TEMP TABLE ap AS SELECT *,
        row_number() OVER (ORDER BY Airport, Departures DESC) AS __ord FROM (VALUES
        ('TLV','LH',1),('TLV','LY',100),('SEA','LH',1),('SEA','BA',2),('SEA','LY',0))
        v(Airport, Airline, Departures)""")
    return c


def _restart(ctx):
    prev = registry.lookup("prev").translate(ctx, [col("Airport", "string")])
    return Arg(f'({prev} IS DISTINCT FROM "Airport")', "bool")


def test_row_number_with_restart(airports):
    L = registry.lookup
    assert run_window(airports, "ap", lambda c: L("row_number").translate(c, [])) == [1, 2, 3, 4, 5]
    got = run_window(airports, "ap", lambda c: L("row_number").translate(c, [make_arg(1), _restart(c)]))
    assert got == [1, 2, 3, 1, 2]


def test_row_cumsum_and_prev_next(airports):
    L = registry.lookup
    dep = col("Departures", "long")
    assert run_window(airports, "ap", lambda c: L("row_cumsum").translate(c, [dep])) == [2, 3, 3, 103, 104]
    assert run_window(airports, "ap", lambda c: L("row_cumsum").translate(c, [dep, _restart(c)])) == [2, 3, 3, 100, 101]
    assert run_window(airports, "ap", lambda c: L("prev").translate(c, [dep])) == [None, 2, 1, 0, 100]
    assert run_window(airports, "ap", lambda c: L("next").translate(c, [dep, make_arg(1), make_arg(-1)])) == [1, 0, 100, 1, -1]
    assert run_window(airports, "ap", lambda c: L("prev").translate(c, [col("Airline", "string")]))[0] == ""


def test_row_rank_dense_and_min(airports):
    L = registry.lookup
    ap = col("Airport", "string")
    assert run_window(airports, "ap", lambda c: L("row_rank_dense").translate(c, [ap])) == [1, 1, 1, 2, 2]
    assert run_window(airports, "ap", lambda c: L("row_rank_min").translate(c, [ap])) == [1, 1, 1, 4, 4]


def test_row_window_session():
    c = connection()
    c.execute("""CREATE OR REPLACE TEMP TABLE sess AS SELECT *, row_number() OVER (ORDER BY ID, Timestamp) AS __ord
        FROM (VALUES ('1', TIMESTAMP '2024-04-11 10:00:00'), ('2', TIMESTAMP '2024-04-11 10:18:00'),
        ('1', TIMESTAMP '2024-04-11 11:00:00'), ('3', TIMESTAMP '2024-04-11 11:30:00'),
        ('2', TIMESTAMP '2024-04-11 13:30:00'), ('2', TIMESTAMP '2024-04-11 10:16:00')) v(ID, Timestamp)""")
    L = registry.lookup

    def sql(ctx):
        prev = L("prev").translate(ctx, [col("ID", "string")])
        return L("row_window_session").translate(ctx, [
            col("Timestamp", "datetime"), make_arg(dt.timedelta(hours=1)),
            make_arg(dt.timedelta(minutes=5)), Arg(f'({prev} IS DISTINCT FROM "ID")', "bool")])
    D = dt.datetime
    assert run_window(c, "sess", sql) == [D(2024, 4, 11, 10), D(2024, 4, 11, 11), D(2024, 4, 11, 10, 16),
                                          D(2024, 4, 11, 10, 16), D(2024, 4, 11, 13, 30), D(2024, 4, 11, 11, 30)]


def test_buildschema_documented_example():
    c = connection()
    c.execute("""CREATE OR REPLACE TEMP TABLE bs AS SELECT * FROM (VALUES
        ('{"x":1, "y":3.5}'::JSON), ('{"x":"somevalue", "z":[1, 2, 3]}'::JSON),
        ('{"y":{"w":"zzz"}, "t":["aa", "bb"], "z":["foo"]}'::JSON)) v(value)""")
    sql = registry.lookup("buildschema").translate(Ctx(), [col("value", "dynamic")])
    import json
    got = json.loads(c.execute(f"SELECT {sql} FROM bs").fetchone()[0])
    assert got == {"x": ["long", "string"], "y": ["double", {"w": "string"}],
                   "z": {"indexer": ["long", "string"]}, "t": {"indexer": "string"}}
