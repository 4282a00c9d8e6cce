"""make-series and top-nested (semantics §3.19, §3.10)."""
from __future__ import annotations

from hunt import types as T
from hunt.errors import KqlUnsupportedError
from hunt.semantic.bound import BCall, BLit, Col, RSql, ph
from hunt.semantic.expressions import Row, _err
from hunt.semantic.scope import make_schema, unique_name
from hunt.sqlgen.dialect import quote_ident as q
from hunt.syntax import ast as A


def _is_agg(e):
    from hunt.semantic.op_summarize import _is_agg as f
    return f(e)


def make_series(self, rel, op: A.MakeSeries, scope):
    row = Row.of(rel.schema, scope)
    agg_row = Row.of(rel.schema, scope, aggregates=True)
    axis = self.bind_expr(op.on, row)
    if axis.type not in (T.DATETIME, T.LONG, T.INT, T.REAL, T.TIMESPAN, T.UNKNOWN):
        raise _err(f"make-series axis must be a datetime or a number, not {axis.type}", op.on)
    step = self.bind_expr(op.step, Row({}, scope))
    start = self.bind_expr(op.start, Row({}, scope)) if op.start is not None else None
    stop = self.bind_expr(op.stop, Row({}, scope)) if op.stop is not None else None
    keys, taken = [], set()
    for it in op.by:
        if isinstance(it, A.Assign):
            e, name = self.bind_expr(it.value, row), it.names[0]
        else:
            e = self.bind_expr(it, row)
            name = self.name_of(it) or self.default_name(taken)
        name = unique_name(name, taken)
        taken.add(name)
        keys.append((name, e))
    aggs = []
    for a in op.aggregates:
        e = self.bind_expr(a.aggregate, agg_row)
        if not _is_agg(e):
            raise _err("make-series needs an aggregate function (count(), avg(), sum(), ...)", a.aggregate)
        name = a.name or self.name_of(a.aggregate) or self.default_name(taken)
        name = unique_name(name, taken)
        taken.add(name)
        default = self.bind_expr(a.default, Row({}, scope)) if a.default is not None else None
        aggs.append((name, e, default))
    axis_name = unique_name(self.name_of(op.on) or self.default_name(taken), taken)
    schema = make_schema([(n, e.type) for n, e in keys] + [(n, T.DYNAMIC) for n, _, _ in aggs]
                         + [(axis_name, T.DYNAMIC)])
    exprs = {"axis": axis, "step": step}
    dt = axis.type == T.DATETIME
    if start is not None:
        exprs["start"] = start
        s_start = ph("start")
    else:
        s_start = (f"(SELECT time_bucket({ph('step')}, min({ph('axis')}), TIMESTAMP '0001-01-01') FROM {ph(0)})"
                   if dt else f"(SELECT floor(min({ph('axis')}) / {ph('step')}) * {ph('step')} FROM {ph(0)})")
    if stop is not None:
        exprs["stop"] = stop
        s_stop = ph("stop")
        if op.in_range:
            s_stop = f"({ph('stop')} + {ph('step')})"
    else:
        s_stop = f"((SELECT max({ph('axis')}) FROM {ph(0)}) + {ph('step')})"
    if dt:
        bucket = f"time_bucket({ph('step')}, {ph('axis')}, {s_start})"
        axis_text = "strftime(x.__t, '%Y-%m-%dT%H:%M:%S.%f') || '0Z'"
    else:
        bucket = f"({s_start} + floor(({ph('axis')} - {s_start}) / {ph('step')}) * {ph('step')})"
        axis_text = "x.__t"
    key_sel = [f"{ph('k' + str(i))} AS __k{i}" for i in range(len(keys))]
    for i, (_, e) in enumerate(keys):
        exprs[f"k{i}"] = e
    agg_sel = []
    for i, (_, e, d) in enumerate(aggs):
        exprs[f"a{i}"] = e
        agg_sel.append(f"{ph('a' + str(i))} AS __v{i}")
        if d is not None:
            exprs[f"d{i}"] = d
    keys_sub = (f"(SELECT DISTINCT {', '.join(key_sel)} FROM {ph(0)})" if keys else "(SELECT 1 AS __one)")
    group = ", ".join([f"__k{i}" for i in range(len(keys))] + ["__t"])
    agg_sub = (f"(SELECT {', '.join(key_sel + [bucket + ' AS __t'] + agg_sel)} FROM {ph(0)} "
               f"WHERE {ph('axis')} >= {s_start} AND {ph('axis')} < {s_stop} GROUP BY {group})")
    on = " AND ".join([f"g.__k{i} IS NOT DISTINCT FROM k.__k{i}" for i in range(len(keys))] + ["g.__t = x.__t"])
    sel = [f"k.__k{i} AS {q(schema[i].alias)}" for i in range(len(keys))]
    for i, (n, e, d) in enumerate(aggs):
        dflt = ph(f"d{i}") if d is not None else ("0" if e.type in (T.LONG, T.INT, T.REAL, T.DECIMAL) else "NULL")
        sel.append(f"to_json(list(coalesce(g.__v{i}, {dflt}) ORDER BY x.__t)) AS {q(schema[len(keys) + i].alias)}")
    sel.append(f"to_json(list({axis_text} ORDER BY x.__t)) AS {q(schema[-1].alias)}")
    series = f"(SELECT unnest(range({s_start}, {s_stop}, {ph('step')})) AS __t)"
    gb = (" GROUP BY " + ", ".join(f"k.__k{i}" for i in range(len(keys)))) if keys else ""
    tmpl = (f"SELECT {', '.join(sel)} FROM {keys_sub} AS k CROSS JOIN {series} AS x "
            f"LEFT JOIN {agg_sub} AS g ON {on}{gb}")
    return RSql(tmpl, [rel], schema, exprs=exprs)


