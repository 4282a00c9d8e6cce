"""`hunt store`: look after a data directory.

    stats(data)                      rows, bytes and time range per table and day
    prune(data, cutoff)              remove whole day partitions older than a day (atomic)
    verify(data, catalog)            every file readable and typed as the schema says

All three read Parquet footers (row counts, sizes, min/max statistics) rather than data,
except `verify`, which also decodes every page unless `quick`.
"""
from __future__ import annotations

import datetime as _dt
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from hunt.store import layout

TRASH_DIR = ".trash"


@dataclass
class DayStats:
    table: str
    day: Optional[_dt.date]         # None: files outside day folders
    files: int = 0
    rows: int = 0
    bytes: int = 0
    first: Optional[_dt.datetime] = None
    last: Optional[_dt.datetime] = None


def _time_range(meta, column: Optional[str]):
    """(min, max) of a column over a file's row groups, from the footer statistics."""
    if column is None:
        return None, None
    schema = meta.schema.to_arrow_schema()
    idx = schema.get_field_index(column)
    if idx < 0:
        return None, None
    lo = hi = None
    for g in range(meta.num_row_groups):
        st = meta.row_group(g).column(idx).statistics
        if st is None or not st.has_min_max:
            continue
        a, b = st.min, st.max
        if not isinstance(a, _dt.datetime) or not isinstance(b, _dt.datetime):
            continue
        lo = a if lo is None or a < lo else lo
        hi = b if hi is None or b > hi else hi
    return lo, hi


def stats(data: Path, catalog) -> list[DayStats]:
    """One entry per table and day (and per table for files outside day folders)."""
    import pyarrow.parquet as pq

    out: list[DayStats] = []
    for table in layout.table_names(data):
        info = catalog.table(table) if catalog is not None else None
        tcol = info.time_column if info is not None else "Timestamp"
        by_day: dict = {}
        for day, path in layout.parquet_files(data, table):
            entry = by_day.setdefault(day, DayStats(table, day))
            entry.files += 1
            try:
                entry.bytes += path.stat().st_size
                meta = pq.ParquetFile(path).metadata
            except Exception:       # noqa: BLE001 - `verify` says why
                continue
            entry.rows += meta.num_rows
            lo, hi = _time_range(meta, tcol)
            if lo is not None:
                entry.first = lo if entry.first is None or lo < entry.first else entry.first
                entry.last = hi if entry.last is None or hi > entry.last else entry.last
        out.extend(by_day[d] for d in sorted(by_day, key=lambda d: (d is not None, d)))
    return out


@dataclass
class PruneResult:
    cutoff: _dt.date
    removed: list = field(default_factory=list)     # (table, day, files, bytes)
    dry_run: bool = False

    @property
    def bytes(self) -> int:
        return sum(r[3] for r in self.removed)


def prune(data: Path, cutoff: _dt.date, dry_run: bool = False, note=None) -> PruneResult:
    """Remove every day partition whose day is before `cutoff`. Each folder is first renamed
    out of the table (one atomic rename: a query sees the whole day or none of it), then
    deleted; files outside day folders (tables without a time column) are never touched."""
    from hunt.store.manifest import ingest_lock

    data = Path(data)
    result = PruneResult(cutoff, dry_run=dry_run)
    with ingest_lock(data, note):
        trash = data / TRASH_DIR
        for table in layout.table_names(data):
            root = layout.table_dir(data, table)
            for entry in sorted(os.scandir(root), key=lambda e: e.name):
                day = layout.partition_day(entry.name) if entry.is_dir() else None
                if day is None or day >= cutoff:
                    continue
                files = [Path(r) / f for r, _, fs in os.walk(entry.path) for f in fs]
                size = sum(p.stat().st_size for p in files if p.exists())
                result.removed.append((table, day, len(files), size))
                if dry_run:
                    continue
                trash.mkdir(exist_ok=True)
                aside = trash / f"{table}-{entry.name}-{uuid.uuid4().hex[:8]}"
                os.rename(entry.path, aside)
                shutil.rmtree(aside, ignore_errors=True)
        if not dry_run and trash.is_dir():
            shutil.rmtree(trash, ignore_errors=True)
    return result


@dataclass
class Finding:
    path: str          # relative to the data directory
    message: str
    hint: str
    severity: str = "error"      # or "warning"


