"""KQL's value conversions written as DuckDB SQL: tostring, tolong, todouble, ...

Used by conversion functions, by functions whose parameters take a type other than the
argument's (a dynamic passed where a string is expected), and by the binder for implicit
conversions (`d.a == "x"`). Each takes the argument's SQL and Kusto type and returns SQL of
the target type with KQL's rules: failures give NULL (never an error), strings never NULL.
"""
from __future__ import annotations

from hunt import types as T

# The text form KQL gives a real: .NET "R"-like shortest round-trip, without a trailing ".0"
# (1.0 -> "1", 0.1 -> "0.1", 1e+20 -> "1E+20"). kql_real_text is a SQL macro (macros.py).


def to_text(sql: str, ktype: str) -> str:
    """tostring(x): the KQL text of any value; null gives ''."""
    if ktype == T.STRING:
        return sql
    if ktype == T.BOOL:
        return f"coalesce(CASE WHEN {sql} THEN 'true' WHEN NOT {sql} THEN 'false' END, '')"
    if ktype in (T.LONG, T.INT):
        return f"coalesce(CAST({sql} AS VARCHAR), '')"
    if ktype == T.REAL:
        return f"coalesce(kql_real_text({sql}), '')"
    if ktype == T.DECIMAL:
        return f"coalesce(kql_decimal_text({sql}), '')"
    if ktype == T.DATETIME:
        return f"coalesce(kql_datetime_text({sql}), '')"
    if ktype == T.TIMESPAN:
        return f"coalesce(kql_timespan_text({sql}), '')"
    if ktype == T.GUID:
        return f"coalesce(CAST({sql} AS VARCHAR), '')"
    # dynamic: a JSON string gives its raw text, anything else its compact JSON
    return f"coalesce(kql_dyn_text({sql}), '')"


def to_long(sql: str, ktype: str) -> str:
    if ktype == T.LONG:
        return sql
    if ktype == T.INT:
        return f"CAST({sql} AS BIGINT)"
    if ktype in (T.REAL, T.DECIMAL):
        return f"TRY_CAST(trunc({sql}) AS BIGINT)"
    if ktype == T.BOOL:
        return f"CAST({sql} AS BIGINT)"
    if ktype == T.DATETIME:
        # ticks since 0001-01-01, as Kusto's tolong(datetime)
        return f"kql_ticks({sql})"
    if ktype == T.TIMESPAN:
        return f"(to_microseconds_total({sql}) * 10)"
    if ktype == T.STRING:
        return f"kql_str_to_long({sql})"
    if ktype in (T.DYNAMIC, T.UNKNOWN):
        return f"kql_str_to_long(kql_dyn_text({sql}))"
    return f"TRY_CAST({sql} AS BIGINT)"


def to_int(sql: str, ktype: str) -> str:
    return f"TRY_CAST({to_long(sql, ktype)} AS INTEGER)"


def to_real(sql: str, ktype: str) -> str:
    if ktype == T.REAL:
        return sql
    if ktype in (T.LONG, T.INT, T.DECIMAL, T.BOOL):
        return f"CAST({sql} AS DOUBLE)"
    if ktype == T.STRING:
        return f"TRY_CAST(nullif(trim({sql}), '') AS DOUBLE)"
    if ktype in (T.DYNAMIC, T.UNKNOWN):
        return f"TRY_CAST(nullif(trim(kql_dyn_text({sql})), '') AS DOUBLE)"
    if ktype == T.DATETIME:
        return f"CAST(epoch_us({sql}) * 10 + 621355968000000000 AS DOUBLE)"
    if ktype == T.TIMESPAN:
        return f"CAST(to_microseconds_total({sql}) * 10 AS DOUBLE)"
    return f"TRY_CAST({sql} AS DOUBLE)"


def to_decimal(sql: str, ktype: str) -> str:
    if ktype == T.DECIMAL:
        return sql
    if ktype in (T.STRING, T.DYNAMIC, T.UNKNOWN):
        s = sql if ktype == T.STRING else f"kql_dyn_text({sql})"
        return f"TRY_CAST(nullif(trim({s}), '') AS DECIMAL(38,18))"
    return f"TRY_CAST({sql} AS DECIMAL(38,18))"


