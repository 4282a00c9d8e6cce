"""Parser unit tests: each lexical form and each operator lands in the right AST node."""
from __future__ import annotations

import datetime as dt
import math
import uuid
from decimal import Decimal

import pytest

from hunt.errors import KqlSyntaxError, Span
from hunt.syntax import ast as A
from hunt.syntax import parse


def stmt(text: str):
    """The last statement of a query."""
    return parse(text).statements[-1]


def ops(text: str):
    s = stmt(text)
    assert isinstance(s, A.Pipeline), s
    return s.ops


def op(text: str):
    """The last operator of a one-pipeline query."""
    return ops(text)[-1]


def scalar(text: str):
    """A scalar expression, parsed as `print <text>`."""
    s = stmt("print " + text)
    assert isinstance(s, A.Pipeline) and isinstance(s.source, A.Print)
    return s.source.items[0]


def lit(text: str) -> A.Literal:
    e = scalar(text)
    assert isinstance(e, A.Literal), e
    return e


# ---------------------------------------------------------------------------------------------
# Lexical layer


@pytest.mark.parametrize("text, value", [
    ('"abc"', "abc"),
    ("'abc'", "abc"),
    (r'"a\"b"', 'a"b'),
    (r"'a\'b'", "a'b"),
    (r'"\\ \n \r \t"', "\\ \n \r \t"),
    (r'"\u0041\x42"', "AB"),
    (r'"\q"', "q"),
    ("'say \"hi\"'", 'say "hi"'),
    ('@"C:\\Windows"', "C:\\Windows"),
    ("@'a''b'", "a'b"),
    ('@"a""b"', 'a"b'),
    ("h'secret'", "secret"),
    ('H"secret"', "secret"),
    ("h@'c:\\x'", "c:\\x"),
    ("```line1\nline2```", "line1\nline2"),
    ("~~~multi\nline~~~", "multi\nline"),
    ("\"ab\" 'cd' @\"e\\\"", "abcde\\"),
    ('"a" // comment\n "b"', "ab"),
])
def test_string_literals(text, value):
    e = lit(text)
    assert e.type == "string" and e.value == value


@pytest.mark.parametrize("text, type_, value", [
    ("123", "long", 123),
    ("0x1F", "long", 31),
    ("1.5", "real", 1.5),
    ("1e5", "real", 1e5),
    ("2.5e-3", "real", 2.5e-3),
    ("1.", "real", 1.0),
    (".5", "real", 0.5),
    ("true", "bool", True),
    ("false", "bool", False),
    ("True", "bool", True),
    ("TRUE", "bool", True),
    ("int(5)", "int", 5),
    ("int(-5)", "int", -5),
    ("long(null)", "long", None),
    ("double(1)", "real", 1.0),
    ("real(+inf)", "real", math.inf),
    ("real(-inf)", "real", -math.inf),
    ("decimal(1.5)", "decimal", Decimal("1.5")),
    ("bool(null)", "bool", None),
    ("bool(true)", "bool", True),
    ("guid(74be27de-1e4e-49d9-b579-fe0b331d3642)", "guid",
     uuid.UUID("74be27de-1e4e-49d9-b579-fe0b331d3642")),
    ("guid(null)", "guid", None),
    ("dynamic(null)", "dynamic", None),
    ("dynamic(4)", "dynamic", 4),
])
def test_scalar_literals(text, type_, value):
    e = lit(text)
    assert e.type == type_
    assert e.value == value


def test_real_nan():
    e = lit("real(nan)")
    assert e.type == "real" and math.isnan(e.value)


@pytest.mark.parametrize("text, value", [
    ("datetime(2024-01-31)", dt.datetime(2024, 1, 31)),
    ("datetime(2024-01-31 13:45:00)", dt.datetime(2024, 1, 31, 13, 45)),
    ("datetime(2024-01-31T13:45:00.1234567Z)", dt.datetime(2024, 1, 31, 13, 45, 0, 123457)),
    ('datetime("2024-01-31")', dt.datetime(2024, 1, 31)),
    ("datetime(2024-01-31T10:00:00+02:00)", dt.datetime(2024, 1, 31, 8)),
    ("datetime(Sat, 8 Nov 14 15:05:02 GMT)", dt.datetime(2014, 11, 8, 15, 5, 2)),
    ("datetime(Saturday, 08-Nov-14 15:05:02 GMT)", dt.datetime(2014, 11, 8, 15, 5, 2)),
    ('datetime("01/16/2022 00:00:00")', dt.datetime(2022, 1, 16)),
    ("datetime(null)", None),
])
def test_datetime_literals(text, value):
    e = lit(text)
    assert e.type == "datetime" and e.value == value


