"""Results as text for a terminal: a table fitted to the width (vertical when rows are too
wide), csv or json; a plain footer; a pager for long output. Cell texts come from
hunt.engine.display, so the CLI and the REPL print values the same way."""
from __future__ import annotations

import io
import os
import shlex
import shutil
import subprocess
import sys
from typing import Optional

from hunt.engine.display import (cell_text, column_widths, display_width, fit, json_value,
                                 render_table)

FORMATS = ("table", "vertical", "csv", "json")
DISPLAY_ROWS = 10_000       # rows drawn in the terminal; .export writes them all
MIN_COLUMN = 10             # narrower than this (when the value is longer): go vertical


def terminal_size() -> tuple[int, int]:
    size = shutil.get_terminal_size((120, 40))
    return max(40, size.columns), max(10, size.lines)


def too_wide(columns: list[str], types: list[str], rows: list[tuple], width: int) -> bool:
    """Would the table squeeze a column below MIN_COLUMN cells (or its natural width)?"""
    if not columns:
        return False
    sample = rows[:200]
    natural = []
    for i, c in enumerate(columns):
        w = display_width(c)
        for r in sample:
            w = max(w, display_width(cell_text(r[i], types[i])))
        natural.append(min(w, 80))
    widths = column_widths(natural, width)
    return any(w < min(n, MIN_COLUMN) for w, n in zip(widths, natural)) or \
        sum(widths) + 3 * (len(widths) - 1) > width


def render_vertical(columns: list[str], types: list[str], rows: list[tuple],
                    width: int) -> str:
    """One block per row: `Column │ value`, values cut to the width with an ellipsis."""
    name_w = min(max((display_width(c) for c in columns), default=0), max(8, width // 3))
    value_w = max(8, width - name_w - 3)
    out = []
    for n, row in enumerate(rows, 1):
        title = f"─[ row {n} ]"
        out.append(title + "─" * max(0, min(width, name_w + 3 + 20) - display_width(title)))
        for c, v, t in zip(columns, row, types):
            text = cell_text(v, t).replace("\r\n", "⏎").replace("\n", "⏎").replace("\t", " ")
            out.append(f"{fit(c, name_w)} │ {fit(text, value_w).rstrip()}")
    return "\n".join(out)


def render_csv(result) -> str:
    import csv
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(result.columns)
    types = result.kusto_types
    for row in result.rows:
        writer.writerow([cell_text(v, t) for v, t in zip(row, types)])
    return buf.getvalue().rstrip("\n")


def render_json(result) -> str:
    import json
    types = result.kusto_types
    lines = [json.dumps({c: json_value(v, t) for c, v, t in zip(result.columns, row, types)},
                        ensure_ascii=False) for row in result.rows]
    if not lines:
        return "[]"
    return "[\n  " + ",\n  ".join(lines) + "\n]"


def footer(result, timing: bool = True, shown: Optional[int] = None) -> str:
    n = len(result)
    text = f"{n:,} row{'' if n == 1 else 's'}"
    if timing:
        text += f" ({result.elapsed:.2f} s)"
    if shown is not None and shown < n:
        text += f"; showing the first {shown:,} (.export writes them all)"
    if result.truncated:
        limit = f"{result.max_rows:,} rows" if result.max_rows is not None else "the row limit"
        text += (f"\ntruncated: the query returned more than {limit}; filter it, add "
                 f"`| take N`, or start it with `set notruncation;`")
    return text


def render_result(result, fmt: str = "table", width: Optional[int] = None,
                  timing: bool = True) -> str:
    """The text of one result in a format, footer included (table and vertical)."""
    if width is None:
        width = terminal_size()[0]
    if fmt == "csv":
        return render_csv(result)
    if fmt == "json":
        return render_json(result)
    rows = result.rows
    shown = rows[:DISPLAY_ROWS]
    cols, types = result.columns, result.kusto_types
    if not cols:
        body = "(no columns)"
    elif not shown and too_wide(cols, types, shown, width):
        body = fit("columns: " + ", ".join(cols), width).rstrip()
    elif fmt == "vertical" or (shown and too_wide(cols, types, shown, width)):
        body = render_vertical(cols, types, shown, width)
    else:
        body = render_table(cols, types, shown, width=width)
    return body + "\n" + footer(result, timing, len(shown))


def page(text: str, out=None, height: Optional[int] = None, enabled: bool = True) -> None:
    """Write `text`; through a pager when it is taller than the terminal and `out` is one.
    $HUNT_PAGER, else $PAGER, else `less -SRFXK`; an empty value turns paging off."""
    out = out or sys.stdout
    lines = text.count("\n") + 1
    if height is None:
        height = terminal_size()[1]
    if enabled and lines > height - 2 and _isatty(out):
        cmd = os.environ.get("HUNT_PAGER", os.environ.get("PAGER", "less -SRFXK"))
        argv = shlex.split(cmd) if cmd.strip() else []
        if argv and shutil.which(argv[0]):
            try:
                out.flush()
                subprocess.run(argv, input=(text + "\n").encode("utf-8", "replace"),
                               check=False)
                return
            except (OSError, KeyboardInterrupt):
                pass
    out.write(text + "\n")
    out.flush()


def _isatty(out) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False