def to_bool(sql: str, ktype: str) -> str:
    if ktype == T.BOOL:
        return sql
    if ktype in (T.LONG, T.INT, T.REAL, T.DECIMAL):
        return f"(({sql}) <> 0)"
    if ktype == T.STRING:
        return f"kql_str_to_bool({sql})"
    if ktype in (T.DYNAMIC, T.UNKNOWN):
        return f"kql_str_to_bool(kql_dyn_text({sql}))"
    return "NULL::BOOLEAN"


def to_datetime(sql: str, ktype: str) -> str:
    if ktype == T.DATETIME:
        return sql
    if ktype == T.STRING:
        return f"kql_str_to_datetime({sql})"
    if ktype in (T.DYNAMIC, T.UNKNOWN):
        return f"kql_str_to_datetime(kql_dyn_text({sql}))"
    if ktype in (T.LONG, T.INT, T.REAL, T.DECIMAL):
        # ticks since 0001-01-01
        return (f"TRY(make_timestamp(CAST((CAST({sql} AS HUGEINT) - 621355968000000000) // 10"
                f" AS BIGINT)))")
    return "NULL::TIMESTAMP"


def to_timespan(sql: str, ktype: str) -> str:
    if ktype == T.TIMESPAN:
        return sql
    if ktype == T.STRING:
        return f"kql_str_to_timespan({sql})"
    if ktype in (T.DYNAMIC, T.UNKNOWN):
        return f"kql_str_to_timespan(kql_dyn_text({sql}))"
    if ktype in (T.LONG, T.INT, T.REAL, T.DECIMAL):
        # ticks
        return f"to_microseconds(CAST(trunc(({sql}) / 10) AS BIGINT))"
    return "NULL::INTERVAL"


def to_guid(sql: str, ktype: str) -> str:
    if ktype == T.GUID:
        return sql
    if ktype in (T.DYNAMIC, T.UNKNOWN):
        return f"TRY_CAST(kql_dyn_text({sql}) AS UUID)"
    if ktype == T.STRING:
        return f"TRY_CAST(trim({sql}) AS UUID)"
    return "NULL::UUID"


def to_dynamic(sql: str, ktype: str) -> str:
    """A value as dynamic (JSON). Strings become JSON strings (not parsed: that is parse_json)."""
    if ktype in (T.DYNAMIC, T.UNKNOWN):
        return sql
    if ktype == T.DATETIME or ktype == T.TIMESPAN or ktype == T.GUID:
        return f"CASE WHEN ({sql}) IS NULL THEN NULL::JSON ELSE to_json({to_text(sql, ktype)}) END"
    if ktype == T.DECIMAL:
        return f"CAST(kql_decimal_text({sql}) AS JSON)"
    if ktype == T.REAL:
        # JSON has no NaN/Infinity: those become strings, as Kusto shows them
        return (f"CASE WHEN isnan({sql}) OR isinf({sql}) THEN to_json(kql_real_text({sql}))"
                f" ELSE to_json({sql}) END")
    return f"to_json({sql})"


def to_list(sql: str, ktype: str) -> str:
    """A dynamic array as a DuckDB list of JSON values (NULL when not an array); a scalar of
    another type as a one-element list."""
    if ktype in (T.DYNAMIC, T.UNKNOWN):
        return f"kql_arr({sql})"
    return f"[{to_dynamic(sql, ktype)}]"


def literal_text(value, ktype: str) -> str:
    """The KQL text of a constant, computed in Python (for compile-time folding)."""
    from hunt.sqlgen import dialect
    from hunt.functions import textfmt
    if value is None:
        return ""
    if ktype == T.STRING:
        return value
    if ktype == T.BOOL:
        return "true" if value else "false"
    if ktype == T.REAL:
        return textfmt.real_text(float(value))
    if ktype == T.DATETIME:
        return dialect.format_datetime(value)
    if ktype == T.TIMESPAN:
        return dialect.format_timespan(value)
    if ktype in (T.DYNAMIC, T.UNKNOWN):
        return value if isinstance(value, str) else dialect.json_text(value)
    return str(value)


_CONVERTERS = {
    T.STRING: to_text, T.LONG: to_long, T.INT: to_int, T.REAL: to_real, T.DECIMAL: to_decimal,
    T.BOOL: to_bool, T.DATETIME: to_datetime, T.TIMESPAN: to_timespan, T.GUID: to_guid,
    T.DYNAMIC: to_dynamic,
}


def convert(sql: str, from_type: str, to_type: str) -> str:
    """Convert with KQL's rules (failure gives NULL)."""
    if from_type == to_type:
        return sql
    return _CONVERTERS[to_type](sql, from_type)