@pytest.mark.parametrize("text, value", [
    ("2d", dt.timedelta(days=2)),
    ("1.5h", dt.timedelta(hours=1.5)),
    ("30m", dt.timedelta(minutes=30)),
    ("10s", dt.timedelta(seconds=10)),
    ("100ms", dt.timedelta(milliseconds=100)),
    ("10microseconds", dt.timedelta(microseconds=10)),
    ("15tick", dt.timedelta(microseconds=2)),  # 1.5 µs, rounded
    ("3hr", dt.timedelta(hours=3)),
    ("5min", dt.timedelta(minutes=5)),
    ("2sec", dt.timedelta(seconds=2)),
    ("1day", dt.timedelta(days=1)),
    ("0.1s", dt.timedelta(milliseconds=100)),
    ("time(1.02:03:04.5)", dt.timedelta(days=1, hours=2, minutes=3, seconds=4.5)),
    ("time(15 seconds)", dt.timedelta(seconds=15)),
    ("time(2)", dt.timedelta(days=2)),
    ("timespan(00:30:00)", dt.timedelta(minutes=30)),
    ("time(-1d)", dt.timedelta(days=-1)),
    ("time(null)", None),
    ("timespan(null)", None),
])
def test_timespan_literals(text, value):
    e = lit(text)
    assert e.type == "timespan" and e.value == value


def test_dynamic_literals():
    assert lit('dynamic([1, "a", {"k": 2}])').value == [1, "a", {"k": 2}]
    assert lit("dynamic({'a':1})").value == {"a": 1}
    assert lit("dynamic(['x'])").value == ["x"]
    assert lit("dynamic([])").value == []
    assert lit("dynamic({})").value == {}
    v = lit('dynamic({"t": datetime(2020-01-01), "s": 1d, "n": null, "b": true, "neg": -1.5})').value
    assert v == {"t": dt.datetime(2020, 1, 1), "s": dt.timedelta(days=1), "n": None, "b": True,
                 "neg": -1.5}


def test_type_and_schema_literals():
    assert scalar("typeof(long)") == A.TypeLit(Span(6, 18), "long")
    assert scalar("typeof(int64)").type == "long"
    s = scalar("typeof(a:string, b:long)")
    assert isinstance(s, A.SchemaLit) and not s.star
    assert [(c.name, c.type) for c in s.columns] == [("a", "string"), ("b", "long")]
    assert scalar("typeof(*)").star


def test_bracketed_names_and_keywords_as_names():
    assert scalar("['a b']") == A.Name(Span(6, 13), "a b")
    assert scalar('["x"]').name == "x"
    p = op("T | project count, Type, kind, title, table, source, from, to, step, on, by, with, "
           "of, as, in, has, contains, set, range, print")
    assert [n.name for n in p.items] == [
        "count", "Type", "kind", "title", "table", "source", "from", "to", "step", "on", "by",
        "with", "of", "as", "in", "has", "contains", "set", "range", "print"]
    e = op("T | extend title = 1, kind = 2")
    assert [a.names for a in e.items] == [("title",), ("kind",)]
    s = op("T | summarize count() by Type")
    assert s.by == (A.Name(Span(25, 29), "Type"),)
    assert stmt("let ['some name'] = 20;").name == "some name"
    assert scalar("2022Cves") == A.Name(Span(6, 14), "2022Cves")


