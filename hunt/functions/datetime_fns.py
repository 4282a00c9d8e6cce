"""datetime and timespan functions (semantics §4.4, §4.7 Time; notes §12)."""
from __future__ import annotations

from hunt import types as T
from hunt.functions import convert as C
from hunt.functions import textfmt
from hunt.functions.common import const_str, define, dt, long_, real, str_lit, text, ts

DT, TS = T.DATETIME, T.TIMESPAN

define("now", 0, 1, DT, lambda c, a: f"({c.now_sql} + {ts(a[0])})" if a else c.now_sql)
define("ago", 1, 1, DT, lambda c, a: f"({c.now_sql} - {ts(a[0])})")

# ------------------------------------------------------------------ periods
_PERIODS = {
    "year": "year", "years": "year", "yy": "year", "yyyy": "year",
    "quarter": "quarter", "quarters": "quarter", "qq": "quarter", "q": "quarter",
    "month": "month", "months": "month", "mm": "month", "m": "month",
    "week": "week", "weeks": "week", "wk": "week", "ww": "week",
    "day": "day", "days": "day", "dd": "day", "d": "day",
    "hour": "hour", "hours": "hour", "hh": "hour",
    "minute": "minute", "minutes": "minute", "mi": "minute", "n": "minute",
    "second": "second", "seconds": "second", "ss": "second", "s": "second",
    "millisecond": "millisecond", "milliseconds": "millisecond", "ms": "millisecond",
    "microsecond": "microsecond", "microseconds": "microsecond", "mcs": "microsecond",
    "nanosecond": "nanosecond", "nanoseconds": "nanosecond", "ns": "nanosecond",
}


def _period(c, a, fname) -> str:
    p = const_str(a)
    if p is None:
        c.error(f"{fname}(): the period must be a constant string")
    norm = _PERIODS.get(p.strip().lower())
    if norm is None:
        c.error(f"{fname}(): unknown period '{p}'",
                help="one of year, quarter, month, week, day, hour, minute, second, "
                     "millisecond, microsecond, nanosecond")
    return norm


def _datetime_diff(c, a):
    p = _period(c, a[0], "datetime_diff")
    d1, d2 = dt(a[1]), dt(a[2])
    if p == "week":
        return f"(date_diff('day', kql_startofweek({d2}), kql_startofweek({d1})) // 7)::BIGINT"
    if p in ("millisecond", "microsecond", "nanosecond"):
        unit = {"millisecond": 1000, "microsecond": 1, "nanosecond": 1}[p]
        mul = " * 1000" if p == "nanosecond" else ""
        return (f"(kql_floordiv(epoch_us({d1}), {unit}) - kql_floordiv(epoch_us({d2}), {unit})){mul}")
    return f"date_diff('{p}', {d2}, {d1})::BIGINT"


define("datetime_diff", 3, 3, T.LONG, _datetime_diff)

_ADD = {"year": "to_years({n})", "quarter": "to_months(3 * {n})", "month": "to_months({n})",
        "week": "to_days(7 * {n})", "day": "to_days({n})", "hour": "to_hours({n})",
        "minute": "to_minutes({n})", "second": "to_seconds({n})",
        "millisecond": "to_milliseconds({n})", "microsecond": "to_microseconds({n})",
        "nanosecond": "to_microseconds({n} // 1000)"}


def _datetime_add(c, a):
    p = _period(c, a[0], "datetime_add")
    n = f"CAST({long_(a[1])} AS BIGINT)"
    if p in ("year", "quarter", "month"):
        n = f"CAST({long_(a[1])} AS INTEGER)"
    return f"CAST({dt(a[2])} + {_ADD[p].format(n=n)} AS TIMESTAMP)"


define("datetime_add", 3, 3, DT, _datetime_add)

_PARTS = {
    "year": "year({d})", "quarter": "quarter({d})", "month": "month({d})",
    "week_of_year": "week({d})", "weekofyear": "week({d})", "week": "week({d})",
    "day": "day({d})", "dayofyear": "dayofyear({d})", "hour": "hour({d})",
    "minute": "minute({d})", "second": "second({d})",
    "millisecond": "(microsecond({d}) % 1000000) // 1000",
    "microsecond": "microsecond({d}) % 1000000",
    "nanosecond": "(microsecond({d}) % 1000000) * 1000",
}


def _datetime_part(c, a):
    p = const_str(a[0])
    if p is None:
        c.error("datetime_part(): the part must be a constant string")
    key = p.strip().lower()
    key = {"yy": "year", "yyyy": "year", "q": "quarter", "qq": "quarter", "mm": "month",
           "m": "month", "dd": "day", "d": "day", "dy": "dayofyear", "y": "dayofyear",
           "hh": "hour", "mi": "minute", "n": "minute", "ss": "second", "s": "second",
           "ms": "millisecond", "mcs": "microsecond", "ns": "nanosecond"}.get(key, key)
    if key not in _PARTS:
        c.error(f"datetime_part(): unknown part '{p}'")
    return f"CAST({_PARTS[key].format(d=dt(a[1]))} AS BIGINT)"


define("datetime_part", 2, 2, T.LONG, _datetime_part)

