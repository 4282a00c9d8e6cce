"""A one-line progress bar on stderr (only on a terminal, only for inputs worth waiting for)."""
from __future__ import annotations

import sys
import time
from typing import Optional, TextIO


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(n) < 1000 or unit == "TB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1000
    return f"{n:,.1f} TB"


class Progress:
    """`update(done_bytes, records)`; `note(text)` prints a line above the bar."""

    def __init__(self, total_bytes: int, stream: Optional[TextIO] = None, *,
                 enabled: Optional[bool] = None, min_bytes: int = 16 << 20, label="ingest"):
        self.stream = stream or sys.stderr
        tty = getattr(self.stream, "isatty", lambda: False)()
        self.enabled = (tty and total_bytes >= min_bytes) if enabled is None else enabled
        self.total = max(1, total_bytes)
        self.label = label
        self.started = time.perf_counter()
        self._last = 0.0
        self._shown = False

    def update(self, done: int, records: int) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self._last < 0.2 and done < self.total:
            return
        self._last = now
        elapsed = max(1e-6, now - self.started)
        frac = min(1.0, done / self.total)
        width = 24
        full = int(frac * width)
        bar = "█" * full + ("▌" if frac * width - full >= 0.5 else "") 
        bar = bar.ljust(width)
        rate = records / elapsed
        eta = (elapsed / frac - elapsed) if frac > 0.01 else 0
        text = (f"\r{self.label} ▕{bar}▏ {frac * 100:3.0f}%  {human_bytes(done)}/"
                f"{human_bytes(self.total)}  {rate:,.0f} records/s"
                + (f"  ETA {eta:,.0f}s" if frac < 1 and eta >= 1 else "") + "  ")
        self.stream.write(text)
        self.stream.flush()
        self._shown = True

    def note(self, text: str) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
        self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False