def test_keywords_as_names_in_lets_and_expressions():
    q = parse("let from = ago(1d); let to = now(); let step = 1h; let limit = 10;"
              "T | where t between (from .. to) | take limit | make-series count() on t step step")
    assert [s.name for s in q.statements[:4]] == ["from", "to", "step", "limit"]
    ops_ = q.statements[-1].ops
    assert ops_[0].predicate.low.name == "from" and ops_[1].count.name == "limit"
    assert ops_[2].step.name == "step"
    e = op("T | extend e = d.kind, f = d.on, g = d.by")
    assert [a.value.name for a in e.items] == ["kind", "on", "by"]


def test_multiplication_is_never_a_wildcard():
    for text in ("T | where a*b > 1", "T | extend x = a*b", "T | summarize sum(a*b)",
                 "T | union kind=outer U | where a*b > 1", "print -pa*log2(pa)"):
        assert "name='a*" not in repr(parse(text)) and "name='*" not in repr(parse(text))
    pa = op("T | project-away *_s, a*")
    assert [n.name for n in pa.patterns] == ["*_s", "a*"]


@pytest.mark.parametrize("ws", ["\u202f", "\u00a0", "\u200b", "\ufeff", "\t", "\r\n", "\u2003"])
def test_unicode_whitespace(ws):
    q = f"{ws}T{ws}|{ws}where{ws}x{ws}=={ws}1{ws}"
    w = op(q)
    assert isinstance(w, A.Where) and w.predicate.op == "=="


def test_comments_everywhere():
    q = ("// header\nT // after table\n| where x == 1 // after where\n"
         "// between operators\n| project a, // in a list\n b\n| extend y = f(1, // in args\n 2)")
    o = ops(q)
    assert [type(x).__name__ for x in o] == ["Where", "Project", "Extend"]
    assert [n.name for n in o[1].items] == ["a", "b"]
    assert len(o[2].items[0].value.args) == 2


# ---------------------------------------------------------------------------------------------
# Expressions


def test_precedence():
    e = scalar("a or b and c == 1 + 2 * -3")
    assert e.op == "or"
    rhs = e.right
    assert rhs.op == "and" and rhs.right.op == "=="
    add = rhs.right.right
    assert add.op == "+" and add.right.op == "*"
    assert add.right.right == A.Unary(Span(30, 32), "-", A.Literal(Span(31, 32), "long", 3))


@pytest.mark.parametrize("op_", [
    "==", "!=", "<", "<=", ">", ">=", "=~", "!~", "has", "!has", "has_cs", "!has_cs", "hasprefix",
    "!hasprefix", "hasprefix_cs", "!hasprefix_cs", "hassuffix", "!hassuffix", "hassuffix_cs",
    "!hassuffix_cs", "contains", "!contains", "contains_cs", "!contains_cs", "startswith",
    "!startswith", "startswith_cs", "!startswith_cs", "endswith", "!endswith", "endswith_cs",
    "!endswith_cs", "like"])
def test_binary_operators(op_):
    e = scalar(f'x {op_} "a"')
    assert isinstance(e, A.Binary) and e.op == op_
    assert e.left == A.Name(Span(6, 7), "x")


def test_matches_regex_and_not_equal_spelling():
    assert scalar('x matches regex "a.*"').op == "matches regex"
    assert scalar("x <> 1").op == "!="


@pytest.mark.parametrize("op_", ["in", "!in", "in~", "!in~", "has_any", "has_all", "has_any_cs"])
def test_in_lists(op_):
    e = scalar(f'x {op_} ("a", "b")')
    assert isinstance(e, A.InList) and e.op == op_
    assert [i.value for i in e.items] == ["a", "b"]


def test_in_subqueries_and_names():
    e = scalar("x in (T | project a)")
    assert isinstance(e.items[0], A.Pipeline) and e.items[0].source == A.Name(Span(12, 13), "T")
    e = scalar("x in ((T | project a))")
    assert isinstance(e.items[0], A.Pipeline)
    e = scalar("x in (LetTable)")
    assert e.items == (A.Name(Span(12, 20), "LetTable"),)
    e = scalar("x !in (dynamic([1, 2]))")
    assert e.items[0].value == [1, 2]


