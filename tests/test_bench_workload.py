"""The benchmark workload's KQL and its hand-written SQL twins return the same rows.

A smoke test on a tiny synthetic data directory (bench/synth.py): no timings here, only that
every query compiles, runs, and agrees with its floor (bench/run.py checks the same at scale).
"""
from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import synth  # noqa: E402
import workload as W  # noqa: E402

NOW = synth.END


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    import hunt
    data = synth.generate(tmp_path_factory.mktemp("bench-data"), events=3000, days=8,
                          devices=12)
    h = hunt.connect(data, max_rows=None)
    s = h._ensure_session()
    s.ensure_views(None)
    yield h, s
    h.close()


def test_workload_is_large_enough():
    assert len(W.QUERIES) >= 15
    assert len(W.BY_NAME) == len(W.QUERIES)


@pytest.mark.parametrize("name", [q.name for q in W.QUERIES])
def test_kql_equals_sql_twin(session, name):
    h, s = session
    q = W.BY_NAME[name]
    hunt_rows = h.query(q.kql, now=W.now_iso(NOW)).rows
    floor_rows = s.con.sql(W.sql_of(q, NOW)).fetchall()
    assert W.same_rows(hunt_rows, floor_rows, rel_tol=q.rel_tol,
                       set_columns=q.set_columns) is None


def test_same_rows_semantics():
    t = _dt.datetime(2026, 1, 1, tzinfo=_dt.timezone.utc)
    assert W.same_rows([(1, "a"), (2, "b")], [(2, "b"), (1, "a")]) is None
    assert W.same_rows([(1.0,)], [(1.0 + 1e-12,)]) is None
    assert W.same_rows([(1,)], [(2,)]) is not None
    assert W.same_rows([(1,), (1,)], [(1,)]) is not None           # multisets
    assert W.same_rows([(t,)], [(t.replace(tzinfo=None),)]) is None
    assert W.same_rows([('["b","a"]',)], [(["a", "b"],)], set_columns=(0,)) is None
    assert W.same_rows([('["b","a"]',)], [(["a", "b"],)]) is not None
