"""Custom detections: rule validation, run windows, exactly-once alerts, dedup, atomic writes,
failures, actions and the `hunt detect` commands, on small hand-made data."""
from __future__ import annotations

import datetime as dt
import io
import json
import random
import threading
from pathlib import Path

import pytest

from hunt.detect.rule import read_rule
from hunt.detect.runner import Detector, windowed_query
from hunt.detect.state import State

T0 = dt.datetime(2026, 3, 1)

MARKER_RULE = """\
id: marker
title: Marker process
description: evil.exe ran
frequency: 1h
severity: high
category: Execution
mitre: [T1204.002]
entities:
  device: [DeviceId, DeviceName]
alert:
  title: "evil.exe on {DeviceName}"
query: |
  DeviceProcessEvents
  | where FileName == "evil.exe"
  | project Timestamp, DeviceId, DeviceName, ReportId, FileName
"""


def write_events(data: Path, events: list[dict], table: str = "DeviceProcessEvents",
                 part: str | None = None) -> None:
    import pyarrow as pa
    from hunt.semantic.catalog import load_default_catalog
    from hunt.store.layout import arrow_schema, write_partition
    info = load_default_catalog().table(table)
    by_day: dict = {}
    for e in events:
        by_day.setdefault(e["Timestamp"].date(), []).append(e)
    for day, rows in by_day.items():
        full = [{c.name: r.get(c.name, "" if c.type == "string" else None)
                 for c in info.columns} for r in rows]
        write_partition(data, table, day, pa.Table.from_pylist(full, schema=arrow_schema(info)),
                        part_id=part)


def proc(i: int, ts: dt.datetime, evil: bool, device: str = "d1") -> dict:
    return {"Timestamp": ts, "DeviceId": device, "DeviceName": f"{device}.contoso.com",
            "ReportId": i, "FileName": "evil.exe" if evil else "notepad.exe",
            "ProcessCommandLine": "x"}


def make_rules(tmp_path: Path, *texts: str) -> Path:
    rules = tmp_path / "rules"
    rules.mkdir(exist_ok=True)
    for i, text in enumerate(texts):
        (rules / f"rule{i}.yaml").write_text(text)
    return rules


def alert_rows(data: Path, rule_title: str = "") -> list[tuple]:
    import hunt
    with hunt.connect(data) as h:
        r = h.query("AlertInfo | project AlertId, Title, Timestamp, Severity, DetectionSource,"
                    " ServiceSource")
    return r.rows


def detector(data, rules, **kw) -> Detector:
    return Detector(data, [rules], builtin=False, **kw)


# -- validation --------------------------------------------------------------------------------

BROKEN = """\
id: broken rule
title: Broken
frequency: 2 fortnights
severity: critical
category: Executon
mitre: [T1059.1]
entites:
  device: DeviceId
entities:
  device: DeviceId
  usr: AccountUpn
query: |
  DeviceProcessEvents
  | where FileNmae =~ "x.exe"
  | project Timestamp, DeviceId, ReportId
"""


def test_validate_reports_every_problem_with_file_line_and_hint(tmp_path):
    from hunt.cli import main
    f = tmp_path / "broken.yaml"
    f.write_text(BROKEN)
    out, err = io.StringIO(), io.StringIO()
    code = main(["detect", "validate", str(f)], out=out, err=err)
    text = err.getvalue()
    assert code == 2
    expected = [("HUNT604", 1, "invalid id"), ("HUNT604", 3, "invalid frequency"),
                ("HUNT604", 4, "invalid severity"), ("HUNT604", 5, "unknown category"),
                ("HUNT604", 6, "invalid MITRE technique"), ("HUNT602", 7, "unknown field 'entites'"),
                ("HUNT604", 11, "unknown entity kind 'usr'"), ("HUNT605", 14, "FileNmae")]
    for code_, line, words in expected:
        assert f"{f}:{line}:" in text, (line, text)
        assert words in text, (words, text)
    assert "did you mean 'Execution'?" in text
    assert "did you mean 'FileName'?" in text
    assert "did you mean 'entities'?" in text
    # the query error points into the file, at the misspelt column
    assert f"{f}:14:11" in text


def test_validate_yaml_syntax_error_has_line(tmp_path):
    from hunt.detect.validate import validate
    from hunt.semantic.catalog import load_default_catalog
    f = tmp_path / "bad.yaml"
    f.write_text("id: x\ntitle: t\nquery: |\n  T\n entities: [a\n")
    _, problems = validate([f], load_default_catalog())
    assert len(problems) == 1 and problems[0].code == "HUNT601"
    assert problems[0].line is not None and problems[0].line >= 4


