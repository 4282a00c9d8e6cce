"""Text forms of result values and a terminal-width table (shared by the CLI and the REPL).

datetime → ISO 8601 UTC with Z (2026-11-01T08:30:00Z, fractions without trailing zeros),
timespan → KQL form [-][d.]hh:mm:ss[.fffffff], dynamic → compact JSON, bool → true/false,
null → empty. No DuckDB or Arrow needed here.
"""
from __future__ import annotations

import datetime as _dt
import decimal
import json
import math
import unicodedata
import uuid
from typing import Any, Iterable, Optional

from hunt.sqlgen.dialect import format_timespan

ELLIPSIS = "…"


def datetime_text(v: _dt.datetime) -> str:
    if v.tzinfo is not None:
        v = v.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    text = v.strftime("%Y-%m-%dT%H:%M:%S")
    if len(text) < 19:   # years below 1000: strftime does not pad on every platform
        text = f"{v.year:04d}" + text[text.index("-"):]
    if v.microsecond:
        text += "." + f"{v.microsecond:06d}".rstrip("0")
    return text + "Z"


def real_text(x: float) -> str:
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def _json_default(o):
    if isinstance(o, _dt.datetime):
        return datetime_text(o)
    if isinstance(o, _dt.timedelta):
        return format_timespan(o)
    if isinstance(o, (decimal.Decimal, uuid.UUID)):
        return str(o)
    return str(o)


def json_compact(v) -> str:
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False, default=_json_default)


def cell_text(v: Any, ktype: Optional[str] = None) -> str:
    """The text of one value, as in the table and csv formats."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, _dt.datetime):
        return datetime_text(v)
    if isinstance(v, _dt.timedelta):
        return format_timespan(v)
    if isinstance(v, float):
        return real_text(v)
    if isinstance(v, (dict, list, tuple)):
        return json_compact(v)
    return str(v)


def json_value(v: Any, ktype: Optional[str] = None):
    """A value for the json/jsonl formats: JSON types as themselves, the rest as text."""
    if v is None or isinstance(v, (bool, int, str, dict, list)):
        return _jsonable(v)
    if isinstance(v, float):
        return v if math.isfinite(v) else real_text(v)
    if isinstance(v, decimal.Decimal):
        return str(v)
    return cell_text(v, ktype)


def _jsonable(v):
    if isinstance(v, float) and not math.isfinite(v):
        return real_text(v)
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    return v


# -- table ------------------------------------------------------------------------------------

def display_width(s: str) -> int:
    w = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def fit(s: str, width: int) -> str:
    """`s` cut to `width` display cells, with … when cut; then padded."""
    if display_width(s) <= width:
        return s + " " * (width - display_width(s))
    out, w = [], 0
    for ch in s:
        cw = display_width(ch)
        if w + cw > width - 1:
            break
        out.append(ch)
        w += cw
    text = "".join(out) + ELLIPSIS
    return text + " " * (width - display_width(text))


def _one_line(s: str) -> str:
    return s.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎").replace("\t", " ")


def column_widths(natural: list[int], total: int, minimum: int = 4) -> list[int]:
    """Shrink the widest columns until the row (with 3-cell separators) fits `total`."""
    widths = list(natural)
    budget = total - 3 * max(0, len(widths) - 1)
    while sum(widths) > budget:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= minimum:
            break
        widths[widest] -= 1
    return widths


def render_table(columns: list[str], kusto_types: list[str], rows: Iterable[tuple],
                 width: int = 120, max_cell: int = 80) -> str:
    """A plain text table no wider than `width` (unless there are too many columns)."""
    cells = [[_one_line(cell_text(v, t)) for v, t in zip(row, kusto_types)] for row in rows]
    heads = list(columns)
    natural = [min(max_cell, max([display_width(h)] + [display_width(r[i]) for r in cells]))
               for i, h in enumerate(heads)]
    widths = column_widths(natural, width)
    right = [t in ("long", "int", "real", "decimal") for t in kusto_types]

    def line(values, align=True):
        parts = []
        for i, v in enumerate(values):
            if align and right[i] and display_width(v) <= widths[i]:
                parts.append(" " * (widths[i] - display_width(v)) + v)
            else:
                parts.append(fit(v, widths[i]))
        return " │ ".join(parts).rstrip()

    out = [line(heads, align=False), "─┼─".join("─" * w for w in widths)]
    out.extend(line(r) for r in cells)
    return "\n".join(out)


def footer(n_rows: int, elapsed: float, truncated: bool, max_rows: Optional[int]) -> str:
    text = f"{n_rows:,} row{'s' if n_rows != 1 else ''} ({elapsed:.2f} s)"
    if truncated:
        text += f" (truncated at {max_rows:,} rows)" if max_rows is not None else " (truncated)"
    return text
