"""Running rules: one cycle (`run`), the scheduler (`serve`), crash recovery (`reconcile`).

One run of a rule, each step durable before the next:

    1. runs += (status running, window)                       [crash: marked interrupted]
    2. the query, windowed (see `windowed_query`), in the read-only sandbox
    3. alerts planned against the dedup ledger; alert files written to a staging folder
    4. one transaction: ledger rows, alerts, staged file list, outbox, rule progress,
       status staged                                          [crash: rolled forward]
    5. staged files moved into the store (atomic renames)      [crash: rolled forward]
    6. status success; then actions from the outbox            [crash: retried]

So an alert is visible at most once per (rule, event key): the ledger and the files are
committed together in step 4 (the files are only moved later, by name, idempotently), and a
run that dies before step 4 leaves nothing visible, its window being covered again by the
next run because `covered_until` only moves in step 4. One runner at a time holds the lock.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional

from hunt.detect import alerts as A
from hunt.detect import library, windows
from hunt.detect.rule import FIRST_RUN
from hunt.detect.state import State, runner_lock, state_dir, utcnow

FAULT_ENV = "HUNT_DETECT_KILL_AT"     # tests: SIGKILL this process at a checkpoint
PAUSE_ENV = "HUNT_DETECT_PAUSE"       # tests: sleep this long at every checkpoint
WINDOW_START, WINDOW_END = "_hunt_window_start", "_hunt_window_end"


class DetectError(Exception):
    """A usage problem (unknown rule, bad time) in a person's words."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


@dataclass
class RunReport:
    rule_id: str
    run_id: Optional[int]
    status: str
    window_start: Optional[_dt.datetime]
    window_end: Optional[_dt.datetime]
    rows: int = 0
    new_events: int = 0
    alerts: int = 0
    suppressed: int = 0
    error: str = ""
    duration: float = 0.0
    files: Optional[int] = None

    def line(self) -> str:
        from hunt.engine.display import datetime_text
        span = (f"{datetime_text(self.window_start) if self.window_start else '…'} .. "
                f"{datetime_text(self.window_end) if self.window_end else '…'}")
        if self.files is not None:
            span += f", {self.files} new file{'s' if self.files != 1 else ''}"
        text = (f"{self.rule_id}: {self.status} [{span}] {self.rows} rows, {self.alerts} "
                f"alert{'s' if self.alerts != 1 else ''}")
        if self.suppressed:
            text += f" ({self.suppressed} events over max_alerts_per_run)"
        if self.error:
            text += f": {self.error}"
        return text + f" ({self.duration:.2f}s)"


def parse_time(value) -> Optional[_dt.datetime]:
    """A naive UTC datetime from ISO text or a datetime (None stays None)."""
    if value is None:
        return None
    from hunt.api import parse_now
    from hunt.errors import KqlError
    try:
        return parse_now(value).replace(tzinfo=None)
    except KqlError:
        raise DetectError(f"invalid time {value!r}",
                          "give an ISO 8601 UTC time such as 2026-11-01T08:00:00Z") from None


def windowed_query(query: str, start: Optional[_dt.datetime],
                   end: Optional[_dt.datetime]) -> tuple[str, dict]:
    """The rule's query with its result limited to Timestamp in [start, end): its last
    statement parenthesised and piped into a `where` on two typed parameters (no value is
    ever spliced into the text)."""
    from hunt.syntax import ast as AST
    from hunt.syntax import parse
    conds, params = [], {}
    if start is not None:
        conds.append(f"Timestamp >= {WINDOW_START}")
        params[WINDOW_START] = start
    if end is not None:
        conds.append(f"Timestamp < {WINDOW_END}")
        params[WINDOW_END] = end
    if not conds:
        return query, {}
    tree = parse(query)
    last = [s for s in tree.statements if s is not None
            and not isinstance(s, (AST.Let, AST.Set))][-1]
    a, b = last.span.start, last.span.end
    text = f"{query[:a]}({query[a:b]}\n)\n| where {' and '.join(conds)}{query[b:]}"
    return text, params


