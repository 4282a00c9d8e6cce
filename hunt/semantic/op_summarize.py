"""summarize: groups, aggregates, KQL's naming, arg_max/arg_min, percentiles, take_any(*)."""
from __future__ import annotations

from hunt import types as T
from hunt.errors import KqlSemanticError, KqlUnsupportedError
from hunt.functions import registry
from hunt.semantic.bound import (BCall, BCol, BExpr, BLit, Col, RAggregate, RArgAggregate)
from hunt.semantic.expressions import Row, _err
from hunt.semantic.scope import AliasMaker, make_schema, unique_name
from hunt.syntax import ast as A

ARG_AGGS = {"arg_max": True, "argmax": True, "arg_min": False, "argmin": False}


def _agg_item(self, node):
    """Unwrap `Name = agg(...)` into (explicit names or None, call node)."""
    if isinstance(node, A.Assign):
        return list(node.names), node.value
    return None, node


def _summarize_arg(self, rel, call: A.Call, names, scope, keys_taken):
    """arg_max(E, cols...) / arg_max(E, *): (order expr, desc, [(name, BExpr)])."""
    row = Row.of(rel.schema, scope)
    if not call.args:
        raise _err(f"{call.name}() needs an expression to maximize", call)
    order = self.bind_expr(call.args[0], row)
    desc = ARG_AGGS[call.name]
    ename = self.name_of(call.args[0])
    if ename is None:
        ename = ("max_" if desc else "min_")
    outs = [(ename, order)]
    rest = call.args[1:]
    if len(rest) == 1 and isinstance(rest[0], A.Star):
        # `*` brings every input column but the by-columns that are plain column references
        # and E's own column (as Kusto's binder does)
        key_cols = keys_taken if isinstance(keys_taken, dict) else {}
        for c in rel.schema:
            if any(k is c for k in key_cols.values()):
                continue
            if isinstance(order, BCol) and c is order.col:
                continue
            outs.append((c.name, BCol(c)))
    else:
        for a in rest:
            if isinstance(a, A.Assign):
                outs.append((a.names[0], self.bind_expr(a.value, row)))
            elif isinstance(a, A.NamedArg):
                outs.append((a.name, self.bind_expr(a.value, row)))
            else:
                e = self.bind_expr(a, row)
                outs.append((self.name_of(a) or self.default_name(set()), e))
    if names:
        for i, n in enumerate(names[: len(outs)]):
            outs[i] = (n, outs[i][1])
    return order, desc, outs


