"""The semantic layer's entry point: statements, let scopes, sources and user functions.

`Binder(catalog, now, params).bind(query_ast)` gives one BoundStatement per result-producing
statement: a relation (hunt.semantic.bound) with its output schema, and render metadata.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Optional

from hunt import types as T
from hunt.errors import KqlSemanticError, KqlUnsupportedError, Span
from hunt.semantic.bound import BExpr, BLit, Col, RTable, RValues, RMaterialize, Rel
from hunt.semantic.expressions import ExprBinder, Row, _err
from hunt.semantic.operators import OperatorBinder
from hunt.semantic.scope import (FunctionLet, RelLet, ScalarLet, Scope, TabularLet, make_schema,
                                 wildcard_match)
from hunt.semantic import sources as S
from hunt.syntax import ast as A


@dataclass
class BoundStatement:
    rel: Rel
    render: Optional[dict]


class Binder(ExprBinder, OperatorBinder, S.SourceBinder):
    def __init__(self, catalog, now: _dt.datetime, params: Optional[dict] = None):
        self.catalog = catalog
        self.now = now
        self.params = params or {}
        self.column_counter = 0
        self.options: dict = {}
        self.externaldata: list = []
        self.depth = 0

    # -----------------------------------------------------------------------------------------
    def bind(self, q: A.Query) -> list[BoundStatement]:
        scope = Scope()
        for name, value in self.params.items():
            scope.bind(name, ScalarLet(param_literal(name, value)))
        out: list[BoundStatement] = []
        for st in q.statements:
            if isinstance(st, A.Let):
                self.bind_let(st, scope)
            elif isinstance(st, A.Set):
                self.options[st.name] = getattr(st.value, "value", True) if st.value is not None else True
                if st.name == "query_now" and st.value is not None:
                    v = self.bind_expr(st.value, Row({}, scope))
                    if isinstance(v, BLit) and isinstance(v.value, _dt.datetime):
                        self.now = v.value
            elif isinstance(st, A.QueryStatement):
                out.append(self.bind_statement(st.expr, scope))
            elif st is not None:
                out.append(self.bind_statement(st, scope))
        return out

    def bind_statement(self, expr, scope) -> BoundStatement:
        self.render = None
        if self.is_tabular(expr, scope):
            rel = self.bind_tabular(expr, scope)
        else:
            # a scalar statement (`print`-like): a one-row table with one column
            e = self.bind_expr(expr, Row({}, scope))
            name = self.name_of(expr) or "print_0"
            schema = make_schema([(name, e.type)])
            from hunt.semantic.bound import RProject
            rel = RProject(RValues([[]], ()), [(schema[0], e)], schema)
        return BoundStatement(rel, self.render)

    def bind_let(self, st: A.Let, scope: Scope) -> None:
        v = st.value
        if isinstance(v, A.Lambda):
            scope.bind(st.name, FunctionLet(v, scope))
            return
        if isinstance(v, A.Call) and v.name == "materialize" and v.args:
            rel = self.bind_tabular(v.args[0], scope)
            scope.bind(st.name, RelLet(RMaterialize(rel, rel.schema, rel.ordered)))
            return
        if self.is_tabular(v, scope):
            scope.bind(st.name, TabularLet(v, scope))
            return
        e = self.bind_expr(v, Row({}, scope))
        scope.bind(st.name, ScalarLet(e))

    # -----------------------------------------------------------------------------------------
    def is_tabular(self, node, scope: Scope) -> bool:
        """Whether an expression denotes a table (decided by names, as Kusto's binder does)."""
        if isinstance(node, A.Pipeline):
            if node.ops:
                return True
            return node.source is None or self.is_tabular(node.source, scope)
        if isinstance(node, (A.Datatable, A.Range, A.Print, A.ExternalData, A.Union_, A.Search,
                             A.Find, A.Evaluate)):
            return True
        if isinstance(node, A.Name):
            v = scope.lookup(node.name)
            if isinstance(v, (TabularLet, RelLet)):
                return True
            if isinstance(v, FunctionLet):
                return not v.fn.params and self._lambda_is_tabular(v)
            if isinstance(v, ScalarLet):
                return False
            return self.catalog.table(node.name) is not None or "*" in node.name or (
                node.name == "TimeGenerated" and False)
        if isinstance(node, A.Call):
            v = scope.lookup(node.name)
            if isinstance(v, FunctionLet):
                return self._lambda_is_tabular(v)
            if node.name in ("materialize", "table", "view", "database", "cluster",
                             "materialized_view", "external_table"):
                return True
            if node.name in self.catalog.functions and node.name != "FileProfile":
                return True
            return False
        if isinstance(node, A.Member):
            # database("x").Table / cluster(...).database(...).Table
            t = node.target
            return isinstance(t, A.Call) and t.name in ("database", "cluster")
        return False

    def _lambda_is_tabular(self, fl: FunctionLet) -> bool:
        scope = fl.scope.child()
        for p in fl.fn.params:
            if p.schema is not None:
                scope.bind(p.name, RelLet(RValues([], ())))
            else:
                scope.bind(p.name, ScalarLet(BLit(None, p.type or T.UNKNOWN)))
        for let in fl.fn.lets:
            if isinstance(let.value, A.Lambda):
                scope.bind(let.name, FunctionLet(let.value, scope))
            elif self.is_tabular(let.value, scope):
                scope.bind(let.name, TabularLet(let.value, scope))
            else:
                scope.bind(let.name, ScalarLet(BLit(None, T.UNKNOWN)))
        return self.is_tabular(fl.fn.body, scope)

    # -----------------------------------------------------------------------------------------
    def call_lambda(self, fl: FunctionLet, call: A.Call, row: Optional[Row], piped: Optional[Rel] = None):
        """Expand a user function at its call site: parameters become let bindings."""
        fn = fl.fn
        self.depth += 1
        if self.depth > 64:
            raise _err("user functions call each other too deeply (recursion?)", call)
        try:
            scope = fl.scope.child()
            pos = [a for a in call.args if not isinstance(a, A.NamedArg)]
            named = {a.name: a.value for a in call.args if isinstance(a, A.NamedArg)}
            params = list(fn.params)
            caller_scope = row.scope if row is not None else fl.scope
            caller_row = row if row is not None else Row({}, caller_scope)
            if piped is not None:
                if not params or params[0].schema is None:
                    raise _err(f"function '{call.name}' has no tabular first parameter to receive the piped input", call)
                scope.bind(params[0].name, RelLet(piped))
                params = params[1:]
            if len(pos) + len(named) > len(params):
                raise _err(f"function '{call.name}' takes {len(params)} arguments, got {len(pos) + len(named)}",
                           call, code="HUNT205")
            unknown = [n for n in named if n not in {p.name for p in params}]
            if unknown:
                raise _err(f"function '{call.name}' has no parameter '{unknown[0]}'", call, code="HUNT205")
            # named arguments bind by name; positional ones fill the other parameters in order
            positional = iter(pos)
            for i, p in enumerate(params):
                arg = named[p.name] if p.name in named else next(positional, None)
                if arg is None:
                    if p.default is None:
                        raise _err(f"missing argument '{p.name}' in call to '{call.name}'", call,
                                   code="HUNT205")
                    arg = p.default
                    src_row = Row({}, fl.scope)
                else:
                    src_row = caller_row
                if p.schema is not None:
                    rel = self.bind_tabular(arg, src_row.scope)
                    for c in p.schema.columns:
                        if not any(x.name == c.name for x in rel.schema):
                            raise _err(f"the table passed as '{p.name}' has no column '{c.name}'", arg)
                    scope.bind(p.name, RelLet(rel))
                else:
                    e = self.bind_expr(arg, src_row)
                    want = T.normalize(p.type) if p.type else None
                    if want and e.type not in (want, T.UNKNOWN) and not (
                            e.type in T.NUMERIC and want in T.NUMERIC):
                        from hunt.semantic.bound import BConvert
                        e = BConvert(e, want, e.span)
                    scope.bind(p.name, ScalarLet(e))
            for let in fn.lets:
                self.bind_let(let, scope)
            body = fn.body
            if self.is_tabular(body, scope):
                return self.bind_tabular(body, scope)
            # scalar function: its body sees the caller's row
            inner = Row(caller_row.cols, scope, caller_row.qualifier, caller_row.aggregates,
                        caller_row.window, caller_row.order_by, caller_row.extra)
            return self.bind_expr(body, inner)
        finally:
            self.depth -= 1


def param_literal(name: str, value):
    """A Python value as a typed KQL constant (API `params=`): never spliced as text."""
    import decimal
    import uuid
    if isinstance(value, bool):
        return BLit(value, T.BOOL)
    if isinstance(value, int):
        return BLit(value, T.LONG)
    if isinstance(value, float):
        return BLit(value, T.REAL)
    if isinstance(value, decimal.Decimal):
        return BLit(value, T.DECIMAL)
    if isinstance(value, str):
        return BLit(value, T.STRING)
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return BLit(value, T.DATETIME)
    if isinstance(value, _dt.timedelta):
        return BLit(value, T.TIMESPAN)
    if isinstance(value, uuid.UUID):
        return BLit(value, T.GUID)
    if value is None or isinstance(value, (list, tuple, dict)):
        return BLit(list(value) if isinstance(value, tuple) else value, T.DYNAMIC)
    raise KqlSemanticError(f"parameter '{name}' has a value of unsupported type {type(value).__name__}",
                           help="use str, int, float, bool, datetime, timedelta, list or dict")
