"""`| render` charts: one model read from a Result the way Kusto reads it, three drawings.

* `chart_of(result)`: the Chart model (x values, named series of y values);
* `terminal(chart, width, height, color)`: Unicode text (Braille dots for lines and points,
  block characters for bars);
* `svg(chart)`: a standalone SVG (notebooks, `.chart save FILE.html`);
* `save_png(chart, path)`: PNG through matplotlib (an optional dependency).

Column roles follow Kusto's render: the x axis is the `xcolumn` property, else the first
datetime column (timechart) or the first column; the y series are the `ycolumns`, else every
numeric column that is not x; `series` columns (else the remaining string columns) split rows
into one series per value.
"""
from __future__ import annotations

import datetime as _dt
import html
import math
from dataclasses import dataclass, field
from typing import Optional

LINE_KINDS = ("timechart", "linechart", "areachart", "scatterchart")
BAR_KINDS = ("columnchart", "barchart")
KINDS = LINE_KINDS + BAR_KINDS + ("piechart",)
_NUMERIC = ("long", "int", "real", "decimal")
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#17becf", "#bcbd22", "#7f7f7f"]
ANSI = ["36", "33", "35", "32", "34", "31", "96", "93", "95", "92"]


class ChartError(ValueError):
    """The result cannot be drawn as the chart asked for (a sentence a person can act on)."""


@dataclass
class Series:
    name: str
    xs: list = field(default_factory=list)
    ys: list = field(default_factory=list)


@dataclass
class Chart:
    kind: str
    title: str
    x_name: str
    x_kind: str                  # "time", "number" or "category"
    y_name: str
    series: list[Series]
    stacked: bool = False

    @property
    def categories(self) -> list:
        seen, out = set(), []
        for s in self.series:
            for x in s.xs:
                if x not in seen:
                    seen.add(x)
                    out.append(x)
        return out


