"""The syntax tree of a KQL query: frozen dataclasses, one source span each.

The parser builds these from text and nothing else; the semantic layer reads them. Names are
kept exactly as written (KQL names are case-sensitive); literals are decoded to Python values.
Every node has `span` as its first field so that any error can point at it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Union

from hunt.errors import Span

# ---------------------------------------------------------------------------------------------
# Scalar expressions


@dataclass(frozen=True)
class Literal:
    """A constant. `type` is a canonical Kusto type name (hunt.types). `value` is the Python
    value: str, int, float, bool, decimal.Decimal, datetime.datetime (UTC, naive),
    datetime.timedelta, uuid.UUID, or for dynamic a JSON-like Python object (dict/list/str/
    int/float/bool/None; datetimes and timedeltas may appear inside dynamic literals). None
    means the typed null (`int(null)`, `datetime(null)`, `dynamic(null)`)."""

    span: Span
    type: str
    value: Any


@dataclass(frozen=True)
class Name:
    """An identifier: column, let name, parameter, table, or zero-argument function.
    Bracketed names (`['a b']`) arrive here too, unquoted. `$left`/`$right` are Names."""

    span: Span
    name: str


@dataclass(frozen=True)
class Star:
    """`*` where an argument or column list allows it (`arg_max(x, *)`, `pack_array(*)`,
    `distinct *`, `count(*)` is not KQL but is tolerated)."""

    span: Span


@dataclass(frozen=True)
class Member:
    """`target.name` (dynamic property, `$left.X`, or a qualified name like `database("x").T`)."""

    span: Span
    target: "Expr"
    name: str


@dataclass(frozen=True)
class Index:
    """`target[index]`: dynamic key or array position."""

    span: Span
    target: "Expr"
    index: "Expr"


@dataclass(frozen=True)
class NamedArg:
    """`name = value` inside a call's arguments (`f(12, c=7)`, `bag_unpack(x, columnsConflict='x')`)."""

    span: Span
    name: str
    value: "Expr"


@dataclass(frozen=True)
class Call:
    """`name(args...)`. Deprecated spellings are kept as written (the registry maps them).
    Tabular arguments (toscalar, materialize, a tabular function) appear as Pipeline or Name."""

    span: Span
    name: str
    args: tuple["Expr", ...]


@dataclass(frozen=True)
class Unary:
    """`-x` or `+x`."""

    span: Span
    op: str
    operand: "Expr"


@dataclass(frozen=True)
class Binary:
    """A binary operator. `op` is the operator as written in lower case, with the `!` forms
    and `_cs` forms kept distinct: arithmetic `+ - * / %`, comparison `== != < <= > >= =~ !~`,
    logic `and or`, string operators `has !has has_cs !has_cs hasprefix ... contains !contains
    contains_cs startswith endswith ... like` and `matches regex`."""

    span: Span
    op: str
    left: "Expr"
    right: "Expr"


@dataclass(frozen=True)
class InList:
    """`left op (items)` for `in !in in~ !in~ has_any has_all has_any_cs has_all_cs`.
    Items are scalar expressions, dynamic literals, Names (possibly a let-bound table) or a
    Pipeline (a sub-query)."""

    span: Span
    op: str
    left: "Expr"
    items: tuple["Expr", ...]


@dataclass(frozen=True)
class Between:
    """`left between (low .. high)`; `negated` for `!between`."""

    span: Span
    left: "Expr"
    low: "Expr"
    high: "Expr"
    negated: bool


@dataclass(frozen=True)
class TypeLit:
    """`typeof(long)` as a value (mv-expand `to typeof`, extract's 4th argument)."""

    span: Span
    type: str


@dataclass(frozen=True)
class ColumnDecl:
    """`name:type` in datatable, externaldata, typeof(...), parse-kv, tabular parameters."""

    span: Span
    name: str
    type: str


