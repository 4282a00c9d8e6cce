"""Binding scalar expressions: resolve names, type every node, apply KQL's operator rules."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from hunt import types as T
from hunt.errors import KqlSemanticError, KqlUnsupportedError, Span
from hunt.functions import registry
from hunt.semantic import catalog as _catalog
from hunt.semantic.bound import (ph, BBetween, BBinary, BCall, BCol, BConvert, BExpr, BInList, BLit,
                                 BPath, BRaw, BScalarQuery, BTypeLit, BUnary, Col)
from hunt.semantic.scope import (FunctionLet, RelLet, ScalarLet, Scope, TabularLet, expr_name,
                                 sentinel_alias)
from hunt.syntax import ast as A

COMPARISONS = {"==", "!=", "<", "<=", ">", ">=", "=~", "!~"}
STRING_OPS = {
    "has", "!has", "has_cs", "!has_cs", "hasprefix", "!hasprefix", "hasprefix_cs", "!hasprefix_cs",
    "hassuffix", "!hassuffix", "hassuffix_cs", "!hassuffix_cs", "contains", "!contains",
    "contains_cs", "!contains_cs", "startswith", "!startswith", "startswith_cs", "!startswith_cs",
    "endswith", "!endswith", "endswith_cs", "!endswith_cs", "matches regex", "like", "!like",
    "notlike", "like_cs", "notlike_cs", "contains_cs", "notcontains", "notcontainscs",
    "containscs", "!containscs", "notcontains_cs", "!contains_cs", "has_all", "has_any",
}
ARITH = {"+", "-", "*", "/", "%"}


@dataclass
class Row:
    """What an expression can see: the input row's columns and the let scope."""

    cols: dict                      # KQL name -> Col
    scope: Scope
    qualifier: Optional[str] = None
    aggregates: bool = False        # aggregate functions allowed (summarize)
    window: bool = False            # window functions allowed (serialized input)
    order_by: Optional[str] = None
    extra: dict = field(default_factory=dict)   # $left/$right rows for join conditions

    @staticmethod
    def of(schema, scope, **kw) -> "Row":
        return Row({c.name: c for c in schema}, scope, **kw)


def _err(msg, node, help=None, code="HUNT200"):
    return KqlSemanticError(msg, getattr(node, "span", None), help=help, code=code)


