"""Custom detections: rule files that run on a schedule and raise alerts into AlertInfo and
AlertEvidence, exactly once per (rule, event).

    from hunt.detect import Detector
    with Detector("data") as det:               # built-in rules + <data>/queries/detections
        for report in det.run(at="2026-11-22T12:00:00Z"):
            print(report.line())

Modules: yamlpos (YAML with line numbers), problems (file:line diagnostics), entities (entity
kinds → evidence columns), rule (the rule model, reading a file), library (finding rule
files), validate (checks against the schema), windows (run windows and due times), state (the
DuckDB state database: runs, dedup ledger), alerts (alert rows, atomic staged writes),
actions (webhook, JSON lines, command), runner (runs, reconcile, serve), testing (`test`,
unit tests), cli_impl / command (`hunt detect`). Nothing heavy is imported until used.
"""
from __future__ import annotations

__all__ = ["Detector", "RunReport", "read_rule", "validate"]


def __getattr__(name):
    if name in ("Detector", "RunReport"):
        from hunt.detect import runner
        return getattr(runner, name)
    if name == "read_rule":
        from hunt.detect.rule import read_rule
        return read_rule
    if name == "validate":
        from hunt.detect.validate import validate
        return validate
    raise AttributeError(f"module 'hunt.detect' has no attribute {name!r}")