@dataclass(frozen=True)
class SchemaLit:
    """A tabular schema: `(a:string, b:long)` or `(*)` (star=True, optionally with columns)."""

    span: Span
    columns: tuple[ColumnDecl, ...]
    star: bool = False


Expr = Union[Literal, Name, Star, Member, Index, NamedArg, Call, Unary, Binary, InList, Between,
             TypeLit, "Pipeline"]


# ---------------------------------------------------------------------------------------------
# Pieces shared by operators


@dataclass(frozen=True)
class Assign:
    """`Name = expr` in project/extend/summarize/print/serialize; `(a, b) = expr` gives several
    names. Unnamed items are plain expressions (no Assign)."""

    span: Span
    names: tuple[str, ...]
    value: Expr


@dataclass(frozen=True)
class SortKey:
    """One key of sort/top/order: asc None means the default (descending)."""

    span: Span
    expr: Expr
    asc: Optional[bool] = None
    nulls_first: Optional[bool] = None


@dataclass(frozen=True)
class Option:
    """`name=value` options and hints: `kind=inner`, `hint.strategy=shuffle`,
    `withsource=T`, `bagexpansion=array`, `with_itemindex=i`, `isfuzzy=true`, `flags=i`.
    `value` is a Literal, a Name (bare word) or another expression."""

    span: Span
    name: str
    value: Expr


# ---------------------------------------------------------------------------------------------
# Tabular operators (each consumes the previous stage of a Pipeline)


@dataclass(frozen=True)
class Where:
    span: Span
    predicate: Expr


@dataclass(frozen=True)
class Project:
    span: Span
    items: tuple[Union[Assign, Expr], ...]


@dataclass(frozen=True)
class ProjectAway:
    """Patterns are column names, possibly with `*` wildcards."""

    span: Span
    patterns: tuple[Name, ...]


@dataclass(frozen=True)
class ProjectKeep:
    span: Span
    patterns: tuple[Name, ...]


@dataclass(frozen=True)
class ProjectRename:
    """Pairs of (new name, old name) as Name nodes."""

    span: Span
    pairs: tuple[tuple[Name, Name], ...]


@dataclass(frozen=True)
class ProjectReorder:
    """Items of (pattern, order) where order is None, 'asc', 'desc', 'granny-asc', 'granny-desc'."""

    span: Span
    items: tuple[tuple[Name, Optional[str]], ...]


@dataclass(frozen=True)
class Extend:
    span: Span
    items: tuple[Union[Assign, Expr], ...]


@dataclass(frozen=True)
class Summarize:
    span: Span
    options: tuple[Option, ...]
    aggregates: tuple[Union[Assign, Expr], ...]
    by: tuple[Union[Assign, Expr], ...]


@dataclass(frozen=True)
class Count:
    """`count` operator; `as_name` from `count as N`."""

    span: Span
    as_name: Optional[str] = None


@dataclass(frozen=True)
class Take:
    """`take N` / `limit N`."""

    span: Span
    count: Expr


@dataclass(frozen=True)
class Sort:
    """`sort by` / `order by`."""

    span: Span
    keys: tuple[SortKey, ...]


@dataclass(frozen=True)
class Top:
    span: Span
    count: Expr
    keys: tuple[SortKey, ...]


@dataclass(frozen=True)
class TopNestedLevel:
    span: Span
    count: Optional[Expr]
    name: Optional[str]
    expr: Expr
    others: Optional[Expr]
    agg_name: Optional[str]
    aggregate: Expr
    asc: Optional[bool] = None


@dataclass(frozen=True)
class TopNested:
    span: Span
    levels: tuple[TopNestedLevel, ...]


@dataclass(frozen=True)
class Distinct:
    """`distinct a, b` or `distinct *` (a single Star item)."""

    span: Span
    items: tuple[Union[Assign, Expr], ...]


