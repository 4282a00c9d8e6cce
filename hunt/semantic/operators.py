"""Binding tabular operators: each takes the input relation and gives the output relation with
its schema computed by KQL's rules (semantics §3, §6)."""
from __future__ import annotations

from typing import Any, Optional

from hunt import types as T
from hunt.errors import KqlSemanticError, KqlUnsupportedError
from hunt.functions import registry
from hunt.semantic import catalog as _catalog
from hunt.semantic.bound import (ORD, BBinary, BCall, BCol, BConvert, BExpr, BLit, BPath, BRaw,
                                 Col, RAggregate, RArgAggregate, RDistinct, RFilter, RJoin,
                                 RLimit, RProject, RSort, RSql, RUnion, RValues, Rel, ph)
from hunt.semantic.expressions import Row, _err
from hunt.semantic.scope import (AliasMaker, RelLet, make_schema, sentinel_alias, unique_name,
                                 wildcard_match)


def match_cols(pattern: str, schema):
    """Columns matching a name or wildcard (TimeGenerated stands for Timestamp when absent)."""
    hit = [c for c in schema if wildcard_match(pattern, c.name)]
    if not hit and "*" not in pattern:
        alt = sentinel_alias(pattern, {c.name for c in schema})
        if alt is not None:
            hit = [c for c in schema if c.name == alt]
    return hit
from hunt.syntax import ast as A


def walk(e):
    """Every bound expression node under e (e included)."""
    stack = [e]
    while stack:
        x = stack.pop()
        yield x
        for attr in ("args", "items", "inputs"):
            v = getattr(x, attr, None)
            if isinstance(v, list):
                stack.extend(i for i in v if isinstance(i, BExpr))
        for attr in ("left", "right", "operand", "expr", "target", "low", "high"):
            v = getattr(x, attr, None)
            if isinstance(v, BExpr):
                stack.append(v)
        p = getattr(x, "path", None)
        if isinstance(p, list):
            stack.extend(i for i in p if isinstance(i, BExpr))


def has_aggregate(e) -> bool:
    return any(isinstance(x, BCall) and x.fn.kind == "aggregate" for x in walk(e))


def has_window(e) -> bool:
    return any(isinstance(x, BCall) and x.fn.kind == "window" for x in walk(e))


def opt(options, name, default=None):
    for o in options:
        if o.name == name:
            v = o.value
            if isinstance(v, A.Name):
                return v.name
            if isinstance(v, A.Literal):
                return v.value
            return v
    return default


