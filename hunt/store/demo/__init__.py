"""The demo tenant: a deterministic, vectorised generator of advanced-hunting telemetry for
a made-up company, with attack stories embedded in the background noise.

    from hunt.store.demo import generate, DemoConfig
    report = generate(Path("data"), DemoConfig(seed=7))

Modules: config (sizes), tenant (people, devices, network), vocab/* (names, processes,
domains...), columns (vectorised column helpers), device / identity / email / cloudapp /
alerts (one module per table family), stories (attack stories), writer (day-by-day streaming
to Parquet, progress, scenario file), command (`hunt demo`).
"""
from __future__ import annotations

from hunt.store.demo.config import DEFAULTS, DemoConfig

__all__ = ["DemoConfig", "DEFAULTS", "generate"]


def generate(data, config: DemoConfig = DEFAULTS, **kwargs):
    from hunt.store.demo.writer import generate as _generate
    return _generate(data, config, **kwargs)