def _checkpoint(name: str) -> None:
    pause = os.environ.get(PAUSE_ENV)
    if pause:
        time.sleep(float(pause))
    if os.environ.get(FAULT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


class Detector:
    """Custom detections over one data directory."""

    def __init__(self, data, rules: Optional[Iterable] = None, *, builtin: bool = True,
                 catalog=None, timeout: Optional[float] = 300.0, actions: bool = True,
                 log: Optional[Callable[[str], None]] = None):
        from hunt.api import default_data_dir
        self.data = Path(data).expanduser() if data is not None else default_data_dir()
        self.sources = library.sources(self.data, rules, builtin)
        if catalog is None:
            from hunt.semantic.catalog import load_default_catalog
            catalog = load_default_catalog()
        self.catalog = catalog
        self.timeout = timeout
        self.actions = actions
        self.log = log or (lambda message: None)
        self.problems: list = []
        self._hunt = None
        self._scratch_hunt = None
        self._in_query = threading.Event()
        self._check_cache: dict = {}

    # -- rules ------------------------------------------------------------------------------
    def load(self):
        """(checked rules, problems): every rule file read and checked against the schema."""
        from hunt.detect.validate import check_rule
        rules, problems = library.load_rules(self.sources)
        checked = []
        for r in rules:
            key = (str(r.path), r.text)
            c = self._check_cache.get(key)
            if c is None:
                c = self._check_cache[key] = check_rule(r, self.catalog)
            checked.append(c)
            problems = problems + c.problems
        self.problems = problems
        return checked, problems

    def _select(self, checked, rule_ids) -> list:
        if not rule_ids:
            return [c for c in checked if c.ok]
        by_id = {c.rule.id: c for c in checked}
        by_path = {str(Path(c.rule.path).resolve()): c for c in checked if c.rule.path}
        chosen = []
        for rid in rule_ids:
            c = by_id.get(rid) or by_path.get(str(Path(rid).resolve()))
            if c is None:
                from hunt.semantic.catalog import suggest
                guess = suggest(rid, list(by_id))
                raise DetectError(f"unknown rule '{rid}'", f"did you mean '{guess}'?" if guess
                                  else "`hunt detect list` shows the rules")
            chosen.append(c)
        return chosen

    # -- one cycle --------------------------------------------------------------------------
    def run(self, rule_ids: Optional[Iterable[str]] = None, at=None,
            stop: Optional[threading.Event] = None) -> list[RunReport]:
        """Run the due rules once at `at` (default now); named rules run even when not due.
        Broken rules are skipped (their problems are in `self.problems`)."""
        at = parse_time(at) or utcnow()
        checked, _ = self.load()
        named = bool(rule_ids)
        chosen = self._select(checked, list(rule_ids or ()))
        reports: list[RunReport] = []
        with runner_lock(self.data):
            with State(self.data) as st:
                self.reconcile(st)
                for c in checked:
                    if c.ok:
                        st.sync_rule(c.rule, at)
                try:
                    for c in sorted(chosen, key=lambda c: c.rule.id):
                        if stop is not None and stop.is_set():
                            break
                        if not c.ok:
                            reports.append(RunReport(c.rule.id, None, "invalid", None, None,
                                                     error=c.problems[0].message))
                            continue
                        _, last_success = st.progress(c.rule.id)
                        if not named and not windows.is_due(c.rule, last_success, at):
                            continue
                        report = self._run_rule(st, c, at)
                        if report is not None:
                            reports.append(report)
                            self.log(report.line())
                    if self.actions:
                        self._deliver(st)
                except BaseException:
                    self.close()        # a query may have been cut short: start afresh
                    raise
        return reports

    def _connect(self):
        if self._hunt is None:
            import hunt
            self._hunt = hunt.connect(self.data, timeout=self.timeout, max_rows=None)
        return self._hunt

    def close(self) -> None:
        """Close the query session (kept open between runs: views and functions are built
        once)."""
        if self._hunt is not None:
            self._hunt.close()
            self._hunt = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _query(self, h, rule, start, end, now):
        text, params = windowed_query(rule.query, start, end)
        self._in_query.set()
        try:
            result = h.query(text, now=now, params=params, max_rows=None)
        finally:
            self._in_query.clear()
        return result.to_arrow()

    def interrupt(self) -> None:
        """Stop the running query (from a signal handler or another thread)."""
        if not self._in_query.is_set():
            return
        for h in (self._hunt, self._scratch_hunt):
            if h is not None:
                try:
                    h.interrupt()
                except Exception:       # noqa: BLE001 - best effort while stopping
                    pass

    def _run_rule(self, st: State, c, at: _dt.datetime) -> Optional[RunReport]:
        rule = c.rule
        covered, _ = st.progress(rule.id)
        if rule.continuous:
            return self._run_continuous(st, c, at, covered)
        start, end = windows.window(rule, covered, at)
        run_id = st.start_run(rule.id, at, start, end)
        return self._execute(st, c, run_id, at, start, end, lambda: self._query(
            self._connect(), rule, start, end, now=end))

    def _run_continuous(self, st, c, at, covered) -> Optional[RunReport]:
        rule = c.rule
        table = c.tables[0]
        folder = self.data / table
        present = sorted(str(p.relative_to(self.data)) for p in folder.rglob("*.parquet")) \
            if folder.is_dir() else []
        seen = {r[0] for r in st.all("SELECT path FROM arrivals WHERE rule_id = ?", [rule.id])}
        new = [p for p in present if p not in seen]
        if not new:
            return None
        start = at - FIRST_RUN if covered is None else None
        run_id = st.start_run(rule.id, at, start, at, files=len(new))
        scratch = state_dir(self.data) / "arrivals" / str(run_id)

        def query():
            import hunt
            for rel in new:
                _link(self.data / rel, scratch / rel)
            with hunt.connect(scratch, timeout=self.timeout, max_rows=None) as h:
                self._scratch_hunt = h
                try:
                    return self._query(h, rule, start, None, now=at)
                finally:
                    self._scratch_hunt = None

        try:
            return self._execute(st, c, run_id, at, start, at, query, arrivals=new)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def _execute(self, st, c, run_id, at, start, end, query, arrivals=()) -> RunReport:
        rule = c.rule
        t0 = time.monotonic()
        staging = state_dir(self.data) / "staging" / str(run_id)
        report = RunReport(rule.id, run_id, "failed", start, end,
                           files=len(arrivals) if rule.continuous else None)
        try:
            _checkpoint("started")
            table = query()
            _checkpoint("queried")
            plan = A.plan_alerts(st.con, c, table, run_id)
            tables = A.alert_tables(plan.alerts, self.catalog)
            pairs = A.stage(self.data, staging, run_id, tables)
            _checkpoint("written")
            report.rows, report.new_events = plan.rows, plan.new_events
            report.alerts, report.suppressed = len(plan.alerts), plan.suppressed
            with st.transaction() as con:
                con.execute(A.ledger_rows_sql(run_id), {"rule": rule.id})
                for a in plan.alerts:
                    con.execute("INSERT INTO alerts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                [a["AlertId"], rule.id, run_id, A._timestamp(a["Timestamp"]),
                                 a["Title"], a["Severity"], a["Category"], a["EventCount"],
                                 json.dumps(a, ensure_ascii=False)])
                    if self.actions:
                        for i in range(len(rule.actions)):
                            con.execute("INSERT INTO outbox VALUES (?, ?, ?, 'pending', 0, "
                                        "NULL)", [a["AlertId"], i, run_id])
                for s, f in pairs:
                    con.execute("INSERT INTO staged VALUES (?, ?, ?)", [run_id, s, f])
                for rel in arrivals:
                    con.execute("INSERT INTO arrivals VALUES (?, ?, ?)", [rule.id, rel, run_id])
                con.execute("UPDATE runs SET status = 'staged', rows = ?, new_events = ?, "
                            "alerts = ?, suppressed = ?, duration = ? WHERE run_id = ?",
                            [plan.rows, plan.new_events, len(plan.alerts), plan.suppressed,
                             time.monotonic() - t0, run_id])
                con.execute("UPDATE rules SET covered_until = greatest(coalesce(covered_until, "
                            "$end), $end), last_success = greatest(coalesce(last_success, $at), "
                            "$at) WHERE rule_id = $rule", {"end": end, "at": at,
                                                            "rule": rule.id})
            _checkpoint("staged")
        except KeyboardInterrupt:
            st.finish_run(run_id, "interrupted", error="interrupted",
                          duration=time.monotonic() - t0)
            shutil.rmtree(staging, ignore_errors=True)
            raise
        except Exception as exc:        # noqa: BLE001 - a failing rule never stops the others
            report.error = _error_text(exc)
            report.status = "failed"
            report.duration = time.monotonic() - t0
            st.finish_run(run_id, "failed", error=report.error, duration=report.duration)
            shutil.rmtree(staging, ignore_errors=True)
            return report
        self._publish(st, run_id)
        report.status = "success"
        report.duration = time.monotonic() - t0
        return report

    def _publish(self, st: State, run_id: int, note: Optional[str] = None) -> None:
        pairs = st.all("SELECT staged_path, final_path FROM staged WHERE run_id = ?", [run_id])
        A.publish(pairs)
        _checkpoint("published")
        with st.transaction() as con:
            con.execute("DELETE FROM staged WHERE run_id = ?", [run_id])
            con.execute("UPDATE runs SET status = 'success', finished = ?, "
                        "note = coalesce(?, note) WHERE run_id = ?", [utcnow(), note, run_id])
        shutil.rmtree(state_dir(self.data) / "staging" / str(run_id), ignore_errors=True)

    def reconcile(self, st: State) -> list[str]:
        """After a crash: roll staged runs forward, mark runs that never staged as
        interrupted (nothing of theirs is visible), drop leftover scratch folders."""
        notes = []
        for (run_id,) in st.all("SELECT run_id FROM runs WHERE status = 'staged' ORDER BY run_id"):
            self._publish(st, run_id, note="completed after a restart")
            notes.append(f"run {run_id}: alerts published after a restart")
        for (run_id,) in st.all("SELECT run_id FROM runs WHERE status = 'running'"):
            st.finish_run(run_id, "interrupted", error="the runner stopped before the run's "
                          "alerts were staged; the next run covers its window")
            notes.append(f"run {run_id}: interrupted, its window will be covered again")
        for sub in ("staging", "arrivals"):
            folder = state_dir(self.data) / sub
            if folder.is_dir():
                live = {str(r[0]) for r in st.all("SELECT run_id FROM staged")}
                for child in folder.iterdir():
                    if child.name not in live:
                        shutil.rmtree(child, ignore_errors=True)
        for n in notes:
            self.log(n)
        return notes

    # -- actions ----------------------------------------------------------------------------
    def _deliver(self, st: State) -> None:
        from hunt.detect.actions import MAX_ATTEMPTS, perform
        pending = st.all("SELECT o.alert_id, o.action, o.attempts, a.rule_id, a.payload "
                         "FROM outbox o JOIN alerts a USING (alert_id) WHERE o.status = "
                         "'pending' OR (o.status = 'failed' AND o.attempts < ?) "
                         "ORDER BY a.run_id, o.alert_id, o.action", [MAX_ATTEMPTS])
        if not pending:
            return
        rules = {c.rule.id: c.rule for c in self.load()[0]}
        for alert_id, index, attempts, rule_id, body in pending:
            rule = rules.get(rule_id)
            if rule is None or index >= len(rule.actions):
                st.con.execute("UPDATE outbox SET status = 'dropped', error = 'the rule or "
                               "action no longer exists' WHERE alert_id = ? AND action = ?",
                               [alert_id, index])
                continue
            try:
                perform(rule.actions[index], json.loads(body), self.data)
                status, error = "sent", None
            except Exception as exc:        # noqa: BLE001 - recorded, retried next cycle
                status, error = "failed", str(exc)
                self.log(f"{rule_id}: action {rule.actions[index].kind} failed: {exc}")
            st.con.execute("UPDATE outbox SET status = ?, attempts = ?, error = ? "
                           "WHERE alert_id = ? AND action = ?",
                           [status, attempts + 1, error, alert_id, index])

    # -- the scheduler ----------------------------------------------------------------------
    def serve(self, interval: float = 30.0, stop: Optional[threading.Event] = None,
              clock: Optional[Callable[[], _dt.datetime]] = None,
              cycles: Optional[int] = None, signals: bool = True) -> int:
        """Run due rules until `stop` is set (SIGINT/SIGTERM set it); catch-up after a pause
        comes from the windows. Returns the number of cycles run."""
        stop = stop or threading.Event()
        clock = clock or utcnow
        previous = {}
        if signals and threading.current_thread() is threading.main_thread():
            def handler(signum, frame):
                stop.set()
                self.interrupt()
            for sig in (signal.SIGINT, signal.SIGTERM):
                previous[sig] = signal.signal(sig, handler)
        n = 0
        reported: set = set()
        try:
            while not stop.is_set():
                now = clock()
                try:
                    self.run(at=now, stop=stop)
                except Exception as exc:      # noqa: BLE001 - the scheduler keeps going
                    self.log(f"cycle failed: {_error_text(exc)}")
                for p in self.problems:
                    if (p.where, p.message) not in reported:
                        reported.add((p.where, p.message))
                        self.log(f"skipped: {p.where}: {p.message}")
                n += 1
                if cycles is not None and n >= cycles:
                    break
                stop.wait(self._sleep(interval, now))
        finally:
            self.close()
            for sig, h in previous.items():
                signal.signal(sig, h)
        return n

    def _sleep(self, interval: float, now: _dt.datetime) -> float:
        """Until the next rule is due, at most `interval` (continuous rules poll by it)."""
        try:
            with State(self.data, read_only=True, wait=1.0) as st:
                rows = dict((r[0], r[1]) for r in st.all(
                    "SELECT rule_id, last_success FROM rules"))
        except Exception:       # noqa: BLE001 - fall back to the interval
            return interval
        best = interval
        for c in self.load()[0]:
            if not c.ok or c.rule.continuous:
                continue
            due = windows.next_due(c.rule, rows.get(c.rule.id))
            if due is not None:
                best = min(best, max(0.0, (due - now).total_seconds()))
        return max(best, 0.05)

    # -- test, list, history ----------------------------------------------------------------
    def test(self, rule_ref: str, start=None, end=None):
        """(checked rule, Plan): the alerts a rule would raise on the data in [start, end),
        ignoring the ledger and writing nothing."""
        import duckdb
        checked, _ = self.load()
        path = Path(rule_ref)
        if rule_ref.endswith((".yaml", ".yml")) and path.is_file():
            from hunt.detect.rule import read_rule
            from hunt.detect.validate import check_rule
            rule, _ = read_rule(path)
            if rule is None:
                raise DetectError(f"{rule_ref} is not a usable rule",
                                  f"hunt detect validate {rule_ref}")
            c = check_rule(rule, self.catalog)
        else:
            c = self._select(checked, [rule_ref])[0]
        if not c.ok:
            raise DetectError(f"rule '{c.rule.id}' has problems: {c.problems[0].message}",
                              f"hunt detect validate {c.rule.path}")
        end = parse_time(end) or utcnow()
        start = parse_time(start) or end - FIRST_RUN     # as a first run
        table = self._query(self._connect(), c.rule, start, end, now=end)
        con = duckdb.connect(":memory:")
        try:
            plan = A.plan_alerts(con, c, table, None, use_ledger=False)
        finally:
            con.close()
        return c, plan, (start, end)

    def status(self) -> list[dict]:
        checked, _ = self.load()
        with State(self.data, read_only=True) as st:
            progress = {r[0]: r[1:] for r in st.all(
                "SELECT rule_id, covered_until, last_success FROM rules")}
            last = {r[0]: r[1:] for r in st.all(
                "SELECT rule_id, scheduled, status, error FROM runs WHERE run_id IN "
                "(SELECT max(run_id) FROM runs GROUP BY rule_id)")}
            counts = dict(st.all("SELECT rule_id, count(*) FROM alerts GROUP BY rule_id"))
        out = []
        for c in sorted(checked, key=lambda c: c.rule.id):
            r = c.rule
            _, last_success = progress.get(r.id, (None, None))
            scheduled, status, error = last.get(r.id, (None, None, None))
            nxt = windows.next_due(r, last_success) if c.ok else None
            out.append({"rule": r.id, "enabled": r.enabled, "frequency": r.frequency_text,
                        "severity": r.severity, "last_run": scheduled,
                        "status": "invalid" if not c.ok else (status or "never run"),
                        "next_run": None if nxt in (None, _dt.datetime.min) else nxt,
                        "alerts": counts.get(r.id, 0), "error": error or "",
                        "title": r.title})
        return out

    def history(self, rule_id: Optional[str] = None, limit: int = 50) -> list[dict]:
        with State(self.data, read_only=True) as st:
            where, params = ("WHERE rule_id = ?", [rule_id]) if rule_id else ("", [])
            cols = ("run_id", "rule_id", "scheduled", "window_start", "window_end", "files",
                    "status", "rows", "new_events", "alerts", "suppressed", "duration",
                    "error", "note")
            rows = st.all(f"SELECT {', '.join(cols)} FROM runs {where} ORDER BY run_id DESC "
                          f"LIMIT {int(limit)}", params)
        return [dict(zip(cols, r)) for r in rows]


def _link(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _error_text(exc: BaseException) -> str:
    from hunt.errors import KqlError
    if isinstance(exc, KqlError):
        return f"{exc.code}: {exc.message}" + (f" ({exc.help})" if exc.help else "")
    return f"{type(exc).__name__}: {exc}"