def test_between():
    e = scalar("x between (1 .. 5)")
    assert isinstance(e, A.Between) and not e.negated
    assert (e.low.value, e.high.value) == (1, 5)
    e = scalar("x !between (a..b)")
    assert e.negated and e.low.name == "a" and e.high.name == "b"
    e = scalar("t between (datetime(2024-01-01) .. 1d)")
    assert e.low.type == "datetime" and e.high.type == "timespan"


def test_postfix_forms():
    assert scalar("d.a.b") == A.Member(Span(6, 11), A.Member(Span(6, 9), A.Name(Span(6, 7), "d"), "a"), "b")
    e = scalar("d['k']")
    assert isinstance(e, A.Index) and e.index.value == "k"
    e = scalar("d.['k']")
    assert isinstance(e, A.Member) and e.name == "k"
    e = scalar("d[0][1]")
    assert isinstance(e, A.Index) and isinstance(e.target, A.Index) and e.index.value == 1
    e = scalar("f(x)[0].a")
    assert isinstance(e, A.Member) and isinstance(e.target.target, A.Call)
    assert scalar("d.kind").name == "kind"


def test_calls_named_args_and_star():
    e = scalar("bag_unpack(x, columnsConflict='replace_source')")
    assert e.name == "bag_unpack"
    assert e.args[1] == A.NamedArg(Span(20, 52), "columnsConflict",
                                   A.Literal(Span(36, 52), "string", "replace_source"))
    e = scalar("arg_max(Timestamp, *)")
    assert isinstance(e.args[1], A.Star)
    assert scalar("not(x)") == A.Call(Span(6, 12), "not", (A.Name(Span(10, 11), "x"),))
    for name in ("makeset", "makelist", "parsejson", "argmax", "any", "iif"):
        assert scalar(f"{name}(a, b)").name == name


def test_join_sides_members():
    e = scalar("$left.X == $right.Y")
    assert e.left == A.Member(Span(6, 13), A.Name(Span(6, 11), "$left"), "X")
    assert e.right.target.name == "$right"


def test_tabular_arguments():
    e = scalar("toscalar(T | summarize count())")
    assert isinstance(e.args[0], A.Pipeline)
    assert isinstance(e.args[0].ops[0], A.Summarize)
    e = scalar("materialize(T | where x)")
    assert isinstance(e.args[0].ops[0], A.Where)
    e = scalar("toscalar(print 5)")
    assert isinstance(e.args[0].source, A.Print)


def test_search_term_colon():
    e = op('T | search Col:"x"').predicate
    assert e == A.Binary(Span(11, 18), ":", A.Name(Span(11, 14), "Col"), A.Literal(Span(15, 18), "string", "x"))


# ---------------------------------------------------------------------------------------------
# Statements


def test_let_forms():
    text = ('let x = 1; let T = Tbl | where a; let f = (a:long, b:string = "x", T:(x:long), '
            'U:(*)) { let y = 1; T | where x > a }; let V = view () { T }; f(1)')
    q = parse(text)
    lets = q.statements[:4]
    assert [l.name for l in lets] == ["x", "T", "f", "V"]
    assert isinstance(lets[1].value, A.Pipeline)
    lam = lets[2].value
    assert isinstance(lam, A.Lambda) and not lam.view
    a, b, t, u = lam.params
    assert (a.name, a.type, a.default) == ("a", "long", None)
    assert b.type == "string" and b.default.value == "x"
    at = text.index("x:long")
    assert t.schema.columns[0] == A.ColumnDecl(Span(at, at + 6), "x", "long") and not t.schema.star
    assert t.schema.span == Span(at - 1, at + 7)
    assert u.schema.star and u.type is None
    assert [l.name for l in lam.lets] == ["y"] and isinstance(lam.body, A.Pipeline)
    assert lets[3].value.view
    assert isinstance(q.statements[4], A.Call)


def test_set_statements_and_separators():
    q = parse("set notruncation;\nset query_now = datetime(2024-01-01);\nT | take 1;\n;T | count;")
    kinds = [type(s).__name__ for s in q.statements]
    assert kinds == ["Set", "Set", "Pipeline", "Pipeline"]
    assert q.statements[0] == A.Set(Span(0, 16), "notruncation", None)
    assert q.statements[1].value.type == "datetime"
    assert parse("let a = 1; let b = 2;").statements[1].name == "b"
    assert parse("").statements == ()
    q = parse("T\n| take 1;\n| where x") if False else None  # operators on a new line after ';'


