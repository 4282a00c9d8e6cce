"""join, lookup and union: key conditions, kinds, clash renaming, schema unification."""
from __future__ import annotations

from hunt import types as T
from hunt.errors import KqlSemanticError, KqlUnsupportedError
from hunt.semantic import catalog as _catalog
from hunt.semantic.bound import BBinary, BCol, BConvert, BLit, Col, RJoin, RUnion, Rel
from hunt.semantic.expressions import Row, _err
from hunt.semantic.scope import (AliasMaker, FunctionLet, RelLet, TabularLet, unique_name,
                                 wildcard_match)
from hunt.syntax import ast as A

KINDS = {
    None: "innerunique", "innerunique": "innerunique", "inner": "inner", "leftouter": "leftouter",
    "rightouter": "rightouter", "fullouter": "fullouter", "outer": "fullouter",
    "leftsemi": "leftsemi", "semi": "leftsemi", "leftanti": "leftanti", "anti": "leftanti",
    "leftantisemi": "leftanti", "rightsemi": "rightsemi", "rightanti": "rightanti",
    "rightantisemi": "rightanti",
}


def _opt(options, name):
    from hunt.semantic.operators import opt
    return opt(options, name)


def _conditions(self, left: Rel, right: Rel, on, scope, node):
    lrow = Row.of(left.schema, scope, qualifier="l")
    rrow = Row.of(right.schema, scope, qualifier="r")
    conds = []

    def flat(e):
        if isinstance(e, A.Binary) and e.op == "and":
            yield from flat(e.left)
            yield from flat(e.right)
        else:
            yield e

    items = [x for c in on for x in flat(c)]
    for c in items:
        if isinstance(c, A.Name):
            if c.name not in lrow.cols:
                raise _err(f"join key '{c.name}' is not a column of the left side", c, code="HUNT201")
            if c.name not in rrow.cols:
                raise _err(f"join key '{c.name}' is not a column of the right side", c, code="HUNT201")
            l = BCol(lrow.cols[c.name], "l", c.span)
            r = BCol(rrow.cols[c.name], "r", c.span)
        elif isinstance(c, A.Binary) and c.op == "==":
            both = Row({}, scope, extra={"$left": lrow, "$right": rrow})
            a = self.bind_expr(c.left, both)
            b = self.bind_expr(c.right, both)
            if getattr(a, "qualifier", None) == "r" or _side(a) == "r":
                a, b = b, a
            l, r = a, b
        else:
            raise _err("join conditions are column names or $left.A == $right.B", c,
                       help="other predicates go in a '| where' after the join")
        if l.type != r.type and T.UNKNOWN not in (l.type, r.type):
            num = (T.INT, T.LONG, T.REAL, T.DECIMAL)
            if l.type in num and r.type in num:
                pass
            elif T.DYNAMIC in (l.type, r.type) or T.STRING in (l.type, r.type):
                l, r = self._as_text(l), self._as_text(r)
            else:
                raise _err(f"join key types differ: {l.type} and {r.type}", c, code="HUNT210")
        conds.append((l, r))
    if not conds:
        raise _err("join needs at least one key: on Column or on $left.A == $right.B", node)
    return conds


def _side(e):
    from hunt.semantic.operators import walk
    qs = {x.qualifier for x in walk(e) if isinstance(x, BCol)}
    return qs.pop() if len(qs) == 1 else None


def join_rel(left, right, kind, conds, lookup=False):
    am = AliasMaker()
    schema, lcols, rcols = [], [], []
    taken = set()
    if kind in ("rightsemi", "rightanti"):
        for c in right.schema:
            nc = Col(c.name, c.type, am.make(c.name))
            rcols.append((nc, c))
            schema.append(nc)
        return RJoin(left, right, kind, conds, [], rcols, tuple(schema))
    for c in left.schema:
        nc = Col(c.name, c.type, am.make(c.name))
        lcols.append((nc, c))
        schema.append(nc)
        taken.add(c.name)
    if kind not in ("leftsemi", "leftanti"):
        rkeys = set()
        if lookup:
            for l, r in conds:
                if isinstance(r, BCol) and isinstance(l, BCol) and l.col.name == r.col.name:
                    rkeys.add(r.col.name)
                elif isinstance(r, BCol):
                    rkeys.add(r.col.name)
        for c in right.schema:
            if c.name in rkeys:
                continue
            name = unique_name(c.name, taken)
            taken.add(name)
            nc = Col(name, c.type, am.make(name))
            rcols.append((nc, c))
            schema.append(nc)
    return RJoin(left, right, kind, conds, lcols, rcols, tuple(schema))


