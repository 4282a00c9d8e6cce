"""The demo tenant's size and shape: what `hunt demo` flags set."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace
from typing import Optional

MAX_TOTAL_EVENTS = 100_000_000
MAX_USERS = 200_000
MAX_DEVICES = 200_000
MAX_DAYS = 400


@dataclass(frozen=True)
class DemoConfig:
    seed: int = 7
    users: int = 400
    devices: int = 450
    days: int = 14
    events_per_day: int = 100_000
    end: Optional[_dt.datetime] = None      # naive UTC; None = now (resolved by the writer)
    attacks: bool = True

    @property
    def total_events(self) -> int:
        return self.days * self.events_per_day

    def check(self) -> None:
        """ValueError with a person's words when a size is out of range."""
        if self.total_events > MAX_TOTAL_EVENTS:
            raise ValueError(f"--days x --events-per-day is {self.total_events:,} events; the "
                             f"demo tenant holds at most {MAX_TOTAL_EVENTS:,}")
        if self.users > MAX_USERS:
            raise ValueError(f"--users {self.users:,} is above the limit of {MAX_USERS:,}")
        if self.devices > MAX_DEVICES:
            raise ValueError(f"--devices {self.devices:,} is above the limit of {MAX_DEVICES:,}")
        if self.days > MAX_DAYS:
            raise ValueError(f"--days {self.days} is above the limit of {MAX_DAYS}")
        if self.users < 10:
            raise ValueError("--users must be at least 10 (the attack stories need a few "
                             "people)")
        if self.devices < 10:
            raise ValueError("--devices must be at least 10 (workstations, servers and "
                             "domain controllers)")
        if self.events_per_day < 1000:
            raise ValueError("--events-per-day must be at least 1,000")

    def with_(self, **changes) -> "DemoConfig":
        return replace(self, **changes)


DEFAULTS = DemoConfig()
