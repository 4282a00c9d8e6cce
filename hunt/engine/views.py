"""One DuckDB view per catalog table over `<data>/<Table>/**/*.parquet`.

Each view returns exactly the table's schema columns, in schema order, with the DuckDB types
of hunt.types, whatever the files hold: strings are never NULL (sql_mapping_notes §0.4),
dynamic is JSON (text that is not JSON becomes a JSON string, §8.2), a column missing from the
files is a typed NULL, a file column of another type is converted (TRY_CAST: a bad value is
NULL, never a query error). Columns of the files that the schema does not have ("extra"
columns) are exposed only when the session has appended them to the table's catalog entry
(Session.discover), so the compiler can name every column a view returns.

Every view ends with one more column, `__partition_date` (hunt.store.layout.PARTITION_COLUMN):
the day of the `date=YYYY-MM-DD` folder a row's file sits in directly (NULL for a file
elsewhere). A predicate on it prunes whole files before they are opened:

    coalesce("__partition_date" >= DATE '2026-11-01', true)       (hunt.sqlgen.plan)

opens only the files of the days it admits (and every file of no day) (tests/test_store.py, tests/test_pruning.py count
them). How the day is found depends on where the table's files are (`partition_mode`):
  day   every file sits directly in a day folder (hunt's layout): DuckDB's hive partitioning
        reads the typed key `date` from the path, and prunes the file list by it at bind,
        before any file is opened (a one-day count over 30 day files: ~3 ms, ~5 by `path`);
  path  some do, some do not: the day is parsed from the path of each row's file
        (read_parquet's `filename` option, a regexp), so a folder of mixed layouts still
        reads, files elsewhere get NULL, and no `date` column appears;
  none  no file in a day folder: the column is a NULL constant.

The files are named in the view (the list the session took when it built it, rebuilt when
it changes), read without union_by_name when they all have the same Parquet schema (the
session compares each file's schema, read once): union_by_name reads every file's footer
at every bind (~5 ms on 30 files). Files of different schemas keep union_by_name: a column
missing from some files reads NULL there, extra columns stay.

Stored forms understood, per Kusto type:
  datetime  TIMESTAMP (any precision), TIMESTAMPTZ (instant kept), DATE, ISO 8601 text
  timespan  INTERVAL, or an integer number of ticks (100 ns, Kusto's unit), or text
  dynamic   JSON text (VARCHAR or JSON), or nested Parquet values (LIST/STRUCT/MAP)
  guid      UUID or text
"""
from __future__ import annotations

import datetime as _dt
import re
from typing import Optional, Sequence, Union

from hunt import types as T
from hunt.semantic.catalog import TableInfo
from hunt.store.layout import PARTITION_COLUMN
from hunt.sqlgen.dialect import quote_ident, string_literal

_INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
             "UINTEGER", "UBIGINT", "UHUGEINT")


# The path of each row's file, as a named column: DuckDB prunes files on a filter over it
# (it does not on its `filename` virtual column), and a file column named `filename` stays.
FILE_COLUMN = "__hunt_file"


PARTITION_DAY, PARTITION_PATH, PARTITION_NONE = "day", "path", "none"
# The hive key of a day folder; its values are typed DATE (`hive_types`).
HIVE_KEY = "date"


def parquet_source(files: Union[str, Sequence[str]], hive: bool = False, *,
                   union_by_name: bool = True, filename: Optional[bool] = None) -> str:
    """read_parquet over a glob or a list of files. `hive`: DuckDB's hive partitioning with
    the `date` key typed DATE; `filename` (default: not hive) adds FILE_COLUMN."""
    if filename is None:
        filename = not hive
    if isinstance(files, str):
        what = string_literal(files)
    else:
        what = "[" + ", ".join(string_literal(f) for f in files) + "]"
    opts = [f"union_by_name = {'true' if union_by_name else 'false'}",
            f"hive_partitioning = {'true' if hive else 'false'}"]
    if hive:
        opts.append(f"hive_types = {{{string_literal(HIVE_KEY)}: DATE}}")
    if filename:
        opts.append(f"filename = {string_literal(FILE_COLUMN)}")
    return f"read_parquet({what}, {', '.join(opts)})"


