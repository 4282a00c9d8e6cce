"""The REPL's state and what one input does, without any terminal library: a query runs in a
worker thread (Ctrl-C interrupts DuckDB and the session goes on), a dot-command goes to the
registry. hunt.repl.app puts a prompt_toolkit editor in front of it."""
from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from typing import Optional

from hunt.repl import commands as C
from hunt.repl.tokens import bracket_balance, tokenize, unterminated

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


def is_complete(text: str) -> bool:
    """Does Enter run `text`? Yes for a dot-command, a blank input, a query that parses, or
    one whose syntax error lies before its end (running it shows the error); no while the
    text stops in the middle of a statement (after `|`, inside a bracket or a string) or
    holds only `let`/`set` statements."""
    s = text.strip()
    if not s or s.startswith("."):
        return True
    toks = tokenize(text)
    if toks and unterminated(toks[-1]):
        return False
    if bracket_balance(toks) > 0:
        return False
    from hunt.errors import KqlSyntaxError
    from hunt.syntax import parse
    try:
        query = parse(text)
    except KqlSyntaxError as err:
        end = len(text.rstrip())
        start = err.span.start if err.span is not None else end
        return start < end and not _ends_open(toks)
    from hunt.syntax import ast as A
    return any(not isinstance(st, (A.Let, A.Set)) for st in query.statements)


def _ends_open(toks) -> bool:
    if not toks:
        return False
    last = toks[-1]
    return (last.kind == "punct" and last.text in "|,;(") or \
        (last.kind == "op" and last.text not in (".",))


