"""What the compiler hands to the engine: SQL plus everything needed to present its result."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional


@dataclass(frozen=True)
class OutputColumn:
    name: str        # KQL column name, case preserved (may differ from others only by case)
    type: str        # Kusto type (hunt.types)
    sql_alias: str   # the alias of the column in the SQL's final SELECT (unique, ci-safe)


@dataclass(frozen=True)
class ExternalDataRequest:
    """An `externaldata` source: the engine fetches it (when enabled) and registers the rows
    under `relation` before running the SQL."""

    relation: str                        # SQL name the compiled SQL reads from
    urls: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]  # (name, kusto type)
    options: tuple[tuple[str, Any], ...]  # format, ignoreFirstRecord, ...


@dataclass(frozen=True)
class CompiledStatement:
    sql: str                              # one SELECT statement
    columns: tuple[OutputColumn, ...]
    render: Optional[dict] = None         # {"kind": "timechart", "properties": {...}} or None
    ordered: bool = False                 # the query ends with an ordering operator


@dataclass(frozen=True)
class CompiledQuery:
    """A query of one or more result-producing statements (`T | take 1; U | count`)."""

    text: str
    statements: tuple[CompiledStatement, ...]
    externaldata: tuple[ExternalDataRequest, ...] = ()
    options: dict = field(default_factory=dict)   # `set` statements: name -> value

    @property
    def last(self) -> CompiledStatement:
        return self.statements[-1]
