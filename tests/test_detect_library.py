"""The shipped detection library and saved hunting queries: every rule valid, tested and
mapped to MITRE; every rule's unit tests pass; every hunting query has a title and a
description and runs."""
from __future__ import annotations

import pytest

from hunt.detect import library
from hunt.detect.validate import validate
from hunt.semantic.catalog import load_default_catalog

CATALOG = load_default_catalog()
CHECKED, PROBLEMS = validate([library.builtin_dir()], CATALOG)
BY_ID = {c.rule.id: c for c in CHECKED}


def test_library_is_valid():
    assert not PROBLEMS, "\n\n".join(p.render() for p in PROBLEMS)


def test_library_size_and_breadth():
    assert len(CHECKED) >= 30
    families = {CATALOG.table(t).family for c in CHECKED for t in c.tables}
    assert {"device", "identity", "email", "cloudapp"} <= families
    for c in CHECKED:
        r = c.rule
        assert r.mitre, f"{r.id}: no MITRE technique"
        assert r.description.strip(), f"{r.id}: no description"
        assert r.path.stem == r.id, f"{r.path.name}: the file is named after the rule id"
        fire = [t for t in r.tests if t.get("expect") == "fire" or t.get("alerts", 0) > 0]
        quiet = [t for t in r.tests if t.get("expect") == "none" or t.get("alerts") == 0]
        assert fire and quiet, f"{r.id}: needs tests that must fire and tests that must not"


@pytest.fixture(scope="module")
def workspace():
    from hunt.detect.testing import Workspace
    with Workspace(CATALOG) as ws:
        yield ws


@pytest.mark.parametrize("rule_id", sorted(BY_ID))
def test_rule_unit_tests(rule_id, workspace):
    from hunt.detect.testing import run_tests
    results = run_tests([BY_ID[rule_id]], CATALOG, workspace)
    failed = [f"{r.name}: {r.detail}" for r in results if not r.passed]
    assert not failed, failed


def test_cli_runs_named_rules_unit_tests(tmp_path):
    import io
    from hunt.cli import main
    out, err = io.StringIO(), io.StringIO()
    names = ["encoded-powershell", "mfa-fatigue"]
    code = main(["detect", "test", "--unit", *names, "--data", str(tmp_path)], out=out, err=err)
    assert code == 0, err.getvalue()
    n = sum(len(BY_ID[r].rule.tests) for r in names)
    assert f"{n} of {n} rule tests passed (2 rules)" in out.getvalue()


def test_hunting_queries_have_headers_and_run(tmp_path):
    import hunt
    from hunt.repl.library import load
    queries = load()
    assert len(queries) >= 50
    with hunt.connect(tmp_path) as h:
        for name, q in queries.items():
            assert q.title != name and q.description, f"{name}: title and description"
            h.query(q.text)         # raises on any problem


def test_repl_lists_every_rule():
    from hunt.repl.library import detection_rules
    listed = {r.id for r in detection_rules()}
    assert listed == set(BY_ID)
