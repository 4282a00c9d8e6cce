"""The schema catalog: the advanced-hunting tables and Defender functions the checker knows.

(Interface fixed here; the data comes from `tables/` at the project root, shipped inside the
package as hunt/_data/tables.)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


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

    def column(self, name: str) -> Optional[ColumnInfo]:
        for c in self.columns:
            if c.name == name:
                return c
        return None


class Catalog:
    """Tables by exact (case-sensitive) name, plus the Defender function descriptions."""

    def __init__(self, tables: list[TableInfo] | None = None, functions: dict | None = None):
        self._tables: dict[str, TableInfo] = {t.name: t for t in (tables or [])}
        self.functions: dict = dict(functions or {})

    def table(self, name: str) -> Optional[TableInfo]:
        return self._tables.get(name)

    def tables(self) -> list[TableInfo]:
        return list(self._tables.values())

    def table_names(self) -> list[str]:
        return list(self._tables)

    def add(self, table: TableInfo) -> None:
        self._tables[table.name] = table

    def copy(self) -> "Catalog":
        return Catalog(list(self._tables.values()), self.functions)
