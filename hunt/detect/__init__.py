"""Custom detections: rule files that run on a schedule and raise alerts into AlertInfo and
AlertEvidence, exactly once per (rule, event).

Modules: yamlpos (YAML with line numbers), problems (file:line diagnostics), entities (entity
kinds → evidence columns), rule (the rule model, reading a file), library (finding rule
files), validate (checks against the schema), windows (run windows and due times), state (the
DuckDB state database: runs, dedup ledger), alerts (alert rows, atomic staged writes),
actions (webhook, JSON lines, command), runner (runs, reconcile, serve), testing (`test`,
unit tests), cli_impl / command (`hunt detect`).
"""
