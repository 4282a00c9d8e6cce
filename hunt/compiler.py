"""The whole pipeline for one query: text → AST → checked tree → SQL (a CompiledQuery)."""
from __future__ import annotations

import dataclasses
import datetime as _dt
from collections import OrderedDict
from typing import Any, Optional

from hunt.compiled import CompiledQuery
from hunt.errors import KqlError, KqlSemanticError, KqlUnsupportedError
from hunt.semantic.catalog import Catalog
from hunt.sqlgen.dialect import literal


def _utc_naive(now) -> _dt.datetime:
    if now is None:
        return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)
    if isinstance(now, str):
        now = _dt.datetime.fromisoformat(now.strip().replace("Z", "+00:00"))
    if now.tzinfo is not None:
        now = now.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    return now


def compile_query(text: str, catalog: Catalog, *, now: Optional[_dt.datetime] = None,
                  params: Optional[dict[str, Any]] = None, probe=None) -> CompiledQuery:
    """Compile KQL text against a catalog. `now` pins now()/ago() (default: the current UTC
    time); `params` become typed `let` constants. `probe(sql) -> rows` lets data-dependent
    operators (bag_unpack, pivot) learn their output columns. Raises only KqlError."""
    from hunt.semantic.binder import Binder
    from hunt.sqlgen.plan import SqlGen
    from hunt.syntax import parse
    try:
        tree = parse(text)
        binder = Binder(catalog, _utc_naive(now), params)
        binder.probe = probe
        bound = binder.bind(tree)
        if not bound:
            raise KqlSemanticError("the query has no statement that returns a table",
                                   help="end the query with a tabular expression, e.g. 'T | take 10'")
        now_sql = literal(binder.now, "datetime")
        statements = []
        for st in bound:
            gen = SqlGen(now_sql)
            statements.append(gen.statement(st.rel, st.render))
        return CompiledQuery(text, tuple(statements), tuple(binder.externaldata), dict(binder.options))
    except KqlError as e:
        e.attach(text)
        raise
    except RecursionError:
        raise KqlUnsupportedError("a query nested this deeply", None, text=text)


class CompileCache:
    """Compiled queries by text, for queries run again (the REPL, scheduled detections,
    notebooks): a hit costs a dictionary look-up instead of parse, check and SQL generation.

    `now` only reaches the SQL as one datetime literal (ago(), now(), ...), so an entry keeps
    the SQL split at that literal and a hit joins it with the new instant. Whether that holds
    for a query is tested, not assumed: an entry serves other instants only once a compile at
    a second instant split into the same parts (until then it serves its own instant only,
    where its SQL is the compiler's). Queries whose compilation looked at data (bag_unpack,
    pivot) are never cached; the key holds the catalog's identity and version (extra columns
    found in new files change it)."""

    def __init__(self, size: int = 256):
        self.size = size
        self._entries: OrderedDict = OrderedDict()   # key -> [template, instant or None]

    def compile(self, text: str, catalog: Catalog, *, now=None,
                params: Optional[dict[str, Any]] = None, probe=None) -> CompiledQuery:
        given, now = now, _utc_naive(now)
        key = _cache_key(text, catalog, params)
        entry = self._entries.get(key) if key is not None else None
        if entry is not None:
            self._entries.move_to_end(key)
            template, instant = entry
            if instant is None or instant == now:     # verified, or its own instant
                return _instantiate(template, now)
        probed = []

        def watched(sql):
            probed.append(sql)
            return probe(sql)
        compiled = compile_query(text, catalog, now=now if given is None else given,
                                 params=params, probe=watched if probe is not None else None)
        if key is None or probed:
            return compiled
        template = _template(compiled, now)
        if entry is not None:
            if entry[0] == template:
                entry[1] = None                         # the same parts at two instants
            else:
                self._entries.pop(key, None)            # now shapes this query otherwise
                key = None
        else:
            self._entries[key] = [template, now]
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return compiled

    def clear(self) -> None:
        self._entries.clear()


def _cache_key(text, catalog, params):
    try:
        p = None if params is None else tuple(sorted(
            (k, type(v).__name__, repr(v)) for k, v in params.items()))
        hash(p)
    except Exception:       # noqa: BLE001 - unorderable or unprintable values: no caching
        return None
    return (text, id(catalog), getattr(catalog, "version", None), p)


def _template(compiled: CompiledQuery, now: _dt.datetime):
    lit = literal(now, "datetime")
    parts = tuple(tuple(st.sql.split(lit)) for st in compiled.statements)
    rest = tuple(dataclasses.replace(st, sql="") for st in compiled.statements)
    return (parts, rest, compiled.text, compiled.externaldata, tuple(compiled.options.items()))


def _instantiate(entry, now: _dt.datetime) -> CompiledQuery:
    parts, rest, text, externaldata, options = entry
    lit = literal(now, "datetime")
    statements = tuple(dataclasses.replace(st, sql=lit.join(p)) for st, p in zip(rest, parts))
    return CompiledQuery(text, statements, externaldata, dict(options))