@pytest.mark.parametrize("query,message", [
    ("DeviceProcessEvents | project DeviceId, ReportId, DeviceName", "no Timestamp column"),
    ("DeviceProcessEvents | project Timestamp, ReportId, DeviceName", "no unique event key"),
    ("DeviceProcessEvents | project Timestamp, DeviceId, ReportId", "entity column 'DeviceName'"),
    ("DeviceProcessEvents | project Timestamp = tostring(Timestamp), DeviceId, ReportId, "
     "DeviceName", "not a datetime"),
    ("DeviceProcessEvents | take 1; DeviceProcessEvents | take 2", "returns 2 results"),
])
def test_validate_result_columns(tmp_path, query, message):
    from hunt.detect.validate import check_rule
    from hunt.semantic.catalog import load_default_catalog
    text = MARKER_RULE.split("query: |")[0] + "query: |\n  " + query + "\n"
    text = text.replace("entities:\n  device: [DeviceId, DeviceName]",
                        "entities:\n  device: DeviceName")
    f = tmp_path / "r.yaml"
    f.write_text(text)
    rule, _ = read_rule(f)
    problems = check_rule(rule, load_default_catalog()).problems
    assert any(message in p.message for p in problems), [p.message for p in problems]
    assert all(p.line for p in problems)


def test_validate_declared_key_and_templates(tmp_path):
    from hunt.detect.validate import check_rule
    from hunt.semantic.catalog import load_default_catalog
    text = MARKER_RULE.replace("  | project Timestamp, DeviceId, DeviceName, ReportId, FileName",
                               "  | summarize Timestamp = max(Timestamp) by DeviceId, DeviceName")
    text = text.replace('title: "evil.exe on {DeviceName}"', 'title: "evil.exe on {Devicename}"')
    f = tmp_path / "r.yaml"
    f.write_text(text)
    problems = check_rule(read_rule(f)[0], load_default_catalog()).problems
    assert {p.code for p in problems} == {"HUNT606", "HUNT608"}
    f.write_text(text.replace("{Devicename}", "{DeviceName}") + "key: [DeviceId, Timestamp]\n")
    assert check_rule(read_rule(f)[0], load_default_catalog()).ok


def test_continuous_rule_must_read_one_table(tmp_path):
    from hunt.detect.validate import check_rule
    from hunt.semantic.catalog import load_default_catalog
    text = MARKER_RULE.replace("frequency: 1h", "frequency: continuous").replace(
        '  | where FileName == "evil.exe"',
        '  | join kind=inner (DeviceInfo | project DeviceId, OSPlatform) on DeviceId')
    f = tmp_path / "r.yaml"
    f.write_text(text)
    problems = check_rule(read_rule(f)[0], load_default_catalog()).problems
    assert any("continuous rule reads one table" in p.message and p.line == 4
               for p in problems)


def test_lookback_defaults_follow_defender(tmp_path):
    f = tmp_path / "r.yaml"
    expected = {"1h": 4, "3h": 12, "12h": 48, "24h": 720, "30m": 2}
    for freq, hours in expected.items():
        f.write_text(MARKER_RULE.replace("frequency: 1h", f"frequency: {freq}"))
        rule, problems = read_rule(f)
        assert not problems
        assert rule.lookback == dt.timedelta(hours=hours), freq


def test_windowed_query_wraps_the_last_statement():
    text, params = windowed_query("let x = 1;\nDeviceEvents | take 1;", T0, T0 + dt.timedelta(1))
    assert text.startswith("let x = 1;\n(DeviceEvents | take 1\n)\n| where Timestamp >= ")
    assert set(params) == {"_hunt_window_start", "_hunt_window_end"}


# -- windows and exactly once --------------------------------------------------------------------

def test_first_run_covers_30_days_then_windows_follow_previous_run(tmp_path):
    data = tmp_path / "data"
    write_events(data, [proc(1, T0, True)])
    det = detector(data, make_rules(tmp_path, MARKER_RULE))
    [r1] = det.run(at=T0 + dt.timedelta(hours=1))
    assert (r1.window_start, r1.window_end) == (T0 + dt.timedelta(hours=1) - dt.timedelta(30),
                                                T0 + dt.timedelta(hours=1))
    assert det.run(at=T0 + dt.timedelta(hours=1, minutes=59)) == []      # not due
    [r2] = det.run(at=T0 + dt.timedelta(hours=2))
    assert r2.window_start == T0 - dt.timedelta(hours=2)                 # 4h lookback overlap
    # after 10 hours down, the window reaches back past where coverage stopped (by the
    # lookback's 3 hours of slack for late events): no gap
    [r3] = det.run(at=T0 + dt.timedelta(hours=12))
    assert r3.window_start == T0 + dt.timedelta(hours=2) - dt.timedelta(hours=3)
    assert [r.alerts for r in (r1, r2, r3)] == [1, 0, 0]


