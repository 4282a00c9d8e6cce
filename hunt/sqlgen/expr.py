"""Typed expressions → DuckDB SQL, with KQL's operator semantics (null rules, term matching,
integer division, case-insensitive operators)."""
from __future__ import annotations

import re
from typing import Optional

from hunt import types as T
from hunt.errors import KqlSemanticError, KqlUnsupportedError
from hunt.functions import convert, registry
from hunt.semantic.bound import (BBetween, BBinary, BCall, BCol, BConvert, BInList, BLit, BPath,
                                 BRaw, BScalarQuery, BTypeLit, BUnary, ORD)
from hunt.sqlgen import terms
from hunt.sqlgen.dialect import literal, quote_ident, string_literal

_PH = re.compile("\x00([^\x00]*)\x00")


def fill(template: str, values) -> str:
    """Replace ph(i)/ph(name) markers by values[i] / values[name]."""
    def rep(m):
        k = m.group(1)
        return values[int(k)] if k.isdigit() and isinstance(values, (list, tuple)) else values[k]
    return _PH.sub(rep, template)


# Columns of long, rarely repeated text (command lines, JSON, scripts): a substring prefilter
# before a has_any regex costs more there than it saves (see terms.match_sql).
_FREE_TEXT = re.compile(r"CommandLine$|AdditionalFields$|RawEventData$|Content$|^Query$")


def _free_text(e) -> bool:
    return isinstance(e, BCol) and bool(_FREE_TEXT.search(e.col.name))


# lists this long get the coalesce() form in filters (see _BInList)
_IN_JOIN_MIN = 5


class CallCtx(registry.Ctx):
    def __init__(self, now_sql: str, span=None, order_by: str = quote_ident(ORD), staged=None,
                 share=None):
        self.now_sql = now_sql
        self.span = span
        self.order_by = order_by
        self._staged = staged
        self._share = share         # ExprSql.share

    def share(self, sql: str) -> str:
        return self._share(sql) if self._share is not None else sql

    def stage(self, sql: str) -> str:
        """Compute `sql` in a projection layer under the one being built (window functions
        cannot nest in SQL); the layers are added by the relation generator."""
        if self._staged is None:
            raise KqlUnsupportedError("this window function here", self.span)
        return _stage_into(self._staged, sql)

    def error(self, message, help=None):
        raise KqlSemanticError(message, self.span, help=help)

    def unsupported(self, what):
        raise KqlUnsupportedError(what, self.span)


