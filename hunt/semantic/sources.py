"""Binding the start of a pipeline: tables, lets, datatable, range, print, union, search..."""
from __future__ import annotations

import re
from typing import Any, Optional

from hunt import types as T
from hunt.errors import KqlSemanticError, KqlUnsupportedError
from hunt.semantic import catalog as _catalog
from hunt.semantic.bound import (ORD, BCol, BConvert, BLit, BRaw, Col, RProject, RSql, RTable,
                                 RValues, Rel, ph)
from hunt.semantic.expressions import Row, _err
from hunt.semantic.scope import (AliasMaker, FunctionLet, RelLet, ScalarLet, TabularLet,
                                 make_schema, wildcard_match)
from hunt.syntax import ast as A


class SourceBinder:
    def bind_tabular(self, node, scope) -> Rel:
        if isinstance(node, A.Pipeline):
            if node.source is None:
                raise _err("a pipeline needs a source table", node)
            rel = self.bind_source(node.source, scope)
            for op in node.ops:
                rel = self.apply_op(rel, op, scope)
            return rel
        return self.bind_source(node, scope)

    def bind_source(self, node, scope) -> Rel:
        if isinstance(node, A.Pipeline):
            return self.bind_tabular(node, scope)
        if isinstance(node, A.Name):
            return self.table_by_name(node, scope)
        if isinstance(node, A.Call):
            return self.tabular_call(node, scope, None)
        if isinstance(node, A.Member):
            t = node.target
            if isinstance(t, A.Call) and t.name in ("database", "cluster"):
                return self.table_by_name(A.Name(node.span, node.name), scope)
            raise _err("this expression is not a table", node)
        m = getattr(self, "_src_" + type(node).__name__, None)
        if m is not None:
            return m(node, scope)
        if isinstance(node, (A.Union_, A.Search, A.Find, A.Evaluate)):
            return self.apply_op(None, node, scope)
        raise _err("this expression is not a table", node,
                   help="a query starts with a table name, a let-bound table, datatable, range, print or union")

    def table_by_name(self, n: A.Name, scope) -> Rel:
        v = scope.lookup(n.name)
        if isinstance(v, RelLet):
            return v.rel
        if isinstance(v, TabularLet):
            if v.rel is None:
                v.rel = self.bind_tabular(v.node, v.scope)
            return v.rel
        if isinstance(v, FunctionLet):
            return self.call_lambda(v, A.Call(n.span, n.name, ()), None)
        if isinstance(v, ScalarLet):
            raise _err(f"'{n.name}' is a scalar value, not a table", n)
        t = self.catalog.table(n.name)
        if t is None and n.name in self.catalog.functions:
            return self.tabular_call(A.Call(n.span, n.name, ()), scope, None)
        if t is None:
            hint = _catalog.suggest(n.name, self.catalog.table_names() + scope.all_names()) \
                if hasattr(_catalog, "suggest") else None
            raise KqlSemanticError(f"unknown table '{n.name}'", n.span,
                                   help=f"did you mean '{hint}'?" if hint else
                                   "run 'hunt tables' to list the tables", code="HUNT206")
        return self.scan(t)

    def scan(self, t) -> Rel:
        am = AliasMaker()
        schema = tuple(Col(c.name, c.type, am.make(c.name)) for c in t.columns)
        return RTable(t, schema)

    # -----------------------------------------------------------------------------------------
    def tabular_call(self, n: A.Call, scope, piped: Optional[Rel]) -> Rel:
        v = scope.lookup(n.name)
        if isinstance(v, FunctionLet):
            return self.call_lambda(v, n, Row({}, scope) if piped is None else Row.of(piped.schema, scope), piped)
        if n.name in ("materialize",):
            if not n.args:
                raise _err("materialize() needs a table", n)
            from hunt.semantic.bound import RMaterialize
            rel = self.bind_tabular(n.args[0], scope)
            return RMaterialize(rel, rel.schema, rel.ordered)
        if n.name in ("table", "view", "materialized_view"):
            if not n.args or not isinstance(n.args[0], A.Literal):
                raise _err(f"{n.name}() needs a constant table name", n)
            return self.table_by_name(A.Name(n.span, str(n.args[0].value)), scope)
        if n.name in self.catalog.functions or n.name in ("FileProfile", "DeviceFromIP",
                                                          "AssignedIPAddresses", "SeenBy"):
            from hunt.semantic import defender
            return defender.bind(self, n, scope, piped)
        if piped is None and self.catalog.table(n.name) is not None:
            return self.table_by_name(A.Name(n.span, n.name), scope)
        raise _err(f"unknown tabular function '{n.name}'", n, code="HUNT202")

    # -----------------------------------------------------------------------------------------
    def _src_Datatable(self, n: A.Datatable, scope) -> Rel:
        cols = declared_columns(n.columns)
        schema = make_schema(cols)
        width = len(cols)
        if width == 0:
            raise _err("datatable needs at least one column", n)
        if len(n.values) % width:
            raise _err(f"datatable has {len(n.values)} values, not a multiple of its {width} columns", n)
        rows = []
        row = Row({}, scope)
        for i in range(0, len(n.values), width):
            out = []
            for j, v in enumerate(n.values[i:i + width]):
                e = self.bind_expr(v, row)
                want = schema[j].type
                if e.type != want:
                    if isinstance(e, BLit) and e.value is None:
                        e = BLit(None if want != T.STRING else "", want)
                    else:
                        e = BConvert(e, want, e.span)
                out.append(e)
            rows.append(out)
        return RValues(rows, schema, ordered=True)

    def _src_Range(self, n: A.Range, scope) -> Rel:
        row = Row({}, scope)
        start = self.bind_expr(n.start, row)
        stop = self.bind_expr(n.stop, row)
        step = self.bind_expr(n.step, row)
        t = start.type
        if t == T.INT:
            t = T.LONG
        if t == T.UNKNOWN:
            t = stop.type
        if t in (T.LONG, T.INT) and T.REAL in (stop.type, step.type):
            t = T.REAL
        schema = make_schema([(n.name, t)])
        if t in (T.LONG,):
            start, stop, step = (BConvert(x, T.LONG) if x.type != T.LONG else x for x in (start, stop, step))
        a = _q(schema[0].alias)
        if t == T.REAL:
            tmpl = (f"SELECT CAST({ph('a')} AS DOUBLE) + i * {ph('c')} AS {a}, i AS {ORD} FROM "
                    f"range(0, greatest(CAST(floor(({ph('b')} - {ph('a')}) / {ph('c')}) AS BIGINT) + 1, 0)) AS r(i)")
        else:
            tmpl = (f"SELECT unnest(s) AS {a}, unnest(range(len(s))) AS {ORD} FROM "
                    f"(SELECT generate_series({ph('a')}, {ph('b')}, {ph('c')}) AS s)")
        return RSql(tmpl, [], schema, ordered=True, exprs={"a": start, "b": stop, "c": step})

    def _src_Print(self, n: A.Print, scope) -> Rel:
        base = RValues([[]], ())
        items, names, taken = [], [], set()
        row = Row({}, scope)
        for i, it in enumerate(n.items):
            if isinstance(it, A.Assign):
                e = self.bind_expr(it.value, row)
                name = it.names[0]
            else:
                e = self.bind_expr(it, row)
                name = self.name_of(it) if isinstance(it, (A.Name, A.Member)) else None
                if name is None:
                    name = f"print_{i}"
            items.append(e)
            names.append(name)
        from hunt.semantic.scope import unique_name
        final = []
        for nm in names:
            nm = unique_name(nm, taken)
            taken.add(nm)
            final.append(nm)
        schema = make_schema(list(zip(final, [e.type for e in items])))
        return RProject(base, list(zip(schema, items)), schema)

    def _src_ExternalData(self, n: A.ExternalData, scope) -> Rel:
        from hunt.compiled import ExternalDataRequest
        cols = declared_columns(n.columns)
        urls = []
        for u in n.urls:
            if not isinstance(u, A.Literal) or not isinstance(u.value, str):
                raise _err("externaldata needs constant URL strings", u)
            urls.append(u.value)
        opts = []
        for o in n.options:
            val = getattr(o.value, "value", None)
            if isinstance(o.value, A.Name):
                val = o.value.name
            opts.append((o.name, val))
        rel_name = f"__externaldata_{len(self.externaldata) + 1}"
        self.externaldata.append(ExternalDataRequest(rel_name, tuple(urls), tuple(cols), tuple(opts)))
        schema = make_schema(cols)
        sel = ", ".join(f"{_q(n_)} AS {_q(c.alias)}" for (n_, _), c in zip(cols, schema))
        return RSql(f"SELECT {sel} FROM {_q(rel_name)}", [], schema)


def declared_columns(decls) -> list[tuple[str, str]]:
    """(name, Kusto type) of `name:type` declarations; an unknown type is an error there."""
    cols = []
    for c in decls:
        t = T.normalize(c.type)
        if t is None:
            raise _err(f"unknown type '{c.type}'", c,
                       help="types: string, long, int, real, bool, datetime, timespan, guid, dynamic, decimal")
        cols.append((c.name, t))
    return cols


def _q(name: str) -> str:
    from hunt.sqlgen.dialect import quote_ident
    return quote_ident(name)
