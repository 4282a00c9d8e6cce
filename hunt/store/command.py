"""`hunt ingest` and `hunt store`: the CLI side of hunt.store (argument parsing, reports).

    hunt ingest PATH... [--data DIR] [--table T] [--format auto|streaming|api|csv|parquet]
    hunt store stats  [--data DIR]
    hunt store prune  --older-than 30d [--dry-run] [--data DIR]
    hunt store verify [--quick] [--data DIR]

Exit codes: 0 all good; 1 something needs a look (records quarantined, a file not ingested,
problems found by verify, bad flags).
"""
from __future__ import annotations

import datetime as _dt
import os

EXIT_OK, EXIT_ATTENTION = 0, 1
_SHOWN_REJECTS = 5


def add_ingest_parser(sub, common):
    from hunt.store.ingest import FORMATS
    p = sub.add_parser("ingest", help="bring Defender exports into the data directory "
                       "(Streaming API, API responses, portal CSV, Parquet)")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="files, folders (walked) or glob patterns; .gz is read as is")
    p.add_argument("--table", metavar="T", help="the table of CSV, Parquet or API-response "
                   "inputs (default: from the file or folder name)")
    p.add_argument("--format", choices=FORMATS, default="auto",
                   help="input format (default: detected per file)")
    common(p, top=False)
    return p


def add_store_parser(sub, common):
    p = sub.add_parser("store", help="data directory: stats, prune, verify")
    ss = p.add_subparsers(dest="store_command", metavar="<subcommand>")
    s = ss.add_parser("stats", help="rows, bytes and time range per table and day")
    s.add_argument("--days", action="store_true", help="one line per day (default: per table)")
    common(s, top=False)
    pr = ss.add_parser("prune", help="remove whole days older than an age")
    pr.add_argument("--older-than", required=True, metavar="AGE",
                    help="30d, 12w, 6m, or a date (the first day kept)")
    pr.add_argument("--dry-run", action="store_true", help="list, remove nothing")
    common(pr, top=False)
    v = ss.add_parser("verify", help="check every file is readable and typed as the schema says")
    v.add_argument("--quick", action="store_true", help="read footers only, not every page")
    common(v, top=False)
    common(p, top=False)
    return p