def test_exactly_once_over_simulated_time(tmp_path):
    """Hourly rule, 4h lookback; a clock that ticks irregularly, with outages, forced
    re-runs, and late-arriving events: every matching event alerts exactly once."""
    rnd = random.Random(5)
    data = tmp_path / "data"
    events, expected = [], set()
    for i in range(300):
        ts = T0 + dt.timedelta(minutes=7 * i)
        evil = rnd.random() < 0.3
        events.append(proc(i, ts, evil, device=f"d{i % 3}"))
    end = T0 + dt.timedelta(minutes=7 * 300)
    # events arrive in batches as time passes: a file per half hour, written when the clock
    # passes its end, some of them 2 hours late (within the lookback's 3 hours of slack)
    batches = []
    for k in range(0, 300, 4):
        batch = events[k:k + 4]
        batches.append((batch[-1]["Timestamp"] + dt.timedelta(hours=rnd.choice([0, 0, 2])),
                        batch))
    det = detector(data, make_rules(tmp_path, MARKER_RULE))
    clock = T0 + dt.timedelta(minutes=30)
    written = 0
    while clock < end + dt.timedelta(hours=6):
        while written < len(batches) and batches[written][0] <= clock:
            write_events(data, batches[written][1], part=f"b{written}")
            written += 1
        roll = rnd.random()
        if roll < 0.1:
            clock += dt.timedelta(hours=rnd.randint(3, 9))     # the machine was off
            continue
        if roll < 0.2:
            det.run(["marker"], at=clock)                     # a forced re-run
        det.run(at=clock)
        clock += dt.timedelta(minutes=rnd.choice([10, 20, 45, 60, 90]))
    while written < len(batches):
        write_events(data, batches[written][1], part=f"b{written}")
        written += 1
    det.run(["marker"], at=end + dt.timedelta(hours=7))
    expected = {(e["DeviceId"], e["ReportId"]) for e in events if e["FileName"] == "evil.exe"}
    rows = alert_rows(data)
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids)) == len(expected)
    with State(data, read_only=True) as st:
        keys = {k for (k,) in st.all("SELECT event_key FROM ledger WHERE rule_id = 'marker'")}
    assert keys == {f"{d}\x1f{n}" for d, n in expected}


def test_rerun_and_restart_never_duplicate(tmp_path):
    data = tmp_path / "data"
    write_events(data, [proc(i, T0 + dt.timedelta(minutes=i), True) for i in range(20)])
    rules = make_rules(tmp_path, MARKER_RULE)
    for _ in range(3):
        det = detector(data, rules)           # a new process each time
        det.run(["marker"], at=T0 + dt.timedelta(hours=1))
    assert len(alert_rows(data)) == 20


def test_group_by_entity_and_max_alerts_per_run(tmp_path):
    data = tmp_path / "data"
    events = [proc(i, T0 + dt.timedelta(minutes=i), True, device=f"d{i % 4}") for i in range(40)]
    write_events(data, events)
    grouped = MARKER_RULE.replace("id: marker", "id: grouped") + "group_by: entity\n"
    capped = MARKER_RULE.replace("id: marker", "id: capped") + "max_alerts_per_run: 5\n"
    det = detector(data, make_rules(tmp_path, grouped, capped))
    reports = {r.rule_id: r for r in det.run(at=T0 + dt.timedelta(hours=1))}
    assert reports["grouped"].alerts == 4 and reports["grouped"].new_events == 40
    assert reports["capped"].alerts == 5 and reports["capped"].suppressed == 35
    # the suppressed events are recorded, not raised again by an overlapping run
    reports = {r.rule_id: r for r in det.run(["capped", "grouped"],
                                             at=T0 + dt.timedelta(hours=2))}
    assert reports["capped"].alerts == 0 and reports["grouped"].alerts == 0
    import hunt
    with hunt.connect(data) as h:
        r = h.query('AlertInfo | where Title has "evil" | join kind=inner AlertEvidence on '
                    'AlertId | summarize Alerts = dcount(AlertId), Evidence = count() by '
                    'EntityType')
    assert r.rows == [("Machine", 9, 9)]


