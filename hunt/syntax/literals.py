"""Decoding of KQL literal tokens into Python values (semantics.md §1.3–1.7).

Every function takes the token text exactly as the lexer matched it and returns the value,
or raises ValueError with a short reason; the parser turns that into a KqlSyntaxError.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
import uuid
from decimal import Decimal, InvalidOperation

from hunt import types as T

# ---------------------------------------------------------------------------------------------
# Strings

_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|x[0-9A-Fa-f]{2}|[0-7]{1,3}|[\s\S])")
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
                   "0": "\0"}


def _escape(m: re.Match) -> str:
    s = m.group(1)
    c = s[0]
    if len(s) > 1 or c.isdigit():
        if c in "uUx":
            return chr(int(s[1:], 16))
        return chr(int(s, 8))
    return _SIMPLE_ESCAPES.get(c, c)


def decode_string(tok: str) -> str:
    """One string token: `"..."`, `'...'`, `@"..."`, ```` ```...``` ````, `~~~...~~~`, with an
    optional `h`/`H` (obfuscated) prefix."""
    if tok[:1] in "hH":
        tok = tok[1:]
    head = tok[:1]
    if head == "@":
        q = tok[1]
        return tok[2:-1].replace(q + q, q)
    if head == "`" or head == "~":
        return tok[3:-3]
    body = tok[1:-1]
    if "\\" not in body:
        return body
    return _ESCAPE.sub(_escape, body)


def decode_bracketed(tok: str) -> str:
    """`['name']` / `["name"]` → name."""
    return decode_string(tok[1:-1].strip())


# ---------------------------------------------------------------------------------------------
# Numbers

def decode_long(tok: str) -> int:
    if tok[:2] in ("0x", "0X"):
        value = int(tok, 16)
        # 64-bit hex patterns (0xFFFFFFFFFFFFFFFF) are two's complement longs
        if 1 << 63 <= value < 1 << 64:
            value -= 1 << 64
        return value
    return int(tok)


def decode_real(tok: str) -> float:
    return float(tok)


# ---------------------------------------------------------------------------------------------
# Timespans

TICKS_PER_SECOND = 10_000_000
_UNIT_TICKS = {}
for _names, _ticks in (
        (("d", "day", "days"), 864_000_000_000),
        (("h", "hr", "hrs", "hour", "hours"), 36_000_000_000),
        (("m", "min", "mins", "minute", "minutes"), 600_000_000),
        (("s", "sec", "secs", "second", "seconds"), TICKS_PER_SECOND),
        (("ms", "milli", "millis", "millisecond", "milliseconds"), 10_000),
        (("micro", "micros", "microsecond", "microseconds"), 10),
        (("nano", "nanos", "nanosecond", "nanoseconds"), Decimal("0.01")),
        (("tick", "ticks"), 1)):
    for _n in _names:
        _UNIT_TICKS[_n] = _ticks

_TIMESPAN_TOKEN = re.compile(r"([0-9]*\.?[0-9]+)\s*([A-Za-z]+)")


def ticks_to_timedelta(ticks) -> _dt.timedelta:
    """100 ns ticks → timedelta, rounded to the nearest microsecond (half away from zero)."""
    ticks = Decimal(ticks)
    micro = int((abs(ticks) / 10).to_integral_value(rounding="ROUND_HALF_UP"))
    return _dt.timedelta(microseconds=-micro if ticks < 0 else micro)


def decode_timespan(tok: str) -> _dt.timedelta:
    """`2d`, `1.5h`, `100ms`, `10microseconds`, `1tick` ..."""
    m = _TIMESPAN_TOKEN.fullmatch(tok)
    if not m or m.group(2).lower() not in _UNIT_TICKS:
        raise ValueError(f"invalid timespan literal '{tok}'")
    return ticks_to_timedelta(Decimal(m.group(1)) * _UNIT_TICKS[m.group(2).lower()])


# Python's str.strip() misses the zero-width characters the grammar treats as whitespace.
_BLANKS = " \t\r\n\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008" \
          "\u2009\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
_CLOCK = re.compile(r"(?:([0-9]+)\.)?([0-9]+):([0-9]+)(?::([0-9]+)(?:\.([0-9]+))?)?")
_AMOUNT = re.compile(r"([0-9]*\.?[0-9]+)\s*([A-Za-z]*)")


def _paren_content(tok: str) -> str:
    """The raw text between the parentheses of `name(...)`, unquoted when it is a string."""
    inner = tok[tok.index("(") + 1:tok.rindex(")")].strip(_BLANKS)
    if inner[:1] in ("'", '"', "@") or (inner[:1] in "hH" and inner[1:2] in ("'", '"', "@")):
        try:
            inner = decode_string(inner).strip(_BLANKS)
        except Exception:
            pass
    return inner


def decode_timespan_fn(tok: str) -> _dt.timedelta | None:
    """`time(...)` / `timespan(...)`: `1.02:03:04.5`, `15 seconds`, `2` (days), `null`."""
    s = _paren_content(tok)
    if s.lower() == "null":
        return None
    sign = 1
    if s[:1] in "+-":
        sign = -1 if s[0] == "-" else 1
        s = s[1:].strip()
    m = _CLOCK.fullmatch(s)
    if m:
        d, h, mi, sec, frac = m.groups()
        ticks = ((int(d or 0) * 24 + int(h)) * 60 + int(mi)) * 60 * TICKS_PER_SECOND
        ticks += int(sec or 0) * TICKS_PER_SECOND
        if frac:
            ticks += int((frac + "0000000")[:7])
        return ticks_to_timedelta(sign * ticks)
    m = _AMOUNT.fullmatch(s)
    if m:
        unit = m.group(2).lower() or "d"
        if unit in _UNIT_TICKS:
            return ticks_to_timedelta(sign * Decimal(m.group(1)) * _UNIT_TICKS[unit])
    raise ValueError(f"invalid timespan literal '{tok}'")


# ---------------------------------------------------------------------------------------------
# Datetimes

_ISO = re.compile(
    r"([0-9]{4})-([0-9]{1,2})(?:-([0-9]{1,2}))?"
    r"(?:(?:[Tt]|\s+)([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:[.,]([0-9]+))?)?)?"
    r"\s*(Z|z|UTC|GMT|[+-][0-9]{2}:?[0-9]{2})?")
_SLASH_YMD = re.compile(r"([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})(.*)")
_SLASH_MDY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(.*)")
_TIME_TAIL = re.compile(
    r"(?:(?:[Tt]|\s+)([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:[.,]([0-9]+))?)?\s*([AaPp][Mm])?)?"
    r"\s*(Z|UTC|GMT)?")
_TIME_ONLY = re.compile(r"([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:[.,]([0-9]+))?)?\s*([AaPp][Mm])?")
_COMMAS = re.compile(r"([0-9]{4})\s*,\s*([0-9]{1,2})\s*,\s*([0-9]{1,2})"
                     r"(?:\s*,\s*([0-9]{1,2})\s*,\s*([0-9]{1,2})(?:\s*,\s*([0-9]{1,2}))?)?")
_RFC = re.compile(
    r"(?:[A-Za-z]+,?\s*)?([0-9]{1,2})[\s-]+([A-Za-z]{3,9})[\s-]+([0-9]{2,4})"
    r"(?:\s+([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2}))?)?\s*(GMT|UTC|UT|Z|[A-Z]{1,4}|[+-][0-9]{4})?")
_MONTHS = {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
_ZONES = {"GMT": 0, "UTC": 0, "UT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5,
          "MST": -7, "MDT": -6, "PST": -8, "PDT": -7}


def _fraction_micros(frac: str | None) -> int:
    if not frac:
        return 0
    ticks = int((frac + "0000000")[:7])
    return int(Decimal(ticks / 10).to_integral_value(rounding="ROUND_HALF_UP"))


def _make(y, mo, d, h=0, mi=0, s=0, frac=None, offset_minutes=0) -> _dt.datetime:
    value = _dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
    value += _dt.timedelta(microseconds=_fraction_micros(frac), minutes=-offset_minutes)
    return value


def _hour12(h, ampm) -> int:
    h = int(h or 0)
    if ampm:
        if h > 12:
            raise ValueError("hour")
        h = h % 12 + (12 if ampm.lower() == "pm" else 0)
    return h


def _offset(zone: str | None) -> int:
    if not zone or zone.upper() in ("Z", "UTC", "GMT"):
        return 0
    if zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        minutes = int(digits[:2]) * 60 + int(digits[2:])
        return minutes if zone[0] == "+" else -minutes
    if zone.upper() in _ZONES:
        return _ZONES[zone.upper()] * 60
    raise ValueError(f"unknown time zone '{zone}'")


def parse_datetime_text(s: str) -> _dt.datetime:
    """Lenient datetime text (the forms `datetime()`/`todatetime()` accept) → naive UTC."""
    s = s.strip()
    m = _ISO.fullmatch(s) or _ISO.fullmatch(re.sub(r"(?<=[0-9])\s*-\s*(?=[0-9])", "-", s))
    if m:
        y, mo, d, h, mi, sec, frac, zone = m.groups()
        return _make(y, mo, d or 1, h, mi, sec, frac, _offset(zone))
    for rx, order in ((_SLASH_YMD, (0, 1, 2)), (_SLASH_MDY, (2, 0, 1))):
        m = rx.fullmatch(s)
        if m:
            parts = m.groups()
            t = _TIME_TAIL.fullmatch(parts[3])
            if not t:
                break
            h, mi, sec, frac, ampm, zone = t.groups()
            return _make(parts[order[0]], parts[order[1]], parts[order[2]], _hour12(h, ampm), mi,
                         sec, frac, _offset(zone))
    m = _COMMAS.fullmatch(s)
    if m:
        return _make(*m.groups())
    m = _RFC.fullmatch(s)
    if m:
        d, mon, y, h, mi, sec, zone = m.groups()
        month = _MONTHS.get(mon[:3].lower())
        if month is None:
            raise ValueError(f"unknown month '{mon}'")
        year = int(y)
        if len(y) == 2:
            year += 2000 if year < 50 else 1900
        return _make(year, month, d, h, mi, sec, None, _offset(zone))
    m = _TIME_ONLY.fullmatch(s)
    if m:
        # .NET parses a time alone as that time today (UTC here).
        h, mi, sec, frac, ampm = m.groups()
        today = _dt.datetime.now(_dt.timezone.utc).date()
        return _make(today.year, today.month, today.day, _hour12(h, ampm), mi, sec, frac)
    raise ValueError(f"invalid datetime '{s}'")


def decode_datetime(tok: str) -> _dt.datetime | None:
    """`datetime(2024-01-31)`, `datetime(2024-01-31 13:45:00)`, `datetime("...")`, `datetime(null)`."""
    s = _paren_content(tok)
    if s.lower() == "null":
        return None
    try:
        return parse_datetime_text(s)
    except (ValueError, OverflowError) as e:
        raise ValueError(f"invalid datetime literal '{tok}'") from e


# ---------------------------------------------------------------------------------------------
# Typed literals: int(5) long(null) real(nan) decimal(1.5) bool(true) guid(...)

_INT_RX = re.compile(r"[+-]?\s*(?:0[xX][0-9a-fA-F]+|[0-9]+)")
_REAL_RX = re.compile(r"[+-]?\s*(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def decode_typed(tok: str) -> tuple[str, object]:
    """`type(value)` → (canonical type, value); value None for `type(null)`."""
    type_name = tok[:tok.index("(")].strip()
    t = T.normalize(type_name)
    if t is None:
        raise ValueError(f"unknown type '{type_name}'")
    s = _paren_content(tok)
    low = s.lower()
    if low == "null":
        return t, None
    if t == T.BOOL:
        if low in ("true", "1"):
            return t, True
        if low in ("false", "0"):
            return t, False
    elif t in (T.INT, T.LONG):
        if _INT_RX.fullmatch(s):
            sign = -1 if s.startswith("-") else 1
            return t, sign * decode_long(s.lstrip("+-").strip())
        if _REAL_RX.fullmatch(s):  # int(1.5): Kusto converts the number (toward zero)
            f = float(s.replace(" ", ""))
            if math.isfinite(f):
                return t, int(f)
    elif t == T.REAL:
        if low in ("nan", "+nan", "-nan"):
            return t, math.nan
        if low in ("inf", "+inf", "infinity", "+infinity"):
            return t, math.inf
        if low in ("-inf", "-infinity"):
            return t, -math.inf
        if _REAL_RX.fullmatch(s):
            return t, float(s.replace(" ", ""))
    elif t == T.DECIMAL:
        try:
            return t, Decimal(s.replace(" ", ""))
        except InvalidOperation:
            pass
    elif t == T.GUID:
        try:
            return t, uuid.UUID(s)
        except ValueError:
            pass
    raise ValueError(f"invalid {t} literal '{tok}'")