@dataclass(frozen=True)
class Join:
    """`join kind=... hint.x=... (right) on cond, ...`. Conditions are Names (same key on both
    sides) or Binary('==') over `$left.A` / `$right.B` Members (an `and` list is flattened).
    `where` is set for the `join ... on` free-form variants we may support later."""

    span: Span
    options: tuple[Option, ...]
    right: "Tabular"
    on: tuple[Expr, ...]


@dataclass(frozen=True)
class Lookup:
    span: Span
    options: tuple[Option, ...]
    right: "Tabular"
    on: tuple[Expr, ...]


@dataclass(frozen=True)
class Union_:
    """`union` as operator (piped input) or source. Legs are tabular expressions; a Name leg may
    contain `*` wildcards (`Device*Events`)."""

    span: Span
    options: tuple[Option, ...]
    legs: tuple["Tabular", ...]


@dataclass(frozen=True)
class MvExpandItem:
    span: Span
    name: Optional[str]
    expr: Expr
    to_type: Optional[str] = None


@dataclass(frozen=True)
class MvExpand:
    """`mv-expand` (and the deprecated `mvexpand`, `deprecated=True`).
    Options: bagexpansion, kind, with_itemindex; `limit` from a trailing `limit N`."""

    span: Span
    options: tuple[Option, ...]
    items: tuple[MvExpandItem, ...]
    limit: Optional[Expr] = None
    deprecated: bool = False


@dataclass(frozen=True)
class MvApply:
    """`mv-apply [options] items [limit N] [id=...] on (subquery)`; the subquery is a Pipeline
    whose source is None (it starts with an operator)."""

    span: Span
    options: tuple[Option, ...]
    items: tuple[MvExpandItem, ...]
    limit: Optional[Expr]
    subquery: "Pipeline"


@dataclass(frozen=True)
class ParsePart:
    """One element of a parse pattern: a constant (`text`), a column (`name`, `type`), or `*`."""

    span: Span
    text: Optional[str] = None
    name: Optional[str] = None
    type: Optional[str] = None
    star: bool = False


@dataclass(frozen=True)
class Parse:
    """`parse` and `parse-where` (where=True). Options: kind, flags."""

    span: Span
    options: tuple[Option, ...]
    expr: Expr
    pattern: tuple[ParsePart, ...]
    where: bool = False


@dataclass(frozen=True)
class ParseKv:
    span: Span
    expr: Expr
    columns: tuple[ColumnDecl, ...]
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Serialize:
    span: Span
    items: tuple[Union[Assign, Expr], ...]


@dataclass(frozen=True)
class MakeSeriesAgg:
    span: Span
    name: Optional[str]
    aggregate: Expr
    default: Optional[Expr]


@dataclass(frozen=True)
class MakeSeries:
    """`make-series aggs on Axis [from a] [to b] step s [by ...]` or `on Axis in range(a, b, s)`."""

    span: Span
    options: tuple[Option, ...]
    aggregates: tuple[MakeSeriesAgg, ...]
    on: Expr
    start: Optional[Expr]
    stop: Optional[Expr]
    step: Expr
    by: tuple[Union[Assign, Expr], ...]
    in_range: bool = False


@dataclass(frozen=True)
class Render:
    """`render chart [with (k=v, ...)]`; properties are kept as Options. Old syntax
    `render timechart kind=stacked` lands in options too."""

    span: Span
    chart: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Sample:
    span: Span
    count: Expr


@dataclass(frozen=True)
class SampleDistinct:
    span: Span
    count: Expr
    column: Expr


@dataclass(frozen=True)
class Search:
    """`search [kind=...] [in (T1, T2)] predicate`, piped or as a source (tables set)."""

    span: Span
    options: tuple[Option, ...]
    tables: tuple["Tabular", ...]
    predicate: Expr


@dataclass(frozen=True)
class Find:
    """`find [withsource=C] [in (T...)] where pred [project ...| project-smart]`."""

    span: Span
    options: tuple[Option, ...]
    tables: tuple["Tabular", ...]
    predicate: Expr
    project: Optional[tuple[Union[Assign, Expr, ColumnDecl], ...]]


