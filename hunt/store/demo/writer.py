"""Day-by-day generation to Parquet: budgets, slices, worker processes, progress, the
scenario file and the file-intelligence table.

Each calendar day of the period is independent given the seed, so days are spread over
worker processes (one per core), the largest first; inside a day, time slices of about
SLICE_EVENTS events each (cut where the devices' activity adds up evenly) bound memory.
Every table of a day is one file, `<data>/<Table>/date=<day>/part-demo.parquet`, written
aside and renamed.
"""
from __future__ import annotations

import datetime as _dt
import itertools
import json
import math
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from hunt.store.demo import tuning

tuning.before_arrow()       # before Arrow loads (see tuning.py)

import numpy as np  # noqa: E402

from hunt.store import layout  # noqa: E402
from hunt.store.demo.config import DemoConfig  # noqa: E402
from hunt.store.demo import tenant as TN  # noqa: E402

PART_ID = "demo"
SCENARIO_FILE = "scenario.json"
SLICE_EVENTS = 3_000_000

# share of a day's events per table (snapshot tables are sized by the tenant instead)
SHARES = {
    "DeviceProcessEvents": 0.12, "DeviceNetworkEvents": 0.25, "DeviceFileEvents": 0.14,
    "DeviceRegistryEvents": 0.10, "DeviceImageLoadEvents": 0.10, "DeviceEvents": 0.075,
    "DeviceLogonEvents": 0.03,
    "IdentityLogonEvents": 0.03, "IdentityQueryEvents": 0.018, "IdentityDirectoryEvents": 0.005,
    "EntraIdSignInEvents": 0.02, "AADSignInEventsBeta": 0.02,
    "EmailEvents": 0.025, "EmailAttachmentInfo": 0.008, "EmailUrlInfo": 0.012,
    "EmailPostDeliveryEvents": 0.0015, "UrlClickEvents": 0.004,
    "CloudAppEvents": 0.04, "AlertInfo": 0.0006, "AlertEvidence": 0.0019,
}
WEEKDAY_FACTOR = [1.18, 1.2, 1.2, 1.17, 1.08, 0.42, 0.35]


class DataDirNotEmpty(Exception):
    pass


def resolve_data_dir(data: Optional[str]) -> Path:
    if data:
        return Path(data).expanduser()
    from hunt.api import default_data_dir
    return default_data_dir()


@dataclass
class Report:
    data: Path
    config: DemoConfig
    start: _dt.datetime
    end: _dt.datetime
    rows: dict = field(default_factory=dict)
    seconds: float = 0.0
    stories: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    def summary(self) -> str:
        rate = self.total / self.seconds if self.seconds > 0 else 0.0
        lines = [f"demo tenant written to {self.data}",
                 f"  {self.total:,} events in {len(self.rows)} tables, "
                 f"{self.start:%Y-%m-%d %H:%M} .. {self.end:%Y-%m-%d %H:%M} UTC "
                 f"(seed {self.config.seed}, {self.seconds:.1f} s, {rate:,.0f} events/s)"]
        if self.stories:
            lines.append(f"  attack stories: {', '.join(self.stories)} "
                         f"(see {self.data / SCENARIO_FILE})")
        else:
            lines.append("  no attack stories (--no-attacks)")
        return "\n".join(lines)


# -- planning ---------------------------------------------------------------------------------

def resolve_end(cfg: DemoConfig) -> _dt.datetime:
    if cfg.end is not None:
        return cfg.end.replace(microsecond=0)
    return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None, microsecond=0)


@dataclass
class DayPlan:
    index: int
    start: int          # µs, midnight UTC
    lo: int             # covered part of the day
    hi: int
    budget: int         # events of the share tables
    slices: int


