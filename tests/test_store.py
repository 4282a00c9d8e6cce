"""The data directory: partition pruning (proved by counting the files DuckDB reads), schema
evolution, atomic writes under a concurrent reader, and `hunt store stats|prune|verify`."""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import threading
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import hunt
from hunt.cli import main
from hunt.semantic.catalog import load_default_catalog
from hunt.store import layout
from hunt.store.admin import parse_age, prune, stats, verify
from hunt.store.ingest import ingest

FIX = Path(__file__).parent / "fixtures" / "ingest"
CAT = load_default_catalog()
DAYS = [dt.date(2026, 11, 1) + dt.timedelta(days=i) for i in range(10)]
NOW = "2026-11-10T12:00:00Z"


def day_table(day: dt.date, n: int = 24, start: int = 0):
    """n DeviceEvents rows spread over one day, typed exactly as the layout says."""
    info = CAT.table("DeviceEvents")
    schema = pa.schema([f for f in layout.arrow_schema(info)
                        if f.name in ("Timestamp", "DeviceName", "ActionType", "ReportId")])
    ts = [dt.datetime(day.year, day.month, day.day) + dt.timedelta(hours=24 * i / n)
          for i in range(n)]
    return pa.table({"Timestamp": ts, "DeviceName": [f"pc-{day.day:02d}"] * n,
                     "ActionType": ["ProcessCreated"] * n,
                     "ReportId": list(range(start, start + n))}).cast(schema)


@pytest.fixture
def ten_days(tmp_path):
    data = tmp_path / "data"
    for day in DAYS:
        layout.write_partition(data, "DeviceEvents", day, day_table(day))
    return data


def damage_pages(path: Path) -> None:
    """Overwrite a Parquet file's data pages, keeping its footer (schema, statistics)."""
    blob = bytearray(path.read_bytes())
    end = len(blob) - 8 - pq.read_metadata(path).serialized_size
    blob[4:end] = b"\xff" * (end - 4)
    path.write_bytes(bytes(blob))


def files_read(h, kql) -> int:
    """How many Parquet files DuckDB opened to run the query (EXPLAIN ANALYZE)."""
    sql = h.explain(kql, now=NOW).rstrip().rstrip(";")
    h.query(kql, now=NOW)                      # builds the views the SQL reads
    plan = h._session.con.execute("EXPLAIN ANALYZE " + sql).fetchall()[0][1]
    counts = [int(m) for m in re.findall(r"Total Files Read:\s*(\d+)", plan)]
    assert counts, plan
    return sum(counts)


# -- partition pruning --------------------------------------------------------------------------

@pytest.mark.parametrize("kql, days", [
    ("DeviceEvents | where Timestamp > ago(1d) | count", 2),
    ("DeviceEvents | where Timestamp between (datetime(2026-11-03) .. datetime(2026-11-04 06:00)) "
     "| count", 2),
    ("DeviceEvents | where Timestamp >= datetime(2026-11-09) and ActionType == 'ProcessCreated' "
     "| summarize count() by DeviceName", 2),
    ("DeviceEvents | count", 10),
    # row data, not only footers (which the session's Parquet metadata cache keeps)
    ("DeviceEvents | where Timestamp > ago(1d) | summarize max(ReportId)", 2),
    ("DeviceEvents | summarize max(ReportId)", 10),
])
def test_a_time_filter_reads_only_the_matching_days(ten_days, kql, days):
    with hunt.connect(ten_days) as h:
        assert files_read(h, kql) == days


def test_pruned_results_equal_unpruned(ten_days, monkeypatch):
    import hunt.sqlgen.plan as plan
    kql = ("DeviceEvents | where Timestamp between (datetime(2026-11-03 12:00) .. "
           "datetime(2026-11-05 01:00)) | summarize n = count(), lo = min(Timestamp)")
    with hunt.connect(ten_days) as h:
        pruned = h.query(kql, now=NOW).rows
    monkeypatch.setattr(plan, "PRUNE_PARTITIONS", False)
    with hunt.connect(ten_days) as h:
        assert h.query(kql, now=NOW).rows == pruned
    assert pruned[0][0] == 12 + 24 + 2


