"""Helpers the benchmark scripts share (standard library only: duckdb-kql's worker imports
this from its own virtual environment)."""
from __future__ import annotations

import datetime as dt
import json
import resource
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write_figures(path: Path, figures: dict) -> None:
    """figures, with the commit and the time of the run, as JSON at path."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip() or "?"
    except OSError:
        commit = "?"
    figures = dict(figures, commit=commit,
                   when=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=1))


def peak_rss_kb() -> int:
    """This process's peak resident memory, KiB: VmHWM, the high-water mark of the memory of
    the program now running. (getrusage's ru_maxrss is not used for workers: Linux carries
    the parent's RSS into a child across fork and exec, so every worker would report at
    least the runner's own size.)"""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