def test_parenthesised_spans_and_hex_wrap():
    s = stmt("(T | take 1) | count")
    assert s.span == Span(0, 20) and s.source.span == Span(0, 12)
    e = scalar("(1 + 2) * 3")
    assert e.left.span == Span(6, 13) and e.left.op == "+"
    assert lit("0xFFFFFFFFFFFFFFFF").value == -1


def test_query_span_and_statement_spans():
    text = "let x = 1;\nT | take x"
    q = parse(text)
    assert q.span == Span(0, len(text))
    assert q.statements[0].span == Span(0, 9)
    assert q.statements[1].span == Span(11, 21)
    assert q.statements[1].ops[0].span == Span(15, 21)


# ---------------------------------------------------------------------------------------------
# Sources


def test_sources():
    s = stmt('datatable(a:string, b:long) ["x", 1, "y", 2,]')
    assert isinstance(s.source, A.Datatable) and len(s.source.values) == 4
    assert [c.type for c in s.source.columns] == ["string", "long"]
    s = stmt("range x from 1 to 10 step 2")
    assert s.source == A.Range(Span(0, 27), "x", A.Literal(Span(13, 14), "long", 1),
                               A.Literal(Span(18, 20), "long", 10), A.Literal(Span(26, 27), "long", 2))
    s = stmt("print a, x = 1")
    assert isinstance(s.source.items[1], A.Assign)
    s = stmt('externaldata(a:string) [ "https://x/y.csv" ] with (format="csv")')
    assert s.source.urls[0].value == "https://x/y.csv" and s.source.options[0].name == "format"
    s = stmt("(T | take 1) | count")
    assert isinstance(s.source, A.Pipeline) and isinstance(s.ops[0], A.Count)
    s = stmt('database("x").Table | take 1')
    assert isinstance(s.source, A.Member) and s.source.target.name == "database"
    s = stmt('cluster("c").database("d").T')
    assert s.name == "T" and s.target.name == "database" and s.target.args[0].name == "cluster"
    assert stmt('table("T") | take 1').source.name == "table"
    assert stmt('materialized_view("v") | take 1').source.name == "materialized_view"
    assert isinstance(stmt("FileProfile(x) | take 1").source, A.Call)
    assert isinstance(stmt("union T1, T2 | take 1").source, A.Union_)
    assert isinstance(stmt('search "x" | take 1').source, A.Search)
    assert isinstance(stmt("find where x == 1").source, A.Find)
    assert isinstance(stmt("evaluate plugin(1)").source, A.Evaluate)


# ---------------------------------------------------------------------------------------------
# Operators


def test_where_project_family():
    assert isinstance(op("T | filter x"), A.Where)
    p = op("T | project a, b = c, (x, y) = f(z)")
    assert p.items[0] == A.Name(Span(12, 13), "a")
    assert p.items[1].names == ("b",) and p.items[2].names == ("x", "y")
    pa = op("T | project-away a, b*, ['c d']")
    assert [n.name for n in pa.patterns] == ["a", "b*", "c d"]
    assert [n.name for n in op("T | project-keep x*").patterns] == ["x*"]
    pr = op("T | project-rename n = o, ['n 2'] = ['o 2']")
    assert [(a.name, b.name) for a, b in pr.pairs] == [("n", "o"), ("n 2", "o 2")]
    ro = op("T | project-reorder c, a* asc, b desc, d granny-asc, e granny-desc")
    assert [(n.name, o) for n, o in ro.items] == [("c", None), ("a*", "asc"), ("b", "desc"),
                                                   ("d", "granny-asc"), ("e", "granny-desc")]
    assert isinstance(op("T | extend x = 1, y"), A.Extend)


