"""Values as exports give them → the storage types of the schema, as DuckDB SQL.

Every input format reaches ingestion as columns of text (JSON values extracted as text, CSV
cells) or of native types (Parquet). `coerce_sql` gives, per schema column, the SQL of its
stored value and of the reason it cannot be stored: a value that is present but not of the
column's type (`"12a"` for a long) makes the whole record go to quarantine rather than be
stored as null, so nothing a user gave is lost.

Text forms understood, per Kusto type:
  datetime  ISO 8601 and Kusto text (`2024-01-31T13:45:00.1234567Z`, any offset, 7 fraction
            digits), the portal's US forms (`1/31/2024 1:45:00 PM`, `Jan 31, 2024 1:45:00 PM`)
  long/int  integers, also written as `12.0` or `1e3` (never rounded; int: 32 bits)
  real      any number, NaN, Infinity
  bool      true/false/1/0 (any case), and DuckDB's yes/no/t/f
  timespan  Kusto `[-][d.]hh:mm:ss[.fffffff]`, or a number of ticks (100 ns)
  guid      any UUID text (with or without braces), stored as text
  dynamic   JSON text, stored compact; any other text is kept as it is (read as a string)
  string    anything; a nested JSON value becomes its compact JSON text
Empty text is null for every type but string.
"""
from __future__ import annotations

from typing import Optional

from hunt import types as T
from hunt.sqlgen.dialect import quote_ident, string_literal

_US_FORMATS = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M:%S.%f %p", "%m/%d/%Y, %I:%M:%S %p",
               "%m/%d/%Y, %I:%M:%S.%f %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M:%S.%f",
               "%b %d, %Y %I:%M:%S %p", "%b %d, %Y %I:%M:%S.%f %p", "%d %b %Y %H:%M:%S")
_INT_TEXT = r"\s*[+-]?[0-9]+\s*"
_TIMESPAN_TEXT = r"\s*(-?)(?:([0-9]+)\.)?([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,7}))?\s*"
_TYPE_WORDS = {T.LONG: "a long", T.INT: "an int", T.REAL: "a real", T.DECIMAL: "a decimal",
               T.BOOL: "a bool", T.DATETIME: "a datetime", T.TIMESPAN: "a timespan",
               T.GUID: "a guid"}


def text_value(ktype: str, v: str) -> str:
    """SQL of the stored value of text `v` (a VARCHAR expression) for a Kusto type."""
    if ktype in (T.STRING, T.DYNAMIC, T.UNKNOWN):
        return v
    t = f"NULLIF(trim({v}), '')"
    if ktype == T.GUID:
        return t
    if ktype in (T.LONG, T.INT):
        duck = "BIGINT" if ktype == T.LONG else "INTEGER"
        # "12" exactly; "12.0" / "1e3" only when the number is whole (never rounded)
        return (f"CASE WHEN regexp_full_match({t}, {string_literal(_INT_TEXT)}) "
                f"THEN TRY_CAST({t} AS {duck}) "
                f"WHEN TRY_CAST({t} AS DOUBLE) = trunc(TRY_CAST({t} AS DOUBLE)) "
                f"THEN TRY_CAST(TRY_CAST({t} AS DOUBLE) AS {duck}) END")
    if ktype == T.REAL:
        return f"TRY_CAST({t} AS DOUBLE)"
    if ktype == T.DECIMAL:
        return f"TRY_CAST({t} AS DECIMAL(38,18))"
    if ktype == T.BOOL:
        return f"TRY_CAST({t} AS BOOLEAN)"
    if ktype == T.DATETIME:
        formats = "[" + ", ".join(string_literal(f) for f in _US_FORMATS) + "]"
        # strptime's %f takes at most 6 digits: Kusto prints 7
        short = f"regexp_replace({t}, '(\\.[0-9]{{6}})[0-9]+', '\\1')"
        return (f"coalesce(CAST(TRY_CAST({t} AS TIMESTAMPTZ) AS TIMESTAMP), "
                f"try_strptime({short}, {formats}))")
    if ktype == T.TIMESPAN:
        p = string_literal(_TIMESPAN_TEXT)
        g = [f"regexp_extract({t}, {p}, {i})" for i in range(7)]
        ticks = (f"((coalesce(TRY_CAST(NULLIF({g[2]}, '') AS BIGINT), 0) * 86400 "
                 f"+ CAST({g[3]} AS BIGINT) * 3600 + CAST({g[4]} AS BIGINT) * 60 "
                 f"+ CAST({g[5]} AS BIGINT)) * 10000000 "
                 f"+ coalesce(TRY_CAST(rpad(NULLIF({g[6]}, ''), 7, '0') AS BIGINT), 0))")
        return (f"CASE WHEN regexp_full_match({t}, {p}) "
                f"THEN CASE WHEN {g[1]} = '-' THEN -{ticks} ELSE {ticks} END "
                f"WHEN regexp_full_match({t}, {string_literal(_INT_TEXT)}) "
                f"THEN TRY_CAST({t} AS BIGINT) END")
    return v