def test_alert_rows_follow_the_schema(tmp_path):
    data = tmp_path / "data"
    write_events(data, [proc(7, T0, True)])
    det = detector(data, make_rules(tmp_path, MARKER_RULE))
    det.run(at=T0 + dt.timedelta(hours=1))
    import hunt
    with hunt.connect(data) as h:
        info = h.query("AlertInfo").rows
        ev = h.query("AlertEvidence | project AlertId, Title, EntityType, EvidenceRole, DeviceId,"
                     " DeviceName, DetectionSource, ServiceSource, Categories, AttackTechniques,"
                     " AdditionalFields").rows
    ((ts, alert_id, title, category, severity, service, source, techniques),) = info
    assert (ts.replace(tzinfo=None), title, category, severity, service, source) == (
        T0, "evil.exe on d1.contoso.com", "Execution", "High", "hunt", "CustomDetection")
    assert json.loads(techniques) == ["Malicious File (T1204.002)"]
    ((aid, etitle, etype, role, dev, devname, dsrc, ssrc, cats, tech, extra),) = ev
    assert (aid, etitle, etype, role, dev, devname, dsrc, ssrc) == (
        alert_id, title, "Machine", "Impacted", "d1", "d1.contoso.com", "CustomDetection", "hunt")
    assert json.loads(cats) == ["Execution"]
    assert json.loads(extra)["RuleId"] == "marker"


def test_alert_files_are_atomic_and_staging_is_invisible(tmp_path, monkeypatch):
    """A crash after staging leaves no partial or temporary file in the store; the next run
    publishes the staged alerts (roll forward) without duplicating them."""
    import hunt.detect.runner as R
    data = tmp_path / "data"
    write_events(data, [proc(i, T0, True) for i in range(3)])
    rules = make_rules(tmp_path, MARKER_RULE)

    class Crash(BaseException):
        pass

    def crash_at(name):
        if name == "staged":
            raise Crash()
    monkeypatch.setattr(R, "_checkpoint", crash_at)
    with pytest.raises(Crash):
        detector(data, rules).run(at=T0 + dt.timedelta(hours=1))
    assert not list((data / "AlertInfo").rglob("*")) if (data / "AlertInfo").exists() else True
    assert alert_rows(data) == []
    monkeypatch.setattr(R, "_checkpoint", lambda name: None)
    det = detector(data, rules)
    assert det.run(at=T0 + dt.timedelta(hours=1, minutes=5)) == []     # not due: it staged
    assert len(alert_rows(data)) == 3
    files = [p.name for p in data.rglob("*") if p.is_file() and ".detect" not in p.parts]
    assert all(n.endswith(".parquet") for n in files)
    with State(data, read_only=True) as st:
        assert st.all("SELECT status, note FROM runs") == [("success", "completed after a restart")]


def test_crash_before_staging_is_rerun(tmp_path, monkeypatch):
    import hunt.detect.runner as R
    data = tmp_path / "data"
    write_events(data, [proc(i, T0, True) for i in range(3)])
    rules = make_rules(tmp_path, MARKER_RULE)

    class Crash(BaseException):
        pass

    def crash_at(name):
        if name == "written":
            raise Crash()
    monkeypatch.setattr(R, "_checkpoint", crash_at)
    with pytest.raises(Crash):
        detector(data, rules).run(at=T0 + dt.timedelta(hours=1))
    monkeypatch.setattr(R, "_checkpoint", lambda name: None)
    [report] = detector(data, rules).run(at=T0 + dt.timedelta(hours=1, minutes=5))
    assert report.alerts == 3 and len(alert_rows(data)) == 3
    with State(data, read_only=True) as st:
        assert [s for (s,) in st.all("SELECT status FROM runs ORDER BY run_id")] == [
            "interrupted", "success"]
    assert not list((data / ".detect" / "staging").iterdir())


# -- failures ----------------------------------------------------------------------------------

