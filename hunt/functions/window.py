"""Window functions over serialized input (semantics §3.21; notes §11).

`ctx.order_by` is the SQL of the row order. Restart predicates and terms that themselves
contain window functions (`prev(k) != k`) are computed in earlier projections through
`ctx.stage`, since SQL cannot nest window functions."""
from __future__ import annotations

from hunt import types as T
from hunt.functions import convert as C
from hunt.functions.common import boolean, const_int, define, long_

W = "window"


def _over(c, partition: str = "", frame: str = "") -> str:
    part = f"PARTITION BY {partition} " if partition else ""
    return f"OVER ({part}ORDER BY {c.order_by}{' ' + frame if frame else ''})"


_RUNNING = "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"


def _restart_group(c, pred) -> str:
    """A staged column numbering the runs that start where `pred` is true."""
    p = c.stage(f"coalesce({boolean(pred)}, false)")
    return c.stage(f"sum(CASE WHEN {p} THEN 1 ELSE 0 END) {_over(c, frame=_RUNNING)}")


def _row_number(c, a):
    start = long_(a[0]) if a else "1"
    if len(a) > 1:
        g = _restart_group(c, a[1])
        return f"(({start}) - 1 + row_number() {_over(c, g)})"
    return f"(({start}) - 1 + row_number() {_over(c)})"


define("row_number", 0, 2, T.LONG, _row_number, kind=W)


def _prev_next(fn):
    def tr(c, a):
        x = a[0]
        off = long_(a[1]) if len(a) > 1 else "1"
        if len(a) > 2:
            d = a[2]
            dv = d.sql if d.type in (x.type, T.UNKNOWN) else C.convert(d.sql, d.type, x.type)
            return f"{fn}({x.sql}, {off}, {dv}) {_over(c)}"
        out = f"{fn}({x.sql}, {off}) {_over(c)}"
        return f"coalesce({out}, '')" if x.type == T.STRING else out
    return tr


define("prev", 1, 3, lambda a: a[0].type, _prev_next("lag"), kind=W)
define("next", 1, 3, lambda a: a[0].type, _prev_next("lead"), kind=W)


def _cumsum_value(x) -> str:
    if x.type in T.INTEGRAL:
        return f"CAST(coalesce({x.sql}, 0) AS BIGINT)"
    if x.type == T.TIMESPAN:
        return f"epoch_us(coalesce({x.sql}, INTERVAL 0 SECOND))"
    return f"coalesce({C.to_real(x.sql, x.type) if x.type != T.DECIMAL else x.sql}, 0)"


def _row_cumsum(c, a):
    x = a[0]
    v = _cumsum_value(x)
    g = _restart_group(c, a[1]) if len(a) > 1 else ""
    out = f"sum({v}) {_over(c, g, _RUNNING)}"
    if x.type in T.INTEGRAL:
        return f"CAST({out} AS BIGINT)"
    if x.type == T.TIMESPAN:
        return f"to_microseconds(CAST({out} AS BIGINT))"
    return out


define("row_cumsum", 1, 2, lambda a: T.LONG if a[0].type in T.INTEGRAL else
       (a[0].type if a[0].type in (T.TIMESPAN, T.DECIMAL) else T.REAL), _row_cumsum, kind=W)


def _change_flag(c, x, g) -> str:
    """Staged 1/0: the row starts a new run of equal `x` values (or a restart group)."""
    over = _over(c, g)
    return c.stage(f"CASE WHEN row_number() {over} = 1 OR ({x.sql}) IS DISTINCT FROM "
                   f"lag({x.sql}) {over} THEN 1 ELSE 0 END")


def _row_rank_dense(c, a):
    g = _restart_group(c, a[1]) if len(a) > 1 else ""
    flag = _change_flag(c, a[0], g)
    return f"CAST(sum({flag}) {_over(c, g, _RUNNING)} AS BIGINT)"


def _row_rank_min(c, a):
    g = _restart_group(c, a[1]) if len(a) > 1 else ""
    flag = _change_flag(c, a[0], g)
    rn = c.stage(f"CASE WHEN {flag} = 1 THEN row_number() {_over(c, g)} END")
    return f"CAST(max({rn}) {_over(c, g, _RUNNING)} AS BIGINT)"


define("row_rank_dense", 1, 2, T.LONG, _row_rank_dense, kind=W)
define("row_rank_min", 1, 2, T.LONG, _row_rank_min, kind=W)


def _row_window_session(c, a):
    # A session starts where the restart predicate is true, where the gap to the previous
    # row exceeds maxDistanceBetweenNeighbors, or where the distance to the session's first
    # row exceeds maxDistanceFromFirst. The last rule depends on the session start, so the
    # rows of each gap-bounded run are folded in order (list_reduce over the run so far).
    x = a[0]
    v = C.to_datetime(x.sql, x.type) if x.type != T.DATETIME else x.sql
    first_us = f"epoch_us({C.to_timespan(a[1].sql, a[1].type)})"
    gap_us = f"epoch_us({C.to_timespan(a[2].sql, a[2].type)})"
    prev = f"lag({v}) {_over(c)}"
    restart = f" OR coalesce({boolean(a[3])}, false)" if len(a) > 3 else ""
    brk = c.stage(f"({prev} IS NULL OR epoch_us({v}) - epoch_us({prev}) > {gap_us}{restart})")
    run = c.stage(f"sum(CASE WHEN {brk} THEN 1 ELSE 0 END) {_over(c, frame=_RUNNING)}")
    us = f"epoch_us({v})"
    seq = f"list({us}) {_over(c, run, _RUNNING)}"
    fold = (f"list_reduce({seq}, lambda s, t: CASE WHEN t - s > {first_us} THEN t ELSE s END)")
    return f"make_timestamp({fold})"


define("row_window_session", 3, 4, T.DATETIME, _row_window_session, kind=W)
