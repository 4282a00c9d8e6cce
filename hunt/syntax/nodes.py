"""Transformer pieces shared by the KQL builder: span helpers and the methods that build
sources, scalar expressions and literals (hunt.syntax.builder adds statements and operators).
"""
from __future__ import annotations

import threading
from dataclasses import replace as _replace

from lark import Token

from hunt import types as T
from hunt.errors import KqlSyntaxError, Span
from hunt.syntax import ast as A
from hunt.syntax import literals as L

_local = threading.local()  # the text being parsed, per thread


# ---------------------------------------------------------------------------------------------
# Spans


def _start(x) -> int:
    if type(x) is Token:
        return x.start_pos
    if type(x) in (list, tuple):
        return _start(x[0])
    return x.span.start


def _end(x) -> int:
    if type(x) is Token:
        return x.end_pos
    if type(x) in (list, tuple):
        return _end(x[-1])
    return x.span.end


def _sp(c) -> Span:
    return Span(_start(c[0]), _end(c[-1]))


def _tok_span(t: Token) -> Span:
    return Span(t.start_pos, t.end_pos)


class _Part:
    """An intermediate value with a span (lists that end a rule, ranges, bracketed values)."""

    __slots__ = ("span", "value")

    def __init__(self, span: Span, value):
        self.span = span
        self.value = value


def _error(message: str, span: Span, help: str | None = None):
    return KqlSyntaxError(message, span, help=help, text=getattr(_local, "text", None))


def _nodes(children):
    """Children without punctuation and keyword tokens."""
    return [c for c in children if type(c) is not Token]


# ---------------------------------------------------------------------------------------------
# The transformer: one method per grammar rule or alias


class ExpressionBuilder:
    """Sources, expressions, literals (mixed into the Lark transformer)."""

    # -- sources --------------------------------------------------------------------------------

    def datatable_src(self, c):
        cols = tuple(x for x in c if isinstance(x, A.ColumnDecl))
        return A.Datatable(_sp(c), cols, c[-1].value)

    def range_src(self, c):
        return A.Range(_sp(c), c[1].name, c[3], c[5], c[7])

    def print_src(self, c):
        return A.Print(_sp(c), tuple(c[1]) if len(c) > 1 else ())

    def externaldata_src(self, c):
        cols = tuple(x for x in c if isinstance(x, A.ColumnDecl))
        urls = ()
        opts = ()
        for x in c:
            if type(x) is _Part:
                urls = x.value
            elif type(x) is list:
                opts = tuple(x)
        return A.ExternalData(_sp(c), cols, urls, opts)

    def value_list(self, c):
        return _Part(_sp(c), tuple(x for x in c[1:-1] if type(x) is not Token))

    def value_bracketed(self, c):
        t = c[0]
        return _Part(_tok_span(t), (A.Literal(_tok_span(t), T.STRING, _decode(L.decode_bracketed, t)),))

    def col_decl(self, c):
        return A.ColumnDecl(_sp(c), c[0].name, _type_name(c[2]))

    # -- expressions ----------------------------------------------------------------------------

    def binary(self, c):
        op = c[1].value
        if op == "<>":
            op = "!="
        return A.Binary(_sp(c), op, c[0], c[2])

    def matches_regex(self, c):
        return A.Binary(_sp(c), "matches regex", c[0], c[3])

    def in_list(self, c):
        return A.InList(_sp(c), c[1].value, c[0], c[2].value)

    def in_paren(self, c):
        items = c[1] if len(c) == 3 else ()
        return _Part(_sp(c), tuple(items))

    def in_items(self, c):
        return c[0::2]

    def in_single(self, c):
        return _Part(c[0].span, (c[0],))

    def between(self, c):
        return A.Between(_sp(c), c[0], c[3], c[5], c[1].value.startswith("!"))

    def unary(self, c):
        return A.Unary(_sp(c), c[0].value, c[1])

    def member(self, c):
        return A.Member(_sp(c), c[0], c[2].name)

    def method_call(self, c):
        args = tuple(c[4]) if len(c) == 6 else ()
        return A.Call(_sp(c), c[2].name, (c[0],) + args)

    def index(self, c):
        return A.Index(_sp(c), c[0], c[2])

    def index_bracketed(self, c):
        t = c[1]
        key = A.Literal(_tok_span(t), T.STRING, _decode(L.decode_bracketed, t))
        return A.Index(_sp(c), c[0], key)

    def name_expr(self, c):
        return _name_or_bool(c[0])

    def paren(self, c):
        # The node keeps its own kind; its span grows to cover the parentheses, so that a
        # statement or pipeline starting with '(' starts there.
        inner = c[1]
        return _replace(inner, span=Span(c[0].start_pos, c[2].end_pos))

    def star(self, c):
        return A.Star(_sp(c))

    def search_term(self, c):
        lit = self.string_lit(c[2:])
        return A.Binary(_sp(c), ":", c[0], lit)

    def call(self, c):
        args = tuple(c[2]) if len(c) == 4 else ()
        return A.Call(_sp(c), c[0].name, args)

    def args(self, c):
        return c[0::2]

    def named_arg(self, c):
        return A.NamedArg(_sp(c), c[0].name, c[2])

    def type_lit(self, c):
        return A.TypeLit(_sp(c), _type_name(c[2]))

    def schema_lit(self, c):
        cols, star = c[2]
        return A.SchemaLit(_sp(c), cols, star)

    def schema_items(self, c):
        items = c[0::2]
        return (tuple(x for x in items if isinstance(x, A.ColumnDecl)),
                any(isinstance(x, A.Star) for x in items))

    def string_lit(self, c):
        if len(c) == 1:
            value = _decode(L.decode_string, c[0])
        else:
            value = "".join(_decode(L.decode_string, t) for t in c)
        return A.Literal(_sp(c), T.STRING, value)

    def long_lit(self, c):
        return A.Literal(_sp(c), T.LONG, _decode(L.decode_long, c[0]))

    def real_lit(self, c):
        return A.Literal(_sp(c), T.REAL, _decode(L.decode_real, c[0]))

    def timespan_lit(self, c):
        return A.Literal(_sp(c), T.TIMESPAN, _decode(L.decode_timespan, c[0]))

    def datetime_lit(self, c):
        return A.Literal(_sp(c), T.DATETIME, _decode(L.decode_datetime, c[0]))

    def timespan_fn_lit(self, c):
        return A.Literal(_sp(c), T.TIMESPAN, _decode(L.decode_timespan_fn, c[0]))

    def typed_lit(self, c):
        t, v = _decode(L.decode_typed, c[0])
        return A.Literal(_sp(c), t, v)

    def dynamic_lit(self, c):
        return A.Literal(_sp(c), T.DYNAMIC, _json_value(c[2]))

    def json_array(self, c):
        return _Part(_sp(c), [_json_value(x) for x in c[1:-1] if type(x) is not Token])

    def json_array1(self, c):
        return _Part(_sp(c), [_decode(L.decode_bracketed, c[0])])

    def json_object(self, c):
        return _Part(_sp(c), {k: v for k, v in (x.value for x in c[1:-1] if type(x) is _Part)})

    def json_pair(self, c):
        k = c[0]
        key = _decode(L.decode_string, k) if k.type == "STRING" else k.value
        return _Part(_sp(c), (key, _json_value(c[2])))

    def json_word(self, c):
        w = c[0].value.lower()
        if w == "null":
            return _Part(_sp(c), None)
        if w in ("true", "false"):
            return _Part(_sp(c), w == "true")
        raise _error(f"unexpected '{c[0].value}' in a dynamic literal", _sp(c),
                     help="dynamic values are JSON: numbers, strings, true, false, null, [...], {...}")

    def name(self, c):
        t = c[0]
        if t.type == "NAME":
            return A.Name(Span(t.start_pos, t.end_pos), t.value)
        return A.Name(Span(t.start_pos, t.end_pos), _decode(L.decode_bracketed, t))