def top_nested(self, rel, op: A.TopNested, scope):
    row = Row.of(rel.schema, scope)
    agg_row = Row.of(rel.schema, scope, aggregates=True)
    levels = []
    taken = set()
    exprs = {}
    for i, lv in enumerate(op.levels):
        if lv.others is not None:
            raise KqlUnsupportedError("top-nested 'with others'", lv.span)
        v = self.bind_expr(lv.expr, row)
        vname = lv.name or self.name_of(lv.expr) or self.default_name(taken)
        vname = unique_name(vname, taken)
        taken.add(vname)
        a = self.bind_expr(lv.aggregate, agg_row)
        aname = unique_name(lv.agg_name or f"aggregated_{vname}", taken)
        taken.add(aname)
        n = self.bind_expr(lv.count, Row({}, scope)) if lv.count is not None else None
        levels.append((vname, v, aname, a, n, bool(lv.asc)))
        exprs[f"v{i}"], exprs[f"a{i}"] = v, a
        if n is not None:
            exprs[f"n{i}"] = n
    cols = []
    for vname, v, aname, a, _, _ in levels:
        cols += [(vname, v.type), (aname, a.type)]
    schema = make_schema(cols)
    ctes = []
    for i, (_, _, _, _, n, asc) in enumerate(levels):
        vs = [f"{ph('v' + str(j))} AS __v{j}" for j in range(i + 1)]
        part = ", ".join(f"__v{j}" for j in range(i))
        over = (f"PARTITION BY {part} " if part else "") + f"ORDER BY __a{i} {'ASC' if asc else 'DESC'} NULLS LAST"
        cond = ""
        if i > 0:
            on = " AND ".join(f"p.__v{j} IS NOT DISTINCT FROM {ph('v' + str(j))}" for j in range(i))
            cond = f" WHERE EXISTS (SELECT 1 FROM __tn{i - 1} AS p WHERE {on})"
        qual = f" QUALIFY row_number() OVER ({over}) <= {ph('n' + str(i))}" if n is not None else ""
        groups = ", ".join(str(j + 1) for j in range(i + 1))
        ctes.append(f"__tn{i} AS (SELECT {', '.join(vs)}, {ph('a' + str(i))} AS __a{i} FROM {ph(0)}{cond} "
                    f"GROUP BY {groups}{qual})")
    last = len(levels) - 1
    sel, joins = [], []
    for i in range(len(levels)):
        sel.append(f"t{i}.__v{i} AS {q(schema[2 * i].alias)}")
        sel.append(f"t{i}.__a{i} AS {q(schema[2 * i + 1].alias)}")
        if i < last:
            on = " AND ".join(f"t{i}.__v{j} IS NOT DISTINCT FROM t{last}.__v{j}" for j in range(i + 1))
            joins.append(f"JOIN __tn{i} AS t{i} ON {on}")
    tmpl = (f"WITH {', '.join(ctes)} SELECT {', '.join(sel)} FROM __tn{last} AS t{last} "
            + " ".join(joins))
    return RSql(tmpl, [rel], schema, exprs=exprs)