def verify(data: Path, catalog, quick: bool = False) -> tuple[list[Finding], int, int]:
    """(findings, files checked, rows checked)."""
    import pyarrow.parquet as pq

    data = Path(data)
    findings: list[Finding] = []
    nfiles = nrows = 0
    rel = lambda p: os.path.relpath(p, data)        # noqa: E731
    for table in layout.table_names(data):
        info = catalog.table(table) or (catalog.internal_table(table)
                                        if hasattr(catalog, "internal_table") else None)
        root = layout.table_dir(data, table)
        if info is None:
            findings.append(Finding(table + "/", f"no table '{table}' in the schema",
                                    "queries cannot read this folder: rename it to an "
                                    "advanced-hunting table name, or move it out", "warning"))
        for leftover in root.rglob(".*.tmp"):
            findings.append(Finding(rel(leftover), "a temporary file left by an interrupted "
                                    "write", "delete it (no query reads it)", "warning"))
        for day, path in layout.parquet_files(data, table):
            nfiles += 1
            try:
                f = pq.ParquetFile(path)
                meta = f.metadata
                schema = f.schema_arrow
            except Exception as exc:        # noqa: BLE001
                findings.append(Finding(rel(path), f"not a readable Parquet file: "
                                        f"{_first_line(exc)}",
                                        "move it out of the data directory (queries on "
                                        f"{table} fail while it is there) and ingest the "
                                        "export again"))
                continue
            nrows += meta.num_rows
            if info is not None:
                findings.extend(_type_findings(rel(path), schema, info))
                findings.extend(_day_findings(rel(path), meta, day, info))
            if not quick:
                try:
                    for _ in f.iter_batches(batch_size=65536):
                        pass
                except Exception as exc:    # noqa: BLE001
                    findings.append(Finding(rel(path), f"damaged data: {_first_line(exc)}",
                                            f"move it out (queries on {table} fail while it "
                                            "is there) and ingest the export again"))
    return findings, nfiles, nrows


def _type_findings(shown: str, schema, info) -> list[Finding]:
    """Schema columns stored with another type than layout.arrow_type gives."""
    out = []
    by_fold = {f.name.casefold(): f for f in schema}
    for col in info.columns:
        f = by_fold.get(col.name.casefold())
        if f is None:
            continue
        want = layout.arrow_type(col.type)
        got = f.type
        if got == want or _compatible(got, want):
            continue
        out.append(Finding(shown, f"column {col.name} is {got}, the schema says {col.type} "
                           f"(stored as {want})",
                           "queries convert it (values that do not convert read as null): "
                           "rewrite the file with `hunt ingest --table "
                           f"{info.name}` to store it typed"))
    return out


def _compatible(got, want) -> bool:
    import pyarrow as pa
    if isinstance(got, pa.ExtensionType):
        got = got.storage_type
    if got == want:
        return True
    if pa.types.is_timestamp(got) and pa.types.is_timestamp(want):
        return got.tz is None          # any unit, naive UTC
    if pa.types.is_large_string(got) and pa.types.is_string(want):
        return True
    return False


def _day_findings(shown: str, meta, day, info) -> list[Finding]:
    """Rows outside their day folder would be skipped by a time filter (pruning)."""
    tcol = info.time_column if info.time_column and info.column(info.time_column) else None
    if tcol is None:
        if day is not None:
            return [Finding(shown, f"{info.name} has no time column but the file is in a "
                            "day folder", "harmless: queries read it whatever their filter",
                            "warning")]
        return []
    if day is None:
        return []
    lo, hi = _time_range(meta, tcol)
    if lo is None:
        return []
    if lo.date() < day or hi.date() > day:
        return [Finding(shown, f"{tcol} runs from {lo} to {hi}, outside its folder's day "
                        f"{day}", "a time filter skips whole days by folder, so these rows can "
                        "be missed: rewrite them with `hunt ingest` (it partitions by "
                        f"{tcol})")]
    return []


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def parse_age(text: str, today: _dt.date) -> _dt.date:
    """`30d`, `12w`, `6m` (months of 30 days) or a date `2026-10-01`: the first day kept."""
    t = text.strip().lower()
    try:
        return _dt.date.fromisoformat(t)
    except ValueError:
        pass
    units = {"d": 1, "w": 7, "m": 30, "y": 365}
    if len(t) >= 2 and t[-1] in units and t[:-1].isdigit():
        return today - _dt.timedelta(days=int(t[:-1]) * units[t[-1]])
    if t.isdigit():
        return today - _dt.timedelta(days=int(t))
    raise ValueError(f"'{text}' is not an age: give days such as 30d (or 12w, 6m) or a "
                     "date such as 2026-10-01")
