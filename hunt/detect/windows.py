"""When a rule is due and which events a run covers, from the rule and its previous run.

A scheduled rule run at time `at` covers [start, at), Timestamp half-open, with
    start = at - 30 days                           on the first run (Defender's first run)
    start = min(at - lookback, covered_until)      afterwards
so a run never leaves a gap after the previous committed window (a late, skipped or failed run
makes the next window reach back to where coverage stopped), and the lookback overlap catches
events that arrived late; the dedup ledger makes the overlap harmless. A rule is due when it
has never succeeded or `frequency` has passed since its last successful run; a failed run
does not move that time, so the rule is retried on the next cycle.
"""
from __future__ import annotations

import datetime as _dt
from typing import Optional

from hunt.detect.rule import FIRST_RUN, Rule


def is_due(rule: Rule, last_success: Optional[_dt.datetime], at: _dt.datetime) -> bool:
    if not rule.enabled:
        return False
    if rule.continuous or last_success is None:
        return True
    return at >= last_success + rule.frequency


def next_due(rule: Rule, last_success: Optional[_dt.datetime]) -> Optional[_dt.datetime]:
    """The next time a rule is due (None: disabled; continuous rules: every cycle)."""
    if not rule.enabled:
        return None
    if last_success is None or rule.continuous:
        return last_success or _dt.datetime.min
    return last_success + rule.frequency


def window(rule: Rule, covered_until: Optional[_dt.datetime],
           at: _dt.datetime) -> tuple[_dt.datetime, _dt.datetime]:
    """[start, end) of a scheduled rule's run at `at`."""
    if covered_until is None:
        return at - FIRST_RUN, at
    start = min(at - rule.lookback, covered_until)
    return start, at
