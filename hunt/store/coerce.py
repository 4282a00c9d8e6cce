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
    """SQL of the stored value of text `v` (a VARCHAR expression, ideally a column) for a
    Kusto type. Written for speed on the common case (a well-formed value): casts first, the
    slower forms only for what the casts refuse (COALESCE and CASE evaluate lazily)."""
    if ktype in (T.STRING, T.DYNAMIC, T.UNKNOWN):
        return v
    if ktype == T.GUID:
        return f"NULLIF({v}, '')"
    if ktype in (T.LONG, T.INT):
        duck = "BIGINT" if ktype == T.LONG else "INTEGER"
        # a cast rounds "12.5": text with a fraction or exponent takes the exact path
        return (f"CASE WHEN NOT (contains({v}, '.') OR contains({v}, 'e') OR contains({v}, 'E')) "
                f"THEN TRY_CAST({v} AS {duck}) "
                f"WHEN TRY_CAST({v} AS DOUBLE) = trunc(TRY_CAST({v} AS DOUBLE)) "
                f"THEN TRY_CAST(TRY_CAST({v} AS DOUBLE) AS {duck}) END")
    if ktype == T.REAL:
        return f"TRY_CAST({v} AS DOUBLE)"
    if ktype == T.DECIMAL:
        return f"TRY_CAST({v} AS DECIMAL(38,18))"
    if ktype == T.BOOL:
        return f"TRY_CAST({v} AS BOOLEAN)"
    if ktype == T.DATETIME:
        formats = "[" + ", ".join(string_literal(f) for f in _US_FORMATS) + "]"
        # strptime's %f takes at most 6 digits: Kusto prints 7
        short = f"regexp_replace(trim({v}), '(\\.[0-9]{{6}})[0-9]+', '\\1')"
        return (f"coalesce(CAST(TRY_CAST({v} AS TIMESTAMPTZ) AS TIMESTAMP), "
                f"CASE WHEN {v} <> '' THEN try_strptime({short}, {formats}) END)")
    if ktype == T.TIMESPAN:
        t = f"trim({v})"
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
        if "TZ" in d or "TIME ZONE" in d:       # the instant; DuckDB has no TZ_NS → TIMESTAMP
            return f"CAST(CAST({v} AS TIMESTAMPTZ) AS TIMESTAMP)"
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
    """SQL: the source value is given (not null, not blank text)."""
    if dtype is None or dtype.upper() == "VARCHAR":
        return f"({v} IS NOT NULL AND trim({v}) <> '')"
    return f"({v} IS NOT NULL)"


def value_sql(ktype: str, v: str, dtype: Optional[str] = None) -> str:
    """The stored value of source `v` (text, or native of DuckDB type `dtype`)."""
    if dtype is None or dtype.upper() == "VARCHAR":
        return text_value(ktype, v)
    return native_value(ktype, v, dtype)


def bad_sql(ktype: str, raw: str, value: str, dtype: Optional[str] = None) -> Optional[str]:
    """SQL: true when the given value `raw` could not be stored (`value` is the column of its
    stored value). None: every value of this type can be stored."""
    if ktype in (T.STRING, T.DYNAMIC, T.UNKNOWN):
        return None
    # CASE, not AND: the text test runs only for the rare rows whose value is missing
    if ktype == T.GUID:
        return (f"(CASE WHEN {raw} IS NULL OR TRY_CAST({value} AS UUID) IS NOT NULL THEN false "
                f"ELSE {is_present(raw, dtype)} END)")
    return (f"(CASE WHEN {raw} IS NULL OR {value} IS NOT NULL THEN false "
            f"ELSE {is_present(raw, dtype)} END)")


def bad_text(column: str, ktype: str, raw: str) -> str:
    """SQL of the words saying why `raw` cannot be stored in `column`."""
    word = _TYPE_WORDS.get(ktype, ktype)
    return (f"{string_literal(column + ': ')} || to_json(left(CAST({raw} AS VARCHAR), 80)) || "
            f"{string_literal(' is not ' + word)}")


