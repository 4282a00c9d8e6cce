"""Python (NumPy) bodies of the series_* functions that SQL cannot express well: regression,
filters, gap filling, seasonality, outliers and decomposition.

Each `*_row` function takes one row's Python values (a series as JSON text, parameters as
numbers / strings / None) and returns JSON text (or None for a null result). `install`
wraps them into vectorised Arrow UDFs named kql_series_* that DuckDB calls once per batch.

Series values follow Kusto's rules: a series is a JSON array; an element that is not a number
(null, a string, a bag) is missing and read as NaN; a result element that is NaN is written as
JSON null unless the algorithm itself produced it.
"""
from __future__ import annotations

import json
import math
from typing import Optional

import numpy as np

# ------------------------------------------------------------------ reading and writing


def parse_series(text) -> Optional[list]:
    """The JSON array of `text` as a Python list, or None when it is not an array."""
    if text is None:
        return None
    try:
        value = json.loads(text) if isinstance(text, str) else text
    except ValueError:
        return None
    return value if isinstance(value, list) else None


def _is_num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def to_array(items: list) -> np.ndarray:
    return np.array([float(v) if _is_num(v) else np.nan for v in items], dtype=float)


def _all_integral(items: list) -> bool:
    """Kusto keeps a long series long (series_fill_linear truncates its interpolations)."""
    nums = [v for v in items if _is_num(v)]
    return bool(nums) and all(isinstance(v, int) for v in nums)


def _clean(v):
    if v is None:
        return None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        f = float(v)
        return None if math.isnan(f) else f
    return v


def dump(value) -> str:
    """Compact JSON text; NaN (a missing element) becomes null, infinities stay."""
    def conv(v):
        if isinstance(v, np.ndarray):
            return [conv(x) for x in v.tolist()]
        if isinstance(v, (list, tuple)):
            return [conv(x) for x in v]
        if isinstance(v, dict):
            return {k: conv(x) for k, x in v.items()}
        return _clean(v)
    return json.dumps(conv(value), separators=(",", ":"), allow_nan=True)


def _num(v, default):
    return default if v is None or (isinstance(v, float) and math.isnan(v)) else v


# ------------------------------------------------------------------ statistics and fits


def stats_row(text, ignore_nonfinite=False):
    items = parse_series(text)
    if items is None:
        return None
    y = to_array(items)
    finite = np.isfinite(y)
    keys = ("min", "min_idx", "max", "max_idx", "avg", "stdev", "variance", "sum", "len")
    if not finite.all() and not ignore_nonfinite or not finite.any():
        out = dict.fromkeys(keys)
        out["len"] = len(items)
        return dump(out)
    v = y[finite]
    idx = np.nonzero(finite)[0]
    n = len(v)
    var = float(v.var(ddof=1)) if n > 1 else 0.0
    return dump({
        "min": float(v.min()), "min_idx": int(idx[int(v.argmin())]),
        "max": float(v.max()), "max_idx": int(idx[int(v.argmax())]),
        "avg": float(v.mean()), "stdev": math.sqrt(var), "variance": var,
        "sum": float(v.sum()), "len": len(items),
    })


def _linefit(x: np.ndarray, y: np.ndarray):
    """Least squares y = slope * x + interception over the finite points."""
    ok = np.isfinite(y)
    xs, ys = x[ok], y[ok]
    n = len(ys)
    if n == 0:
        return None
    if n == 1:
        return 0.0, float(ys[0])
    xm, ym = xs.mean(), ys.mean()
    sxx = float(((xs - xm) ** 2).sum())
    slope = float(((xs - xm) * (ys - ym)).sum() / sxx) if sxx else 0.0
    return slope, float(ym - slope * xm)


def _fit_figures(y: np.ndarray, fit: np.ndarray):
    """rsquare, variance and residual variance as Kusto reports them (n - 1 denominators)."""
    ok = np.isfinite(y)
    ys, fs = y[ok], fit[ok]
    n = len(ys)
    if n < 2:
        return 1.0 if n else None, 0.0, 0.0
    sst = float(((ys - ys.mean()) ** 2).sum())
    ssr = float(((ys - fs) ** 2).sum())
    rsquare = 1.0 - ssr / sst if sst else 1.0
    return rsquare, sst / (n - 1), ssr / (n - 1)


