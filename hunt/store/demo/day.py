"""One day of device telemetry, generated slice by slice (a slice is a time range of the
day; slices bound memory whatever the volume). Devices are on from morning to evening on
working days (workstations) or all the time (servers); events follow their activity.
"""
from __future__ import annotations

import numpy as np

from hunt.store.demo import tenant as TN
from hunt.store.demo.columns import choose, stable_order
from hunt.store.demo.device import DeviceTables, ProcView, Rows
from hunt.store.demo.devtables import BUILDERS, INIT, process_events
from hunt.store.demo.procs import Procs

US = TN.US
HOUR = 3600 * US
DEVICE_TABLES = ["DeviceProcessEvents", "DeviceNetworkEvents", "DeviceFileEvents",
                 "DeviceRegistryEvents", "DeviceImageLoadEvents", "DeviceEvents", "DeviceLogonEvents"]
REPEAT = {"net": 5.0, "file": 2.2, "reg": 4.0, "img": 3.0, "dev": 1.8, "logon": 2.0}
GAP = {"net": 45.0, "file": 120.0, "reg": 90.0, "img": 30.0, "dev": 300.0, "logon": 600.0}
SHORT = {"DeviceNetworkEvents": "net", "DeviceFileEvents": "file", "DeviceRegistryEvents": "reg",
         "DeviceImageLoadEvents": "img", "DeviceEvents": "dev", "DeviceLogonEvents": "logon"}


