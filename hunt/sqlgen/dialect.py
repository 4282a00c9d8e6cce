"""How values and identifiers are written for DuckDB: the one escaping path for user text.

Everything the compiler splices into SQL goes through `quote_ident` or `literal`. A second
SQL engine would provide another module with the same functions (the dialect seam).
"""
from __future__ import annotations

import datetime as _dt
import decimal
import json
import math
import uuid

from hunt import types as T

_EPOCH = _dt.datetime(1970, 1, 1)


def quote_ident(name: str) -> str:
    """A quoted SQL identifier; embedded quotes are doubled."""
    return '"' + name.replace('"', '""') + '"'


def string_literal(s: str) -> str:
    """A SQL string literal. A NUL character (which the SQL text itself never holds: the
    compiler's placeholders use it) is spelled chr(0)."""
    if "\x00" in s:
        return "(" + " || chr(0) || ".join(string_literal(p) for p in s.split("\x00")) + ")"
    return "'" + s.replace("'", "''") + "'"


def _json_default(o):
    if isinstance(o, _dt.datetime):
        return format_datetime(o)
    if isinstance(o, _dt.timedelta):
        return format_timespan(o)
    if isinstance(o, decimal.Decimal):
        return float(o)
    if isinstance(o, uuid.UUID):
        return str(o)
    raise TypeError(f"cannot store {type(o).__name__} in dynamic")


def json_text(value) -> str:
    """Compact JSON text of a Python value (KQL's dynamic display form)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=_json_default,
                      allow_nan=True)


def format_datetime(v: _dt.datetime) -> str:
    """KQL's text form of a datetime: 2017-10-15T12:00:00.0000000Z."""
    if v.tzinfo is not None:
        v = v.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    return v.strftime("%Y-%m-%dT%H:%M:%S.") + f"{v.microsecond:06d}0Z"


def format_timespan(v: _dt.timedelta) -> str:
    """KQL's text form of a timespan: [-][d.]hh:mm:ss[.fffffff]."""
    us = (v.days * 86400 + v.seconds) * 1_000_000 + v.microseconds
    sign = "-" if us < 0 else ""
    us = abs(us)
    days, rem = divmod(us, 86_400_000_000)
    hours, rem = divmod(rem, 3_600_000_000)
    minutes, rem = divmod(rem, 60_000_000)
    seconds, frac = divmod(rem, 1_000_000)
    text = f"{sign}{str(days) + '.' if days else ''}{hours:02d}:{minutes:02d}:{seconds:02d}"
    if frac:
        text += f".{frac * 10:07d}"
    return text


def timespan_micros(v: _dt.timedelta) -> int:
    return (v.days * 86400 + v.seconds) * 1_000_000 + v.microseconds


def literal(value, ktype: str) -> str:
    """A typed SQL literal for a Python value of a Kusto type (None gives a typed NULL;
    the string type has no null: None becomes '')."""
    if ktype == T.STRING:
        return string_literal("" if value is None else str(value))
    if value is None:
        return f"NULL::{T.duckdb_type(ktype)}"
    if ktype == T.BOOL:
        return "true" if value else "false"
    if ktype in (T.LONG, T.INT):
        return f"{int(value)}::{T.duckdb_type(ktype)}"
    if ktype == T.REAL:
        f = float(value)
        if math.isnan(f):
            return "'NaN'::DOUBLE"
        if math.isinf(f):
            return "'Infinity'::DOUBLE" if f > 0 else "'-Infinity'::DOUBLE"
        return f"{f!r}::DOUBLE"
    if ktype == T.DECIMAL:
        return f"{decimal.Decimal(value)}::DECIMAL(38,18)"
    if ktype == T.DATETIME:
        if value.tzinfo is not None:
            value = value.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'"
    if ktype == T.TIMESPAN:
        return f"to_microseconds({timespan_micros(value)}::BIGINT)"
    if ktype == T.GUID:
        return f"'{uuid.UUID(str(value))}'::UUID"
    if ktype in (T.DYNAMIC, T.UNKNOWN):
        return f"{string_literal(json_text(value))}::JSON"
    raise ValueError(f"no literal form for type {ktype}")


def null_of(ktype: str) -> str:
    """The missing value of a type: NULL, or '' for strings (which are never null)."""
    return "''" if ktype == T.STRING else f"NULL::{T.duckdb_type(ktype)}"