def test_failing_rule_is_recorded_retried_and_never_stops_others(tmp_path, monkeypatch):
    from hunt.errors import KqlRuntimeError
    data = tmp_path / "data"
    write_events(data, [proc(1, T0, True)])
    other = MARKER_RULE.replace("id: marker", "id: other")
    rules = make_rules(tmp_path, MARKER_RULE, other, "id: [broken\n")
    det = detector(data, rules)
    real = Detector._query

    def failing(self, h, rule, start, end, now):
        if rule.id == "marker":
            raise KqlRuntimeError("the query ran out of time", code="HUNT401")
        return real(self, h, rule, start, end, now)
    monkeypatch.setattr(Detector, "_query", failing)
    reports = {r.rule_id: r for r in det.run(at=T0 + dt.timedelta(hours=1))}
    assert reports["marker"].status == "failed" and "out of time" in reports["marker"].error
    assert reports["other"].status == "success" and reports["other"].alerts == 1
    assert any("rule2.yaml" in p.path for p in det.problems)      # reported and skipped
    monkeypatch.setattr(Detector, "_query", real)
    reports = {r.rule_id: r for r in det.run(at=T0 + dt.timedelta(hours=1, minutes=1))}
    assert set(reports) == {"marker"} and reports["marker"].alerts == 1    # retried at once
    assert reports["marker"].window_start == T0 + dt.timedelta(hours=1, minutes=1) - \
        dt.timedelta(days=30)
    hist = det.history("marker")
    assert [h["status"] for h in hist] == ["success", "failed"]
    assert "out of time" in hist[1]["error"]


def test_rule_timeout_is_a_failed_run(tmp_path):
    data = tmp_path / "data"
    write_events(data, [proc(1, T0, True)])
    slow = MARKER_RULE.replace('  | where FileName == "evil.exe"\n',
                               "  | join kind=inner (range x from 1 to 3000000 step 1 | extend "
                               "DeviceId = 'd1' | summarize count() by DeviceId, x % 7) on "
                               "DeviceId\n")
    det = detector(data, make_rules(tmp_path, slow), timeout=0.05)
    [r] = det.run(at=T0 + dt.timedelta(hours=1))
    assert r.status == "failed"


# -- continuous rules ---------------------------------------------------------------------------

def test_continuous_rule_processes_only_new_arrivals(tmp_path):
    data = tmp_path / "data"
    nrt = MARKER_RULE.replace("frequency: 1h", "frequency: continuous")
    det = detector(data, make_rules(tmp_path, nrt))
    write_events(data, [proc(1, T0, True), proc(2, T0, False)], part="a")
    [r1] = det.run(at=T0 + dt.timedelta(minutes=5))
    assert (r1.files, r1.rows, r1.alerts) == (1, 1, 1)
    assert det.run(at=T0 + dt.timedelta(minutes=6)) == []        # nothing new: no run
    # a late file with an old event still alerts: arrival, not Timestamp, decides
    write_events(data, [proc(3, T0 - dt.timedelta(days=2), True)], part="b")
    [r2] = det.run(at=T0 + dt.timedelta(minutes=7))
    assert (r2.files, r2.rows, r2.alerts) == (1, 1, 1)
    assert len(alert_rows(data)) == 2


# -- actions -----------------------------------------------------------------------------------

def test_actions_webhook_jsonl_and_command(tmp_path):
    import http.server
    received = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.path, self.headers["Content-Type"], json.loads(body)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        data = tmp_path / "data"
        write_events(data, [proc(1, T0, True), proc(2, T0, True)])
        sink = tmp_path / "cmd.jsonl"
        text = MARKER_RULE + (
            "actions:\n"
            f"  - webhook: http://127.0.0.1:{server.server_port}/hook\n"
            "  - jsonl: out/alerts.jsonl\n"
            f"  - command: [sh, -c, 'cat >> {sink}; echo >> {sink}']\n")
        rules = make_rules(tmp_path, text)
        detector(data, rules, actions=False).run(at=T0 + dt.timedelta(hours=1))
        assert received == [] and not (data / "out").exists()       # off when disabled
        write_events(data, [proc(3, T0 + dt.timedelta(hours=1), True)], part="late")
        detector(data, rules).run(["marker"], at=T0 + dt.timedelta(hours=2))
    finally:
        server.shutdown()
    assert len(received) == 1
    path, ctype, body = received[0]
    assert (path, ctype) == ("/hook", "application/json")
    assert body["RuleId"] == "marker" and body["DetectionSource"] == "CustomDetection"
    lines = (data / "out" / "alerts.jsonl").read_text().splitlines()
    assert [json.loads(x)["AlertId"] for x in lines] == [body["AlertId"]]
    assert json.loads(sink.read_text().strip())["AlertId"] == body["AlertId"]


