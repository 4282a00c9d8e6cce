"""One DuckDB view per catalog table over `<data>/<Table>/**/*.parquet`.

Each view returns exactly the table's schema columns, in schema order, with the DuckDB types
of hunt.types, whatever the files hold: strings are never NULL (sql_mapping_notes §0.4),
dynamic is JSON (text that is not JSON becomes a JSON string, §8.2), a column missing from the
files is a typed NULL, a file column of another type is converted (TRY_CAST: a bad value is
NULL, never a query error). Columns of the files that the schema does not have ("extra"
columns) are exposed only when the session has appended them to the table's catalog entry
(Session.discover), so the compiler can name every column a view returns.

Every view ends with one more column, `__partition_date` (hunt.store.layout.PARTITION_COLUMN):
the day of the `date=YYYY-MM-DD` folder a row's file sits in (NULL for a file elsewhere). It is
derived from the path of the row's file (read_parquet's `filename` option), not from hive
partitioning, so a folder of mixed layouts still reads, no `date` column appears, and a
predicate on it prunes whole files:

    ("__partition_date" IS NULL OR "__partition_date" >= DATE '2026-11-01')

opens only the files of the days it admits (tests/test_store_pruning.py counts them).

Stored forms understood, per Kusto type:
  datetime  TIMESTAMP (any precision), TIMESTAMPTZ (instant kept), DATE, ISO 8601 text
  timespan  INTERVAL, or an integer number of ticks (100 ns, Kusto's unit), or text
  dynamic   JSON text (VARCHAR or JSON), or nested Parquet values (LIST/STRUCT/MAP)
  guid      UUID or text
"""
from __future__ import annotations

from typing import Optional

from hunt import types as T
from hunt.semantic.catalog import TableInfo
from hunt.store.layout import PARTITION_COLUMN
from hunt.sqlgen.dialect import quote_ident, string_literal

_INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
             "UINTEGER", "UBIGINT", "UHUGEINT")


# The path of each row's file, as a named column: DuckDB prunes files on a filter over it
# (it does not on its `filename` virtual column), and a file column named `filename` stays.
FILE_COLUMN = "__hunt_file"


def parquet_source(glob: str, hive: bool = False) -> str:
    return (f"read_parquet({string_literal(glob)}, union_by_name = true, "
            f"hive_partitioning = {'true' if hive else 'false'}, "
            f"filename = {string_literal(FILE_COLUMN)})")


# The day folder must hold the file directly: `<Table>/date=YYYY-MM-DD/<file>.parquet`.
_DAY_OF_PATH = r"[/\\]date=([0-9]{4}-[0-9]{2}-[0-9]{2})[/\\][^/\\]*$"


def partition_expr(file_columns: Optional[dict[str, str]]) -> str:
    """The `__partition_date` of a row: the day folder its file sits in (NULL: none)."""
    if file_columns is None or FILE_COLUMN not in file_columns:
        return "CAST(NULL AS DATE)"
    return (f"TRY_CAST(NULLIF(regexp_extract({quote_ident(FILE_COLUMN)}, "
            f"{string_literal(_DAY_OF_PATH)}, 1), '') AS DATE)")


def extra_columns(table: TableInfo, file_columns: Optional[dict[str, str]]) -> list[tuple[str, str]]:
    """(name, Kusto type) of the file columns the table's schema does not have, in file order."""
    if not file_columns:
        return []
    known = {c.name.casefold() for c in table.columns}
    known.update((PARTITION_COLUMN.casefold(), FILE_COLUMN.casefold()))
    out, seen = [], set()
    for name, ftype in file_columns.items():
        folded = name.casefold()
        if folded in known or folded in seen:
            continue
        seen.add(folded)
        out.append((name, _kusto_type(ftype)))
    return out


def _kusto_type(ftype: str) -> str:
    f = (ftype or "").upper()
    # nested values (VARCHAR[] would pass for VARCHAR in from_duckdb) are dynamic
    if f.endswith("]") or f.startswith(("STRUCT", "MAP", "UNION")):
        return T.DYNAMIC
    return T.from_duckdb(ftype)


