"""The engine alone: Parquet views, Result conversion, limits, error mapping.

Queries here are hand-built CompiledQuery objects (the SQL is the test's), so these tests do
not depend on the parser or the compiler."""
from __future__ import annotations

import datetime as dt
import decimal
import os
import time
import uuid
from pathlib import Path

import pyarrow as pa
import pytest

from hunt.errors import KqlRuntimeError
from hunt.engine.session import Session, _apply_query_options
from hunt.engine import display, views

from tests import enginekit as K

UTC = dt.timezone.utc


@pytest.fixture
def data(tmp_path):
    K.events_fixture(tmp_path)
    return tmp_path


@pytest.fixture
def session(data):
    s = Session(data, K.catalog(), timeout=60)
    s.ensure_views()        # raw DESCRIBEs below bypass the lazy build of the query path
    yield s
    s.close()


def run1(session, sql, *cols, **kw):
    return session.run(K.query(K.stmt(sql, *cols)), **kw)[-1]


# -- views ------------------------------------------------------------------------------------

def test_view_has_schema_columns_in_order_with_duckdb_types(session):
    # schema columns, then the files' extra columns, then the partition day (issue 3)
    desc = session.con.execute('DESCRIBE "Events"').fetchall()
    assert [(r[0], r[1]) for r in desc] == [
        ("Timestamp", "TIMESTAMP"), ("DeviceName", "VARCHAR"), ("ProcessId", "BIGINT"),
        ("Count", "INTEGER"), ("Score", "DOUBLE"), ("IsAdmin", "BOOLEAN"),
        ("Extra", "JSON"), ("Id", "UUID"), ("Duration", "INTERVAL"),
        ("Unlisted", "VARCHAR"), ("__partition_date", "DATE")]


def test_view_values_strings_never_null_dynamic_and_missing_columns(session):
    rows = run1(session, 'SELECT "DeviceName" AS c0, CAST("Extra" AS VARCHAR) AS c1, '
                '"Id" AS c2, "Duration" AS c3 FROM "Events" ORDER BY "ProcessId" NULLS LAST',
                ("DeviceName", "string"), ("Extra", "string"), ("Id", "guid"),
                ("Duration", "timespan")).rows
    assert rows[0][0] == "" and rows[1][0] == "pc-01" and rows[2][0] == "pc-02"
    assert rows[0][1] == '"not json"'            # invalid JSON kept as a JSON string
    assert rows[1][1] == '{"a":1,"b":[1,2]}'
    assert rows[2][1] == ""                      # null dynamic (as text: '')
    assert [r[2] for r in rows] == [None, None, None]   # Id absent from the files
    # Duration stored as ticks (100 ns)
    assert rows[1][3] == dt.timedelta(seconds=1)
    assert rows[2][3] == dt.timedelta(days=1, microseconds=0)


def test_extra_file_columns_are_exposed_and_catalogued(session):
    names = [r[0] for r in session.con.execute('DESCRIBE "Events"').fetchall()]
    assert "Unlisted" in names
    assert session.catalog.table("Events").column("Unlisted").type == "string"


def test_table_without_files_is_empty_with_full_schema(session):
    desc = session.con.execute('DESCRIBE "Quiet"').fetchall()
    assert [(r[0], r[1]) for r in desc] == [("Timestamp", "TIMESTAMP"), ("Name", "VARCHAR"),
                                            ("Tags", "JSON"), ("__partition_date", "DATE")]
    assert session.sql('SELECT count(*) FROM "Quiet"').column(0).to_pylist() == [0]


def test_hive_partitions_and_union_by_name(tmp_path):
    K.write(tmp_path, "Quiet", pa.table({"Name": ["a"]}), partition="day=2026-11-01")
    K.write(tmp_path, "Quiet", pa.table({"Tags": ['["x"]'], "Name": [None]}),
            partition="day=2026-11-02")
    with Session(tmp_path, K.catalog()) as s:
        t = s.sql('SELECT "Name", CAST("Tags" AS VARCHAR) FROM "Quiet" ORDER BY 1')
        assert list(zip(*[c.to_pylist() for c in t.columns])) == [("", '["x"]'), ("a", None)]


def test_mixed_partition_layout_falls_back_to_plain_files(tmp_path):
    K.write(tmp_path, "Quiet", pa.table({"Name": ["a"]}), partition="day=1")
    K.write(tmp_path, "Quiet", pa.table({"Name": ["b"]}))
    with Session(tmp_path, K.catalog()) as s:
        assert sorted(s.sql('SELECT "Name" FROM "Quiet"').column(0).to_pylist()) == ["a", "b"]


def test_stored_timestamptz_and_text_timestamps_are_utc(tmp_path):
    K.write(tmp_path, "Quiet", pa.table({
        "Timestamp": pa.array([dt.datetime(2026, 1, 1, 12, tzinfo=UTC)],
                              pa.timestamp("us", tz="Europe/Paris"))}), name="a.parquet")
    K.write(tmp_path, "Quiet", pa.table({"Timestamp": ["2026-01-02T03:04:05.5Z"]}),
            name="b.parquet")
    with Session(tmp_path, K.catalog()) as s:
        r = run1(s, 'SELECT "Timestamp" AS c0 FROM "Quiet" ORDER BY 1', ("Timestamp", "datetime"))
    assert r.rows == [(dt.datetime(2026, 1, 1, 12, tzinfo=UTC),),
                      (dt.datetime(2026, 1, 2, 3, 4, 5, 500000, tzinfo=UTC),)]


