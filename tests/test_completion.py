"""Completion is a pure function of (text, cursor, catalog): every prefix of real hunting
queries completes without error, and at marked points it offers the right things."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from hunt.repl.completion import complete, quote_name
from hunt.semantic.catalog import load_default_catalog

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "hunting_queries.jsonl"
CURSOR = "‸"


@pytest.fixture(scope="module")
def catalog():
    return load_default_catalog()


def labels(text: str, catalog, kind: str | None = None) -> list[str]:
    cursor = text.index(CURSOR)
    text = text.replace(CURSOR, "")
    return [c.label.split("(")[0] for c in complete(text, cursor, catalog)
            if kind is None or c.kind == kind]


# -- every prefix of real queries ------------------------------------------------------------

def corpus_sample() -> list[dict]:
    """A fixed sample of 40 corpus queries valid for Microsoft's parser: 34 spread over the
    corpus plus joins and unions (the positions where a table may start mid-query)."""
    if not CORPUS.exists():
        return []
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    ok = sorted((q for q in rows if q.get("kusto_syntax_ok") and "externaldata" not in
                 q["query"] and 80 <= len(q["query"]) <= 700 and not q.get("other_tables")
                 and not q.get("legacy_tables")), key=lambda q: q["id"])
    spread = ok[::max(1, len(ok) // 34)][:34]
    extra = [q for q in ok if q not in spread and ("| join" in q["query"] or
                                                   "union" in q["query"])][:6]
    return spread + extra


SAMPLE = corpus_sample()


@pytest.mark.skipif(not SAMPLE, reason=f"corpus not found at {CORPUS}")
def test_every_prefix_of_40_corpus_queries_completes(catalog):
    assert len(SAMPLE) >= 30
    calls = 0
    for q in SAMPLE:
        text = q["query"]
        for i in range(len(text) + 1):
            out = complete(text, i, catalog)          # the full text, cursor at i
            assert isinstance(out, list), (q["id"], i)
            for c in out:
                assert 0 <= c.start <= i, (q["id"], i, c)
            calls += 1
    assert calls > 5000


@pytest.mark.skipif(not SAMPLE, reason=f"corpus not found at {CORPUS}")
def test_corpus_queries_offer_their_own_tables_and_columns(catalog):
    """At the start of each sampled query the first table is offered; right after each
    `| where ` the columns of the table read by a plain `T | where` pipeline are offered."""
    for q in SAMPLE:
        text = q["query"]
        tables = [t for t in q["tables"] if catalog.table(t)]
        first = text.lstrip()
        if tables and first.startswith(tables[0]) and not text.startswith("let"):
            offered = [c.text for c in complete(tables[0][:3], 3, catalog)]
            assert tables[0] in offered, q["id"]
        head = text.split("\n")[0].strip()
        if head in tables:
            probe = f"{head}\n| where "
            offered = {c.text for c in complete(probe, len(probe), catalog)}
            cols = {quote_name(c.name) for c in catalog.table(head).columns}
            assert cols <= offered, q["id"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="DeviceProcessEvents |()[]{}=,.;'\"$!~<>*\n-_whrjoinkd0123", max_size=60))
def test_any_text_completes_without_error(text):
    catalog = _CATALOG
    for i in range(0, len(text) + 1, 7):
        complete(text, i, catalog)
    complete(text, len(text), catalog)


_CATALOG = load_default_catalog()


# -- marked points ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected, kind", [
    # tables where a table may start
    ("‸", ["DeviceProcessEvents", "EmailEvents", "IdentityLogonEvents"], "table"),
    ("DevicePro‸", ["DeviceProcessEvents"], "table"),
    ("T | join kind=inner ‸", ["DeviceNetworkEvents"], "table"),
    ("T | join (Device‸", ["DeviceLogonEvents"], "table"),
    ("T | lookup ‸", ["DeviceInfo"], "table"),
    ("union DeviceProcessEvents, Email‸", ["EmailEvents", "EmailUrlInfo"], "table"),
    ("DeviceProcessEvents | where DeviceId in (Dev‸", ["DeviceInfo"], "table"),
    ("let a = 1;\nDev‸", ["DeviceEvents"], "table"),
    # operators after a pipe
    ("DeviceProcessEvents | ‸", ["where", "summarize", "extend", "project", "join", "mv-expand",
                                 "render", "top"], "operator"),
    ("DeviceProcessEvents\n| su‸", ["summarize"], "operator"),
    ("DeviceProcessEvents | mv-‸", ["mv-expand", "mv-apply"], "operator"),
    ("DeviceProcessEvents | project-a‸", ["project-away"], "operator"),
    # columns of the pipeline's schema at the cursor
    ("DeviceProcessEvents | where Fil‸", ["FileName", "FileSize"], "column"),
    ("DeviceProcessEvents | extend Host = DeviceName | where Ho‸", ["Host"], "column"),
    ("DeviceProcessEvents\n| extend Host = tolower(DeviceName)\n| project ‸", ["Host", "Timestamp"],
     "column"),
    ("DeviceProcessEvents | summarize Launches = count() by DeviceName | where ‸",
     ["Launches", "DeviceName"], "column"),
    ("DeviceLogonEvents | summarize count() by AccountName | order by ‸",
     ["count_", "AccountName"], "column"),
    ("DeviceProcessEvents | project DeviceName, FileName | where ‸", ["DeviceName", "FileName"],
     "column"),
    ("DeviceProcessEvents | where strlen(Proc‸", ["ProcessCommandLine"], "column"),
    ("DeviceProcessEvents | summarize count() by Acc‸", ["AccountName", "AccountDomain"],
     "column"),
    ("DeviceProcessEvents | join (DeviceNetworkEvents | where Remote‸", ["RemoteIP", "RemoteUrl"],
     "column"),
    ("DeviceProcessEvents | join kind=inner (DeviceNetworkEvents) on ‸",
     ["DeviceId", "RemoteIP", "ProcessCommandLine"], "column"),
    ("DeviceProcessEvents | join (DeviceNetworkEvents) on $right.Rem‸", ["RemoteIP"], "column"),
    ("let procs = DeviceProcessEvents | extend Score = 1;\nprocs | where Sc‸", ["Score"],
     "column"),
    ("DeviceProcessEvents | render timechart with (ycolumns=‸", ["ProcessId"], "column"),
    # functions (aggregates where they belong)
    ("DeviceProcessEvents | summarize dc‸", ["dcount", "dcountif"], "function"),
    ("DeviceProcessEvents | where isnot‸", ["isnotempty", "isnotnull"], "function"),
    ("DeviceProcessEvents | extend t = ag‸", ["ago"], "function"),
    # kind= values, charts, keywords, let-bound names
    ("T | join kind=‸", ["inner", "leftouter", "leftanti", "innerunique"], "value"),
    ("T | lookup kind=‸", ["leftouter", "inner"], "value"),
    ("T | mv-expand kind=‸", ["bag", "array"], "value"),
    ("T | render ‸", ["timechart", "columnchart", "barchart", "piechart", "linechart",
                      "areachart", "scatterchart"], "value"),
    ("DeviceProcessEvents | summarize count() ‸", ["by"], "keyword"),
    ("DeviceProcessEvents | sort by Timestamp ‸", ["desc", "asc"], "keyword"),
    ("DeviceProcessEvents | where FileName ‸", ["has", "==", "=~", "contains", "in"], "keyword"),
    ("let suspicious = dynamic(['a']);\nDeviceProcessEvents | where FileName in (sus‸",
     ["suspicious"], "let"),
    ("let lookback = 7d;\nDeviceProcessEvents | where Timestamp > ago(lo‸", ["lookback"], "let"),
])
def test_marked_points(text, expected, kind, catalog):
    got = labels(text, catalog, kind)
    missing = [e for e in expected if e not in got]
    assert not missing, f"{text!r}: missing {missing}; got {got[:20]}"


@pytest.mark.parametrize("text, absent", [
    ("DeviceProcessEvents | where ‸", ["count", "dcount", "arg_max"]),   # no aggregates
    ("DeviceProcessEvents | ‸", ["DeviceProcessEvents", "FileName"]),   # only operators
    ("DeviceProcessEvents | where FileName == 'pow‸", None),             # inside a string
    ("DeviceProcessEvents // a comm‸", None),                             # inside a comment
    ("DeviceProcessEvents | take 1‸", None),                              # typing a number
    ("DeviceProcessEvents | where FileName ‸", ["DeviceName"]),           # operand done
])
def test_not_offered(text, absent, catalog):
    got = labels(text, catalog)
    if absent is None:
        assert got == []
    else:
        assert not set(absent) & set(got), got[:20]


def test_replacement_span_and_quoting(catalog):
    text = "DeviceProcessEvents | where FileNa"
    out = complete(text, len(text), catalog)
    assert out[0].text == "FileName" and out[0].start == len(text) - len("FileNa")
    assert quote_name("My Column") == "['My Column']" and quote_name("Ok_1") == "Ok_1"
    # a function call already has its parenthesis after the cursor
    text = "DeviceProcessEvents | where isnotempty(FileName)"
    at = text.index("(")
    names = [c.text for c in complete(text, at, catalog) if c.kind == "function"]
    assert "isnotempty" in names


def test_prefix_matches_rank_first_then_substrings(catalog):
    got = labels("DeviceProcessEvents | where Name‸", catalog, "column")
    assert got and all("name" in g.lower() for g in got)
    camel = labels("DeviceProcessEvents | where IPFN‸", catalog, "column")
    assert "InitiatingProcessFileName" in camel


def test_registered_tables_and_their_columns(catalog):
    from hunt.semantic.catalog import ColumnInfo, TableInfo
    cat = catalog.copy()
    cat.add(TableInfo("Flows", (ColumnInfo("SrcHost", "string"), ColumnInfo("Bytes", "long"))))
    assert "Flows" in labels("Flo‸", cat, "table")
    assert labels("Flows | where ‸", cat, "column") == ["SrcHost", "Bytes"]
