"""The Kusto scalar type system: names, aliases, promotion, and the DuckDB storage type of each.

This is the bottom floor of the package: every stage may import it, it imports nothing of hunt.
"""
from __future__ import annotations

STRING = "string"
LONG = "long"
INT = "int"
REAL = "real"
DECIMAL = "decimal"
BOOL = "bool"
DATETIME = "datetime"
TIMESPAN = "timespan"
GUID = "guid"
DYNAMIC = "dynamic"
# Not a Kusto type a user can name: the type of an expression the checker cannot type
# (for example a column of a data-dependent schema). Treated leniently everywhere.
UNKNOWN = "unknown"

SCALAR_TYPES = (STRING, LONG, INT, REAL, DECIMAL, BOOL, DATETIME, TIMESPAN, GUID, DYNAMIC)

ALIASES = {
    "string": STRING,
    "long": LONG, "int64": LONG, "ulong": LONG, "uint64": LONG,
    "int": INT, "int32": INT, "int8": INT, "int16": INT, "uint": INT, "uint8": INT,
    "uint16": INT, "uint32": INT, "byte": INT,
    "real": REAL, "double": REAL, "float": REAL,
    "decimal": DECIMAL,
    "bool": BOOL, "boolean": BOOL,
    "datetime": DATETIME, "date": DATETIME,
    "timespan": TIMESPAN, "time": TIMESPAN,
    "guid": GUID, "uuid": GUID, "uniqueid": GUID,
    "dynamic": DYNAMIC,
    # .NET names, as getschema and some schema files spell them
    "system.string": STRING, "system.int64": LONG, "system.int32": INT,
    "system.double": REAL, "system.boolean": BOOL, "system.datetime": DATETIME,
    "system.timespan": TIMESPAN, "system.guid": GUID, "system.object": DYNAMIC,
    "system.data.sqltypes.sqldecimal": DECIMAL,
}

DOTNET_NAMES = {
    STRING: "System.String", LONG: "System.Int64", INT: "System.Int32", REAL: "System.Double",
    DECIMAL: "System.Data.SqlTypes.SqlDecimal", BOOL: "System.Boolean",
    DATETIME: "System.DateTime", TIMESPAN: "System.TimeSpan", GUID: "System.Guid",
    DYNAMIC: "System.Object", UNKNOWN: "System.Object",
}

# How each Kusto type is held in DuckDB (see ../shared/kql/sql_mapping_notes.md §0.1).
DUCKDB_TYPES = {
    STRING: "VARCHAR", LONG: "BIGINT", INT: "INTEGER", REAL: "DOUBLE",
    DECIMAL: "DECIMAL(38,18)", BOOL: "BOOLEAN", DATETIME: "TIMESTAMP",
    TIMESPAN: "INTERVAL", GUID: "UUID", DYNAMIC: "JSON", UNKNOWN: "JSON",
}

NUMERIC = (INT, LONG, REAL, DECIMAL)
INTEGRAL = (INT, LONG)
_RANK = {INT: 0, LONG: 1, REAL: 2, DECIMAL: 3}


def normalize(name: str) -> str | None:
    """The canonical Kusto type for a spelling (`int64` → `long`), or None when unknown."""
    return ALIASES.get(name.strip().lower())


def is_numeric(t: str) -> bool:
    return t in NUMERIC


def promote(a: str, b: str) -> str:
    """Result type of arithmetic on two numeric types: the wider one, int∘int computed as long."""
    if a == UNKNOWN or b == UNKNOWN:
        return REAL if REAL in (a, b) else UNKNOWN
    if a == DYNAMIC or b == DYNAMIC:
        return DYNAMIC
    wider = a if _RANK.get(a, 0) >= _RANK.get(b, 0) else b
    return LONG if wider == INT else wider


def duckdb_type(t: str) -> str:
    return DUCKDB_TYPES[t]


def from_duckdb(sqltype: str) -> str:
    """The Kusto type that a DuckDB column type most naturally maps to."""
    s = sqltype.upper()
    if s.startswith("DECIMAL"):
        return DECIMAL
    if s in ("BIGINT", "HUGEINT", "UBIGINT", "UINTEGER"):
        return LONG
    if s in ("INTEGER", "SMALLINT", "TINYINT", "USMALLINT", "UTINYINT"):
        return INT
    if s in ("DOUBLE", "FLOAT", "REAL"):
        return REAL
    if s == "BOOLEAN":
        return BOOL
    if s.startswith("TIMESTAMP") or s == "DATE":
        return DATETIME
    if s == "INTERVAL":
        return TIMESPAN
    if s == "UUID":
        return GUID
    if s in ("VARCHAR", "BLOB") or s.startswith("VARCHAR"):
        return STRING
    return DYNAMIC
