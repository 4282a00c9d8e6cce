"""`hunt ingest`: Defender exports → the data directory, without losing a record.

    report = ingest(["exports/", "more.json.gz"], data_dir, table=None, fmt="auto")
    report.read == report.stored + report.quarantined        # always

For each input file: skip it when its content is in the manifest already; sniff its format;
read it in chunks (hunt.store.jsonin, hunt.store.tablein); collect rows per table and day and
quarantined records. Rows are buffered across files and flushed as one Parquet file per table
and day (hunt.store.layout.write_partition: atomic), the flush journalled in the manifest so
that a crash never leaves rows stored twice. Quarantined records are appended to
`<data>/_quarantine/<today>.jsonl` with their reason, file and line.

Speed: a file of lines is read, cut and checked by a thread ahead of the coercion, and
classified by another (into reused buffers; the blocks are hashed as they are read); the
coercion runs on worker cursors at once (hunt.store.jsonin); Parquet files are written by
two threads while the next files are read.
"""
from __future__ import annotations

import base64
import datetime as _dt
import json
import os
import re
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from hunt.store import layout, sources as S
from hunt.store.jsonin import session_settings
from hunt.store.manifest import Manifest, ingest_lock
from hunt.store.sink import TableSink, quarantine_sql

FORMATS = ("auto", "streaming", "api", "csv", "parquet")
FLUSH_BYTES = 256 << 20       # Arrow bytes buffered before a flush (memory stays bounded)
ROW_GROUP = 122_880           # DuckDB's row group size: parallel scans, fine time pruning