def test_summarize_count_take_sort_top():
    s = op("T | summarize hint.strategy=shuffle n = count(), dcount(x) by bin(t, 1h), k = y")
    assert s.options == (A.Option(Span(14, 35), "hint.strategy", A.Name(Span(28, 35), "shuffle")),)
    assert [type(a).__name__ for a in s.aggregates] == ["Assign", "Call"]
    assert [type(b).__name__ for b in s.by] == ["Call", "Assign"]
    s = op("T | summarize by a")
    assert s.aggregates == () and len(s.by) == 1
    assert op("T | count") == A.Count(Span(4, 9), None)
    assert op("T | count as N").as_name == "N"
    assert op("T | take 5") == A.Take(Span(4, 10), A.Literal(Span(9, 10), "long", 5))
    assert isinstance(op("T | limit 5"), A.Take)
    s = op("T | sort by a asc nulls last, b desc, c")
    assert [(k.asc, k.nulls_first) for k in s.keys] == [(True, False), (False, None), (None, None)]
    assert isinstance(op("T | order by a"), A.Sort)
    t = op("T | top 10 by x desc nulls last")
    assert t.count.value == 10 and t.keys[0].asc is False and t.keys[0].nulls_first is False


def test_top_nested():
    t = op('T | top-nested 3 of X with others="o" by agg=count() desc, top-nested of Y by sum(z)')
    a, b = t.levels
    assert a.count.value == 3 and a.expr.name == "X" and a.others.value == "o"
    assert a.agg_name == "agg" and a.aggregate.name == "count" and a.asc is False
    assert b.count is None and b.name is None and b.agg_name is None and b.asc is None
    t = op("T | top-nested 2 of n = tostring(x) by s = sum(y) asc")
    assert t.levels[0].name == "n" and t.levels[0].asc is True


def test_distinct():
    assert op("T | distinct *").items == (A.Star(Span(13, 14)),)
    assert [n.name for n in op("T | distinct a, b").items] == ["a", "b"]


def test_join_and_lookup():
    j = op("T | join kind=inner hint.strategy=broadcast (U | where x) on A, $left.B == $right.C and D")
    assert [o.name for o in j.options] == ["kind", "hint.strategy"]
    assert j.options[0].value.name == "inner"
    assert isinstance(j.right, A.Pipeline)
    assert [type(c).__name__ for c in j.on] == ["Name", "Binary", "Name"]
    j = op("T | join U on x")
    assert j.right == A.Name(Span(9, 10), "U") and j.options == ()
    lk = op("T | lookup kind=leftouter (U) on k")
    assert isinstance(lk, A.Lookup) and lk.right.name == "U" and lk.on[0].name == "k"


def test_union():
    u = stmt("union kind=outer withsource=SourceTable isfuzzy=true DeviceEvents, Device*, (T | take 1)").source
    assert [o.name for o in u.options] == ["kind", "withsource", "isfuzzy"]
    assert u.legs[0].name == "DeviceEvents" and u.legs[1].name == "Device*"
    assert isinstance(u.legs[2], A.Pipeline)
    u = op("T | union U, V")
    assert [l.name for l in u.legs] == ["U", "V"]


def test_mv_expand():
    m = op("T | mv-expand bagexpansion=array with_itemindex=i a, n = b to typeof(long), c limit 10")
    assert [o.name for o in m.options] == ["bagexpansion", "with_itemindex"]
    assert [(i.name, i.expr.name, i.to_type) for i in m.items] == [
        (None, "a", None), ("n", "b", "long"), (None, "c", None)]
    assert m.limit.value == 10 and not m.deprecated
    m = op("T | mvexpand x")
    assert m.deprecated and m.items[0].expr.name == "x"
    assert op("T | mv-expand kind=array x").options[0].value.name == "array"


def test_mv_apply():
    m = op("T | mv-apply x = arr to typeof(long) on (top 1 by x)")
    assert m.items[0].name == "x" and m.items[0].to_type == "long"
    assert m.subquery.source is None and isinstance(m.subquery.ops[0], A.Top)
    m = op("T | mv-apply e = d limit 5 on (where e > 1 | summarize count())")
    assert m.limit.value == 5
    assert [type(o).__name__ for o in m.subquery.ops] == ["Where", "Summarize"]


