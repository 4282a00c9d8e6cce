"""Relations → one DuckDB SELECT: a CTE per pipeline stage, KQL names mapped back at the end."""
from __future__ import annotations

from hunt import types as T
from hunt.compiled import CompiledStatement, OutputColumn
from hunt.functions import convert
from hunt.semantic import bound as B
from hunt.semantic.bound import ORD
from hunt.sqlgen.dialect import null_of, quote_ident
from hunt.sqlgen.expr import ExprSql, fill
from hunt.sqlgen.prune import needed_columns

Q_ORD = quote_ident(ORD)


import re as _re  # noqa: E402

# SQL that is a bare literal (a translation may fold a call to one: gettype(x) -> 'string')
_LITERAL_SQL = _re.compile(r"^\(?\s*(?:'(?:[^']|'')*'|-?\d+(?:\.\d+)?)(?:::[A-Z]+(?:\(\d+(?:,\d+)?\))?)?\s*\)?$")


def _nn_string(sql: str, ktype: str) -> str:
    return f"coalesce({sql}, '')" if ktype == T.STRING else sql


def _has_window(e) -> bool:
    from hunt.semantic.operators import walk
    return any(isinstance(x, B.BCall) and x.fn.kind == "window" for x in walk(e))


# Engine views expose the hive day of each file as this column (hunt/store/layout.py).
from hunt.store.layout import PARTITION_COLUMN  # noqa: E402

PRUNE_PARTITIONS = True   # every engine view carries PARTITION_COLUMN (hunt/engine/views.py)


def _prunable(r) -> bool:
    return PRUNE_PARTITIONS and r.table.sql_relation is None and bool(r.table.columns)


def _conjuncts(e):
    if isinstance(e, B.BBinary) and e.op == "and":
        yield from _conjuncts(e.left)
        yield from _conjuncts(e.right)
    else:
        yield e


def _constant(e) -> bool:
    from hunt.semantic.operators import walk
    return not any(isinstance(x, (B.BCol, B.BScalarQuery)) or
                   (isinstance(x, B.BCall) and x.fn.kind != "scalar") for x in walk(e))


def _is_time_col(e, tcol) -> bool:
    return isinstance(e, B.BCol) and e.col.name == tcol and e.qualifier is None


def _time_bounds(e, tcol):
    """(lo|hi, bound expression) pairs a conjunct implies for the time column."""
    if isinstance(e, B.BBinary) and e.op in (">", ">=", "<", "<=", "=="):
        l, r, op = e.left, e.right, e.op
        if _is_time_col(r, tcol) and _constant(l):
            l, r = r, l
            op = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "=="}[op]
        if _is_time_col(l, tcol) and _constant(r) and r.type == T.DATETIME:
            if op in (">", ">="):
                return [("lo", r)]
            if op in ("<", "<="):
                return [("hi", r)]
            return [("lo", r), ("hi", r)]
    if isinstance(e, B.BBetween) and not e.negated and _is_time_col(e.left, tcol) \
            and _constant(e.low) and _constant(e.high) and e.low.type == T.DATETIME \
            and e.high.type == T.DATETIME:
        return [("lo", e.low), ("hi", e.high)]
    return []


def q(name: str) -> str:
    return quote_ident(name)