def native_value(ktype: str, v: str, dtype: str) -> str:
    """SQL of the stored value of `v` of DuckDB type `dtype` (a Parquet input column)."""
    d = dtype.upper()
    nested = d.endswith("]") or d.startswith(("STRUCT", "MAP", "UNION"))
    if d in ("VARCHAR", "JSON") and ktype not in (T.STRING, T.DYNAMIC):
        return text_value(ktype, f"CAST({v} AS VARCHAR)")
    if ktype in (T.STRING, T.DYNAMIC, T.UNKNOWN, T.GUID):
        return (f"CAST(to_json({v}) AS VARCHAR)" if nested or d == "JSON"
                else f"CAST({v} AS VARCHAR)")
    if ktype == T.DATETIME:
        if d.startswith("TIMESTAMP") or d == "DATE":
            return f"CAST({v} AS TIMESTAMP)"
        return f"TRY_CAST({v} AS TIMESTAMP)"
    if ktype == T.TIMESPAN:
        if d == "INTERVAL":
            return f"epoch_us({v}) * 10"
        return text_value(ktype, f"CAST({v} AS VARCHAR)")
    storage = {T.LONG: "BIGINT", T.INT: "INTEGER", T.REAL: "DOUBLE",
               T.DECIMAL: "DECIMAL(38,18)", T.BOOL: "BOOLEAN"}[ktype]
    return v if d == storage else f"TRY_CAST({v} AS {storage})"


def is_present(v: str, dtype: Optional[str] = None) -> str:
    """SQL: the source value is given (not null, not empty text)."""
    if dtype is None or dtype.upper() == "VARCHAR":
        return f"({v} IS NOT NULL AND trim({v}) <> '')"
    return f"({v} IS NOT NULL)"


def bad_reason(column: str, ktype: str, v: str, value_sql: str,
               dtype: Optional[str] = None) -> Optional[str]:
    """SQL of the reason this column's value cannot be stored (NULL when it can)."""
    if ktype in (T.STRING, T.DYNAMIC, T.UNKNOWN):
        return None
    word = _TYPE_WORDS.get(ktype, ktype)
    shown = f"left(CAST({v} AS VARCHAR), 80)"
    if ktype == T.GUID:
        test = f"{is_present(v, dtype)} AND TRY_CAST({value_sql} AS UUID) IS NULL"
    else:
        test = f"{is_present(v, dtype)} AND ({value_sql}) IS NULL"
    return (f"CASE WHEN {test} THEN {string_literal(column + ': ')} || "
            f"to_json({shown}) || {string_literal(' is not ' + word)} END")


def reasons_sql(parts: list[Optional[str]]) -> str:
    """The first non-null reason of several (NULL: the record can be stored)."""
    parts = [p for p in parts if p]
    if not parts:
        return "CAST(NULL AS VARCHAR)"
    if len(parts) == 1:
        return parts[0]
    return f"NULLIF(concat_ws('; ', {', '.join(parts)}), '')"


def column_sql(column: str, ktype: str, v: str, dtype: Optional[str] = None
               ) -> tuple[str, Optional[str]]:
    """(stored value SQL, reason SQL or None) for one schema column whose source is `v`."""
    if dtype is None or dtype.upper() == "VARCHAR":
        value = text_value(ktype, v)
    else:
        value = native_value(ktype, v, dtype)
    return value, bad_reason(column, ktype, v, value, dtype)


def storage_cast(ktype: str) -> str:
    """The DuckDB type a stored column has before it becomes Arrow (layout.arrow_type)."""
    return {T.LONG: "BIGINT", T.INT: "INTEGER", T.REAL: "DOUBLE", T.DECIMAL: "DECIMAL(38,18)",
            T.BOOL: "BOOLEAN", T.DATETIME: "TIMESTAMP", T.TIMESPAN: "BIGINT"}.get(ktype,
                                                                              "VARCHAR")


def q(name: str) -> str:
    return quote_ident(name)
