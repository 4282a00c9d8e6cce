"""Writing a benchmark script's figures as JSON (bench/results/*.json feed BENCHMARKS.md)."""
from __future__ import annotations

import datetime as dt
import json
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