def weekday(day_start_us: int) -> int:
    """Monday = 0 (1970-01-01 was a Thursday)."""
    return int((day_start_us // TN.DAY_US + 3) % 7)


def on_windows(world, seed: int, day_index: int, day_start: int):
    """(on, off) µs per device for the day: when it is awake and used."""
    rng = np.random.default_rng([seed, 11, day_index])
    n = world.ndev
    cls = world.cls
    local0 = day_start - world.tz * HOUR
    wd = weekday(day_start)
    user_dev = np.isin(cls, [TN.WS, TN.MAC])
    if wd < 5:
        working = rng.random(n) < 0.93
        start = 8.0 + np.clip(rng.normal(0, 0.7, n), -1.4, 2.5)
        end = 17.4 + np.clip(rng.normal(0, 1.1, n), -2.5, 4.0)
        late = rng.random(n) < 0.04
        end = np.where(late, 22.5 + rng.random(n), end)
    else:
        working = rng.random(n) < 0.1
        start = 10.0 + rng.random(n) * 4
        end = start + 1 + rng.random(n) * 3
    on = (local0 + start * HOUR).astype(np.int64)
    off = (local0 + end * HOUR).astype(np.int64)
    on = np.where(user_dev & ~working, day_start, on)
    off = np.where(user_dev & ~working, day_start, off)
    on = np.where(user_dev, on, day_start)
    off = np.where(user_dev, off, day_start + TN.DAY_US)
    return on, off, user_dev & working


def repeat_rows(rng, cols: dict, counts: np.ndarray, ts: np.ndarray, limit: np.ndarray,
                gap_s: float):
    """Each row repeated counts[i] times, the copies spread after the original (the same
    process talks to the same place again): columns are gathered, times re-drawn."""
    import pyarrow as pa
    import hunt.store.demo.columns as C
    n = len(counts)
    idx = np.repeat(np.arange(n), counts)
    total = len(idx)
    starts = np.cumsum(counts) - counts
    gaps = (rng.exponential(gap_s, total) * US).astype(np.int64)
    gaps[starts] = 0
    off = np.cumsum(gaps)
    off -= np.repeat(off[starts], counts)
    new_ts = np.minimum(ts[idx] + off, np.maximum(limit[idx], ts[idx]))
    pidx = pa.array(idx)
    out = {}
    for k, v in cols.items():
        if isinstance(v, pa.DictionaryArray):
            # compacted before the copies (every row is kept, so the entries used are the same)
            v = C.compact(v)
            out[k] = C.mark(pa.DictionaryArray.from_arrays(
                pa.array(np.take(v.indices.to_numpy(zero_copy_only=False), idx)), v.dictionary, safe=False))
        elif isinstance(v, (pa.Array, pa.ChunkedArray)):
            out[k] = C.take_rows(v, idx, pidx)
        elif isinstance(v, np.ndarray):
            out[k] = v[idx]
        else:
            out[k] = v
    out["Timestamp"] = C.numeric(new_ts, "datetime")
    return total, out


class DeviceDay:
    def __init__(self, world, dt: DeviceTables, seed: int, day_index: int, day_start: int,
                 lo: int, hi: int, period: tuple[int, int]):
        self.w, self.dt, self.seed, self.di = world, dt, seed, day_index
        self.day_start, self.lo, self.hi = day_start, lo, hi
        self.period = period
        on, off, working = on_windows(world, seed, day_index, day_start)
        self.on = np.clip(on, lo, hi)
        self.off = np.clip(off, lo, hi)
        ref = np.where(working, on, day_start + 12 * HOUR)
        self.sess, self.sess_index = world.sessions_for_day(ref)
        self.weight = np.array(world.t.devices.weight)
        self.sess_visible = (world.images.name.array.to_numpy(zero_copy_only=False)[self.sess.image] != "System") & \
                            (world.images.name.array.to_numpy(zero_copy_only=False)[self.sess.image] != "Registry")
        self._beh_events = self._compile_beh_events()
        self.fixed = world.scheduled(lo, hi, working, self.on, self.off, self.sess_index)
        self._sess_strings = None

    def sess_strings(self):
        """Command lines and paths of the day's long-lived processes, rendered once for all
        the slices (they head every slice's process table)."""
        if self._sess_strings is None:
            r, im, s = self.dt.r, self.w.images, self.sess
            self._sess_strings = (r.column(s.cmd_tpl, s.param, s.acct, s.dev),
                                  r.column(im.path_tpl[s.image], None, s.acct, s.dev))
        return self._sess_strings

    def _compile_beh_events(self):
        out = []
        for s in self.w.behaviours:
            evs = []
            for table, name, count in s["ev"]:
                tid = self.dt.tpl_id[table].get(name)
                if tid is None:
                    raise KeyError(f"behaviour {s['key']}: no {table} template {name!r}")
                evs.append((table, tid, float(count)))
            out.append(evs)
        return out

    def activity(self, a: int, b: int) -> np.ndarray:
        o = np.clip(np.minimum(self.off, b) - np.maximum(self.on, a), 0, None).astype(np.float64)
        return o * self.weight

    def total_activity(self) -> float:
        return float(self.activity(self.lo, self.hi).sum())

    def sample_dev_time(self, rng, n: int, a: int, b: int, act: np.ndarray):
        if n <= 0 or act.sum() <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        dev = choose(rng, n, act)
        s = np.maximum(self.on[dev], a)
        e = np.minimum(self.off[dev], b)
        t = s + (rng.random(n) * np.maximum(e - s, 1)).astype(np.int64)
        return dev.astype(np.int64), t

    def slice(self, si: int, a: int, b: int, budgets: dict, extra: dict | None = None) -> dict:
        """Columns of every device table for [a, b): {table: (n, cols)}."""
        rng = np.random.default_rng([self.seed, 23, self.di, si])
        w = self.w
        act = self.activity(a, b)
        sess = self.sess
        frac = (a - self.period[0]) / max(1, self.period[1] - self.period[0])
        # short-lived processes
        n_proc = budgets.get("DeviceProcessEvents", 0)
        emitted_sess = np.nonzero(self.sess_visible & (sess.ctime >= a) & (sess.ctime < b))[0]
        mean_rows = max(1.0, float(np.average(w.beh_rows, weights=np.maximum(
            w.behaviour_weights(TN.WS, frac), 1e-9))))
        n1 = max(0, int((n_proc - len(emitted_sess)) / mean_rows))
        dev, t = self.sample_dev_time(rng, n1, a, b, act)
        fb, fd, ft = self.fixed
        sel = (ft >= a) & (ft < b)
        procs, beh, events = w.spawn(rng, sess, self.sess_index, dev, t, frac, sess.n,
                                     fixed=(fb[sel], fd[sel], ft[sel]))
        allp = Procs(**{f: np.concatenate([getattr(sess, f), getattr(procs, f)])
                        for f in Procs.__dataclass_fields__})
        rows = {k: Rows() for k in SHORT.values()}
        for g_beh, g_rows, g_dev, g_t in events:
            order = stable_order(g_beh)
            sb = g_beh[order]
            cuts = np.flatnonzero(np.diff(sb)) + 1
            for s0, e0 in zip(np.concatenate([[0], cuts]), np.concatenate([cuts, [len(sb)]])):
                evs = self._beh_events[int(sb[s0])]
                if not evs:
                    continue
                sel = order[s0:e0]
                for table, tid, count in evs:
                    k = int(count) + (rng.random(len(sel)) < (count - int(count)))
                    if not k.any():
                        continue
                    idx = np.repeat(sel, k)
                    off = (rng.exponential(4.0, len(idx)) * US).astype(np.int64) + 200_000
                    ts = np.minimum(g_t[idx] + off, b - 1)
                    rows[table].add(np.full(len(idx), tid), g_rows[idx], g_dev[idx], ts,
                                    rng.integers(0, 4096, len(idx)))
        if extra:
            for table, parts in extra.items():
                for p in parts:
                    rows[table].add(*p)
        out = {}
        view = ProcView(self.dt, allp, head=(sess.n,) + self.sess_strings())
        created = np.concatenate([emitted_sess, sess.n + np.arange(procs.n)])
        out["DeviceProcessEvents"] = (len(created), process_events(self.dt, view, created))
        for table, short in SHORT.items():
            attached = len(rows[short])
            need = budgets.get(table, 0) - attached
            rep = REPEAT[short]
            if need > 0:
                distinct = int(np.ceil(need / rep))
                d2, t2 = self.sample_dev_time(rng, distinct, a, b, act)
                kept = self.dt.ambient_rows(rng, short, distinct, d2, t2, self.sess_index, rows[short])
                if 0 < kept < distinct:     # top up for the rows devices could not produce
                    more = int((distinct - kept) * distinct / kept)
                    d2, t2 = self.sample_dev_time(rng, more, a, b, act)
                    self.dt.ambient_rows(rng, short, more, d2, t2, self.sess_index, rows[short])
            tpl, init, dv, ts, param, ambient = rows[short].arrays(with_flag=True)
            cols = BUILDERS[short](self.dt, view, rng, tpl, init, dv, ts, param)
            n = len(tpl)
            if ambient.any() and need > 0:
                counts = np.where(ambient, 1 + rng.poisson(rep - 1, n), 1)
                limit = np.minimum(self.off[dv], b) - 1
                n, cols = repeat_rows(rng, cols, counts, ts, limit, GAP[short])
                cols["ReportId"] = self.dt.next_report_ids(table, n)
            cols.update(view.columns(cols.pop(INIT), "InitiatingProcess"))
            out[table] = (n, cols)
        self.last_procs = allp
        return out
