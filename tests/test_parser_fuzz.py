"""Robustness: whatever the text, `parse` returns a Query or raises KqlSyntaxError, quickly."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hunt.errors import KqlSyntaxError
from hunt.syntax import ast as A
from hunt.syntax import parse

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "hunting_queries.jsonl"


def _sample_queries(n: int = 40):
    if not CORPUS.is_file():
        return []
    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8") if line.strip()]
    rows = [r["query"] for r in rows if r.get("kusto_syntax_ok") and len(r["query"]) < 1500]
    step = max(1, len(rows) // n)
    return rows[::step][:n]


SAMPLE = _sample_queries()

FRAGMENTS = ["T", "| where", "| project", "x", "==", "(", ")", "[", "]", "{", "}", "'", '"', "@'",
             "```", ",", ";", "let", "=", "1", "1.5", "2d", "datetime(", "dynamic(", "typeof(",
             "by", "on", "and", "or", "in", "!in~", "between", "..", "$left.", "*", "-", ":",
             "// c\n", "\n", " ", "\u202f", "summarize", "count()", "join kind=inner", "mv-expand",
             "parse", "with", "render", "top 10 by", "h'", "\\", "|", "union", "datatable(a:long)"]


def check(text: str):
    t = time.perf_counter()
    try:
        q = parse(text)
        assert isinstance(q, A.Query)
    except KqlSyntaxError as e:
        assert e.span is not None
        assert 0 <= e.span.start <= len(text) and e.line is not None and e.line >= 1
    assert time.perf_counter() - t < 2.0, f"parse too slow on {text[:80]!r}"


@pytest.mark.skipif(not SAMPLE, reason="../shared/corpus is absent")
@pytest.mark.parametrize("index", range(len(SAMPLE)) if SAMPLE else [0])
def test_every_prefix_of_corpus_queries(index):
    text = SAMPLE[index]
    for end in range(len(text) + 1):
        check(text[:end])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_random_text(text):
    check(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join))
def test_random_token_soup(text):
    check(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SAMPLE or ["T | take 1"]), st.integers(0, 10_000), st.text(max_size=5))
def test_corrupted_queries(text, pos, junk):
    pos = pos % (len(text) + 1)
    check(text[:pos] + junk + text[pos:])
