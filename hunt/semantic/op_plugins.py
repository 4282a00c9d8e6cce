"""evaluate plugins (bag_unpack, pivot, narrow) and search.

bag_unpack and pivot have data-dependent schemas: the binder asks the engine (`probe`) for
the distinct keys/values of the input, as Kusto itself does at run time.
"""
from __future__ import annotations

from hunt import types as T
from hunt.errors import KqlSemanticError, KqlUnsupportedError
from hunt.functions import convert, registry
from hunt.semantic.bound import (BBinary, BCall, BCol, BConvert, BLit, BPath, BRaw, Col,
                                 RAggregate, RFilter, RProject, RSql, ph)
from hunt.semantic.expressions import Row, _err
from hunt.semantic.scope import AliasMaker, make_schema, unique_name
from hunt.sqlgen.dialect import quote_ident as q, string_literal
from hunt.syntax import ast as A

_JSON_TYPES = {"VARCHAR": T.STRING, "BIGINT": T.LONG, "UBIGINT": T.LONG, "DOUBLE": T.REAL,
               "BOOLEAN": T.BOOL}


def _probe(self, rel, template: str, node):
    """Run `template` (with {sub} = the relation's SQL) on the data; rows come back."""
    probe = getattr(self, "probe", None)
    if probe is None:
        raise KqlUnsupportedError(f"'{node.call.name}' without access to the data (its columns "
                                  "depend on the data)", node.span,
                                  help="give the output schema: evaluate bag_unpack(x) : (a:string, b:long)")
    from hunt.sqlgen.dialect import literal
    from hunt.sqlgen.plan import SqlGen
    st = SqlGen(literal(self.now, T.DATETIME)).statement(rel)
    return probe(template.replace("{sub}", st.sql))


def evaluate(self, rel, op: A.Evaluate, scope):
    name = op.call.name
    if rel is None:
        raise KqlUnsupportedError(f"plugin '{name}' as a source", op.span)
    if name == "bag_unpack":
        return bag_unpack(self, rel, op, scope)
    if name == "pivot":
        return pivot(self, rel, op, scope)
    if name == "narrow":
        return narrow(self, rel, op, scope)
    raise KqlUnsupportedError(f"plugin '{name}'", op.span)


def bag_unpack(self, rel, op: A.Evaluate, scope):
    args = [a for a in op.call.args if not isinstance(a, A.NamedArg)]
    named = {a.name: a.value for a in op.call.args if isinstance(a, A.NamedArg)}
    if not args:
        raise _err("bag_unpack needs a dynamic column", op.call)
    row = Row.of(rel.schema, scope)
    bag = self.bind_expr(args[0], row)
    if bag.type == T.STRING:
        bag = BCall(registry.lookup("parse_json"), [bag], T.DYNAMIC)
    prefix = ""
    if len(args) > 1:
        p = self.bind_expr(args[1], row)
        prefix = p.value if isinstance(p, BLit) and isinstance(p.value, str) else ""
    conflict = "error"
    if "columnsConflict" in named:
        conflict = getattr(named["columnsConflict"], "value", "error")
    ignored = set()
    if "ignoredProperties" in named:
        v = self.bind_expr(named["ignoredProperties"], row)
        if isinstance(v, BLit) and isinstance(v.value, list):
            ignored = {str(x) for x in v.value}
    bag_col = bag.col if isinstance(bag, BCol) else None
    keep = [c for c in rel.schema if c is not bag_col]
    if op.schema is not None:
        new = []
        for c in op.schema.columns:
            t = T.normalize(c.type)
            if t is None:
                raise _err(f"unknown type '{c.type}'", c)
            new.append((c.name, t))
        existing = {c.name for c in keep}
        keep = [c for c in keep if c.name in {n for n, _ in new}] if not op.schema.star else keep
        new = [(n, t) for n, t in new if n not in existing]
    else:
        bag_sql_rel = self._extend_stage(rel, [("__bag", bag)])
        alias = q(next(c.alias for c in bag_sql_rel.schema if c.name == "__bag"))
        rows = _probe(self, bag_sql_rel,
                      f"SELECT je.key, list(DISTINCT je.type) FROM (SELECT {alias} AS b, row_number() OVER () AS n "
                      f"FROM ({{sub}})) AS s, json_each(s.b) AS je WHERE json_type(s.b) = 'OBJECT' "
                      f"GROUP BY je.key ORDER BY je.key", op)
        new = []
        for key, types in rows:
            if key in ignored:
                continue
            ts = {t for t in types if t != "NULL"}
            kt = _JSON_TYPES.get(ts.pop(), T.DYNAMIC) if len(ts) == 1 else T.DYNAMIC
            new.append((key, kt))
    names = {c.name for c in keep}
    items = []
    out_keep = list(keep)
    for key, t in new:
        cname = prefix + key
        if cname in names:
            if conflict == "replace_source":
                out_keep = [c for c in out_keep if c.name != cname]
            elif conflict == "keep_source":
                continue
            else:
                raise _err(f"bag_unpack: property '{cname}' clashes with an existing column", op,
                           help="use columnsConflict='replace_source' or 'keep_source', or a prefix")
        val = BPath(bag, [key])
        items.append((cname, BConvert(val, t) if t != T.DYNAMIC else val))
    am = AliasMaker()
    schema, out = [], []
    for c in out_keep:
        nc = Col(c.name, c.type, am.make(c.name))
        schema.append(nc)
        out.append((nc, BCol(c)))
    for n, e in items:
        nc = Col(n, e.type, am.make(n))
        schema.append(nc)
        out.append((nc, e))
    return RProject(rel, out, tuple(schema), rel.ordered)


