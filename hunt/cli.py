"""The `hunt` command: a thin layer over hunt.api.

    hunt query "DeviceProcessEvents | take 10" [--data DIR] [--now ISO] [--format table|csv|json|jsonl]
    hunt query -f hunt.kql
    hunt explain "KQL" | -f FILE
    hunt tables
    hunt schema DeviceProcessEvents
    hunt [--data DIR]             the interactive session (hunt.repl)

Exit codes: 0 success, 2 the query failed (syntax, names, types, runtime), 1 anything else
(bad flags, unreadable files, unknown table, interrupted: 130). Python tracebacks only with
--debug. Start-up stays small: DuckDB and Arrow are imported only when a query runs.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Callable, Optional

EXIT_OK, EXIT_OTHER, EXIT_QUERY, EXIT_INTERRUPTED = 0, 1, 2, 130
FORMATS = ("table", "csv", "json", "jsonl")

USAGE = """\
usage: hunt <command> [options]

commands:
  query "KQL" | -f FILE   run a query over the data directory
  explain "KQL" | -f FILE show the DuckDB SQL of a query
  tables                  list the tables
  schema TABLE            show a table's columns
  demo                    write a demo tenant (synthetic telemetry, attack stories)
  ingest PATH...          bring Defender exports into the data directory
  store stats|prune|verify  look after the data directory
  detect <subcommand>     custom detections: validate, test, run, serve, list, history

options: --data DIR (default $HUNT_DATA or ~/.local/share/hunt), --debug, --version
`hunt <command> --help` shows every option of a command.
"""


class UsageError(Exception):
    """A bad flag value or an unreadable file: one line of cause, one of hint."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


# -- argument parsing -------------------------------------------------------------------------

def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"'{text}' must be a positive number of seconds")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' must be at least 1")
    return value


def _common(parser: argparse.ArgumentParser, top: bool) -> None:
    """--data/--debug both before and after the command (`hunt --debug query ...` and
    `hunt query ... --debug`); a sub-command's copy never overrides the global value."""
    d = {} if top else {"default": argparse.SUPPRESS}
    parser.add_argument("--data", metavar="DIR", help="data directory (one folder of Parquet "
                        "files per table; default $HUNT_DATA, else ~/.local/share/hunt)",
                        **({"default": None} if top else d))
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks",
                        **({"default": False} if top else d))


def _query_source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kql", nargs="?", metavar="KQL", help="the query text")
    parser.add_argument("-f", "--file", metavar="FILE", help="read the query from FILE ('-' = stdin)")
    parser.add_argument("--now", metavar="ISO",
                        help="pin now()/ago() to this UTC time, e.g. 2026-11-01T00:00:00Z")


# Commands whose parsers import nothing heavy. `hunt query ...` builds only these: the others'
# parsers import their modules (the ingest formats, demo, detections: ~30 ms of start-up).
_LIGHT_COMMANDS = ("query", "explain", "tables", "schema")


