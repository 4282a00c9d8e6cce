"""Tabular exports of one table → typed Arrow tables: CSV from the portal's result grid, Parquet.

Both are read by DuckDB (read_csv with every column as text, read_parquet with its own types),
matched to the table's columns by name (case-insensitively), coerced by hunt.store.coerce and
split by hunt.store.sink.finish_group. CSV rows DuckDB cannot split into the header's columns
are quarantined with their line; columns the schema does not have are kept as extra columns.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Optional

from hunt import types as T
from hunt.store import coerce as C
from hunt.store.sink import TableSink, finish_group
from hunt.sqlgen.dialect import string_literal


_RESERVED = ("__partition_date", "__hunt_file")


def _plan(info, names: list[str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(schema column → source column, [(extra column name, source column)]). Matching is
    case-insensitive (as DuckDB compares names); a second column matching the same name, or
    an engine name, is kept as an extra column renamed `<name>_2`..."""
    by_fold = {c.name.casefold(): c.name for c in info.columns}
    mapping: dict[str, str] = {}
    extras: list[tuple[str, str]] = []
    used = set(by_fold) | set(_RESERVED)
    for n in names:
        target = by_fold.get(n.casefold())
        if target is not None and target not in mapping:
            mapping[target] = n
            continue
        name, k = n, 1
        while name.casefold() in used:
            k += 1
            name = f"{n}_{k}"
        used.add(name.casefold())
        extras.append((name, n))
    return mapping, extras


def _select(info, mapping, types: dict[str, str], extras) -> str:
    """The coercing SELECT over relation `__src` (with __line, __idx and __raw columns)."""
    fields = [(col, C.q(mapping[col.name]), types.get(mapping[col.name]))
              if col.name in mapping else (col, "CAST(NULL AS VARCHAR)", None)
              for col in info.columns]
    return C.coerce_sql(info, fields, [(name, C.q(src)) for name, src in extras], "__src",
                        ["__line", "__idx"], "__raw")


def read_csv(con, path: Path, info, sink: TableSink, gz: bool) -> None:
    head = _first_line(path, gz)
    delim = max((",", "\t", ";", "|"), key=head.count)
    try:
        names = next(csv.reader(io.StringIO(head), delimiter=delim))
    except (StopIteration, csv.Error):
        names = []
    names = [n.strip().lstrip("\ufeff") for n in names]
    mapping, extras = _plan(info, names)
    if not mapping:
        sink.fail(f"the CSV header names no column of {info.name}",
                  "export the result grid with its header row, or check --table")
        return
    if len(set(n.casefold() for n in names)) != len(names) or any(not n for n in names):
        sink.fail("the CSV header has empty or repeated column names",
                  "give every column a distinct name in the header row")
        return
    compression = "'gzip'" if gz else "'none'"
    columns = "{" + ", ".join(f"{string_literal(n)}: 'VARCHAR'" for n in names) + "}"
    source = (f"read_csv({string_literal(str(path))}, auto_detect = false, header = true, "
              f"delim = {string_literal(delim)}, quote = '\"', escape = '\"', "
              f"columns = {columns}, store_rejects = true, rejects_table = '__rej_err', "
              f"rejects_scan = '__rej_scan', compression = {compression})")
    con.execute("DROP TABLE IF EXISTS __rej_err")
    con.execute("DROP TABLE IF EXISTS __rej_scan")
    raw = "CAST(json_object(" + ", ".join(
        f"{string_literal(n)}, {C.q(n)}" for n in names) + ") AS VARCHAR)"
    con.execute(f"CREATE OR REPLACE TEMP VIEW __src AS SELECT row_number() OVER () + 1 AS __line, "
                f"CAST(NULL AS BIGINT) AS __idx, *, {raw} AS __raw FROM {source}")
    try:
        result = con.sql(_select(info, mapping, {}, extras)).to_arrow_table()
        rejected = con.sql("""SELECT line, any_value(csv_line), string_agg(DISTINCT error_message, '; ')
                              FROM __rej_err GROUP BY line ORDER BY line""").fetchall()
    finally:
        con.execute("DROP VIEW IF EXISTS __src")
    import pyarrow as pa
    if rejected:
        n = len(rejected)
        sink.read += n
        sink.reject(pa.table({
            "__line": pa.array([r[0] for r in rejected], pa.int64()),
            "__idx": pa.nulls(n, pa.int64()),
            "__reason": pa.array([f"a CSV row that does not fit the header: {r[2]}"
                                  for r in rejected], pa.string()),
            "__raw": pa.array([r[1] for r in rejected], pa.large_string()),
            "__table": pa.array([info.name] * n, pa.string())}))
    finish_group(sink, info, result, [(name, T.STRING) for name, _ in extras])


def read_parquet(con, path: Path, info, sink: TableSink) -> None:
    source = f"read_parquet({string_literal(str(path))})"
    desc = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
    names = [r[0] for r in desc]
    types = {r[0]: r[1] for r in desc}
    mapping, extras = _plan(info, names)
    if not mapping:
        sink.fail(f"the Parquet file has no column of {info.name}",
                  "check --table (the file's columns are matched by name)")
        return
    con.execute(f"CREATE OR REPLACE TEMP VIEW __src AS SELECT row_number() OVER () AS __line, "
                f"CAST(NULL AS BIGINT) AS __idx, *, CAST(to_json(__t) AS VARCHAR) AS __raw "
                f"FROM {source} AS __t")
    try:
        result = con.sql(_select(info, mapping, types, extras)).to_arrow_table()
    finally:
        con.execute("DROP VIEW IF EXISTS __src")
    finish_group(sink, info, result, [(name, None) for name, _ in extras])  # own types


def _first_line(path: Path, gz: bool) -> str:
    import gzip
    opener = gzip.open if gz else open
    with opener(path, "rt", encoding="utf-8-sig", errors="replace", newline="") as fh:
        return fh.readline(1 << 20).rstrip("\r\n")


def infer_table(path: Path, catalog) -> Optional[str]:
    """A table named by the file (DeviceEvents.csv), a folder (…/DeviceEvents/…) or a storage
    account container (insights-logs-advancedhunting-deviceevents)."""
    by_fold = {t.name.casefold(): t.name for t in catalog.tables()}
    parts = [path.name.split(".")[0]] + [p for p in reversed(path.parent.parts)]
    for part in parts:
        folded = part.casefold()
        for prefix in ("insights-logs-advancedhunting-", "advancedhunting-", ""):
            if folded.startswith(prefix) and folded[len(prefix):] in by_fold:
                return by_fold[folded[len(prefix):]]
    return None
