"""Demo tenant generation speed: events per second of `hunt demo`, end to end (tenant, every
table of every day written as zstd Parquet, posture snapshots, scenario file).

    python bench/demo_speed.py [--days 10] [--events-per-day 5000000] [--workers N] [--keep DIR]

Prints the figure with the command that reproduces it, the CPU seconds of the run (this
process and its workers) and the peak resident memory of a worker and of this process. The
machine's other load shows in the wall time (the load average is printed before and after):
CPU seconds per event is the figure that depends least on it.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=int, default=10)
    ap.add_argument("--events-per-day", type=int, default=5_000_000)
    ap.add_argument("--users", type=int, default=2_000)
    ap.add_argument("--devices", type=int, default=2_500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=None, help="processes (default: one per CPU)")
    ap.add_argument("--keep", type=Path, default=None, help="write here and keep the tenant")
    ap.add_argument("--json", type=Path, default=None,
                    help="also write the figures here (bench/results/demo_speed.json is what "
                         "bench/run.py --write puts in BENCHMARKS.md)")
    args = ap.parse_args(argv)

    from hunt.store.demo import DemoConfig, generate
    cfg = DemoConfig(seed=args.seed, users=args.users, devices=args.devices, days=args.days,
                     events_per_day=args.events_per_day)
    cfg.check()
    tmp = None
    if args.keep:
        data = args.keep
        if data.exists():
            shutil.rmtree(data)
    else:
        tmp = tempfile.mkdtemp(prefix="hunt-demo-bench-")
        data = Path(tmp) / "data"
    load0 = os.getloadavg()[0]
    try:
        c0 = os.times()
        t0 = time.perf_counter()
        report = generate(data, cfg, workers=args.workers)
        wall = time.perf_counter() - t0
        c1 = os.times()
        cpu = (c1.user - c0.user) + (c1.system - c0.system) + (c1.children_user - c0.children_user) + \
              (c1.children_system - c0.children_system)
        events = sum(v for k, v in report.rows.items())
        size = sum(p.stat().st_size for p in data.rglob("*.parquet"))
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        cmd = (f"python bench/demo_speed.py --days {args.days} --events-per-day {args.events_per_day} "
               f"--users {args.users} --devices {args.devices}" + (f" --workers {args.workers}" if args.workers else ""))
        ncpu = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        print(f"demo generation: {events:,} events ({len(report.rows)} tables) in {wall:.1f} s "
              f"= {events / wall:,.0f} events/s on {ncpu} CPUs")
        print(f"  cpu {cpu:.1f} s ({cpu / events * 1e6:.2f} µs/event, {events / cpu * ncpu:,.0f} events/s "
              f"if the CPUs were free), {size / 1e9:.2f} GB of Parquet "
              f"({size / events:.0f} B/event), peak RSS {peak:,.0f} MB per worker "
              f"({peak_self:,.0f} MB this process), load average {load0:.1f} before, "
              f"{os.getloadavg()[0]:.1f} after")
        print(f"  command: {cmd}")
        if args.json:
            from figures import write_figures
            write_figures(args.json, {
                "command": cmd, "events": events, "tables": len(report.rows),
                "wall_s": wall, "events_per_s": events / wall, "cpu_s": cpu,
                "cpu_us_per_event": cpu / events * 1e6, "parquet_bytes": size,
                "worker_peak_rss_mb": peak, "cpus": ncpu, "load_average": os.getloadavg()[0]})
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
