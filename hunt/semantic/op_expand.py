"""Row-shaping operators: mv-expand, parse, parse-kv, make-series, top-nested, evaluate,
search/find."""
from __future__ import annotations

import re

from hunt import types as T
from hunt.errors import KqlSemanticError, KqlUnsupportedError
from hunt.functions import convert
from hunt.semantic.bound import (BBinary, BCall, BCol, BConvert, BLit, BRaw, Col, RMvExpand,
                                 RProject, RFilter, RSql, Rel, ph)
from hunt.semantic.expressions import Row, _err
from hunt.semantic.scope import AliasMaker, make_schema, unique_name
from hunt.sqlgen.dialect import string_literal
from hunt.syntax import ast as A


def _opt(options, name, default=None):
    from hunt.semantic.operators import opt
    return opt(options, name, default)


# ---------------------------------------------------------------------------------------------
def _op_MvExpand(self, rel, op: A.MvExpand, scope):
    row = Row.of(rel.schema, scope)
    bag = _opt(op.options, "bagexpansion") or _opt(op.options, "kind") or "bag"
    idx_name = _opt(op.options, "with_itemindex")
    limit = None
    if op.limit is not None:
        lim = self.bind_expr(op.limit, Row({}, scope))
        if not isinstance(lim, BLit):
            raise _err("mv-expand limit must be a constant", op.limit)
        limit = int(lim.value)
    elif op.deprecated:
        limit = 128
    expands = []   # (name, BExpr, to_type)
    for it in op.items:
        e = self.bind_expr(it.expr, row)
        name = it.name or self.name_of(it.expr)
        if name is None:
            name = self.default_name({c.name for c in rel.schema})
        to = T.normalize(it.to_type) if it.to_type else None
        if it.to_type and to is None:
            raise _err(f"unknown type '{it.to_type}'", it)
        expands.append((name, e, to))
    am = AliasMaker()
    schema, passthrough, exp_out = [], [], []
    new_names = {n: (e, to) for n, e, to in expands}
    for c in rel.schema:
        if c.name in new_names:
            e, to = new_names.pop(c.name)
            nc = Col(c.name, to or T.DYNAMIC, am.make(c.name))
            exp_out.append((nc, e, to, bag))
            schema.append(nc)
        else:
            nc = Col(c.name, c.type, am.make(c.name))
            passthrough.append((nc, c))
            schema.append(nc)
    for n, e, to in expands:
        if n in new_names:
            nc = Col(n, to or T.DYNAMIC, am.make(n))
            exp_out.append((nc, e, to, bag))
            schema.append(nc)
    # keep the written order of the expanded items (they are zipped in that order)
    order = {n: i for i, (n, _, _) in enumerate(expands)}
    exp_out.sort(key=lambda x: order.get(x[0].name, 0))
    index = None
    if idx_name:
        index = Col(idx_name, T.LONG, am.make(idx_name))
        schema.append(index)
    return RMvExpand(rel, passthrough, exp_out, index, limit, tuple(schema))


def _op_MvApply(self, rel, op, scope):
    raise KqlUnsupportedError("operator 'mv-apply'", op.span)


# ---------------------------------------------------------------------------------------------
_TYPED_RE = {
    T.LONG: r"(-?\d+)", T.INT: r"(-?\d+)",
    T.REAL: r"(-?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|-?\.\d+(?:[eE][+-]?\d+)?)",
    T.DECIMAL: r"(-?\d+(?:\.\d*)?)",
    T.BOOL: r"(true|false|True|False|TRUE|FALSE|0|1)",
}


