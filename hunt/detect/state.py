"""The detections' state: one DuckDB database file in the data directory
(`<data>/.detect/state.duckdb`), apart from the read-only query sandbox.

    rules     one row per rule seen: metadata, covered_until (end of the last window whose
              alerts are committed), last_success (the scheduled time of that run)
    runs      every run: window, files (continuous), status, rows, new events, alerts,
              suppressed (over max_alerts_per_run), error, duration
    ledger    (rule_id, event_key) → alert_id: the dedup ledger; an event is in it once its
              alert is staged, so no overlap, re-run or restart alerts it again
    alerts    every alert raised, with its JSON payload (for history and actions)
    staged    alert files written aside but not yet moved into the store (crash recovery)
    arrivals  the Parquet files a continuous rule has processed
    outbox    pending actions (webhook, jsonl, command) per alert

Run statuses: running → staged → success; failed; interrupted (the process died before its
alerts were staged: nothing of it is visible, the next run covers its window again).

DuckDB lets one process open the file for writing; runners take `<data>/.detect/lock` first and
open the database only for the length of a cycle, so `list` and `history` can read between.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import os
import time
from pathlib import Path
from typing import Optional

STATE_DIR = ".detect"
SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS rules (
    rule_id VARCHAR PRIMARY KEY, title VARCHAR, path VARCHAR, frequency VARCHAR,
    lookback VARCHAR, severity VARCHAR, enabled BOOLEAN, updated TIMESTAMP,
    covered_until TIMESTAMP, last_success TIMESTAMP);
CREATE SEQUENCE IF NOT EXISTS run_ids START 1;
CREATE TABLE IF NOT EXISTS runs (
    run_id BIGINT PRIMARY KEY, rule_id VARCHAR, scheduled TIMESTAMP, started TIMESTAMP,
    finished TIMESTAMP, window_start TIMESTAMP, window_end TIMESTAMP, files INTEGER,
    status VARCHAR, rows BIGINT, new_events BIGINT, alerts INTEGER, suppressed INTEGER,
    error VARCHAR, duration DOUBLE, note VARCHAR);
CREATE TABLE IF NOT EXISTS ledger (
    rule_id VARCHAR, event_key VARCHAR, alert_id VARCHAR, run_id BIGINT, suppressed BOOLEAN,
    PRIMARY KEY (rule_id, event_key));
CREATE TABLE IF NOT EXISTS alerts (
    alert_id VARCHAR PRIMARY KEY, rule_id VARCHAR, run_id BIGINT, "timestamp" TIMESTAMP,
    title VARCHAR, severity VARCHAR, category VARCHAR, events INTEGER, payload VARCHAR);
CREATE TABLE IF NOT EXISTS staged (run_id BIGINT, staged_path VARCHAR, final_path VARCHAR);
CREATE TABLE IF NOT EXISTS arrivals (
    rule_id VARCHAR, path VARCHAR, run_id BIGINT, PRIMARY KEY (rule_id, path));
CREATE TABLE IF NOT EXISTS outbox (
    alert_id VARCHAR, action INTEGER, run_id BIGINT, status VARCHAR, attempts INTEGER,
    error VARCHAR, PRIMARY KEY (alert_id, action));
"""


class StateBusy(Exception):
    """Another process holds the state database."""


def state_dir(data: Path) -> Path:
    return Path(data) / STATE_DIR


def db_path(data: Path) -> Path:
    return state_dir(data) / "state.duckdb"


@contextlib.contextmanager
def runner_lock(data: Path, wait: float = 30.0):
    """One runner at a time per data directory (an advisory lock, released when the process
    dies, so a killed runner never blocks the next one)."""
    import fcntl
    folder = state_dir(data)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StateBusy("another `hunt detect` runner is using this data "
                                    "directory") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)


class State:
    """A connection to the state database (open for a cycle, then closed)."""

    def __init__(self, data: Path, read_only: bool = False, wait: float = 10.0):
        import duckdb
        self.data = Path(data)
        path = db_path(self.data)
        if read_only and not path.exists():
            self.con = duckdb.connect(":memory:")
            self.con.execute(_SCHEMA)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + wait
        while True:
            try:
                self.con = duckdb.connect(str(path), read_only=read_only)
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                    raise StateBusy(f"the detections state database is busy: {exc}") from None
                time.sleep(0.1)
        if not read_only:
            self.con.execute(_SCHEMA)
            self.con.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)",
                             [SCHEMA_VERSION])

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- helpers ----------------------------------------------------------------------------
    def one(self, sql: str, params=()) -> Optional[tuple]:
        # fetchall: DuckDB 2 keeps a result open after fetchone() and refuses the next query
        rows = self.con.execute(sql, list(params)).fetchall()
        return rows[0] if rows else None

    def all(self, sql: str, params=()) -> list[tuple]:
        return self.con.execute(sql, list(params)).fetchall()

    @contextlib.contextmanager
    def transaction(self):
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # -- rules ------------------------------------------------------------------------------
    def sync_rule(self, rule, now: _dt.datetime) -> None:
        from hunt.detect.rule import span_text
        row = (rule.id, rule.title, str(rule.path or ""), rule.frequency_text,
               span_text(rule.lookback) if rule.lookback else "", rule.severity, rule.enabled)
        current = self.one("SELECT title, path, frequency, lookback, severity, enabled FROM "
                           "rules WHERE rule_id = ?", [rule.id])
        if current is None:
            self.con.execute("INSERT INTO rules VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
                             list(row) + [now])
        elif tuple(current) != row[1:]:
            self.con.execute("UPDATE rules SET title = ?, path = ?, frequency = ?, "
                             "lookback = ?, severity = ?, enabled = ?, updated = ? "
                             "WHERE rule_id = ?", list(row[1:]) + [now, rule.id])

    def progress(self, rule_id: str) -> tuple[Optional[_dt.datetime], Optional[_dt.datetime]]:
        """(covered_until, last_success) of a rule."""
        row = self.one("SELECT covered_until, last_success FROM rules WHERE rule_id = ?",
                       [rule_id])
        return (row[0], row[1]) if row else (None, None)

    # -- runs -------------------------------------------------------------------------------
    def start_run(self, rule_id: str, scheduled, start, end, files: Optional[int] = None) -> int:
        run_id = self.one("SELECT nextval('run_ids')")[0]
        self.con.execute("INSERT INTO runs (run_id, rule_id, scheduled, started, window_start, "
                         "window_end, files, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'running')",
                         [run_id, rule_id, scheduled, utcnow(), start, end, files])
        return run_id

    def finish_run(self, run_id: int, status: str, *, rows=None, new_events=None, alerts=None,
                   suppressed=None, error=None, duration=None, note=None) -> None:
        self.con.execute("UPDATE runs SET status = ?, finished = ?, rows = coalesce(?, rows), "
                         "new_events = coalesce(?, new_events), alerts = coalesce(?, alerts), "
                         "suppressed = coalesce(?, suppressed), error = ?, "
                         "duration = coalesce(?, duration), note = coalesce(?, note) "
                         "WHERE run_id = ?",
                         [status, utcnow(), rows, new_events, alerts, suppressed, error,
                          duration, note, run_id])


def utcnow() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)
