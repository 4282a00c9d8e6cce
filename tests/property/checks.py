"""The properties every pipeline must have: it compiles and runs, and its result (names,
Kusto types, DuckDB's Arrow schema, Python cells, Result.to_arrow()) agrees with the schema
the compiler inferred.

`check(h, kql)` returns None when all holds, "unsupported" when the compiler refused the query
with KqlUnsupportedError, and otherwise raises PipelineFailure with a one-line reason whose
first word names the kind of failure (compile, run, names, types, raw, cell, arrow,
isempty, value, getschema, count).
"""
from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import uuid

import pyarrow as pa

import hunt
from tests.property.fixture import NOW

INT32 = (-2**31, 2**31 - 1)
INT64 = (-2**63, 2**63 - 1)


class PipelineFailure(AssertionError):
    def __init__(self, kind: str, detail: str, kql: str):
        super().__init__(f"{kind}: {detail}\n--- query ---\n{kql}")
        self.kind = kind
        self.detail = detail
        self.kql = kql


def _json_like(v) -> bool:
    if v is None or isinstance(v, (str, bool, int, float)):
        return True
    if isinstance(v, list):
        return all(_json_like(x) for x in v)
    if isinstance(v, dict):
        return all(isinstance(k, str) and _json_like(x) for k, x in v.items())
    return False


def cell_ok(value, ktype: str) -> bool:
    """Is a Python cell what Result promises for a column of Kusto type `ktype`?"""
    if ktype == "string":
        return isinstance(value, str)
    if value is None:
        return True
    if ktype == "long":
        return type(value) is int and INT64[0] <= value <= INT64[1]
    if ktype == "int":
        return type(value) is int and INT32[0] <= value <= INT32[1]
    if ktype == "real":
        return type(value) is float
    if ktype == "bool":
        return type(value) is bool
    if ktype == "datetime":
        return isinstance(value, dt.datetime) and value.tzinfo is not None
    if ktype == "timespan":
        return isinstance(value, dt.timedelta)
    if ktype == "dynamic":
        return _json_like(value)
    if ktype == "guid":
        return isinstance(value, (uuid.UUID, str))
    if ktype == "decimal":
        return isinstance(value, decimal.Decimal)
    return False


def arrow_ok(atype: pa.DataType, ktype: str) -> bool:
    """Is a Result.to_arrow() column type the one promised for Kusto type `ktype`?"""
    if ktype in ("string", "dynamic", "guid"):
        return pa.types.is_string(atype) or pa.types.is_large_string(atype)
    if ktype == "long":
        return atype == pa.int64()
    if ktype == "int":
        return atype == pa.int32()
    if ktype == "real":
        return atype == pa.float64()
    if ktype == "bool":
        return atype == pa.bool_()
    if ktype == "datetime":
        return atype == pa.timestamp("us", tz="UTC")
    if ktype == "timespan":
        return atype == pa.duration("us")
    if ktype == "decimal":
        return pa.types.is_decimal(atype)
    return False


def raw_ok(atype: pa.DataType, ktype: str) -> bool:
    """Is the Arrow type DuckDB produced for a column the storage of Kusto type `ktype`
    (hunt.types.DUCKDB_TYPES)? The engine converts a few forms on purpose (HUGEINT sums as
    decimal(38,0), UUID as text); anything else means the SQL computed another type than the
    checker inferred, and Result only hides it by converting."""
    if ktype == "string":
        return pa.types.is_string(atype) or pa.types.is_large_string(atype)
    if ktype == "long":
        return atype == pa.int64() or (pa.types.is_decimal(atype) and atype.scale == 0)
    if ktype == "int":
        return atype == pa.int32()
    if ktype == "real":
        return atype == pa.float64() or pa.types.is_decimal(atype)
    if ktype == "bool":
        return atype == pa.bool_()
    if ktype == "datetime":
        return pa.types.is_timestamp(atype)
    if ktype == "timespan":
        return pa.types.is_interval(atype) or pa.types.is_duration(atype)
    if ktype == "guid":
        return (pa.types.is_string(atype) or pa.types.is_fixed_size_binary(atype)
                or isinstance(atype, pa.ExtensionType))
    if ktype == "dynamic":
        return True
    if ktype == "decimal":
        return pa.types.is_decimal(atype)
    return False