def pivot(self, rel, op: A.Evaluate, scope):
    args = list(op.call.args)
    if not args or not isinstance(args[0], A.Name):
        raise _err("pivot needs the pivot column as its first argument", op.call)
    row = Row.of(rel.schema, scope)
    pcol = self.bind_expr(args[0], row)
    agg_node = args[1] if len(args) > 1 else None
    agg_row = Row.of(rel.schema, scope, aggregates=True)
    if agg_node is None:
        agg_node = A.Call(op.span, "count", ())
    agg = self.bind_expr(agg_node, agg_row)
    group_nodes = args[2:]
    used = {pcol.col.name}
    for x in _walk(agg):
        if isinstance(x, BCol):
            used.add(x.col.name)
    if group_nodes:
        groups = [self.bind_expr(g, row) for g in group_nodes]
        gnames = [self.name_of(g) for g in group_nodes]
    else:
        groups = [BCol(c) for c in rel.schema if c.name not in used]
        gnames = [c.name for c in rel.schema if c.name not in used]
    alias = q(pcol.col.alias)
    agg_type = agg.type
    if op.schema is not None:
        # `: (schema)` fixes the output: declared input columns group, the others are values
        declared = [(c.name, T.normalize(c.type) or T.STRING) for c in op.schema.columns]
        in_names = set(gnames) if group_nodes else {c.name for c in rel.schema}
        if not group_nodes:
            keep = [n for n, _ in declared if n in in_names and n not in used]
            groups = [BCol(next(c for c in rel.schema if c.name == n)) for n in keep]
            gnames = keep
        values = [n for n, _ in declared if n not in set(gnames)]
        vtypes = {n: t for n, t in declared}
        cols = [(n, g.type) for n, g in zip(gnames, groups)]
        vnames = values
        schema = make_schema(cols + [(n, vtypes[n]) for n in vnames])
    else:
        rows = _probe(self, rel, f"SELECT DISTINCT {convert.to_text(alias, pcol.type)} AS v FROM ({{sub}}) ORDER BY v", op)
        values = ["" if r[0] is None else r[0] for r in rows]
        cols = [(n, g.type) for n, g in zip(gnames, groups)]
        taken = set(gnames)
        vnames = []
        for v in values:
            n = unique_name(v if v != "" else "na", taken)
            taken.add(n)
            vnames.append(n)
        schema = make_schema(cols + [(n, agg_type) for n in vnames])
    # aggregate per (groups, pivot value) first, then spread the values into columns: this
    # works for any aggregate expression (a FILTER clause would not fit a wrapped aggregate)
    exprs = {"p": BConvert(pcol, T.STRING) if pcol.type != T.STRING else pcol, "agg": agg}
    inner_sel, sel = [], []
    for i, g in enumerate(groups):
        exprs[f"g{i}"] = g
        inner_sel.append(f"{ph('g' + str(i))} AS __g{i}")
        sel.append(f"__g{i} AS {q(schema[i].alias)}")
    inner_sel += [f"{ph('p')} AS __p", f"{ph('agg')} AS __v"]
    from hunt.sqlgen.dialect import string_literal as sl
    for j, v in enumerate(values):
        c = schema[len(groups) + j]
        empty = "0" if agg_type in (T.LONG, T.INT) else ("''" if agg_type == T.STRING else "NULL")
        val = f"coalesce(first(__v) FILTER (WHERE __p = {sl(v)}), {empty})"
        if c.type != agg_type:
            val = f"TRY_CAST({val} AS {T.duckdb_type(c.type)})"
        sel.append(f"{val} AS {q(c.alias)}")
    inner_gb = " GROUP BY " + ", ".join(str(i + 1) for i in range(len(groups) + 1))
    gb = " GROUP BY " + ", ".join(f"__g{i}" for i in range(len(groups))) if groups else ""
    tmpl = (f"SELECT {', '.join(sel) or 'NULL AS __empty'} FROM (SELECT {', '.join(inner_sel)} "
            f"FROM {ph(0)}{inner_gb}) AS pv{gb}")
    return RSql(tmpl, [rel], schema, exprs=exprs)