def test_parse():
    text = 'T | parse kind=regex flags=Ui Msg with * "user=" user:string " id=" id:long *'
    p = op(text)
    assert [o.name for o in p.options] == ["kind", "flags"]
    assert p.expr.name == "Msg" and not p.where

    def at(s):
        i = text.index(s)
        return Span(i, i + len(s))
    assert p.pattern == (
        A.ParsePart(Span(text.index("* "), text.index("* ") + 1), star=True),
        A.ParsePart(at('"user="'), text="user="),
        A.ParsePart(at("user:string"), name="user", type="string"),
        A.ParsePart(at('" id="'), text=" id="),
        A.ParsePart(at("id:long"), name="id", type="long"),
        A.ParsePart(Span(len(text) - 1, len(text)), star=True))
    p = op('T | parse-where x with "a" b')
    assert p.where and p.pattern[1].name == "b" and p.pattern[1].type is None


def test_parse_kv():
    p = op("T | parse-kv Text as (k1:string, k2:long) with (pair_delimiter=',', kv_delimiter=':')")
    assert [(c.name, c.type) for c in p.columns] == [("k1", "string"), ("k2", "long")]
    assert [(o.name, o.value.value) for o in p.options] == [("pair_delimiter", ","), ("kv_delimiter", ":")]
    assert op("T | parse-kv Text as (a:string)").options == ()


def test_serialize_sample_getschema_as_invoke_consume():
    assert op("T | serialize").items == ()
    assert op("T | serialize n = row_number()").items[0].names == ("n",)
    assert op("T | sample 5").count.value == 5
    sd = op("T | sample-distinct 5 of a")
    assert sd.count.value == 5 and sd.column.name == "a"
    assert op("T | getschema") == A.Getschema(Span(4, 13))
    a = op("T | as hint.materialized=true X")
    assert a.name == "X" and a.options[0].name == "hint.materialized" and a.options[0].value.value is True
    i = op("T | invoke FileProfile(SHA1, 1000)")
    assert i.call.name == "FileProfile" and i.call.args[1].value == 1000
    assert op("T | consume") == A.Consume(Span(4, 11))


def test_make_series():
    m = op("T | make-series n = count() default = 0, avg(x) on Timestamp from ago(1d) to now() "
           "step 1h by k")
    assert [(a.name, a.default is not None) for a in m.aggregates] == [("n", True), (None, False)]
    assert m.on.name == "Timestamp" and m.start.name == "ago" and m.stop.name == "now"
    assert m.step.value == dt.timedelta(hours=1) and m.by[0].name == "k" and not m.in_range
    m = op("T | make-series count() on t step 1d")
    assert m.start is None and m.stop is None
    m = op("T | make-series count() on t in range(datetime(2024-01-01), datetime(2024-01-08), 1d)")
    assert m.in_range and m.on.name == "t" and m.step.value == dt.timedelta(days=1)


def test_render():
    r = op('T | render timechart with (title="x", kind=stacked, ycolumns=a, b)')
    assert r.chart == "timechart"
    assert [(o.name, getattr(o.value, "name", getattr(o.value, "value", None))) for o in r.options] == [
        ("title", "x"), ("kind", "stacked"), ("ycolumns", "a"), ("ycolumns", "b")]
    r = op("T | render columnchart kind=unstacked")
    assert r.options[0].name == "kind"
    assert op("T | render table").options == ()


def test_search_and_find():
    s = op('T | search kind=case_sensitive "x"')
    assert s.options[0].value.name == "case_sensitive" and s.predicate.value == "x"
    s = stmt('search in (T1, T2*) Col:"x" or "y" and not("z")').source
    assert [t.name for t in s.tables] == ["T1", "T2*"]
    assert s.predicate.op == "or"
    text = "find withsource=S in (T1, T2) where x == 1 project a, b:string"
    f = stmt(text).source
    assert f.options[0].name == "withsource" and len(f.tables) == 2
    assert f.project == (A.Name(Span(51, 52), "a"), A.ColumnDecl(Span(54, 62), "b", "string"))
    f = stmt("find where x == 1 project-smart").source
    assert f.project is None


