"""Small helpers the family modules share: one-line definitions and argument coercions."""
from __future__ import annotations

from typing import Optional

from hunt import types as T
from hunt.functions import convert as C
from hunt.functions.registry import Function, register
from hunt.sqlgen import dialect


def define(name: str, min_args: int, max_args: Optional[int], returns, sql, *aliases: str,
           naming: str = "none", prefix: Optional[str] = None, kind: str = "scalar",
           empty: Optional[str] = None, doc: str = "", namer=None) -> Function:
    fn = Function(name=name, kind=kind, min_args=min_args, max_args=max_args, returns=returns,
                  sql=sql, naming=naming, prefix=prefix, empty=empty, doc=doc, namer=namer)
    return register(fn, *aliases)


# ---------------------------------------------------------------- argument coercions
def text(a) -> str:
    """The argument as KQL text (VARCHAR, never NULL)."""
    return C.to_text(a.sql, a.type)


def long_(a) -> str:
    return C.to_long(a.sql, a.type)


def real(a) -> str:
    return C.to_real(a.sql, a.type)


def boolean(a) -> str:
    return C.to_bool(a.sql, a.type)


def dt(a) -> str:
    return C.to_datetime(a.sql, a.type)


def ts(a) -> str:
    return C.to_timespan(a.sql, a.type)


def dyn(a) -> str:
    """The argument as dynamic (JSON)."""
    return C.to_dynamic(a.sql, a.type)


def lst(a) -> str:
    """A dynamic array argument as a DuckDB JSON[] list (NULL when not an array)."""
    return C.to_list(a.sql, a.type)


def num(a) -> str:
    """A numeric argument kept in its own numeric type; other types converted to real."""
    if a.type in T.NUMERIC:
        return a.sql
    return C.to_real(a.sql, a.type)


def str_lit(s: str) -> str:
    return dialect.string_literal(s)


def const_str(a) -> Optional[str]:
    """The constant text value of an argument, or None when it is not a constant string."""
    if a.is_constant and isinstance(a.value, str):
        return a.value
    return None


def const_int(a) -> Optional[int]:
    if a.is_constant and isinstance(a.value, (int, float)) and not isinstance(a.value, bool):
        return int(a.value)
    return None


def nn_text(sql: str) -> str:
    """Keep the never-null-string invariant."""
    return f"coalesce({sql}, '')"


# ---------------------------------------------------------------- result-type rules
def num_type(*idx: int):
    """Numeric promotion of the given arguments; non-numeric (dynamic/unknown) → real."""
    def rule(args: list) -> str:
        out = None
        for i in idx:
            if i < len(args):
                t = args[i].type
                if t not in T.NUMERIC:
                    t = T.REAL
                out = t if out is None else T.promote(out, t)
        return T.LONG if out in (None, T.INT) else out
    return rule


def arg_type(i: int, default: str = T.UNKNOWN):
    def rule(args: list) -> str:
        return args[i].type if len(args) > i else default
    return rule


def type_arg(a) -> Optional[str]:
    """The Kusto type named by a `typeof(t)` argument (the binder passes the type name as
    the constant value, or as the argument's type with a None value)."""
    v = a.value if a.is_constant else None
    if isinstance(v, str):
        t = T.normalize(v.replace("typeof(", "").rstrip(")"))
        if t:
            return t
    if a.type in T.SCALAR_TYPES:
        return a.type
    return None


def binder_only(c, a):
    """The translation of a function the binder expands itself (it needs the row's
    columns): never reached for a bound call."""
    c.unsupported("this function is expanded by the binder")