class ExprSql:
    def __init__(self, gen):
        self.gen = gen          # the relation generator (for sub-queries)
        self.staged = None      # list collecting ctx.stage() layers while a stage is built
        self.sharing = False    # ctx.share() may stage (a projection's items are built)

    @property
    def now_sql(self):
        return self.gen.now_sql

    def sql(self, e, pred: bool = False) -> str:
        m = getattr(self, "_" + type(e).__name__)
        return m(e, pred) if m.__code__.co_argcount == 3 else m(e)

    # -----------------------------------------------------------------------------------------
    def _BLit(self, e: BLit):
        return literal(e.value, e.type)

    def _BCol(self, e: BCol):
        q = quote_ident(e.col.alias)
        return f"{e.qualifier}.{q}" if e.qualifier else q

    def _BTypeLit(self, e: BTypeLit):
        return "NULL"

    def _BRaw(self, e: BRaw):
        return fill(e.template, [self.sql(i) for i in e.inputs])

    def _BConvert(self, e: BConvert):
        inner = e.expr
        if isinstance(inner, BLit):
            v = _convert_literal(inner, e.type)
            if v is not None:
                return v
        if e.type == T.STRING and _const_member(inner):
            return f"coalesce({self.member_text(inner)}, '')"
        return convert.convert(self.sql(inner), inner.type, e.type)

    def member_text(self, e: BPath) -> str:
        """The text of a dynamic member with a constant path, as tostring() gives it (NULL
        for null or absent): kql_member_text over one json_extract_string of the target,
        computed once in a layer under a projection."""
        target = self.sql(e.target)
        path = string_literal(json_path(e.path))
        s = self.share(f"json_extract_string({target}, {path})")
        return f"kql_member_text({s}, {target}, {path})"

    def share(self, sql: str) -> str:
        """`sql` computed once for the row in a layer under the projection being built (see
        registry.Ctx.share); elsewhere `sql` itself (a filter over a table keeps its own
        form, which partition pruning reads)."""
        if self.sharing and self.staged is not None:
            return _stage_into(self.staged, sql)
        return sql

    def _BScalarQuery(self, e: BScalarQuery):
        name = self.gen.rel(e.rel)
        col = quote_ident(e.rel.schema[0].alias)
        order = f" ORDER BY {quote_ident(ORD)}" if e.rel.ordered else ""
        return f"(SELECT {col} FROM {name}{order} LIMIT 1)"

    def _BCall(self, e: BCall):
        args = []
        for a in e.args:
            value = a.value if isinstance(a, BLit) else registry.NOT_CONSTANT
            if isinstance(a, BTypeLit):
                value = a.of
            arg = registry.Arg(self.sql(a), a.type, value, None, a)
            if _const_member(a):
                arg.member_text = (lambda m=a: self.member_text(m))
            args.append(arg)
        ctx = CallCtx(self.now_sql, e.span, staged=self.staged, share=self.share)
        try:
            return e.fn.translate(ctx, args)
        except (KqlSemanticError, KqlUnsupportedError) as err:
            if err.span is None:
                err.span = e.span
            raise

    def _BUnary(self, e: BUnary):
        if e.op != "-":
            return self.sql(e.operand)
        inner = self.sql(e.operand)
        if e.operand.type == T.INT:
            inner = f"CAST({inner} AS BIGINT)"     # int arithmetic is computed in long
        if e.operand.type == T.TIMESPAN:
            return f"to_microseconds(-CAST(round(epoch({inner}) * 1000000) AS BIGINT))"
        # parenthesised: `--x` would start an SQL comment
        return f"(-({inner}))"

    def _BBetween(self, e: BBetween):
        s = f"({self.sql(e.left)} BETWEEN {self.sql(e.low)} AND {self.sql(e.high)})"
        return f"(NOT {s})" if e.negated else s

    def _BPath(self, e: BPath):
        target = self.sql(e.target)
        const = all(isinstance(k, (str, int)) for k in e.path)
        if const:
            return f"nullif(json_extract({target}, {string_literal(json_path(e.path))}), 'null'::JSON)"
        out = target
        for k in e.path:
            if isinstance(k, (str, int)):
                out = f"nullif(json_extract({out}, {string_literal(json_path([k]))}), 'null'::JSON)"
            else:
                ks = self.sql(k)
                if k.type in (T.LONG, T.INT):
                    out = f"nullif(json_extract({out}, '$[' || CASE WHEN {ks} < 0 THEN '#' || {ks} ELSE CAST({ks} AS VARCHAR) END || ']'), 'null'::JSON)"
                else:
                    kt = convert.to_text(ks, k.type)
                    out = f"nullif(json_extract({out}, '$.\"' || replace({kt}, '\"', '\\\"') || '\"'), 'null'::JSON)"
        return out

    # -----------------------------------------------------------------------------------------
    def _BBinary(self, e: BBinary, pred=False):
        op = e.op
        if op in ("and", "or"):
            return f"({self.sql(e.left, pred)} {op.upper()} {self.sql(e.right, pred)})"
        if op in ("+", "-", "*", "/", "%"):
            return self.arith(e)
        if op in ("==", "!=", "<", "<=", ">", ">=", "=~", "!~"):
            return self.compare(e, pred)
        return self.string_op(e)

    def arith(self, e: BBinary) -> str:
        l, r = self.sql(e.left), self.sql(e.right)
        lt, rt = e.left.type, e.right.type
        op = e.op
        if lt == T.INT:
            l = f"CAST({l} AS BIGINT)"
        if rt == T.INT:
            r = f"CAST({r} AS BIGINT)"
        if op == "/":
            if lt in T.INTEGRAL and rt in T.INTEGRAL:
                return f"({l} // nullif({r}, 0))"
            if lt == T.TIMESPAN and rt == T.TIMESPAN:
                return f"(epoch({l}) / nullif(epoch({r}), 0))"
            if lt == T.TIMESPAN:
                return f"to_microseconds(CAST(round(epoch({l}) * 1000000 / ({r})) AS BIGINT))"
            if lt == T.DECIMAL or rt == T.DECIMAL:
                return f"TRY_CAST((CAST({l} AS DOUBLE) / CAST({r} AS DOUBLE)) AS DECIMAL(38,18))"
            return f"(CAST({l} AS DOUBLE) / {r})"
        if op == "%":
            if lt == T.TIMESPAN:
                return (f"to_microseconds(CAST(round(epoch({l}) * 1000000) AS BIGINT) % "
                        f"nullif(CAST(round(epoch({r}) * 1000000) AS BIGINT), 0))")
            if lt in T.INTEGRAL and rt in T.INTEGRAL:
                return f"((({l} % nullif({r}, 0)) + abs({r})) % abs({r}))"
            if e.type == T.DECIMAL:
                return f"TRY_CAST(fmod(CAST({l} AS DOUBLE), CAST({r} AS DOUBLE)) AS DECIMAL(38,18))"
            return f"fmod({l}, {r})"
        if op == "*" and (lt == T.TIMESPAN or rt == T.TIMESPAN):
            if lt == T.TIMESPAN:
                return f"to_microseconds(CAST(round(epoch({l}) * 1000000 * ({r})) AS BIGINT))"
            return f"to_microseconds(CAST(round(epoch({r}) * 1000000 * ({l})) AS BIGINT))"
        if e.type == T.REAL and lt != T.REAL and rt != T.REAL:
            l = f"CAST({l} AS DOUBLE)"
        if e.type == T.DECIMAL and op == "*":
            # DECIMAL(38,18) * DECIMAL(38,18) needs scale 36 in DuckDB and overflows at once:
            # multiply in double precision, store as decimal again
            return f"TRY_CAST((CAST({l} AS DOUBLE) * CAST({r} AS DOUBLE)) AS DECIMAL(38,18))"
        if e.type == T.DECIMAL and (lt != T.DECIMAL or rt != T.DECIMAL):
            # decimal with real or long stays decimal in KQL; DuckDB would give DOUBLE
            return f"TRY_CAST(({l} {op} {r}) AS DECIMAL(38,18))"
        return f"({l} {op} {r})"

    def compare(self, e: BBinary, pred=False) -> str:
        op = e.op
        if op in ("=~", "!~"):
            l = self._lower(e.left)
            r = self._lower(e.right)
            return f"({l} {'=' if op == '=~' else '<>'} {r})"
        l, r = self.sql(e.left), self.sql(e.right)
        lt = e.left.type
        if e.left.type == T.INT and e.right.type == T.INT:
            pass
        nullable = not (lt == T.STRING and e.right.type == T.STRING)
        if op == "==":
            if not nullable or pred:
                return f"({l} = {r})"
            if _nonnull_literal(e.right) or _nonnull_literal(e.left):
                return f"coalesce({l} = {r}, false)"
            return f"(CASE WHEN ({l}) IS NULL AND ({r}) IS NULL THEN NULL ELSE ({l}) IS NOT DISTINCT FROM ({r}) END)"
        if op == "!=":
            if not nullable:
                return f"({l} <> {r})"
            if _nonnull_literal(e.right) or _nonnull_literal(e.left):
                return f"({l} IS DISTINCT FROM {r})"
            return f"(CASE WHEN ({l}) IS NULL AND ({r}) IS NULL THEN NULL ELSE ({l}) IS DISTINCT FROM ({r}) END)"
        return f"({l} {op} {r})"

    def _lower(self, e):
        if isinstance(e, BLit) and isinstance(e.value, str):
            return string_literal(e.value.lower())
        return f"lower({self.sql(e)})"

    def string_op(self, e: BBinary) -> str:
        op = e.op
        neg = op.startswith("!") or op.startswith("not")
        base = op.lstrip("!")
        if base.startswith("not"):
            base = base[3:]
        cs = base.endswith("_cs") or base.endswith("cs") and base in ("containscs",)
        base = base.replace("_cs", "").replace("containscs", "contains")
        left, right = e.left, e.right
        if base == "matches regex":
            out = f"regexp_matches({self.sql(left)}, {self.sql(right)})"
        elif base in ("has", "hasprefix", "hassuffix"):
            out = self.term_match(left, right, base, cs)
        elif base in ("contains", "startswith", "endswith"):
            fn = {"contains": "contains", "startswith": "starts_with", "endswith": "ends_with"}[base]
            if cs:
                out = f"{fn}({self.sql(left)}, {self.sql(right)})"
            else:
                out = f"{fn}(lower({self.sql(left)}), {self._lower(right)})"
        elif base in ("like",):
            out = f"({self.sql(left)} {'LIKE' if cs else 'ILIKE'} {self.sql(right)})"
        else:
            raise KqlUnsupportedError(f"operator '{op}'", e.span)
        return f"(NOT {out})" if neg else out

    def term_match(self, left, right, mode, cs) -> str:
        s = self.sql(left)
        if isinstance(right, BLit) and isinstance(right.value, str):
            term = right.value
            if term == "":
                return "true"
            return terms.match_sql(s, [term], mode, cs)
        fn = {"has": "kql_has", "hasprefix": "kql_hasprefix", "hassuffix": "kql_hassuffix"}[mode]
        return f"{fn}{'_cs' if cs else ''}({s}, {self.sql(right)})"

    # -----------------------------------------------------------------------------------------
    def _BInList(self, e: BInList, pred=False):
        op = e.op
        left = self.sql(e.left)
        if op.startswith("has_"):
            return self.has_list(e, left)
        ci = op.endswith("~")
        neg = op.startswith("!")
        values, dyn_cols = self.flat_items(e.items, ci, e.left.type)
        parts = []
        lhs = f"lower({left})" if ci else left
        if values:
            parts.append(f"{lhs} IN ({', '.join(values)})")
        for d in dyn_cols:
            parts.append(f"list_contains(CAST(json_transform({d}, '[\"VARCHAR\"]') AS VARCHAR[]), {convert.to_text(lhs, e.left.type)})")
        if e.subquery is not None:
            name = self.gen.rel(e.subquery)
            col = quote_ident(e.subquery.schema[0].alias)
            if e.subquery.schema[0].type in (T.DYNAMIC, T.UNKNOWN):
                elems = _flattened(name, col, "v")
                val = "lower(x.v)" if ci else "x.v"
                text = convert.to_text(lhs, e.left.type) if e.left.type != T.STRING else lhs
                parts.append(f"{text} IN (SELECT {val} FROM {elems} AS x)")
            else:
                sub = f"(SELECT {'lower(' + col + ')' if ci else col} FROM {name})"
                parts.append(f"{lhs} IN {sub}")
        if not parts:
            return "true" if neg else "false"
        inner = " OR ".join(parts)
        if neg:
            return f"(NOT coalesce({inner}, false))"
        if pred and len(values) < _IN_JOIN_MIN and len(parts) == 1:
            return f"({inner})"
        # DuckDB turns a bare `x IN (5+ constants)` in a filter into a join run after every
        # other conjunct (2-3x slower); inside coalesce() it stays a cheap hash-set probe.
        return f"coalesce({inner}, false)"

    def flat_items(self, items, ci, left_type):
        """SQL values of an `in` list: dynamic array constants are flattened; non-constant
        dynamic values are returned apart (tested with list_contains)."""
        out, dyn = [], []
        for it in items:
            if isinstance(it, BLit) and it.type == T.DYNAMIC and isinstance(it.value, list):
                for v in it.value:
                    out.append(self._in_value(v, ci, left_type))
            elif isinstance(it, BLit):
                out.append(self._in_value(it.value, ci, left_type, it.type))
            elif it.type == T.DYNAMIC:
                dyn.append(self.sql(it))
            else:
                s = self.sql(it)
                if left_type == T.STRING and it.type != T.STRING:
                    s = convert.to_text(s, it.type)
                out.append(f"lower({s})" if ci else s)
        return out, dyn

    def _in_value(self, v, ci, left_type, vtype=None):
        if v is None:
            return "NULL"
        if left_type == T.STRING or isinstance(v, str) and left_type in (T.DYNAMIC, T.UNKNOWN):
            if isinstance(v, bool):
                v = "true" if v else "false"
            s = str(v) if not isinstance(v, float) else _real_text(v)
            return string_literal(s.lower() if ci else s)
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return f"{v}::BIGINT"
        if isinstance(v, float):
            return literal(v, T.REAL)
        return literal(v, vtype or left_type)

    def has_list(self, e: BInList, left: str) -> str:
        op = e.op
        cs = op.endswith("_cs")
        all_ = op.startswith("has_all")
        consts, others = [], []
        for it in e.items:
            if isinstance(it, BLit) and it.type == T.DYNAMIC and isinstance(it.value, list):
                consts.extend("" if v is None else (v if isinstance(v, str) else _json_scalar_text(v)) for v in it.value)
            elif isinstance(it, BLit):
                v = it.value
                consts.append("" if v is None else (v if isinstance(v, str) else _json_scalar_text(v)))
            else:
                others.append(it)
        parts = []
        if consts:
            if all_:
                parts.extend(terms.match_sql(left, [c], "has", cs) for c in consts)
            else:
                parts.append(terms.match_sql(left, consts, "has", cs,
                                             prefilter=not _free_text(e.left)))
        fn = "kql_has_cs" if cs else "kql_has"
        for it in others:
            s = self.sql(it)
            if it.type == T.DYNAMIC:
                agg = "bool_and" if all_ else "bool_or"
                parts.append(f"coalesce((SELECT {agg}({fn}({left}, je.value->>'$')) FROM json_each({s}) AS je), {str(all_).lower()})")
            else:
                parts.append(f"{fn}({left}, {convert.to_text(s, it.type)})")
        if e.subquery is not None:
            name = self.gen.rel(e.subquery)
            col = quote_ident(e.subquery.schema[0].alias)
            if e.subquery.schema[0].type in (T.DYNAMIC, T.UNKNOWN):
                name = _flattened(name, col, col)
            if all_:
                parts.append(f"NOT EXISTS (SELECT 1 FROM {name} AS hs WHERE NOT {fn}({left}, hs.{col}))")
            else:
                parts.append(f"EXISTS (SELECT 1 FROM {name} AS hs WHERE {fn}({left}, hs.{col}))")
        if not parts:
            return "false"
        return "(" + (" AND " if all_ else " OR ").join(parts) + ")"