# words that cannot stand as a bare column name in every position (`on na, false`)
KEYWORDS = frozenset("""and or not in by on with of to typeof let true false null asc desc kind
    between has contains startswith endswith matches regex where project extend summarize sort
    order top take limit join union as count distinct range print datatable nulls first last
    step from bin dynamic""".split())


def quote(name: str) -> str:
    """A column name as KQL text: bare when it is a plain identifier, else ['...']."""
    if name.replace("_", "a").isalnum() and not name[0].isdigit() and \
            name not in KEYWORDS and name.lower() not in ("true", "false"):
        return name
    return "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']"


def check_isempty(h, kql: str, names: list[str]) -> None:
    """isempty() of every result column is true or false, never null: KQL has no null string
    (a string column holding SQL NULL inside the engine shows up here, although Result
    prints it as "") and isempty() of a null of any other type is true."""
    probe = kql + "\n| project " + ", ".join(
        f"__e{i} = isempty({quote(n)})" for i, n in enumerate(names))
    rows = run_probe(h, probe, "isempty").rows
    for row in rows:
        for name, value in zip(names, row):
            if type(value) is not bool:
                raise PipelineFailure("isempty", f"isempty({name}) is {value!r}", probe)


def check(h, kql: str, deep: bool = True):
    """Compile and run `kql` on session `h`; raise PipelineFailure on any broken property.
    `deep`: also run the isempty() probe (check_isempty)."""
    try:
        compiled = h.compile(kql, now=NOW)
    except hunt.KqlUnsupportedError:
        return "unsupported"
    except hunt.KqlError as err:
        raise PipelineFailure("compile", f"{type(err).__name__}[{err.code}] {err}", kql) from err
    except Exception as exc:   # noqa: BLE001 - a crash outside KqlError is the finding
        raise PipelineFailure("compile", f"crash {type(exc).__name__}: {exc}", kql) from exc
    inferred = [(c.name, c.type) for c in compiled.last.columns]
    try:
        r = h.query(kql, now=NOW)
    except hunt.KqlUnsupportedError:
        return "unsupported"
    except hunt.KqlError as err:
        raise PipelineFailure("run", f"{type(err).__name__}[{err.code}] {err}", kql) from err
    except Exception as exc:   # noqa: BLE001
        raise PipelineFailure("run", f"crash {type(exc).__name__}: {exc}", kql) from exc

    names = [n for n, _ in inferred]
    types = [t for _, t in inferred]
    if list(r.columns) != names:
        raise PipelineFailure("names", f"result {r.columns} != inferred {names}", kql)
    if list(r.kusto_types) != types:
        raise PipelineFailure("types", f"result {r.kusto_types} != inferred {types}", kql)

    raw = r._table          # DuckDB's own Arrow result, before Result converts anything
    if raw.num_columns != len(names):
        raise PipelineFailure("raw", f"DuckDB gave {raw.num_columns} columns for "
                              f"{len(names)} inferred", kql)
    for name, ktype, field in zip(names, types, raw.schema):
        if not raw_ok(field.type, ktype):
            raise PipelineFailure("raw", f"column {name}: inferred {ktype}, DuckDB produced "
                                  f"{field.type}", kql)

    try:
        rows = r.rows
    except Exception as exc:   # noqa: BLE001
        raise PipelineFailure("cell", f"rows crash {type(exc).__name__}: {exc}", kql) from exc
    for row in rows:
        for name, ktype, value in zip(names, types, row):
            if not cell_ok(value, ktype):
                raise PipelineFailure("cell", f"column {name}: {ktype} cell "
                                      f"{type(value).__name__} {value!r}", kql)

    try:
        table = r.to_arrow()
    except Exception as exc:   # noqa: BLE001
        raise PipelineFailure("arrow", f"to_arrow crash {type(exc).__name__}: {exc}",
                              kql) from exc
    if table.column_names != names:
        raise PipelineFailure("arrow", f"to_arrow names {table.column_names}", kql)
    for name, ktype, field in zip(names, types, table.schema):
        if not arrow_ok(field.type, ktype):
            raise PipelineFailure("arrow", f"column {name}: {ktype} as {field.type}", kql)
    if deep:
        if names and r.rows:
            check_isempty(h, kql, names)
            check_values(h, kql, inferred)
        check_getschema(h, kql, inferred)
        check_count(h, kql, len(rows), r.truncated)
    return None