# The day folder must hold the file directly: `<Table>/date=YYYY-MM-DD/<file>.parquet`.
_DAY_OF_PATH = r"[/\\]date=([0-9]{4}-[0-9]{2}-[0-9]{2})[/\\][^/\\]*$"
_DAY_FOLDER = re.compile(r"date=([0-9]{4}-[0-9]{2}-[0-9]{2})")


def day_of(relpath: str) -> Optional[_dt.date]:
    """The day of a file at `date=YYYY-MM-DD/<name>` (path relative to the table folder,
    either separator), as the view's partition column reads it; None for any other place."""
    parts = re.split(r"[/\\]", relpath)
    if len(parts) != 2:
        return None
    m = _DAY_FOLDER.fullmatch(parts[0])
    if m is None:
        return None
    try:
        return _dt.date.fromisoformat(m.group(1))
    except ValueError:
        return None


def partition_mode(folder: str, relpaths: Sequence[str], file_columns: dict[str, str]) -> str:
    """How a table's view finds `__partition_date` (module docstring): `day` when every file
    sits directly in a valid day folder, DuckDB's hive parsing can see no other key (no `=`
    anywhere else in the paths) and no file column is named `date`; `none` when no file is
    in a day folder; `path` otherwise."""
    days = [day_of(r) for r in relpaths]
    if not any(d is not None for d in days):
        return PARTITION_NONE
    if (all(d is not None for d in days) and "=" not in folder
            and not any("=" in re.split(r"[/\\]", r)[1] for r in relpaths)
            and not any(c.casefold() == HIVE_KEY for c in file_columns)):
        return PARTITION_DAY
    return PARTITION_PATH


def partition_expr(file_columns: Optional[dict[str, str]], mode: Optional[str] = None) -> str:
    """The `__partition_date` of a row: the day folder its file sits in (NULL: none). Without
    `mode`: the path form when the source has FILE_COLUMN, else NULL."""
    if mode == PARTITION_DAY:
        return quote_ident(HIVE_KEY)            # typed DATE by hive_types
    if mode is None and file_columns is not None and FILE_COLUMN in file_columns:
        mode = PARTITION_PATH
    if mode != PARTITION_PATH:
        return "CAST(NULL AS DATE)"
    return (f"TRY_CAST(NULLIF(regexp_extract({quote_ident(FILE_COLUMN)}, "
            f"{string_literal(_DAY_OF_PATH)}, 1), '') AS DATE)")


# -- a file's schema, from its footer -----------------------------------------------------------
# Parquet's footer is a Thrift (compact protocol) FileMetaData: field 1 the format version,
# field 2 the schema (every column, nested ones included: names, types, repetition, logical
# types), then the row count and the row groups. Writers emit the fields in that order, so
# the footer's first bytes up to the end of field 2 encode the file's schema, and two files
# whose footers start with the same such bytes have the same schema (the encoding is read
# deterministically). Reading them costs ~10 us a file; DuckDB's parquet_schema() ~250 us.

def _varint(b: bytes, i: int) -> tuple[int, int]:
    shift = value = 0
    while True:
        byte = b[i]
        i += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, i
        shift += 7


def _skip(b: bytes, i: int, kind: int, element: bool = False) -> int:
    """The offset after a compact-protocol value of type `kind` starting at `i` (`element`:
    in a list, set or map, where a bool takes a byte; a bool field's value is its type)."""
    if kind in (1, 2):
        return i + 1 if element else i
    if kind == 3:
        return i + 1
    if kind in (4, 5, 6):
        return _varint(b, i)[1]
    if kind == 7:
        return i + 8
    if kind == 8:
        n, i = _varint(b, i)
        return i + n
    if kind in (9, 10):                     # list, set
        head = b[i]
        i += 1
        n, elem = head >> 4, head & 0x0F
        if n == 15:
            n, i = _varint(b, i)
        if n > len(b) - i:                  # every element takes a byte at least
            raise IndexError("list longer than the footer")
        for _ in range(n):
            i = _skip(b, i, elem, True)
        return i
    if kind == 11:                          # map
        n, i = _varint(b, i)
        if n > len(b) - i:
            raise IndexError("map longer than the footer")
        if n:
            kv = b[i]
            i += 1
            for _ in range(n):
                i = _skip(b, _skip(b, i, kv >> 4, True), kv & 0x0F, True)
        return i
    if kind == 12:                          # struct
        while True:
            head = b[i]
            i += 1
            if head == 0:
                return i
            if head >> 4 == 0:              # long form: the field id follows
                i = _varint(b, i)[1]
            i = _skip(b, i, head & 0x0F)
    raise ValueError(f"unknown Thrift type {kind}")


