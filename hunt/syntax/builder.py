"""The Lark transformer that builds hunt.syntax.ast nodes while the LALR parser runs:
one method per grammar rule or alias. Statements, pipelines and tabular operators live here;
sources, expressions and literals come from hunt.syntax.nodes.
"""
from __future__ import annotations

from lark import Token, Transformer

from hunt.errors import Span
from hunt.syntax import ast as A
from hunt.syntax import literals as L
from hunt.syntax.nodes import (_SOURCES, ExpressionBuilder, _check_in, _decode, _end, _error,
                               _flatten_and, _local, _mv_parts, _name_or_bool, _nodes, _Part, _sp,
                               _split_assign, _tok_span, _type_name)


class Builder(ExpressionBuilder, Transformer):
    # -- statements -----------------------------------------------------------------------------

    def start(self, c):
        text = _local.text
        return A.Query(Span(0, len(text)), tuple(x for x in c if type(x) is not Token))

    def let_stmt(self, c):
        return A.Let(_sp(c), c[1].name, c[3])

    def lambda_(self, c):
        view = type(c[0]) is Token and c[0].type == "VIEW"
        params = ()
        body = None
        for x in c:
            if type(x) is list:
                params = tuple(x)
            elif type(x) is _Part:
                body = x.value
        lets, expr = body
        return A.Lambda(_sp(c), params, lets, expr, view)

    def params(self, c):
        return _nodes(c)

    def param_scalar(self, c):
        default = c[4] if len(c) > 4 else None
        return A.Param(_sp(c), c[0].name, type=_type_name(c[2]), default=default)

    def param_tabular(self, c):
        cols, star = c[3]
        schema = A.SchemaLit(Span(c[2].start_pos, c[4].end_pos), cols, star)
        return A.Param(_sp(c), c[0].name, schema=schema)

    def body(self, c):
        stmts = _nodes(c)
        span = _sp(c) if c else Span(0, 0)
        if not stmts or isinstance(stmts[-1], (A.Let, A.Set)):
            where = stmts[-1].span if stmts else span
            raise _error("a function body must end with an expression", where,
                         help="add the tabular or scalar expression the function returns")
        lets = []
        for s in stmts[:-1]:
            if isinstance(s, A.Let):
                lets.append(s)
            elif not isinstance(s, A.Set):
                raise _error("only 'let' statements may come before a function body's expression",
                             s.span)
        return _Part(span, (tuple(lets), stmts[-1]))

    def set_stmt(self, c):
        value = c[3] if len(c) > 3 else None
        return A.Set(_sp(c), c[1].value, value)

    def set_name(self, c):
        return _Part(_sp(c), ".".join(x.name for x in _nodes(c)))

    # -- pipelines ------------------------------------------------------------------------------

    def pipe_expr(self, c):
        head = c[0]
        if len(c) == 1:
            if isinstance(head, _SOURCES):
                return A.Pipeline(head.span, head, ())
            return head
        return A.Pipeline(_sp(c), head, tuple(c[2::2]))

    def sub_pipe(self, c):
        return A.Pipeline(_sp(c), None, tuple(c[0::2]))

    # -- operators ------------------------------------------------------------------------------

    def where_op(self, c):
        return A.Where(_sp(c), c[1])

    def project_op(self, c):
        return A.Project(_sp(c), tuple(c[1]))

    def project_away_op(self, c):
        return A.ProjectAway(_sp(c), tuple(c[1]))

    def project_keep_op(self, c):
        return A.ProjectKeep(_sp(c), tuple(c[1]))

    def project_rename_op(self, c):
        return A.ProjectRename(_sp(c), tuple(x.value for x in c[1::2]))

    def rename_item(self, c):
        return _Part(_sp(c), (c[0], c[2]))

    def project_reorder_op(self, c):
        return A.ProjectReorder(_sp(c), tuple(x.value for x in c[1::2]))

    def reorder_item(self, c):
        order = c[1].value if len(c) > 1 else None
        return _Part(_sp(c), (c[0], order))

    def extend_op(self, c):
        return A.Extend(_sp(c), tuple(c[1]))

    def summarize_op(self, c):
        options, aggs, by = [], (), ()
        seen_by = False
        for x in c[1:]:
            if type(x) is Token:
                seen_by = True
            elif type(x) is list:
                if seen_by:
                    by = tuple(x)
                else:
                    aggs = tuple(x)
            else:
                options.append(x)
        return A.Summarize(_sp(c), tuple(options), aggs, by)

    def count_op(self, c):
        return A.Count(_sp(c), c[2].name if len(c) > 2 else None)

    def take_op(self, c):
        return A.Take(_sp(c), c[1])

    def sort_op(self, c):
        return A.Sort(_sp(c), tuple(c[2::2]))

    def top_op(self, c):
        return A.Top(_sp(c), c[1], tuple(c[3::2]))

    def sort_key(self, c):
        asc = nulls_first = None
        for t in c[1:]:
            v = t.value
            if v == "asc":
                asc = True
            elif v == "desc":
                asc = False
            elif v == "first":
                nulls_first = True
            elif v == "last":
                nulls_first = False
        return A.SortKey(_sp(c), c[0], asc, nulls_first)

    def top_nested_op(self, c):
        return A.TopNested(_sp(c), tuple(c[0::2]))

    def tn_level(self, c):
        count = None
        others = None
        parts = c[1:]
        if not isinstance(parts[0], _Part):
            count, parts = parts[0], parts[1:]
        of = parts[0].value
        if len(parts) == 3:
            others = parts[1].value
        by, asc = parts[-1].value
        name, expr = _split_assign(of)
        agg_name, agg = _split_assign(by)
        return A.TopNestedLevel(_sp(c), count, name, expr, others, agg_name, agg, asc)

    def tn_of(self, c):
        return _Part(_sp(c), c[1])

    def tn_others(self, c):
        if c[1].name != "others":
            raise _error(f"expected 'others' after 'with', not '{c[1].name}'", c[1].span)
        return _Part(_sp(c), c[3])

    def tn_by(self, c):
        asc = None
        if len(c) > 2:
            asc = c[2].value == "asc"
        return _Part(_sp(c), (c[1], asc))

    def distinct_op(self, c):
        return A.Distinct(_sp(c), tuple(c[-1]))

    def join_op(self, c):
        opts = tuple(x for x in c[1:-3] if isinstance(x, A.Option))
        return A.Join(_sp(c), opts, c[-3], tuple(c[-1]))

    def join_no_on(self, c):
        opts = tuple(x for x in c[1:-1] if isinstance(x, A.Option))
        return A.Join(_sp(c), opts, c[-1], ())

    def lookup_op(self, c):
        opts = tuple(x for x in c[1:-3] if isinstance(x, A.Option))
        return A.Lookup(_sp(c), opts, c[-3], tuple(c[-1]))

    def join_conds(self, c):
        out = []
        for e in c[0::2]:
            _flatten_and(e, out)
        return out

    def union_op(self, c):
        opts, legs = [], []
        for x in c[1:]:
            if type(x) is Token:
                continue
            (opts if isinstance(x, A.Option) else legs).append(x)
        return A.Union_(_sp(c), tuple(opts), tuple(legs))

    def mv_expand_op(self, c):
        opts, items, limit = _mv_parts(c)
        return A.MvExpand(_sp(c), opts, items, limit, c[0].value == "mvexpand")

    def mv_apply_op(self, c):
        opts, items, limit = _mv_parts(c[:-4])
        return A.MvApply(_sp(c), opts, items, limit, c[-2])

    def mv_item(self, c):
        name = None
        if len(c) > 1 and type(c[1]) is Token and c[1].value == "=":
            name, c2 = c[0].name, c[2:]
        else:
            c2 = c
        to_type = None
        if len(c2) > 1:
            tl = c2[2]
            if not isinstance(tl, A.TypeLit):
                raise _error("expected a scalar type in 'to typeof(...)'", tl.span)
            to_type = tl.type
        return A.MvExpandItem(_sp(c), name, c2[0], to_type)

    def parse_op(self, c):
        where = c[0].value == "parse-where"
        opts = []
        i = 1
        while isinstance(c[i], A.Option):
            opts.append(c[i])
            i += 1
        expr = c[i]
        parts = []
        for p in c[i + 2:]:
            if parts and p.text is not None and parts[-1].text is not None:
                prev = parts[-1]
                p = A.ParsePart(prev.span.merge(p.span), text=prev.text + p.text)
                parts[-1] = p
            else:
                parts.append(p)
        return A.Parse(_sp(c), tuple(opts), expr, tuple(parts), where)

    def parse_const(self, c):
        return A.ParsePart(_sp(c), text=_decode(L.decode_string, c[0]))

    def parse_column(self, c):
        typ = _type_name(c[2]) if len(c) > 2 else None
        return A.ParsePart(_sp(c), name=c[0].name, type=typ)

    def parse_star(self, c):
        return A.ParsePart(_sp(c), star=True)

    def parse_kv_op(self, c):
        cols = tuple(x for x in c if isinstance(x, A.ColumnDecl))
        opts = ()
        for x in c:
            if type(x) is list:
                opts = tuple(x)
        return A.ParseKv(_sp(c), c[1], cols, opts)

    def serialize_op(self, c):
        return A.Serialize(_sp(c), tuple(c[1]) if len(c) > 1 else ())

    def make_series_op(self, c):
        opts, aggs = [], []
        i = 1
        while isinstance(c[i], A.Option):
            opts.append(c[i])
            i += 1
        while not (type(c[i]) is Token and c[i].value == "on"):
            if type(c[i]) is not Token:
                aggs.append(c[i])
            i += 1
        on = c[i + 1]
        rest = c[i + 2:]
        rng = None
        by = ()
        for x in rest:
            if type(x) is _Part:
                rng = x.value
            elif type(x) is list:
                by = tuple(x)
        in_range = False
        if rng is None:
            if (isinstance(on, A.InList) and on.op == "in" and len(on.items) == 1
                    and isinstance(on.items[0], A.Call) and on.items[0].name == "range"
                    and len(on.items[0].args) == 3):
                in_range = True
                start, stop, step = on.items[0].args
                on = on.left
            else:
                raise _error("make-series needs 'step' (or 'on Axis in range(start, stop, step)')",
                             Span(_end(c[i + 1]), _end(c[i + 1])))
        else:
            start, stop, step = rng
        return A.MakeSeries(_sp(c), tuple(opts), tuple(aggs), on, start, stop, step, by, in_range)

    def ms_agg(self, c):
        name = None
        if len(c) > 1 and type(c[1]) is Token and c[1].value == "=":
            name, c2 = c[0].name, c[2:]
        else:
            c2 = c
        default = c2[3] if len(c2) > 1 else None
        return A.MakeSeriesAgg(_sp(c), name, c2[0], default)

    def ms_range(self, c):
        start = stop = step = None
        for i in range(0, len(c), 2):
            kw = c[i].value
            if kw == "from":
                start = c[i + 1]
            elif kw == "to":
                stop = c[i + 1]
            else:
                step = c[i + 1]
        return _Part(_sp(c), (start, stop, step))

    def render_op(self, c):
        opts = []
        for x in c[2:]:
            if type(x) is list:
                opts.extend(x)
            elif isinstance(x, A.Option):
                opts.append(x)
        return A.Render(_sp(c), c[1].name, tuple(opts))

    def prop_list(self, c):
        out = []
        for x in c:
            if type(x) is Token:
                continue
            if type(x) is _Part:  # a further value of the previous property (ycolumns=a, b)
                if not out:
                    raise _error("expected 'name = value'", x.span)
                out.append(A.Option(x.span, out[-1].name, x.value))
            else:
                out.append(x)
        return out

    def prop_more(self, c):
        return _Part(c[0].span, c[0])

    def render_prop(self, c):
        key = c[0].value if type(c[0]) is Token else c[0].name
        return A.Option(_sp(c), key, c[2])

    def sample_op(self, c):
        return A.Sample(_sp(c), c[1])

    def sample_distinct_op(self, c):
        return A.SampleDistinct(_sp(c), c[1], c[3])

    def search_op(self, c):
        _check_in(c)
        opts = tuple(x for x in c if isinstance(x, A.Option))
        tables = ()
        for x in c:
            if type(x) is list:
                tables = tuple(x)
        return A.Search(_sp(c), opts, tables, c[-1])

    def find_op(self, c):
        _check_in(c)
        opts = tuple(x for x in c if isinstance(x, A.Option))
        tables = ()
        project = None
        for x in c:
            if type(x) is list:
                tables = tuple(x)
        last = c[-1]
        if type(last) is _Part:
            project = last.value
            pred = c[-2]
        else:
            pred = last
        return A.Find(_sp(c), opts, tables, pred, project)

    def find_project(self, c):
        if c[0].value == "project-smart":
            return _Part(_sp(c), None)
        return _Part(_sp(c), tuple(c[1::2]))

    def table_list(self, c):
        return c[0::2]

    def getschema_op(self, c):
        return A.Getschema(_sp(c))

    def as_op(self, c):
        return A.As(_sp(c), tuple(x for x in c[1:-1] if isinstance(x, A.Option)), c[-1].name)

    def invoke_op(self, c):
        return A.Invoke(_sp(c), c[1])

    def evaluate_op(self, c):
        opts = []
        call = None
        schema = None
        for i, x in enumerate(c):
            if isinstance(x, A.Option):
                opts.append(x)
            elif isinstance(x, A.Call) and call is None:
                call = x
            elif type(x) is tuple:
                schema = A.SchemaLit(Span(c[i - 1].start_pos, c[i + 1].end_pos), x[0], x[1])
            elif isinstance(x, A.SchemaLit):
                schema = x
            elif isinstance(x, A.TypeLit):
                raise _error("expected a schema such as (a:string, b:long) after ':'", x.span)
        return A.Evaluate(_sp(c), tuple(opts), call, schema)

    def facet_op(self, c):
        cols = tuple(x for x in c if isinstance(x, A.Name))
        sub = c[-2] if isinstance(c[-2], A.Pipeline) else None
        return A.Facet(_sp(c), cols, sub)

    def consume_op(self, c):
        return A.Consume(_sp(c))

    def other_op(self, c):
        span = _sp(c)
        return A.OtherOperator(span, c[0].value, _local.text[span.start:span.end])

    def other_tok(self, c):
        return c[0]

    def other_group(self, c):
        return _Part(_sp(c), None)

    def option(self, c):
        return A.Option(_sp(c), c[0].value, c[2])

    def opt_name(self, c):
        return _name_or_bool(c[0])

    def neg_number(self, c):
        lit = self._number(c[1])
        return A.Literal(_sp(c), lit.type, -lit.value)

    def pos_number(self, c):
        lit = self._number(c[1])
        return A.Literal(_sp(c), lit.type, lit.value)

    def _number(self, t):
        if t.type == "LONG":
            return self.long_lit([t])
        return self.real_lit([t])

    def proj_list(self, c):
        return c[0::2]

    def proj_expr(self, c):
        return c[0]

    def proj_assign(self, c):
        return A.Assign(_sp(c), (c[0].name,), c[2])

    def proj_tuple(self, c):
        names = tuple(x.name for x in c[:-2] if isinstance(x, A.Name))
        return A.Assign(_sp(c), names, c[-1])

    def pattern_list(self, c):
        return c[0::2]

    def wild_pattern(self, c):
        return A.Name(_tok_span(c[0]), c[0].value)

    def star_pattern(self, c):
        return A.Name(_tok_span(c[0]), "*")


# Rules whose names are Python keywords
setattr(Builder, "lambda", Builder.lambda_)
