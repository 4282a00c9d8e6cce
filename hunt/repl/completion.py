"""Completion that knows the query: `complete(text, cursor, catalog) -> list[Completion]`.

A pure function of the text, the cursor and the catalog (no data, no DuckDB). It reads the
tokens before the cursor to find where it is:

* where a table may start (statement start, `join`, `lookup`, `union`, `in (`): tables and
  let-bound names;
* right after `|`: the tabular operators;
* inside an operator: the columns of the pipeline's schema at that point, which the compiler
  computes from the text up to the start of the current stage (so after `| extend Host = ...`
  the next stage offers `Host`), plus functions with their signatures and let-bound names;
* after `kind=`: the operator's kinds; after `render`: the chart kinds; after an operand: the
  keywords and infix operators that may follow.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable, Optional

from hunt.repl import vocabulary as V
from hunt.repl.tokens import Token, tokenize, unterminated

_IDENT = re.compile(r"^[A-Za-z_$][\w]*$")
# words that are keywords, not operands, in the position after an operand
_KEYWORDS = frozenset({
    "by", "on", "asc", "desc", "and", "or", "not", "in", "has", "has_cs", "has_any", "has_all",
    "contains", "contains_cs", "startswith", "startswith_cs", "endswith", "endswith_cs",
    "hasprefix", "hassuffix", "matches", "regex", "between", "like", "with", "of", "kind",
    "to", "from", "step", "default", "nulls", "first", "last", "limit", "let", "set",
})
_PIPE_OPENERS = frozenset({"join", "lookup", "union", "toscalar", "materialize", "in",
                           "has_any", "has_all", "view", "fork"})


@dataclass(frozen=True)
class Completion:
    text: str            # what replaces the word at the cursor
    start: int           # offset in the text where the replaced word starts
    kind: str            # table, column, operator, function, keyword, value, let, command
    detail: str = ""     # a column's type, a function's signature, an operator's purpose
    display: str = ""    # shown in the menu (default: text)

    @property
    def label(self) -> str:
        return self.display or self.text


def complete(text: str, cursor: Optional[int] = None, catalog=None) -> list[Completion]:
    """The completions at `cursor` (default: the end of `text`), best first."""
    if cursor is None:
        cursor = len(text)
    cursor = max(0, min(cursor, len(text)))
    if catalog is None:
        from hunt.semantic.catalog import load_default_catalog
        catalog = load_default_catalog()
    return _Completer(text, cursor, catalog).run()


def quote_name(name: str) -> str:
    """A column or table name as KQL text: bare when it is an identifier, else ['...']."""
    if _IDENT.match(name):
        return name
    return "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']"


# -- the analysis -----------------------------------------------------------------------------

class _Completer:
    def __init__(self, text: str, cursor: int, catalog):
        self.text = text
        self.cursor = cursor
        self.catalog = catalog
        self.after = text[cursor:cursor + 1]

    def run(self) -> list[Completion]:
        before = self.text[:self.cursor]
        toks = tokenize(before)
        if toks and toks[-1].end == len(before) and (
                toks[-1].kind == "comment" or unterminated(toks[-1])):
            return []
        prefix_tok = None
        if toks and toks[-1].end == len(before) and toks[-1].kind == "name":
            prefix_tok = toks.pop()
        elif toks and toks[-1].end == len(before) and toks[-1].kind in ("number", "bracketed",
                                                                         "string"):
            return []          # typing a literal: nothing to offer
        self.prefix = prefix_tok.text if prefix_tok else ""
        self.start = prefix_tok.start if prefix_tok else self.cursor
        self.toks = toks
        self.lets = _let_names(toks)
        if toks and toks[-1].kind == "op" and toks[-1].text == ".":
            return self._member()
        return self._in_scope()

    # -- structure ----------------------------------------------------------------------------
    def _in_scope(self) -> list[Completion]:
        toks = self.toks
        stack: list[int] = []
        for i, t in enumerate(toks):
            if t.kind == "punct" and t.text in "([{":
                stack.append(i)
            elif t.kind == "punct" and t.text in ")]}" and stack:
                stack.pop()
        scope = 0
        for b in reversed(stack):
            if toks[b].text == "{" or (toks[b].text == "(" and self._opens_pipeline(b)):
                scope = b + 1
                break
        # the statement (`;` at the scope's depth) and the stage (`|` at that depth)
        level = _level_indices(toks, scope)
        stmt = scope
        for i in level:
            if toks[i].kind == "punct" and toks[i].text == ";":
                stmt = i + 1
        self.top_stmt_char = self._top_statement_start()
        head = stmt
        st = [t for t in toks[stmt:]]
        if st and st[0].is_("set"):
            return []
        if st and st[0].is_("let"):
            if len(st) < 3 or not (st[2].kind == "op" and st[2].text == "="):
                return []      # naming the let: nothing to offer
            head = stmt + 3
        pipe = None
        for i in level:
            if i >= head and toks[i].kind == "punct" and toks[i].text == "|":
                pipe = i
        self.stage_pipes = [i for i in level if i >= head and toks[i].kind == "punct"
                            and toks[i].text == "|"]
        self.head_char = toks[head].start if head < len(toks) else self.start
        if head >= len(toks) and head > 0:
            self.head_char = toks[head - 1].end
        is_let_value = head == stmt + 3 and head > stmt
        if pipe is None:
            return self._head(toks[head:], statement=scope == 0 or toks[scope - 1].text == "{",
                              let_value=is_let_value)
        return self._stage(pipe, toks[pipe + 1:])

    def _top_statement_start(self) -> int:
        depth, start = 0, 0
        for t in self.toks:
            if t.kind == "punct":
                if t.text in "([{":
                    depth += 1
                elif t.text in ")]}":
                    depth = max(0, depth - 1)
                elif t.text == ";" and depth == 0:
                    start = t.end
        return start

    def _opens_pipeline(self, b: int) -> bool:
        toks = self.toks
        j = b - 1
        # skip options (kind=inner, hint.x=y, withsource=T)
        while j >= 2 and toks[j - 1].kind == "op" and toks[j - 1].text == "=" and \
                toks[j - 2].kind == "name":
            j -= 3
        if j < 0:
            return True                          # `(T | ...)` opening a statement
        prev = toks[j]
        if prev.kind == "punct" and prev.text in ";|":
            return True
        if prev.kind == "name" and prev.low in _PIPE_OPENERS:
            return True
        if prev.kind == "other" and prev.text == "~" and j >= 1 and toks[j - 1].is_("in"):
            return True
        if prev.kind == "punct" and prev.text == ",":
            # `union A, (B | ...)`: a comma inside a union stage
            for t in reversed(toks[:j]):
                if t.kind == "punct" and t.text in "|;(":
                    return False
                if t.is_("union"):
                    return True
        if prev.kind == "op" and prev.text == "=" and j >= 2 and toks[j - 2].is_("let"):
            return True
        return False

    # -- positions ----------------------------------------------------------------------------
    def _head(self, head: list[Token], statement: bool, let_value: bool) -> list[Completion]:
        if not head:
            out = self._tables()
            if statement or let_value:
                out += [self._c(k, "keyword", d) for k, d in V.STATEMENT_KEYWORDS.items()
                        if not (let_value and k in ("let", "set"))]
            if let_value:
                out += self._functions(aggregates=False)
            return self._rank(out)
        first = head[0].low
        if first == "union":
            return self._union(head[1:])
        if first in ("print", "range", "datatable", "search", "find", "evaluate"):
            if self._after_operand(head):
                return []
            return self._rank(self._lets() + self._functions(aggregates=False))
        if self._after_operand(head):
            return []
        return self._rank(self._lets() + self._functions(aggregates=False))

    def _stage(self, pipe: int, stage: list[Token]) -> list[Completion]:
        if not stage:
            return self._operators(self.prefix, self.start)
        # `mv-` / `mv-exp`: the tokenizer split a dashed word that is not complete yet
        if len(stage) <= 2 and stage[0].kind == "name" and len(stage) >= 2 and \
                stage[1].text == "-" and stage[1].start == stage[0].end and \
                (not self.prefix or self.start == stage[1].end):
            return self._operators(stage[0].text + "-" + self.prefix, stage[0].start)
        op = stage[0].low
        if stage[0].kind != "name":
            return []
        self.op = op
        self.pipe = pipe
        last = stage[-1] if len(stage) > 1 else None
        if last is not None and last.kind == "op" and last.text == "=" and len(stage) >= 3 \
                and stage[-2].is_("kind"):
            values = V.KIND_VALUES.get(op, [])
            return self._rank([self._c(v, "value", f"{op} kind") for v in values])
        if op in ("join", "lookup"):
            return self._join(stage)
        if op == "union":
            return self._union(stage[1:])
        if op == "render":
            return self._render(stage)
        if op == "invoke":
            if len(stage) == 1:
                return self._rank([self._c(n, "function", f.get("call", ""))
                                   for n, f in sorted(self.catalog.functions.items())
                                   if f.get("kind") == "invoke"])
            return self._expression(stage)
        if op == "evaluate":
            if len(stage) == 1 or (len(stage) >= 4 and stage[-2].text == "="):
                return self._rank([self._c(n, "function", d) for n, d in V.PLUGINS.items()])
            return self._expression(stage)
        if op in ("as", "getschema", "consume", "count"):
            return []
        if op in ("take", "limit", "sample"):
            return [] if self._after_operand(stage) else self._rank(self._lets())
        if op not in V.OPERATORS:
            return []
        return self._expression(stage)

    def _expression(self, stage: list[Token]) -> list[Completion]:
        op = self.op
        if self._after_operand(stage):
            words = V.FOLLOW_KEYWORDS.get(op, [])
            out = [self._c(w, "keyword") for w in words]
            if op in ("where", "extend", "project", "summarize", "make-series", "parse",
                      "parse-where", "mv-expand"):
                out += [self._c(w, "keyword") for w in V.INFIX]
            return self._rank(out)
        if op in ("sort", "order") and len(stage) == 1:
            return self._rank([self._c("by", "keyword")])
        cols = self._columns_at(self.pipe)
        out = [self._column(n, t) for n, t in cols]
        if op in ("project-away", "project-keep", "project-reorder", "project-rename",
                  "facet", "distinct") and not self._inside_call(stage):
            if op == "distinct":
                out += self._lets()
            return self._rank(out)
        out += self._lets()
        aggregates = op in V.AGGREGATE_OPERATORS and not self._after_by(stage)
        out += self._functions(aggregates=aggregates)
        return self._rank(out)

    def _join(self, stage: list[Token]) -> list[Completion]:
        rest = _skip_options(stage[1:])
        if not rest:
            out = self._tables()
            if not any(t.is_("kind") for t in stage):
                out.append(self._c("kind=", "keyword", "join kind"))
            return self._rank(out)
        on = next((i for i, t in enumerate(rest) if t.is_("on")), None)
        if on is None:
            if self._after_operand(stage):
                return self._rank([self._c("on", "keyword")])
            return self._rank(self._tables())
        left = self._columns_at(self.pipe)
        right = self._right_columns(rest[:on])
        if self._after_operand(stage):
            return self._rank([self._c(w, "keyword") for w in ("and", "==")])
        out = [self._column(n, t) for n, t in _merge(left, right)]
        out += [self._c("$left.", "keyword", "a column of the left side"),
                self._c("$right.", "keyword", "a column of the right side")]
        return self._rank(out)

    def _right_columns(self, right: list[Token]) -> list[tuple[str, str]]:
        if not right:
            return []
        a, b = right[0].start, right[-1].end
        body = self.text[a:b].strip()
        if body.startswith("(") and body.endswith(")"):
            body = body[1:-1]
        return _schema(self.catalog, self.text[:self.top_stmt_char] + "\n" + body) or []

    def _union(self, rest: list[Token]) -> list[Completion]:
        rest = _skip_options(rest)
        if rest and self._after_operand(rest):
            return []
        out = self._tables()
        return self._rank(out)

    def _render(self, stage: list[Token]) -> list[Completion]:
        if len(stage) == 1:
            return self._rank([self._c(c, "value", "chart") for c in V.CHARTS])
        last = stage[-1]
        if last.kind == "op" and last.text == "=" and len(stage) >= 2:
            prop = stage[-2].low
            if prop in ("xcolumn", "ycolumns", "series"):
                return self._rank([self._column(n, t) for n, t in self._columns_at(self.pipe)])
            if prop == "kind":
                return self._rank([self._c(v, "value") for v in V.KIND_VALUES["render"]])
            return []
        if last.kind == "punct" and last.text in "(,":
            return self._rank([self._c(p, "keyword", "render property")
                               for p in V.RENDER_PROPERTIES])
        if len(stage) == 2 and last.kind == "name":
            return self._rank([self._c("with (", "keyword"), self._c("kind=", "keyword")])
        if last.kind == "punct" and last.text == "(":
            return []
        return []

    def _member(self) -> list[Completion]:
        toks = self.toks
        if len(toks) >= 2 and toks[-2].kind == "name" and toks[-2].low in ("$left", "$right"):
            save = self.toks
            self.toks = toks[:-2]
            self.lets = _let_names(self.toks)
            try:
                inner = self._in_scope_join()
            finally:
                self.toks = save
            if inner is None:
                return []
            left, right = inner
            cols = left if toks[-2].low == "$left" else right
            return self._rank([self._column(n, t) for n, t in cols])
        return []

    def _in_scope_join(self):
        toks = self.toks
        stack: list[int] = []
        for i, t in enumerate(toks):
            if t.kind == "punct" and t.text in "([{":
                stack.append(i)
            elif t.kind == "punct" and t.text in ")]}" and stack:
                stack.pop()
        scope = 0
        for b in reversed(stack):
            if toks[b].text == "{" or (toks[b].text == "(" and self._opens_pipeline(b)):
                scope = b + 1
                break
        level = _level_indices(toks, scope)
        stmt = scope
        for i in level:
            if toks[i].kind == "punct" and toks[i].text == ";":
                stmt = i + 1
        head = stmt
        if stmt < len(toks) and toks[stmt].is_("let"):
            head = stmt + 3
        pipes = [i for i in level if i >= head and toks[i].text == "|" and toks[i].kind == "punct"]
        if not pipes:
            return None
        pipe = pipes[-1]
        stage = toks[pipe + 1:]
        if not stage or stage[0].low not in ("join", "lookup"):
            return None
        self.top_stmt_char = self._top_statement_start()
        self.head_char = toks[head].start if head < len(toks) else self.start
        self.stage_pipes = pipes
        rest = _skip_options(stage[1:])
        on = next((i for i, t in enumerate(rest) if t.is_("on")), None)
        if on is None:
            return None
        return self._columns_at(pipe), self._right_columns(rest[:on])

    # -- helpers ------------------------------------------------------------------------------
    def _after_operand(self, toks: list[Token]) -> bool:
        """The last token ends an operand (so a keyword or an infix operator comes next)."""
        if not toks:
            return False
        last = toks[-1]
        if len(toks) == 1 and last.kind == "name":
            return False               # just the operator's own name
        if last.kind in ("string", "number", "bracketed"):
            return True
        if last.kind == "punct" and last.text in ")]}":
            return True
        if last.kind == "name":
            low = last.low
            if low in _KEYWORDS or low in V.OPERATORS or low.startswith("!"):
                return False
            if len(toks) >= 2 and toks[-2].kind == "op" and toks[-2].text == "!":
                return False
            return True
        return False

    def _after_by(self, stage: list[Token]) -> bool:
        depth = 0
        for t in stage:
            if t.kind == "punct" and t.text in "([{":
                depth += 1
            elif t.kind == "punct" and t.text in ")]}":
                depth -= 1
            elif depth == 0 and t.is_("by", "on"):
                return True
        return False

    def _inside_call(self, stage: list[Token]) -> bool:
        depth = 0
        for t in stage:
            if t.kind == "punct" and t.text in "([{":
                depth += 1
            elif t.kind == "punct" and t.text in ")]}":
                depth -= 1
        return depth > 0

    def _columns_at(self, pipe: int) -> list[tuple[str, str]]:
        """The pipeline's output columns just before the stage that starts at toks[pipe]."""
        lets = self.text[:self.top_stmt_char]
        if self.head_char < self.top_stmt_char:
            lets = ""
        pipes = [p for p in self.stage_pipes if p <= pipe]
        for k in range(len(pipes) - 1, -1, -1):
            body = self.text[self.head_char:self.toks[pipes[k]].start]
            cols = _schema(self.catalog, lets + "\n" + body) if lets else \
                _schema(self.catalog, body)
            if cols is None and lets:
                cols = _schema(self.catalog, body)
            if cols is not None:
                # names assigned by the stages that did not compile (`| extend X = broken(`)
                extra = []
                for later in pipes[k:]:
                    if later == pipe:
                        break
                    extra += _assigned_names(self.toks, later)
                seen = {n for n, _ in cols}
                return cols + [(n, "") for n in extra if n not in seen]
        head = self.text[self.head_char:self.toks[pipe].start].strip().split()
        table = self.catalog.table(head[0]) if head else None
        if table is not None:
            return [(c.name, c.type) for c in table.columns]
        return []

    def _tables(self) -> list[tuple]:
        out = [self._c(t.name, "table", t.family or "table") for t in self.catalog.tables()]
        return self._lets() + out

    def _lets(self) -> list[tuple]:
        return [self._c(n, "let", "let") for n in self.lets]

    def _column(self, name: str, ktype: str) -> tuple:
        return (name, quote_name(name), "column", ktype, name)

    def _functions(self, aggregates: bool) -> list[tuple]:
        table = _function_candidates(self.after == "(")
        if not aggregates:
            return [c for c in table if c[3] != "aggregate function"]
        return ([c for c in table if c[3] == "aggregate function"] +
                [c for c in table if c[3] != "aggregate function"])

    def _operators(self, prefix: str, start: int) -> list[Completion]:
        out = [(name, name, "operator", doc, "") for name, doc in V.OPERATORS.items()]
        return _rank(out, prefix, start)

    def _c(self, text: str, kind: str, detail: str = "") -> tuple:
        return (text, text, kind, detail, "")

    def _rank(self, items) -> list[Completion]:
        return _rank(items, self.prefix, self.start)