def _op_Join(self, rel, op: A.Join, scope):
    kind_opt = _opt(op.options, "kind")
    kind = KINDS.get(kind_opt)
    if kind is None:
        raise _err(f"unknown join kind '{kind_opt}'", op,
                   help="kinds: innerunique, inner, leftouter, rightouter, fullouter, leftsemi, leftanti, rightsemi, rightanti")
    right = self.bind_tabular(op.right, scope)
    conds = _conditions(self, rel, right, op.on, scope, op)
    return join_rel(rel, right, kind, conds)


def _op_Lookup(self, rel, op: A.Lookup, scope):
    kind_opt = _opt(op.options, "kind") or "leftouter"
    if kind_opt not in ("leftouter", "inner"):
        raise _err(f"lookup kind must be leftouter or inner, not '{kind_opt}'", op)
    right = self.bind_tabular(op.right, scope)
    conds = _conditions(self, rel, right, op.on, scope, op)
    return join_rel(rel, right, kind_opt, conds, lookup=True)


def _union_legs(self, op: A.Union_, scope):
    """Resolve legs: names with wildcards expand to every matching table (`*`: all)."""
    fuzzy = bool(_opt(op.options, "isfuzzy"))
    legs = []
    for leg in op.legs:
        if isinstance(leg, A.Star):             # `union *`: every table
            leg = A.Name(leg.span, "*")
        if isinstance(leg, A.Name) and "*" in leg.name:
            names = [t for t in self.catalog.table_names() if wildcard_match(leg.name, t)]
            names += [n for n in scope.all_names() if wildcard_match(leg.name, n)
                      and isinstance(scope.lookup(n), TabularLet) and scope.lookup(n).view]
            for n in sorted(set(names)):
                legs.append((self.bind_tabular(A.Name(leg.span, n), scope), n))
            continue
        try:
            rel = self.bind_tabular(leg, scope)
        except KqlSemanticError:
            if fuzzy:
                continue
            raise
        name = leg.name if isinstance(leg, A.Name) else getattr(rel, "source_name", None)
        legs.append((rel, name))
    return legs


def _op_Union_(self, rel, op: A.Union_, scope):
    legs = []
    if rel is not None:
        legs.append((rel, getattr(rel, "source_name", None) or
                     (rel.table.name if hasattr(rel, "table") else None)))
    legs += _union_legs(self, op, scope)
    if not legs:
        raise _err("union has no table to read (none of its legs resolved)", op)
    kind = _opt(op.options, "kind") or "outer"
    withsource = _opt(op.options, "withsource")
    return union_rel(legs, kind, withsource)


def union_rel(legs, kind="outer", withsource=None, source_col_type=T.STRING):
    # column identity is (name, type); the same name with several types splits into name_type
    order: list = []
    types_by_name: dict = {}
    for rel, _ in legs:
        for c in rel.schema:
            ts = types_by_name.setdefault(c.name, [])
            if c.type not in ts:
                ts.append(c.type)
            if (c.name, c.type) not in order:
                order.append((c.name, c.type))
    if kind == "inner":
        common = None
        for rel, _ in legs:
            ids = {(c.name, c.type) for c in rel.schema}
            common = ids if common is None else common & ids
        order = [x for x in order if x in common]
    out_names, taken = {}, set()
    if withsource:
        taken.add(withsource)
    for name, t in order:
        n = name if len(types_by_name[name]) == 1 else f"{name}_{t}"
        n = unique_name(n, taken)
        taken.add(n)
        out_names[(name, t)] = n
    am = AliasMaker()
    schema = []
    if withsource:
        schema.append(Col(withsource, T.STRING, am.make(withsource)))
    for key in order:
        schema.append(Col(out_names[key], key[1], am.make(out_names[key])))
    out_legs = []
    for i, (rel, src) in enumerate(legs):
        by_id = {(c.name, c.type): c for c in rel.schema}
        items = []
        if withsource:
            items.append((schema[0], BLit(src or f"union_arg{i}", T.STRING)))
        for col, key in zip(schema[1 if withsource else 0:], order):
            c = by_id.get(key)
            items.append((col, BCol(c) if c is not None else None))
        out_legs.append((rel, items, src))
    return RUnion(out_legs, tuple(schema))
