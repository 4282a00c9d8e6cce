"""Allocator settings for the processes that generate the demo tenant.

Generating a day allocates and frees hundreds of large buffers (Arrow through mimalloc, NumPy
through the C library). Returned to the operating system as soon as they are freed, they come
back as fresh pages that the kernel must fault in and zero again: several percent of the run.

- `before_arrow()`: Arrow's mimalloc keeps freed memory for reuse (never purged). Read when
  Arrow loads, so it takes effect only in a process that has not imported pyarrow yet (the
  `hunt demo` command, the benchmark); an explicit MIMALLOC_PURGE_DELAY is left alone.
- `in_worker()`: in the worker processes (they exit when the tenant is written), the C
  library serves large NumPy arrays from its heap and keeps freed memory there.

Memory stays bounded: the peak is still one time slice of one day per process.
"""
from __future__ import annotations

import os
import sys


def before_arrow() -> None:
    if "pyarrow" not in sys.modules:
        os.environ.setdefault("MIMALLOC_PURGE_DELAY", "-1")


def in_worker() -> None:
    try:
        import ctypes
        libc = ctypes.CDLL("libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3
        libc.mallopt(m_mmap_threshold, 32 << 20)
        libc.mallopt(m_trim_threshold, 1 << 30)
    except (OSError, AttributeError):
        pass            # not glibc: the default allocator settings
