"""The execution stage: a sandboxed DuckDB session over Parquet views, and query Results.

Importing this package does not import DuckDB or Arrow; `Session` does, when created.
"""
from __future__ import annotations

__all__ = ["Session", "Result"]


def __getattr__(name):
    if name == "Session":
        from hunt.engine.session import Session
        return Session
    if name == "Result":
        from hunt.engine.result import Result
        return Result
    raise AttributeError(name)