def _rank(items, prefix: str, start: int) -> list[Completion]:
    """Keep the candidates (match name, text, kind, detail, display) matching `prefix`
    (prefix, then substring, then camel-hump initials), best first, each label once."""
    scored = []
    seen = set()
    p = prefix.lower()
    for i, (name, text, kind, detail, display) in enumerate(items):
        key = (display or text, kind)
        if key in seen:
            continue
        if not p or name.startswith(prefix):
            score = 0
        else:
            low = name.lower()
            if low.startswith(p):
                score = 1
            elif p in low:
                score = 2
            elif _humps(name, p):
                score = 3
            else:
                continue
        seen.add(key)
        scored.append((score, i, text, kind, detail, display))
    scored.sort(key=lambda x: (x[0], x[1]))
    return [Completion(text, start, kind, detail, display)
            for _, _, text, kind, detail, display in scored]

def _humps(name: str, p: str) -> bool:
    return len(p) >= 2 and _initials(name).startswith(p)


@functools.lru_cache(maxsize=4096)
def _initials(name: str) -> str:
    """`DeviceProcessEvents` -> `dpe`, `make_set` -> `ms`."""
    return "".join(ch for i, ch in enumerate(name)
                   if ch.isupper() or i == 0 or name[i - 1] in "_-").lower()