def _flattened(rel: str, col: str, out: str) -> str:
    """A one-column table's dynamic values as text, arrays flattened into their elements
    (`x in (T | summarize make_list(y))` tests the elements)."""
    return (f"(SELECT json_extract_string(u.v, '$') AS {out} FROM {rel} AS s, "
            f"unnest(CASE WHEN json_type(s.{col}) = 'ARRAY' THEN CAST(s.{col} AS JSON[]) "
            f"ELSE [s.{col}] END) AS u(v))")


def _stage_into(staged: list, sql: str) -> str:
    """Add `sql` to the layers under the projection being built; SQL of its value there."""
    alias = f"__stage{len(staged)}"
    staged.append((alias, sql))
    return quote_ident(alias)


def _const_member(e) -> bool:
    """A dynamic member with a constant path (IP.IPAddress, d["a"][0])."""
    return isinstance(e, BPath) and all(isinstance(k, (str, int)) for k in e.path) \
        and bool(e.path)


def json_path(path) -> str:
    out = "$"
    for k in path:
        if isinstance(k, int) and not isinstance(k, bool):
            out += f"[#{k}]" if k < 0 else f"[{k}]"
        else:
            k = str(k)
            if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k):
                out += "." + k
            else:
                out += '."' + k.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return out


def _nonnull_literal(e) -> bool:
    return isinstance(e, BLit) and e.value is not None


def _real_text(v: float) -> str:
    from hunt.sqlgen.dialect import json_text
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def _json_scalar_text(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return _real_text(v)
    from hunt.sqlgen.dialect import json_text
    return str(v) if not isinstance(v, (dict, list)) else json_text(v)


def _convert_literal(lit: BLit, to: str) -> Optional[str]:
    """Fold conversions of constants at compile time where the result is certain."""
    import datetime as _dt
    v = lit.value
    if to == T.STRING and lit.type in (T.LONG, T.INT) and v is not None:
        return string_literal(str(v))
    if to == T.DATETIME and lit.type == T.STRING and isinstance(v, str):
        try:
            d = _dt.datetime.fromisoformat(v.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        if d.tzinfo is not None:
            d = d.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return literal(d, T.DATETIME)
    return None