def test_pruning_never_opens_the_other_days(ten_days):
    """The other days' data pages are destroyed (footers intact): a query that opened them
    would fail. The SQL is the form the compiler emits on a table scan."""
    for day in DAYS[:8]:
        [path] = (ten_days / "DeviceEvents" / f"date={day}").glob("*.parquet")
        st = path.stat()
        damage_pages(path)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))     # the view is not rebuilt
    sql = ('SELECT count(*) AS n FROM (SELECT "Timestamp", "__partition_date" FROM "DeviceEvents")'
           ' WHERE ("__partition_date" IS NULL OR "__partition_date" >= '
           "CAST((TIMESTAMP '2026-11-10 12:00:00' - INTERVAL 36 HOUR) AS DATE))"
           " AND \"Timestamp\" > TIMESTAMP '2026-11-10 12:00:00' - INTERVAL 36 HOUR")
    with hunt.connect(ten_days) as h:
        session = h._ensure_session()
        assert session.sql(sql).column(0).to_pylist() == [23 + 24]
        with pytest.raises(Exception):
            session.sql('SELECT count(*), max("ReportId") FROM "DeviceEvents"')


def test_files_outside_day_folders_are_never_pruned(ten_days):
    loose = ten_days / "DeviceEvents" / "manual-export.parquet"
    pq.write_table(day_table(DAYS[0], n=5, start=900), loose)
    with hunt.connect(ten_days) as h:
        got = h.query("DeviceEvents | where Timestamp > ago(1d) | count", now=NOW).rows
        # the loose file's rows are old, but it had to be read: its day is unknown
        assert got == [(11 + 24,)]
        assert files_read(h, "DeviceEvents | where Timestamp > ago(1d) | count") == 3


# -- schema evolution ---------------------------------------------------------------------------

def test_old_files_read_with_nulls_for_new_columns(tmp_path):
    data = tmp_path / "data"
    old = pa.table({"Timestamp": pa.array([dt.datetime(2026, 11, 1, 8)], pa.timestamp("us")),
                    "DeviceName": ["pc-old"]})
    layout.write_partition(data, "DeviceProcessEvents", DAYS[0], old)
    ingest([str(FIX / "streaming_storage.json")], data)
    with hunt.connect(data) as h:
        got = h.query("DeviceProcessEvents | order by Timestamp asc | project DeviceName, "
                      "ProcessId, InitiatingProcessUniqueId, IsProcessRemoteSession").rows
    assert got[0] == ("pc-old", None, "", None)        # strings are never null in KQL
    assert got[1][0] == "pc-01.contoso.com" and got[1][1] == 4242


def test_extra_columns_in_files_are_queryable(tmp_path):
    data = tmp_path / "data"
    t = pa.table({"Timestamp": pa.array([dt.datetime(2026, 11, 1, 8)], pa.timestamp("us")),
                  "DeviceName": ["pc-x"], "VendorScore": pa.array([7], pa.int32()),
                  "Labels": pa.array([["a", "b"]], pa.list_(pa.string()))})
    layout.write_partition(data, "DeviceEvents", DAYS[0], t)
    with hunt.connect(data) as h:
        r = h.query("DeviceEvents | where VendorScore > 5 | project DeviceName, VendorScore, "
                    "Labels, first = tostring(Labels[0])")
        assert r.rows == [("pc-x", 7, ["a", "b"], "a")]
        assert r.kusto_types == ["string", "int", "dynamic", "string"]
        # `take` returns every column the files have, extras after the schema's
        cols = h.query("DeviceEvents | take 1").columns
        assert cols[-2:] == ["VendorScore", "Labels"] and "__partition_date" not in cols
        assert "VendorScore" in h.explain("DeviceEvents | project VendorScore")
    with hunt.connect(tmp_path) as h2:          # another connection: its own catalog
        assert h2.schema("DeviceEvents").column("VendorScore") is None


# -- atomicity -----------------------------------------------------------------------------------