def _command_of(argv: list[str]) -> Optional[str]:
    """The sub-command named in argv (after the global --data/--debug), or None."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--data":
            i += 2
            continue
        if arg == "--debug" or arg.startswith("--data="):
            i += 1
            continue
        return None if arg.startswith("-") else arg
    return None


def build_parser(command: Optional[str] = None) -> argparse.ArgumentParser:
    """The argument parser; with `command` one of _LIGHT_COMMANDS, the other commands'
    parsers are left out (they are only needed to parse those commands, or for --help)."""
    from hunt import __version__

    parser = argparse.ArgumentParser(prog="hunt", description="KQL advanced hunting over "
                                     "Parquet, run locally by DuckDB.")
    parser.add_argument("--version", action="version", version=f"hunt {__version__}")
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="<command>")

    q = sub.add_parser("query", help="run a query")
    _query_source(q)
    q.add_argument("--format", choices=FORMATS, default="table", help="output format")
    q.add_argument("--timeout", type=_positive_float, metavar="S", default=300.0,
                   help="stop the query after S seconds (default 300)")
    q.add_argument("--allow-externaldata", action="store_true", default=None,
                   help="let externaldata fetch http(s) URLs")
    q.add_argument("--memory-limit", metavar="SIZE", help="DuckDB memory limit, e.g. 4GB")
    q.add_argument("--threads", type=_positive_int, metavar="N", help="DuckDB threads")
    q.add_argument("--max-rows", type=_positive_int, metavar="N", default=100_000,
                   help="row cap (default 100,000, like the Defender portal)")
    _common(q, top=False)

    e = sub.add_parser("explain", help="show the SQL of a query")
    _query_source(e)
    _common(e, top=False)

    t = sub.add_parser("tables", help="list the tables")
    _common(t, top=False)

    s = sub.add_parser("schema", help="show a table's columns")
    s.add_argument("table", metavar="TABLE")
    _common(s, top=False)

    if command in _LIGHT_COMMANDS:
        return parser
    from hunt.store.demo.command import add_parser as _demo_parser
    _demo_parser(sub, _common)

    from hunt.store.command import add_ingest_parser, add_store_parser
    add_ingest_parser(sub, _common)
    add_store_parser(sub, _common)

    from hunt.detect.command import add_parser as _detect_parser
    _detect_parser(sub, _common)
    return parser


# -- commands ---------------------------------------------------------------------------------

def _read_query(args) -> tuple[str, str]:
    """(text, name for diagnostics)."""
    if args.kql is not None and args.file is not None:
        raise UsageError("give the query either as an argument or with -f, not both",
                         'hunt query "KQL"  or  hunt query -f FILE')
    if args.file is not None:
        if args.file == "-":
            return sys.stdin.read(), "<stdin>"
        try:
            with open(args.file, encoding="utf-8") as fh:
                return fh.read(), args.file
        except FileNotFoundError:
            raise UsageError(f"query file not found: {args.file}",
                             "check the path (relative paths start at the current "
                             "directory)") from None
        except IsADirectoryError:
            raise UsageError(f"query file is a directory: {args.file}",
                             "give the path of a .kql file") from None
        except UnicodeDecodeError:
            raise UsageError(f"query file is not UTF-8 text: {args.file}",
                             "save it as UTF-8") from None
        except OSError as exc:
            raise UsageError(f"cannot read query file {args.file}: {exc.strerror or exc}",
                             "check the file's permissions") from None
    if args.kql is None:
        raise UsageError("no query given", 'hunt query "DeviceProcessEvents | take 10"  or  '
                         "hunt query -f FILE")
    return args.kql, "query"


def _connect(args, **options):
    import hunt
    return hunt.connect(args.data, **options)


def cmd_query(args, out, err) -> int:
    text, name = _read_query(args)
    args._query_name = name
    with _connect(args, allow_externaldata=args.allow_externaldata, timeout=args.timeout,
                  memory_limit=args.memory_limit, threads=args.threads,
                  max_rows=args.max_rows) as h:
        result = h.query(text, now=args.now)
        results = getattr(result, "results", None) or [result]
        if args.format == "table":
            width = _terminal_width()
            for i, r in enumerate(results):
                if i:
                    out.write("\n")
                _write_table(r, out, width)
        else:
            _write_machine(result, args.format, out)
            if result.truncated:
                err.write(f"hunt: result truncated at {result.max_rows:,} rows\n")
    return EXIT_OK


def cmd_explain(args, out, err) -> int:
    text, name = _read_query(args)
    args._query_name = name
    with _connect(args) as h:
        out.write(h.explain(text, now=args.now).rstrip() + "\n")
    return EXIT_OK


def cmd_tables(args, out, err) -> int:
    from hunt.engine.display import render_table

    with _connect(args) as h:
        rows = []
        for name in h.tables():
            info = h.schema(name)
            rows.append((name, info.family, len(info.columns), info.description))
    out.write(render_table(["Table", "Family", "Columns", "Description"],
                           ["string", "string", "long", "string"], rows,
                           width=_terminal_width()) + "\n")
    return EXIT_OK


def cmd_schema(args, out, err) -> int:
    from hunt.engine.display import render_table

    with _connect(args) as h:
        info = h.schema(args.table)
    if info.description:
        out.write(f"{info.name}: {info.description}\n\n")
    rows = [(c.name, c.type, c.description) for c in info.columns]
    out.write(render_table(["Column", "Type", "Description"], ["string"] * 3, rows,
                           width=_terminal_width()) + "\n")
    return EXIT_OK


def cmd_demo(args, out, err) -> int:
    from hunt.store.demo.command import run
    return run(args, out, err)


def cmd_ingest(args, out, err) -> int:
    from hunt.store.command import run_ingest
    return run_ingest(args, out, err)


def cmd_store(args, out, err) -> int:
    from hunt.store.command import run_store
    return run_store(args, out, err)


def cmd_detect(args, out, err) -> int:
    from hunt.detect.command import run
    return run(args, out, err)


COMMANDS: dict[str, Callable] = {
    "query": cmd_query,
    "explain": cmd_explain,
    "tables": cmd_tables,
    "schema": cmd_schema,
    "demo": cmd_demo,
    "ingest": cmd_ingest,
    "store": cmd_store,
    "detect": cmd_detect,
}


# -- output -----------------------------------------------------------------------------------

def _terminal_width() -> int:
    import shutil
    return max(40, shutil.get_terminal_size((120, 24)).columns)


def _write_table(result, out, width: int) -> None:
    from hunt.engine.display import footer, render_table

    out.write(render_table(result.columns, result.kusto_types, result.rows, width=width) + "\n")
    out.write(footer(len(result), result.elapsed, result.truncated, result.max_rows) + "\n")


def _write_machine(result, fmt: str, out) -> None:
    from hunt.engine.display import cell_text, json_value

    types = result.kusto_types
    if fmt == "csv":
        import csv
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow([cell_text(v, t) for v, t in zip(row, types)])
        return
    import json
    objects = ({c: json_value(v, t) for c, v, t in zip(result.columns, row, types)}
               for row in result.rows)
    if fmt == "jsonl":
        for obj in objects:
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        return
    out.write("[")
    for i, obj in enumerate(objects):
        out.write(("," if i else "") + "\n  " + json.dumps(obj, ensure_ascii=False))
    out.write("\n]\n" if len(result) else "]\n")


def _repl(data, out, err, debug: bool = False) -> int:
    """`hunt` with no command: the interactive session (hunt.repl)."""
    from hunt.repl import main as repl_main
    try:
        return repl_main(data, out=out, err=err)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:        # noqa: BLE001 - the last line of defence
        if debug:
            import traceback
            traceback.print_exception(type(exc), exc, exc.__traceback__, file=err)
        err.write(f"error: internal error: {type(exc).__name__}: {exc}\n"
                  "hint: rerun with --debug and report it\n")
        return EXIT_OTHER


# -- main -------------------------------------------------------------------------------------

def _report(exc: BaseException, err, debug: bool, name: str = "query") -> None:
    if debug:
        import traceback
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=err)
    render = getattr(exc, "render", None)
    err.write((render(name) if render else str(exc)) + "\n")


def main(argv: Optional[list[str]] = None, *, out=None, err=None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        return _repl(None, out, err)
    parser = build_parser(_command_of(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:       # argparse printed its one-line error (or --help)
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_OTHER
    if args.command is None:         # `hunt --data DIR`: the REPL over DIR
        return _repl(args.data, out, err, debug=args.debug)
    handler = COMMANDS[args.command]
    from hunt.errors import KqlError
    try:
        return handler(args, out, err)
    except KqlError as exc:
        _report(exc, err, args.debug, getattr(args, "_query_name", "query"))
        code = str(getattr(exc, "code", ""))
        return EXIT_OTHER if code.startswith("HUNT5") else EXIT_QUERY
    except UsageError as exc:
        err.write(f"error: {exc}\n")
        if exc.hint:
            err.write(f"hint: {exc.hint}\n")
        return EXIT_OTHER
    except KeyboardInterrupt:
        err.write("interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `hunt query ... | head`: the reader left; exit quietly
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_OK
    except Exception as exc:        # noqa: BLE001 - the last line of defence
        if args.debug:
            import traceback
            traceback.print_exception(type(exc), exc, exc.__traceback__, file=err)
        err.write(f"error: internal error: {type(exc).__name__}: {exc}\n"
                  "hint: rerun with --debug and report it\n")
        return EXIT_OTHER


if __name__ == "__main__":
    sys.exit(main())