class SqlGen:
    def __init__(self, now_sql: str):
        self.now_sql = now_sql
        self.ctes: list[tuple[str, str, bool]] = []
        self.memo: dict[int, str] = {}
        self.x = ExprSql(self)
        self.needed: dict[int, set] = {}

    def keep(self, rel, alias: str) -> bool:
        """Does a consumer of rel read its column `alias`? (hunt/sqlgen/prune.py)"""
        need = self.needed.get(id(rel))
        return need is None or alias in need

    def e(self, expr, pred=False) -> str:
        return self.x.sql(expr, pred)

    # -----------------------------------------------------------------------------------------
    def statement(self, rel, render=None) -> CompiledStatement:
        self.needed = needed_columns(rel)
        name = self.rel(rel)
        # numeric results are cast to their inferred storage type (a translation may yield
        # INTEGER where KQL says long): the result's types are exactly the inferred ones
        cols = ", ".join(f"CAST({q(c.alias)} AS {T.duckdb_type(c.type)}) AS {q(c.alias)}"
                         if c.type in (T.LONG, T.INT, T.REAL) else q(c.alias)
                         for c in rel.schema) or "NULL AS __empty"
        order = f" ORDER BY {Q_ORD}" if rel.ordered else ""
        with_ = ""
        if self.ctes:
            with_ = "WITH " + ",\n".join(
                f"{n} AS {'MATERIALIZED ' if m else ''}(\n{s}\n)" for n, s, m in self.ctes) + "\n"
        sql = f"{with_}SELECT {cols} FROM {name}{order}"
        out = tuple(OutputColumn(c.name, c.type, c.alias) for c in rel.schema)
        return CompiledStatement(sql, out, render, rel.ordered)

    def rel(self, rel) -> str:
        key = id(rel)
        if key in self.memo:
            return self.memo[key]
        m = getattr(self, "_" + type(rel).__name__)
        sql = m(rel)
        name = f"__q{len(self.ctes) + 1}"
        self.ctes.append((name, sql, isinstance(rel, B.RMaterialize)))
        self.memo[key] = name
        return name

    def ord_col(self, rel) -> str:
        return f", {Q_ORD}" if rel.ordered else ""

    # -----------------------------------------------------------------------------------------
    def _RTable(self, r: B.RTable):
        rel = r.table.sql_relation or q(r.table.name)
        pairs = [(c, a) for c, a in zip(r.table.columns, r.schema) if self.keep(r, a.alias)]
        pairs = pairs or list(zip(r.table.columns, r.schema))[:1]
        cols = ", ".join(f"{q(c.name)} AS {q(a.alias)}" if c.name != a.alias else q(c.name)
                         for c, a in pairs)
        if _prunable(r):
            cols += f", {q(PARTITION_COLUMN)}"
        return f"SELECT {cols} FROM {rel}"

    def partition_filter(self, r: B.RFilter, table=None, tcol=None) -> str:
        """Day-partition predicates implied by Timestamp bounds of a filter on a table scan,
        so DuckDB opens only the matching days' files (issue 3: partition pruning)."""
        table = table or r.input
        tcol = tcol or getattr(table.table, "time_column", None) or "Timestamp"
        parts = []
        for conj in _conjuncts(r.predicate):
            for op, bound in _time_bounds(conj, tcol):
                b = f"CAST({self.e(bound)} AS DATE)"
                cmp = ">=" if op == "lo" else "<="
                # files outside day folders (NULL day) are always read; coalesce() costs
                # less than `IS NULL OR` (which DuckDB evaluates again on every row) and
                # prunes the same files
                parts.append(f"coalesce({q(PARTITION_COLUMN)} {cmp} {b}, true)")
        return " AND ".join(parts)

    def _RMaterialize(self, r: B.RMaterialize):
        return f"SELECT * FROM {self.rel(r.input)}"

    def _RValues(self, r: B.RValues):
        if not r.schema:
            return "SELECT 1 AS __one" if r.rows else "SELECT 1 AS __one WHERE false"
        ordc = f", {Q_ORD}" if r.ordered else ""
        if not r.rows:
            cols = ", ".join(f"{null_of(c.type)} AS {q(c.alias)}" for c in r.schema)
            return f"SELECT {cols}{', NULL::BIGINT AS ' + Q_ORD if r.ordered else ''} WHERE false"
        rows = []
        for i, row in enumerate(r.rows):
            cells = [f"CAST({self.e(v)} AS {T.duckdb_type(c.type)})" for c, v in zip(r.schema, row)]
            if r.ordered:
                cells.append(f"{i}::BIGINT")
            rows.append("(" + ", ".join(cells) + ")")
        names = ", ".join(q(c.alias) for c in r.schema) + ordc
        return f"SELECT * FROM (VALUES {', '.join(rows)}) AS v({names})"

    def _RSql(self, r: B.RSql):
        values = {str(i): self.rel(x) for i, x in enumerate(r.inputs)}
        for k, v in r.exprs.items():
            values[k] = self.e(v)
        return fill(r.template, values)

    def staged_source(self, src: str, staged) -> str:
        """Wrap src in one SELECT layer per staged expression (in order: later ones may use
        earlier ones)."""
        for alias, sql in staged:
            src = f"(SELECT *, {sql} AS {q(alias)} FROM {src})"
        return src

    def _RProject(self, r: B.RProject):
        src = self.rel(r.input)
        self.x.staged = staged = []
        self.x.sharing = True
        try:
            items = [f"{self.e(e)} AS {q(c.alias)}" for c, e in r.items if self.keep(r, c.alias)]
        finally:
            self.x.staged = None
            self.x.sharing = False
        src = self.staged_source(src, staged)
        if r.ordered and r.input.ordered:
            items.append(Q_ORD)
        sel = ", ".join(items) or "1 AS __one"
        where = f" WHERE {self.e(r.where, True)}" if r.where is not None else ""
        return f"SELECT {sel} FROM {src}{where}"

    def _RFilter(self, r: B.RFilter):
        pruned = ""
        if isinstance(r.input, B.RUnion) and id(r.input) not in self.memo:
            pruned = self.pruned_union(r)
        src = f"({pruned})" if pruned else self.rel(r.input)
        self.x.staged = staged = []
        try:
            pred = self.e(r.predicate, True)
        finally:
            self.x.staged = None
        if staged or _has_window(r.predicate):
            # SQL forbids window functions in WHERE: compute the predicate in a layer below
            cols = ", ".join(q(c.alias) for c in r.schema if self.keep(r, c.alias)) \
                + (f", {Q_ORD}" if r.input.ordered else "")
            src = self.staged_source(src, staged + [("__keep", pred)])
            return f"SELECT {cols or '1 AS __one'} FROM {src} WHERE __keep"
        if isinstance(r.input, B.RTable) and _prunable(r.input):
            prune = self.partition_filter(r)
            extra = f" AND {prune}" if prune else ""
            return f"SELECT * EXCLUDE ({q(PARTITION_COLUMN)}) FROM {src} WHERE {pred}{extra}"
        return f"SELECT * FROM {src} WHERE {pred}"

    def pruned_union(self, r: B.RFilter) -> str:
        """`union T1, T2 | where Timestamp > X`: each leg that is a table scan whose
        Timestamp is the union's gets the day-partition predicate (DuckDB pushes the filter
        itself into the legs, but the partition column does not cross the union). '' when
        no leg can be pruned."""
        union = r.input
        wheres = {}
        for k, (rel, items, _) in enumerate(union.legs):
            if isinstance(rel, B.RTable) and _prunable(rel):
                tcol = getattr(rel.table, "time_column", None) or "Timestamp"
                out = [c for c, e in items if isinstance(e, B.BCol) and e.col.name == tcol
                       and e.qualifier is None]
                if len(out) == 1:
                    prune = self.partition_filter(r, rel, out[0].name)
                    if prune:
                        wheres[k] = prune
        return self.union_sql(union, wheres) if wheres else ""

    def _RLimit(self, r: B.RLimit):
        order = f" ORDER BY {Q_ORD}" if r.input.ordered else ""
        return f"SELECT * FROM {self.rel(r.input)}{order} LIMIT {self.e(r.count)}"

    def order_sql(self, keys) -> str:
        parts = []
        for e, asc, nulls_first in keys:
            if _constant(e) or _LITERAL_SQL.match(self.e(e)):
                continue        # ordering by a constant orders nothing (and DuckDB rejects it)
            if e.type == T.DYNAMIC:
                s = convert.to_text(self.e(e), T.DYNAMIC)
            else:
                s = self.e(e)
            parts.append(f"{s} {'ASC' if asc else 'DESC'} NULLS {'FIRST' if nulls_first else 'LAST'}")
        return ", ".join(parts)

    def _RSort(self, r: B.RSort):
        src = self.rel(r.input)
        star = f"* EXCLUDE ({Q_ORD})" if r.input.ordered else "*"
        if not r.keys:
            order = Q_ORD if r.input.ordered else ""
            return f"SELECT {star}, row_number() OVER ({'ORDER BY ' + order if order else ''}) AS {Q_ORD} FROM {src}"
        order = self.order_sql(r.keys)
        if not order and r.input.ordered:
            # every key is a constant: the input's order stands
            limit = f" LIMIT {self.e(r.limit)}" if r.limit is not None else ""
            return f"SELECT * FROM {src} ORDER BY {Q_ORD}{limit}"
        if not order:
            order = "(SELECT NULL)"
        if r.limit is not None:
            inner = f"SELECT {star} FROM {src} ORDER BY {order} LIMIT {self.e(r.limit)}"
            return f"SELECT *, row_number() OVER (ORDER BY {order}) AS {Q_ORD} FROM ({inner})"
        return f"SELECT {star}, row_number() OVER (ORDER BY {order}) AS {Q_ORD} FROM {src}"

    def _RDistinct(self, r: B.RDistinct):
        items = ", ".join(f"{self.e(e)} AS {q(c.alias)}" for c, e in r.items)
        return f"SELECT DISTINCT {items} FROM {self.rel(r.input)}"

    def _agg(self, e, empty: bool) -> str:
        s = self.e(e)
        if empty and isinstance(e, B.BCall) and e.fn.kind == "aggregate" and e.fn.empty:
            if e.type == T.TIMESPAN:
                # the empty value of a timespan sum is a zero timespan, not the number 0
                return f"coalesce({s}, INTERVAL 0 SECOND)" if ", 0)" in e.fn.empty else s
            if e.type in (T.DATETIME, T.GUID, T.BOOL, T.STRING) and ", 0)" in e.fn.empty:
                return s
            s = e.fn.empty.replace("{0}", s)
        return s

    def _RAggregate(self, r: B.RAggregate):
        src = self.rel(r.input)
        items = [f"{self.e(e)} AS {q(c.alias)}" for c, e in r.keys]
        # strings are never null, not even an aggregate's over no rows (max of nothing is "")
        items += [f"{_nn_string(self._agg(e, r.empty_defaults), c.type)} AS {q(c.alias)}"
                  for c, e in r.aggs]
        group = ""
        if r.keys:
            group = " GROUP BY " + ", ".join(str(i + 1) for i in range(len(r.keys)))
        return f"SELECT {', '.join(items)} FROM {src}{group}"

    def _RArgAggregate(self, r: B.RArgAggregate):
        src = self.rel(r.input)
        part = ", ".join(self.e(e) for _, e in r.keys)
        over_part = f"PARTITION BY {part}" if part else ""
        items = [f"{self.e(e)} AS {q(c.alias)}" for c, e in r.keys]
        items += [f"{self.e(e)} AS {q(c.alias)}" for c, e in r.outputs]
        items += [f"{self.e(e)} OVER ({over_part}) AS {q(c.alias)}" for c, e in r.window_aggs]
        order = self.e(r.order)
        if r.order.type == T.DYNAMIC:
            order = convert.to_real(order, T.DYNAMIC)
        direction = "DESC" if r.desc else "ASC"
        # the output column order is the schema's; build the SELECT in that order
        by_alias = {}
        for c, e in r.keys:
            by_alias[c.alias] = f"{self.e(e)} AS {q(c.alias)}"
        for c, e in r.outputs:
            if self.keep(r, c.alias):
                by_alias[c.alias] = f"{self.e(e)} AS {q(c.alias)}"
        for c, e in r.window_aggs:
            if self.keep(r, c.alias):
                by_alias[c.alias] = f"{self.e(e)} OVER ({over_part}) AS {q(c.alias)}"
        sel = ", ".join(by_alias[c.alias] for c in r.schema if c.alias in by_alias) or "1 AS __one"
        return (f"SELECT {sel} FROM {src} QUALIFY row_number() OVER ({over_part} ORDER BY "
                f"{order} {direction} NULLS LAST) = 1")

    # -----------------------------------------------------------------------------------------
    def _RJoin(self, r: B.RJoin):
        left, right = self.rel(r.left), self.rel(r.right)
        on = " AND ".join(f"{self.e(a)} = {self.e(b)}" for a, b in r.conditions)
        kind = r.kind
        if kind == "innerunique":
            keys = ", ".join(self.e(a) for a, _ in r.conditions)
            left = f"(SELECT DISTINCT ON ({keys}) * FROM {left} AS l)"
            kind = "inner"
        if kind in ("leftsemi", "leftanti"):
            cols = ", ".join(f"l.{q(src.alias)} AS {q(c.alias)}" for c, src in r.left_cols
                             if self.keep(r, c.alias)) or "1 AS __one"
            j = "SEMI" if kind == "leftsemi" else "ANTI"
            return f"SELECT {cols} FROM {left} AS l {j} JOIN {right} AS r ON {on}"
        if kind in ("rightsemi", "rightanti"):
            cols = ", ".join(f"r.{q(src.alias)} AS {q(c.alias)}" for c, src in r.right_cols
                             if self.keep(r, c.alias)) or "1 AS __one"
            j = "SEMI" if kind == "rightsemi" else "ANTI"
            return f"SELECT {cols} FROM {right} AS r {j} JOIN {left} AS l ON {on}"
        sql_kind = {"inner": "JOIN", "leftouter": "LEFT JOIN", "rightouter": "RIGHT JOIN",
                    "fullouter": "FULL JOIN"}[kind]
        lnull = kind in ("rightouter", "fullouter")
        rnull = kind in ("leftouter", "fullouter")

        def col(prefix, c, src, nullable):
            s = f"{prefix}.{q(src.alias)}"
            if nullable and c.type == T.STRING:
                s = f"coalesce({s}, '')"
            return f"{s} AS {q(c.alias)}"
        cols = [col("l", c, s, lnull) for c, s in r.left_cols if self.keep(r, c.alias)]
        cols += [col("r", c, s, rnull) for c, s in r.right_cols if self.keep(r, c.alias)]
        return f"SELECT {', '.join(cols) or '1 AS __one'} FROM {left} AS l {sql_kind} {right} AS r ON {on}"

    def _RUnion(self, r: B.RUnion):
        return self.union_sql(r, {})

    def union_sql(self, r: B.RUnion, wheres: dict) -> str:
        """The legs of a union, each with its read columns and wheres[leg index], if any.
        Legs that lack some of the union's columns are joined BY NAME, each leg selecting
        only its own: DuckDB fills the rest with NULL. (A union of every table, as `search`
        makes, would otherwise select ~800 columns per leg, mostly NULL: 1.8 MB of SQL and
        seconds of binding.) The outer SELECT keeps the union's column order."""
        kept = [c for c in r.schema if self.keep(r, c.alias)]
        have = {c.alias for _, items, _ in r.legs for c, e in items
                if e is not None and self.keep(r, c.alias)}
        by_name = len(r.legs) > 1 and any(
            e is None and self.keep(r, c.alias) for _, items, _ in r.legs for c, e in items)
        legs = []
        for k, (rel, items, _) in enumerate(r.legs):
            cols = [f"{self.e(e) if e is not None else null_of(c.type)} AS {q(c.alias)}"
                    for c, e in items if self.keep(r, c.alias)
                    and (e is not None or not by_name or (k == 0 and c.alias not in have))]
            where = f" WHERE {wheres[k]}" if k in wheres else ""
            legs.append(f"SELECT {', '.join(cols) or 'NULL AS __empty'} FROM {self.rel(rel)}{where}")
        if not by_name:
            return "\nUNION ALL\n".join(legs)
        body = "\nUNION ALL BY NAME\n".join(legs)
        # a string a leg lacks is '' (strings are never null), as null_of gives it
        gaps = {c.alias for _, items, _ in r.legs for c, e in items if e is None}
        outer = ", ".join(f"coalesce({q(c.alias)}, '') AS {q(c.alias)}"
                          if c.type == T.STRING and c.alias in gaps else q(c.alias)
                          for c in kept) or "NULL AS __empty"
        return f"SELECT {outer} FROM (\n{body}\n)"

    def _RMvExpand(self, r: B.RMvExpand):
        src = self.rel(r.input)
        inner, exprs0, outer = [], [], []
        for i, (c, e, to, bag) in enumerate(r.expands):
            s = self.e(e)
            lst, ev = f"__l{i}", f"__e{i}"
            exprs0.append(f"{s} AS {ev}")
            if e.type in (T.DYNAMIC, T.UNKNOWN):
                obj = f"json_array(k, {ev}->k)" if bag == "array" else f"json_object(k, {ev}->k)"
                # a JSON value's kind by its first character (json_type parses it whole)
                expr = (f"CASE WHEN {ev} IS NULL THEN [NULL::JSON] "
                        f"WHEN regexp_matches(CAST({ev} AS VARCHAR), '^\\s*\\[') "
                        f"THEN CAST({ev} AS JSON[]) "
                        f"WHEN regexp_matches(CAST({ev} AS VARCHAR), '^\\s*\\{{') THEN "
                        f"list_transform(json_keys({ev}), lambda k: {obj}) ELSE [{ev}] END")
            else:
                expr = f"[{convert.to_dynamic(ev, e.type)}]"
            inner.append(f"{expr} AS {lst}")
            elem = f"nullif(unnest({lst}), 'null'::JSON)"
            outer.append((c, elem, to))
        passthrough = [(c, s) for c, s in r.passthrough if self.keep(r, c.alias)]
        pass_cols = [f"{q(src_c.alias)} AS {q(c.alias)}" for c, src_c in passthrough]
        sel = list(pass_cols)
        for c, elem, to in outer:
            sel.append(f"{elem} AS {q(c.alias)}")
        lens = ", ".join(f"len(__l{i})" for i in range(len(r.expands)))
        need_idx = r.index is not None or r.limit is not None
        if need_idx:
            longest = f"greatest({lens})" if len(r.expands) > 1 else lens
            sel.append(f"unnest(range({longest})) AS __idx")
        base = (f"SELECT {', '.join(sel)} FROM (SELECT *, {', '.join(inner)} FROM "
                f"(SELECT *, {', '.join(exprs0)} FROM {src}))")
        # conversions and the index limit apply on the expanded rows
        exprs = {}   # in schema order below
        for c, _ in passthrough:
            exprs[c.alias] = q(c.alias)
        for c, elem, to in outer:
            exprs[c.alias] = (f"{convert.convert(q(c.alias), T.DYNAMIC, to)} AS {q(c.alias)}" if to else q(c.alias))
        if r.index is not None:
            exprs[r.index.alias] = f"__idx AS {q(r.index.alias)}"
        sel2 = ", ".join(exprs[c.alias] for c in r.schema if c.alias in exprs)
        where = f" WHERE __idx < {int(r.limit)}" if r.limit is not None else ""
        return f"SELECT {sel2} FROM ({base}){where}"