class IngestError(Exception):
    """A problem with the command as a whole (unknown --table, unusable data directory)."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


@dataclass
class FileReport:
    shown: str
    status: str                 # "ingested", "skipped", "empty", "failed"
    format: str = ""
    read: int = 0
    stored: int = 0
    quarantined: int = 0
    message: str = ""
    hint: str = ""
    line: Optional[int] = None
    unknown_tables: dict = field(default_factory=dict)
    reasons: dict = field(default_factory=dict)


@dataclass
class IngestReport:
    files: list = field(default_factory=list)
    problems: list = field(default_factory=list)      # sources.Problem: inputs not found
    tables: dict = field(default_factory=dict)        # table → {day or None: rows}
    skipped_in_folders: int = 0
    quarantine_file: Optional[Path] = None
    recovered: int = 0
    elapsed: float = 0.0

    @property
    def read(self) -> int:
        return sum(f.read for f in self.files)

    @property
    def stored(self) -> int:
        return sum(f.stored for f in self.files)

    @property
    def quarantined(self) -> int:
        return sum(f.quarantined for f in self.files)

    @property
    def failed(self) -> list:
        return [f for f in self.files if f.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.problems and not self.failed and self.quarantined == 0


def ingest(inputs: list[str], data, *, table: Optional[str] = None, fmt: str = "auto",
           catalog=None, progress=None, debug: bool = False) -> IngestReport:
    """Ingest files, folders and globs into the data directory `data`."""
    if catalog is None:
        from hunt.semantic.catalog import load_default_catalog
        catalog = load_default_catalog()
    return Ingestor(Path(data), catalog, table, fmt, progress, debug=debug).run(inputs)


class Ingestor:
    def __init__(self, data: Path, catalog, table: Optional[str], fmt: str, progress=None,
                 debug: bool = False):
        if fmt not in FORMATS:
            raise IngestError(f"unknown format '{fmt}'", "use one of " + ", ".join(FORMATS))
        self.data = Path(data).expanduser()
        self.catalog = catalog
        self.table = self._check_table(table)
        self.fmt = fmt
        self.progress = progress
        self.debug = debug
        self.report = IngestReport()
        self.buffer: dict[str, list] = {}
        self.rejects: list = []           # (source path, Arrow rejects)
        self.buffered = 0
        self.complete: list[dict] = []   # sources read whole, waiting for the next commit
        self.today = _dt.datetime.now(_dt.timezone.utc).date()
        self._done_bytes = 0
        self._records = 0
        self._json_cache = None          # jsonin.RunCache, made with the first JSON file

    def _check_table(self, table: Optional[str]) -> Optional[str]:
        if table is None:
            return None
        if self.catalog.table(table) is not None:
            return table
        from hunt.semantic.catalog import suggest
        guess = suggest(table, self.catalog.table_names())
        raise IngestError(f"unknown table '{table}'",
                          f"did you mean '{guess}'?" if guess else "`hunt tables` lists them")

    # -- the run ------------------------------------------------------------------------------
    def run(self, inputs: list[str]) -> IngestReport:
        import duckdb

        started = time.perf_counter()
        if self.data.exists() and not self.data.is_dir():
            raise IngestError(f"the data directory is not a folder: {self.data}",
                              "give --data a folder (it is created when missing)")
        try:
            self.data.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IngestError(f"cannot create the data directory {self.data}: "
                              f"{exc.strerror or exc}", "check the path and permissions") from None
        found, problems, skipped = S.expand(inputs, exclude=self.data)
        self.report.problems = problems
        self.report.skipped_in_folders = skipped
        total = sum(s.size for s in found)
        if self.progress is not None:
            self.progress.total = max(1, total)
        self.con = duckdb.connect(":memory:")
        session_settings(self.con)
        note = self.progress.note if self.progress is not None else None
        from concurrent.futures import ThreadPoolExecutor
        self._hasher = ThreadPoolExecutor(max_workers=1)
        self._writers = ThreadPoolExecutor(max_workers=2)   # pyarrow writes without the GIL
        self._writing = None
        self._buffers = S.BufferPool()
        try:
            with ingest_lock(self.data, note):
                self.manifest = Manifest(self.data)
                self.report.recovered = self.manifest.recover()
                seen: dict[str, str] = {}
                for src in found:
                    self.report.files.append(self._one(src, seen))
                    self._done_bytes += src.size
                    self._tick()
                self._flush()
                self._settle()
        finally:
            self._writers.shutdown(wait=True)
            self._hasher.shutdown(wait=True)
            if self._json_cache is not None:
                self._json_cache.close()
            self.con.close()
            if self.progress is not None:
                self.progress.close()
        self.report.elapsed = time.perf_counter() - started
        return self.report

    def _tick(self, extra: int = 0) -> None:
        if self.progress is not None:
            self.progress.update(self._done_bytes + extra, self._records)

    def _one(self, src: S.Source, seen: dict[str, str]) -> FileReport:
        try:
            st = src.path.stat()
            known = self.manifest.known_hash(src.path, st.st_size, st.st_mtime_ns)
        except OSError as exc:
            return FileReport(src.shown, "failed", message=f"cannot read: {exc.strerror or exc}",
                              hint="check the file's permissions")
        if known is not None:
            return FileReport(src.shown, "skipped", message="already ingested (same content)")
        # the hash is computed beside the parsing (hashlib releases the GIL), from the blocks
        # the reader reads when it can (_lines), else by reading the file (_check_new); it
        # is checked before any of the file's rows are written
        self._hash = None
        self._seen = seen
        sink = TableSink(src.shown)
        try:
            fmt = self._read(src, sink)
            sha = self._check_new(src)
        except _Duplicate as dup:
            return FileReport(src.shown, "skipped", message=str(dup))
        except _Unreadable as exc:
            return FileReport(src.shown, "failed", message=str(exc),
                              hint="check the file's permissions")
        except MemoryError:
            raise
        except Exception as exc:        # noqa: BLE001 - one file's failure is reported
            sink.fail(f"cannot read: {type(exc).__name__}: {exc}".split("\n")[0],
                      "rerun with --debug and report it if the file looks right")
            fmt = "?"
            if self.debug:
                raise
        if sink.failure is not None:
            message, hint = sink.failure
            return FileReport(src.shown, "failed", fmt, message=message, hint=hint)
        seen[sha] = src.shown
        sink.check()
        rep = FileReport(src.shown, "ingested", fmt, sink.read, sink.stored, sink.quarantined,
                         unknown_tables=dict(sink.unknown_tables), reasons=dict(sink.reasons))
        if fmt == "empty":
            rep.status = "empty"
            rep.message = "empty file: nothing to ingest"
            rep.hint = "check that the export finished writing"
            return rep
        self._take(src, sink)
        self.complete.append({"sha256": sha, "source": str(src.path), "size": st.st_size,
                              "mtime_ns": st.st_mtime_ns, "records": sink.read,
                              "stored": sink.stored, "quarantined": sink.quarantined})
        if self.buffered >= FLUSH_BYTES:
            self._flush()
        return rep

    def _check_new(self, src: S.Source) -> str:
        """The file's hash, once computed; _Duplicate when its content is ingested already."""
        try:
            if self._hash is None:
                self._hash = self._hasher.submit(S.sha256_file, src.path)
            sha = self._hash.result()
        except OSError as exc:
            raise _Unreadable(f"cannot read: {exc.strerror or exc}") from None
        if self.manifest.has(sha):
            raise _Duplicate("already ingested (same content)")
        if sha in self._seen:
            raise _Duplicate(f"same content as {self._seen[sha]}, ingested in this run")
        return sha

    def _take(self, src: S.Source, sink: TableSink) -> None:
        """Move what a sink holds into the run's buffer."""
        for table, batches in sink.batches.items():
            self.buffer.setdefault(table, []).extend(batches)
        for r in sink.rejects:
            self.rejects.append((src, r))
        self.buffered += sink.nbytes
        self._records += sink.read
        sink.batches, sink.rejects, sink.nbytes = {}, [], 0

    # -- reading one file ---------------------------------------------------------------------
    def _read(self, src: S.Source, sink: TableSink) -> str:
        from hunt.store.jsonin import JsonReader, RunCache
        from hunt.store import tablein

        head, complete = S.read_head(src.path)
        kind = S.sniff(head, complete)
        gz = S.is_gzip(src.path)
        if not (kind == "json-lines" and self.fmt in ("auto", "streaming", "api")):
            self._hash = self._hasher.submit(S.sha256_file, src.path)   # _lines: StreamHash
        if kind == "empty":
            return "empty"
        if kind == "binary" and self.fmt not in ("parquet",):
            self._binary(src, sink, head)
            return "binary"
        fmt = self.fmt
        if fmt == "auto":
            fmt = {"parquet": "parquet", "json-lines": "json", "json-document": "json",
                   "text": "csv"}[kind]
        elif fmt in ("streaming", "api"):
            fmt = "json"
        table = self.table
        if table is None and fmt in ("csv", "parquet") or (fmt == "json" and self.fmt == "api"):
            table = table or tablein.infer_table(src.path, self.catalog)
        if fmt in ("csv", "parquet"):
            if kind == "text" and self.fmt == "auto" and table is None:
                first = head.decode("utf-8", "replace").lstrip("\ufeff").splitlines()[0][:60]
                sink.fail(f"not a Defender export hunt knows (line 1: {first!r})",
                          "for a CSV export of the portal's result grid give its table: "
                          "--table DeviceProcessEvents")
                return "?"
            if table is None:
                sink.fail(f"a {fmt.upper() if fmt == 'csv' else 'Parquet'} file does not say "
                          "its table", "name it with --table, e.g. --table DeviceProcessEvents")
                return fmt
            info = self.catalog.table(table)
            if fmt == "csv":
                tablein.read_csv(self.con, src.path, info, sink, gz)
            else:
                if gz:
                    sink.fail("a compressed Parquet file", "decompress it first (gunzip)")
                    return fmt
                tablein.read_parquet(self.con, src.path, info, sink)
            return fmt
        if self._json_cache is None:
            self._json_cache = RunCache()
        reader = JsonReader(self.con, self.catalog, table, sink, self._json_cache)
        if kind == "json-document":
            self._document(src, sink, reader)
        else:
            self._lines(src, sink, reader)
        reader.finish()
        return "json"

    def _lines(self, src: S.Source, sink: TableSink, reader) -> None:
        """A file of lines: a thread reads, cuts and checks the next chunks, another
        classifies them (S.ahead), while this one is coerced; the file's hash is made of the
        blocks read."""
        import pyarrow as pa
        from hunt.store.jsonin import classify, expand_messages, line_values
        if self._hash is None:
            self._hash = S.StreamHash(src.path, self._hasher)
        cursor = self.con.cursor()

        def cut():
            line = 1
            for segments, raw_pos in S.read_chunks(src.path, feed=self._hash.feed,
                                                   pool=self._buffers):
                if line == 1 and bytes(segments[0][:3]) == b"\xef\xbb\xbf":
                    segments[0] = b"   " + bytes(segments[0][3:])   # a BOM: JSON whitespace
                lines = S.lines_table(segments, line)
                line += lines.num_rows
                try:
                    lines.column("text").validate(full=True)
                except pa.ArrowInvalid:
                    yield lines, False, raw_pos             # not UTF-8: _valid_utf8 says which
                    continue
                yield lines, True, raw_pos

        def chunks(cut_items):
            for lines, valid, raw_pos in cut_items:
                if not valid:
                    yield lines, None, None, raw_pos
                    continue
                values = line_values(lines)
                kinds = classify(cursor, values)
                yield lines, kinds, expand_messages(cursor, values, kinds), raw_pos

        line = 1
        # two threads ahead: one reads and cuts the next chunk while the other classifies
        # this one (each is about half the work of reading); closing `items` stops both
        items = S.ahead(chunks(S.ahead(cut())))
        try:
            for lines, kinds, expanded, raw_pos in items:
                line += lines.num_rows
                if kinds is None:
                    lines = self._valid_utf8(lines, sink)
                reader.lines(lines, kinds, expanded)
                if sink.nbytes >= FLUSH_BYTES:
                    self._check_new(src)
                    self._take(src, sink)
                    self._flush(keep_complete=True)
                self._tick(raw_pos)
        except (EOFError, OSError) as exc:
            what = ("data that is not gzip follows the compressed data"
                    if isinstance(exc, S.NotGzipData) else "the file ends early or is damaged")
            sink.reject_raw(pa.table({"__line": [line], "__idx": pa.nulls(1, pa.int64()),
                                      "text": [""]}),
                            f"{what} after line {line - 1} "
                            f"({type(exc).__name__}: {exc}); the rest cannot be read", None)
        finally:
            items.close()            # the thread stops before its cursor is closed
            cursor.close()

    @staticmethod
    def _valid_utf8(lines, sink: TableSink):
        """Lines that are not UTF-8 are quarantined (their bytes in base64), not parsed."""
        import pyarrow as pa
        try:
            lines.column("text").validate(full=True)
            return lines
        except pa.ArrowInvalid:
            pass
        texts = lines.column("text").cast(pa.large_binary()).to_pylist()   # damaged chunk only
        bad, clean = [], []
        for i, b in enumerate(texts):
            try:
                clean.append(b.decode("utf-8"))
            except UnicodeDecodeError:
                bad.append(i)
                clean.append("")
        numbers = lines.column("__line").to_pylist()
        sink.reject_raw(pa.table({
            "__line": [numbers[i] for i in bad], "__idx": pa.nulls(len(bad), pa.int64()),
            "text": [json.dumps({"base64": base64.b64encode(texts[i]).decode()})
                     for i in bad]}), "not UTF-8 text (binary data in a text file)", None)
        return pa.table({"__line": lines.column("__line"),
                         "text": pa.array(clean, pa.large_string())})

    def _document(self, src: S.Source, sink: TableSink, reader) -> None:
        import pyarrow as pa
        raw = S.read_all(src.path)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            self._binary(src, sink, raw[:64])
            return
        doc = pa.table({"__line": pa.array([1], pa.int64()), "__idx": pa.nulls(1, pa.int64()),
                        "text": pa.array([text], pa.large_string())})
        self.con.register("__whole", doc)
        try:
            valid = self.con.execute("SELECT json_valid(text) FROM __whole").fetchall()[0][0]
        finally:
            self.con.unregister("__whole")
        if valid:
            reader.values(doc, depth=0)
            return
        elements, tail, api_types = salvage(text)
        if not elements and _has_record_line(text):
            # not one damaged document but damaged lines among records: line by line
            reader.lines(S.lines_array(raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw, 1))
            return
        if elements:
            rows = pa.table({"__line": pa.array([e[0] for e in elements], pa.int64()),
                             "__idx": pa.array([e[1] for e in elements], pa.int64()),
                             "text": pa.array([e[2] for e in elements], pa.large_string())})
            if api_types is not None:
                from hunt.store.jsonin import Records
                if reader.table is None:
                    sink.fail("an advanced-hunting API response does not say its table",
                              "name it with --table, e.g. --table DeviceProcessEvents")
                    return
                reader.coerce(Records(rows, "row", api_types), reader.table)
            else:
                reader.values(rows, depth=1)
        if tail is not None:
            line, idx, rest, reason = tail
            sink.reject_raw(pa.table({"__line": [line], "__idx": pa.array([idx], pa.int64()),
                                      "text": pa.array([rest], pa.large_string())}), reason, None)

    def _binary(self, src: S.Source, sink: TableSink, head: bytes) -> None:
        """A file that is not text: one quarantined record pointing at it (it stays where it
        is; nothing is copied)."""
        import pyarrow as pa
        what = "Parquet data" if head.startswith(S.PARQUET_MAGIC) else "binary data"
        record = json.dumps({"file": str(src.path), "bytes": src.size,
                             "head_base64": base64.b64encode(head[:48]).decode()})
        sink.reject_raw(pa.table({"__line": pa.array([1], pa.int64()),
                                  "__idx": pa.nulls(1, pa.int64()), "text": [record]}),
                        f"{what}, not a text export (zip, image, or a damaged file?)", None)

    # -- flushing -----------------------------------------------------------------------------
    def _flush(self, keep_complete: bool = False) -> None:
        """Write the buffered rows (one file per table and day) and quarantined records;
        commit the sources read whole so far in the manifest. The files are written by two
        threads while reading goes on; the flush is committed (`_settle`) once they are
        written, before the next flush starts: one flush at a time is in flight."""
        self._settle()
        plan = []
        for table, batches in self.buffer.items():
            info = self.catalog.table(table)
            for day, rows in _by_day(_concat(batches), info):
                name = uuid.uuid4().hex
                folder = (layout.partition_dir(self.data, table, day) if day is not None
                          else layout.table_dir(self.data, table))
                plan.append((table, day, rows, name, folder / f"part-{name}.parquet"))
        flush_id = uuid.uuid4().hex if plan else None
        if plan:
            self.manifest.begin(flush_id, [p[4] for p in plan])
        writes = [self._writers.submit(layout.write_partition, self.data, table, day, rows,
                                       part_id=name, row_group_size=ROW_GROUP)
                  for table, day, rows, name, _ in plan]
        counts = [(table, day, rows.num_rows) for table, day, rows, _, _ in plan]
        complete = [] if keep_complete else self.complete
        self._writing = (flush_id, writes, counts, self.rejects, complete)
        self.rejects = []
        if not keep_complete:
            self.complete = []
        self.buffer, self.buffered = {}, 0

    def _settle(self) -> None:
        """Wait for the flush in flight; write its quarantined records; commit it."""
        if self._writing is None:
            return
        flush_id, writes, counts, rejects, complete = self._writing
        self._writing = None
        for f in writes:
            f.result()
        for table, day, n in counts:
            per_day = self.report.tables.setdefault(table, {})
            per_day[day] = per_day.get(day, 0) + n
        self._write_quarantine(rejects)
        if flush_id is not None or complete:
            self.manifest.commit(flush_id, complete)

    def _write_quarantine(self, rejects: list) -> None:
        if not rejects:
            return
        path = layout.quarantine_path(self.data, self.today)
        path.parent.mkdir(parents=True, exist_ok=True)
        now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        chunks = []
        for src, rows in rejects:
            self.con.register("__rej", rows)
            try:
                lines = self.con.sql(quarantine_sql("__rej", str(src.path), now)
                                     ).fetchnumpy()["line"]
            finally:
                self.con.unregister("__rej")
            chunks.append("\n".join(lines.tolist()) + "\n")
        blob = "".join(chunks).encode("utf-8")
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, blob)
        finally:
            os.close(fd)
        self.report.quarantine_file = path