class CommandError(Exception):
    """A bad argument or an unusable data directory: one line of cause, one of hint."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


def _reported(run):
    """Write a CommandError as `error:` / `hint:` lines (whatever module runs the CLI)."""
    import functools

    @functools.wraps(run)
    def wrapper(args, out, err):
        try:
            return run(args, out, err)
        except CommandError as exc:
            err.write(f"error: {exc}\n")
            if exc.hint:
                err.write(f"hint: {exc.hint}\n")
            return EXIT_ATTENTION
    return wrapper


def _data_dir(args, must_exist: bool):
    from hunt.api import default_data_dir
    from pathlib import Path
    data = Path(args.data).expanduser() if args.data else default_data_dir()
    if must_exist and not data.is_dir():
        raise CommandError(f"data directory not found: {data}",
                         "give --data DIR, or set $HUNT_DATA (hunt ingest creates it)")
    return data


# -- ingest -------------------------------------------------------------------------------------

@_reported
def run_ingest(args, out, err) -> int:
    from hunt.store.ingest import IngestError, Ingestor
    from hunt.store.manifest import ManifestError
    from hunt.store.progress import Progress
    from hunt.semantic.catalog import load_default_catalog

    data = _data_dir(args, must_exist=False)
    progress = Progress(0, err)
    try:
        ingestor = Ingestor(data, load_default_catalog(), args.table, args.format, progress,
                            debug=args.debug)
        report = ingestor.run(args.paths)
    except (IngestError, ManifestError) as exc:
        raise CommandError(str(exc), exc.hint) from None
    write_ingest_report(report, data, out, err)
    return EXIT_OK if report.ok else EXIT_ATTENTION


def write_ingest_report(report, data, out, err) -> None:
    from hunt.store.progress import human_bytes  # noqa: F401 - kept light

    for p in report.problems:
        err.write(f"error: {p.shown}: {p.message}\nhint: {p.hint}\n")
    for f in report.files:
        if f.status == "failed":
            where = f"{f.shown}:{f.line}" if f.line else f.shown
            err.write(f"error: {where}: {f.message} (not ingested)\n")
            if f.hint:
                err.write(f"hint: {f.hint}\n")
        elif f.status == "empty":
            err.write(f"warning: {f.shown}: {f.message}\nhint: {f.hint}\n")
    if report.recovered:
        err.write(f"note: removed {report.recovered} file(s) of an ingest that was "
                  "interrupted; their inputs are ingested again\n")
    if report.quarantined:
        _write_rejects(report, err)
    ingested = [f for f in report.files if f.status == "ingested"]
    skipped = [f for f in report.files if f.status == "skipped"]
    rate = report.read / report.elapsed if report.elapsed > 0 else 0
    out.write(f"ingested {len(ingested)} file(s) in {report.elapsed:.1f} s"
              + (f" ({rate:,.0f} records/s)" if report.read >= 10000 else "") + "\n")
    out.write(f"records read {report.read:,} = stored {report.stored:,} + quarantined "
              f"{report.quarantined:,}\n")
    for table in sorted(report.tables):
        days = report.tables[table]
        rows = sum(days.values())
        named = sorted(d for d in days if d is not None)
        span = (f"{named[0]}" if len(named) == 1 else
                f"{named[0]} .. {named[-1]} ({len(named)} days)" if named else
                "no time column: in the table folder")
        out.write(f"  {table:<34} {rows:>12,} rows  {span}\n")
    if skipped:
        out.write(f"skipped {len(skipped)} file(s) already ingested (same content)\n")
    if report.skipped_in_folders:
        out.write(f"left {report.skipped_in_folders} file(s) in the folders given: not an "
                  "export extension (.json, .jsonl, .csv, .parquet, .gz); name them to ingest "
                  "them\n")
    if report.quarantine_file is not None:
        out.write(f"quarantine: {report.quarantine_file}\n")


_HINTS = {
    "a value of the wrong type": "the value does not fit the column's type (`hunt schema "
                                 "<Table>`); the whole record is in the quarantine file: fix "
                                 "it there, copy it to a new file and ingest that",
    "not valid JSON": "a record cut short (an export still being written, a truncated "
                      "download) or damaged; the rest of the file was ingested",
    "unknown table": "not an advanced-hunting table hunt knows (`hunt tables` lists them)",
    "no time": "a record needs its time (Timestamp) to be stored by day",
    "no category": "a JSON object that is not a Streaming API record: for rows of one table "
                   "(e.g. `hunt query --format jsonl` output) give --table",
    "not text": "not a text export (a .zip must be extracted first); the file stays where "
                "it is, the quarantine entry points at it",
    "truncated file": "the file was cut short (a download or copy that did not finish): "
                      "every complete record before the cut was ingested",
    "data after the end of a .gz": "bytes that are not gzip data follow the compressed data "
                                   "(padding of zeros is ignored); every record before them "
                                   "was ingested",
}


def _write_rejects(report, err) -> None:
    """The first quarantined records with file and line, then the count by kind."""
    import json
    shown = 0
    path = report.quarantine_file
    if path is not None and path.is_file():
        # the report's own records are the last ones appended
        with open(path, encoding="utf-8") as fh:
            tail = fh.readlines()[-report.quarantined:]
        for line in tail[:_SHOWN_REJECTS]:
            try:
                q = json.loads(line)
            except ValueError:
                continue
            where = q.get("source", "?")
            where = os.path.relpath(where) if os.path.isabs(where) and \
                not os.path.relpath(where).startswith("..") else where
            if q.get("line") is not None:
                where += f":{q['line']}"
            if q.get("record_index") is not None:
                where += f" (record {q['record_index']})"
            err.write(f"quarantined: {where}: {q.get('reason')}\n")
            shown += 1
    if report.quarantined > shown:
        err.write(f"quarantined: ... and {report.quarantined - shown:,} more\n")
    kinds: dict = {}
    for f in report.files:
        for k, n in f.reasons.items():
            kinds[k] = kinds.get(k, 0) + n
    for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]):
        hint = _HINTS.get(k, "see the reason in the quarantine file")
        err.write(f"hint: {n:,} record(s): {k}: {hint}\n")


# -- store --------------------------------------------------------------------------------------

@_reported
def run_store(args, out, err) -> int:
    cmd = getattr(args, "store_command", None)
    if cmd is None:
        raise CommandError("give a subcommand: stats, prune or verify", "hunt store stats")
    return {"stats": _stats, "prune": _prune, "verify": _verify}[cmd](args, out, err)


def _stats(args, out, err) -> int:
    from hunt.cli import _terminal_width
    from hunt.engine.display import render_table
    from hunt.semantic.catalog import load_default_catalog
    from hunt.store.admin import stats
    from hunt.store.progress import human_bytes

    data = _data_dir(args, must_exist=True)
    entries = stats(data, load_default_catalog())
    if not entries:
        out.write(f"no tables in {data}\n")
        return EXIT_OK
    rows = []
    if args.days:
        for e in entries:
            rows.append((e.table, str(e.day) if e.day else "(no day)", e.files, e.rows,
                         human_bytes(e.bytes), e.first, e.last))
    else:
        by_table: dict = {}
        for e in entries:
            t = by_table.setdefault(e.table, [e.table, 0, 0, 0, 0, None, None])
            t[1] += 1 if e.day else 0
            t[2] += e.files
            t[3] += e.rows
            t[4] += e.bytes
            if e.first is not None:
                t[5] = e.first if t[5] is None or e.first < t[5] else t[5]
                t[6] = e.last if t[6] is None or e.last > t[6] else t[6]
        rows = [(t[0], t[1], t[2], t[3], human_bytes(t[4]), t[5], t[6])
                for t in by_table.values()]
    head = ["Table", "Day" if args.days else "Days", "Files", "Rows", "Size", "From", "To"]
    types = ["string", "string" if args.days else "long", "long", "long", "string",
             "datetime", "datetime"]
    out.write(render_table(head, types, rows, width=_terminal_width()) + "\n")
    total_rows = sum(e.rows for e in entries)
    total_bytes = sum(e.bytes for e in entries)
    out.write(f"{len({e.table for e in entries})} tables, {total_rows:,} rows, "
              f"{human_bytes(total_bytes)} in {data}\n")
    return EXIT_OK


def _prune(args, out, err) -> int:
    from hunt.store.admin import parse_age, prune
    from hunt.store.progress import human_bytes

    data = _data_dir(args, must_exist=True)
    today = _dt.datetime.now(_dt.timezone.utc).date()
    try:
        cutoff = parse_age(args.older_than, today)
    except ValueError as exc:
        raise CommandError(str(exc), "hunt store prune --older-than 30d") from None
    result = prune(data, cutoff, dry_run=args.dry_run, note=lambda m: err.write(m + "\n"))
    verb = "would remove" if args.dry_run else "removed"
    for table, day, files, size in result.removed:
        out.write(f"  {verb} {table}/date={day} ({files} file(s), {human_bytes(size)})\n")
    out.write(f"{verb} {len(result.removed)} day partition(s), {human_bytes(result.bytes)}, "
              f"before {cutoff}\n")
    return EXIT_OK


def _verify(args, out, err) -> int:
    from hunt.semantic.catalog import load_default_catalog
    from hunt.store.admin import verify

    data = _data_dir(args, must_exist=True)
    findings, nfiles, nrows = verify(data, load_default_catalog(), quick=args.quick)
    errors = [f for f in findings if f.severity == "error"]
    for f in findings:
        err.write(f"{f.severity}: {f.path}: {f.message}\nhint: {f.hint}\n")
    out.write(f"checked {nfiles:,} file(s), {nrows:,} rows: {len(errors)} problem(s), "
              f"{len(findings) - len(errors)} warning(s)\n")
    return EXIT_ATTENTION if errors else EXIT_OK
