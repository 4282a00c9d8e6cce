"""The external judges (corpus, documentation examples, Microsoft's analyzer) must not regress.

Each test runs a judges runner's core function in-process and compares its figures with
tests/judges/baseline.json, which the runners rewrite with `--update-baseline`:

    python scripts/corpus_check.py --update-baseline
    python scripts/docs_conformance.py --update-baseline
    python scripts/oracle_schemas.py --update-baseline

A rate may not drop below its recorded level; a count of crashes or hangs may not rise.
The tests skip, with the reason shown, when ../shared is absent (e.g. an install from a
wheel) or when Node.js is missing for the oracle; CI has both.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
pytestmark = pytest.mark.judges

# figure -> +1 when higher is better, -1 when lower is better
DIRECTIONS = {
    "corpus": {"ok_pct": +1, "rows_pct": +1, "other_exceptions": -1, "hangs": -1},
    "docs": {"core_pass_pct": +1, "all_pass_pct": +1, "other_exceptions": -1},
    "oracle": {"agreement_pct": +1, "hunt_exceptions": -1},
}
EPSILON = 1e-6


def _load(name: str):
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def shared():
    J = _load("judgelib")
    why = J.shared_missing()
    if why:
        pytest.skip(why)
    return J


@pytest.fixture(scope="module")
def judgelib(shared):
    if importlib.util.find_spec("hunt.api") is None:
        pytest.skip("hunt.api is not there yet: the judges need the public API")
    return shared


def regressions(section: str, figures: dict, baseline: dict) -> list[str]:
    recorded = baseline.get(section, {})
    out = []
    for key, direction in DIRECTIONS[section].items():
        if key not in recorded:
            continue
        now, then = figures[key], recorded[key]
        if direction > 0 and now < then - EPSILON:
            out.append(f"{key} dropped: {now} < {then} (baseline)")
        if direction < 0 and now > then + EPSILON:
            out.append(f"{key} rose: {now} > {then} (baseline)")
    return out


def _check(section: str, run: dict, J, capsys) -> None:
    figures = run["figures"]
    with capsys.disabled():
        print(f"\n[{section}] " + json.dumps(figures, sort_keys=True))
    problems = regressions(section, figures, J.load_baseline())
    assert not problems, f"{section} judge regressed: " + "; ".join(problems)


def test_regressions_logic():
    base = {"docs": {"core_pass_pct": 50.0, "all_pass_pct": 40.0, "other_exceptions": 0}}
    ok = {"core_pass_pct": 50.0, "all_pass_pct": 41.0, "other_exceptions": 0}
    assert regressions("docs", ok, base) == []
    worse = {"core_pass_pct": 49.9, "all_pass_pct": 41.0, "other_exceptions": 1}
    assert len(regressions("docs", worse, base)) == 2
    assert regressions("oracle", {"agreement_pct": 0.0, "hunt_exceptions": 3}, {}) == []


def test_baseline_and_waivers_are_well_formed():
    for name in ("baseline.json", "waivers.json"):
        doc = json.loads((ROOT / "tests" / "judges" / name).read_text(encoding="utf-8"))
        assert isinstance(doc, dict)
    waivers = json.loads((ROOT / "tests" / "judges" / "waivers.json").read_text("utf-8"))
    assert set(waivers) == {"docs", "corpus", "oracle"}
    for section in waivers.values():
        for key, reason in section.items():
            assert isinstance(reason, str) and len(reason) > 10, f"waiver {key} needs a reason"


def test_waived_ids_exist(shared):
    J = shared
    waivers = json.loads(J.WAIVERS.read_text(encoding="utf-8"))
    doc_ids = {r["id"] for r in J.read_jsonl(J.DOC_EXAMPLES)}
    corpus_ids = {r["id"] for r in J.read_jsonl(J.CORPUS)}
    assert set(waivers["docs"]) <= doc_ids
    assert set(waivers["corpus"]) <= corpus_ids
    assert set(waivers["oracle"]) <= corpus_ids


def test_docs_conformance(judgelib, capsys):
    docs = _load("docs_conformance")
    run = docs.run_docs(timeout=10)
    _check("docs", run, judgelib, capsys)


def test_corpus(judgelib, capsys):
    corpus = _load("corpus_check")
    run = corpus.run_corpus(None, timeout=10, now=judgelib.FIXED_NOW)
    _check("corpus", run, judgelib, capsys)


def test_oracle_schemas(judgelib, capsys):
    oracle = _load("oracle_schemas")
    why = oracle.oracle_missing()
    if why:
        pytest.skip(f"KQL oracle unavailable: {why}")
    run = oracle.run_compare()
    _check("oracle", run, judgelib, capsys)