class _Duplicate(Exception):
    """The file's content is in the data directory already."""


class _Unreadable(Exception):
    pass


def _concat(batches):
    """One Arrow table of a table's batches; extra columns that differ in type between
    batches become text (a value is never dropped to fit a type)."""
    import pyarrow as pa
    if len(batches) == 1:
        return batches[0]
    try:
        return pa.concat_tables(batches, promote_options="permissive")
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        pass
    types: dict[str, set] = {}
    for b in batches:
        for f in b.schema:
            types.setdefault(f.name, set()).add(f.type)
    mixed = {n for n, ts in types.items() if len(ts) > 1}
    fixed = []
    for b in batches:
        for name in mixed & set(b.column_names):
            i = b.column_names.index(name)
            col = b.column(i)
            if isinstance(col.type, pa.ExtensionType):
                col = pa.chunked_array([c.storage for c in col.chunks], col.type.storage_type)
            b = b.set_column(i, pa.field(name, pa.string()), col.cast(pa.string()))
        fixed.append(b)
    return pa.concat_tables(fixed, promote_options="permissive")


def _by_day(rows, info):
    """(day or None, rows without __day) for each day present, without copying rows: a
    day's runs of rows are put together as they come. Only a day of more than one row
    group that is not in time order is sorted (row groups prune on Timestamp; the bounds
    of a single row group are the same in any order). Exports are written as events
    arrive: in time order, with a few records out of place at most."""
    import numpy as np
    import pyarrow as pa
    tcol = info.time_column if info.time_column and info.column(info.time_column) else None
    if tcol is None:
        return [(None, rows.drop_columns(["__day"]))]
    days = S.int32_values(rows.column("__day"))
    cuts = np.flatnonzero(days[1:] != days[:-1]) + 1
    bounds = [0, *cuts.tolist(), rows.num_rows]
    rows = rows.drop_columns(["__day"])
    runs: dict[int, list] = {}
    for a, b in zip(bounds, bounds[1:]):
        runs.setdefault(int(days[a]), []).append(rows.slice(a, b - a))
    import datetime as dt
    epoch = dt.date(1970, 1, 1)
    out = []
    for day in sorted(runs):
        parts = runs[day]
        part = parts[0] if len(parts) == 1 else pa.concat_tables(parts)
        if part.num_rows > ROW_GROUP and not _ascending(part.column(tcol)):
            part = part.sort_by(tcol)
        out.append((epoch + dt.timedelta(days=day), part))
    return out


