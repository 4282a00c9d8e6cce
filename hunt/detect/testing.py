"""Rule unit tests: small sets of events beside the rule (its `tests:` list) that must raise
alerts, or must not.

    tests:
      - name: encoded command fires
        expect: fire               # fire (at least one alert) | none; or  alerts: 2
        rows:
          DeviceProcessEvents:
            - {DeviceId: d1, DeviceName: pc1, FileName: powershell.exe,
               ProcessCommandLine: "powershell -enc SQBFAFgA"}
      - name: plain powershell is quiet
        expect: none
        rows: ...

Missing columns are empty; a row without Timestamp gets 2026-01-15T12:00:00Z plus one minute
per row; without ReportId a unique one. The rule runs as on its first run (30 days) ending one
minute after the last event (`at:` sets the end), on a scratch data directory, ledger empty.
"""
from __future__ import annotations

import datetime as _dt
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from hunt import types as T
from hunt.detect import problems as P

CASE_FIELDS = ("name", "expect", "alerts", "rows", "at")
EXPECT = ("fire", "none")
BASE_TIME = _dt.datetime(2026, 1, 15, 12, 0, 0)


@dataclass
class CaseResult:
    rule_id: str
    name: str
    passed: bool
    detail: str
    path: str = ""
    line: Optional[int] = None


def check_tests(rule, catalog) -> list:
    """Problems in the shape of a rule's tests (the table and column names included)."""
    out = P.ProblemList(rule.path or rule.id, rule.text, rule.positions)
    for i, case in enumerate(rule.tests):
        at = ("tests", i)
        if not isinstance(case, dict):
            out.add(P.UNIT_TEST, f"test {i + 1} is not a mapping", "- name: ...\n  expect: "
                    "fire\n  rows: {Table: [{Column: value}]}", at=at)
            continue
        for k in case:
            if k not in CASE_FIELDS:
                out.add(P.UNIT_TEST, f"unknown field '{k}' in test {i + 1}",
                        "fields: " + ", ".join(CASE_FIELDS), at=at + (k,), key=True)
        if "expect" in case and case["expect"] not in EXPECT:
            out.add(P.UNIT_TEST, f"invalid expect {case['expect']!r}", "fire or none "
                    "(or alerts: N for an exact count)", at=at + ("expect",))
        if ("expect" in case) == ("alerts" in case):
            out.add(P.UNIT_TEST, f"test {i + 1} needs one of expect or alerts",
                    "expect: fire | none, or alerts: N", at=at)
        if "alerts" in case and (isinstance(case["alerts"], bool) or not isinstance(
                case["alerts"], int) or case["alerts"] < 0):
            out.add(P.UNIT_TEST, "'alerts' must be a whole number", "", at=at + ("alerts",))
        if "at" in case and _time(case["at"]) is None:
            out.add(P.UNIT_TEST, f"invalid at {case['at']!r}", "an ISO 8601 UTC time",
                    at=at + ("at",))
        rows = case.get("rows")
        if not isinstance(rows, dict):
            out.add(P.UNIT_TEST, f"test {i + 1} needs rows: a mapping of table to rows",
                    "rows:\n  DeviceProcessEvents:\n    - {FileName: x.exe}", at=at)
            continue
        for table, items in rows.items():
            info = catalog.table(table)
            if info is None:
                from hunt.semantic.catalog import suggest
                guess = suggest(table, catalog.table_names())
                out.add(P.UNIT_TEST, f"unknown table '{table}' in test {i + 1}",
                        f"did you mean '{guess}'?" if guess else "", at=at + ("rows", table),
                        key=True)
                continue
            if not isinstance(items, list) or not all(isinstance(r, dict) for r in items):
                out.add(P.UNIT_TEST, f"rows of {table} must be a list of mappings", "",
                        at=at + ("rows", table))
                continue
            names = {c.name for c in info.columns}
            for j, r in enumerate(items):
                for col in r:
                    if col not in names:
                        from hunt.semantic.catalog import suggest
                        guess = suggest(str(col), names)
                        out.add(P.UNIT_TEST, f"{table} has no column '{col}'",
                                f"did you mean '{guess}'?" if guess else "",
                                at=at + ("rows", table, j, col), key=True)
    return out.items


def _time(value) -> Optional[_dt.datetime]:
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    try:
        from hunt.api import parse_now
        return parse_now(str(value)).replace(tzinfo=None)
    except Exception:       # noqa: BLE001 - reported as a problem by the caller
        return None


def _value(v, ktype: str):
    if v is None:
        return None
    if ktype == T.DATETIME:
        return _time(v)
    if ktype == T.STRING:
        return json.dumps(v) if isinstance(v, (dict, list)) else str(v)
    if ktype in (T.DYNAMIC, T.UNKNOWN):
        return v if isinstance(v, str) else json.dumps(v, default=str)
    if ktype in (T.LONG, T.INT):
        return int(v)
    if ktype == T.REAL:
        return float(v)
    if ktype == T.BOOL:
        return bool(v) if not isinstance(v, str) else v.strip().lower() in ("true", "1")
    if ktype == T.TIMESPAN:
        from hunt.detect.rule import parse_span
        span = parse_span(v)
        return int(span.total_seconds() * 10_000_000) if span is not None else int(v)
    if ktype == T.DECIMAL:
        import decimal
        return decimal.Decimal(str(v))
    return str(v)


