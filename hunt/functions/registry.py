"""One table-driven registry of KQL scalar, aggregate and window functions.

Each entry says how many arguments the function takes, the Kusto type it returns (a type name
or a rule over the argument types), how its result column is named when unnamed, and how it
is written in DuckDB SQL: a template over the arguments' SQL (`"lower({0})"`) or a function
`(ctx, args) -> sql`. Simple renames are one line each.

Contract every translation keeps (the binder relies on it):
* a `string` result is never NULL (wrap with coalesce(..., '') where NULL can appear);
* a `dynamic` result is JSON or SQL NULL, never the JSON literal `null`;
* argument SQL is already KQL-typed (see `Arg`); user text reaches SQL only through
  `hunt.sqlgen.dialect.literal` / `string_literal`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Union

from hunt import types as T

NOT_CONSTANT = object()


@dataclass
class Arg:
    """A compiled argument handed to a translation."""

    sql: str                      # SQL text of the argument, KQL semantics already applied
    type: str                     # its Kusto type (hunt.types), UNKNOWN when not known
    value: Any = NOT_CONSTANT     # the Python value when it is a compile-time constant
    name: Optional[str] = None    # the argument's inferred column name (naming rules), if any
    node: Any = None              # the bound expression (for special cases), may be None
    tabular: Any = None           # for tabular arguments (toscalar): the compiled relation
    # a dynamic member with a constant path (IP.IPAddress): a function () -> SQL of its
    # text as tostring() gives it (NULL for null), read with one parse of the target
    member_text: Optional[Callable[[], str]] = None

    @property
    def is_constant(self) -> bool:
        return self.value is not NOT_CONSTANT


class Ctx:
    """What a translation may ask of the compiler. The binder passes a subclass instance that
    knows the query (pinned now, error location); tests may use this base directly."""

    now_sql: str = "TIMESTAMP '2026-01-01 00:00:00'"
    # window functions: the SQL of the serialized row order (for `OVER (ORDER BY ...)`)
    order_by: str = "__ord"

    def stage(self, sql: str) -> str:
        """Have `sql` (which may itself contain window functions) computed in a projection
        *before* the one being built, and return SQL that refers to that value. Window
        functions whose arguments contain window functions need it (`row_cumsum(x,
        prev(k) != k)`): SQL forbids nesting them. The binder overrides this; this default
        records the expressions in `self.staged` as (alias, sql) for tests to wrap."""
        staged = self.__dict__.setdefault("staged", [])
        alias = f"__stage{len(staged)}"
        staged.append((alias, sql))
        return '"' + alias + '"'

    def share(self, sql: str) -> str:
        """SQL that refers to `sql` computed once for the row, where the compiler can (a
        projection layer under the one being built), else `sql` itself: for a value that a
        translation reads several times (a macro's argument is repeated as text, and DuckDB
        does not share a subexpression between a CASE's condition and its branches)."""
        return sql

    def error(self, message: str, help: str | None = None):
        """Raise a semantic error at the call being translated."""
        from hunt.errors import KqlSemanticError
        raise KqlSemanticError(message, help=help)

    def unsupported(self, what: str):
        from hunt.errors import KqlUnsupportedError
        raise KqlUnsupportedError(what)


Translation = Union[str, Callable[[Ctx, list], str]]
ResultRule = Union[str, Callable[[list], str]]


@dataclass(frozen=True)
class Function:
    name: str
    kind: str                      # "scalar" | "aggregate" | "window"
    min_args: int
    max_args: Optional[int]        # None: variadic
    returns: ResultRule
    sql: Translation
    # naming of an unnamed result column (semantics §3.30 / §5):
    #   "arg"      -> the first argument's name (tostring(Foo) -> Foo)
    #   "prefix"   -> f"{prefix}_{argname}" (strlen(x) -> strlen_x; dcount(x) -> dcount_x;
    #                 make_set(x) -> set_x); prefix defaults to the function name
    #   "none"     -> default name (Column1 / print_0)
    naming: str = "none"
    prefix: Optional[str] = None
    # aggregates: the SQL value of the aggregate over an empty input when there is no `by`
    # (e.g. "[]" lists); None keeps what DuckDB gives. A template over "{0}" = the aggregate.
    empty: Optional[str] = None
    # functions that yield several columns (series_stats, series_fit_line, series_decompose,
    # ...): the SQL is one `dynamic` bag holding every output under its key, and `outputs`
    # lists (key, Kusto type) in KQL's column order. The binder expands the bag: an unnamed
    # call gives columns f"{column_name}_{key}" (series_stats(x) -> series_stats_x_min, ...);
    # `extend (a, b) = f(...)` names them in order. See `output_columns`.
    outputs: Optional[tuple[tuple[str, str], ...]] = None
    doc: str = ""
    # optional naming from the bound arguments (percentile(x, 95) -> percentile_x_95): a
    # function (args: list[Arg]) -> Optional[str]; see column_name_for
    namer: Optional[Callable[[list], Optional[str]]] = None

    def result_type(self, args: list) -> str:
        if callable(self.returns):
            return self.returns(args)
        return self.returns

    def translate(self, ctx: Ctx, args: list) -> str:
        if callable(self.sql):
            return self.sql(ctx, args)
        return self.sql.format(*[a.sql for a in args])

    def output_columns(self, bag_sql: str) -> list[tuple[str, str, str]]:
        """For a multi-output function: (key, Kusto type, SQL of that column) per output, the
        SQL reading the key out of `bag_sql` (the translation's result) with its type."""
        from hunt.sqlgen.dialect import string_literal
        cols = []
        for key, ktype in self.outputs or ():
            path = string_literal("$." + '"' + key + '"')
            item = f"json_extract({bag_sql}, {path})"
            if ktype == T.DYNAMIC:
                sql = f"nullif({item}, 'null'::JSON)"
            elif ktype == T.STRING:
                sql = f"coalesce(json_extract_string({bag_sql}, {path}), '')"
            else:
                sql = f"TRY_CAST({item} AS {T.duckdb_type(ktype)})"
            cols.append((key, ktype, sql))
        return cols

    def column_name_for(self, args: list) -> Optional[str]:
        """The default column name given the bound arguments (prefer this to column_name)."""
        if self.namer is not None:
            return self.namer(args)
        return self.column_name([a.name for a in args])

    def column_name(self, arg_names: list) -> Optional[str]:
        first = arg_names[0] if arg_names else None
        if self.naming == "arg":
            return first
        if self.naming == "prefix":
            return f"{self.prefix or self.name}_{first or ''}"
        if self.naming not in ("none", "arg", "prefix"):
            return self.naming          # a fixed name (countif -> "countif_")
        return None


_REGISTRY: dict[str, Function] = {}
_ALIASES: dict[str, str] = {}


def register(fn: Function, *aliases: str) -> Function:
    _REGISTRY[fn.name] = fn
    for a in aliases:
        _ALIASES[a] = fn.name
    return fn


def lookup(name: str) -> Optional[Function]:
    """The function of a KQL name (case-sensitive, like KQL), following deprecated aliases."""
    _load()
    fn = _REGISTRY.get(name)
    if fn is None and name in _ALIASES:
        fn = _REGISTRY.get(_ALIASES[name])
    return fn


def names() -> list[str]:
    _load()
    return sorted(set(_REGISTRY) | set(_ALIASES))


_loaded = False


def _load():
    global _loaded
    if not _loaded:
        _loaded = True
        from hunt.functions import catalog  # noqa: F401  (fills the registry)


def same(t: str) -> Callable[[list], str]:
    """Result rule: the type of argument t (an int index)."""
    def rule(args: list) -> str:
        return args[t].type if len(args) > t else T.UNKNOWN
    return rule


def numeric_of(*idx: int) -> Callable[[list], str]:
    """Result rule: numeric promotion over the given arguments."""
    def rule(args: list) -> str:
        out = None
        for i in idx:
            if i < len(args):
                out = args[i].type if out is None else T.promote(out, args[i].type)
        return T.LONG if out == T.INT else (out or T.UNKNOWN)
    return rule
