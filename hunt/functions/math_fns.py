"""Math, rounding, binning and bitwise functions (semantics §4.3, §4.4; notes §12.1, §13)."""
from __future__ import annotations

import datetime as _dt

from hunt import types as T
from hunt.functions import convert as C
from hunt.sqlgen.dialect import timespan_micros
from hunt.functions.common import define, long_, num, num_type, real, ts


def _same_num(i=0):
    """Result rule: the argument's numeric type (int → long), timespan/datetime kept,
    anything else real."""
    def rule(args):
        t = args[i].type if len(args) > i else T.REAL
        if t == T.INT:
            return T.LONG
        if t in (T.LONG, T.REAL, T.DECIMAL, T.DATETIME, T.TIMESPAN):
            return t
        return T.REAL
    return rule


def _real_fn(sqlfn):
    return lambda c, a: f"{sqlfn}({real(a[0])})"


# ------------------------------------------------------------------ elementary functions
def _abs(c, a):
    x = a[0]
    if x.type == T.TIMESPAN:
        return f"(CASE WHEN epoch_us({x.sql}) < 0 THEN -({x.sql}) ELSE {x.sql} END)"
    return f"abs({num(x)})"


define("abs", 1, 1, _same_num(), _abs, naming="arg")


def _ceiling(c, a):
    x = a[0]
    if x.type in T.INTEGRAL:
        return f"CAST({x.sql} AS BIGINT)"
    return f"ceil({num(x)})"


define("ceiling", 1, 1, _same_num(), _ceiling, naming="arg")
define("sqrt", 1, 1, T.REAL, lambda c, a: f"(CASE WHEN {real(a[0])} < 0 THEN 'NaN'::DOUBLE ELSE sqrt({real(a[0])}) END)",
       naming="arg")
define("pow", 2, 2, T.REAL, lambda c, a: f"pow({real(a[0])}, {real(a[1])})", naming="arg")
define("exp", 1, 1, T.REAL, _real_fn("exp"), naming="arg")
define("exp2", 1, 1, T.REAL, lambda c, a: f"pow(2.0::DOUBLE, {real(a[0])})", naming="arg")
define("exp10", 1, 1, T.REAL, lambda c, a: f"pow(10.0::DOUBLE, {real(a[0])})", naming="arg")
for _name, _fn in (("log", "ln"), ("log2", "log2"), ("log10", "log10")):
    define(_name, 1, 1, T.REAL,
           (lambda f: lambda c, a: f"(CASE WHEN {real(a[0])} > 0 THEN {f}({real(a[0])}) END)")(_fn),
           naming="arg")
define("loggamma", 1, 1, T.REAL, _real_fn("lgamma"), naming="arg")
define("gamma", 1, 1, T.REAL, _real_fn("gamma"), naming="arg")
define("erf", 1, 1, T.REAL, lambda c, a: f"kql_erf_py({real(a[0])})")
define("erfc", 1, 1, T.REAL, lambda c, a: f"kql_erfc_py({real(a[0])})")
for _name in ("sin", "cos", "tan", "asin", "acos", "atan", "degrees", "radians"):
    define(_name, 1, 1, T.REAL, _real_fn(_name))
define("cot", 1, 1, T.REAL, lambda c, a: f"(1.0 / tan({real(a[0])}))")
define("atan2", 2, 2, T.REAL, lambda c, a: f"atan2({real(a[0])}, {real(a[1])})")
define("pi", 0, 0, T.REAL, "pi()")


def _sign(c, a):
    x = a[0]
    if x.type in T.INTEGRAL:
        return f"sign({x.sql})::BIGINT"
    return f"sign({num(x)})::DOUBLE"


define("sign", 1, 1, lambda args: T.LONG if args[0].type in T.INTEGRAL else T.REAL, _sign)


def _rand(c, a):
    if a:
        return f"CAST(floor(random() * {long_(a[0])}) AS BIGINT)"
    return "random()"


define("rand", 0, 1, lambda args: T.LONG if args else T.REAL, _rand)
define("isnan", 1, 1, T.BOOL, lambda c, a: f"isnan({real(a[0])})")
define("isinf", 1, 1, T.BOOL, lambda c, a: f"isinf({real(a[0])})")
define("isfinite", 1, 1, T.BOOL, lambda c, a: f"isfinite({real(a[0])})")


def _round(c, a):
    x = a[0]
    d = long_(a[1]) if len(a) > 1 else "0"
    if x.type in T.INTEGRAL:
        if len(a) == 1:
            return f"CAST({x.sql} AS BIGINT)"
        return f"CAST(round({x.sql}::DOUBLE, {d}) AS BIGINT)"
    return f"round({num(x)}, CAST({d} AS INTEGER))"


define("round", 1, 2, _same_num(), _round, naming="arg")