@functools.lru_cache(maxsize=2)
def _function_candidates(paren: bool) -> tuple[tuple, ...]:
    out = []
    for name, kind, sig, zero in _function_table():
        text = name if paren else name + ("()" if zero else "(")
        out.append((name, text, "function", f"{kind} function", f"{name}({sig})"))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _function_table() -> tuple[tuple[str, str, str, bool], ...]:
    """(name, kind, signature, takes no argument) of every registry function."""
    from hunt.functions import registry
    out = []
    for name in registry.names():
        fn = registry.lookup(name)
        if fn is None:
            continue
        sig = V.SIGNATURES.get(name)
        if sig is None:
            sig = _generic_signature(fn.min_args, fn.max_args)
        out.append((name, fn.kind, sig, fn.max_args == 0))
    return tuple(out)


def _level_indices(toks: list[Token], scope: int) -> list[int]:
    """Indices of the tokens at the scope's own bracket depth (closed brackets skipped)."""
    out, depth = [], 0
    for i in range(scope, len(toks)):
        t = toks[i]
        if t.kind == "punct" and t.text in "([{":
            if depth == 0:
                out.append(i)
            depth += 1
        elif t.kind == "punct" and t.text in ")]}":
            depth = max(0, depth - 1)
            if depth == 0:
                out.append(i)
        elif depth == 0:
            out.append(i)
    return out


