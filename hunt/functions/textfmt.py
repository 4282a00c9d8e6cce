""".NET-style text forms KQL uses: the shortest round-trip text of a real, and the custom
format strings of format_datetime / format_timespan.

Shared by the Python UDFs and by the compile-time translation of a constant format string
into DuckDB `strftime` (see datetime_fns.py).
"""
from __future__ import annotations

import datetime as _dt
import math
import re


def real_text(x: float) -> str:
    """double.ToString() of .NET Core 3+: shortest round-trip digits, exponent form when the
    decimal exponent is < -5 or >= 15 (1E+15, 1E-05), NaN, Infinity."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"
    r = repr(float(x))                     # shortest round-trip, like .NET's "R"
    sign = "-" if r.startswith("-") else ""
    r = r.lstrip("-")
    mant, _, exp = r.partition("e")
    exp = int(exp) if exp else 0
    intpart, _, frac = mant.partition(".")
    digits = (intpart + frac).lstrip("0")
    # decimal exponent of the first significant digit
    if intpart.strip("0"):
        e10 = len(intpart.lstrip("0")) - 1 + exp
    else:
        e10 = -(len(frac) - len(frac.lstrip("0"))) - 1 + exp
    digits = digits.rstrip("0") or "0"
    if -5 < e10 < 15:
        if e10 >= 0:
            if len(digits) <= e10 + 1:
                return sign + digits + "0" * (e10 + 1 - len(digits))
            return sign + digits[:e10 + 1] + "." + digits[e10 + 1:]
        return sign + "0." + "0" * (-e10 - 1) + digits
    m = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{sign}{m}E{'+' if e10 >= 0 else '-'}{abs(e10):02d}"


# --------------------------------------------------------------------------- format tokens
# .NET custom date/time format tokens KQL accepts (semantics §4.7)
_DT_TOKEN = re.compile(r"yyyy|yy|y|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|f{1,7}|F{1,7}|tt|t")
_SEPARATORS = set(" /-:,._[]'\"T\\Z")


def tokenize_datetime(fmt: str):
    """[(kind, text)] with kind 'tok' for a format token, 'lit' for literal text."""
    out = []
    i = 0
    while i < len(fmt):
        m = _DT_TOKEN.match(fmt, i)
        if m:
            out.append(("tok", m.group(0)))
            i = m.end()
        else:
            out.append(("lit", fmt[i]))
            i += 1
    return out


def _frac(us: int, tok: str) -> str:
    n = len(tok)
    digits = f"{us:06d}0"[:n]
    if tok[0] == "F":
        digits = digits.rstrip("0")
    return digits


def format_datetime(v: _dt.datetime, fmt: str) -> str:
    out = []
    for kind, t in tokenize_datetime(fmt):
        if kind == "lit":
            out.append(t)
            continue
        if t == "yyyy":
            out.append(f"{v.year:04d}")
        elif t == "yy":
            out.append(f"{v.year % 100:02d}")
        elif t == "y":
            out.append(str(v.year % 100))
        elif t == "MM":
            out.append(f"{v.month:02d}")
        elif t == "M":
            out.append(str(v.month))
        elif t == "dd":
            out.append(f"{v.day:02d}")
        elif t == "d":
            out.append(str(v.day))
        elif t == "HH":
            out.append(f"{v.hour:02d}")
        elif t == "H":
            out.append(str(v.hour))
        elif t in ("hh", "h"):
            h = v.hour % 12 or 12
            out.append(f"{h:02d}" if t == "hh" else str(h))
        elif t == "mm":
            out.append(f"{v.minute:02d}")
        elif t == "m":
            out.append(str(v.minute))
        elif t == "ss":
            out.append(f"{v.second:02d}")
        elif t == "s":
            out.append(str(v.second))
        elif t[0] in "fF":
            out.append(_frac(v.microsecond, t))
        elif t == "tt":
            out.append("AM" if v.hour < 12 else "PM")
        elif t == "t":
            out.append("A" if v.hour < 12 else "P")
    return "".join(out)


_STRFTIME = {"yyyy": "%Y", "yy": "%y", "MM": "%m", "M": "%-m", "dd": "%d", "d": "%-d",
             "HH": "%H", "H": "%-H", "hh": "%I", "h": "%-I", "mm": "%M", "m": "%-M",
             "ss": "%S", "s": "%-S", "fff": "%g", "ffffff": "%f", "tt": "%p"}


def datetime_strftime(fmt: str):
    """A DuckDB strftime pattern equal to the .NET format, or None when some token has no
    strftime equivalent (the Python UDF handles those)."""
    out = []
    for kind, t in tokenize_datetime(fmt):
        if kind == "lit":
            out.append("%%" if t == "%" else t)
        elif t in _STRFTIME:
            out.append(_STRFTIME[t])
        else:
            return None
    return "".join(out)


_TS_TOKEN = re.compile(r"d{1,8}|hh|h|HH|H|mm|m|ss|s|f{1,7}|F{1,7}")


def format_timespan(us: int, fmt: str) -> str:
    neg = us < 0
    us = abs(us)
    days, rem = divmod(us, 86_400_000_000)
    hours, rem = divmod(rem, 3_600_000_000)
    minutes, rem = divmod(rem, 60_000_000)
    seconds, frac = divmod(rem, 1_000_000)
    out = []
    i = 0
    while i < len(fmt):
        m = _TS_TOKEN.match(fmt, i)
        if not m:
            c = fmt[i]
            if c == "\\" and i + 1 < len(fmt):
                out.append(fmt[i + 1])
                i += 2
                continue
            out.append(c)
            i += 1
            continue
        t = m.group(0)
        i = m.end()
        if t[0] == "d":
            out.append(str(days).zfill(len(t)))
        elif t in ("hh", "HH"):
            out.append(f"{hours:02d}")
        elif t in ("h", "H"):
            out.append(str(hours))
        elif t == "mm":
            out.append(f"{minutes:02d}")
        elif t == "m":
            out.append(str(minutes))
        elif t == "ss":
            out.append(f"{seconds:02d}")
        elif t == "s":
            out.append(str(seconds))
        else:
            out.append(_frac(frac, t))
    return ("-" if neg else "") + "".join(out)
