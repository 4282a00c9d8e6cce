"""The data directory: one folder per table, hive-partitioned by day of Timestamp.

    <data>/<Table>/date=YYYY-MM-DD/part-<id>.parquet      (zstd, typed exactly to tables/)

Every write is atomic: the file is written aside under a name that does not end in
`.parquet` (readers glob `*.parquet`), then renamed into place.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import os
import re
import uuid
from pathlib import Path
from typing import Optional

from hunt import types as T

PARTITION_KEY = "date"
PARTITION_COLUMN = "__partition_date"   # how engine views expose the partition day


def table_dir(data: Path, table: str) -> Path:
    return Path(data) / table


def partition_dir(data: Path, table: str, day: _dt.date) -> Path:
    return table_dir(data, table) / f"{PARTITION_KEY}={day.isoformat()}"


def arrow_type(ktype: str):
    """The Parquet/Arrow storage type of a Kusto type."""
    import pyarrow as pa
    return {
        T.STRING: pa.string(), T.LONG: pa.int64(), T.INT: pa.int32(), T.REAL: pa.float64(),
        T.DECIMAL: pa.decimal128(38, 18), T.BOOL: pa.bool_(),
        T.DATETIME: pa.timestamp("us"),
        T.TIMESPAN: pa.int64(),          # ticks of 100 ns, Kusto's unit
        T.GUID: pa.string(), T.DYNAMIC: pa.string(),   # dynamic: compact JSON text
    }.get(ktype, pa.string())


def arrow_schema(table) -> "pa.Schema":
    """The exact Arrow schema of a catalog TableInfo (column order = schema order)."""
    import pyarrow as pa
    return pa.schema([pa.field(c.name, arrow_type(c.type)) for c in table.columns])


def write_partition(data: Path, table: str, day: Optional[_dt.date], arrow_table,
                    part_id: Optional[str] = None, **write_options) -> Path:
    """Write one Parquet file into the day's partition atomically; returns its path.
    `day` None: a table without a time column, written directly in its folder.
    `write_options` go to pyarrow.parquet.write_table (e.g. row_group_size)."""
    import pyarrow.parquet as pq
    folder = partition_dir(data, table, day) if day is not None else table_dir(data, table)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"part-{part_id or uuid.uuid4().hex}.parquet"
    final = folder / name
    tmp = folder / f".{name}.{os.getpid()}.tmp"
    pq.write_table(arrow_table, tmp, compression="zstd", **write_options)
    os.replace(tmp, final)
    return final


@contextlib.contextmanager
def partition_writer(data: Path, table: str, day: Optional[_dt.date], schema,
                     part_id: Optional[str] = None, **writer_options):
    """Stream row groups into one Parquet file, made visible atomically when the block ends
    without error (the file is removed otherwise). `day` None: a table without a time
    column, written directly in its folder (`<data>/<Table>/part-<id>.parquet`).

        with partition_writer(data, "DeviceProcessEvents", day, schema) as w:
            w.write_table(chunk)           # one call per chunk, any number of calls
    """
    import pyarrow.parquet as pq
    folder = partition_dir(data, table, day) if day is not None else table_dir(data, table)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"part-{part_id or uuid.uuid4().hex}.parquet"
    final = folder / name
    tmp = folder / f".{name}.{os.getpid()}.tmp"
    writer = pq.ParquetWriter(tmp, schema, compression="zstd", **writer_options)
    try:
        yield writer
        writer.close()
        os.replace(tmp, final)
    except BaseException:
        writer.close()
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# -- the rest of the data directory --------------------------------------------------------------
# Folders and files of the data directory that are not tables start with '_' or '.'.
QUARANTINE_DIR = "_quarantine"          # <data>/_quarantine/<YYYY-MM-DD>.jsonl
MANIFEST_FILE = "_manifest.json"        # content hashes of every ingested input file
_DAY_NAME = re.compile(r"^date=(\d{4}-\d{2}-\d{2})$")


def is_table_name(name: str) -> bool:
    """A folder of the data directory that holds a table (not `_quarantine`, `.cache`, ...)."""
    return bool(name) and not name.startswith(("_", "."))


def partition_day(folder_name: str) -> Optional[_dt.date]:
    """The day of a `date=YYYY-MM-DD` folder name; None for any other name."""
    m = _DAY_NAME.match(folder_name)
    if not m:
        return None
    try:
        return _dt.date.fromisoformat(m.group(1))
    except ValueError:
        return None


def table_names(data: Path) -> list[str]:
    """The table folders present in a data directory, sorted."""
    try:
        entries = sorted(os.scandir(data), key=lambda e: e.name)
    except OSError:
        return []
    return [e.name for e in entries if e.is_dir() and is_table_name(e.name)]


def parquet_files(data: Path, table: str) -> list[tuple[Optional[_dt.date], Path]]:
    """Every visible Parquet file of a table with its partition day (None: a file that is not
    directly inside a `date=` folder, e.g. a table without a time column), sorted by path."""
    root = table_dir(data, table)
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)
        day = partition_day(here.name) if here != root else None
        for f in sorted(filenames):
            if f.endswith(".parquet") and not f.startswith("."):
                found.append((day, here / f))
    return found


def quarantine_path(data: Path, day: _dt.date) -> Path:
    return Path(data) / QUARANTINE_DIR / f"{day.isoformat()}.jsonl"


def atomic_write_bytes(path: Path, content: bytes) -> None:
    """Replace `path` with `content` atomically (a reader sees the old or the new file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
