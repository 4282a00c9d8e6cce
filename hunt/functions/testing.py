"""Evaluate a function translation on constant arguments in a real DuckDB connection (tests)."""
from __future__ import annotations

import datetime as _dt
import json

import duckdb

from hunt import types as T
from hunt.functions import macros, registry
from hunt.functions.registry import Arg, Ctx
from hunt.sqlgen import dialect

_CON = None


def connection():
    global _CON
    if _CON is None:
        _CON = duckdb.connect()
        _CON.execute("SET TimeZone = 'UTC'")
        _CON.execute("SET error_on_division_by_zero = false")
        macros.install(_CON)
    return _CON


def infer_type(v):
    if isinstance(v, bool):
        return T.BOOL
    if isinstance(v, int):
        return T.LONG
    if isinstance(v, float):
        return T.REAL
    if isinstance(v, str):
        return T.STRING
    if isinstance(v, _dt.datetime):
        return T.DATETIME
    if isinstance(v, _dt.timedelta):
        return T.TIMESPAN
    return T.DYNAMIC


class Typed:
    """An explicitly typed constant argument: Typed(None, 'long'), Typed([1], 'dynamic')."""

    def __init__(self, value, ktype, constant=True):
        self.value, self.type, self.constant = value, ktype, constant


def make_arg(v) -> Arg:
    if isinstance(v, Arg):
        return v
    if isinstance(v, Typed):
        sql = dialect.literal(v.value, v.type)
        return Arg(sql=sql, type=v.type, value=v.value if v.constant else registry.NOT_CONSTANT)
    t = infer_type(v)
    return Arg(sql=dialect.literal(v, t), type=t, value=v)


def translate(name: str, *args, ctx=None):
    fn = registry.lookup(name)
    assert fn is not None, f"no function {name}"
    a = [make_arg(x) for x in args]
    return fn, a, fn.translate(ctx or Ctx(), a)


def py(value, ktype):
    """Normalise a DuckDB result value: JSON text → Python object."""
    if ktype == T.DYNAMIC and isinstance(value, str):
        return json.loads(value)
    return value


def ev(name: str, *args, ctx=None):
    """The Python value of name(*args)."""
    fn, a, sql = translate(name, *args, ctx=ctx)
    row = connection().execute(f"SELECT {sql}").fetchone()
    return py(row[0], fn.result_type(a))


def sql_value(sql: str):
    return connection().execute(f"SELECT {sql}").fetchone()[0]
