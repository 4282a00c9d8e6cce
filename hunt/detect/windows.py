"""When a rule is due and which events a run covers, from the rule and its previous run.

A scheduled rule run at time `at` covers [start, at), Timestamp half-open, with
    start = at - 30 days                                    on the first run (as Defender)
    start = min(at - lookback, covered_until - slack)       afterwards, slack = lookback - frequency
On schedule (at = covered_until + frequency) both terms are equal: Defender's window. Run on
schedule, Defender catches an event that arrives up to `slack` after its Timestamp (the
lookback overlap); measuring the slack from where coverage stopped, not from the clock, keeps
that promise when runs are late, skipped or failed, or the machine was off: the next window
reaches back past the last committed one, never leaving a gap. The dedup ledger makes the
overlaps harmless. A rule is due when it has never succeeded or `frequency` has passed since
its last successful run; a failed run does not move that time, so it is retried on the next
cycle.
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
    slack = max(rule.lookback - rule.frequency, _dt.timedelta(0))
    start = min(at - rule.lookback, covered_until - slack)
    return start, at