def test_failed_action_is_retried_and_does_not_block_alerts(tmp_path):
    data = tmp_path / "data"
    write_events(data, [proc(1, T0, True)])
    text = MARKER_RULE + "actions:\n  - webhook: http://127.0.0.1:9/nothing-listens\n    timeout: 1\n"
    det = detector(data, make_rules(tmp_path, text))
    [r] = det.run(at=T0 + dt.timedelta(hours=1))
    assert r.status == "success" and len(alert_rows(data)) == 1
    det.run(at=T0 + dt.timedelta(hours=1, minutes=1))
    with State(data, read_only=True) as st:
        assert st.all("SELECT status, attempts FROM outbox") == [("failed", 2)]


# -- the commands --------------------------------------------------------------------------------

def run_cli(*argv):
    from hunt.cli import main
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_test_run_list_history(tmp_path):
    data = tmp_path / "data"
    write_events(data, [proc(1, T0, True), proc(2, T0, False)])
    rules = make_rules(tmp_path, MARKER_RULE)
    common = ["--data", str(data), "--rules", str(rules), "--no-builtin"]
    code, out, err = run_cli("detect", "test", "marker", "--to", "2026-03-01T06:00:00Z", *common)
    assert code == 0 and "1 alert from 1 rows" in out and "nothing written" in out
    assert not (data / "AlertInfo").exists()
    code, out, err = run_cli("detect", "run", "--at", "2026-03-01T06:00:00Z", *common)
    assert code == 0 and "marker: success" in out and "1 alert" in out
    code, out, err = run_cli("detect", "run", "--at", "2026-03-01T06:10:00Z", *common)
    assert code == 0 and "no rule is due" in out
    code, out, err = run_cli("detect", "list", *common)
    assert code == 0 and "marker" in out and "2026-03-01T07:00:00Z" in out
    code, out, err = run_cli("detect", "history", "marker", *common)
    assert code == 0 and "success" in out
    code, out, err = run_cli("detect", "run", "nosuchrule", *common)
    assert code == 1 and "unknown rule 'nosuchrule'" in err
    code, out, err = run_cli("query", "--data", str(data),
                             'AlertInfo | where Title has "evil" | join AlertEvidence on AlertId'
                             ' | project DeviceName', "--format", "csv")
    assert out.splitlines() == ["DeviceName", "d1.contoso.com"]


def test_cli_unit_tests_report_failures(tmp_path):
    text = MARKER_RULE + (
        "tests:\n"
        "  - name: fires\n    expect: fire\n    rows:\n      DeviceProcessEvents:\n"
        "        - {DeviceId: d1, DeviceName: a, FileName: evil.exe}\n"
        "  - name: wrong on purpose\n    alerts: 2\n    rows:\n      DeviceProcessEvents:\n"
        "        - {DeviceId: d1, DeviceName: a, FileName: evil.exe}\n")
    rules = make_rules(tmp_path, text)
    data = tmp_path / "data"
    data.mkdir()
    code, out, err = run_cli("detect", "test", "--all", "--data", str(data), "--rules",
                             str(rules), "--no-builtin")
    assert code == 2 and "1 of 2 rule tests passed" in out
    assert "wrong on purpose: expected 2 alerts, got 1" in err and "rule0.yaml:22" in err


def test_serve_stops_cleanly_on_sigterm(tmp_path):
    import signal
    import subprocess
    import sys
    import time
    data = tmp_path / "data"
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    write_events(data, [proc(1, now - dt.timedelta(hours=1), True)])
    rules = make_rules(tmp_path, MARKER_RULE)
    p = subprocess.Popen([sys.executable, "-m", "hunt.cli", "detect", "serve", "--interval",
                          "0.2", "--data", str(data), "--rules", str(rules), "--no-builtin"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (data / "AlertInfo").exists():
            time.sleep(0.1)
        p.send_signal(signal.SIGTERM)
        out, err = p.communicate(timeout=20)
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == 0, err
    assert "marker: success" in out and out.rstrip().endswith("stopped")


def test_serve_catches_up_over_simulated_time(tmp_path):
    data = tmp_path / "data"
    write_events(data, [proc(i, T0 + dt.timedelta(hours=i), True) for i in range(30)])
    det = detector(data, make_rules(tmp_path, MARKER_RULE))
    times = iter([T0 + dt.timedelta(hours=h) for h in (1, 2, 3, 20, 31)] * 3)
    stop = threading.Event()
    det.serve(interval=0.01, stop=stop, clock=lambda: next(times), cycles=5, signals=False)
    assert len(alert_rows(data)) == 30
    hist = det.history("marker")
    assert [h["status"] for h in hist] == ["success"] * 5