class OperatorBinder:
    def apply_op(self, rel: Optional[Rel], op, scope) -> Rel:
        m = getattr(self, "_op_" + type(op).__name__, None)
        if m is None:
            raise KqlUnsupportedError(f"operator '{type(op).__name__.lower()}'", op.span)
        if rel is None and not isinstance(op, (A.Union_, A.Search, A.Find, A.Evaluate)):
            raise _err("this operator needs an input table", op)
        return m(rel, op, scope)

    def row(self, rel: Rel, scope, **kw) -> Row:
        return Row.of(rel.schema, scope, window=rel.ordered, order_by=ORD, **kw)

    def default_name(self, taken) -> str:
        while True:
            self.column_counter += 1
            name = f"Column{self.column_counter}"
            if name not in taken:
                return name

    # -----------------------------------------------------------------------------------------
    def _op_Where(self, rel, op: A.Where, scope):
        if isinstance(op.predicate, A.Binary) and isinstance(op.predicate.left, A.Star):
            pred = self.star_predicate(rel, op.predicate, scope)
        else:
            pred = self._as_bool(self.bind_expr(op.predicate, self.row(rel, scope)), op.predicate)
        from hunt.semantic.bound import RTable
        if isinstance(rel, RFilter) and isinstance(rel.input, RTable) and not has_window(pred) \
                and not has_window(rel.predicate):
            # consecutive filters on a table scan become one, so that every time bound can
            # prune partitions
            return RFilter(rel.input, BBinary("and", rel.predicate, pred, T.BOOL, op.span),
                           rel.schema, rel.ordered)
        return RFilter(rel, pred, rel.schema, rel.ordered)

    def star_predicate(self, rel, b: A.Binary, scope):
        """`where * has "x"`: the operator applied to every column, or-ed."""
        row = self.row(rel, scope)
        rhs = self.bind_expr(b.right, row)
        parts = []
        for c in rel.schema:
            parts.append(BBinary(b.op, self._as_text(BCol(c)), self._as_text(rhs), T.BOOL, b.span))
        if not parts:
            return BLit(False, T.BOOL)
        out = parts[0]
        for p in parts[1:]:
            out = BBinary("or", out, p, T.BOOL, b.span)
        return out

    # -----------------------------------------------------------------------------------------
    def _items(self, rel, items, scope, *, allow_star=False):
        """Bind project-like items to (name, BExpr, explicitly named) in order."""
        row = self.row(rel, scope)
        out = []
        for it in items:
            if isinstance(it, A.Assign):
                e = self.bind_expr(it.value, row)
                if len(it.names) > 1 or self.is_multi(e):
                    out.extend(self.expand_multi(it, e, list(it.names) if len(it.names) > 1 else None,
                                                 it.names[0]))
                    continue
                out.append((it.names[0], e, True))
            elif isinstance(it, A.Star) and allow_star:
                out.extend((c.name, BCol(c), True) for c in rel.schema)
            else:
                e = self.bind_expr(it, row)
                if self.is_multi(e):
                    out.extend(self.expand_multi(it, e, None, self.name_of(it)))
                    continue
                out.append((self.name_of(it), e, False))
        return out

    def expand_multi(self, it, e, names=None, base=None):
        """A multi-output function (series_stats, series_fit_line, ...) as several columns:
        named by `(a, b) = f(...)`, else f"{base}_{key}" per output."""
        fn = getattr(e, "fn", None)
        if not (isinstance(e, BCall) and fn is not None and fn.outputs):
            raise _err("only functions with several results can be assigned to several names", it)
        out = []
        for i, (key, ktype, sql) in enumerate(fn.output_columns(ph(0))):
            if names is not None:
                if i >= len(names):
                    break
                name = names[i]
            else:
                name = f"{base}_{key}" if base else key
            out.append((name, BRaw(sql, [e], ktype, e.span), True))
        return out

    def is_multi(self, e) -> bool:
        return isinstance(e, BCall) and bool(getattr(e.fn, "outputs", None))

    def _op_Project(self, rel, op: A.Project, scope):
        items = self._items(rel, op.items, scope)
        names, taken = [], set()
        for name, e, explicit in items:
            if name is None:
                name = self.default_name(taken | {n for n, _, _ in items if n})
            if name in taken:
                if explicit or isinstance(e, BCol):
                    raise _err(f"duplicate column name '{name}' in project", op,
                               help="give each column a distinct name with Name = expression",
                               code="HUNT207")
                name = unique_name(name, taken)
            taken.add(name)
            names.append(name)
        schema = make_schema([(n, e.type) for n, (_, e, _) in zip(names, items)])
        return RProject(rel, [(c, e) for c, (_, e, _) in zip(schema, items)], schema, rel.ordered)

    def _op_Extend(self, rel, op: A.Extend, scope):
        return self.extend(rel, op.items, scope, op)

    def extend(self, rel, items, scope, op):
        """extend: new names appended, existing names replaced in place; later items see
        earlier ones (a new stage is started when an item refers to one)."""
        cur = rel
        pending: list = []   # (name, BExpr)
        pending_cols: dict = {}

        def flush():
            nonlocal cur, pending, pending_cols
            if not pending:
                return
            cur = self._extend_stage(cur, pending)
            pending, pending_cols = [], {}

        input_names = {c.name for c in rel.schema}
        for it in items:
            row = self.row(cur, scope)
            row.cols.update(pending_cols)
            row.extra["__input_names"] = input_names
            if isinstance(it, A.Assign):
                e = self.bind_expr(it.value, row)
                names = list(it.names)
            else:
                e = self.bind_expr(it, row)
                nm = self.name_of(it)
                if nm is None:
                    nm = self.default_name({c.name for c in cur.schema} | set(pending_cols))
                names = [nm]
            if any(isinstance(x, BCol) and x.col in pending_cols.values() for x in walk(e)):
                flush()
                row = self.row(cur, scope)
                row.extra["__input_names"] = input_names
                e = self.bind_expr(it.value if isinstance(it, A.Assign) else it, row)
            if len(names) > 1 or self.is_multi(e):
                base = names[0] if not isinstance(it, A.Assign) or len(names) == 1 else None
                parts = [(n, x) for n, x, _ in self.expand_multi(
                    it, e, names if len(names) > 1 else None,
                    base if isinstance(it, A.Assign) else self.name_of(it))]
            else:
                parts = [(names[0], e)]
            for name, x in parts:
                pending = [(n, y) for n, y in pending if n != name]
                pending.append((name, x))
                pending_cols[name] = Col(name, x.type, "__pending__" + name)
        flush()
        return cur

    def _extend_stage(self, rel, new_items):
        am = AliasMaker()
        new = dict(new_items)
        out_items, schema = [], []
        for c in rel.schema:
            if c.name in new:
                e = new.pop(c.name)
                nc = Col(c.name, e.type, am.make(c.name))
                out_items.append((nc, e))
            else:
                nc = Col(c.name, c.type, am.make(c.name))
                out_items.append((nc, BCol(c)))
            schema.append(nc)
        for name, e in new_items:
            if name in new:
                nc = Col(name, e.type, am.make(name))
                out_items.append((nc, e))
                schema.append(nc)
        return RProject(rel, out_items, tuple(schema), rel.ordered)

    def _op_ProjectAway(self, rel, op: A.ProjectAway, scope):
        drop = set()
        for p in op.patterns:
            hit = [c.name for c in match_cols(p.name, rel.schema)]
            if not hit and "*" not in p.name:
                raise self.unknown_column(p, rel)
            drop.update(hit)
        return self.select_cols(rel, [c for c in rel.schema if c.name not in drop])

    def _op_ProjectKeep(self, rel, op: A.ProjectKeep, scope):
        keep = set()
        for p in op.patterns:
            hit = [c.name for c in match_cols(p.name, rel.schema)]
            if not hit and "*" not in p.name:
                raise self.unknown_column(p, rel)
            keep.update(hit)
        return self.select_cols(rel, [c for c in rel.schema if c.name in keep])

    def unknown_column(self, p, rel):
        hint = _catalog.suggest(p.name, [c.name for c in rel.schema]) if hasattr(_catalog, "suggest") else None
        return KqlSemanticError(f"unknown column '{p.name}'", p.span,
                                help=f"did you mean '{hint}'?" if hint else "check the input's columns",
                                code="HUNT201")

    def select_cols(self, rel, cols, renames=None):
        renames = renames or {}
        am = AliasMaker()
        items, schema = [], []
        for c in cols:
            name = renames.get(c.name, c.name)
            nc = Col(name, c.type, am.make(name))
            items.append((nc, BCol(c)))
            schema.append(nc)
        return RProject(rel, items, tuple(schema), rel.ordered)

    def _op_ProjectRename(self, rel, op: A.ProjectRename, scope):
        ren = {}
        for new, old in op.pairs:
            hit = match_cols(old.name, rel.schema)
            if not hit or "*" in old.name:
                raise self.unknown_column(old, rel)
            ren[hit[0].name] = new.name
        return self.select_cols(rel, list(rel.schema), ren)

    def _op_ProjectReorder(self, rel, op: A.ProjectReorder, scope):
        import re as _re
        chosen, seen = [], set()
        for p, order in op.items:
            hit = [c for c in match_cols(p.name, rel.schema) if c.name not in seen]
            if not hit and "*" not in p.name:
                raise self.unknown_column(p, rel)
            if order in ("asc", "desc"):
                hit.sort(key=lambda c: c.name, reverse=order == "desc")
            elif order in ("granny-asc", "granny-desc"):
                def gk(c):
                    return [int(x) if x.isdigit() else x for x in _re.split(r"(\d+)", c.name)]
                hit.sort(key=gk, reverse=order == "granny-desc")
            for c in hit:
                seen.add(c.name)
                chosen.append(c)
        rest = [c for c in rel.schema if c.name not in seen]
        return self.select_cols(rel, chosen + rest)

    # -----------------------------------------------------------------------------------------
    def _op_Take(self, rel, op: A.Take, scope):
        n = self.bind_expr(op.count, Row({}, scope))
        return RLimit(rel, n, rel.schema, rel.ordered)

    def sort_keys(self, rel, keys, scope):
        row = self.row(rel, scope)
        out = []
        for k in keys:
            e = self.bind_expr(k.expr, row)
            asc = bool(k.asc)
            nulls_first = k.nulls_first if k.nulls_first is not None else asc
            out.append((e, asc, nulls_first))
        return out

    def _op_Sort(self, rel, op: A.Sort, scope):
        return RSort(rel, self.sort_keys(rel, op.keys, scope), rel.schema)

    def _op_Top(self, rel, op: A.Top, scope):
        n = self.bind_expr(op.count, Row({}, scope))
        return RSort(rel, self.sort_keys(rel, op.keys, scope), rel.schema, limit=n)

    def _op_Serialize(self, rel, op: A.Serialize, scope):
        from hunt.semantic.bound import RSort as _RS
        base = rel if rel.ordered else _RS(rel, [], rel.schema)
        if op.items:
            return self.extend(base, op.items, scope, op)
        return base

    def _op_Count(self, rel, op: A.Count, scope):
        name = op.as_name or "Count"
        schema = make_schema([(name, T.LONG)])
        agg = BRaw("count(*)", [], T.LONG, op.span)
        agg.is_aggregate = True
        return RAggregate(rel, [], [(schema[0], agg)], schema, empty_defaults=True)

    def _op_Distinct(self, rel, op: A.Distinct, scope):
        if len(op.items) == 1 and isinstance(op.items[0], A.Star):
            items = [(c.name, BCol(c), True) for c in rel.schema]
        else:
            items = self._items(rel, op.items, scope)
        names, taken = [], set()
        for name, e, _ in items:
            if name is None:
                name = self.default_name(taken)
            name = unique_name(name, taken)
            taken.add(name)
            names.append(name)
        schema = make_schema([(n, e.type) for n, (_, e, _) in zip(names, items)])
        return RDistinct(rel, [(c, e) for c, (_, e, _) in zip(schema, items)], schema)

    def _op_Render(self, rel, op: A.Render, scope):
        props = {}
        for o in op.options:
            v = o.value
            if isinstance(v, A.Literal):
                v = v.value
            elif isinstance(v, A.Name):
                v = v.name
            elif isinstance(v, A.Call) or isinstance(v, A.Pipeline):
                v = None
            props[o.name] = v
        self.render = {"kind": op.chart, "properties": props}
        return rel

    def _op_As(self, rel, op: A.As, scope):
        from hunt.semantic.bound import RMaterialize
        scope.bind(op.name, RelLet(rel))
        rel.source_name = op.name
        return rel

    def _op_Getschema(self, rel, op, scope):
        schema = make_schema([("ColumnName", T.STRING), ("ColumnOrdinal", T.LONG),
                              ("DataType", T.STRING), ("ColumnType", T.STRING)])
        rows = [[BLit(c.name, T.STRING), BLit(i, T.LONG), BLit(T.DOTNET_NAMES.get(c.type, "System.Object"), T.STRING),
                 BLit(c.type, T.STRING)] for i, c in enumerate(rel.schema)]
        return RValues(rows, schema, ordered=True)

    def _op_Sample(self, rel, op: A.Sample, scope):
        n = self.bind_expr(op.count, Row({}, scope))
        return RSql(f"SELECT * FROM {ph(0)} ORDER BY random() LIMIT {ph('n')}", [rel], rel.schema,
                    exprs={"n": n})

    def _op_SampleDistinct(self, rel, op: A.SampleDistinct, scope):
        n = self.bind_expr(op.count, Row({}, scope))
        e = self.bind_expr(op.column, self.row(rel, scope))
        name = self.name_of(op.column) or "Column1"
        schema = make_schema([(name, e.type)])
        d = RDistinct(rel, [(schema[0], e)], schema)
        return RLimit(d, n, schema)

    def _op_Invoke(self, rel, op: A.Invoke, scope):
        return self.tabular_call(op.call, scope, rel)

    def _op_Consume(self, rel, op, scope):
        return RSql(f"SELECT * FROM {ph(0)} WHERE false", [rel], ())

    def _op_OtherOperator(self, rel, op: A.OtherOperator, scope):
        if op.name == "project-by-names":
            return self.project_by_names(rel, op, scope)
        raise KqlUnsupportedError(f"operator '{op.name}'", op.span)

    def project_by_names(self, rel, op: A.OtherOperator, scope):
        """project-by-names "pattern", dynamic([...]), column_names_of(T): keep the named
        columns (wildcards allowed), in the order the names are given."""
        from hunt.errors import KqlSyntaxError
        from hunt.syntax import parse
        args_text = op.text[len(op.name):]
        try:
            tree = parse("print " + args_text)
        except KqlSyntaxError:
            raise _err("project-by-names takes names, wildcards or dynamic arrays of names", op)
        pr = tree.statements[-1]
        pr = getattr(pr, "expr", pr)
        items = getattr(pr, "source", pr).items if hasattr(getattr(pr, "source", pr), "items") else ()
        names = []
        for it in items:
            e = self.bind_expr(it.value if isinstance(it, A.Assign) else it, self.row(rel, scope))
            if not isinstance(e, BLit):
                raise _err("project-by-names needs constant names", op)
            v = e.value
            names.extend(str(x) for x in (v if isinstance(v, list) else [v]))
        chosen, seen = [], set()
        for pat in names:
            for c in match_cols(pat, rel.schema):
                if c.name not in seen:
                    seen.add(c.name)
                    chosen.append(c)
        return self.select_cols(rel, chosen)

    def _op_Facet(self, rel, op, scope):
        raise KqlUnsupportedError("operator 'facet'", op.span)

    from hunt.semantic.op_summarize import _op_Summarize, _summarize_arg, _agg_item  # noqa: E402
    from hunt.semantic.op_join import _op_Join, _op_Lookup, _op_Union_, join_rel  # noqa: E402
    from hunt.semantic.op_expand import (_op_MvExpand, _op_MvApply, _op_Parse, _op_ParseKv,  # noqa: E402
                                         _op_MakeSeries, _op_TopNested, _op_Evaluate,
                                         _op_Search, _op_Find)