def coerce_sql(info, fields, extras, source: str, keep: list[str], record: str,
               invalid: Optional[str] = None, retry: Optional[str] = None,
               time_fallback: Optional[str] = None) -> str:
    """The SELECT that coerces records of one table, in stages so that each value is
    computed once and reasons only for the records that have one.

    fields   [(ColumnInfo, raw SQL, DuckDB type or None for text)], SQL over `source`
    extras   [(name, value SQL over `source`)]: kept as columns `__x_<name>`
    keep     columns of `source` passed through (__line, __idx)
    record   SQL over `source`: the record's text, kept for quarantine
    invalid  SQL over `source`: the record could not be parsed at all
    retry    SQL over `source`: the record belongs to another group (routed again)

    Output: keep, __retry, schema columns (storage types), __x_<extra>, __day, __reason,
    __raw (the record, for rejected and retried records only)."""
    tcol = info.time_column if info.time_column and info.column(info.time_column) else None
    raws, values, bads, texts, outs = [], [], [], [], []
    for i, (col, raw, dtype) in enumerate(fields):
        r = f"__r{i}"
        raws.append(f"{raw} AS {r}")
        value = value_sql(col.type, r, dtype)
        if col.name == tcol and time_fallback is not None:
            value = f"coalesce({value}, {text_value(T.DATETIME, '__tf')})"
        name = q(col.name)
        values.append(f"CAST({value} AS {storage_cast(col.type)}) AS {name}")
        own = name
        if col.name == tcol and time_fallback is not None:
            own = f"({value_sql(col.type, r, dtype)})"     # a bad Timestamp is not replaced
        bad = bad_sql(col.type, r, own, dtype)
        if bad is not None:
            bads.append(bad)
            texts.append(f"CASE WHEN {bad} THEN {bad_text(col.name, col.type, r)} END")
        outs.append(name)
    for name, value in extras:
        raws.append(f"{value} AS {q('__x_' + name)}")
        outs.append(q("__x_" + name))
    carried = [f"__r{i}" for i in range(len(fields))]
    if time_fallback is not None:
        raws.append(f"{time_fallback} AS __tf")
        carried.append("__tf")
    invalid_sql = invalid or "false"
    retry_sql = retry or "false"
    why = [f"CASE WHEN __invalid THEN 'not valid JSON (a truncated or damaged record)' END"]
    bad_any = ["__invalid"] + bads
    if tcol is not None:
        day = f"CAST({q(tcol)} AS DATE)"
        bad_any.append(f"{q(tcol)} IS NULL")
        why.append(f"CASE WHEN {q(tcol)} IS NULL AND NOT __invalid THEN "
                   f"{string_literal('no ' + tcol + ': a record must say when it happened')} END")
    else:
        day = "CAST(NULL AS DATE)"
    reason = f"NULLIF(concat_ws('; ', {', '.join(why + texts)}), '')"
    kept = ", ".join(keep)
    return f"""
        WITH __s1 AS (
            SELECT {kept}, {record} AS __rec, coalesce({invalid_sql}, false) AS __invalid,
                   coalesce({retry_sql}, false) AS __retry, {', '.join(raws)}
            FROM {source}),
        __s2 AS (
            SELECT {kept}, __rec, __invalid, __retry,
                   {', '.join(carried) or "NULL AS __r_none"},
                   {', '.join(values)}{''.join(', ' + q('__x_' + n) for n, _ in extras)}
            FROM __s1),
        __s3 AS (
            SELECT *, NOT __retry AND ({' OR '.join(bad_any)}) AS __bad FROM __s2)
        SELECT {kept}, __retry, {', '.join(outs)}, {day} AS __day,
               CASE WHEN __bad THEN {reason} END AS __reason,
               CASE WHEN __bad OR __retry THEN __rec END AS __raw
        FROM __s3"""


def storage_cast(ktype: str) -> str:
    """The DuckDB type a stored column has before it becomes Arrow (layout.arrow_type)."""
    return {T.LONG: "BIGINT", T.INT: "INTEGER", T.REAL: "DOUBLE", T.DECIMAL: "DECIMAL(38,18)",
            T.BOOL: "BOOLEAN", T.DATETIME: "TIMESTAMP", T.TIMESPAN: "BIGINT"}.get(ktype,
                                                                              "VARCHAR")


def q(name: str) -> str:
    return quote_ident(name)
