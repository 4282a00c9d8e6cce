"""First run: an empty data directory gets the demo tenant before the prompt opens, so
`hunt` alone is a working hunting session in one command."""
from __future__ import annotations

import os
from pathlib import Path

_IGNORED = {"queries", ".cache", ".hunt_history"}


def is_empty(data_dir: Path) -> bool:
    """No table folder yet (a history file or saved queries alone do not count)."""
    try:
        entries = list(os.scandir(data_dir))
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return not any(e.is_dir() and e.name not in _IGNORED and not e.name.startswith(".")
                   for e in entries)


def ensure_data(data_dir: Path, err) -> bool:
    """Create the demo tenant in an empty data directory; False when that failed."""
    data_dir = Path(data_dir)
    if not is_empty(data_dir):
        return True
    import importlib.util
    try:
        from hunt.store.demo import DemoConfig, generate
        ready = importlib.util.find_spec("hunt.store.demo.writer") is not None
    except ValueError:          # already imported without a spec
        ready = True
    except ImportError:
        ready = False
    if not ready:
        data_dir.mkdir(parents=True, exist_ok=True)
        err.write(f"{data_dir} is empty and this build has no demo tenant generator: "
                  "the tables start empty (add Parquet files, one folder per table)\n")
        return True
    err.write(f"First run: writing a demo tenant (synthetic Defender telemetry with attacks "
              f"to hunt) into the empty {data_dir}\n")
    err.flush()
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        report = generate(data_dir, DemoConfig(), progress=err)
    except KeyboardInterrupt:
        err.write("\ninterrupted: run `hunt` again to start over, or `hunt demo --force`\n")
        return False
    except Exception as exc:      # noqa: BLE001 - say it and stop, the prompt needs data
        err.write(f"error: could not write the demo tenant: {exc}\n"
                  "hint: `hunt demo --data DIR` shows the details; `hunt --data DIR` opens "
                  "another directory\n")
        return False
    summary = getattr(report, "summary", None)
    if callable(summary):
        err.write(summary() + "\n")
    return True
