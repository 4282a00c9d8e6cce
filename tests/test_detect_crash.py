"""Exactly once under SIGKILL: the runner process is killed at every checkpoint of a run and
at random moments, many times, and restarted each time; every expected alert exists once."""
from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from tests.test_detect import MARKER_RULE, T0, make_rules, proc, write_events

NRT_RULE = MARKER_RULE.replace("id: marker", "id: marker-nrt").replace(
    "frequency: 1h", "frequency: continuous")
GROUPED_RULE = MARKER_RULE.replace("id: marker", "id: marker-by-device").replace(
    "frequency: 1h", "frequency: 2h") + "group_by: entity\n"
CHECKPOINTS = ("started", "queried", "written", "staged", "published")


def _runner(data, rules, at, env_extra):
    env = dict(os.environ, **env_extra)
    return subprocess.Popen([sys.executable, "-m", "hunt.cli", "detect", "run", "--at",
                             at.strftime("%Y-%m-%dT%H:%M:%SZ"), "--data", str(data), "--rules",
                             str(rules), "--no-builtin"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


@pytest.mark.slow
def test_sigkill_at_checkpoints_and_random_moments(tmp_path):
    rnd = random.Random(11)
    data = tmp_path / "data"
    rules = make_rules(tmp_path, MARKER_RULE, NRT_RULE, GROUPED_RULE)
    plan = [("kill_at", c) for c in CHECKPOINTS] + [("random", None)] * 7
    # a batch of 8 events (72 minutes) arrives up to 90 minutes after its last event: within
    # the hourly rule's slack (4h lookback - 1h frequency), as the windows promise
    events = [proc(i, T0 + dt.timedelta(minutes=9 * i), rnd.random() < 0.3,
                   device=f"d{i % 4}") for i in range(8 * len(plan))]
    batches = [events[k:k + 8] for k in range(0, len(events), 8)]
    kills = 0
    for step, (how, point) in enumerate(plan):
        batch = batches[step]
        clock = batch[-1]["Timestamp"] + dt.timedelta(minutes=rnd.choice([1, 30, 60, 90]))
        write_events(data, batch, part=f"b{step}")
        if how == "kill_at":
            p = _runner(data, rules, clock, {"HUNT_DETECT_KILL_AT": point})
            p.wait(timeout=60)
            assert p.returncode == -signal.SIGKILL, p.stderr.read().decode()
        else:
            p = _runner(data, rules, clock, {"HUNT_DETECT_PAUSE": "0.03"})
            time.sleep(rnd.uniform(0.3, 2.2))
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
            p.wait(timeout=60)
        kills += p.returncode == -signal.SIGKILL
        if rnd.random() < 0.2:          # sometimes a clean run in between
            p = _runner(data, rules, clock, {})
            assert p.wait(timeout=60) in (0, 2), p.stderr.read().decode()
    # the final, clean runs (all rules forced, then once more: nothing new)
    for _ in range(2):
        clock += dt.timedelta(hours=3)
        p = subprocess.run([sys.executable, "-m", "hunt.cli", "detect", "run", "marker",
                            "marker-nrt", "marker-by-device", "--at",
                            clock.strftime("%Y-%m-%dT%H:%M:%SZ"), "--data", str(data),
                            "--rules", str(rules), "--no-builtin"], capture_output=True,
                           text=True, timeout=120)
        assert p.returncode == 0, p.stdout + p.stderr
    assert kills >= 7

    import hunt
    from hunt.detect.state import State
    evil = {(e["DeviceId"], e["ReportId"]) for e in events if e["FileName"] == "evil.exe"}
    with hunt.connect(data) as h:
        info = h.query("AlertInfo | project AlertId").rows
        per_rule = h.query("AlertEvidence | extend Rule = tostring(parse_json(AdditionalFields)"
                           ".RuleId), Key = tostring(parse_json(AdditionalFields).EventKey)"
                           " | summarize Evidence = count() by Rule, AlertId, Key").rows
    ids = [r[0] for r in info]
    assert len(ids) == len(set(ids)), "an alert was written twice"
    by_rule: dict = {}
    for rule, alert_id, key, n in per_rule:
        assert n == 1                       # one evidence row (the device) per alert
        by_rule.setdefault(rule, []).append(key)
    expected_keys = sorted(f"{d}\x1f{n}" for d, n in evil)
    assert sorted(by_rule["marker"]) == expected_keys
    assert sorted(by_rule["marker-nrt"]) == expected_keys
    with State(data, read_only=True) as st:
        for rule in ("marker", "marker-nrt", "marker-by-device"):
            keys = sorted(k for (k,) in st.all("SELECT event_key FROM ledger WHERE rule_id = ?",
                                               [rule]))
            assert keys == expected_keys, rule
        assert st.all("SELECT count(*) FROM runs WHERE status IN ('running', 'staged')") == [(0,)]
        statuses = {s for (s,) in st.all("SELECT DISTINCT status FROM runs")}
    assert "interrupted" in statuses
    assert len(ids) == len(set(by_rule["marker"])) + len(set(by_rule["marker-nrt"])) + \
        len(by_rule["marker-by-device"])
    leftovers = [p for p in data.rglob("*") if p.is_file() and ".detect" not in p.parts
                 and not p.name.endswith(".parquet")]
    assert leftovers == []
