"""The checked, typed tree: what the semantic layer produces and SQL generation reads.

Expressions (B*) carry their Kusto type; relations (R*) carry their output schema (column
names, types, SQL aliases, in order) and whether their rows are serialized (ordered).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from hunt.errors import Span

ORD = "__ord"   # the SQL column carrying the serialized row order


def ph(i) -> str:
    """Placeholder for input i (or a named input) in compiler-built SQL templates."""
    return f"\x00{i}\x00"


@dataclass(frozen=True)
class Col:
    name: str    # KQL name (case-sensitive)
    type: str    # Kusto type
    alias: str   # SQL column name in the relation (unique case-insensitively)


# ---------------------------------------------------------------------------------------------
# Expressions


class BExpr:
    type: str
    span: Optional[Span] = None


@dataclass(eq=False)
class BLit(BExpr):
    value: Any
    type: str
    span: Optional[Span] = None


@dataclass(eq=False)
class BCol(BExpr):
    col: Col
    qualifier: Optional[str] = None   # SQL relation alias, e.g. "l"/"r" inside joins
    span: Optional[Span] = None

    @property
    def type(self) -> str:  # type: ignore[override]
        return self.col.type


@dataclass(eq=False)
class BCall(BExpr):
    fn: Any                 # registry.Function
    args: list
    type: str
    span: Optional[Span] = None


@dataclass(eq=False)
class BBinary(BExpr):
    op: str
    left: BExpr
    right: BExpr
    type: str
    span: Optional[Span] = None


@dataclass(eq=False)
class BUnary(BExpr):
    op: str
    operand: BExpr
    type: str
    span: Optional[Span] = None


@dataclass(eq=False)
class BPath(BExpr):
    """A dynamic access path: target then keys (str), positions (int) or expressions."""

    target: BExpr
    path: list
    type: str = "dynamic"
    span: Optional[Span] = None


@dataclass(eq=False)
class BInList(BExpr):
    op: str
    left: BExpr
    items: list                         # BExpr
    subquery: Optional["Rel"] = None    # one-column relation
    type: str = "bool"
    span: Optional[Span] = None


@dataclass(eq=False)
class BBetween(BExpr):
    left: BExpr
    low: BExpr
    high: BExpr
    negated: bool
    type: str = "bool"
    span: Optional[Span] = None


@dataclass(eq=False)
class BConvert(BExpr):
    expr: BExpr
    type: str
    span: Optional[Span] = None


@dataclass(eq=False)
class BScalarQuery(BExpr):
    """toscalar(...): first column of the first row of a relation."""

    rel: "Rel"
    type: str
    span: Optional[Span] = None


@dataclass(eq=False)
class BRaw(BExpr):
    """SQL built by the compiler itself (never from user text), over the given inputs:
    the markers ph(0), ph(1), ... in `template` are replaced by the inputs' SQL. (The markers
    hold NUL characters, which no SQL literal can contain, so user text never collides.)"""

    template: str
    inputs: list
    type: str
    span: Optional[Span] = None


@dataclass(eq=False)
class BTypeLit(BExpr):
    of: str
    type: str = "unknown"
    span: Optional[Span] = None


# ---------------------------------------------------------------------------------------------
# Relations


class Rel:
    schema: tuple
    ordered: bool = False


@dataclass(eq=False)
class RTable(Rel):
    table: Any          # catalog.TableInfo
    schema: tuple
    ordered: bool = False


@dataclass(eq=False)
class RSql(Rel):
    """A relation written by the compiler as SQL over input relations (ph(0), ph(1), ... are
    replaced by their CTE names, ph('name') by the SQL of exprs['name'])."""

    template: str
    inputs: list
    schema: tuple
    ordered: bool = False
    exprs: dict = field(default_factory=dict)   # name -> BExpr, rendered as {name} in template


@dataclass(eq=False)
class RProject(Rel):
    """SELECT items FROM input [WHERE pred]: project, extend, rename, parse... Keeps ORD."""

    input: Rel
    items: list               # (Col, BExpr)
    schema: tuple
    ordered: bool = False
    where: Optional[BExpr] = None
    qualify: Optional[BExpr] = None


@dataclass(eq=False)
class RFilter(Rel):
    input: Rel
    predicate: BExpr
    schema: tuple
    ordered: bool = False


@dataclass(eq=False)
class RAggregate(Rel):
    input: Rel
    keys: list               # (Col, BExpr)
    aggs: list               # (Col, BExpr) with aggregate calls inside
    schema: tuple
    ordered: bool = False
    empty_defaults: bool = False   # no `by`: apply KQL's empty-input values


@dataclass(eq=False)
class RArgAggregate(Rel):
    """summarize arg_max/arg_min(...) by keys: one row per group chosen by ordering."""

    input: Rel
    keys: list               # (Col, BExpr)
    order: BExpr
    desc: bool
    outputs: list            # (Col, BExpr) evaluated on the chosen row (after keys)
    window_aggs: list        # (Col, BExpr) other aggregates computed over the partition
    schema: tuple
    ordered: bool = False


@dataclass(eq=False)
class RSort(Rel):
    input: Rel
    keys: list               # (BExpr, asc: bool, nulls_first: bool)
    schema: tuple
    limit: Optional[BExpr] = None
    ordered: bool = True


@dataclass(eq=False)
class RLimit(Rel):
    input: Rel
    count: BExpr
    schema: tuple
    ordered: bool = False


@dataclass(eq=False)
class RDistinct(Rel):
    input: Rel
    items: list               # (Col, BExpr)
    schema: tuple
    ordered: bool = False


@dataclass(eq=False)
class RJoin(Rel):
    left: Rel
    right: Rel
    kind: str
    conditions: list          # (left BExpr, right BExpr) over input aliases
    left_cols: list           # (Col out, Col in) from left
    right_cols: list          # (Col out, Col in) from right
    schema: tuple
    ordered: bool = False


@dataclass(eq=False)
class RUnion(Rel):
    legs: list                # (Rel, [(Col out, BExpr or None)], source_name)
    schema: tuple
    ordered: bool = False


@dataclass(eq=False)
class RMvExpand(Rel):
    input: Rel
    passthrough: list         # (Col out, Col in)
    expands: list             # (Col out, BExpr, to_type, bagexpansion)
    index: Optional[Col]
    limit: Optional[int]
    schema: tuple
    ordered: bool = False


@dataclass(eq=False)
class RValues(Rel):
    rows: list                # list of list of BExpr
    schema: tuple
    ordered: bool = False


@dataclass(eq=False)
class RMaterialize(Rel):
    input: Rel
    schema: tuple
    ordered: bool = False
