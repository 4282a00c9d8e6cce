"""Helpers for the engine, API and CLI tests: Parquet fixtures, small catalogs and hand-built
CompiledQuery objects (SQL written by the test, not by the compiler)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from hunt.compiled import CompiledQuery, CompiledStatement, ExternalDataRequest, OutputColumn
from hunt.semantic.catalog import Catalog, ColumnInfo, TableInfo

UTC = dt.timezone.utc


def table(name: str, *cols: tuple[str, str], sql_relation=None) -> TableInfo:
    return TableInfo(name, tuple(ColumnInfo(n, t) for n, t in cols), sql_relation=sql_relation)


def write(data_dir: Path, table_name: str, arrow_table: pa.Table, name: str = "part-0.parquet",
          partition: str | None = None) -> Path:
    folder = Path(data_dir) / table_name
    if partition:
        folder = folder / partition
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    pq.write_table(arrow_table, path)
    return path


EVENTS = table("Events", ("Timestamp", "datetime"), ("DeviceName", "string"),
               ("ProcessId", "long"), ("Count", "int"), ("Score", "real"),
               ("IsAdmin", "bool"), ("Extra", "dynamic"), ("Id", "guid"),
               ("Duration", "timespan"))
EMPTY = table("Quiet", ("Timestamp", "datetime"), ("Name", "string"), ("Tags", "dynamic"))


def catalog(*tables: TableInfo, internal=()) -> Catalog:
    return Catalog(list(tables or (EVENTS, EMPTY)), {}, list(internal))


def events_fixture(data_dir: Path) -> Path:
    """Events: 3 rows with nulls, invalid JSON, a missing column (Id) and an extra one."""
    t = pa.table({
        "Timestamp": pa.array([dt.datetime(2026, 11, 1, 8, 30), dt.datetime(2026, 11, 1, 9),
                               None], pa.timestamp("us")),
        "DeviceName": ["pc-01", None, "pc-02"],
        "ProcessId": pa.array([4242, 7, None], pa.int64()),
        "Count": pa.array([1, None, 3], pa.int32()),
        "Score": [0.5, None, 2.25],
        "IsAdmin": [True, False, None],
        "Extra": ['{"a":1,"b":[1,2]}', "not json", None],
        "Duration": pa.array([10_000_000, None, 864_000_000_001], pa.int64()),   # ticks
        "Unlisted": ["x", "y", "z"],
    })
    return write(data_dir, "Events", t)


def stmt(sql: str, *cols: tuple[str, str], render=None, ordered=False) -> CompiledStatement:
    """A statement whose SELECT names its columns c0, c1, ... in order."""
    return CompiledStatement(sql, tuple(OutputColumn(n, t, f"c{i}") for i, (n, t) in
                                        enumerate(cols)), render=render, ordered=ordered)


def query(*statements: CompiledStatement, externaldata=(), options=None) -> CompiledQuery:
    return CompiledQuery("<test>", tuple(statements), tuple(externaldata), dict(options or {}))


def external(relation: str, urls, columns, **options) -> ExternalDataRequest:
    return ExternalDataRequest(relation, tuple(urls), tuple(columns), tuple(options.items()))