def test_evaluate_and_facet():
    e = op("T | evaluate hint.distribution=per_node bag_unpack(d) : (a:string, b:long)")
    assert e.options[0].name == "hint.distribution" and e.call.name == "bag_unpack"
    assert [c.name for c in e.schema.columns] == ["a", "b"]
    e = op("T | evaluate pivot(k, count(), a)")
    assert e.schema is None and len(e.call.args) == 3
    f = op("T | facet by a, b with (where x | take 5)")
    assert [c.name for c in f.columns] == ["a", "b"]
    assert f.subquery.source is None and len(f.subquery.ops) == 2
    assert op("T | facet by a").subquery is None


@pytest.mark.parametrize("text, name", [
    ("T | fork (where x) (take 5)", "fork"),
    ("T | partition hint.strategy=native by k (top 1 by t)", "partition"),
    ("T | reduce by Msg with threshold=0.5, characters='/'", "reduce"),
    ("T | scan with (step s: true => x = s.x;)", "scan"),
    ("T | top-hitters 5 of x by y", "top-hitters"),
    ("E | make-graph a --> b with N on id", "make-graph"),
    ("G | graph-match (a)-[e*1..3]->(b) where a.x == 1 project a.name, b.name", "graph-match"),
])
def test_other_operators(text, name):
    o = op(text)
    assert isinstance(o, A.OtherOperator) and o.name == name
    assert o.text == text[text.index(name):]


def test_operator_after_semicolon_newline():
    q = parse("let x = 1;\nT\n| where y == x\n| take 1")
    assert len(q.statements) == 2 and len(q.statements[1].ops) == 2


# ---------------------------------------------------------------------------------------------
# Errors


def err(text: str) -> KqlSyntaxError:
    with pytest.raises(KqlSyntaxError) as info:
        parse(text)
    return info.value


def test_error_unknown_operator():
    e = err("DeviceEvents | wher x")
    assert e.message == "unknown operator 'wher'"
    assert (e.line, e.column) == (1, 16)
    assert e.help == "did you mean 'where'?"
    assert e.span == Span(15, 19)


def test_error_unclosed_paren():
    e = err("DeviceEvents\n| where (a == 1\n| take 5")
    assert "expected ')' to close '(' at line 2, column 9" in e.message or \
        "')' to close '(' at line 2, column 9" in (e.help or "")
    e = err("T | where f(a,\n b")
    assert e.message == "expected ')' to close '(' at line 1, column 12"
    assert (e.line, e.column) == (2, 3)


def test_error_unterminated_string():
    e = err('T\n| where a == "abc')
    assert e.message == "unterminated string literal"
    assert (e.line, e.column) == (2, 14)


def test_error_pipe_at_end():
    text = "DeviceEvents | "
    e = err(text)
    assert e.message == "expected an operator after '|'"
    assert e.span == Span(len(text), len(text))
    assert (e.line, e.column) == (1, 16)


def test_error_end_of_input_points_at_end():
    text = "T\n| where x ==\n"
    e = err(text)
    assert e.span.start == len(text) and e.line == 3 and e.column == 1
    assert "expected an expression" in (e.help or "")


@pytest.mark.parametrize("text, message", [
    ("T | sort x", "unexpected 'x' here"),
    ("T | where x AND y", "unexpected 'AND' here"),
    ("T | where a )", "unmatched ')'"),
    ("print datetime(2024-13-45)", "invalid datetime literal 'datetime(2024-13-45)'"),
    ("let f = (a:long) { let y = 1; };", "a function body must end with an expression"),
    ("T | where a == ```abc", "unterminated multi-line string"),
    ("T | wherex == 1", "unknown operator 'wherex'"),
    ("T | extend x = int(abc)", "invalid int literal 'int(abc)'"),
    ("T | where x == #", "unexpected character '#'"),
])
def test_error_messages(text, message):
    e = err(text)
    assert e.message == message
    assert e.line is not None and e.line >= 1 and e.text == text


def test_error_render_has_caret():
    e = err("DeviceEvents | wher x")
    out = e.render()
    assert "error[HUNT100]: unknown operator 'wher'" in out and "^^^^" in out


def test_only_syntax_errors_escape():
    for bad in (None, 42, "\x00", "T | where (((", "'" * 3, "datetime(", "print dynamic({1:2})"):
        with pytest.raises(KqlSyntaxError):
            parse(bad)  # type: ignore[arg-type]