def _skip_options(toks: list[Token]) -> list[Token]:
    """Tokens after leading `name=value` options (kind=inner, hint.strategy=shuffle)."""
    i = 0
    while i + 2 < len(toks) + 1 and i + 1 < len(toks) and toks[i].kind == "name" and \
            toks[i + 1].kind == "op" and toks[i + 1].text == "=":
        i += 3 if i + 2 < len(toks) else 2
    # `hint.strategy=x`: name . name = value
    while i + 4 < len(toks) + 1 and i + 3 < len(toks) and toks[i].kind == "name" and \
            toks[i + 1].text == "." and toks[i + 3].text == "=":
        i += 5
    return toks[i:]


def _let_names(toks: list[Token]) -> list[str]:
    names = []
    for i, t in enumerate(toks):
        if t.is_("let") and i + 2 < len(toks) and toks[i + 1].kind in ("name", "bracketed") \
                and toks[i + 2].kind == "op" and toks[i + 2].text == "=":
            name = toks[i + 1].text
            if name not in names:
                names.append(name)
    return names


def _assigned_names(toks: list[Token], pipe: int) -> list[str]:
    """`X` of `X = ...` at depth 0 in the stage after toks[pipe] (extend, project, ...)."""
    out, depth = [], 0
    stage = toks[pipe + 1:]
    if not stage or stage[0].low not in ("extend", "project", "summarize", "parse",
                                         "make-series"):
        return out
    prev = stage[0]
    for t in stage[1:]:
        if t.kind == "punct" and t.text == "|" and depth == 0:
            break
        if t.kind == "punct" and t.text in "([{":
            depth += 1
        elif t.kind == "punct" and t.text in ")]}":
            depth -= 1
        elif depth == 0 and t.kind == "op" and t.text == "=" and prev.kind == "name":
            out.append(prev.text)
        prev = t
    return out


def _merge(a, b):
    seen, out = set(), []
    for n, t in list(a) + list(b):
        if n not in seen:
            seen.add(n)
            out.append((n, t))
    return out


def _generic_signature(lo: int, hi: Optional[int]) -> str:
    names = ["a", "b", "c", "d", "e", "f"]
    if hi is None:
        req = ", ".join(names[:lo])
        return (req + ", ..." if req else "...")
    req = names[:lo]
    opt = names[lo:hi]
    text = ", ".join(req)
    if opt:
        text += ("[, " if req else "[") + ", ".join(opt) + "]"
    return text


@functools.lru_cache(maxsize=512)
def _schema(catalog, text: str) -> Optional[list[tuple[str, str]]]:
    """The output columns (name, Kusto type) of a query text, or None when it does not
    compile. Cached: while a person types in one stage the text before it does not change."""
    if not text.strip():
        return None
    from hunt.compiler import compile_query
    try:
        compiled = compile_query(text, catalog)
    except Exception:          # noqa: BLE001 - an incomplete query is the normal case here
        return None
    return [(c.name, c.type) for c in compiled.last.columns]
