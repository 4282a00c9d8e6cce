"""`hunt demo`: write the demo tenant into the data directory.

    hunt demo [--data DIR] [--seed N] [--users N] [--devices N] [--days N]
              [--events-per-day N] [--end ISO] [--no-attacks] [--force]

Light at import time: the generator (NumPy, Arrow) is imported only when the command runs.
"""
from __future__ import annotations

import argparse
import datetime as _dt


def _count(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' must be at least 1")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' must be 0 or more")
    return value


def _end(text: str) -> _dt.datetime:
    from hunt.store.demo.tenant import parse_end
    try:
        return parse_end(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parser(sub, common) -> argparse.ArgumentParser:
    """Register the `demo` sub-command on the CLI's sub-parsers (`common` adds --data/--debug)."""
    from hunt.store.demo.config import DEFAULTS as D

    p = sub.add_parser("demo", help="write a demo tenant (synthetic telemetry with attack "
                                    "stories) into the data directory")
    p.add_argument("--seed", type=_seed, default=D.seed, metavar="N",
                   help=f"random seed: the same seed gives the same files (default {D.seed})")
    p.add_argument("--users", type=_count, default=D.users, metavar="N",
                   help=f"number of user accounts (default {D.users})")
    p.add_argument("--devices", type=_count, default=D.devices, metavar="N",
                   help=f"number of devices (default {D.devices})")
    p.add_argument("--days", type=_count, default=D.days, metavar="N",
                   help=f"number of days of telemetry (default {D.days})")
    p.add_argument("--events-per-day", type=_count, default=D.events_per_day, metavar="N",
                   help=f"average events per day, all tables (default {D.events_per_day:,})")
    p.add_argument("--end", type=_end, default=None, metavar="ISO",
                   help="end of the generated period, UTC (default: now)")
    p.add_argument("--no-attacks", action="store_true",
                   help="the same tenant without the attack stories")
    p.add_argument("--force", action="store_true",
                   help="replace demo data already in the data directory")
    common(p, top=False)
    return p


def run(args, out, err) -> int:
    from hunt.cli import UsageError
    from hunt.store.demo.config import DemoConfig
    from hunt.store.demo.writer import DataDirNotEmpty, generate, resolve_data_dir

    cfg = DemoConfig(seed=args.seed, users=args.users, devices=args.devices, days=args.days,
                     events_per_day=args.events_per_day, end=args.end,
                     attacks=not args.no_attacks)
    try:
        cfg.check()
    except ValueError as exc:
        raise UsageError(str(exc), "see `hunt demo --help` for the limits") from None
    data = resolve_data_dir(args.data)
    try:
        report = generate(data, cfg, force=args.force, progress=err)
    except DataDirNotEmpty as exc:
        raise UsageError(str(exc), "add --force to replace it, or choose another --data "
                                   "directory") from None
    out.write(report.summary() + "\n")
    return 0