class Shell:
    def __init__(self, data_dir=None, out=None, err=None, *, color: Optional[bool] = None,
                 connect_options: Optional[dict] = None):
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.connect_options = dict(connect_options or {})
        self.format = "table"
        self.timing = True
        self.pager = True
        self.now: Optional[str] = None
        self.params: dict = {}
        self.timeout: Optional[float] = self.connect_options.pop("timeout", 300.0)
        self.max_rows: Optional[int] = self.connect_options.pop("max_rows", 100_000)
        self.last_text = ""
        self.last_result = None
        self.done = False
        self.color = _isatty(self.out) and not os.environ.get("NO_COLOR") \
            if color is None else color
        self.h = None
        self._data_present: Optional[set] = None
        self.open_data(data_dir)

    # -- connection ---------------------------------------------------------------------------
    def open_data(self, data_dir) -> None:
        import hunt
        from hunt.api import default_data_dir
        path = Path(data_dir).expanduser() if data_dir else default_data_dir()
        if not path.is_dir():
            raise C.CommandError(f"data directory not found: {path}",
                                 "create it, or give a folder with one sub-folder per table")
        h = hunt.connect(path, timeout=self.timeout, max_rows=self.max_rows,
                         **self.connect_options)
        if self.h is not None:
            self.h.close()
        self.h = h
        self.data_dir = path
        self._data_present = None

    def tables_with_data(self) -> set:
        if self._data_present is None:
            names = set()
            try:
                for entry in os.scandir(self.data_dir):
                    if entry.is_dir() and self.h.catalog.table(entry.name) is not None:
                        names.add(entry.name)
            except OSError:
                pass
            self._data_present = names
        return self._data_present

    def close(self) -> None:
        if self.h is not None:
            self.h.close()

    # -- output -------------------------------------------------------------------------------
    def width(self) -> int:
        from hunt.repl.output import terminal_size
        return terminal_size()[0]

    def chart_height(self) -> int:
        from hunt.repl.output import terminal_size
        return max(8, min(20, terminal_size()[1] - 8))

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def show(self, text: str) -> None:
        from hunt.repl.output import page
        page(text, self.out, enabled=self.pager)

    def error(self, text: str) -> None:
        self.err.write(text + "\n")
        self.err.flush()

    def settings_text(self) -> str:
        return (f"now={self.now or '(the clock)'}  timeout="
                f"{self.timeout if self.timeout is not None else 'none'}  max_rows="
                f"{self.max_rows if self.max_rows is not None else 'none'}  "
                f"format={self.format}  timing={'on' if self.timing else 'off'}")

    # -- input --------------------------------------------------------------------------------
    def execute(self, text: str) -> None:
        """Run one input: a dot-command or a query. Never raises for a user's mistake."""
        s = text.strip()
        if not s:
            return
        if s.startswith(".") and not s.startswith(".."):
            self.command(s)
        else:
            self.run_query(text)

    def command(self, line: str) -> None:
        name, _, arg = line.partition(" ")
        cmd = C.lookup(name.strip())
        if cmd is None:
            from hunt.semantic.catalog import suggest
            guess = suggest(name, list(C.COMMANDS) + list(C.ALIASES))
            self.error(f"error: unknown command {name}")
            self.error(f"hint: did you mean {guess}?" if guess else "hint: .help lists them")
            return
        from hunt.errors import KqlError
        try:
            cmd.handler(self, arg)
        except C.CommandError as exc:
            self.error(f"error: {exc}")
            if exc.hint:
                self.error(f"hint: {exc.hint}")
        except KqlError as exc:
            self.error(exc.render())
        except KeyboardInterrupt:
            self.error("cancelled")

    def run_query(self, text: str) -> None:
        from hunt.errors import KqlError
        self.last_text = text.strip()
        try:
            result = self._run_cancellable(text)
        except _Cancelled:
            self.error("query cancelled (Ctrl-C); the session goes on")
            return
        except KqlError as exc:
            self.error(exc.render())
            return
        self.last_result = result
        self.print_result(result)

    def print_result(self, result) -> None:
        from hunt.repl.output import footer, render_result
        results = getattr(result, "results", None) or [result]
        parts = [render_result(r, self.format, self.width(), self.timing)
                 for r in results[:-1]]
        kind = (result.render or {}).get("kind")
        text = None
        if kind not in (None, "table") and self.format in ("table", "vertical") and len(result):
            from hunt.repl import charts
            try:
                chart = charts.chart_of(result)
                text = (charts.terminal(chart, self.width(), self.chart_height(), self.color)
                        + "\n" + footer(result, self.timing)
                        + "\n`.chart save FILE.png|FILE.html` writes the chart")
            except charts.ChartError as exc:
                text = render_result(result, self.format, self.width(), self.timing) + \
                    f"\nno chart: {exc}"
        if text is None:
            text = render_result(result, self.format, self.width(), self.timing)
        self.show("\n\n".join(parts + [text]))

    def _run_cancellable(self, text: str):
        box: dict = {}
        h = self.h
        params = self.params or None
        now = self.now
        limits = {"timeout": self.timeout, "max_rows": self.max_rows}
        # An Event, not Thread.join/is_alive: before Python 3.12 a join interrupted by Ctrl-C
        # can leave the thread marked as stopped while it still runs.
        done = threading.Event()

        def work():
            try:
                box["result"] = h.query(text, now=now, params=params, **limits)
            except BaseException as exc:       # handed to the main thread
                box["error"] = exc
            finally:
                done.set()

        worker = threading.Thread(target=work, name="hunt-query", daemon=True)
        started = time.monotonic()
        worker.start()
        spinning = False
        try:
            i = 0
            while not done.wait(0.1):
                if time.monotonic() - started > 0.7 and _isatty(self.err):
                    spinning = True
                    self.err.write(f"\r{SPINNER[i % len(SPINNER)]} running "
                                   f"{time.monotonic() - started:.1f} s (Ctrl-C cancels)")
                    self.err.flush()
                    i += 1
        except KeyboardInterrupt:
            self._stop(done)
            if spinning:
                self._clear_spinner()
            raise _Cancelled() from None
        if spinning:
            self._clear_spinner()
        if "error" in box:
            raise box["error"]
        return box["result"]

    def _stop(self, done: threading.Event) -> None:
        """Interrupt DuckDB until the worker ends (it may not have reached DuckDB yet); a
        second Ctrl-C stops waiting and leaves the worker to finish on its own."""
        try:
            while not done.is_set():
                self.h.interrupt()
                done.wait(0.2)
        except KeyboardInterrupt:
            pass

    def _clear_spinner(self) -> None:
        self.err.write("\r\x1b[K")
        self.err.flush()


class _Cancelled(Exception):
    pass


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