def fit_line_row(text):
    items = parse_series(text)
    if items is None:
        return None
    y = to_array(items)
    x = np.arange(1, len(y) + 1, dtype=float)   # Kusto's x axis is 1..n
    line = _linefit(x, y)
    if line is None:
        return dump(dict.fromkeys(("rsquare", "slope", "variance", "rvariance",
                                   "interception", "line_fit")))
    slope, icpt = line
    fit = slope * x + icpt
    rsq, var, rvar = _fit_figures(y, fit)
    return dump({"rsquare": rsq, "slope": slope, "variance": var, "rvariance": rvar,
                 "interception": icpt, "line_fit": fit})


from hunt.functions.series import FIT_2LINES_KEYS  # noqa: E402  (one definition)


def fit_2lines_row(text):
    """Two-segment piecewise linear fit: the split index minimising the total squared error;
    each side is fitted over its own points of the 1..n axis."""
    items = parse_series(text)
    if items is None:
        return None
    y = to_array(items)
    n = len(y)
    x = np.arange(1, n + 1, dtype=float)
    if n < 4 or np.isfinite(y).sum() < 4:
        return dump(dict.fromkeys(FIT_2LINES_KEYS))
    best = None
    for split in range(2, n - 1):
        left, right = _linefit(x[:split], y[:split]), _linefit(x[split:], y[split:])
        if left is None or right is None:
            continue
        fit = np.concatenate([left[0] * x[:split] + left[1], right[0] * x[split:] + right[1]])
        ok = np.isfinite(y)
        sse = float(((y[ok] - fit[ok]) ** 2).sum())
        if best is None or sse < best[0] - 1e-12:
            best = (sse, split, left, right, fit)
    _, split, left, right, fit = best
    rsq, var, rvar = _fit_figures(y, fit)
    lr, lv, lrv = _fit_figures(y[:split], fit[:split])
    rr, rv, rrv = _fit_figures(y[split:], fit[split:])
    return dump({
        "rsquare": rsq, "split_idx": split - 1, "variance": var, "rvariance": rvar,
        "line_fit": fit,
        "right_rsquare": rr, "right_slope": right[0], "right_interception": right[1],
        "right_variance": rv, "right_rvariance": rrv,
        "left_rsquare": lr, "left_slope": left[0], "left_interception": left[1],
        "left_variance": lv, "left_rvariance": lrv,
    })


def pearson_row(a, b):
    xa, xb = parse_series(a), parse_series(b)
    if xa is None or xb is None or len(xa) != len(xb) or not xa:
        return None
    u, v = to_array(xa), to_array(xb)
    ok = np.isfinite(u) & np.isfinite(v)
    u, v = u[ok], v[ok]
    if len(u) < 2:
        return None
    du, dv = u - u.mean(), v - v.mean()
    den = math.sqrt(float((du * du).sum()) * float((dv * dv).sum()))
    return float((du * dv).sum()) / den if den else None


# ------------------------------------------------------------------ gap filling


def _missing_mask(y: np.ndarray, items: list, placeholder) -> np.ndarray:
    if placeholder is None or (isinstance(placeholder, float) and math.isnan(placeholder)):
        return ~np.isfinite(y) & ~np.isinf(y)
    return np.array([_is_num(v) and float(v) == float(placeholder) for v in items])


def _restore_ints(out: list, integral: bool) -> list:
    if not integral:
        return out
    return [int(math.trunc(v)) if isinstance(v, float) and math.isfinite(v) else v for v in out]


def fill_linear_row(text, placeholder=None, fill_edges=True, constant=0.0):
    items = parse_series(text)
    if items is None:
        return None
    y = to_array(items)
    missing = _missing_mask(y, items, placeholder)
    known = np.nonzero(~missing)[0]
    fill_edges = True if fill_edges is None else fill_edges
    constant = _num(constant, 0.0)
    if len(known) == 0:
        return dump([constant] * len(items))
    idx = np.arange(len(y))
    filled = np.interp(idx, known, y[known])
    out = [v if not m else float(f) for v, m, f in zip(items, missing, filled)]
    if not fill_edges:
        first, last = known[0], known[-1]
        out = [items[i] if (i < first or i > last) else out[i] for i in range(len(out))]
    return dump(_restore_ints(out, _all_integral(items)))


def fill_forward_row(text, placeholder=None, backward=False):
    items = parse_series(text)
    if items is None:
        return None
    y = to_array(items)
    missing = _missing_mask(y, items, placeholder)
    order = range(len(items) - 1, -1, -1) if backward else range(len(items))
    out = list(items)
    last = None
    for i in order:
        if missing[i]:
            if last is not None:
                out[i] = last
        else:
            last = items[i]
    return dump(out)


