"""The whole pipeline for one query: text → AST → checked tree → SQL (a CompiledQuery)."""
from __future__ import annotations

import datetime as _dt
from typing import Any, Optional

from hunt.compiled import CompiledQuery
from hunt.semantic.catalog import Catalog


def compile_query(text: str, catalog: Catalog, *, now: Optional[_dt.datetime] = None,
                  params: Optional[dict[str, Any]] = None) -> CompiledQuery:
    """Compile KQL text against a catalog. `now` pins now()/ago() (default: the current UTC
    time); `params` become typed `let` constants. Raises only hunt.KqlError subclasses."""
    raise NotImplementedError("the binder is being written")