def _split(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [v.strip() for v in str(value).split(",") if v.strip()]


def chart_of(result, kind: Optional[str] = None, properties: Optional[dict] = None) -> Chart:
    """The chart a result's `render` asks for (or `kind` given here)."""
    render = getattr(result, "render", None) or {}
    kind = kind or render.get("kind") or "table"
    props = dict(render.get("properties") or {})
    props.update(properties or {})
    if kind not in KINDS:
        raise ChartError(f"no chart to draw for render kind '{kind}'",)
    cols, types = list(result.columns), list(result.kusto_types)
    if not cols:
        raise ChartError("the result has no columns to draw")
    rows = result.rows
    idx = {c: i for i, c in enumerate(cols)}

    def col(name):
        if name not in idx:
            raise ChartError(f"render names column '{name}', which the result does not have")
        return idx[name]

    if props.get("xcolumn"):
        x = col(str(props["xcolumn"]))
    elif kind == "timechart":
        x = next((i for i, t in enumerate(types) if t == "datetime"), None)
        if x is None:
            raise ChartError("a timechart needs a datetime column for its x axis",)
    elif kind in BAR_KINDS + ("piechart",):
        x = next((i for i, t in enumerate(types) if t not in _NUMERIC), 0)
    else:
        x = 0
    ys = [col(n) for n in _split(props.get("ycolumns"))] or \
        [i for i, t in enumerate(types) if t in _NUMERIC and i != x]
    if kind == "piechart":
        ys = ys[:1]
    if not ys:
        raise ChartError(f"a {kind} needs a numeric column to draw",
                         )
    if props.get("series"):
        ser = [col(n) for n in _split(props["series"])]
    else:
        ser = [i for i, t in enumerate(types) if i != x and i not in ys and t not in _NUMERIC
               and t != "dynamic" and not (kind == "timechart" and t == "datetime")]
    x_kind = "time" if types[x] == "datetime" else \
        "number" if types[x] in _NUMERIC and kind in LINE_KINDS else "category"
    series: dict[str, Series] = {}
    from hunt.engine.display import cell_text
    for row in rows:
        xv = row[x]
        if xv is None:
            continue
        if x_kind == "category":
            xv = cell_text(xv, types[x]) or "(empty)"
        key = " / ".join(cell_text(row[i], types[i]) or "(empty)" for i in ser)
        for y in ys:
            yv = row[y]
            if yv is None:
                continue
            name = key if len(ys) == 1 and key else \
                (f"{key} / {cols[y]}" if key else cols[y])
            s = series.setdefault(name, Series(name))
            s.xs.append(xv)
            s.ys.append(float(yv))
    out = list(series.values())
    if x_kind != "category":
        for s in out:
            pairs = sorted(zip(s.xs, s.ys), key=lambda p: p[0])
            s.xs = [p[0] for p in pairs]
            s.ys = [p[1] for p in pairs]
    title = str(props.get("title") or "")
    y_name = str(props.get("ytitle") or (cols[ys[0]] if len(ys) == 1 else ""))
    x_name = str(props.get("xtitle") or cols[x])
    stacked = str(props.get("kind", "")).startswith("stacked")
    return Chart(kind, title, x_name, x_kind, y_name, out, stacked)


# -- helpers --------------------------------------------------------------------------------

def _num(v) -> float:
    if isinstance(v, _dt.datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=_dt.timezone.utc)
        return v.timestamp()
    return float(v)


def _fmt_x(v, x_kind: str, span: float = 0.0) -> str:
    if x_kind == "time":
        if isinstance(v, (int, float)):
            v = _dt.datetime.fromtimestamp(v, _dt.timezone.utc)
        if span and span < 2 * 86400:
            return v.strftime("%Y-%m-%d %H:%M")
        return v.strftime("%Y-%m-%d")
    if isinstance(v, float):
        return _fmt_y(v)
    return str(v)


def _fmt_y(v: float) -> str:
    a = abs(v)
    if a >= 1e9:
        return f"{v / 1e9:.3g}G"
    if a >= 1e6:
        return f"{v / 1e6:.3g}M"
    if a >= 1e4:
        return f"{v / 1e3:.3g}k"
    if v == int(v):
        return str(int(v))
    return f"{v:.3g}"


def _bounds(chart: Chart):
    xs = [_num(x) for s in chart.series for x in s.xs]
    ys = [y for s in chart.series for y in s.ys]
    if chart.stacked and chart.series:
        totals: dict = {}
        for s in chart.series:
            for x, y in zip(s.xs, s.ys):
                totals[x] = totals.get(x, 0.0) + y
        ys = ys + list(totals.values())
    if not xs or not ys:
        raise ChartError("the result has no rows to draw")
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(0.0, min(ys)), max(ys)
    if x1 == x0:
        x0, x1 = x0 - 1, x1 + 1
    if y1 == y0:
        y1 = y0 + 1
    return x0, x1, y0, y1


def _paint(text: str, i: int, color: bool) -> str:
    return f"\x1b[{ANSI[i % len(ANSI)]}m{text}\x1b[0m" if color else text


# -- terminal -------------------------------------------------------------------------------

_BRAILLE = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]   # [row][col] dots
_BLOCKS = " ▁▂▃▄▅▆▇█"
_HBLOCKS = " ▏▎▍▌▋▊▉█"
_MARKS = "●■▲◆✚✖★◉▼◼"


def terminal(chart: Chart, width: int = 100, height: int = 18, color: bool = False) -> str:
    """The chart as Unicode text no wider than `width`."""
    if not chart.series:
        raise ChartError("the result has no rows to draw")
    if chart.kind in LINE_KINDS:
        body = _term_lines(chart, width, height, color)
    elif chart.kind == "piechart":
        body = _term_pie(chart, width, color)
    elif chart.kind == "columnchart" and len(chart.categories) * 2 <= width - 12 and \
            len(chart.series) == 1:
        body = _term_columns(chart, width, height, color)
    else:
        body = _term_bars(chart, width, color)
    head = [chart.title] if chart.title else []
    return "\n".join(head + [body])


def _legend(chart: Chart, width: int, color: bool) -> str:
    if len(chart.series) <= 1 and chart.kind != "piechart":
        return ""
    parts, line, lines = [], "", []
    for i, s in enumerate(chart.series[:30]):
        item = _paint(_MARKS[i % len(_MARKS)], i, color) + " " + s.name
        plain = 2 + len(s.name)
        if line and len(_strip(line)) + plain + 3 > width:
            lines.append(line)
            line = ""
        line += ("   " if line else "") + item
    if line:
        lines.append(line)
    if len(chart.series) > 30:
        lines.append(f"… and {len(chart.series) - 30} more series")
    return "\n".join(lines)