def fill_const_row(text, constant=0.0, placeholder=None):
    items = parse_series(text)
    if items is None:
        return None
    y = to_array(items)
    missing = _missing_mask(y, items, placeholder)
    constant = _num(constant, 0.0)
    return dump([constant if m else v for v, m in zip(items, missing)])


# ------------------------------------------------------------------ filters


def fir_row(text, filt, normalize=None, center=False):
    items, f = parse_series(text), parse_series(filt)
    if items is None or not f:
        return None
    x = np.nan_to_num(to_array(items), nan=0.0)
    c = to_array(f)
    if not np.isfinite(c).all():
        return None
    if normalize is None or normalize:
        s = c.sum()
        if s != 0:
            c = c / s
    m = len(c)
    full = np.convolve(x, c)                     # y[i] = sum_k c[k] * x[i - k]
    shift = (m - 1) // 2 if center else 0
    out = full[shift:shift + len(x)]
    return dump(out)


def iir_row(text, numerators, denominators):
    items, b, a = parse_series(text), parse_series(numerators), parse_series(denominators)
    if items is None or not b or not a:
        return None
    x = np.nan_to_num(to_array(items), nan=0.0)
    b, a = to_array(b), to_array(a)
    if not np.isfinite(b).all() or not np.isfinite(a).all() or a[0] == 0:
        return None
    b, a = b / a[0], a / a[0]
    y = np.zeros(len(x))
    for n in range(len(x)):
        acc = 0.0
        for k in range(min(len(b), n + 1)):
            acc += b[k] * x[n - k]
        for k in range(1, min(len(a), n + 1)):
            acc -= a[k] * y[n - k]
        y[n] = acc
    return dump(y)


# ------------------------------------------------------------------ seasonality


def _period_scores(y: np.ndarray, periods) -> list:
    """A score in [0, 1] per candidate period: the autocorrelation of the mean-removed series
    at that lag, the products normalised by the overlapping sums of squares."""
    v = y[np.isfinite(y)]
    v = v - v.mean() if len(v) else v
    out = []
    for p in periods:
        p = int(round(p))
        if p < 2 or p * 2 > len(v):
            out.append(0.0)
            continue
        a, b = v[:-p], v[p:]
        den = math.sqrt(float((a * a).sum()) * float((b * b).sum()))
        r = float((a * b).sum()) / den if den else 0.0
        out.append(max(0.0, round(r, 2)))
    return out


