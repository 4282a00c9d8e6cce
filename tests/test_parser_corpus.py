"""Judges from ../shared: every real hunting query that Kusto accepts parses; the documentation
examples parse (≥ 98%, in practice all); queries Kusto rejects fail only with KqlSyntaxError."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from hunt.errors import KqlSyntaxError
from hunt.syntax import ast as A
from hunt.syntax import parse

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "hunting_queries.jsonl"
DOCS = SHARED / "conformance" / "doc_examples.jsonl"


def _load(path: Path):
    if not path.is_file():
        pytest.skip(f"{path} not found: ../shared is absent (installed from a wheel?)",
                    allow_module_level=False)
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def test_corpus_syntax_ok_queries_parse():
    records = _load(CORPUS)
    failures = []
    for r in records:
        if not r.get("kusto_syntax_ok"):
            continue
        try:
            q = parse(r["query"])
        except KqlSyntaxError as e:
            failures.append(f"{r['id']} ({r.get('path')}): {e}")
            continue
        assert isinstance(q, A.Query) and q.statements, r["id"]
    assert not failures, f"{len(failures)} corpus queries failed:\n" + "\n".join(failures[:20])


def test_corpus_rejected_queries_fail_cleanly():
    records = _load(CORPUS)
    for r in records:
        if r.get("kusto_syntax_ok"):
            continue
        try:
            parse(r["query"])
        except KqlSyntaxError as e:
            assert e.line is not None and e.line >= 1 and e.column >= 1
            assert e.span is not None and 0 <= e.span.start <= len(r["query"])


def test_doc_examples_parse():
    records = _load(DOCS)
    failures = []
    for r in records:
        try:
            parse(r["query"])
        except KqlSyntaxError as e:
            failures.append(f"{r['id']}: {e}")
    rate = 1 - len(failures) / len(records)
    assert rate >= 0.98, f"{len(failures)} of {len(records)} failed:\n" + "\n".join(failures[:20])


def test_spans_lie_inside_the_text():
    """Every node's span is a well-formed range inside the query (a sample of the corpus)."""
    records = _load(CORPUS)[::7]
    import dataclasses

    for r in records:
        if not r.get("kusto_syntax_ok"):
            continue
        text = r["query"]
        todo = [parse(text)]
        while todo:
            n = todo.pop()
            if dataclasses.is_dataclass(n):
                assert 0 <= n.span.start <= n.span.end <= len(text), (r["id"], n)
                todo.extend(getattr(n, f.name) for f in dataclasses.fields(n) if f.name != "span")
            elif isinstance(n, tuple):
                todo.extend(n)
