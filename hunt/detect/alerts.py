"""From a rule's result rows to alerts: new events (not in the dedup ledger), grouped (one
alert per event, or per impacted entity), capped at max_alerts_per_run, then rows of
AlertInfo and AlertEvidence typed to the schema, staged aside and moved into the store.

The bulk work (event keys, the anti-join against the ledger, grouping, ranking) is SQL in
the state database's DuckDB; Python touches only the alerts themselves (at most
max_alerts_per_run per run). Alert ids are derived from (rule, first event key), so the same
event can only ever name the same alert.
"""
from __future__ import annotations

import datetime as _dt
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from hunt import types as T
from hunt.detect.entities import ENTITY_KINDS
from hunt.detect.mitre import technique_label
from hunt.detect.rule import render_template
from hunt.sqlgen.dialect import quote_ident

DETECTION_SOURCE = "CustomDetection"
SERVICE_SOURCE = "hunt"
SEP = "chr(31)"


@dataclass
class Plan:
    rows: int = 0                     # result rows in the window
    new_events: int = 0               # not yet in the ledger
    alerts: list = field(default_factory=list)    # payload dicts, ordered
    suppressed: int = 0               # new events over max_alerts_per_run (no alert)


def _arrow_for_duckdb(table):
    """Positional column names (DuckDB folds case; KQL does not) and naive UTC timestamps."""
    import pyarrow as pa
    arrays = []
    for col in table.columns:
        if pa.types.is_timestamp(col.type) and col.type.tz is not None:
            col = col.cast(pa.timestamp("us"))
        arrays.append(col)
    names = [f"c{i}" for i in range(len(arrays))]
    return pa.Table.from_arrays(arrays, names=names) if arrays else table


def plan_alerts(con, checked, table, run_id: Optional[int], *, use_ledger: bool = True) -> Plan:
    """Decide the alerts of one run (nothing is written). `con` is a DuckDB connection with
    the ledger table (the state database, or a scratch one for `hunt detect test`)."""
    rule = checked.rule
    names = list(table.column_names)
    pos = {n: f"c{i}" for i, n in enumerate(names)}
    con.register("__rule_rows", _arrow_for_duckdb(table))
    ts = quote_ident(pos["Timestamp"])
    key_sql = "concat_ws(" + SEP + ", " + ", ".join(
        f"coalesce(CAST({quote_ident(pos[c])} AS VARCHAR), '')" for c in checked.key) + ")"
    if rule.group_by == "entity":
        cols = [c for c in (rule.impacted_columns or rule.entity_columns) if c in pos] \
            or list(checked.key)
        group_sql = "concat_ws(" + SEP + ", " + ", ".join(
            f"coalesce(CAST({quote_ident(pos[c])} AS VARCHAR), '')" for c in cols) + ")"
    else:
        group_sql = "__key"
    ledger = ("AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.rule_id = $rule "
              "AND l.event_key = f.__key)") if use_ledger else ""
    try:
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE __fresh AS
            WITH keyed AS (SELECT *, {key_sql} AS __key FROM __rule_rows),
            once AS (SELECT * FROM keyed
                     QUALIFY row_number() OVER (PARTITION BY __key ORDER BY {ts}) = 1)
            SELECT f.*, {group_sql} AS __group FROM once f WHERE true {ledger}
            """, {"rule": rule.id} if use_ledger else {})
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE __events AS
            WITH g AS (
                SELECT *, row_number() OVER (PARTITION BY __group ORDER BY {ts}, __key) AS __pos,
                       count(*) OVER (PARTITION BY __group) AS __count FROM __fresh),
            reps AS (
                SELECT __group, __key AS __rep_key, {ts} AS __rep_ts, __count,
                       row_number() OVER (ORDER BY {ts}, __key) AS __rank
                FROM g WHERE __pos = 1)
            SELECT g.*, reps.__rank, reps.__count AS __events_in_alert,
                   'cd' || substr(sha256($rule || chr(31) || reps.__rep_key), 1, 38) AS __alert_id,
                   reps.__rank > $cap AS __suppressed
            FROM g JOIN reps USING (__group)
            """, {"rule": rule.id, "cap": rule.max_alerts_per_run})
        plan = Plan()
        plan.rows = table.num_rows
        plan.new_events, plan.suppressed = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE __suppressed) FROM __events").fetchall()[0]
        reps = con.sql("SELECT * FROM __events WHERE __pos = 1 AND NOT __suppressed "
                           "ORDER BY __rank").to_arrow_table()
    finally:
        con.unregister("__rule_rows")
    types = checked.columns
    for rec in reps.to_pylist():
        row = {n: rec[pos[n]] for n in names}
        plan.alerts.append(payload(rule, row, types, rec["__alert_id"], rec["__key"],
                                   int(rec["__events_in_alert"]), run_id))
    return plan


def ledger_rows_sql(run_id: int) -> str:
    """The INSERT that records every new event of the planned run (after plan_alerts)."""
    return ("INSERT INTO ledger SELECT $rule, __key, CASE WHEN __suppressed THEN NULL ELSE "
            f"__alert_id END, {int(run_id)}, __suppressed FROM __events")


