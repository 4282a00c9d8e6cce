"""The whole pipeline for one query: text → AST → checked tree → SQL (a CompiledQuery)."""
from __future__ import annotations

import datetime as _dt
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