_SOURCES = (A.Datatable, A.Range, A.Print, A.ExternalData, A.Union_, A.Search, A.Find, A.Evaluate)


def _decode(fn, tok: Token):
    try:
        return fn(tok.value)
    except (ValueError, ArithmeticError, IndexError) as e:
        raise _error(str(e) if str(e) else f"invalid literal '{tok.value}'", _tok_span(tok)) from None


def _type_name(n: A.Name) -> str:
    t = T.normalize(n.name)
    if t is None:
        raise _error(f"unknown type '{n.name}'", n.span,
                     help="types are bool, int, long, real, decimal, string, datetime, timespan, "
                          "guid, dynamic")
    return t


def _name_or_bool(n: A.Name):
    low = n.name.lower()
    if (low == "true" or low == "false") and n.span.end - n.span.start == len(n.name):
        return A.Literal(n.span, T.BOOL, low == "true")
    return n


def _json_value(x):
    if type(x) is _Part:
        return x.value
    return x.value  # a Literal


def _split_assign(x):
    if isinstance(x, A.Assign):
        return x.names[0], x.value
    return None, x


def _flatten_and(e, out):
    """`a and b and c` → [a, b, c] (iteratively: long chains must not hit the recursion limit)."""
    todo = [e]
    while todo:
        x = todo.pop()
        if isinstance(x, A.Binary) and x.op == "and":
            todo.append(x.right)
            todo.append(x.left)
        else:
            out.append(x)


def _check_in(c):
    """search/find take `in (tables)`: the lexer hands `in` over as the list operator."""
    for x in c:
        if type(x) is Token and x.type == "LISTOP" and x.value != "in":
            raise _error(f"expected 'in (tables)', not '{x.value}'", _tok_span(x))


def _mv_parts(c):
    opts, items, limit = [], [], None
    i = 1
    while i < len(c):
        x = c[i]
        if type(x) is Token:
            if x.value == "limit":
                limit = c[i + 1]
                i += 1
        elif isinstance(x, A.Option):
            opts.append(x)
        else:
            items.append(x)
        i += 1
    return tuple(opts), tuple(items), limit