@dataclass(frozen=True)
class Getschema:
    span: Span


@dataclass(frozen=True)
class As:
    span: Span
    options: tuple[Option, ...]
    name: str


@dataclass(frozen=True)
class Invoke:
    span: Span
    call: Call


@dataclass(frozen=True)
class Evaluate:
    """`evaluate [hints] plugin(args) [: (schema)]`."""

    span: Span
    options: tuple[Option, ...]
    call: Call
    schema: Optional[SchemaLit] = None


@dataclass(frozen=True)
class Facet:
    span: Span
    columns: tuple[Name, ...]
    subquery: Optional["Pipeline"]


@dataclass(frozen=True)
class Consume:
    span: Span


@dataclass(frozen=True)
class OtherOperator:
    """Operators that parse but are not executed yet (fork, partition, reduce, scan,
    top-hitters, make-graph, graph-match, ...). `name` is the keyword; the text is kept."""

    span: Span
    name: str
    text: str


# ---------------------------------------------------------------------------------------------
# Sources (the start of a pipeline)


@dataclass(frozen=True)
class Datatable:
    span: Span
    columns: tuple[ColumnDecl, ...]
    values: tuple[Expr, ...]


@dataclass(frozen=True)
class Range:
    span: Span
    name: str
    start: Expr
    stop: Expr
    step: Expr


@dataclass(frozen=True)
class Print:
    span: Span
    items: tuple[Union[Assign, Expr], ...]


@dataclass(frozen=True)
class ExternalData:
    span: Span
    columns: tuple[ColumnDecl, ...]
    urls: tuple[Expr, ...]
    options: tuple[Option, ...]


Operator = Union[Where, Project, ProjectAway, ProjectKeep, ProjectRename, ProjectReorder, Extend,
                 Summarize, Count, Take, Sort, Top, TopNested, Distinct, Join, Lookup, Union_,
                 MvExpand, MvApply, Parse, ParseKv, Serialize, MakeSeries, Render, Sample,
                 SampleDistinct, Search, Find, Getschema, As, Invoke, Evaluate, Facet, Consume,
                 OtherOperator]


@dataclass(frozen=True)
class Pipeline:
    """`source | op | op ...`. `source` is a Name (table, let, wildcard), a Call (tabular
    function, materialize, table("x"), database("d").T as Member), a Datatable, Range, Print,
    ExternalData, Union_/Search/Find/Evaluate used as a source, or another Pipeline
    (parenthesised). `source` is None only inside mv-apply/facet/fork sub-queries."""

    span: Span
    source: Optional[Any]
    ops: tuple[Any, ...]


Tabular = Union[Pipeline, Name, Call, Member]


# ---------------------------------------------------------------------------------------------
# Statements


@dataclass(frozen=True)
class Param:
    """A lambda parameter: scalar (`type` is a type name, default optional) or tabular
    (`schema` is a SchemaLit)."""

    span: Span
    name: str
    type: Optional[str] = None
    schema: Optional[SchemaLit] = None
    default: Optional[Expr] = None


@dataclass(frozen=True)
class Lambda:
    """`(params) { lets...; body }`; `view` for `view () { ... }`."""

    span: Span
    params: tuple[Param, ...]
    lets: tuple["Let", ...]
    body: Expr
    view: bool = False


@dataclass(frozen=True)
class Let:
    """`let name = value;` where value is a scalar Expr, a Pipeline/Name (tabular), or a Lambda."""

    span: Span
    name: str
    value: Union[Expr, Lambda]


@dataclass(frozen=True)
class Set:
    span: Span
    name: str
    value: Optional[Expr]


@dataclass(frozen=True)
class QueryStatement:
    """A tabular expression statement (or a scalar one; the binder decides)."""

    span: Span
    expr: Expr


Statement = Union[Let, Set, QueryStatement]


@dataclass(frozen=True)
class Query:
    span: Span
    statements: tuple[Statement, ...]