def _walk(e):
    from hunt.semantic.operators import walk
    return walk(e)


def narrow(self, rel, op, scope):
    schema = make_schema([("Row", T.LONG), ("Column", T.STRING), ("Value", T.STRING)])
    parts = []
    for c in rel.schema:
        parts.append(f"SELECT __r AS {q(schema[0].alias)}, {string_literal(c.name)} AS {q(schema[1].alias)}, "
                     f"{convert.to_text(q(c.alias), c.type)} AS {q(schema[2].alias)} FROM __n")
    if not parts:
        raise _err("narrow() of a table with no columns", op)
    order = "ORDER BY __ord" if rel.ordered else ""
    tmpl = (f"WITH __n AS (SELECT *, row_number() OVER ({order}) - 1 AS __r FROM {ph(0)}) "
            + " UNION ALL ".join(parts))
    return RSql(tmpl, [rel], schema)


# ---------------------------------------------------------------------------------------------
def search(self, rel, op: A.Search, scope):
    from hunt.semantic.op_join import union_rel
    from hunt.semantic.operators import opt
    cs = opt(op.options, "kind") == "case_sensitive"
    legs = []
    if rel is not None:
        legs.append((rel, getattr(rel, "source_name", None) or (rel.table.name if hasattr(rel, "table") else "")))
    elif op.tables:
        from hunt.semantic.op_join import _union_legs
        fake = A.Union_(op.span, (), tuple(op.tables))
        legs = _union_legs(self, fake, scope)
    else:
        legs = [(self.scan(t), t.name) for t in self.catalog.tables()]
    filtered = []
    for r, name in legs:
        pred = _search_pred(self, op.predicate, r, scope, cs)
        filtered.append((RFilter(r, pred, r.schema, False), name))
    return union_rel(filtered, "outer", "$table")


def _search_pred(self, node, rel, scope, cs):
    row = Row.of(rel.schema, scope)
    if isinstance(node, A.Binary) and node.op in ("and", "or"):
        l = _search_pred(self, node.left, rel, scope, cs)
        r = _search_pred(self, node.right, rel, scope, cs)
        return BBinary(node.op, l, r, T.BOOL, node.span)
    if isinstance(node, A.Call) and node.name == "not" and len(node.args) == 1:
        inner = _search_pred(self, node.args[0], rel, scope, cs)
        return BCall(registry.lookup("not"), [inner], T.BOOL, node.span)
    if isinstance(node, A.Literal) and isinstance(node.value, str):
        op, term = _term_op(node.value, cs)
        cols = [c for c in rel.schema if op == "regex" or _may_hold(c.type, term)]
        if not cols:
            return BLit(False, T.BOOL)
        out = None
        for c in cols:
            if op == "regex":
                p = BBinary("matches regex", self._as_text(BCol(c)), BLit(term, T.STRING), T.BOOL)
            else:
                p = BBinary(op, self._as_text(BCol(c)), BLit(term, T.STRING), T.BOOL)
            out = p if out is None else BBinary("or", out, p, T.BOOL)
        return out
    if isinstance(node, A.Binary) and node.op == ":":
        op, term = _term_op(node.right.value if isinstance(node.right, A.Literal) else "", cs)
        left = self._as_text(self.bind_expr(node.left, row))
        return BBinary(op if op != "regex" else "matches regex", left, BLit(term, T.STRING), T.BOOL)
    return self._as_bool(self.bind_expr(node, row), node)


# the characters (lower case) of a type's text as tostring() gives it: a search term with any
# other character cannot match a column of that type, whose text is not computed then
_TEXT_CHARS = {
    T.DATETIME: set("0123456789-:.tz"),             # 2026-11-01T08:30:00.0000000Z
    T.TIMESPAN: set("0123456789-:."),
    T.LONG: set("0123456789-"), T.INT: set("0123456789-"),
    T.REAL: set("0123456789-+.e") | set("nanifty"),  # 1E+20, NaN, -Infinity
    T.DECIMAL: set("0123456789-+.e"),
    T.BOOL: set("truefals"),
    T.GUID: set("0123456789abcdef-"),
}


def _may_hold(ktype: str, term: str) -> bool:
    chars = _TEXT_CHARS.get(ktype)
    return chars is None or set(term.lower()) <= chars


def _term_op(text: str, cs: bool):
    import re as _re
    suffix = "_cs" if cs else ""
    if len(text) > 1 and text.startswith("*") and text.endswith("*"):
        return "contains" + suffix, text[1:-1]
    if text.endswith("*") and "*" not in text[:-1]:
        return "hasprefix" + suffix, text[:-1]
    if text.startswith("*") and "*" not in text[1:]:
        return "hassuffix" + suffix, text[1:]
    if "*" in text:
        rx = ".*".join(_re.escape(p) for p in text.split("*"))
        return "regex", ("" if cs else "(?i)") + rx
    return "has" + suffix, text