def _strip(s: str) -> str:
    import re
    return re.sub(r"\x1b\[[0-9;]*m", "", s)


def _term_lines(chart: Chart, width: int, height: int, color: bool) -> str:
    x0, x1, y0, y1 = _bounds(chart)
    labels = [_fmt_y(y1), _fmt_y((y0 + y1) / 2), _fmt_y(y0)]
    lw = max(len(s) for s in labels)
    cw = max(10, width - lw - 2)
    ch = max(4, height)
    W, H = cw * 2, ch * 4
    dots = [[0] * cw for _ in range(ch)]
    owner = [[-1] * cw for _ in range(ch)]

    def plot(px, py, si):
        if 0 <= px < W and 0 <= py < H:
            r, c = (H - 1 - py), px
            dots[r // 4][c // 2] |= _BRAILLE[r % 4][c % 2]
            owner[r // 4][c // 2] = si

    def to_px(x, y):
        return (round((_num(x) - x0) / (x1 - x0) * (W - 1)),
                round((y - y0) / (y1 - y0) * (H - 1)))

    base: dict = {}
    for si, s in enumerate(chart.series):
        pts = []
        for x, y in zip(s.xs, s.ys):
            if chart.stacked:
                y = base.get(x, 0.0) + y
                base[x] = y
            pts.append(to_px(x, y))
        if chart.kind == "scatterchart" or len(pts) == 1:
            for px, py in pts:
                plot(px, py, si)
            continue
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            n = max(abs(bx - ax), abs(by - ay), 1)
            for k in range(n + 1):
                px = round(ax + (bx - ax) * k / n)
                py = round(ay + (by - ay) * k / n)
                plot(px, py, si)
                if chart.kind == "areachart":
                    zero = to_px(x0, 0.0)[1] if y0 <= 0 <= y1 else 0
                    for fy in range(min(zero, py), max(zero, py)):
                        if fy % 2 == 0 and px % 2 == 0:
                            plot(px, fy, si)
    lines = []
    for r in range(ch):
        label = labels[0] if r == 0 else labels[1] if r == ch // 2 else \
            labels[2] if r == ch - 1 else ""
        cells = []
        for c in range(cw):
            d = dots[r][c]
            cells.append(_paint(chr(0x2800 + d), owner[r][c], color) if d else " ")
        lines.append(f"{label:>{lw}} ┤" + "".join(cells).rstrip())
    lines.append(" " * lw + " └" + "─" * cw)
    span = x1 - x0
    left = _fmt_x(x0, chart.x_kind, span)
    right = _fmt_x(x1, chart.x_kind, span)
    mid = _fmt_x((x0 + x1) / 2, chart.x_kind, span)
    axis = left + " " * max(1, (cw - len(left) - len(mid)) // 2) + mid
    axis += " " * max(1, cw - len(axis) - len(right)) + right
    lines.append(" " * (lw + 2) + axis)
    lines.append(" " * (lw + 2) + f"{chart.x_name}" + (f"  ·  y: {chart.y_name}"
                                                       if chart.y_name else ""))
    legend = _legend(chart, width, color)
    return "\n".join(lines + ([legend] if legend else []))


def _term_bars(chart: Chart, width: int, color: bool) -> str:
    rows = []
    for si, s in enumerate(chart.series):
        for x, y in zip(s.xs, s.ys):
            label = str(x) if len(chart.series) == 1 else f"{x} · {s.name}"
            rows.append((label, y, si))
    rows = rows[:60]
    top = max((abs(y) for _, y, _ in rows), default=1.0) or 1.0
    lw = min(max(len(r[0]) for r in rows), width // 3)
    vw = max(len(_fmt_y(y)) for _, y, _ in rows)
    bw = max(5, width - lw - vw - 4)
    out = []
    from hunt.engine.display import fit
    for label, y, si in rows:
        eighths = round(abs(y) / top * bw * 8)
        bar = "█" * (eighths // 8) + (_HBLOCKS[eighths % 8] if eighths % 8 else "")
        out.append(f"{fit(label, lw)} │{_paint(bar, si, color)} {_fmt_y(y)}")
    more = sum(len(s.xs) for s in chart.series) - len(rows)
    if more > 0:
        out.append(f"… {more} more bars")
    return "\n".join(out)


def _term_columns(chart: Chart, width: int, height: int, color: bool) -> str:
    s = chart.series[0]
    top = max(max(s.ys), 0.0) or 1.0
    h = max(4, min(height, 16))
    lw = len(_fmt_y(top))
    n = len(s.ys)
    bw = max(1, min(8, (width - lw - 2) // max(1, n) - 1))
    levels = [round(max(y, 0.0) / top * h * 8) for y in s.ys]
    lines = []
    for r in range(h, 0, -1):
        row = []
        for lv in levels:
            full = lv - (r - 1) * 8
            ch = "█" if full >= 8 else (_BLOCKS[full] if full > 0 else " ")
            row.append(_paint(ch * bw, 0, color) + " ")
        label = _fmt_y(top) if r == h else ("0" if r == 1 else "")
        lines.append(f"{label:>{lw}} ┤" + "".join(row).rstrip())
    lines.append(" " * lw + " └" + "─" * ((bw + 1) * n))
    names = [str(x) for x in s.xs]
    if bw >= 3:
        from hunt.engine.display import fit
        lines.append(" " * (lw + 2) + "".join(fit(nm, bw) + " " for nm in names).rstrip())
    else:
        for i, nm in enumerate(names[:20]):
            lines.append(" " * (lw + 2) + " " * ((bw + 1) * i) + "╰ " + nm +
                         f" ({_fmt_y(s.ys[i])})")
        if len(names) > 20:
            lines.append(" " * (lw + 2) + f"… {len(names) - 20} more")
    lines.append(" " * (lw + 2) + chart.x_name + (f"  ·  y: {chart.y_name}"
                                                  if chart.y_name else ""))
    return "\n".join(lines)


def _term_pie(chart: Chart, width: int, color: bool) -> str:
    s = chart.series[0]
    pairs = [(str(x), y) for x, y in zip(s.xs, s.ys) if y > 0]
    total = sum(y for _, y in pairs) or 1.0
    bw = max(10, width - 2)
    strip = ""
    for i, (_, y) in enumerate(pairs):
        strip += _paint("█" * max(1, round(y / total * bw)), i, color)
    out = [strip]
    lw = min(max((len(n) for n, _ in pairs), default=1), width // 2)
    from hunt.engine.display import fit
    for i, (name, y) in enumerate(pairs[:30]):
        out.append(f"{_paint(_MARKS[i % len(_MARKS)], i, color)} {fit(name, lw)} "
                   f"{y / total * 100:5.1f} %  {_fmt_y(y)}")
    return "\n".join(out)


# -- SVG ------------------------------------------------------------------------------------

def svg(chart: Chart, width: int = 760, height: int = 380) -> str:
    """A standalone SVG drawing of the chart."""
    if not chart.series:
        raise ChartError("the result has no rows to draw")
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
             f'<rect width="{width}" height="{height}" fill="white"/>']
    if chart.title:
        parts.append(f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="14">'
                     f'{html.escape(chart.title)}</text>')
    if chart.kind == "piechart":
        parts += _svg_pie(chart, width, height)
    else:
        parts += _svg_xy(chart, width, height)
    parts.append("</svg>")
    return "\n".join(parts)


def _svg_legend(chart: Chart, x: float, y: float) -> list[str]:
    out = []
    if len(chart.series) <= 1 and chart.kind != "piechart":
        return out
    for i, s in enumerate(chart.series[:20]):
        out.append(f'<rect x="{x}" y="{y + i * 16}" width="10" height="10" '
                   f'fill="{PALETTE[i % len(PALETTE)]}"/>'
                   f'<text x="{x + 14}" y="{y + i * 16 + 9}">{html.escape(s.name[:40])}</text>')
    return out


def _svg_xy(chart: Chart, width: int, height: int) -> list[str]:
    legend_w = 170 if len(chart.series) > 1 else 0
    L, R, T, B = 60, width - 20 - legend_w, 30, height - 50
    out = []
    if chart.kind in BAR_KINDS:
        cats = chart.categories
        top = max((y for s in chart.series for y in s.ys), default=1.0)
        bottom = min(0.0, min((y for s in chart.series for y in s.ys), default=0.0))
        top = top if top > bottom else bottom + 1
        n, k = max(1, len(cats)), max(1, len(chart.series))
        horizontal = chart.kind == "barchart"
        extent = (B - T) if horizontal else (R - L)
        band = extent / n
        for si, s in enumerate(chart.series):
            color = PALETTE[si % len(PALETTE)]
            for x, y in zip(s.xs, s.ys):
                ci = cats.index(x)
                off = ci * band + band * 0.1 + si * band * 0.8 / k
                size = band * 0.8 / k
                frac = (y - bottom) / (top - bottom)
                if horizontal:
                    out.append(f'<rect x="{L}" y="{T + off:.1f}" width="{frac * (R - L):.1f}" '
                               f'height="{size:.1f}" fill="{color}"/>')
                else:
                    h = frac * (B - T)
                    out.append(f'<rect x="{L + off:.1f}" y="{B - h:.1f}" width="{size:.1f}" '
                               f'height="{h:.1f}" fill="{color}"/>')
        for ci, c in enumerate(cats[:40]):
            label = html.escape(str(c)[:18])
            if horizontal:
                out.append(f'<text x="{L - 4}" y="{T + (ci + 0.5) * band + 4:.1f}" '
                           f'text-anchor="end">{label}</text>')
            else:
                out.append(f'<text x="{L + (ci + 0.5) * band:.1f}" y="{B + 14}" '
                           f'text-anchor="middle">{label}</text>')
        lo, hi = bottom, top
    else:
        x0, x1, y0, y1 = _bounds(chart)
        lo, hi = y0, y1

        def px(x):
            return L + (_num(x) - x0) / (x1 - x0) * (R - L)

        def py(y):
            return B - (y - y0) / (y1 - y0) * (B - T)
        base: dict = {}
        for si, s in enumerate(chart.series):
            color = PALETTE[si % len(PALETTE)]
            pts = []
            for x, y in zip(s.xs, s.ys):
                if chart.stacked:
                    y = base.get(x, 0.0) + y
                    base[x] = y
                pts.append((px(x), py(y)))
            if chart.kind == "scatterchart":
                out += [f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3" fill="{color}"/>'
                        for a, b in pts]
                continue
            path = " ".join(f"{a:.1f},{b:.1f}" for a, b in pts)
            if chart.kind == "areachart" and pts:
                zero = py(max(y0, 0.0))
                poly = f"{pts[0][0]:.1f},{zero:.1f} {path} {pts[-1][0]:.1f},{zero:.1f}"
                out.append(f'<polygon points="{poly}" fill="{color}" fill-opacity="0.3"/>')
            out.append(f'<polyline points="{path}" fill="none" stroke="{color}" '
                       f'stroke-width="1.5"/>')
        span = x1 - x0
        for i in range(5):
            xv = x0 + span * i / 4
            out.append(f'<text x="{px(xv):.1f}" y="{B + 14}" text-anchor="middle">'
                       f'{html.escape(_fmt_x(xv, chart.x_kind, span))}</text>')
    if chart.kind != "barchart":
        for i in range(5):
            yv = lo + (hi - lo) * i / 4
            yy = B - (B - T) * i / 4
            out.append(f'<line x1="{L}" y1="{yy:.1f}" x2="{R}" y2="{yy:.1f}" stroke="#ddd"/>'
                       f'<text x="{L - 4}" y="{yy + 4:.1f}" text-anchor="end">'
                       f'{_fmt_y(yv)}</text>')
    out.append(f'<line x1="{L}" y1="{B}" x2="{R}" y2="{B}" stroke="#333"/>'
               f'<line x1="{L}" y1="{T}" x2="{L}" y2="{B}" stroke="#333"/>')
    out.append(f'<text x="{(L + R) / 2}" y="{height - 12}" text-anchor="middle">'
               f'{html.escape(chart.x_name)}</text>')
    out += _svg_legend(chart, R + 16, T)
    return out


def _svg_pie(chart: Chart, width: int, height: int) -> list[str]:
    s = chart.series[0]
    pairs = [(str(x), y) for x, y in zip(s.xs, s.ys) if y > 0]
    total = sum(y for _, y in pairs) or 1.0
    cx, cy, r = height / 2 + 10, height / 2 + 8, height / 2 - 40
    out, angle = [], -math.pi / 2
    for i, (name, y) in enumerate(pairs):
        sweep = y / total * 2 * math.pi
        color = PALETTE[i % len(PALETTE)]
        if len(pairs) == 1:
            out.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{color}"/>')
        else:
            a2 = angle + sweep
            x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
            x2, y2 = cx + r * math.cos(a2), cy + r * math.sin(a2)
            large = 1 if sweep > math.pi else 0
            out.append(f'<path d="M{cx},{cy} L{x1:.1f},{y1:.1f} A{r},{r} 0 {large} 1 '
                       f'{x2:.1f},{y2:.1f} Z" fill="{color}"/>')
        angle += sweep
    items = Chart(chart.kind, "", "", "category", "",
                  [Series(f"{n} ({y / total * 100:.1f} %)") for n, y in pairs])
    out += _svg_legend(items, cx + r + 30, 40)
    return out


def html_page(chart: Chart) -> str:
    title = html.escape(chart.title or f"hunt {chart.kind}")
    return (f"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title>"
            f"</head>\n<body>\n{svg(chart)}\n</body></html>\n")


# -- PNG ------------------------------------------------------------------------------------

def save_png(chart: Chart, path) -> None:
    """Draw with matplotlib (pip install matplotlib); ChartError when it is missing."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ChartError("saving PNG needs matplotlib: pip install matplotlib "
                         "(.chart save FILE.html needs nothing)") from None
    fig, ax = plt.subplots(figsize=(9, 4.5), dpi=100)
    try:
        if chart.kind == "piechart":
            s = chart.series[0]
            pairs = [(str(x), y) for x, y in zip(s.xs, s.ys) if y > 0]
            ax.pie([y for _, y in pairs], labels=[n for n, _ in pairs], autopct="%1.1f%%")
        elif chart.kind in BAR_KINDS:
            cats = [str(c) for c in chart.categories]
            k = max(1, len(chart.series))
            w = 0.8 / k
            for si, s in enumerate(chart.series):
                pos = [cats.index(str(x)) + si * w for x in s.xs]
                if chart.kind == "barchart":
                    ax.barh(pos, s.ys, height=w, label=s.name)
                else:
                    ax.bar(pos, s.ys, width=w, label=s.name)
            ticks = [i + 0.4 - w / 2 for i in range(len(cats))]
            if chart.kind == "barchart":
                ax.set_yticks(ticks, cats)
            else:
                ax.set_xticks(ticks, cats, rotation=30, ha="right")
        else:
            for s in chart.series:
                xs = [x.replace(tzinfo=None) if isinstance(x, _dt.datetime) else x
                      for x in s.xs]
                if chart.kind == "scatterchart":
                    ax.scatter(xs, s.ys, label=s.name, s=10)
                elif chart.kind == "areachart":
                    ax.fill_between(xs, s.ys, alpha=0.3)
                    ax.plot(xs, s.ys, label=s.name)
                else:
                    ax.plot(xs, s.ys, label=s.name)
            ax.set_xlabel(chart.x_name)
            if chart.y_name:
                ax.set_ylabel(chart.y_name)
            fig.autofmt_xdate()
        if len(chart.series) > 1:
            ax.legend(fontsize="small")
        if chart.title:
            ax.set_title(chart.title)
        fig.tight_layout()
        fig.savefig(str(path), format="png")
    finally:
        plt.close(fig)


def save(chart: Chart, path) -> str:
    """Write the chart to `path` by its suffix (.png, .html or .svg); the format written."""
    p = str(path)
    low = p.lower()
    if low.endswith(".png"):
        save_png(chart, p)
        return "png"
    if low.endswith((".html", ".htm")):
        text = html_page(chart)
    elif low.endswith(".svg"):
        text = svg(chart)
    else:
        raise ChartError(f"cannot tell the format of '{p}'",)
    import os
    tmp = p + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, p)
    return "html" if low.endswith((".html", ".htm")) else "svg"
