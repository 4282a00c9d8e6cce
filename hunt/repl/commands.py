"""Dot-commands: one registry feeds the dispatcher, `.help` and completion.

A command is `.name [args]` on its own input; its handler gets the Shell (hunt.repl.shell)
and the argument text, writes to `shell.out`, and raises CommandError for a usage mistake
(one line of cause, one of hint). Everything they do is a call of the Python API.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Optional


class CommandError(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Command:
    name: str                 # with the dot: ".tables"
    usage: str                # arguments as shown in .help
    help: str                 # one line
    handler: Callable
    args: tuple = ()          # completion values for the first argument ("@tables", ...)


COMMANDS: dict[str, Command] = {}
ALIASES = {".exit": ".quit", ".q": ".quit", ".h": ".help", ".?": ".help"}


def command(name: str, usage: str, help: str, args: tuple = ()):
    def wrap(fn):
        COMMANDS[name] = Command(name, usage, help, fn, args)
        return fn
    return wrap


def lookup(name: str) -> Optional[Command]:
    name = ALIASES.get(name.lower(), name.lower())
    return COMMANDS.get(name)


def help_text() -> str:
    width = max(len(f"{c.name} {c.usage}".strip()) for c in COMMANDS.values())
    lines = ["Type a KQL query: Enter runs it when it is complete, Alt-Enter (or Esc Enter) "
             "runs it as it is.", "Tab completes, Ctrl-R searches history, Ctrl-C cancels a "
             "running query, Ctrl-D leaves.", ""]
    for c in COMMANDS.values():
        lines.append(f"  {(c.name + ' ' + c.usage).strip():<{width}}  {c.help}")
    return "\n".join(lines)


def _words(arg: str) -> list[str]:
    return arg.split()


# -- the commands -----------------------------------------------------------------------------

@command(".help", "[COMMAND]", "this list, or one command's help")
def _help(shell, arg: str) -> None:
    if arg.strip():
        name = arg.strip() if arg.strip().startswith(".") else "." + arg.strip()
        c = lookup(name)
        if c is None:
            raise CommandError(f"no command {name}", "`.help` lists them")
        shell.say(f"{c.name} {c.usage}".strip() + f"\n  {c.help}")
        return
    shell.say(help_text())


@command(".tables", "[FILTER]", "list the tables and which of them have data")
def _tables(shell, arg: str) -> None:
    from hunt.engine.display import render_table
    needle = arg.strip().lower()
    rows = []
    present = shell.tables_with_data()
    for name in shell.h.tables():
        if needle and needle not in name.lower():
            continue
        info = shell.h.schema(name)
        rows.append((name, info.family, len(info.columns), "yes" if name in present else ""))
    if not rows:
        raise CommandError(f"no table matches '{arg.strip()}'", "`.tables` lists them all")
    shell.show(render_table(["Table", "Family", "Columns", "Data"],
                            ["string", "string", "long", "string"], rows,
                            width=shell.width()) + f"\n{len(rows)} tables")


@command(".schema", "[TABLE]", "a table's columns and types (no TABLE: the last result's)",
         ("@tables",))
def _schema(shell, arg: str) -> None:
    from hunt.engine.display import render_table
    name = arg.strip()
    if not name:
        if shell.last_result is None:
            raise CommandError("no result yet", "give a table: .schema DeviceProcessEvents")
        r = shell.last_result
        shell.show(render_table(["Column", "Type"], ["string", "string"],
                                list(zip(r.columns, r.kusto_types)), width=shell.width()))
        return
    info = shell.h.schema(name)
    rows = [(c.name, c.type, c.description) for c in info.columns]
    head = f"{info.name}: {info.description}\n" if info.description else ""
    shell.show(head + render_table(["Column", "Type", "Description"], ["string"] * 3, rows,
                                   width=shell.width()))


@command(".explain", "[QUERY]", "the DuckDB SQL of a query (no QUERY: the last one)")
def _explain(shell, arg: str) -> None:
    text = arg.strip() or shell.last_text
    if not text:
        raise CommandError("no query yet", ".explain DeviceProcessEvents | take 1")
    shell.show(shell.h.explain(text, now=shell.now, params=shell.params or None))


@command(".timing", "on|off", "show the elapsed time after each result", ("on", "off"))
def _timing(shell, arg: str) -> None:
    value = arg.strip().lower()
    if value not in ("on", "off", ""):
        raise CommandError(f"'{arg.strip()}' is not on or off", ".timing on  or  .timing off")
    if value:
        shell.timing = value == "on"
    shell.say(f"timing is {'on' if shell.timing else 'off'}")


@command(".format", "table|vertical|csv|json", "how results are shown",
         ("table", "vertical", "csv", "json"))
def _format(shell, arg: str) -> None:
    from hunt.repl.output import FORMATS
    value = arg.strip().lower()
    if value and value not in FORMATS:
        raise CommandError(f"unknown format '{arg.strip()}'", "one of: " + ", ".join(FORMATS))
    if value:
        shell.format = value
    shell.say(f"format is {shell.format}")


@command(".export", "csv|json|parquet FILE", "write the last result (all its rows) to FILE",
         ("csv", "json", "parquet"))
def _export(shell, arg: str) -> None:
    words = _words(arg)
    if len(words) != 2 or words[0].lower() not in ("csv", "json", "parquet"):
        raise CommandError("usage: .export csv|json|parquet FILE", ".export csv hits.csv")
    if shell.last_result is None:
        raise CommandError("no result to export yet", "run a query first")
    fmt, path = words[0].lower(), os.path.expanduser(words[1])
    r = shell.last_result
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq
            pq.write_table(r.to_arrow(), tmp)
        else:
            from hunt.repl.output import render_csv, render_json
            text = render_csv(r) if fmt == "csv" else render_json(r)
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                fh.write(text + "\n")
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}",
                           "check the folder exists and is writable") from None
    shell.say(f"wrote {len(r):,} rows to {path} ({fmt})")


@command(".save", "NAME [TITLE]", "save the last query in the saved-queries library")
def _save(shell, arg: str) -> None:
    from hunt.repl import library
    name, _, title = arg.strip().partition(" ")
    if not name:
        raise CommandError("usage: .save NAME [TITLE]", ".save encoded-powershell")
    if not shell.last_text:
        raise CommandError("no query to save yet", "run a query first")
    try:
        path = library.save(shell.data_dir, name, shell.last_text, title=title.strip())
    except ValueError as exc:
        raise CommandError(str(exc), ".save my-query") from None
    except OSError as exc:
        raise CommandError(f"cannot save: {exc.strerror or exc}", "") from None
    shell.say(f"saved as {name} ({path})")


@command(".queries", "[FILTER]", "list the saved queries")
def _queries(shell, arg: str) -> None:
    from hunt.engine.display import render_table
    from hunt.repl import library
    needle = arg.strip().lower()
    items = [q for q in library.load(shell.data_dir).values()
             if not needle or needle in q.name.lower() or needle in q.title.lower()]
    if not items:
        shell.say("no saved queries" + (f" match '{arg.strip()}'" if needle else "") +
                  "; `.save NAME` saves the last query")
        return
    rows = [(q.name, q.title, q.source, q.description) for q in items]
    shell.show(render_table(["Name", "Title", "From", "Description"], ["string"] * 4, rows,
                            width=shell.width()) + "\n`.run NAME` runs one")


@command(".run", "NAME", "run a saved query", ("@queries",))
def _run(shell, arg: str) -> None:
    from hunt.repl import library
    name = arg.strip()
    if not name:
        raise CommandError("usage: .run NAME", "`.queries` lists the names")
    q = library.find(name, shell.data_dir)
    if q is None:
        from hunt.semantic.catalog import suggest
        guess = suggest(name, library.load(shell.data_dir))
        raise CommandError(f"no saved query '{name}'",
                           f"did you mean '{guess}'?" if guess else "`.queries` lists them")
    shell.say(f"-- {q.title}\n{q.text}")
    shell.run_query(q.text)


@command(".set", "[now=ISO|timeout=S|max_rows=N]",
         "pin now() (now= clears it), set the time limit or row cap")
def _set(shell, arg: str) -> None:
    text = arg.strip()
    if not text:
        shell.say(shell.settings_text())
        return
    key, eq, value = text.partition("=")
    key, value = key.strip().lower(), value.strip()
    if not eq:
        raise CommandError(f"usage: .set {key}=VALUE", ".set now=2026-11-01T00:00:00Z")
    if key == "now":
        if value:
            from hunt.api import parse_now
            shell.now = parse_now(value).isoformat().replace("+00:00", "Z")
        else:
            shell.now = None
    elif key == "timeout":
        try:
            seconds = float(value) if value else None
        except ValueError:
            raise CommandError(f"'{value}' is not a number of seconds", ".set timeout=60") from None
        if seconds is not None and seconds <= 0:
            raise CommandError("the timeout must be positive", ".set timeout=60")
        shell.timeout = seconds
    elif key in ("max_rows", "maxrows"):
        try:
            n = int(value.replace(",", "").replace("_", "")) if value else None
        except ValueError:
            raise CommandError(f"'{value}' is not a whole number", ".set max_rows=1000") from None
        if n is not None and n < 0:
            raise CommandError("max_rows must be 0 or more", ".set max_rows=1000")
        shell.max_rows = n
    else:
        raise CommandError(f"unknown setting '{key}'", "now, timeout or max_rows")
    shell.say(shell.settings_text())


@command(".data", "[DIR]", "show or change the data directory")
def _data(shell, arg: str) -> None:
    path = arg.strip()
    if path:
        shell.open_data(os.path.expanduser(path))
    shell.say(f"data directory: {shell.data_dir}")


@command(".detections", "", "list the detection rules")
def _detections(shell, arg: str) -> None:
    from hunt.engine.display import render_table
    from hunt.repl import library
    rules = library.detection_rules(shell.data_dir)
    if not rules:
        shell.say("no detection rules yet (none in queries/detections/ or "
                  f"{library.user_dir(shell.data_dir, 'detections')})")
        return
    rows = [(r.id, r.title, r.path.name) for r in rules]
    shell.show(render_table(["Id", "Title", "File"], ["string"] * 3, rows, width=shell.width()))


@command(".chart", "[save FILE.png|FILE.html]", "draw the last result's chart again, or save it",
         ("save",))
def _chart(shell, arg: str) -> None:
    from hunt.repl import charts
    if shell.last_result is None or not shell.last_result.render:
        raise CommandError("the last result has no chart",
                           "end a query with | render timechart (or columnchart, barchart, "
                           "piechart, linechart, areachart, scatterchart)")
    words = _words(arg)
    try:
        chart = charts.chart_of(shell.last_result)
        if not words:
            shell.show(charts.terminal(chart, shell.width(), shell.chart_height(),
                                       shell.color))
            return
        if words[0].lower() != "save" or len(words) != 2:
            raise CommandError("usage: .chart save FILE.png|FILE.html", ".chart save hits.html")
        path = os.path.expanduser(words[1])
        if not path.lower().endswith((".png", ".html", ".htm", ".svg")):
            raise CommandError(f"cannot tell the format of '{words[1]}'",
                               "end the name with .png, .html or .svg")
        kind = charts.save(chart, path)
    except charts.ChartError as exc:
        raise CommandError(str(exc), "") from None
    except OSError as exc:
        raise CommandError(f"cannot write {words[1]}: {exc.strerror or exc}", "") from None
    shell.say(f"wrote the {chart.kind} to {path} ({kind})")


@command(".pager", "on|off", "page long results (with $PAGER or less)", ("on", "off"))
def _pager(shell, arg: str) -> None:
    value = arg.strip().lower()
    if value not in ("on", "off", ""):
        raise CommandError(f"'{arg.strip()}' is not on or off", ".pager off")
    if value:
        shell.pager = value == "on"
    shell.say(f"pager is {'on' if shell.pager else 'off'}")


@command(".quit", "", "leave (Ctrl-D too)")
def _quit(shell, arg: str) -> None:
    shell.done = True