# ------------------------------------------------------------------ bin / floor / bin_at
_TRUNC_UNITS = {1_000: "millisecond", 1_000_000: "second", 60_000_000: "minute",
                3_600_000_000: "hour", 86_400_000_000: "day"}
_DAY_US = 86_400_000_000


def _bin_datetime_const(x: str, us: int) -> str:
    """bin(datetime, constant span) with DuckDB's native truncation where it is exact: KQL's
    grid starts at 0001-01-01, which is a day boundary, so any span dividing a day bins like
    date_trunc / time_bucket (origin 2000-01-03); whole days keep the 0001-01-01 origin."""
    if us <= 0:
        return "NULL::TIMESTAMP"
    if us in _TRUNC_UNITS:
        return f"date_trunc('{_TRUNC_UNITS[us]}', {x})"
    if _DAY_US % us == 0:
        return f"time_bucket(INTERVAL {us} MICROSECONDS, {x})"
    if us % _DAY_US == 0:
        return f"time_bucket(INTERVAL {us // _DAY_US} DAY, {x}, TIMESTAMP '0001-01-01')"
    return f"kql_bin_datetime({x}, {us}::BIGINT)"


def bin_sql(c, x, size) -> str:
    """floor(x / size) * size with KQL's rules for numbers, datetimes and timespans."""
    if x.type == T.DATETIME:
        if isinstance(size.value, _dt.timedelta):
            return _bin_datetime_const(x.sql, timespan_micros(size.value))
        return f"kql_bin_datetime({x.sql}, epoch_us({ts(size)}))"
    if x.type == T.TIMESPAN:
        return f"kql_bin_timespan({x.sql}, epoch_us({ts(size)}))"
    if x.type in T.INTEGRAL and size.type in T.INTEGRAL:
        return f"kql_bin_long(CAST({x.sql} AS BIGINT), CAST({size.sql} AS BIGINT))"
    if x.type in T.INTEGRAL:
        return f"CAST(kql_bin_real(CAST({x.sql} AS DOUBLE), {real(size)}) AS BIGINT)"
    if x.type == T.DECIMAL:
        return f"(CASE WHEN {size.sql} > 0 THEN floor({x.sql} / {size.sql}) * {size.sql} END)"
    if size.type == T.TIMESPAN and x.type in (T.DYNAMIC, T.UNKNOWN):
        return f"kql_bin_datetime({C.to_datetime(x.sql, x.type)}, epoch_us({size.sql}))"
    return f"kql_bin_real({real(x)}, {real(size)})"


def _bin_type(args):
    t = args[0].type
    if t in (T.DYNAMIC, T.UNKNOWN) and len(args) > 1 and args[1].type == T.TIMESPAN:
        return T.DATETIME
    return _same_num()(args)


define("bin", 2, 2, _bin_type, lambda c, a: bin_sql(c, a[0], a[1]), naming="arg")
define("floor", 1, 2, _bin_type,
       lambda c, a: bin_sql(c, a[0], a[1]) if len(a) > 1 else f"floor({num(a[0])})", naming="arg")


def _bin_at(c, a):
    x, size, at = a
    if x.type == T.DATETIME:
        return f"kql_bin_dt({x.sql}, epoch_us({ts(size)}), epoch_us({C.to_datetime(at.sql, at.type)}))"
    if x.type == T.TIMESPAN:
        return (f"to_microseconds(kql_floordiv(epoch_us({x.sql}) - epoch_us({ts(at)}), epoch_us({ts(size)}))"
                f" * epoch_us({ts(size)}) + epoch_us({ts(at)}))")
    if x.type in T.INTEGRAL and size.type in T.INTEGRAL and at.type in T.INTEGRAL:
        return f"(kql_floordiv({x.sql} - {at.sql}, {size.sql}) * {size.sql} + {at.sql})"
    return f"(floor(({real(x)} - {real(at)}) / {real(size)}) * {real(size)} + {real(at)})"


define("bin_at", 3, 3, _same_num(), _bin_at, naming="arg")


def _around(c, a):
    v, center, delta = a
    return f"({v.sql} BETWEEN {center.sql} - {delta.sql} AND {center.sql} + {delta.sql})"


define("around", 3, 3, T.BOOL, _around)


