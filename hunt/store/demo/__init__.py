"""The demo tenant: a deterministic, vectorised generator of advanced-hunting telemetry for
a made-up company, with attack stories embedded in the background noise.

    from hunt.store.demo import generate, DemoConfig
    report = generate(Path("data"), DemoConfig(seed=7))

Modules: config (sizes), command (`hunt demo`), tenant (organisation, people, devices,
network), ids (seed-stable hashes and ids), render (string templates rendered column-wise),
columns (Arrow column helpers), vocab/* (processes, behaviours, device events, web, mail,
cloud, identity, alerts, TVM, suspicious background activity), procs / device / devtables /
day (process trees and the seven Device* tables, slice by slice), families (identity, sign-in
and cloud-app tables), mailgen (email tables), templates (generic template tables), inventory
(snapshots, background alerts, _FileProfile), posture (TVM, OAuth apps, exposure graph),
storykit / stories / story_ransom (attack stories and scenario.json), writer (plan, workers,
day-by-day Parquet, progress), tuning (allocator settings of the generating processes).
"""
from __future__ import annotations

from hunt.store.demo.config import DEFAULTS, DemoConfig

__all__ = ["DemoConfig", "DEFAULTS", "generate"]


def generate(data, config: DemoConfig = DEFAULTS, **kwargs):
    from hunt.store.demo.writer import generate as _generate
    return _generate(data, config, **kwargs)