def test_a_query_during_an_ingest_sees_old_or_new_files_never_an_error(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    inputs = []
    for i in range(12):
        p = tmp_path / f"in-{i:02d}.json"
        lines = []
        for j in range(500):
            rid = i * 1000 + j
            lines.append('{"time":"2026-11-01T08:00:00Z","category":"AdvancedHunting-DeviceEvents",'
                         '"properties":{"Timestamp":"2026-11-0%dT08:%02d:%02dZ","DeviceName":"pc",'
                         '"ActionType":"X","ReportId":%d}}' % (1 + i % 3, j // 60, j % 60, rid))
        p.write_text("\n".join(lines) + "\n")
        inputs.append(p)
    seen, errors = [], []
    stop = threading.Event()

    def reader():
        with hunt.connect(data) as h:
            while not stop.is_set():
                try:
                    seen.append(h.query("DeviceEvents | count").rows[0][0])
                except Exception as exc:            # noqa: BLE001 - the test's point
                    errors.append(exc)

    t = threading.Thread(target=reader)
    t.start()
    try:
        for p in inputs:          # one ingest per file: one new Parquet file each time
            ingest([str(p)], data)
    finally:
        stop.set()
        t.join()
    assert not errors, errors[:3]
    assert len(seen) > 3
    assert all(n % 500 == 0 for n in seen)          # whole files only, never half of one
    assert seen == sorted(seen)
    with hunt.connect(data) as h:
        assert h.query("DeviceEvents | count").rows == [(6000,)]


def test_write_partition_leaves_no_temporary_file(tmp_path):
    path = layout.write_partition(tmp_path, "DeviceEvents", DAYS[0], day_table(DAYS[0]))
    assert [p.name for p in path.parent.iterdir()] == [path.name]


# -- hunt store stats | prune | verify -------------------------------------------------------------

def cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_stats_per_table_and_day(ten_days):
    layout.write_partition(ten_days, "DeviceEvents", DAYS[0], day_table(DAYS[0], 6, 100))
    entries = stats(ten_days, CAT)
    assert [e.day for e in entries] == DAYS
    first = entries[0]
    assert (first.files, first.rows) == (2, 30) and first.bytes > 0
    assert first.first == dt.datetime(2026, 11, 1) and first.last.date() == DAYS[0]
    code, out, _ = cli("store", "stats", "--data", str(ten_days))
    assert code == 0 and "DeviceEvents" in out and "246" in out
    code, out, _ = cli("store", "stats", "--days", "--data", str(ten_days))
    assert code == 0 and "2026-11-10" in out


def test_prune_removes_whole_old_days(ten_days):
    (ten_days / "DeviceTvmSoftwareInventory").mkdir()
    pq.write_table(pa.table({"DeviceId": ["d"]}),
                   ten_days / "DeviceTvmSoftwareInventory" / "part-x.parquet")
    dry = prune(ten_days, DAYS[7], dry_run=True)
    assert len(dry.removed) == 7 and len(list(ten_days.rglob("*.parquet"))) == 11
    res = prune(ten_days, DAYS[7])
    assert [r[1] for r in res.removed] == DAYS[:7]
    left = sorted(p.name for p in (ten_days / "DeviceEvents").iterdir())
    assert left == [f"date={d}" for d in DAYS[7:]]
    assert (ten_days / "DeviceTvmSoftwareInventory" / "part-x.parquet").exists()
    assert not (ten_days / ".trash").exists()
    with hunt.connect(ten_days) as h:
        assert h.query("DeviceEvents | count").rows == [(72,)]


def test_prune_cli_and_ages():
    today = dt.date(2026, 11, 30)
    assert parse_age("30d", today) == dt.date(2026, 10, 31)
    assert parse_age("2w", today) == dt.date(2026, 11, 16)
    assert parse_age("2026-11-01", today) == dt.date(2026, 11, 1)
    with pytest.raises(ValueError):
        parse_age("soon", today)


def test_prune_cli(ten_days):
    code, out, _ = cli("store", "prune", "--older-than", "2026-11-05", "--data", str(ten_days))
    assert code == 0 and "removed 4 day partition(s)" in out
    code, _, err = cli("store", "prune", "--older-than", "later", "--data", str(ten_days))
    assert code == 1 and "error:" in err and "hint:" in err and "Traceback" not in err


def test_verify_a_clean_store(tmp_path):
    data = tmp_path / "data"
    ingest([str(FIX / "streaming_storage.json"), str(FIX / "streaming_eventhub.json")], data)
    findings, nfiles, nrows = verify(data, CAT)
    assert findings == [] and nfiles == 7 and nrows == 8
    code, out, _ = cli("store", "verify", "--data", str(data))
    assert code == 0 and "0 problem(s)" in out


def test_verify_reports_each_problem_with_file_and_hint(ten_days):
    [good] = (ten_days / "DeviceEvents" / f"date={DAYS[0]}").glob("*.parquet")
    (ten_days / "DeviceEvents" / f"date={DAYS[1]}" / "broken.parquet").write_bytes(b"PAR1 junk")
    wrong = pa.table({"Timestamp": pa.array([dt.datetime(2026, 11, 3, 1)], pa.timestamp("us")),
                      "ReportId": ["not a number"]})
    pq.write_table(wrong, ten_days / "DeviceEvents" / f"date={DAYS[2]}" / "typed.parquet")
    moved = day_table(DAYS[5], 3)
    pq.write_table(moved, ten_days / "DeviceEvents" / f"date={DAYS[4]}" / "moved.parquet")
    (ten_days / "NotATable").mkdir()
    pq.write_table(pa.table({"x": [1]}), ten_days / "NotATable" / "a.parquet")
    findings, _, _ = verify(ten_days, CAT)
    by_file = {f.path: f for f in findings}
    assert "readable" in by_file[f"DeviceEvents/date={DAYS[1]}/broken.parquet"].message
    assert "ReportId is string" in by_file[f"DeviceEvents/date={DAYS[2]}/typed.parquet"].message
    assert "outside its folder" in by_file[f"DeviceEvents/date={DAYS[4]}/moved.parquet"].message
    assert by_file["NotATable/"].severity == "warning"
    assert os.path.relpath(good, ten_days) not in by_file
    code, out, err = cli("store", "verify", "--data", str(ten_days))
    assert code == 1 and "3 problem(s)" in out
    assert all(line.startswith(("error:", "warning:", "hint:")) for line in err.splitlines())


def test_verify_detects_damaged_pages(ten_days):
    [path] = (ten_days / "DeviceEvents" / f"date={DAYS[0]}").glob("*.parquet")
    damage_pages(path)
    findings, _, _ = verify(ten_days, CAT)
    assert [f.severity for f in findings] == ["error"]
    assert verify(ten_days, CAT, quick=True)[0] == []      # footers alone look fine


def test_a_query_during_a_prune_never_fails(tmp_path):
    """Each day pruned moves files away under a running query (between the view's build and
    the scan, or in the middle of the scan): the engine rebuilds its views and runs again,
    so every query sees whole days, never an error."""
    data = tmp_path / "data"
    many = [DAYS[0] + dt.timedelta(days=i) for i in range(40)]
    for day in many:
        layout.write_partition(data, "DeviceEvents", day, day_table(day))
    errors, seen = [], []
    stop, started = threading.Event(), threading.Event()

    def reader():
        with hunt.connect(data) as h:
            while not stop.is_set():
                try:
                    seen.append(h.query("DeviceEvents | summarize count(), max(ReportId)").rows)
                except Exception as exc:            # noqa: BLE001 - the test's point
                    errors.append(exc)
                started.set()

    t = threading.Thread(target=reader)
    t.start()
    try:
        assert started.wait(60)         # prune while queries run, not before the first one
        for day in many[1:]:
            prune(data, day)
        n = len(seen) + len(errors)
        while len(seen) + len(errors) < n + 2 and t.is_alive():     # and after
            stop.wait(0.01)
    finally:
        stop.set()
        t.join()
    assert not errors, errors[:3]
    assert len(seen) >= 3 and all(r[0][0] % 24 == 0 for r in seen)
    assert seen[-1][0][0] == 24
