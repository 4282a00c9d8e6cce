"""Column pruning: which columns of each relation its consumers read.

A KQL pipeline names every column of a table (`DeviceProcessEvents` has 69) although a query
reads a handful. DuckDB prunes unread columns from the scan itself, but it still binds every
column of every CTE, and a pass-through (extend, join, union, arg_max(*)) carries them all: on
short queries that binding is a visible share of the time. `needed_columns(root)` walks the
relation DAG from the statement's root and returns, per relation, the aliases its consumers
use; SqlGen then emits only those where a relation lists columns itself (table scans, extend,
joins, unions, mv-expand passthrough, arg_max outputs).

Rules: a relation that is not reached (or whose SQL is a template: RSql, materialize) needs all
its columns; `distinct`, `summarize` keys and aggregates are never dropped (they change rows).
"""
from __future__ import annotations

from hunt.semantic import bound as B
from hunt.semantic.operators import walk


def _cols(exprs, qualifier=None) -> set:
    out = set()
    for e in exprs:
        if e is None:
            continue
        for x in walk(e):
            if isinstance(x, B.BCol) and (qualifier is None or x.qualifier in (None, qualifier)):
                out.add(x.col.alias)
    return out


def _expr_rels(exprs):
    """Relations held by expressions (toscalar, `in (subquery)`): roots of their own."""
    for e in exprs:
        if e is None:
            continue
        for x in walk(e):
            if isinstance(x, B.BScalarQuery):
                yield x.rel
            elif isinstance(x, B.BInList) and x.subquery is not None:
                yield x.subquery


def _all(rel) -> set:
    return {c.alias for c in rel.schema}


def _exprs_of(rel) -> list:
    """Every expression a relation evaluates (to find the relations they hold)."""
    if isinstance(rel, B.RFilter):
        return [rel.predicate]
    if isinstance(rel, (B.RProject, B.RDistinct)):
        return [e for _, e in rel.items] + [getattr(rel, "where", None)]
    if isinstance(rel, B.RAggregate):
        return [e for _, e in rel.keys + rel.aggs]
    if isinstance(rel, B.RArgAggregate):
        return [e for _, e in rel.keys + rel.outputs + rel.window_aggs] + [rel.order]
    if isinstance(rel, B.RSort):
        return [k[0] for k in rel.keys] + [rel.limit]
    if isinstance(rel, B.RLimit):
        return [rel.count]
    if isinstance(rel, B.RJoin):
        return [x for pair in rel.conditions for x in pair]
    if isinstance(rel, B.RUnion):
        return [e for _, items, _ in rel.legs for _, e in items]
    if isinstance(rel, B.RMvExpand):
        return [x[1] for x in rel.expands]
    if isinstance(rel, B.RSql):
        return list(rel.exprs.values())
    if isinstance(rel, B.RValues):
        return [e for row in rel.rows for e in row]
    return []


def _children(rel) -> list:
    if isinstance(rel, B.RJoin):
        kids = [rel.left, rel.right]
    elif isinstance(rel, B.RUnion):
        kids = [leg[0] for leg in rel.legs]
    elif isinstance(rel, B.RSql):
        kids = list(rel.inputs)
    elif hasattr(rel, "input"):
        kids = [rel.input]
    else:
        kids = []
    return kids + list(_expr_rels(_exprs_of(rel)))


def _wants(rel, need: set) -> list:
    """(child, columns of the child this relation reads) given what is needed of it."""
    if isinstance(rel, B.RFilter):
        return [(rel.input, need | _cols([rel.predicate]))]
    if isinstance(rel, B.RProject):
        items = [e for c, e in rel.items if c.alias in need]
        return [(rel.input, _cols(items + [rel.where, rel.qualify]))]
    if isinstance(rel, (B.RAggregate,)):
        return [(rel.input, _cols([e for _, e in rel.keys + rel.aggs]))]
    if isinstance(rel, B.RDistinct):
        return [(rel.input, _cols([e for _, e in rel.items]))]
    if isinstance(rel, B.RArgAggregate):
        used = [e for c, e in rel.outputs + rel.window_aggs if c.alias in need]
        return [(rel.input, _cols(used + [e for _, e in rel.keys] + [rel.order]))]
    if isinstance(rel, B.RSort):
        return [(rel.input, need | _cols([k[0] for k in rel.keys] + [rel.limit]))]
    if isinstance(rel, B.RLimit):
        return [(rel.input, set(need))]
    if isinstance(rel, B.RJoin):
        left = {s.alias for c, s in rel.left_cols if c.alias in need}
        right = {s.alias for c, s in rel.right_cols if c.alias in need}
        left |= _cols([a for a, _ in rel.conditions], "l")
        right |= _cols([b for _, b in rel.conditions], "r")
        return [(rel.left, left), (rel.right, right)]
    if isinstance(rel, B.RUnion):
        return [(leg, _cols([e for c, e in items if c.alias in need]))
                for leg, items, _ in rel.legs]
    if isinstance(rel, B.RMvExpand):
        cols = {s.alias for c, s in rel.passthrough if c.alias in need}
        return [(rel.input, cols | _cols([x[1] for x in rel.expands]))]
    if isinstance(rel, (B.RSql, B.RMaterialize)):
        return [(k, _all(k)) for k in _children(rel) if k is not None]
    return []


def needed_columns(root) -> dict:
    """id(rel) -> set of the aliases its consumers read (root: its whole schema)."""
    # every relation reachable, and how many consumers each has
    parents: dict[int, int] = {}
    nodes: dict[int, object] = {}
    stack = [root]
    while stack:
        r = stack.pop()
        if id(r) in nodes:
            continue
        nodes[id(r)] = r
        for k in _children(r):
            parents[id(k)] = parents.get(id(k), 0) + 1
            stack.append(k)
    need: dict[int, set] = {id(root): _all(root)}
    ready = [root]
    seen_parents: dict[int, int] = {}
    while ready:
        r = ready.pop()
        mine = need.setdefault(id(r), set())
        wants = _wants(r, mine)
        wanted = {id(k) for k, _ in wants}
        for k, cols in wants:
            need.setdefault(id(k), set()).update(cols)
        for k in _children(r):
            if id(k) not in wanted:          # relations held by expressions: all columns
                need.setdefault(id(k), set()).update(_all(k))
            seen_parents[id(k)] = seen_parents.get(id(k), 0) + 1
            if seen_parents[id(k)] == parents[id(k)]:
                ready.append(k)
    return need
