"""The compiled-query cache (hunt.compiler.CompileCache): a query run again skips compiling,
and its results are those of a fresh compile at the new `now`."""
import datetime as dt

import pyarrow as pa

import hunt
from hunt.compiler import CompileCache, compile_query
from hunt.semantic.catalog import load_default_catalog

T0 = dt.datetime(2026, 3, 1, 12, 0, 0)

QUERIES = [
    "DeviceProcessEvents | where Timestamp > ago(1d) | count",
    "print a = now(), b = ago(2h), c = startofday(now()), d = bin(now(), 1d), e = dayofweek(now())",
    "print x = datetime_diff('minute', now(), datetime(2026-01-01))",
    "range t from ago(3h) to now() step 1h | summarize count(), max(t)",
    "let since = ago(7d); DeviceLogonEvents | where Timestamp between (since .. now()) | take 1",
    "set query_now = datetime(2020-01-01); print now()",
    "print x = 1",
]


def test_a_hit_gives_the_sql_of_a_fresh_compile_at_the_new_now():
    catalog = load_default_catalog()
    cache = CompileCache()
    for q in QUERIES:
        for shift in (dt.timedelta(0), dt.timedelta(days=1, hours=5, microseconds=3),
                      dt.timedelta(days=-400, seconds=1)):
            now = T0 + shift
            got = cache.compile(q, catalog, now=now)
            want = compile_query(q, catalog, now=now)
            assert [s.sql for s in got.statements] == [s.sql for s in want.statements], q
            assert got.last.columns == want.last.columns
            assert got.options == want.options
    # every one of these is cacheable, once seen at two instants
    assert len(cache._entries) == len(QUERIES)
    assert all(instant is None for _, instant in cache._entries.values())


def test_an_entry_serves_other_instants_only_once_verified(monkeypatch):
    import hunt.compiler as C
    catalog = load_default_catalog()
    cache = CompileCache()
    calls = []
    real = C.compile_query
    monkeypatch.setattr(C, "compile_query", lambda *a, **k: calls.append(k["now"]) or real(*a, **k))
    q = "print ago(1h)"
    cache.compile(q, catalog, now=T0)
    cache.compile(q, catalog, now=T0)                           # its own instant: a hit
    assert len(calls) == 1
    cache.compile(q, catalog, now=T0 + dt.timedelta(hours=1))   # compiled, then verified
    assert len(calls) == 2
    got = cache.compile(q, catalog, now=T0 + dt.timedelta(days=9))
    assert len(calls) == 2
    assert got.last.sql == real(q, catalog, now=T0 + dt.timedelta(days=9)).last.sql


def test_a_catalog_change_and_other_params_miss():
    catalog = load_default_catalog()
    cache = CompileCache()
    q = "print x = n"
    a = cache.compile(q, catalog, now=T0, params={"n": 2})
    b = cache.compile(q, catalog, now=T0, params={"n": 3})
    assert a.last.sql != b.last.sql
    before = len(cache._entries)
    catalog.add(catalog.table("DeviceInfo"))
    cache.compile(q, catalog, now=T0, params={"n": 2})
    assert len(cache._entries) == before + 1


def test_rows_follow_now_through_the_cache(tmp_path):
    h = hunt.connect(tmp_path)
    h.register("Events", pa.table({
        "Timestamp": pa.array([T0 - dt.timedelta(hours=h_) for h_ in (1, 5, 30)],
                              pa.timestamp("us", tz="UTC")),
        "Name": ["a", "b", "c"]}))
    q = "Events | where Timestamp > ago(6h) | summarize n = count()"
    assert h.query(q, now=T0).rows == [(2,)]
    assert h.query(q, now=T0 + dt.timedelta(hours=2)).rows == [(1,)]
    assert h.query(q, now=T0 - dt.timedelta(hours=30)).rows == [(3,)]
    assert h.query(q, now=T0 + dt.timedelta(days=2)).rows == [(0,)]


def test_queries_that_look_at_data_are_not_cached(tmp_path):
    h = hunt.connect(tmp_path)
    h.register("Bags", pa.table({"d": ['{"a": 1}', '{"b": 2}']}))
    q = "Bags | extend d = parse_json(d) | evaluate bag_unpack(d)"
    assert [c.name for c in h.compile(q).last.columns] == ["a", "b"]
    assert not h._compiled._entries
