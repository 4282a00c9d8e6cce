"""The schema catalog: the advanced-hunting tables and Defender functions the checker knows.

The data comes from `tables/` at the project root (generated from the shared schema by
scripts/gen_tables.py, then committed), shipped inside the wheel as hunt/_data/tables.
"""
from __future__ import annotations

import difflib
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

import hunt

FUNCTIONS_FILE = "functions.json"
INTERNAL_FILE = "internal.json"


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    type: str          # Kusto type
    description: str = ""


@dataclass(frozen=True)
class TableInfo:
    name: str
    columns: tuple[ColumnInfo, ...]
    family: str = ""
    time_column: Optional[str] = "Timestamp"
    description: str = ""
    sql_relation: Optional[str] = None   # how SQL reads it; default: the quoted table name
    status: str = ""                     # GA, preview, beta, deprecated, internal

    def column(self, name: str) -> Optional[ColumnInfo]:
        for c in self.columns:
            if c.name == name:
                return c
        return None


class Catalog:
    """Tables by exact (case-sensitive) name, plus the Defender function descriptions."""

    def __init__(self, tables: list[TableInfo] | None = None, functions: dict | None = None,
                 internal: list[TableInfo] | None = None):
        self._tables: dict[str, TableInfo] = {t.name: t for t in (tables or [])}
        self.functions: dict = dict(functions or {})
        # engine-side tables (the FileProfile store): never listed, never a user's table name
        self._internal: dict[str, TableInfo] = {t.name: t for t in (internal or [])}
        self.version = 0        # bumped by every change (compiled-query caches key on it)

    def table(self, name: str) -> Optional[TableInfo]:
        return self._tables.get(name)

    def tables(self) -> list[TableInfo]:
        return list(self._tables.values())

    def table_names(self) -> list[str]:
        return list(self._tables)

    def add(self, table: TableInfo) -> None:
        self._tables[table.name] = table
        self.version += 1

    def internal_tables(self) -> list[TableInfo]:
        return list(self._internal.values())

    def internal_table(self, name: str) -> Optional[TableInfo]:
        return self._internal.get(name)

    def copy(self) -> "Catalog":
        return Catalog(list(self._tables.values()), self.functions,
                       list(self._internal.values()))


def suggest(name: str, candidates: Iterable[str]) -> Optional[str]:
    """The candidate a mistyped `name` most likely meant (for "did you mean ...?" help lines):
    a case-insensitive equal first, then the closest spelling; None when nothing is close."""
    pool = list(dict.fromkeys(candidates))
    if not name or not pool:
        return None
    folded = name.casefold()
    for c in pool:
        if c.casefold() == folded:
            return c
    by_fold: dict[str, str] = {}
    for c in pool:
        by_fold.setdefault(c.casefold(), c)
    close = difflib.get_close_matches(folded, list(by_fold), n=1, cutoff=0.6)
    return by_fold[close[0]] if close else None


def data_dir() -> Path:
    """Where the schema files are: inside the installed package (a wheel), else the
    checkout's tables/ folder."""
    packaged = Path(hunt.__file__).resolve().parent / "_data" / "tables"
    if packaged.is_dir():
        return packaged
    return Path(hunt.__file__).resolve().parent.parent / "tables"


def _table(entry: dict) -> TableInfo:
    cols = tuple(ColumnInfo(c["name"], c["type"], c.get("description", ""))
                 for c in entry["columns"])
    return TableInfo(name=entry["name"], columns=cols, family=entry.get("family", ""),
                     time_column=entry.get("time_column"),
                     description=entry.get("description", ""),
                     status=entry.get("status", ""))


def load_catalog(directory: Path) -> Catalog:
    """Read every family file in `directory` (plus functions.json and internal.json)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"schema directory not found: {directory}")
    tables: list[TableInfo] = []
    internal: list[TableInfo] = []
    functions: dict = {}
    for path in sorted(directory.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if path.name == FUNCTIONS_FILE:
            functions.update(doc["functions"])
        elif path.name == INTERNAL_FILE:
            internal.extend(_table(t) for t in doc["tables"])
        else:
            tables.extend(_table(t) for t in doc["tables"])
    tables.sort(key=lambda t: t.name)
    return Catalog(tables, functions, internal)


@functools.lru_cache(maxsize=1)
def _default_catalog() -> Catalog:
    return load_catalog(data_dir())


def load_default_catalog() -> Catalog:
    """The advanced-hunting catalog (read once per process). Returns a copy: a caller that
    adds tables (e.g. `let` views, a user's own Parquet) does not change anyone else's."""
    return _default_catalog().copy()