def _op_Summarize(self, rel, op: A.Summarize, scope):
    row = Row.of(rel.schema, scope)
    # group keys
    keys = []
    taken: set = set()
    for it in op.by:
        if isinstance(it, A.Assign):
            e = self.bind_expr(it.value, row)
            name = it.names[0]
        else:
            e = self.bind_expr(it, row)
            name = self.name_of(it)
            if name is None:
                name = self.default_name(taken)
        if any(isinstance(x, BCall) and x.fn.kind == "aggregate" for x in _walk(e)):
            raise _err("an aggregate function cannot be a group key", it)
        name = unique_name(name, taken)
        taken.add(name)
        keys.append((name, e))
    key_names = [n for n, _ in keys]

    # arg_max / arg_min form
    arg_items = [(i, self._agg_item(a)) for i, a in enumerate(op.aggregates)]
    argcalls = [(i, names, c) for i, (names, c) in arg_items
                if isinstance(c, A.Call) and c.name in ARG_AGGS]
    if argcalls and (len(argcalls) > 1 or len(op.aggregates) > 1):
        return _summarize_structs(self, rel, op, scope, keys, arg_items, taken)
    if argcalls:
        idx, names, call = argcalls[0]
        order, desc, outs = self._summarize_arg(rel, call, names, scope, _plain_keys(keys))
        others = []
        agg_row = Row.of(rel.schema, scope, aggregates=True)
        for i, (nms, c) in arg_items:
            if i == idx:
                continue
            e = self.bind_expr(c, agg_row)
            nm = nms[0] if nms else (self.name_of(c) or self.default_name(taken))
            others.append((nm, e, i < idx))
        final_names = list(key_names)
        before = [(n, e) for n, e, b in others if b]
        after = [(n, e) for n, e, b in others if not b]
        seq = before + outs + after
        named = []
        for n, e in seq:
            n = unique_name(n, set(final_names))
            final_names.append(n)
            named.append((n, e))
        schema = make_schema([(n, e.type) for n, e in keys] + [(n, e.type) for n, e in named])
        kcols = list(zip(schema[: len(keys)], [e for _, e in keys]))
        rest = list(zip(schema[len(keys):], [e for _, e in named]))
        out_cols = [(c, e) for c, e in rest if not _is_agg(e)]
        win = [(c, e) for c, e in rest if _is_agg(e)]
        return RArgAggregate(rel, kcols, order, desc, out_cols, win, schema)

    # ordinary aggregates
    agg_row = Row.of(rel.schema, scope, aggregates=True)
    aggs = []
    for it in op.aggregates:
        names, node = self._agg_item(it)
        if isinstance(node, A.Call) and node.name in ("percentiles", "percentilesw"):
            aggs.extend(_percentiles(self, node, names, agg_row))
            continue
        if isinstance(node, A.Call) and node.name in ("take_any", "any") and (
                len(node.args) > 1 or (node.args and isinstance(node.args[0], A.Star))):
            aggs.extend(_take_any_multi(self, rel, node, names, agg_row))
            continue
        e = self.bind_expr(node, agg_row)
        if not _is_agg(e):
            raise _err("summarize needs an aggregate function here (count(), sum(), dcount(), ...)", node,
                       code="HUNT203")
        name = names[0] if names else self.name_of(node)
        if name is None:
            name = self.default_name(taken)
        aggs.append((name, e))
    final = list(key_names)
    named = []
    for n, e in aggs:
        n = unique_name(n, set(final))
        final.append(n)
        named.append((n, e))
    schema = make_schema([(n, e.type) for n, e in keys] + [(n, e.type) for n, e in named])
    return RAggregate(rel, list(zip(schema[: len(keys)], [e for _, e in keys])),
                      list(zip(schema[len(keys):], [e for _, e in named])), schema,
                      empty_defaults=not keys)


def _plain_keys(keys) -> dict:
    """By-columns that are plain references to an input column: name -> input Col."""
    return {n: e.col for n, e in keys if isinstance(e, BCol)}


def _percentiles(self, node: A.Call, names, row):
    if len(node.args) < 2:
        raise _err(f"{node.name}() needs a value and at least one percentile", node)
    weighted = node.name == "percentilesw"
    x = node.args[0]
    ps = node.args[2:] if weighted else node.args[1:]
    base = self.name_of(x) or ""
    single = registry.lookup("percentilew" if weighted else "percentile")
    if single is None:
        raise _err(f"{node.name}() is not available", node, code="HUNT202")
    out = []
    for i, p in enumerate(ps):
        pv = self.bind_expr(p, row)
        val = pv.value if isinstance(pv, BLit) else None
        args = [self.bind_expr(x, row)] + ([self.bind_expr(node.args[1], row)] if weighted else []) + [pv]
        e = BCall(single, args, single.result_type(self._args_for_rule(args)), node.span)
        label = str(val).replace(".", "_").replace("-", "_") if val is not None else str(i)
        name = names[i] if names and i < len(names) else f"percentile_{base}_{label}"
        out.append((name, e))
    return out


