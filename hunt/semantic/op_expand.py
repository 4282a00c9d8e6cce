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
from hunt.sqlgen.terms import re_escape
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


def _op_MvApply(self, rel, op: A.MvApply, scope):
    """mv-apply: per input row, expand the arrays into a small table, run the sub-query on
    it, and attach the row's other columns (a LATERAL sub-query in SQL)."""
    from hunt.sqlgen.dialect import literal, quote_ident as q
    from hunt.sqlgen.plan import SqlGen
    outer_cols = ", ".join(f"o.{q(c.alias)} AS {q(c.alias)}" for c in rel.schema) or "1 AS __one"
    row_rel = RSql(f"SELECT {outer_cols}", [], rel.schema)
    fake = A.MvExpand(op.span, op.options, op.items, op.limit)
    expanded = _op_MvExpand(self, row_rel, fake, scope)
    sub = expanded
    if op.subquery is not None:
        for o in op.subquery.ops:
            sub = self.apply_op(sub, o, scope)
    sub_sql = SqlGen(literal(self.now, T.DATETIME)).statement(sub).sql
    expanded_names = {n for n in (it.name or self.name_of(it.expr) for it in op.items) if n}
    sub_names = {c.name for c in sub.schema}
    keep = [c for c in rel.schema if c.name not in expanded_names and c.name not in sub_names]
    am = AliasMaker()
    schema, sel = [], []
    for c in keep:
        nc = Col(c.name, c.type, am.make(c.name))
        schema.append(nc)
        sel.append(f"o.{q(c.alias)} AS {q(nc.alias)}")
    for c in sub.schema:
        nc = Col(c.name, c.type, am.make(c.name))
        schema.append(nc)
        sel.append(f"s.{q(c.alias)} AS {q(nc.alias)}")
    tmpl = f"SELECT {', '.join(sel)} FROM {ph(0)} AS o, LATERAL ({sub_sql}) AS s"
    return RSql(tmpl, [rel], tuple(schema))


# ---------------------------------------------------------------------------------------------
_TYPED_RE = {
    T.LONG: r"(-?\d+)", T.INT: r"(-?\d+)",
    T.REAL: r"(-?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|-?\.\d+(?:[eE][+-]?\d+)?)",
    T.DECIMAL: r"(-?\d+(?:\.\d*)?)",
    T.BOOL: r"(true|false|True|False|TRUE|FALSE|0|1)",
}


