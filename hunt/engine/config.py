"""Per-data-directory settings (`<data>/config.toml`) and environment switches.

Kept free of heavy imports: `hunt.connect()` reads it before any query runs.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Optional

CONFIG_FILE = "config.toml"


def read_config(path: Path) -> dict:
    """The data directory's config.toml (empty when absent, unreadable or invalid)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return {}
    try:
        import tomllib
    except ImportError:   # Python 3.10: the few `key = value` lines hunt reads
        out: dict = {}
        for line in text.splitlines():
            m = re.match(r"\s*([A-Za-z_][\w-]*)\s*=\s*(true|false|\d+|\"[^\"]*\")\s*(#.*)?$",
                         line)
            if m:
                v = m.group(2)
                out[m.group(1)] = (v == "true" if v in ("true", "false")
                                   else int(v) if v.isdigit() else v[1:-1])
        return out
    try:
        return tomllib.loads(text)
    except ValueError:
        return {}


def externaldata_enabled(data_dir: Optional[Path]) -> bool:
    """HUNT_EXTERNALDATA=1 (or true/yes/on; 0/false/no/off disables), else
    `externaldata = true` in <data>/config.toml."""
    env = os.environ.get("HUNT_EXTERNALDATA")
    if env is not None and env.strip() != "":
        return env.strip().lower() in ("1", "true", "yes", "on")
    if data_dir is not None:
        return read_config(Path(data_dir) / CONFIG_FILE).get("externaldata", False) is True
    return False