class ExprBinder:
    """Mixin of the Binder: scalar expressions."""

    # set by the Binder
    catalog: Any
    column_counter: int

    # -----------------------------------------------------------------------------------------
    def bind_expr(self, node, row: Row) -> BExpr:
        m = getattr(self, "_x_" + type(node).__name__, None)
        if m is None:
            raise KqlUnsupportedError(f"expression {type(node).__name__}", getattr(node, "span", None))
        out = m(node, row)
        if out.span is None:
            out.span = node.span
        return out

    def _x_Literal(self, n: A.Literal, row):
        return BLit(n.value, n.type, n.span)

    def _x_TypeLit(self, n: A.TypeLit, row):
        return BTypeLit(n.type, span=n.span)

    def _x_Name(self, n: A.Name, row: Row):
        col = row.cols.get(n.name)
        if col is not None:
            return BCol(col, row.qualifier, n.span)
        v = row.scope.lookup(n.name)
        if isinstance(v, ScalarLet):
            return v.expr
        if isinstance(v, FunctionLet) and not v.fn.params:
            return self.call_lambda(v, A.Call(n.span, n.name, ()), row)
        if isinstance(v, (TabularLet, RelLet)):
            raise _err(f"'{n.name}' is a table, not a scalar value", n,
                       help="use toscalar(...) to take a single value from a table")
        alt = sentinel_alias(n.name, row.cols)
        if alt is not None:
            return BCol(row.cols[alt], row.qualifier, n.span)
        if n.name in ("$left", "$right") and n.name in row.extra:
            raise _err(f"'{n.name}' must be followed by a column: {n.name}.Column", n)
        if self.catalog.table(n.name) is not None:
            raise _err(f"'{n.name}' is a table, not a scalar value", n,
                       help="a table can be used after 'in (...)', in join/union/lookup, or in toscalar(...)")
        fn = registry.lookup(n.name)
        if fn is not None and fn.min_args == 0 and fn.kind == "scalar":
            return self.bind_call(A.Call(n.span, n.name, ()), row)
        cands = list(row.cols) + [k for k in row.scope.all_names()]
        hint = _catalog.suggest(n.name, cands) if hasattr(_catalog, "suggest") else None
        raise _err(f"unknown name '{n.name}'", n,
                   help=f"did you mean '{hint}'?" if hint else
                   "check the spelling (names are case-sensitive) or the columns of the input",
                   code="HUNT201")

    def _x_Star(self, n, row):
        raise _err("'*' is not allowed here", n)

    def _x_Member(self, n: A.Member, row: Row):
        if isinstance(n.target, A.Name) and n.target.name in ("$left", "$right"):
            side = row.extra.get(n.target.name)
            if side is None:
                raise _err(f"'{n.target.name}' is only valid in join/lookup conditions", n)
            return self._x_Name(A.Name(n.span, n.name), side)
        target = self.bind_expr(n.target, row)
        return self._path(target, n.name, n)

    def _x_Index(self, n: A.Index, row: Row):
        target = self.bind_expr(n.target, row)
        idx = self.bind_expr(n.index, row)
        if isinstance(idx, BLit):
            key = idx.value
            if isinstance(key, bool) or key is None:
                raise _err("a dynamic index must be a string or a number", n.index)
            return self._path(target, key, n)
        if isinstance(idx, BUnary) and idx.op == "-" and isinstance(idx.operand, BLit):
            return self._path(target, -int(idx.operand.value), n)
        return self._path(target, idx, n)

    def _path(self, target: BExpr, key, node) -> BExpr:
        if target.type == T.STRING:
            # AdditionalFields and friends are JSON strings on some tables: accept `.key`
            target = BConvert(self._parse_json(target), T.DYNAMIC, target.span)
        elif target.type not in (T.DYNAMIC, T.UNKNOWN):
            raise _err(f"cannot access a property of a {target.type} value", node,
                       help="only dynamic values have properties; use parse_json() first")
        if isinstance(target, BPath):
            return BPath(target.target, target.path + [key], span=node.span)
        return BPath(target, [key], span=node.span)

    def _parse_json(self, e: BExpr) -> BExpr:
        fn = registry.lookup("parse_json")
        return BCall(fn, [e], T.DYNAMIC, e.span)

    def _x_NamedArg(self, n, row):
        raise _err(f"named argument '{n.name}' is not allowed here", n)

    def _x_Unary(self, n: A.Unary, row):
        e = self.bind_expr(n.operand, row)
        if isinstance(e, BLit) and n.op == "-" and e.value is not None and e.type in (T.LONG, T.INT, T.REAL, T.DECIMAL, T.TIMESPAN):
            return BLit(-e.value, e.type, n.span)
        if n.op == "+":
            return e
        t = e.type
        if t == T.DYNAMIC:
            e, t = BConvert(e, T.REAL), T.REAL
        elif t not in (T.LONG, T.INT, T.REAL, T.DECIMAL, T.TIMESPAN, T.UNKNOWN):
            raise _err(f"cannot negate a {t} value", n)
        return BUnary(n.op, e, T.LONG if t == T.INT else t, n.span)

    def _x_Pipeline(self, n, row):
        raise _err("a tabular expression is not allowed here", n,
                   help="use toscalar(...) to take a single value from a table")

    def _x_Call(self, n: A.Call, row: Row):
        return self.bind_call(n, row)

    # -----------------------------------------------------------------------------------------
    def _x_Binary(self, n: A.Binary, row: Row):
        op = n.op
        if op in ("and", "or"):
            l = self._as_bool(self.bind_expr(n.left, row), n.left)
            r = self._as_bool(self.bind_expr(n.right, row), n.right)
            return BBinary(op, l, r, T.BOOL, n.span)
        l = self.bind_expr(n.left, row)
        r = self.bind_expr(n.right, row)
        if op in ARITH:
            return self._arith(op, l, r, n)
        if op in COMPARISONS:
            return self._compare(op, l, r, n)
        # string operators: both sides as text
        if op == "matches regex":
            return BBinary(op, self._as_text(l), self._as_text(r), T.BOOL, n.span)
        return BBinary(op, self._as_text(l), self._as_text(r), T.BOOL, n.span)

    def _as_bool(self, e: BExpr, node) -> BExpr:
        if e.type in (T.BOOL, T.UNKNOWN):
            return e
        if e.type == T.DYNAMIC:
            return BConvert(e, T.BOOL)
        raise _err(f"expected a bool value, got {e.type}", node,
                   help="predicates combine comparisons with 'and'/'or'")

    def _as_text(self, e: BExpr) -> BExpr:
        if e.type == T.STRING:
            return e
        if isinstance(e, BLit):
            from hunt.sqlgen.dialect import format_datetime, format_timespan, json_text
            v = e.value
            if v is None:
                return BLit("", T.STRING, e.span)
            if e.type == T.BOOL:
                return BLit("true" if v else "false", T.STRING, e.span)
            if e.type in (T.LONG, T.INT):
                return BLit(str(v), T.STRING, e.span)
        return BConvert(e, T.STRING, e.span)

    def _arith(self, op, l, r, n):
        lt, rt = l.type, r.type
        if T.UNKNOWN in (lt, rt):
            other = rt if lt == T.UNKNOWN else lt
            return BBinary(op, l, r, other if other != T.UNKNOWN else T.UNKNOWN, n.span)
        if lt == T.DYNAMIC:
            l, lt = BConvert(l, T.REAL), T.REAL
        if rt == T.DYNAMIC:
            r, rt = BConvert(r, T.REAL), T.REAL
        num = (T.INT, T.LONG, T.REAL, T.DECIMAL)
        if lt in num and rt in num:
            return BBinary(op, l, r, T.promote(lt, rt), n.span)
        if op == "+":
            if {lt, rt} == {T.DATETIME, T.TIMESPAN}:
                return BBinary(op, l, r, T.DATETIME, n.span)
            if lt == rt == T.TIMESPAN:
                return BBinary(op, l, r, T.TIMESPAN, n.span)
        if op == "-":
            if lt == T.DATETIME and rt == T.TIMESPAN:
                return BBinary(op, l, r, T.DATETIME, n.span)
            if lt == rt == T.DATETIME:
                return BBinary(op, l, r, T.TIMESPAN, n.span)
            if lt == rt == T.TIMESPAN:
                return BBinary(op, l, r, T.TIMESPAN, n.span)
        if op == "*":
            if lt == T.TIMESPAN and rt in num or rt == T.TIMESPAN and lt in num:
                return BBinary(op, l, r, T.TIMESPAN, n.span)
        if op == "/":
            if lt == T.TIMESPAN and rt in num:
                return BBinary(op, l, r, T.TIMESPAN, n.span)
            if lt == rt == T.TIMESPAN:
                return BBinary(op, l, r, T.REAL, n.span)
        if op == "%" and lt == rt == T.TIMESPAN:
            return BBinary(op, l, r, T.TIMESPAN, n.span)
        raise _err(f"operator '{op}' cannot be applied to {lt} and {rt}", n,
                   help="convert one side first, e.g. tolong(), todatetime(), totimespan()",
                   code="HUNT210")

    def _compare(self, op, l, r, n):
        lt, rt = l.type, r.type
        if op in ("=~", "!~"):
            return BBinary(op, self._as_text(l), self._as_text(r), T.BOOL, n.span)
        if lt == rt or T.UNKNOWN in (lt, rt):
            if lt == T.DYNAMIC and rt == T.DYNAMIC:
                return BBinary(op, BConvert(l, T.STRING), BConvert(r, T.STRING), T.BOOL, n.span)
            return BBinary(op, l, r, T.BOOL, n.span)
        num = (T.INT, T.LONG, T.REAL, T.DECIMAL)
        if lt in num and rt in num:
            return BBinary(op, l, r, T.BOOL, n.span)
        # dynamic against a typed scalar converts the dynamic side
        if lt == T.DYNAMIC:
            return BBinary(op, BConvert(l, T.REAL if rt in num else rt), r, T.BOOL, n.span)
        if rt == T.DYNAMIC:
            return BBinary(op, l, BConvert(r, T.REAL if lt in num else lt), T.BOOL, n.span)
        # a datetime compared with a string literal: the literal is a datetime
        if lt in (T.DATETIME, T.TIMESPAN, T.GUID) and rt == T.STRING:
            return BBinary(op, l, BConvert(r, lt), T.BOOL, n.span)
        if rt in (T.DATETIME, T.TIMESPAN, T.GUID) and lt == T.STRING:
            return BBinary(op, BConvert(l, rt), r, T.BOOL, n.span)
        if T.STRING in (lt, rt) and op in ("==", "!="):
            return BBinary(op, self._as_text(l), self._as_text(r), T.BOOL, n.span)
        if T.BOOL in (lt, rt) and (lt in num or rt in num):
            return BBinary(op, BConvert(l, T.LONG), BConvert(r, T.LONG), T.BOOL, n.span)
        raise _err(f"cannot compare {lt} with {rt} using '{op}'", n,
                   help="convert one side first, e.g. tostring(), tolong(), todatetime()",
                   code="HUNT210")

    def _x_Between(self, n: A.Between, row):
        l = self.bind_expr(n.left, row)
        lo = self.bind_expr(n.low, row)
        hi = self.bind_expr(n.high, row)
        if l.type == T.DYNAMIC:
            l = BConvert(l, T.REAL)
        if l.type == T.DATETIME and hi.type == T.TIMESPAN:
            hi = BBinary("+", lo, hi, T.DATETIME, n.high.span)
        if l.type == T.DATETIME and lo.type == T.STRING:
            lo = BConvert(lo, T.DATETIME)
        if l.type == T.DATETIME and hi.type == T.STRING:
            hi = BConvert(hi, T.DATETIME)
        return BBetween(l, lo, hi, n.negated, span=n.span)

    def _x_InList(self, n: A.InList, row: Row):
        left = self.bind_expr(n.left, row)
        items, sub = [], None
        for it in n.items:
            rel = self.try_tabular_item(it, row)
            if rel is not None:
                if sub is not None or len(n.items) > 1:
                    if sub is not None:
                        raise KqlUnsupportedError("more than one sub-query in an 'in' list", it.span)
                sub = rel
                continue
            items.append(self.bind_expr(it, row))
        if n.op.startswith("has_"):
            left = self._as_text(left)
        elif left.type == T.DYNAMIC:
            left = BConvert(left, T.STRING)
        return BInList(n.op, left, items, sub, span=n.span)

    def try_tabular_item(self, it, row: Row):
        """An `in (...)` item that is a table: a sub-query, a let-bound table, a table name."""
        if isinstance(it, A.Pipeline):
            return self.bind_tabular(it, row.scope)
        if isinstance(it, A.Name) and it.name not in row.cols:
            v = row.scope.lookup(it.name)
            if isinstance(v, (TabularLet, RelLet)):
                return self.bind_tabular(it, row.scope)
            if v is None and self.catalog.table(it.name) is not None:
                return self.bind_tabular(it, row.scope)
            if isinstance(v, FunctionLet) and not v.fn.params and self._lambda_is_tabular(v):
                return self.bind_tabular(it, row.scope)
        if isinstance(it, A.Call) and it.name in ("materialize", "table", "view"):
            return self.bind_tabular(it, row.scope)
        if isinstance(it, A.Call):
            v = row.scope.lookup(it.name)
            if isinstance(v, FunctionLet) and self._lambda_is_tabular(v):
                return self.bind_tabular(it, row.scope)
        return None

    # -----------------------------------------------------------------------------------------
    def infer_call_name(self, call: A.Call) -> Optional[str]:
        fn = registry.lookup(call.name)
        if fn is None:
            return None
        args = [a for a in call.args if not isinstance(a, A.NamedArg)]
        if getattr(fn, "namer", None) is not None:
            fake = []
            for a in args:
                v = a.value if isinstance(a, A.Literal) else registry.NOT_CONSTANT
                if isinstance(a, A.Unary) and a.op == "-" and isinstance(a.operand, A.Literal):
                    v = -a.operand.value
                fake.append(registry.Arg("", getattr(a, "type", T.UNKNOWN) if isinstance(a, A.Literal) else T.UNKNOWN,
                                         v, expr_name(a, self.infer_call_name)))
            try:
                got = fn.namer(fake)
            except Exception:
                got = None
            if got is not None:
                return got
        if fn.naming == "arg":
            return expr_name(args[0], self.infer_call_name) if args else None
        if fn.naming == "prefix":
            first = expr_name(args[0], self.infer_call_name) if args else None
            if fn.kind == "aggregate" and not args:
                return f"{fn.prefix or fn.name}_"
            return f"{fn.prefix or fn.name}_{first or ''}"
        if fn.naming not in ("none", "arg", "prefix"):
            return fn.naming
        return None

    def name_of(self, node) -> Optional[str]:
        return expr_name(node, self.infer_call_name)

    def bind_call(self, n: A.Call, row: Row) -> BExpr:
        name = n.name
        v = row.scope.lookup(name)
        if isinstance(v, FunctionLet):
            return self.call_lambda(v, n, row)
        special = getattr(self, "_fn_" + name, None)
        if special is not None:
            return special(n, row)
        fn = registry.lookup(name)
        if fn is None:
            if self.catalog.table(name) is not None or name in self.catalog.functions:
                raise _err(f"'{name}' is a table function: use it as a source or with invoke", n)
            hint = _catalog.suggest(name, registry.names()) if hasattr(_catalog, "suggest") else None
            raise _err(f"unknown function '{name}'", n,
                       help=f"did you mean '{hint}'?" if hint else "see the list of supported functions",
                       code="HUNT202")
        if fn.kind == "aggregate" and not row.aggregates:
            raise _err(f"aggregate function '{name}' is only allowed in summarize, make-series or top-nested", n,
                       code="HUNT203")
        if fn.kind == "window" and not row.window:
            raise _err(f"window function '{name}' needs serialized input", n,
                       help="add '| serialize' or '| sort by ...' before it", code="HUNT204")
        # built-in functions take arguments by position (`bin(X=Timestamp, 5m)` is seen in the
        # wild: the name is ignored)
        pos = [a.value if isinstance(a, A.NamedArg) else a for a in n.args]
        if len(pos) < fn.min_args or (fn.max_args is not None and len(pos) > fn.max_args):
            want = (f"{fn.min_args}" if fn.max_args == fn.min_args else
                    f"{fn.min_args} to {fn.max_args}" if fn.max_args is not None else f"at least {fn.min_args}")
            raise _err(f"function '{name}' expects {want} arguments, got {len(pos)}", n, code="HUNT205")
        args = []
        for a in pos:
            if isinstance(a, A.Star):
                args.append(BRaw("*", [], T.UNKNOWN, a.span))
            else:
                args.append(self.bind_expr(a, row))
        rtype = fn.result_type(self._args_for_rule(args))
        return BCall(fn, args, rtype, n.span)

    def _args_for_rule(self, args):
        out = []
        for a in args:
            value = a.value if isinstance(a, BLit) else registry.NOT_CONSTANT
            if isinstance(a, BTypeLit):
                value = a.of
            out.append(registry.Arg("", a.type, value, None, a))
        return out

    # special calls ---------------------------------------------------------------------------
    def _fn_toscalar(self, n: A.Call, row: Row):
        if not n.args:
            raise _err("toscalar() needs a tabular argument", n)
        arg = n.args[0]
        rel = self.try_tabular_item(arg, row)
        if rel is None:
            if isinstance(arg, A.Pipeline):
                rel = self.bind_tabular(arg, row.scope)
            else:
                return self.bind_expr(arg, row)
        if not rel.schema:
            raise _err("toscalar() of a table with no columns", n)
        return BScalarQuery(rel, rel.schema[0].type, n.span)

    def _fn_column_ifexists(self, n: A.Call, row: Row):
        name = self.bind_expr(n.args[0], Row({}, row.scope)) if len(n.args) == 2 else None
        if not isinstance(name, BLit) or not isinstance(name.value, str):
            raise _err("column_ifexists(name, default) needs a constant column name", n)
        col = row.cols.get(name.value)
        if col is not None:
            return BCol(col, row.qualifier, n.span)
        return self.bind_expr(n.args[1], row)

    def _fn_ingestion_time(self, n: A.Call, row: Row):
        """hunt keeps no separate ingestion time: a record's is taken to be its Timestamp
        (Defender ingests a record within minutes of it, and hunting queries filter on it as
        on Timestamp). Null where the row has no Timestamp (after summarize, project away):
        in Kusto too, only table records have an ingestion time."""
        if n.args:
            raise _err("ingestion_time() takes no arguments", n, code="HUNT205")
        col = row.cols.get("Timestamp")
        if col is not None and col.type == T.DATETIME:
            return BCol(col, row.qualifier, n.span)
        return BRaw("CAST(NULL AS TIMESTAMP)", [], T.DATETIME, n.span)

    def _fn_pack_all(self, n: A.Call, row: Row):
        ignore = False
        if n.args:
            a = self.bind_expr(n.args[0], row)
            ignore = bool(getattr(a, "value", False))
        visible = row.extra.get("__input_names")
        # pack_all() packs the operator's input row: not columns the same extend adds
        cols = [c for c in row.cols.values() if visible is None or c.name in visible]
        return self._pack_cols(cols, row, ignore, n.span)

    def _pack_cols(self, cols, row, ignore_empty, span):
        from hunt.functions.convert import to_dynamic
        from hunt.sqlgen.dialect import string_literal
        if not cols:
            return BRaw("'{}'::JSON", [], T.DYNAMIC, span)
        parts, inputs = [], []
        for i, c in enumerate(cols):
            inputs.append(BCol(c, row.qualifier))
            parts.append(f"{string_literal(c.name)}, {to_dynamic(ph(i), c.type)}")
        sql = "json_object(" + ", ".join(parts) + ")"
        if ignore_empty:
            sql = ("(SELECT coalesce(json_group_object(je.key, je.value), '{}'::JSON) "
                   f"FROM json_each({sql}) AS je WHERE je.type NOT IN ('NULL') "
                   "AND NOT (je.type = 'VARCHAR' AND je.value->>'$' = ''))")
        return BRaw(sql, inputs, T.DYNAMIC, span)

    def _star_args(self, n: A.Call, row: Row):
        out = []
        for a in n.args:
            if isinstance(a, A.Star):
                out.extend(BCol(c, row.qualifier, a.span) for c in row.cols.values())
            else:
                out.append(self.bind_expr(a, row))
        return out

    def _fn_pack_array(self, n: A.Call, row: Row):
        fn = registry.lookup("pack_array")
        args = self._star_args(n, row)
        return BCall(fn, args, T.DYNAMIC, n.span)

    def _fn_column_names_of(self, n: A.Call, row: Row):
        """column_names_of(T): the names of a table's columns, known at compile time."""
        if len(n.args) != 1:
            raise _err("column_names_of() takes one tabular argument", n)
        arg = n.args[0]
        rel = self.try_tabular_item(arg, row)
        if rel is None and isinstance(arg, A.Call):
            rel = self.bind_tabular(arg, row.scope)
        if rel is None:
            raise _err("column_names_of() needs a table", arg)
        return BLit([c.name for c in rel.schema], T.DYNAMIC, n.span)

    def _fn_materialize(self, n, row):
        raise _err("materialize() returns a table: use it in a let statement or as a source", n)