def payload(rule, row: dict, types: dict, alert_id: str, event_key: str, events: int,
            run_id: Optional[int]) -> dict:
    """An alert as JSON-ready data (what actions receive, and what the alert rows hold)."""
    from hunt.engine.display import json_value
    ts = row.get("Timestamp")
    entities = []
    for kind, mapping in rule.entities.items():
        info = ENTITY_KINDS[kind]
        ent = {"EntityType": info.entity_type, "EvidenceRole": info.role}
        filled = False
        for ev, col in mapping.items():
            v = row.get(col)
            if v is None or v == "":
                continue
            ent[ev] = json_value(v, types.get(col))
            filled = True
        if filled:
            entities.append(ent)
    return {
        "AlertId": alert_id,
        "Timestamp": json_value(ts, T.DATETIME),
        "Title": render_template(rule.alert_title, row),
        "Description": render_template(rule.alert_description, row),
        "Category": rule.category,
        "Severity": rule.severity,
        "ServiceSource": SERVICE_SOURCE,
        "DetectionSource": DETECTION_SOURCE,
        "AttackTechniques": [technique_label(t) for t in rule.mitre],
        "RecommendedActions": rule.recommended_actions,
        "RuleId": rule.id,
        "RuleTitle": rule.title,
        "RunId": run_id,
        "EventKey": event_key,
        "EventCount": events,
        "Entities": entities,
        "Event": {n: json_value(v, types.get(n)) for n, v in row.items()},
    }


def _timestamp(text: str) -> _dt.datetime:
    from hunt.api import parse_now
    return parse_now(text).replace(tzinfo=None)


def alert_tables(alerts: list[dict], catalog) -> dict:
    """{table name: {day: Arrow table}} of AlertInfo and AlertEvidence rows."""
    import pyarrow as pa
    from hunt.store.layout import arrow_schema
    info_rows, evidence_rows = [], []
    for a in alerts:
        ts = _timestamp(a["Timestamp"])
        techniques = json.dumps(a["AttackTechniques"], ensure_ascii=False)
        info_rows.append({"Timestamp": ts, "AlertId": a["AlertId"], "Title": a["Title"],
                          "Category": a["Category"], "Severity": a["Severity"],
                          "ServiceSource": SERVICE_SOURCE, "DetectionSource": DETECTION_SOURCE,
                          "AttackTechniques": techniques})
        extra = json.dumps({"RuleId": a["RuleId"], "RunId": a["RunId"],
                            "Description": a["Description"],
                            "RecommendedActions": a["RecommendedActions"],
                            "EventKey": a["EventKey"], "EventCount": a["EventCount"]},
                           ensure_ascii=False)
        for ent in a["Entities"]:
            row = {"Timestamp": ts, "AlertId": a["AlertId"], "Title": a["Title"],
                   "Categories": json.dumps([a["Category"]]), "AttackTechniques": techniques,
                   "ServiceSource": SERVICE_SOURCE, "DetectionSource": DETECTION_SOURCE,
                   "EvidenceDirection": "", "Severity": a["Severity"], "AdditionalFields": extra}
            row.update(ent)
            evidence_rows.append(row)
    out: dict = {}
    for name, rows in (("AlertInfo", info_rows), ("AlertEvidence", evidence_rows)):
        info = catalog.table(name)
        schema = arrow_schema(info)
        typed = [_typed_row(r, info) for r in rows]
        by_day: dict = {}
        for r in typed:
            by_day.setdefault(r["Timestamp"].date(), []).append(r)
        out[name] = {day: pa.Table.from_pylist(rs, schema=schema)
                     for day, rs in sorted(by_day.items())}
    return out


def _typed_row(row: dict, info) -> dict:
    """Values converted to the column types (an entity value may come from any column)."""
    out = {}
    for c in info.columns:
        v = row.get(c.name)
        if v is None:
            out[c.name] = "" if c.type == T.STRING else None
        elif c.type in (T.LONG, T.INT):
            try:
                out[c.name] = int(v)
            except (TypeError, ValueError):
                out[c.name] = None
        elif c.type == T.STRING and not isinstance(v, str):
            out[c.name] = json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) \
                else str(v).lower() if isinstance(v, bool) else str(v)
        else:
            out[c.name] = v
    return out


def stage(data: Path, staging: Path, run_id: int, tables: dict) -> list[tuple[str, str]]:
    """Write the alert files under `staging` (atomically each); [(staged, final)] paths. The
    final names carry the run id and a random part, so nothing is ever overwritten."""
    from hunt.store.layout import partition_dir, write_partition
    pairs = []
    tag = f"detect-{run_id}-{uuid.uuid4().hex[:8]}"
    for name, days in tables.items():
        for day, tbl in days.items():
            staged = write_partition(staging, name, day, tbl, part_id=tag)
            final = partition_dir(data, name, day) / staged.name
            pairs.append((str(staged), str(final)))
    return pairs


def publish(pairs) -> None:
    """Move staged files into the store; idempotent (a file already moved is skipped)."""
    import os
    for staged, final in pairs:
        s, f = Path(staged), Path(final)
        if s.exists():
            f.parent.mkdir(parents=True, exist_ok=True)
            os.replace(s, f)