for _name, _expr in (("getyear", "year({d})"), ("getmonth", "month({d})"),
                     ("monthofyear", "month({d})"), ("dayofmonth", "day({d})"),
                     ("dayofyear", "dayofyear({d})"), ("hourofday", "hour({d})"),
                     ("week_of_year", "week({d})")):
    define(_name, 1, 1, T.LONG if _name not in ("getyear", "getmonth", "monthofyear", "dayofmonth",
                                                "dayofyear", "hourofday", "week_of_year") else T.INT,
           (lambda e: lambda c, a: f"CAST({e.format(d=dt(a[0]))} AS INTEGER)")(_expr),
           *(("weekofyear",) if _name == "week_of_year" else ()))
define("dayofweek", 1, 1, TS, lambda c, a: f"to_days(dayofweek({dt(a[0])}))")

# ------------------------------------------------------------------ start/end of periods
_START = {
    "day": "date_trunc('day', {d})",
    "week": "kql_startofweek({d})",
    "month": "date_trunc('month', {d})",
    "year": "date_trunc('year', {d})",
}
_STEP = {"day": "to_days({n})", "week": "to_days(7 * {n})", "month": "to_months({n})",
         "year": "to_years({n})"}


def _startof(period, end=False):
    def tr(c, a):
        d = dt(a[0])
        n = f"CAST({long_(a[1])} AS INTEGER)" if len(a) > 1 else None
        base = _START[period].format(d=d)
        if n is not None:
            base = f"({base} + {_STEP[period].format(n=n)})"
        if end:
            base = f"({base} + {_STEP[period].format(n=1)} - INTERVAL 1 MICROSECOND)"
        return f"CAST({base} AS TIMESTAMP)"
    return tr


for _p in ("day", "week", "month", "year"):
    define(f"startof{_p}", 1, 2, DT, _startof(_p))
    define(f"endof{_p}", 1, 2, DT, _startof(_p, end=True))


# ------------------------------------------------------------------ construction
def _make_datetime(c, a):
    vals = [long_(x) for x in a[:5]] + ["0"] * (5 - len(a[:5]))
    sec = real(a[5]) if len(a) > 5 else "0.0"
    return (f"TRY(make_timestamp({vals[0]}, {vals[1]}, {vals[2]}, {vals[3]}, {vals[4]}, "
            f"CAST({sec} AS DOUBLE)))")


define("make_datetime", 1, 7, DT, _make_datetime)


def _make_timespan(c, a):
    if len(a) == 2:            # hours, minutes
        d, h, m, s = "0", long_(a[0]), long_(a[1]), "0.0"
    elif len(a) == 3:          # hours, minutes, seconds
        d, h, m, s = "0", long_(a[0]), long_(a[1]), real(a[2])
    else:                      # days, hours, minutes, seconds
        d, h, m, s = long_(a[0]), long_(a[1]), long_(a[2]), real(a[3])
    return (f"to_microseconds(CAST(round((({d}) * 86400 + ({h}) * 3600 + ({m}) * 60) * 1000000.0"
            f" + ({s}) * 1000000.0) AS BIGINT))")


define("make_timespan", 2, 4, TS, _make_timespan)


def _unixtime(scale):
    def tr(c, a):
        x = a[0]
        v = x.sql if x.type in T.NUMERIC else real(x)
        return f"TRY(make_timestamp(CAST(round(({v}) * {scale}) AS BIGINT)))"
    return tr


define("unixtime_seconds_todatetime", 1, 1, DT, _unixtime("1000000.0"))
define("unixtime_milliseconds_todatetime", 1, 1, DT, _unixtime("1000.0"))
define("unixtime_microseconds_todatetime", 1, 1, DT, _unixtime("1.0"))
define("unixtime_nanoseconds_todatetime", 1, 1, DT, _unixtime("0.001"))


# ------------------------------------------------------------------ formatting
def _format_datetime(c, a):
    d = dt(a[0])
    f = const_str(a[1])
    if f is not None:
        pattern = textfmt.datetime_strftime(f)
        if pattern is not None:
            return f"coalesce(strftime({d}, {str_lit(pattern)}), '')"
    return f"coalesce(kql_format_datetime_py({d}, {text(a[1])}), '')"


define("format_datetime", 2, 2, T.STRING, _format_datetime, naming="arg")
define("format_timespan", 2, 2, T.STRING,
       lambda c, a: f"coalesce(kql_format_timespan_py(epoch_us({ts(a[0])}), {text(a[1])}), '')",
       naming="arg")

# ------------------------------------------------------------------ time zones (ICU, bundled)
define("datetime_utc_to_local", 2, 2, DT,
       lambda c, a: f"TRY(timezone({text(a[1])}, timezone('UTC', {dt(a[0])})))")
define("datetime_local_to_utc", 2, 2, DT,
       lambda c, a: f"TRY(timezone('UTC', timezone({text(a[1])}, {dt(a[0])})))")
define("datetime_list_timezones", 0, 0, T.DYNAMIC,
       "(SELECT to_json(list(name ORDER BY name)) FROM pg_timezone_names())")