def plan_days(cfg: DemoConfig, start_us: int, end_us: int) -> list[DayPlan]:
    first = start_us - start_us % TN.DAY_US
    days = []
    d = first
    while d < end_us:
        lo, hi = max(d, start_us), min(d + TN.DAY_US, end_us)
        wd = int((d // TN.DAY_US + 3) % 7)
        days.append([d, lo, hi, WEEKDAY_FACTOR[wd] * (hi - lo) / TN.DAY_US])
        d += TN.DAY_US
    total_w = sum(x[3] for x in days) or 1.0
    total = cfg.events_per_day * cfg.days
    out = []
    for i, (d, lo, hi, w) in enumerate(days):
        budget = int(round(total * w / total_w))
        out.append(DayPlan(i, d, lo, hi, budget, max(1, math.ceil(budget / SLICE_EVENTS))))
    return out


# -- the generator (one per process) ------------------------------------------------------------

class Generator:
    """Everything a worker needs to write any day of the tenant."""

    def __init__(self, cfg: DemoConfig, end: _dt.datetime, data: Path):
        from hunt.semantic.catalog import load_default_catalog
        from hunt.store.demo.device import DeviceTables
        from hunt.store.demo.families import Families
        from hunt.store.demo.procs import World
        from hunt.store.demo.render import Renderer
        from hunt.store.demo.stories import Stories

        self.cfg = cfg
        self.data = Path(data)
        self.catalog = load_default_catalog()
        self.t = TN.Tenant(cfg, end)
        self.r = Renderer(self.t)
        self.world = World(self.t, self.r)
        # the scheduled incidents (loader, web shell, xp_cmdshell, macro document, ...) are
        # malicious activity: a --no-attacks tenant, used for false-positive checks, has none
        self.world.incidents = cfg.attacks
        self.dt = DeviceTables(self.world, self.catalog)
        self.days = plan_days(cfg, self.t.start_us, self.t.end_us)
        self.families = Families(self)
        self.stories = Stories(self) if cfg.attacks else None
        self._names_sent = 0

    def write_day(self, day: DayPlan, tick=None) -> tuple[dict, list]:
        """Generate and write every table of one day; returns ({table: rows}, file names seen
        since the previous call)."""

        from hunt.store.demo.columns import dictionary_columns, finish, normalise, write_schema
        from hunt.store.demo.day import DeviceDay

        self.dt.report_id = {t: day.index * 1_000_000_000 + 1_000 * (k + 1)
                             for k, t in enumerate(SHARES)}
        dday = DeviceDay(self.world, self.dt, self.cfg.seed, day.index, day.start, day.lo, day.hi,
                         (self.t.start_us, self.t.end_us))
        fam_day = self.families.day(day, dday)
        story_rows = self.stories.rows_for_day(day, dday) if self.stories else {}
        writers, ctxs = {}, []
        counts: dict = {}

        def emit(table: str, n: int, cols):
            if n <= 0 and not isinstance(cols, list):
                return
            info = self.catalog.table(table) or self.catalog.internal_table(table)
            tab = cols if not isinstance(cols, dict) else finish(info, n, cols)
            if isinstance(tab, list):
                tab = tab[0]
            if not isinstance(cols, dict):
                tab = normalise(tab)
            if tab.num_rows == 0:
                return
            w = writers.get(table)
            if w is None:
                cm = layout.partition_writer(self.data, table, _date(day.start), write_schema(info),
                                             part_id=PART_ID, store_schema=False,
                                             write_statistics=["Timestamp"],
                                             use_dictionary=dictionary_columns(info),
                                             dictionary_pagesize_limit=4 << 20,
                                             write_batch_size=1 << 16)
                w = cm.__enter__()
                writers[table] = w
                ctxs.append((table, cm))
            w.write_table(tab, row_group_size=1 << 20)
            counts[table] = counts.get(table, 0) + tab.num_rows

        ok = False
        try:
            span = day.hi - day.lo
            activity = dday.total_activity()
            bounds = slice_bounds(dday, day.lo, day.hi, day.slices)
            for si in range(len(bounds) - 1):
                a, b = bounds[si], bounds[si + 1]
                frac_dev = dday.activity(a, b).sum() / activity if activity > 0 else (b - a) / max(span, 1)
                budgets = {t: int(round(day.budget * SHARES[t] * frac_dev)) for t in SHARES}
                extra = story_rows.get("device_rows", {}) if si == 0 else None
                for table, (n, cols) in dday.slice(si, a, b, budgets, extra=extra).items():
                    emit(table, n, cols)
                for table, (n, cols) in fam_day.slice(si, a, b, budgets).items():
                    emit(table, n, cols)
                if tick:
                    tick(sum(budgets.values()) // 2)
            for table, tab in fam_day.snapshots().items():
                emit(table, tab.num_rows, tab)
            for table, tab in story_rows.get("tables", {}).items():
                emit(table, tab.num_rows, tab)
            ok = True
        finally:
            exc = None if ok else sys.exc_info()
            for table, cm in ctxs:
                if ok:
                    cm.__exit__(None, None, None)
                else:
                    try:
                        cm.__exit__(*exc)
                    except BaseException:
                        pass
        # the file names met since the last day this process wrote (for _FileProfile)
        names = list(itertools.islice(self.r.files.keys(), self._names_sent, None))
        self._names_sent += len(names)
        return counts, names


def slice_bounds(dday, lo: int, hi: int, k: int) -> list[int]:
    """k + 1 times cutting [lo, hi) into k slices of about the same activity (so the same
    number of events: memory is bounded by the largest slice, and night hours are quiet)."""
    if k <= 1:
        return [lo, hi]
    grid = np.linspace(lo, hi, 48 * k + 1).astype(np.int64)
    # device activity from lo to each grid time (vectorised over devices and grid points)
    on, off, w = dday.on, dday.off, dday.weight
    cum = (np.clip(np.minimum(off[None, :], grid[:, None]) - np.maximum(on, lo)[None, :], 0, None)
           .astype(np.float64) @ w)
    if cum[-1] <= 0:
        return [lo + (hi - lo) * i // k for i in range(k + 1)]
    cuts = grid[np.searchsorted(cum, cum[-1] * np.arange(1, k) / k)]
    out = [lo]
    for c in cuts:
        if out[-1] < c < hi:
            out.append(int(c))
    return out + [hi]


def _date(us: int) -> _dt.date:
    return TN.from_us(us).date()


# -- worker processes ---------------------------------------------------------------------------

_GEN: Optional[Generator] = None


def _init_worker(cfg, end, data):
    global _GEN
    _GEN = Generator(cfg, end, data)


def _run_day(index: int):
    counts, names = _GEN.write_day(_GEN.days[index])
    return index, counts, names


# -- entry point ----------------------------------------------------------------------------------

def existing_demo(data: Path) -> list[Path]:
    if not data.is_dir():
        return []
    found = list(data.glob(f"*/date=*/part-{PART_ID}.parquet")) + list(data.glob(f"*/part-{PART_ID}.parquet"))
    if (data / SCENARIO_FILE).exists():
        found.append(data / SCENARIO_FILE)
    return found


def clear_demo(data: Path) -> None:
    for p in existing_demo(data):
        p.unlink()
    for folder in data.glob("*/date=*"):
        try:
            folder.rmdir()          # only when now empty
        except OSError:
            pass


def generate(data, cfg: DemoConfig, force: bool = False, progress=None, workers: Optional[int] = None) -> Report:
    cfg.check()
    data = Path(data)
    if existing_demo(data):
        if not force:
            raise DataDirNotEmpty(f"{data} already holds a demo tenant")
        clear_demo(data)
    data.mkdir(parents=True, exist_ok=True)
    end = resolve_end(cfg)
    t0 = time.perf_counter()
    bar = Progress(progress, cfg.total_events)
    gen = Generator(cfg, end, data)
    days = gen.days
    nworkers = workers if workers is not None else min(len(days), len(os.sched_getaffinity(0))
                                                       if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    counts: dict = {}
    names: set = set()
    from hunt.store.demo.posture import Posture
    if nworkers <= 1 or len(days) <= 1:
        for d in days:
            c, nm = gen.write_day(d, tick=bar.add)
            _merge(counts, c)
            names.update(nm)
            bar.set(sum(counts.values()))
        posture = Posture(gen).write()
    else:
        import multiprocessing as mp
        global _GEN
        ctx = mp.get_context("fork")
        _GEN = gen          # the workers inherit the generator built here (fork), not rebuild it
        # largest days first, so that the workers finish together
        order = sorted(range(len(days)), key=lambda i: (-days[i].budget, i))
        with ctx.Pool(nworkers, initializer=tuning.in_worker) as pool:
            results = pool.imap_unordered(_run_day, order)
            # while the workers write the days: the posture snapshots, and the file identities
            # of the names the days report (for _FileProfile)
            posture = Posture(gen).write()
            for _, c, nm in results:
                _merge(counts, c)
                fresh = set(nm) - names
                names.update(fresh)
                for name in fresh:
                    gen.r.file_identity(name)
                bar.set(sum(counts.values()))
    c = gen.families.write_static(names)
    _merge(counts, c)
    _merge(counts, posture)
    stories = []
    scenario = gen.stories.scenario() if gen.stories else _absent_scenario(gen)
    scenario.update({"generator": "hunt demo", "seed": cfg.seed, "attacks": cfg.attacks,
                     "start": TN.iso(gen.t.start_us), "end": TN.iso(gen.t.end_us),
                     "tenant": {"organisation": gen.t.org_name, "mail_domain": gen.t.mail_domain,
                                "ad_domain": gen.t.ad_domain, "tenant_id": gen.t.tenant_id,
                                "users": cfg.users, "devices": cfg.devices},
                     "rows": dict(sorted(counts.items()))})
    if cfg.attacks:
        stories = [s["title"] for s in scenario.get("stories", [])]
    _write_json(data / SCENARIO_FILE, scenario)
    bar.done(sum(counts.values()))
    return Report(data=data, config=cfg, start=TN.from_us(gen.t.start_us), end=TN.from_us(gen.t.end_us),
                  rows=counts, seconds=time.perf_counter() - t0, stories=stories)


def _absent_scenario(gen) -> dict:
    from hunt.store.demo.stories import Stories
    doc = Stories(gen).scenario()
    for s in doc.get("stories", []):
        s["embedded"] = False
    return doc


def _merge(acc: dict, c: dict) -> None:
    for k, v in c.items():
        acc[k] = acc.get(k, 0) + v


def _write_json(path: Path, doc) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


class Progress:
    """A one-line progress bar on a terminal (nothing when the stream is not a tty)."""

    def __init__(self, stream, total: int):
        self.stream = stream
        self.total = max(1, total)
        self.t0 = time.perf_counter()
        self.n = 0
        self.last = 0.0
        self.on = bool(stream is not None and hasattr(stream, "isatty") and stream.isatty())

    def add(self, k: int):
        self.set(self.n + k)

    def set(self, n: int):
        self.n = n
        if not self.on:
            return
        now = time.perf_counter()
        if now - self.last < 0.2:
            return
        self.last = now
        frac = min(1.0, n / self.total)
        width = 30
        fill = int(frac * width)
        rate = n / max(now - self.t0, 1e-9)
        self.stream.write(f"\r  [{'#' * fill}{'.' * (width - fill)}] {frac * 100:5.1f}%  "
                          f"{n:,} events  {rate:,.0f}/s ")
        self.stream.flush()

    def done(self, n: int):
        if self.on:
            self.last = 0.0
            self.set(n)
            self.stream.write("\n")
            self.stream.flush()