def _parse_regex(self, op: A.Parse, kind: str):
    parts = list(op.pattern)
    cols = []
    rx = []
    flags = _opt(op.options, "flags") or ""
    for i, p in enumerate(parts):
        last = i == len(parts) - 1
        if p.star:
            rx.append(".*" if kind == "regex" else (".*" if last else ".*?"))
        elif p.text is not None:
            rx.append(p.text if kind == "regex" else re.escape(p.text))
        else:
            t = T.normalize(p.type) if p.type else T.STRING
            if t is None:
                raise _err(f"unknown type '{p.type}'", p)
            cols.append((p.name, t))
            if kind == "regex":
                rx.append("(" + (".*?" if "U" in flags else ".*") + ")" if t == T.STRING else _TYPED_RE.get(t, "(.*?)"))
            elif t == T.STRING or t not in _TYPED_RE:
                rx.append("(.*)" if last else "(.*?)")
            else:
                rx.append(_TYPED_RE[t])
    pattern = "".join(rx)
    if kind != "regex":
        pattern = "^" + pattern
        if parts and (parts[-1].star or parts[-1].name):
            pattern += "$"
    else:
        fl = "".join(f for f in flags if f in "imsU")
        if fl:
            pattern = f"(?{fl})" + pattern
    pattern = "(?s)" + pattern if kind != "regex" else pattern
    return pattern, cols


def _op_Parse(self, rel, op: A.Parse, scope):
    kind = _opt(op.options, "kind") or "simple"
    if kind not in ("simple", "regex", "relaxed"):
        raise _err(f"unknown parse kind '{kind}'", op)
    src = self._as_text(self.bind_expr(op.expr, Row.of(rel.schema, scope)))
    pattern, cols = _parse_regex(self, op, kind)
    lit = string_literal(pattern)
    matched = f"regexp_matches({ph(0)}, {lit})"
    values = []
    for gi, (name, t) in enumerate(cols, start=1):
        raw = f"regexp_extract({ph(0)}, {lit}, {gi})"
        conv = convert.convert(raw, T.STRING, t) if t != T.STRING else raw
        values.append((name, t, conv))
    ok = matched
    if kind == "simple":
        typed = [c for n, t, c in values if t != T.STRING]
        if typed:
            ok = "(" + " AND ".join([matched] + [f"({c}) IS NOT NULL" for c in typed]) + ")"
    items = []
    for name, t, conv in values:
        if t == T.STRING:
            sql = f"CASE WHEN {ok} THEN {conv} ELSE '' END"
        else:
            sql = f"CASE WHEN {ok} THEN {conv} END"
        items.append((name, BRaw(sql, [src], t, op.span)))
    if op.where:
        rel = RFilter(rel, BRaw(ok, [src], T.BOOL, op.span), rel.schema, rel.ordered)
    return self._extend_stage(rel, items)


def _rebind(e, old_rel, new_rel):
    """Re-point BCol references from old_rel's columns to new_rel's same-named columns."""
    from hunt.semantic.operators import walk
    by_name = {c.name: c for c in new_rel.schema}
    old_by_id = {id(c): c.name for c in old_rel.schema}
    for x in walk(e):
        if isinstance(x, BCol) and id(x.col) in old_by_id:
            x.col = by_name[old_by_id[id(x.col)]]
    return e


def extend_items(self, rel, items):
    """Append/replace (name, BExpr) columns, as extend does, in one stage."""
    return self._extend_stage(rel, items)


def _op_ParseKv(self, rel, op, scope):
    raise KqlUnsupportedError("operator 'parse-kv'", op.span)


def _op_MakeSeries(self, rel, op, scope):
    from hunt.semantic.op_series import make_series
    return make_series(self, rel, op, scope)


def _op_TopNested(self, rel, op, scope):
    from hunt.semantic.op_series import top_nested
    return top_nested(self, rel, op, scope)


def _op_Evaluate(self, rel, op: A.Evaluate, scope):
    from hunt.semantic.op_plugins import evaluate
    return evaluate(self, rel, op, scope)


def _op_Search(self, rel, op, scope):
    from hunt.semantic.op_plugins import search
    return search(self, rel, op, scope)


def _op_Find(self, rel, op, scope):
    raise KqlUnsupportedError("operator 'find'", op.span)