def periods_detect(y: np.ndarray, min_period, max_period, num_periods) -> tuple[list, list]:
    lo = max(2, int(math.floor(_num(min_period, 2))))
    hi = min(len(y) // 2, int(math.ceil(_num(max_period, len(y) // 2))))
    cands = list(range(lo, hi + 1))
    scores = _period_scores(y, cands)
    # keep local maxima only (a period's neighbours echo it)
    peaks = [(s, p) for i, (p, s) in enumerate(zip(cands, scores))
             if s > 0 and (i == 0 or s >= scores[i - 1]) and (i + 1 == len(cands) or s >= scores[i + 1])]
    peaks.sort(key=lambda t: (-t[0], t[1]))
    peaks = peaks[:max(0, int(_num(num_periods, 1)))]
    return [float(p) for _, p in peaks], [s for s, _ in peaks]


def periods_detect_row(text, min_period, max_period, num_periods):
    items = parse_series(text)
    if items is None:
        return None
    periods, scores = periods_detect(to_array(items), min_period, max_period, num_periods)
    return dump({"periods": periods, "scores": scores})


def periods_validate_row(text, *periods):
    items = parse_series(text)
    if items is None:
        return None
    ps = [float(p) for p in periods if p is not None]
    return dump({"periods": ps, "scores": _period_scores(to_array(items), ps)})


def _detect_period(y: np.ndarray, threshold=0.6) -> int:
    periods, scores = periods_detect(y, 4, len(y) // 2, 1)
    if periods and scores[0] >= threshold:
        return int(periods[0])
    return 0


def _seasonal(y: np.ndarray, period: int, train: int) -> np.ndarray:
    """The median of the (training) points of each phase, repeated over the series."""
    out = np.zeros(len(y))
    if period <= 1:
        return out
    for ph in range(period):
        vals = y[ph:train:period]
        vals = vals[np.isfinite(vals)]
        out[ph::period] = float(np.median(vals)) if len(vals) else 0.0
    return out


def seasonal_row(text, period=-1):
    items = parse_series(text)
    if items is None:
        return None
    y = to_array(items)
    p = int(_num(period, -1))
    if p < 0:
        p = _detect_period(y)
    return dump(_seasonal(y, p, len(y)))


def decompose(y: np.ndarray, seasonality=-1, trend="avg", test_points=0, threshold=0.6):
    n = len(y)
    test_points = max(0, int(_num(test_points, 0)))
    train = max(0, n - test_points)
    season = int(_num(seasonality, -1))
    if season < 0:
        season = _detect_period(y[:train], _num(threshold, 0.6))
    seasonal = _seasonal(y, season, train)
    deseason = y - seasonal
    trend = (trend or "avg").lower()
    x = np.arange(1, n + 1, dtype=float)
    if trend == "linefit":
        line = _linefit(x[:train], deseason[:train])
        tr = (line[0] * x + line[1]) if line else np.zeros(n)
    elif trend == "avg":
        vals = deseason[:train][np.isfinite(deseason[:train])]
        tr = np.full(n, float(vals.mean()) if len(vals) else 0.0)
    else:
        tr = np.zeros(n)
    baseline = seasonal + tr
    return baseline, seasonal, tr, y - baseline


def decompose_row(text, seasonality=-1, trend="avg", test_points=0, threshold=0.6):
    items = parse_series(text)
    if items is None:
        return None
    b, s, t, r = decompose(to_array(items), seasonality, trend, test_points, threshold)
    return dump({"baseline": b, "seasonal": s, "trend": t, "residual": r})


def outlier_scores(y: np.ndarray, kind="ctukey", lo_pct=10.0, hi_pct=90.0) -> np.ndarray:
    """Tukey-fence scores: 0 inside [Q1, Q3], else the distance to the fence in units of the
    inter-quantile range. "ctukey" takes custom percentiles (10/90 by default) and rescales
    their range to the 25/75 range of a normal distribution."""
    ok = np.isfinite(y)
    out = np.zeros(len(y))
    if ok.sum() < 2:
        return out
    v = y[ok]
    if (kind or "ctukey").lower() == "tukey":
        lo_pct, hi_pct = 25.0, 75.0
    q1, q3 = np.percentile(v, [lo_pct, hi_pct])
    iqr = q3 - q1
    if (kind or "ctukey").lower() != "tukey":
        from statistics import NormalDist
        nd = NormalDist()
        iqr *= (nd.inv_cdf(0.75) - nd.inv_cdf(0.25)) / (nd.inv_cdf(hi_pct / 100) - nd.inv_cdf(lo_pct / 100))
    if iqr <= 0:
        return out
    above, below = ok & (y > q3), ok & (y < q1)
    out[above] = (y[above] - q3) / iqr
    out[below] = (y[below] - q1) / iqr
    return out


def outliers_row(text, kind="ctukey", ignore_val=None, lo=10.0, hi=90.0):
    items = parse_series(text)
    if items is None:
        return None
    y = to_array(items)
    if ignore_val is not None:
        y[y == float(ignore_val)] = np.nan
    return dump(outlier_scores(y, kind, _num(lo, 10.0), _num(hi, 90.0)))


def decompose_anomalies_row(text, threshold=1.5, seasonality=-1, trend="linefit",
                            test_points=0, method="ctukey", seasonality_threshold=0.6):
    items = parse_series(text)
    if items is None:
        return None
    y = to_array(items)
    baseline, _, _, resid = decompose(y, seasonality, trend or "linefit", test_points,
                                      seasonality_threshold)
    score = outlier_scores(resid, "tukey" if (method or "").lower() == "tukey" else "ctukey")
    thr = _num(threshold, 1.5)
    flag = [1 if s > thr else (-1 if s < -thr else 0) for s in score]
    return dump({"ad_flag": flag, "ad_score": score, "baseline": baseline})


def decompose_forecast_row(text, points, seasonality=-1, trend="linefit",
                           seasonality_threshold=0.6):
    items = parse_series(text)
    if items is None:
        return None
    baseline, _, _, _ = decompose(to_array(items), seasonality, trend or "linefit",
                                  _num(points, 0), seasonality_threshold)
    return dump(baseline)