def test_nested_parquet_values_become_dynamic(tmp_path):
    K.write(tmp_path, "Quiet", pa.table({"Tags": [{"k": [1, 2]}, None]}))
    with Session(tmp_path, K.catalog()) as s:
        r = run1(s, 'SELECT "Tags" AS c0 FROM "Quiet" ORDER BY 1 NULLS LAST',
                 ("Tags", "dynamic"))
    assert r.rows == [({"k": [1, 2]},), (None,)]


def test_views_follow_new_table_folders(tmp_path):
    with Session(tmp_path, K.catalog()) as s:
        assert s.sql('SELECT count(*) FROM "Quiet"').column(0).to_pylist() == [0]
        K.write(tmp_path, "Quiet", pa.table({"Name": ["a", "b"]}))
        # no explicit refresh: the per-query check sees the new folder
        assert s.sql('SELECT count(*) FROM "Quiet"').column(0).to_pylist() == [2]
        K.write(tmp_path, "Quiet", pa.table({"Name": ["c"]}), name="part-1.parquet")
        assert s.sql('SELECT count(*) FROM "Quiet"').column(0).to_pylist() == [3]


def test_views_are_built_when_first_read(tmp_path):
    K.events_fixture(tmp_path)
    with Session(tmp_path, K.catalog()) as s:
        def built():
            return {r[0] for r in s.con.execute(
                "SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
        assert built() == set()
        assert s.sql('SELECT count(*) FROM "Events"').column(0).to_pylist() == [3]
        assert built() == {"Events"}
        # a reference the name check misses (unquoted) is caught by the retry
        assert s.sql("SELECT count(*) FROM quiet").column(0).to_pylist() == [0]
        assert built() == {"Events", "Quiet"}


def test_changed_files_in_an_unchanged_folder_are_picked_up(tmp_path):
    K.write(tmp_path, "Quiet", pa.table({"Name": ["a"]}), partition="p=1")
    with Session(tmp_path, K.catalog()) as s:
        assert s.sql('SELECT "Name" FROM "Quiet"').column(0).to_pylist() == ["a"]
        # the column now lives in another file of the same partition folder
        K.write(tmp_path, "Quiet", pa.table({"Tags": ['[1]']}), partition="p=1",
                name="part-0.parquet")
        K.write(tmp_path, "Quiet", pa.table({"Name": ["b"]}), partition="p=1",
                name="part-1.parquet")
        got = s.sql('SELECT "Name", CAST("Tags" AS VARCHAR) FROM "Quiet" ORDER BY 1')
        assert list(zip(*[c.to_pylist() for c in got.columns])) == [("", "[1]"), ("b", None)]


def test_internal_tables_and_sql_relation_get_views(tmp_path):
    internal = K.table("_FileProfile", ("SHA1", "string"), ("FileSize", "int"))
    aliased = K.table("Aliased", ("x", "long"), sql_relation='"aliased_rel"')
    K.write(tmp_path, "_FileProfile", pa.table({"SHA1": ["ab"], "FileSize": [3]}))
    with Session(tmp_path, K.catalog(aliased, internal=[internal])) as s:
        assert s.sql('SELECT * EXCLUDE (__partition_date) FROM "_FileProfile"'
                     ).to_pylist() == [{"SHA1": "ab", "FileSize": 3}]
        assert s.sql('SELECT count(*) FROM "aliased_rel"').column(0).to_pylist() == [0]


def test_unreadable_file_fails_only_its_table(tmp_path):
    (tmp_path / "Quiet").mkdir()
    (tmp_path / "Quiet" / "broken.parquet").write_bytes(b"not parquet at all")
    K.events_fixture(tmp_path)
    with Session(tmp_path, K.catalog()) as s:
        assert s.sql('SELECT count(*) FROM "Events"').column(0).to_pylist() == [3]
        with pytest.raises(KqlRuntimeError) as e:
            s.sql('SELECT * FROM "Quiet"')
        assert e.value.code == "HUNT404"


# -- how a view reads its files: cost of a bind, partition column --------------------------------

def _view_sql(s, name):
    return s.con.execute("SELECT sql FROM duckdb_views() WHERE view_name = ?", [name]).fetchone()[0]


D1, D2, D3 = dt.date(2026, 11, 1), dt.date(2026, 11, 2), dt.date(2026, 11, 3)


def test_day_files_of_one_schema_are_read_by_the_hive_key_without_union_by_name(tmp_path):
    for day, pid in ((D1, 1), (D2, 2)):
        K.write(tmp_path, "Events", pa.table({"ProcessId": [pid], "DeviceName": ["pc"]}),
                partition=f"date={day}")
    with Session(tmp_path, K.catalog()) as s:
        get = 'SELECT "ProcessId", "DeviceName", "__partition_date" FROM "Events" ORDER BY 1'
        assert s.sql(get).to_pylist() == [
            {"ProcessId": 1, "DeviceName": "pc", "__partition_date": D1},
            {"ProcessId": 2, "DeviceName": "pc", "__partition_date": D2}]
        sql = _view_sql(s, "Events")
        assert "union_by_name = false" in sql and "hive_partitioning = true" in sql
        assert "regexp_extract" not in sql and "**" not in sql      # the files, named
        # a file of another schema (a column fewer, one more): union_by_name again
        K.write(tmp_path, "Events", pa.table({"ProcessId": [3], "Unlisted": ["u"]}),
                partition=f"date={D3}")
        assert [tuple(r.values()) for r in s.sql(get).to_pylist()] == [
            (1, "pc", D1), (2, "pc", D2), (3, "", D3)]
        assert s.sql('SELECT "Unlisted" FROM "Events" ORDER BY 1'    # an extra column
                     ).column(0).to_pylist() == ["", "", "u"]
        assert "union_by_name = true" in _view_sql(s, "Events")


@pytest.mark.parametrize("layout, mode", [
    ({"date=2026-11-01/a.parquet": 1, "date=2026-11-02/b.parquet": 2}, "hive"),
    ({"date=2026-11-01/a.parquet": 1, "loose.parquet": 2}, "path"),
    ({"date=2026-11-01/a.parquet": 1, "date=2026-11-02/sub/b.parquet": 2}, "path"),
    ({"date=2026-11-01/a.parquet": 1, "date=2026-13-45/b.parquet": 2}, "path"),
    ({"date=2026-11-01/a.parquet": 1, "date=2026-11-02/x=1.parquet": 2}, "path"),
    ({"a.parquet": 1, "p=1/b.parquet": 2}, "none"),
])
def test_partition_day_wherever_the_files_are(tmp_path, layout, mode):
    """The day of a file directly in a valid `date=` folder, NULL for any other; every file
    read. Hive partitioning only when every file is in a day folder."""
    for rel, pid in layout.items():
        folder, _, name = rel.rpartition("/")
        K.write(tmp_path, "Events", pa.table({"ProcessId": [pid]}), name=name,
                partition=folder or None)
    want = sorted((pid, views.day_of(rel)) for rel, pid in layout.items())
    assert want[0][1] == (D1 if mode != "none" else None)
    with Session(tmp_path, K.catalog()) as s:
        got = s.sql('SELECT "ProcessId", "__partition_date" FROM "Events" ORDER BY 1')
        assert [tuple(r.values()) for r in got.to_pylist()] == want
        sql = _view_sql(s, "Events")
        assert ("hive_partitioning = true" in sql) == (mode == "hive")
        assert ("regexp_extract" in sql) == (mode == "path")


def test_a_file_column_named_date_is_kept(tmp_path):
    for day in (D1, D2):
        K.write(tmp_path, "Events", pa.table({"ProcessId": [day.day], "date": ["mine"]}),
                partition=f"date={day}")
    with Session(tmp_path, K.catalog()) as s:
        got = s.sql('SELECT "ProcessId", "date", "__partition_date" FROM "Events" ORDER BY 1')
        assert [tuple(r.values()) for r in got.to_pylist()] == [(1, "mine", D1), (2, "mine", D2)]


def test_a_data_directory_with_an_equals_sign_reads_no_other_key(tmp_path):
    data = tmp_path / "tenant=a"
    K.write(data, "Events", pa.table({"ProcessId": [1]}), partition=f"date={D1}")
    with Session(data, K.catalog()) as s:
        got = s.sql('SELECT * FROM "Events"').to_pylist()
        assert [(r["ProcessId"], r["__partition_date"]) for r in got] == [(1, D1)]
        assert "tenant" not in got[0]


def test_each_files_schema_is_read_once(tmp_path, monkeypatch):
    read = []
    real = views.schema_signature
    monkeypatch.setattr(views, "schema_signature", lambda path, known: read.append(
        os.path.basename(os.path.dirname(path))) or real(path, known))
    for day in (D1, D2):
        K.write(tmp_path, "Events", pa.table({"ProcessId": [1]}), partition=f"date={day}")
    with Session(tmp_path, K.catalog()) as s:
        count = 'SELECT count(*) FROM "Events"'
        assert s.sql(count).column(0).to_pylist() == [2]
        assert sorted(read) == [f"date={D1}", f"date={D2}"]
        K.write(tmp_path, "Events", pa.table({"ProcessId": [1]}), partition=f"date={D3}")
        assert s.sql(count).column(0).to_pylist() == [3]
        assert sorted(read) == [f"date={D1}", f"date={D2}", f"date={D3}"]


def test_a_file_rewritten_in_place_with_another_schema_is_read_again(tmp_path):
    """Unnoticed by the folder check (same folder mtime): the query fails on the schema the
    view did not expect, rebuilds the views and runs again."""
    for day in (D1, D2):
        K.write(tmp_path, "Events", pa.table({"ProcessId": [day.day], "DeviceName": ["pc"]}),
                partition=f"date={day}")
    _age(tmp_path / "Events")
    with Session(tmp_path, K.catalog()) as s:
        get = 'SELECT "ProcessId", "DeviceName" FROM "Events" ORDER BY 1'
        assert s.sql(get).to_pylist()[1] == {"ProcessId": 2, "DeviceName": "pc"}
        folders = [tmp_path / "Events", tmp_path / "Events" / f"date={D2}"]
        times = [f.stat().st_mtime_ns for f in folders]
        K.write(tmp_path, "Events", pa.table({"ProcessId": [2]}), partition=f"date={D2}")
        for f, t in zip(folders, times):
            os.utime(f, ns=(t, t))
        assert [tuple(r.values()) for r in s.sql(get).to_pylist()] == [(1, "pc"), (2, "")]


def test_schema_signature(tmp_path):
    import pyarrow.parquet as pq

    def sig(t, name, **kw):
        path = tmp_path / name
        pq.write_table(t, path, **kw)
        return views.schema_signature(str(path), set())

    t = pa.table({"a": pa.array([1, 2], pa.int64()), "b": ["x", "y"],
                  "n": [{"k": [1, 2], "m": "z"}, None], "f": [True, None]})
    base = sig(t, "base.parquet")
    assert base is not None
    # other data, row groups, compression: the same schema
    assert sig(t.slice(1), "other.parquet", compression="zstd", row_group_size=1) == base
    # any difference in names, order, types (nested ones too), nullability: another one
    assert sig(t.rename_columns(["a", "B", "n", "f"]), "name.parquet") != base
    assert sig(t.select(["b", "a", "n", "f"]), "order.parquet") != base
    assert sig(t.set_column(0, "a", pa.array([1, 2], pa.int32())), "type.parquet") != base
    assert sig(t.set_column(2, "n", pa.array([{"k": ["1"], "m": "z"}, None])),
               "nested.parquet") != base
    assert sig(t.cast(t.schema.set(0, pa.field("a", pa.int64(), nullable=False))),
               "required.parquet") != base
    assert sig(t.drop(["f"]), "fewer.parquet") != base
    # a schema longer than the first bytes of the footer read at first
    wide = pa.table({f"column_{i:05d}": [i] for i in range(5000)})
    assert sig(wide, "wide1.parquet") == sig(wide, "wide2.parquet") is not None
    # a signature known already is recognised, not parsed again
    known = {base}
    assert views.schema_signature(str(tmp_path / "other.parquet"), known) is base
    # not Parquet: no signature
    (tmp_path / "junk.parquet").write_bytes(b"not parquet at all, not at all")
    assert views.schema_signature(str(tmp_path / "junk.parquet"), set()) is None


def test_parquet_metadata_is_cached(session):
    assert session.con.execute(
        "SELECT current_setting('parquet_metadata_cache')").fetchone()[0] is True


# -- Result -----------------------------------------------------------------------------------

ALL_TYPES_SQL = """
SELECT 'x' AS c0, NULL::VARCHAR AS c1, 42::BIGINT AS c2, 7::INTEGER AS c3, 1.5::DOUBLE AS c4,
       true AS c5, 1.25::DECIMAL(38,18) AS c6, TIMESTAMP '2026-11-01 08:30:00.123456' AS c7,
       INTERVAL 3 DAY + to_microseconds(5) AS c8, '{"a":[1,"b"]}'::JSON AS c9,
       'a1b2c3d4-0000-4000-8000-000000000001'::UUID AS c10, NULL::JSON AS c11,
       -(INTERVAL 1 DAY + to_microseconds(1)) AS c12, '"str"'::JSON AS c13
"""
ALL_TYPES = [("s", "string"), ("null_s", "string"), ("l", "long"), ("i", "int"), ("r", "real"),
             ("b", "bool"), ("d", "decimal"), ("t", "datetime"), ("ts", "timespan"),
             ("dyn", "dynamic"), ("g", "guid"), ("dnull", "dynamic"), ("neg", "timespan"),
             ("dstr", "dynamic")]


def test_result_python_values(session):
    r = run1(session, ALL_TYPES_SQL, *ALL_TYPES)
    assert r.columns == [n for n, _ in ALL_TYPES]
    assert r.kusto_types == [t for _, t in ALL_TYPES]
    row = r.rows[0]
    assert row == ("x", "", 42, 7, 1.5, True, decimal.Decimal("1.25"),
                   dt.datetime(2026, 11, 1, 8, 30, 0, 123456, tzinfo=UTC),
                   dt.timedelta(days=3, microseconds=5), {"a": [1, "b"]},
                   uuid.UUID("a1b2c3d4-0000-4000-8000-000000000001"), None,
                   -dt.timedelta(days=1, microseconds=1), "str")
    assert row[7].tzinfo is UTC
    assert len(r) == 1 and list(r) == r.rows


def test_hugeint_and_decimal_follow_the_kusto_type(session):
    r = run1(session, "SELECT 12::HUGEINT AS c0, 1.5 AS c1, NULL::HUGEINT AS c2",
             ("n", "long"), ("r", "real"), ("m", "long"))
    assert r.rows == [(12, 1.5, None)]
    assert type(r.rows[0][0]) is int and type(r.rows[0][1]) is float
    t = r.to_arrow()
    assert t.schema.field("n").type == pa.int64() and t.schema.field("r").type == pa.float64()


def test_interval_conversion_is_exact_for_many_rows(session):
    r = run1(session, "SELECT CASE WHEN x % 7 = 0 THEN NULL ELSE "
                      "to_microseconds(x * 86400000123 - 5000000000) END AS c0 "
                      "FROM range(20000) t(x) ORDER BY x", ("t", "timespan"))
    expect = [None if x % 7 == 0 else dt.timedelta(microseconds=x * 86400000123 - 5000000000)
              for x in range(20000)]
    assert [v for (v,) in r.rows] == expect


def test_interval_days_and_micros_both_count(session):
    r = run1(session, "SELECT INTERVAL 2 DAY - INTERVAL 1 HOUR AS c0", ("t", "timespan"))
    assert r.rows == [(dt.timedelta(days=1, hours=23),)]


def test_case_differing_names_come_back_by_position(session):
    r = session.run(K.query(K.stmt('SELECT 1 AS "c0", 2 AS "C1"', ("Name", "long"),
                                   ("name", "long"))))[-1]
    assert r.columns == ["Name", "name"] and r.rows == [(1, 2)]
    assert r.to_arrow().column_names == ["Name", "name"]
    assert list(r.to_pandas().columns) == ["Name", "name"]


def test_to_arrow_forms(session):
    r = run1(session, ALL_TYPES_SQL, *ALL_TYPES)
    t = r.to_arrow()
    assert t.column_names == [n for n, _ in ALL_TYPES]
    assert t.schema.field("t").type == pa.timestamp("us", tz="UTC")
    assert t.schema.field("ts").type == pa.duration("us")
    assert t.column("ts").to_pylist() == [dt.timedelta(days=3, microseconds=5)]
    assert t.column("dyn").to_pylist() == ['{"a":[1,"b"]}']
    assert t.column("null_s").to_pylist() == [""]
    assert t.column("g").to_pylist() == ["a1b2c3d4-0000-4000-8000-000000000001"]


def test_to_pandas(session):
    r = run1(session, ALL_TYPES_SQL, *ALL_TYPES)
    df = r.to_pandas()
    assert list(df.columns) == [n for n, _ in ALL_TYPES]
    assert df["dyn"][0] == {"a": [1, "b"]}
    assert str(df["t"].dtype).startswith("datetime64")
    assert df["ts"][0].total_seconds() == pytest.approx(3 * 86400 + 5e-6)


def test_repr_is_readable(session):
    r = run1(session, "SELECT x AS c0 FROM range(8) t(x)", ("x", "long"))
    text = repr(r)
    assert text.startswith("<Result 8 rows [x:long]>") and "3 more" in text


def test_empty_result_keeps_columns(session):
    r = run1(session, 'SELECT "DeviceName" AS c0 FROM "Events" WHERE false',
             ("DeviceName", "string"))
    assert r.rows == [] and r.columns == ["DeviceName"] and len(r) == 0
    assert r.to_arrow().num_rows == 0


def test_render_ordered_and_sql_are_carried(session):
    st = K.stmt("SELECT 1 AS c0", ("x", "long"), render={"kind": "timechart",
                                                          "properties": {}}, ordered=True)
    r = session.run(K.query(st))[-1]
    assert r.render == {"kind": "timechart", "properties": {}}
    assert r.ordered and r.sql == "SELECT 1 AS c0" and r.elapsed >= 0


def test_several_statements_give_one_result_each(session):
    q = K.query(K.stmt("SELECT 1 AS c0", ("a", "long")), K.stmt("SELECT 'z' AS c0", ("b", "string")))
    results = session.run(q)
    assert [r.rows for r in results] == [[(1,)], [("z",)]]
    assert results[-1].results == results


def test_out_of_range_timestamp_is_null_not_a_crash(session):
    r = run1(session, "SELECT * FROM (VALUES (TIMESTAMP '99999-01-01'), (TIMESTAMP '2026-01-01')) t(c0)",
             ("t", "datetime"))
    assert r.rows == [(None,), (dt.datetime(2026, 1, 1, tzinfo=UTC),)]


# -- limits -----------------------------------------------------------------------------------

def test_row_cap_truncates_and_says_so(data):
    with Session(data, K.catalog(), max_rows=100) as s:
        r = run1(s, "SELECT x AS c0 FROM range(1000) t(x) ORDER BY x", ("x", "long"))
        assert len(r) == 100 and r.truncated and r.rows[-1] == (99,)
        r = run1(s, "SELECT x AS c0 FROM range(100) t(x)", ("x", "long"))
        assert len(r) == 100 and not r.truncated
        r = run1(s, "SELECT x AS c0 FROM range(101) t(x)", ("x", "long"))
        assert len(r) == 100 and r.truncated


def test_default_row_cap_is_100000(session):
    r = run1(session, "SELECT x AS c0 FROM range(100001) t(x)", ("x", "long"))
    assert len(r) == 100_000 and r.truncated and r.max_rows == 100_000


def test_row_cap_stops_reading_early(session):
    started = time.perf_counter()
    r = run1(session, "SELECT x AS c0 FROM range(5000000000) t(x)", ("x", "long"),
             max_rows=10)
    assert r.truncated and len(r) == 10
    assert time.perf_counter() - started < 10


def test_set_notruncation_and_truncationmaxrecords():
    assert _apply_query_options({"notruncation": True}, 100) is None
    assert _apply_query_options({"truncationmaxrecords": 5}, 100) == 5
    assert _apply_query_options({"truncationmaxrecords": 500}, 100) == 100
    assert _apply_query_options({}, 100) == 100


def test_timeout_interrupts_duckdb(data):
    with Session(data, K.catalog(), timeout=0.5) as s:
        started = time.perf_counter()
        with pytest.raises(KqlRuntimeError) as e:
            run1(s, "SELECT count(*) AS c0 FROM range(100000000000) t(x) WHERE x % 7 = 3",
                 ("n", "long"))
        assert time.perf_counter() - started < 10
        assert e.value.code == "HUNT401"
        assert e.value.message == "query timed out after 0.5 s"
        assert e.value.help
        # the session is still usable
        assert run1(s, "SELECT 1 AS c0", ("x", "long")).rows == [(1,)]


def test_memory_limit_is_applied_and_reported(data):
    with Session(data, K.catalog(), memory_limit="40MiB", threads=1) as s:
        limit = s.con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
        assert limit.startswith("40") and "MiB" in limit
        with pytest.raises(KqlRuntimeError) as e:
            run1(s, "SELECT list(x::VARCHAR || repeat('x', 100)) AS c0 FROM range(5000000) t(x)",
                 ("l", "dynamic"))
        assert e.value.code == "HUNT402" and "memory" in e.value.message, repr(e.value.__cause__)


def test_threads_option(data):
    with Session(data, K.catalog(), threads=2) as s:
        assert s.con.execute("SELECT current_setting('threads')").fetchall()[0][0] == 2


def test_session_prelude_settings(session):
    got = dict(session.con.execute(
        "SELECT name, value FROM duckdb_settings() WHERE name IN ('TimeZone', "
        "'error_on_division_by_zero', 'enable_progress_bar')").fetchall())
    assert got == {"TimeZone": "UTC", "error_on_division_by_zero": "false",
                   "enable_progress_bar": "false"}
    assert run1(session, "SELECT 1 // 0 AS c0", ("x", "long")).rows == [(None,)]


# -- errors -----------------------------------------------------------------------------------

def test_conversion_error_maps_to_kql_runtime_error(session):
    with pytest.raises(KqlRuntimeError) as e:
        run1(session, "SELECT CAST('abc' AS INTEGER) AS c0", ("x", "int"))
    assert e.value.code == "HUNT403"
    assert "\n" not in e.value.message and "abc" in e.value.message
    assert "toint" in e.value.help
    assert e.value.__cause__ is not None


def test_bad_generated_sql_is_reported_as_a_hunt_bug(session):
    with pytest.raises(KqlRuntimeError) as e:
        run1(session, 'SELECT "NoSuchColumn" AS c0 FROM "Events"', ("x", "long"))
    assert e.value.code == "HUNT498" and "\n" not in e.value.message
    assert "report" in e.value.help


def test_column_count_mismatch_is_reported(session):
    with pytest.raises(KqlRuntimeError) as e:
        run1(session, "SELECT 1 AS c0, 2 AS c1", ("x", "long"))
    assert e.value.code == "HUNT498"


def test_overflow_is_a_value_error(session):
    with pytest.raises(KqlRuntimeError) as e:
        run1(session, "SELECT 9223372036854775807::BIGINT + 1 AS c0", ("x", "long"))
    assert e.value.code == "HUNT406"


# -- display (shared by CLI and REPL) ---------------------------------------------------------

def test_display_text_forms():
    assert display.cell_text(dt.datetime(2026, 11, 1, tzinfo=UTC)) == "2026-11-01T00:00:00Z"
    assert display.cell_text(dt.datetime(2026, 11, 1, 0, 0, 0, 500000, tzinfo=UTC)) == \
        "2026-11-01T00:00:00.5Z"
    assert display.cell_text(dt.timedelta(days=1, hours=2, microseconds=1)) == \
        "1.02:00:00.0000010"
    assert display.cell_text(-dt.timedelta(minutes=5)) == "-00:05:00"
    assert display.cell_text({"a": [1, "x"]}) == '{"a":[1,"x"]}'
    assert display.cell_text(True) == "true" and display.cell_text(None) == ""
    assert display.cell_text(2.0) == "2" and display.cell_text(float("nan")) == "NaN"


def test_display_table_fits_width():
    rows = [("a" * 200, 1, {"k": "v" * 50})] * 3
    text = display.render_table(["Wide", "N", "Dyn"], ["string", "long", "dynamic"], rows,
                                width=60)
    assert all(display.display_width(line) <= 60 for line in text.splitlines())
    assert "…" in text


# -- files that change or vanish under a session (issue 3) ------------------------------------

def _age(folder, seconds=60):
    """Make every folder's mtime older, as a store nobody wrote to lately."""
    old = time.time() - seconds
    for root, dirs, _ in os.walk(folder):
        for d in [root] + [os.path.join(root, d) for d in dirs]:
            os.utime(d, (old, old))


def test_unchanged_folders_are_not_listed_again(tmp_path, monkeypatch):
    from hunt.engine import session as S
    for day in ("2026-11-01", "2026-11-02"):
        K.write(tmp_path, "Events", pa.table({"ProcessId": [1]}), partition=f"date={day}")
    _age(tmp_path / "Events")
    listed = []
    real = S._snapshot
    monkeypatch.setattr(S, "_snapshot", lambda folder: listed.append(folder) or real(folder))
    with Session(tmp_path, K.catalog()) as s:
        count = 'SELECT count(*) FROM "Events"'
        assert s.sql(count).column(0).to_pylist() == [2]
        assert len(listed) == 1
        for _ in range(3):
            assert s.sql(count).column(0).to_pylist() == [2]
        assert len(listed) == 1                     # settled folders: a stat each, no listing
        # a new file in an old day folder moves that folder's mtime
        K.write(tmp_path, "Events", pa.table({"ProcessId": [2], "NewCol": ["x"]}),
                partition="date=2026-11-01", name="part-1.parquet")
        assert s.sql(count).column(0).to_pylist() == [3]
        assert len(listed) == 2
        assert "NewCol" in [c.name for c in s.catalog.table("Events").columns]
        # folders changed within the last seconds are listed at every check (coarse mtimes)
        assert s.sql(count).column(0).to_pylist() == [3]
        assert len(listed) == 3


def test_a_removed_table_folder_and_a_new_one_are_noticed(tmp_path):
    import shutil
    K.write(tmp_path, "Events", pa.table({"ProcessId": [1]}), partition="date=2026-11-01")
    _age(tmp_path)
    with Session(tmp_path, K.catalog()) as s:
        count = 'SELECT count(*) FROM "Events"'
        assert s.sql(count).column(0).to_pylist() == [1]
        assert s.sql('SELECT count(*) FROM "Quiet"').column(0).to_pylist() == [0]
        shutil.rmtree(tmp_path / "Events")
        assert s.sql(count).column(0).to_pylist() == [0]
        K.write(tmp_path, "Quiet", pa.table({"Name": ["a"]}))
        assert s.sql('SELECT count(*) FROM "Quiet"').column(0).to_pylist() == [1]


def test_a_day_removed_between_view_and_scan_runs_again(tmp_path, monkeypatch):
    """The race of `hunt store prune`: files listed by the view's glob vanish before DuckDB
    opens them. The query rebuilds its views and runs again: no error, the remaining days."""
    import shutil
    for day in ("2026-11-01", "2026-11-02", "2026-11-03"):
        K.write(tmp_path, "Events", pa.table({"ProcessId": [1, 2]}), partition=f"date={day}")
    with Session(tmp_path, K.catalog()) as s:
        real_open = s._open
        removed = []

        def open_after_a_prune(con, sql):
            if len(removed) < 2:            # twice in a row: the retries are several
                day = ("2026-11-01", "2026-11-02")[len(removed)]
                shutil.move(str(tmp_path / "Events" / f"date={day}"), str(tmp_path / day))
                removed.append(day)
                # the bind lists the files the view saw a moment ago: as if they vanished
                # between listing and opening
                con.execute(f"SELECT count(*) FROM read_parquet('{tmp_path / day}/x.parquet')")
            return real_open(con, sql)

        open_after_a_prune.one_statement = real_open.one_statement
        s._open = open_after_a_prune
        r = run1(s, 'SELECT count(*) AS c0 FROM "Events"', ("n", "long"))
        assert r.rows == [(2,)] and len(removed) == 2


def test_vanished_file_errors_are_retried_other_errors_are_not(data):
    from hunt.engine import session as S
    assert S._vanished_file('IO Error: No files found that match the pattern "x/**/*.parquet"')
    assert S._vanished_file('IO Error: Cannot open file "x.parquet": No such file or directory')
    assert not S._vanished_file("Conversion Error: Could not convert string 'a' to INT64")
    with Session(data, K.catalog()) as s:
        calls = []
        real = s._fetch
        s._fetch = lambda sql, n: calls.append(sql) or real(sql, n)
        with pytest.raises(KqlRuntimeError) as e:
            run1(s, "SELECT CAST('a' AS BIGINT) AS c0", ("x", "long"))
        assert e.value.code == "HUNT403" and len(calls) == 1
        calls.clear()
        with pytest.raises(KqlRuntimeError) as e:       # a bad column: one retry, then the error
            run1(s, 'SELECT "NoSuchColumn" AS c0 FROM "Events"', ("x", "long"))
        assert e.value.code == "HUNT498" and len(calls) == 2


# -- per-query costs ----------------------------------------------------------------------------

def test_sql_functions_are_created_when_first_called(data):
    with Session(data, K.catalog()) as s:
        def created():
            return {r[0] for r in s.con.execute(
                "SELECT function_name FROM duckdb_functions() "
                "WHERE function_name LIKE 'kql\\_%' ESCAPE '\\'").fetchall()}
        assert created() == set()
        assert run1(s, "SELECT 1 AS c0", ("x", "long")).rows == [(1,)]
        assert created() == set()
        # a macro whose body calls other macros: they come with it
        r = run1(s, "SELECT kql_ipv4_is_private('10.1.2.3') AS c0", ("b", "bool"))
        assert r.rows == [(True,)]
        assert {"kql_ipv4_is_private", "kql_parse_ipv4", "kql_ipv4_base"} <= created()
        assert "kql_parse_json" not in created()
        s.install_all_functions()
        assert "kql_parse_json" in created()


def test_compiled_sql_skips_the_parse_raw_sql_does_not(data, monkeypatch):
    from hunt.engine import sandbox
    parsed = []
    real = sandbox.check_statement
    monkeypatch.setattr(sandbox, "check_statement",
                        lambda con, sql: parsed.append(sql) or real(con, sql))
    with Session(data, K.catalog()) as s:
        run1(s, 'WITH a AS (SELECT 1 AS x) SELECT x AS c0 FROM a;', ("x", "long"))
        assert parsed == []
        s.sql("SELECT 1")
        assert parsed == ["SELECT 1"]
        with pytest.raises(KqlRuntimeError) as e:      # not plainly a SELECT: parsed, refused
            run1(s, "SELECT 1 AS c0; SELECT 2", ("x", "long"))
        assert e.value.code == "HUNT405"


@pytest.mark.parametrize("sql, plain", [
    ("SELECT 1;", True),
    ("WITH a AS (SELECT 1) SELECT * FROM a;\n", True),
    ("SELECT 'x; COPY (SELECT 1) TO ''f''' AS \"INSERT\" -- ; DROP", True),
    ("SELECT regexp_matches(s, '^a$') FROM t", True),
    ("SELECT E'it\\'s' AS x", False),             # E'' escapes: parsed instead
    ("SELECT E'its' AS x", True),
    ("SELECT 1; COPY (SELECT 1) TO 'x'", False),
    ("COPY (SELECT 1) TO 'x'", False),
    ("WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a", False),
    ("SELECT $$'$$; COPY (SELECT 1) TO 'x'; SELECT '", False),
    ("SELECT E'\\'' ; COPY (SELECT 1) TO 'x' ; SELECT ''", False),
    ("SELECT 1 /* /* */ ' */ ; COPY (SELECT 1) TO 'x' --'", False),
    ("PRAGMA version", False),
    ("SELECT 1 WHERE $1", False),
])
def test_plainly_one_select(sql, plain):
    from hunt.engine.sandbox import plainly_one_select
    assert plainly_one_select(sql) is plain


def test_result_datetimes_of_every_stored_form(session):
    r = run1(session, "SELECT TIMESTAMP_NS '2026-11-01 08:30:00.123456789' AS c0, "
             "TIMESTAMPTZ '2026-11-01 08:30:00+02' AS c1, DATE '2026-11-02' AS c2, "
             "TIMESTAMP_S '2026-11-01 08:30:05' AS c3, NULL::TIMESTAMP AS c4, "
             "TIMESTAMP_MS '2026-11-01 08:30:05.5' AS c5",
             *[(f"t{i}", "datetime") for i in range(6)])
    assert r.rows == [(dt.datetime(2026, 11, 1, 8, 30, 0, 123456, tzinfo=UTC),
                       dt.datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
                       dt.datetime(2026, 11, 2, tzinfo=UTC),
                       dt.datetime(2026, 11, 1, 8, 30, 5, tzinfo=UTC), None,
                       dt.datetime(2026, 11, 1, 8, 30, 5, 500000, tzinfo=UTC))]
    r = run1(session, "SELECT t AS c0 FROM (VALUES (TIMESTAMP '2026-01-01'), (NULL), "
             "(TIMESTAMP '2026-01-02')) v(t) LIMIT 3 OFFSET 1", ("t", "datetime"))
    assert r.rows == [(None,), (dt.datetime(2026, 1, 2, tzinfo=UTC),)]


def test_rows_and_arrow_do_not_import_pandas(data):
    import subprocess
    import sys
    code = f"""
import sys
from hunt.engine.session import Session
from tests import enginekit as K
with Session({str(data)!r}, K.catalog()) as s:
    r = s.run(K.query(K.stmt("SELECT NULL::VARCHAR AS c0, TIMESTAMP '2026-01-01' AS c1, "
                             "INTERVAL 1 DAY AS c2, NULL::INTERVAL AS c3",
                             ("s", "string"), ("t", "datetime"), ("d", "timespan"),
                             ("n", "timespan"))))[-1]
    assert r.rows[0][0] == "" and r.rows[0][3] is None, r.rows
    r.to_arrow()
    print(sorted(m for m in ("pandas", "pyarrow.compute") if m in sys.modules))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(Path(__file__).parent.parent))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['pyarrow.compute']"   # to_arrow's fill_null; rows: neither