def noncapturing(rx: str) -> str:
    """A user regex fragment with its capturing groups made non-capturing, so that the
    parse columns keep their group numbers."""
    out, i, in_class = [], 0, False
    while i < len(rx):
        ch = rx[i]
        if ch == "\\" and i + 1 < len(rx):
            out.append(rx[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(" and not rx.startswith("?", i + 1):
            out.append("(?:")
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _parse_regex(self, op: A.Parse, kind: str):
    """The parse pattern as one RE2 regex with a group per column. simple/relaxed capture
    every column as text (typed conversion happens after, so relaxed can null just one
    column); regex kind passes constants through and captures greedily (flag U swaps)."""
    parts = list(op.pattern)
    cols = []
    rx = []
    flags = _opt(op.options, "flags") or ""
    for i, p in enumerate(parts):
        last = i == len(parts) - 1
        if p.star:
            rx.append(".*" if (kind == "regex" or last) else ".*?")
        elif p.text is not None:
            rx.append(noncapturing(p.text) if kind == "regex" else re_escape(p.text))
        else:
            t = T.normalize(p.type) if p.type else T.STRING
            if t is None:
                raise _err(f"unknown type '{p.type}'", p)
            cols.append((p.name, t))
            star_next = not last and parts[i + 1].star
            if kind == "regex":
                rx.append(_TYPED_RE.get(t, "(.*)") if t != T.STRING else "(.*)")
            elif star_next and t in _TYPED_RE:
                # no delimiter after it: the column takes what its type allows
                rx.append(_TYPED_RE[t] + ("?" if kind == "relaxed" else ""))
            else:
                rx.append("(.*)" if last else "(.*?)")
    pattern = "".join(rx)
    if kind != "regex":
        pattern = "(?s)^" + pattern
        if parts and (parts[-1].star or parts[-1].name):
            pattern += "$"
    else:
        fl = "".join(f for f in flags if f in "imsU")
        if fl:
            pattern = f"(?{fl})" + pattern
    return pattern, cols


def _op_Parse(self, rel, op: A.Parse, scope):
    kind = _opt(op.options, "kind") or "simple"
    if kind not in ("simple", "regex", "relaxed"):
        raise _err(f"unknown parse kind '{kind}'", op)
    src = self._as_text(self.bind_expr(op.expr, Row.of(rel.schema, scope)))
    pattern, cols = _parse_regex(self, op, kind)
    lit = string_literal(pattern)
    matched = f"regexp_matches({ph(0)}, {lit})"
    # two columns or more: the groups come from one run of the regex, as a struct in a
    # hidden column of a stage before (DuckDB runs each regexp_extract on its own)
    groups = None
    if len(cols) >= 2:
        groups = unique_name("__parse_groups", {c.name for c in rel.schema})
        names = ", ".join(f"'g{gi}'" for gi in range(1, len(cols) + 1))
        rel = self._extend_stage(rel, [(groups, BRaw(
            f"regexp_extract({ph(0)}, {lit}, [{names}])", [src], T.DYNAMIC, op.span))])
        src = self._as_text(self.bind_expr(op.expr, Row.of(rel.schema, scope)))
        group_col = next(c for c in rel.schema if c.name == groups)
    values = []
    for gi, (name, t) in enumerate(cols, start=1):
        raw = (f"{ph(1)}.g{gi}" if groups is not None
               else f"regexp_extract({ph(0)}, {lit}, {gi})")
        conv = convert.convert(raw, T.STRING, t) if t != T.STRING else raw
        values.append((name, t, conv))
    ok = matched
    if kind == "simple":
        typed = [c for n, t, c in values if t != T.STRING]
        if typed:
            ok = "(" + " AND ".join([matched] + [f"({c}) IS NOT NULL" for c in typed]) + ")"
    inputs = [src, BCol(group_col)] if groups is not None else [src]
    items = []
    for name, t, conv in values:
        if ok == matched and t == T.STRING:
            # regexp_extract gives '' for every group when the pattern does not match: the
            # test would only run the regex a second time
            sql = f"coalesce({conv}, '')"
        elif ok == matched and t not in (T.DYNAMIC, T.UNKNOWN):
            sql = conv          # and '' converts to null
        elif t == T.STRING:
            sql = f"CASE WHEN {ok} THEN {conv} ELSE '' END"
        else:
            sql = f"CASE WHEN {ok} THEN {conv} END"
        items.append((name, BRaw(sql, inputs, t, op.span)))
    if op.where:
        rel = RFilter(rel, BRaw(ok, inputs, T.BOOL, op.span), rel.schema, rel.ordered)
    out = self._extend_stage(rel, items)
    if groups is not None:
        out = self.select_cols(out, [c for c in out.schema if c.name != groups])
    return out


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


def _op_ParseKv(self, rel, op: A.ParseKv, scope):
    """parse-kv: one RE2 pattern per requested key (semantics §3.18)."""
    from hunt.sqlgen.terms import re_escape
    src = self._as_text(self.bind_expr(op.expr, Row.of(rel.schema, scope)))
    o = {x.name: (x.value.value if isinstance(x.value, A.Literal) else getattr(x.value, "name", None))
         for x in op.options}
    items = []
    for c in op.columns:
        t = T.normalize(c.type)
        if t is None:
            raise _err(f"unknown type '{c.type}'", c)
        if "regex" in o:
            rx = string_literal(str(o["regex"]))
            raw = (f"coalesce(list_extract(regexp_extract_all({ph(0)}, {rx}, 2), "
                   f"list_position(regexp_extract_all({ph(0)}, {rx}, 1), {string_literal(c.name)})), '')")
        else:
            q = o.get("quote")
            e = o.get("escape")
            qe = re_escape(q) if q else None
            ee = re_escape(e) if e else None
            if qe:
                inner = f"(?:[^{qe}{ee}]|{ee}.)*" if ee else f"[^{qe}]*"
                quoted = f"{qe}({inner}){qe}|"
            else:
                quoted = "(\x00?)"
            if "pair_delimiter" in o or "kv_delimiter" in o:
                pd = re_escape(str(o.get("pair_delimiter", " ")))
                kv = re_escape(str(o.get("kv_delimiter", "=")))
                val = f"(.*?)(?:{pd}[^{pd}]*?{kv}|$)" if o.get("greedy") in (True, "true") else f"([^{pd}]*)"
                pat = f"(?:^|{pd})\\s*{re_escape(c.name)}\\s*{kv}\\s*(?:{quoted}{val})"
            else:
                stop = f"\\w{qe}" if qe else "\\w"
                pat = f"(?:^|\\W){re_escape(c.name)}[^{stop}]*(?:{quoted}(\\w+))"
            rx = string_literal(pat)
            qv = f"regexp_extract({ph(0)}, {rx}, 1)"
            if ee:
                qv = f"regexp_replace({qv}, {string_literal(ee + '(.)')}, '\\1', 'g')"
            raw = (f"CASE WHEN regexp_matches({ph(0)}, {rx}) THEN trim(CASE WHEN regexp_extract({ph(0)}, {rx}, 1) <> '' "
                   f"THEN {qv} ELSE regexp_extract({ph(0)}, {rx}, 2) END) ELSE '' END")
        conv = convert.convert(f"nullif({raw}, '')", T.STRING, t) if t != T.STRING else raw
        items.append((c.name, BRaw(conv, [src], t, c.span)))
    return self._extend_stage(rel, items)


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


def _op_Find(self, rel, op: A.Find, scope):
    """find: the predicate over several tables (those where it binds), one union; columns by
    `project`, else source_ + the columns common to all matched tables + pack_ (the rest)."""
    from hunt.semantic.op_join import _union_legs, union_rel
    src_name = _opt(op.options, "withsource") or "source_"
    if op.tables:
        legs = _union_legs(self, A.Union_(op.span, (), tuple(op.tables)), scope)
    else:
        legs = [(self.scan(t), t.name) for t in self.catalog.tables()]
    matched = []
    for r, name in legs:
        try:
            pred = self._as_bool(self.bind_expr(op.predicate, Row.of(r.schema, scope)), op.predicate)
        except KqlSemanticError:
            continue
        matched.append((RFilter(r, pred, r.schema, False), name))
    if not matched:
        raise _err("find: no table has the columns this predicate uses", op.predicate)
    out_legs = []
    if op.project is not None:
        wanted = []
        for it in op.project:
            if isinstance(it, A.ColumnDecl):
                wanted.append((it.name, T.normalize(it.type) or T.STRING))
            elif isinstance(it, A.Name):
                wanted.append((it.name, None))
            elif isinstance(it, A.Call) and it.name == "pack_all":
                wanted.append(("pack_", "pack"))
        for r, name in matched:
            by = {c.name: c for c in r.schema}
            items = []
            for n, t in wanted:
                if t == "pack":
                    items.append(("pack_", self._pack_cols(list(r.schema), Row.of(r.schema, scope), True, op.span)))
                elif n in by:
                    items.append((n, BCol(by[n])))
                else:
                    items.append((n, BLit(None, t or T.STRING)))
            sch = make_schema([(n, e.type) for n, e in items])
            out_legs.append((RProject(r, list(zip(sch, [e for _, e in items])), sch), name))
    else:
        common = None
        for r, _ in matched:
            ids = [(c.name, c.type) for c in r.schema]
            common = ids if common is None else [x for x in common if x in set(ids)]
        for r, name in matched:
            by = {c.name: c for c in r.schema}
            items = [(n, BCol(by[n])) for n, _ in common]
            rest = [c for c in r.schema if (c.name, c.type) not in set(common)]
            items.append(("pack_", self._pack_cols(rest, Row.of(r.schema, scope), True, op.span)))
            sch = make_schema([(n, e.type) for n, e in items])
            out_legs.append((RProject(r, list(zip(sch, [e for _, e in items])), sch), name))
    return union_rel(out_legs, "outer", src_name)