# ------------------------------------------------------------------ bitwise
define("binary_and", 2, 2, T.LONG, lambda c, a: f"({long_(a[0])} & {long_(a[1])})", naming="arg")
define("binary_or", 2, 2, T.LONG, lambda c, a: f"({long_(a[0])} | {long_(a[1])})", naming="arg")
define("binary_xor", 2, 2, T.LONG, lambda c, a: f"xor({long_(a[0])}, {long_(a[1])})", naming="arg")
define("binary_not", 1, 1, T.LONG, lambda c, a: f"(~{long_(a[0])})", naming="arg")
def _shift_left(c, a) -> str:
    """Kusto shifts the 64 two's-complement bits (-1 << 1 = -2; bits past 63 are lost).
    DuckDB refuses to shift a negative number, so: multiply in HUGEINT, wrap modulo 2^64."""
    m, h = "18446744073709551616::HUGEINT", "9223372036854775808::HUGEINT"
    n = long_(a[1])
    y = f"(CAST({long_(a[0])} AS HUGEINT) * (CAST(1 AS HUGEINT) << CAST({n} AS INTEGER)))"
    return (f"CASE WHEN {n} BETWEEN 0 AND 63 THEN "
            f"CAST(((({y} % {m}) + {m}) % {m} + {h}) % {m} - {h} AS BIGINT) END")


define("binary_shift_left", 2, 2, T.LONG, _shift_left, naming="arg")
define("binary_shift_right", 2, 2, T.LONG,
       lambda c, a: f"CASE WHEN {long_(a[1])} BETWEEN 0 AND 63 THEN ({long_(a[0])} >> {long_(a[1])}::INTEGER) END",
       naming="arg")
define("bitset_count_ones", 1, 1, T.LONG, lambda c, a: f"bit_count({long_(a[0])})::BIGINT")


# ------------------------------------------------------------------ range(), numbers
def _range(c, a):
    start, stop = a[0], a[1]
    if start.type == T.DATETIME:
        step = ts(a[2]) if len(a) > 2 else "INTERVAL 1 DAY"
        return (f"to_json(list_transform(list_slice(generate_series({start.sql}, {C.to_datetime(stop.sql, stop.type)}, "
                f"{step}), 1, 1048576), lambda t: kql_datetime_text(t)))")
    if start.type == T.TIMESPAN:
        step = ts(a[2]) if len(a) > 2 else "INTERVAL 1 DAY"
        return (f"to_json(list_transform(range(0, (epoch_us({ts(stop)}) - epoch_us({start.sql})) // epoch_us({step}) + 1), "
                f"lambda i: kql_us_text(epoch_us({start.sql}) + i * epoch_us({step}))))")
    if any(x.type == T.REAL for x in a):
        step = real(a[2]) if len(a) > 2 else "1.0"
        return (f"to_json(list_transform(range(0::BIGINT, CAST(floor(({real(stop)} - {real(start)}) / {step}) AS BIGINT) + 1), "
                f"lambda i: {real(start)} + i * {step})[1:1048576])")
    step = long_(a[2]) if len(a) > 2 else "1"
    # never build more than the 1,048,576 elements KQL returns
    stop_c = (f"CASE WHEN {step} > 0 THEN least({long_(stop)}, {long_(start)} + {step} * 1048575) "
              f"ELSE greatest({long_(stop)}, {long_(start)} + {step} * 1048575) END")
    return (f"CASE WHEN {step} <> 0 THEN to_json(generate_series({long_(start)}, {stop_c}, "
            f"{step})) END")


define("range", 2, 3, T.DYNAMIC, _range)


# ------------------------------------------------------------------ statistics helpers
define("beta_cdf", 3, 3, T.REAL,
       lambda c, a: f"kql_beta_cdf_py({real(a[0])}, {real(a[1])}, {real(a[2])})")
define("beta_inv", 3, 3, T.REAL,
       lambda c, a: f"kql_beta_inv_py({real(a[0])}, {real(a[1])}, {real(a[2])})")
define("beta_pdf", 3, 3, T.REAL,
       lambda c, a: f"kql_beta_pdf_py({real(a[0])}, {real(a[1])}, {real(a[2])})")


# ------------------------------------------------------------------ unit conversions
def _convert_units(kind):
    from hunt.functions import units

    def tr(c, a):
        src, dst = a[1], a[2]
        if not (src.is_constant and dst.is_constant):
            c.error(f"convert_{kind}(): the units must be constant strings")
        f = units.factor(kind, src.value, dst.value)
        if f is None:
            c.error(f"convert_{kind}(): unknown unit '{src.value}' or '{dst.value}'")
        scale, offset = f
        return f"({real(a[0])} * {scale!r} + {offset!r})"
    return tr


for _kind in ("angle", "energy", "force", "length", "mass", "speed", "temperature", "volume"):
    define(f"convert_{_kind}", 3, 3, T.REAL, _convert_units(_kind))
define("format_bytes", 1, 3, T.STRING,
       lambda c, a: "coalesce(kql_format_bytes_py(" + real(a[0]) + ", "
                    + (long_(a[1]) if len(a) > 1 else "0::BIGINT") + ", "
                    + (C.to_text(a[2].sql, a[2].type) if len(a) > 2 else "''") + "), '')")