def _take_any_multi(self, rel, node: A.Call, names, row):
    fn = registry.lookup("take_any")
    cols = []
    for a in node.args:
        if isinstance(a, A.Star):
            cols.extend((c.name, BCol(c)) for c in rel.schema)
        else:
            cols.append((self.name_of(a) or self.default_name(set()), self.bind_expr(a, row)))
    # one arbitrary row for all: take_any over a struct, split back by position
    from hunt.semantic.bound import BRaw, ph
    packed = BRaw("any_value({" + ", ".join(f"'f{i}': {ph(i)}" for i in range(len(cols))) + "})",
                  [e for _, e in cols], T.UNKNOWN)
    packed.is_aggregate = True
    out = []
    for i, (n, e) in enumerate(cols):
        part = BRaw(f"({ph(0)}).f{i}", [packed], e.type)
        part.is_aggregate = True
        nm = names[i] if names and i < len(names) else n
        out.append((nm, part))
    return out


def _walk(e):
    from hunt.semantic.operators import walk
    return walk(e)


def _is_agg(e) -> bool:
    for x in _walk(e):
        if isinstance(x, BCall) and x.fn.kind == "aggregate":
            return True
        if getattr(x, "is_aggregate", False):
            return True
    return False


def _summarize_structs(self, rel, op, scope, keys, arg_items, taken):
    """summarize mixing arg_max/arg_min with other aggregates: each arg_* becomes one
    `arg_max(struct, order)` aggregate (any row when every order value is null, as KQL),
    and its fields are spread into columns afterwards."""
    from hunt.functions import convert
    from hunt.semantic.bound import BRaw, RProject, ph
    key_names = [n for n, _ in keys]
    agg_row = Row.of(rel.schema, scope, aggregates=True)
    hidden = []          # (hidden name, BExpr aggregate)
    layout = []          # per item: ("arg", hidden name, [(name, type, field)]) or ("agg", name, type)
    for i, (names, node) in arg_items:
        if isinstance(node, A.Call) and node.name in ARG_AGGS:
            order, desc, outs = self._summarize_arg(rel, node, names, scope, _plain_keys(keys))
            osql = ph(0) if order.type != T.DYNAMIC else convert.to_real(ph(0), T.DYNAMIC)
            fields = ", ".join(f"'f{j}': {ph(j + 1)}" for j in range(len(outs)))
            fn = "arg_max" if desc else "arg_min"
            agg = BRaw(f"coalesce({fn}({{{fields}}}, {osql}), any_value({{{fields}}}))",
                       [order] + [e for _, e in outs], T.UNKNOWN, node.span)
            agg.is_aggregate = True
            hname = f"__arg{i}"
            hidden.append((hname, agg))
            layout.append(("arg", hname, [(n, e.type, f"f{j}") for j, (n, e) in enumerate(outs)]))
        else:
            e = self.bind_expr(node, agg_row)
            if not _is_agg(e):
                raise _err("summarize needs an aggregate function here", node, code="HUNT203")
            nm = names[0] if names else (self.name_of(node) or self.default_name(taken))
            hname = f"__agg{i}"
            hidden.append((hname, e))
            layout.append(("agg", hname, [(nm, e.type, None)]))
    inner = make_schema([(n, e.type) for n, e in keys] + [(h, e.type) for h, e in hidden])
    agg_rel = RAggregate(rel, list(zip(inner[: len(keys)], [e for _, e in keys])),
                         list(zip(inner[len(keys):], [e for _, e in hidden])), inner,
                         empty_defaults=not keys)
    by_hidden = {c.name: c for c in inner}
    final_names = list(key_names)
    cols = []   # (name, type, BExpr)
    for k, (n, _) in zip(inner[: len(keys)], keys):
        cols.append((n, k.type, BCol(k)))
    for kind, hname, fields in layout:
        hc = by_hidden[hname]
        for n, t, f in fields:
            n = unique_name(n, set(final_names))
            final_names.append(n)
            e = BRaw(f"({ph(0)}).{f}", [BCol(hc)], t) if f else BCol(hc)
            if f and t == T.STRING:
                e = BRaw(f"coalesce(({ph(0)}).{f}, '')", [BCol(hc)], t)
            cols.append((n, t, e))
    schema = make_schema([(n, t) for n, t, _ in cols])
    return RProject(agg_rel, [(c, e) for c, (_, _, e) in zip(schema, cols)], schema)
