"""Golden tests: tests/golden/<area>/<case>.kql, checked against <case>.out (the rows on the
fixture tenant) or <case>.err (the rendered diagnostic). <case>.sql documents the SQL.
Rewrite with `pytest tests/test_golden.py --update-golden` and review the diff."""
from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from pathlib import Path

import pytest

import hunt
from hunt.sqlgen.dialect import format_timespan

GOLDEN = Path(__file__).parent / "golden"
NOW = "2026-11-03T00:00:00Z"
CASES = sorted(GOLDEN.rglob("*.kql"))


def _cell(v):
    if isinstance(v, dt.datetime):
        return v.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(v, dt.timedelta):
        return "timespan:" + format_timespan(v)
    if isinstance(v, (decimal.Decimal, uuid.UUID)):
        return str(v)
    if isinstance(v, float) and v != v:
        return "NaN"
    return v


def render_result(r) -> str:
    head = "columns: " + ", ".join(f"{n}:{t}" for n, t in zip(r.columns, r.kusto_types))
    rows = [json.dumps([_cell(v) for v in row], ensure_ascii=False, sort_keys=True) for row in r.rows]
    ordered = bool(getattr(r, "ordered", False))
    if not ordered:
        rows.sort()
    return "\n".join([head, f"ordered: {str(ordered).lower()}", f"rows: {len(rows)}"] + rows) + "\n"


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(GOLDEN)) for c in CASES])
def test_golden(case: Path, tenant, update_golden):
    kql = case.read_text()
    out_file, err_file, sql_file = case.with_suffix(".out"), case.with_suffix(".err"), case.with_suffix(".sql")
    try:
        r = tenant.query(kql, now=NOW)
        actual, target = render_result(r), out_file
        sql = r.sql
    except hunt.KqlError as e:
        actual, target = e.render(case.name) + "\n", err_file
        sql = None
    if update_golden:
        for f in (out_file, err_file):
            if f != target and f.exists():
                f.unlink()
        target.write_text(actual)
        if sql:
            sql_file.write_text(sql + "\n")
        return
    assert target.exists(), f"{case.name}: expected {target.name} (run with --update-golden)"
    assert actual == target.read_text()