def write_fixture(data: Path, rows: dict, catalog) -> _dt.datetime:
    """Write a test's rows as Parquet files; the latest event time."""
    import pyarrow as pa
    from hunt.store.layout import arrow_schema, write_partition
    latest = BASE_TIME
    n = 0
    for table, items in rows.items():
        info = catalog.table(table)
        schema = arrow_schema(info)
        typed = []
        for r in items:
            row = {c.name: _value(r.get(c.name), c.type) for c in info.columns}
            if any(c.name == "Timestamp" for c in info.columns) and row.get("Timestamp") is None:
                row["Timestamp"] = BASE_TIME + _dt.timedelta(minutes=n)
            if "ReportId" in row and row["ReportId"] in (None, ""):
                ktype = next(c.type for c in info.columns if c.name == "ReportId")
                row["ReportId"] = n + 1 if ktype in (T.LONG, T.INT) else f"r{n + 1}"
            for c in info.columns:
                if c.type == T.STRING and row[c.name] is None:
                    row[c.name] = ""
            if row.get("Timestamp") is not None:
                latest = max(latest, row["Timestamp"])
            typed.append(row)
            n += 1
        tbl = pa.Table.from_pylist(typed, schema=schema)
        write_partition(data, table, latest.date(), tbl)
    return latest


def run_case(rule, checked, case: dict, catalog, workdir: Path, h=None, con=None):
    """The Plan (alerts) of one test case. `h`: a hunt connection over `workdir`, reused
    between cases (a session's functions and views are built once)."""
    import duckdb
    from hunt.detect import alerts as A
    from hunt.detect.rule import FIRST_RUN
    from hunt.detect.runner import windowed_query
    for child in workdir.iterdir() if workdir.exists() else ():
        shutil.rmtree(child, ignore_errors=True)
    workdir.mkdir(parents=True, exist_ok=True)
    latest = write_fixture(workdir, case.get("rows") or {}, catalog)
    end = _time(case["at"]) if case.get("at") is not None else latest + _dt.timedelta(minutes=1)
    start = end - FIRST_RUN
    text, params = windowed_query(rule.query, start, end)
    own = h is None
    if own:
        import hunt
        h = hunt.connect(workdir, catalog=catalog, max_rows=None, timeout=60)
    try:
        h.refresh()
        table = h.query(text, now=end, params=params, max_rows=None).to_arrow()
    finally:
        if own:
            h.close()
    own_con = con is None
    con = duckdb.connect(":memory:") if own_con else con
    try:
        return A.plan_alerts(con, checked, table, None, use_ledger=False)
    finally:
        if own_con:
            con.close()


class Workspace:
    """A scratch data directory with one query session and one DuckDB connection, shared by
    many test cases (a session's functions and views are built once)."""

    def __init__(self, catalog):
        import duckdb
        import hunt
        self.catalog = catalog
        self.root = Path(tempfile.mkdtemp(prefix="hunt-rule-tests-"))
        self.data = self.root / "data"
        self.data.mkdir()
        self.h = hunt.connect(self.data, catalog=catalog, max_rows=None, timeout=60)
        self.con = duckdb.connect(":memory:")

    def close(self) -> None:
        self.h.close()
        self.con.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def run_tests(checked_rules, catalog, workspace: Optional[Workspace] = None) -> list[CaseResult]:
    """Every case of every rule; a rule without tests is a failure (the library needs them)."""
    if workspace is None:
        with Workspace(catalog) as ws:
            return run_tests(checked_rules, catalog, ws)
    results: list[CaseResult] = []
    for c in checked_rules:
        rule = c.rule
        where = str(rule.path or rule.id)
        if not c.ok:
            p = c.problems[0]
            results.append(CaseResult(rule.id, "(validation)", False,
                                      f"{p.where}: {p.message}", where, p.line))
            continue
        if not rule.tests:
            results.append(CaseResult(rule.id, "(no tests)", False,
                                      "the rule has no unit tests", where))
            continue
        for i, case in enumerate(rule.tests):
            name = str(case.get("name") or f"test {i + 1}")
            mark = rule.positions.of(("tests", i)) if rule.positions else None
            line = mark.line if mark else None
            try:
                plan = run_case(rule, c, case, catalog, workspace.data, workspace.h,
                                workspace.con)
            except Exception as exc:        # noqa: BLE001 - reported per case
                from hunt.detect.runner import _error_text
                results.append(CaseResult(rule.id, name, False,
                                          f"error: {_error_text(exc)}", where, line))
                continue
            got = len(plan.alerts)
            if "alerts" in case:
                ok, want = got == case["alerts"], f"{case['alerts']} alerts"
            elif case.get("expect") == "fire":
                ok, want = got >= 1, "at least one alert"
            else:
                ok, want = got == 0, "no alert"
            results.append(CaseResult(rule.id, name, ok, f"expected {want}, got {got}", where,
                                      line))
    return results