def _schema_end(footer: bytes) -> Optional[int]:
    """The offset just after FileMetaData's schema field (2), when it comes first or after
    the version (1) only; None otherwise."""
    i, last = 0, 0
    while True:
        head = footer[i]
        i += 1
        if head == 0:
            return None
        if head >> 4:
            field = last + (head >> 4)
        else:
            v, i = _varint(footer, i)
            field = (v >> 1) ^ -(v & 1)
        last = field
        i = _skip(footer, i, head & 0x0F)
        if i > len(footer):
            raise IndexError("value past the end of the footer")
        if field == 2:
            return i
        if field > 2:
            return None


_FOOTER_HEAD = 1 << 16      # the schema is read from the footer's first bytes when it fits


def schema_signature(path: str, known: set) -> Optional[bytes]:
    """The bytes of a Parquet file's footer that encode its schema: equal bytes, same schema.
    `known` holds the signatures seen so far (a footer starting with one of them is not parsed
    again; new ones are added). None when the file is no readable plain Parquet file (it
    then counts as a schema of its own). Raises OSError when the file cannot be read."""
    with open(path, "rb") as f:
        f.seek(0, 2)
        size = f.tell()
        if size < 12:
            return None
        f.seek(size - 8)
        tail = f.read(8)
        n = int.from_bytes(tail[:4], "little")
        if tail[4:] != b"PAR1" or n <= 0 or n > size - 12:
            return None             # not Parquet, or an encrypted footer ("PARE")
        f.seek(size - 8 - n)
        head = f.read(min(n, _FOOTER_HEAD))
        for sig in known:
            if head.startswith(sig):
                return sig
        for footer in (head, None):
            if footer is None:
                if n <= _FOOTER_HEAD:
                    return None
                f.seek(size - 8 - n)
                footer = f.read(n)
            try:
                end = _schema_end(footer)
            except (IndexError, ValueError, RecursionError):
                continue            # cut short (a long schema): the whole footer, once
            if end is None:
                return None
            sig = bytes(footer[:end])
            known.add(sig)
            return sig
    return None


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


def select_list(table: TableInfo, file_columns: Optional[dict[str, str]],
                partition: Optional[str] = None) -> str:
    """The view's SELECT list; `file_columns` (name → DuckDB type) None means no files;
    `partition`: how `__partition_date` is found (partition_mode; None: partition_expr's)."""
    parts = []
    for c in table.columns:
        fname = _match(c.name, file_columns) if file_columns is not None else None
        ftype = file_columns.get(fname) if fname is not None else None
        expr = column_expr(c.type, quote_ident(fname) if fname else None, ftype)
        parts.append(f"{expr} AS {quote_ident(c.name)}")
    parts.append(f"{partition_expr(file_columns, partition)} AS {quote_ident(PARTITION_COLUMN)}")
    return ",\n       ".join(parts)


def view_sql(view_name: str, table: TableInfo, source: Optional[str],
             file_columns: Optional[dict[str, str]], partition: Optional[str] = None) -> str:
    """CREATE OR REPLACE VIEW for a table; `source` None: no files, an empty relation."""
    select = select_list(table, file_columns, partition)
    if source is None:
        body = f"SELECT {select}\nWHERE false"
    else:
        body = f"SELECT {select}\nFROM {source}"
    return f"CREATE OR REPLACE VIEW {quote_ident(view_name)} AS\n{body}"