_EPOCH0 = dt.datetime(1, 1, 1, tzinfo=dt.timezone.utc)


def _agrees(ktype: str, value, number) -> bool:
    """Does a Python cell agree with the engine's own rendering of it (see check_values)?"""
    if ktype == "datetime":
        ticks = (value - _EPOCH0) // dt.timedelta(microseconds=1) * 10
        return abs(ticks - number) < 10
    if ktype == "timespan":
        days = value / dt.timedelta(days=1)
        return abs(days - number) <= 1e-9 * max(1.0, abs(number))
    if ktype in ("long", "int"):
        return str(value) == number
    if ktype == "bool":
        return ("true" if value else "false") == number
    if ktype == "guid":
        return str(value).lower() == number.lower()
    if ktype == "dynamic":
        if isinstance(value, (dict, list)):
            try:
                return json.loads(number) == value
            except ValueError:
                return False
        if isinstance(value, bool):
            return ("true" if value else "false") == number
        if isinstance(value, str):
            return value == number
        try:
            return math.isclose(float(number), float(value), rel_tol=1e-12)
        except ValueError:
            return False
    return True


# the engine's own number or text for a column of each type
_RENDER = {"datetime": "tolong({})", "timespan": "{} / 1d", "long": "tostring({})",
           "int": "tostring({})", "bool": "tostring({})", "guid": "tostring({})",
           "dynamic": "tostring({})"}


def check_values(h, kql: str, inferred: list) -> None:
    """Each cell, as Result gives it to Python, is the value the engine computes with: next
    to every column the probe asks the engine for its number or text (tolong(datetime) in
    ticks, timespan / 1d, tostring() of the rest) and compares the two."""
    cols = [(n, t) for n, t in inferred if t in _RENDER]
    if not cols:
        return
    items = [f"__c{i} = {quote(n)}, __v{i} = {_RENDER[t].format(quote(n))}"
             for i, (n, t) in enumerate(cols)]
    probe = kql + "\n| project " + ", ".join(items)
    rows = run_probe(h, probe, "value").rows
    for row in rows:
        for i, (n, t) in enumerate(cols):
            value, number = row[2 * i], row[2 * i + 1]
            if value is None:
                if number not in (None, ""):
                    raise PipelineFailure("value", f"{n}: null {t} but the engine renders "
                                          f"{number!r}", probe)
                continue
            if number is None or not _agrees(t, value, number):
                raise PipelineFailure("value", f"{n}: Python {t} {value!r} but the engine "
                                      f"computes {number!r}", probe)


def run_probe(h, probe: str, kind: str):
    """The Result of a follow-up query; a KQL error in it is a `kind` failure."""
    try:
        return h.query(probe, now=NOW)
    except hunt.KqlError as err:
        raise PipelineFailure(kind, f"{type(err).__name__}[{err.code}] {err}", probe) from err


def check_getschema(h, kql: str, inferred: list) -> None:
    """`| getschema` lists the inferred columns: names, order and Kusto types."""
    probe = kql + "\n| getschema"
    r = run_probe(h, probe, "getschema")
    got = [(row[r.columns.index("ColumnName")], row[r.columns.index("ColumnType")])
           for row in r.rows]
    if got != inferred:
        raise PipelineFailure("getschema", f"getschema {got} != inferred {inferred}", probe)


# operators and functions whose rows may differ from one run to the next (ties, arbitrary
# picks, random samples, row order of unsorted input)
NONDETERMINISTIC = ("| sample", "| take", "| limit", "| top", "arg_max", "arg_min", "take_any",
                    "any(", "prev(", "next(", "row_number", "row_cumsum", "row_rank", "new_guid",
                    "rand(", "mv-apply", "make_list", "limit ")


def deterministic(kql: str) -> bool:
    return not any(marker in kql for marker in NONDETERMINISTIC)


def check_count(h, kql: str, n_rows: int, truncated: bool) -> None:
    """`| count` counts the rows the query returned."""
    probe = kql + "\n| count"
    r = run_probe(h, probe, "count")
    if not deterministic(kql):
        return
    if not truncated and r.rows != [(n_rows,)]:
        raise PipelineFailure("count", f"count {r.rows} != {n_rows} rows returned", probe)