def dynamic_from_text(c: str) -> str:
    """KQL's parse_json on stored text: '' and JSON null are null, invalid JSON a string."""
    return (f"CASE WHEN {c} IS NULL OR trim({c}) IN ('', 'null') THEN NULL "
            f"WHEN json_valid({c}) THEN CAST({c} AS JSON) ELSE to_json({c}) END")


def column_expr(ktype: str, col: Optional[str], ftype: Optional[str]) -> str:
    """SQL giving the Kusto-typed value of file column `col` (quoted) of DuckDB type `ftype`;
    `col` None: the column is absent from every file."""
    duck = T.DUCKDB_TYPES.get(ktype, "JSON")
    if col is None:
        return "''" if ktype == T.STRING else f"CAST(NULL AS {duck})"
    f = (ftype or "").upper()
    nested = f.endswith("[]") or f.startswith(("STRUCT", "MAP", "UNION")) or "[" in f
    if ktype == T.STRING:
        if f == "VARCHAR":
            return f"coalesce({col}, '')"
        if nested or f == "JSON":
            return f"coalesce(CAST(to_json({col}) AS VARCHAR), '')"
        return f"coalesce(CAST({col} AS VARCHAR), '')"
    if ktype in (T.DYNAMIC, T.UNKNOWN):
        if f == "VARCHAR":
            return dynamic_from_text(col)
        if f == "JSON":
            return dynamic_from_text(f"CAST({col} AS VARCHAR)")
        return f"to_json({col})"
    if f == duck or (ktype == T.DECIMAL and f.startswith("DECIMAL")):
        return col if f == duck else f"CAST({col} AS {duck})"
    if ktype == T.DATETIME:
        if "TZ" in f or "TIME ZONE" in f:
            # TIMESTAMPTZ → TIMESTAMP keeps the instant: the session time zone is UTC.
            # (via TIMESTAMPTZ: DuckDB casts no TIMESTAMPTZ_NS to TIMESTAMP directly)
            return f"CAST(CAST({col} AS TIMESTAMPTZ) AS TIMESTAMP)"
        if f.startswith("TIMESTAMP") or f == "DATE":
            return f"CAST({col} AS TIMESTAMP)"
        if f == "VARCHAR":
            return f"CAST(TRY_CAST({col} AS TIMESTAMPTZ) AS TIMESTAMP)"
    if ktype == T.TIMESPAN and f in _INTEGERS:
        return f"to_microseconds(CAST({col} AS BIGINT) // 10)"
    if f == "VARCHAR" or nested or f == "JSON":
        return f"TRY_CAST(CAST({col} AS VARCHAR) AS {duck})"
    return f"TRY_CAST({col} AS {duck})"


def _match(name: str, file_columns: dict[str, str]) -> Optional[str]:
    if name in file_columns:
        return name
    folded = name.casefold()
    for fname in file_columns:
        if fname.casefold() == folded:
            return fname
    return None


def select_list(table: TableInfo, file_columns: Optional[dict[str, str]]) -> str:
    """The view's SELECT list; `file_columns` (name → DuckDB type) None means no files."""
    parts = []
    for c in table.columns:
        fname = _match(c.name, file_columns) if file_columns is not None else None
        ftype = file_columns.get(fname) if fname is not None else None
        expr = column_expr(c.type, quote_ident(fname) if fname else None, ftype)
        parts.append(f"{expr} AS {quote_ident(c.name)}")
    parts.append(f"{partition_expr(file_columns)} AS {quote_ident(PARTITION_COLUMN)}")
    return ",\n       ".join(parts)


def view_sql(view_name: str, table: TableInfo, source: Optional[str],
             file_columns: Optional[dict[str, str]]) -> str:
    """CREATE OR REPLACE VIEW for a table; `source` None: no files, an empty relation."""
    select = select_list(table, file_columns)
    if source is None:
        body = f"SELECT {select}\nWHERE false"
    else:
        body = f"SELECT {select}\nFROM {source}"
    return f"CREATE OR REPLACE VIEW {quote_ident(view_name)} AS\n{body}"
