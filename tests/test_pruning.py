"""A time filter in KQL reads only the matching days' files (issue 3: partition pruning).

The compiler turns Timestamp bounds on a table scan into predicates on the views'
`__partition_date` column; DuckDB then skips other days' files. Checked with DuckDB's own
profile ("Total Files Read"), not with timings."""
from __future__ import annotations

import datetime as dt
import re

import pyarrow as pa
import pytest

import hunt
from hunt.semantic.catalog import load_default_catalog
from hunt.store import layout

DAYS = 5


@pytest.fixture(scope="module")
def days_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("days")
    for table in ("DeviceProcessEvents", "DeviceFileEvents"):
        schema = layout.arrow_schema(load_default_catalog().table(table))
        for i in range(DAYS):
            day = dt.date(2026, 11, 1) + dt.timedelta(days=i)
            cols = {f.name: pa.nulls(3, f.type) for f in schema}
            cols["Timestamp"] = pa.array([dt.datetime.combine(day, dt.time(h)) for h in range(3)],
                                         pa.timestamp("us"))
            cols["FileName"] = pa.array(["a.exe", "b.exe", "c.exe"])
            layout.write_partition(d, table, day, pa.table(cols, schema=schema))
    return d


def files_read(h, kql, now="2026-11-06T00:00:00Z") -> int:
    sql = h.explain(kql, now=now).rstrip().rstrip(";")
    profile = h._ensure_session().con.execute("EXPLAIN ANALYZE " + sql).fetchall()[0][1]
    return sum(int(n) for n in re.findall(r"Total Files Read: (\d+)", profile))


@pytest.mark.parametrize("kql, files, rows", [
    ("DeviceProcessEvents | where Timestamp > datetime(2026-11-04)", 2, 5),
    ("DeviceProcessEvents | where Timestamp between (datetime(2026-11-02) .. datetime(2026-11-03 23:00))", 2, 6),
    ("DeviceProcessEvents | where FileName == 'a.exe' | where Timestamp >= ago(1d)", 1, 1),
    ("DeviceProcessEvents | where TimeGenerated < datetime(2026-11-01 12:00)", 1, 3),
    ("DeviceProcessEvents | where FileName == 'a.exe'", DAYS, DAYS),
    # through a union: each table leg reads its matching days only; a leg that is not a
    # plain table scan reads everything it needs
    ("union DeviceProcessEvents, DeviceFileEvents | where Timestamp > datetime(2026-11-04)", 4, 10),
    ("union withsource=T DeviceProcessEvents, (DeviceFileEvents | where FileName == 'a.exe')"
     " | where Timestamp > datetime(2026-11-04)", 2 + DAYS, 5 + 1),
])
def test_time_filters_read_only_matching_days(days_dir, kql, files, rows):
    with hunt.connect(days_dir) as h:
        assert files_read(h, kql) == files
        assert len(h.query(kql, now="2026-11-06T00:00:00Z").rows) == rows