def _ascending(col) -> bool:
    import numpy as np
    values = S.int64_values(col)          # stored rows always have their time
    return bool(np.all(values[1:] >= values[:-1]))


def _has_record_line(text: str) -> bool:
    """A line of the text is a whole streaming record on its own."""
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{") and '"category"' in line:
            try:
                if isinstance(json.loads(line), dict):
                    return True
            except ValueError:
                continue
    return False


_ARRAY_START = re.compile(r'"(records|Results|results)"\s*:\s*\[')
_SCHEMA_START = re.compile(r'"(Schema|schema)"\s*:\s*(?=\[)')


def salvage(text: str):
    """The complete elements of a damaged JSON document (a truncated download): returns
    ([(line, index, element text)], (line, index, rest, reason) or None, API types or None).
    Runs only for documents DuckDB found invalid: plain Python is fine here."""
    from hunt.store.jsonin import api_type
    dec = json.JSONDecoder()
    m = _ARRAY_START.search(text)
    api_types = None
    if m is not None:
        pos = m.end()
        if m.group(1) != "records":
            api_types = {}
            sm = _SCHEMA_START.search(text)
            if sm is not None:
                try:
                    cols, _ = dec.raw_decode(text, sm.end())
                    for c in cols:
                        name, t = c.get("Name", c.get("name")), c.get("Type", c.get("type"))
                        if isinstance(name, str) and api_type(t or ""):
                            api_types[name] = api_type(t)
                except (ValueError, AttributeError, TypeError):
                    pass
    elif text.lstrip().startswith("["):
        pos = text.index("[") + 1
    else:
        try:
            json.loads(text)
            reason = "not valid JSON"
        except ValueError as exc:
            reason = f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        return [], (1, None, text, reason), None
    elements = []
    line, counted = 1, 0
    idx = 0
    n = len(text)
    while True:
        while pos < n and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= n or text[pos] == "]":
            break
        line += text.count("\n", counted, pos)
        counted = pos
        try:
            _, end = dec.raw_decode(text, pos)
        except ValueError as exc:
            idx += 1
            return elements, (line, idx, text[pos:],
                              f"truncated JSON: the document ends inside record {idx} "
                              f"(line {exc.lineno}, column {exc.colno}: {exc.msg})"), api_types
        idx += 1
        elements.append((line, idx, text[pos:end]))
        pos = end
    if pos >= n:
        return elements, (line, None, "", "truncated JSON: the document ends after its last "
                          "complete record"), api_types
    rest = text[pos + 1:].strip().rstrip("}").strip()
    return elements, None if not rest else (line, None, text[pos:],
                                            "trailing text after the records"), api_types
