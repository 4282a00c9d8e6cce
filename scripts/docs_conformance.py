#!/usr/bin/env python3
"""Run the Kusto documentation's examples through hunt and judge each against its documented
output with the shared compare.py.

    python scripts/docs_conformance.py                 # everything, figures + per-family table
    python scripts/docs_conformance.py --family "string functions" -v
    python scripts/docs_conformance.py --id "query/parse-json-function#b6c644158c" -v

Figures: pass % of the core slice (every family but geospatial, plugins, graph and the
functions library, and no plugin/approximate/sandbox_plugin caveat; target >= 90 %) and of
all examples (target >= 75 %). now() is pinned (judgelib.FIXED_NOW). Examples in the waiver
list (tests/judges/waivers.json, section "docs": documented output wrong, or not
deterministic) are still run, and counted apart from the pass rates.
"""
from __future__ import annotations

import argparse
import collections
import importlib.util
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import judgelib as J  # noqa: E402

SECTION = "docs"
NON_CORE_FAMILIES = {"geospatial", "plugins", "graph", "functions library (UDFs)"}
NON_CORE_CAVEATS = ("plugin", "approximate", "sandbox_plugin")


def load_compare():
    spec = importlib.util.spec_from_file_location("hunt_judges_compare", J.COMPARE_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.compare_result


def is_core(record: dict) -> bool:
    return record["family"] not in NON_CORE_FAMILIES and not any(
        c.split(":", 1)[0] in NON_CORE_CAVEATS for c in record.get("caveats") or ())


def judge_one(h, record: dict, compare_result, *, now, timeout: float) -> dict:
    try:
        with J.watchdog(timeout * 3 + 5):
            result = h.query(record["query"], now=now)
            columns, rows = J.column_names(result), J.rows_of(result)
    except (Exception, J.Hang) as exc:  # noqa: BLE001 - every failure is classified
        out = J.classify_error(exc)
        out["outcome"] = "error" if out["outcome"] == "kql_error" else out["outcome"]
        return out
    try:
        passed, reasons = compare_result(columns, rows, record)
    except Exception as exc:  # noqa: BLE001 - a value compare.py cannot read is a failure
        passed, reasons = False, [f"compare.py could not judge the result: {exc!r}"]
    out = {"outcome": "pass" if passed else "fail", "reasons": reasons}
    if not passed:
        out["actual"] = {"columns": columns, "rows": [[repr(v) for v in r] for r in rows[:20]],
                         "row_count": len(rows)}
    return out


def run_docs(*, family: str | None = None, ids=None, now=J.FIXED_NOW, timeout: float = 10.0,
             show_progress: bool = False) -> dict:
    records = J.read_jsonl(J.DOC_EXAMPLES)
    if family:
        records = [r for r in records if r["family"] == family]
    if ids:
        records = [r for r in records if r["id"] in ids]
    waivers = J.load_waivers(SECTION)
    compare_result = load_compare()
    h, cleanup = J.connect(None, timeout=timeout)
    results = []
    start = time.perf_counter()
    try:
        for i, rec in enumerate(records, 1):
            t = time.perf_counter()
            res = judge_one(h, rec, compare_result, now=now, timeout=timeout)
            res["seconds"] = round(time.perf_counter() - t, 4)
            res.update(id=rec["id"], family=rec["family"], core=is_core(rec),
                       waived=rec["id"] in waivers)
            results.append(res)
            J.progress(i, len(records), start, show_progress)
    finally:
        cleanup()
    return summarise(results, waivers, time.perf_counter() - start)


def _rate(results: list[dict]) -> dict:
    judged = [r for r in results if not r["waived"]]
    passed = sum(r["outcome"] == "pass" for r in judged)
    return {"total": len(results), "judged": len(judged), "passed": passed,
            "waived": len(results) - len(judged), "pass_pct": J.pct(passed, len(judged))}


def summarise(results: list[dict], waivers: dict, seconds: float) -> dict:
    core, every = _rate([r for r in results if r["core"]]), _rate(results)
    families = collections.defaultdict(list)
    for r in results:
        families[r["family"]].append(r)
    per_family = []
    for fam, rs in sorted(families.items(), key=lambda kv: -len(kv[1])):
        counts = collections.Counter(r["outcome"] for r in rs if not r["waived"])
        rate = _rate(rs)
        per_family.append({"family": fam, "total": len(rs), "pass": counts["pass"],
                           "fail": counts["fail"], "error": counts["error"],
                           "hang": counts["hang"], "exception": counts["exception"],
                           "waived": rate["waived"], "pass_pct": rate["pass_pct"]})
    errors = collections.Counter((r.get("code") or r.get("error_class"),
                                  J.message_pattern(r.get("message", "")))
                                 for r in results
                                 if r["outcome"] in ("error", "exception", "hang") and not r["waived"])
    figures = {
        "examples": len(results),
        "core_total": core["judged"], "core_passed": core["passed"],
        "core_pass_pct": core["pass_pct"],
        "all_total": every["judged"], "all_passed": every["passed"],
        "all_pass_pct": every["pass_pct"],
        "waived": every["waived"],
        "other_exceptions": sum(r["outcome"] == "exception" for r in results),
    }
    report = {
        "per_family": per_family,
        "top_errors": [{"code": c, "pattern": p, "count": n} for (c, p), n in errors.most_common(20)],
        "waived": [{"id": r["id"], "outcome": r["outcome"], "reason": waivers[r["id"]]}
                   for r in results if r["waived"]],
        "seconds": round(seconds, 1),
    }
    return {"figures": figures, "report": report, "results": results}


def print_report(run: dict, *, verbose: bool = False) -> None:
    f, rep = run["figures"], run["report"]
    print(f"docs conformance: {f['examples']} examples in {rep['seconds']} s (now() = "
          f"{J.FIXED_NOW.isoformat()})")
    print(f"  core slice : {f['core_passed']}/{f['core_total']} = {f['core_pass_pct']:6.2f} %"
          "   (target >= 90 %)")
    print(f"  all        : {f['all_passed']}/{f['all_total']} = {f['all_pass_pct']:6.2f} %"
          "   (target >= 75 %)")
    waived_pass = sum(w["outcome"] == "pass" for w in rep["waived"])
    print(f"  waived     : {f['waived']} (not in the rates; {waived_pass} of them pass anyway)")
    print(f"  exceptions : {f['other_exceptions']}   (must be 0)")
    print()
    J.print_table([[p["family"], p["total"], p["pass"], p["fail"], p["error"],
                    p["hang"] + p["exception"], p["waived"], f"{p['pass_pct']:.1f}"]
                   for p in rep["per_family"]],
                  ["family", "n", "pass", "fail", "error", "hang/exc", "waived", "pass %"])
    if rep["top_errors"]:
        print("\ntop errors:")
        J.print_table([[e["count"], e["code"], J.one_line(e["pattern"], 100)]
                       for e in rep["top_errors"][:12]], ["count", "code", "message pattern"])
    for w in rep["waived"]:
        print(f"waived {w['id']} ({w['outcome']}): {w['reason']}")
    if verbose:
        for r in run["results"]:
            if r["outcome"] == "pass":
                continue
            print(f"\n--- {r['id']} [{r['outcome']}{', waived' if r['waived'] else ''}]")
            if r["outcome"] == "fail":
                for reason in r["reasons"]:
                    print(f"  {reason}")
                act = r["actual"]
                print(f"  actual columns: {act['columns']} ({act['row_count']} rows)")
                for row in act["rows"][:10]:
                    print(f"    {row}")
            else:
                print(f"  {r.get('error_class', '')} {r.get('code', '')}: {r.get('message', '')}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--family", help="only this family (see the table for names)")
    ap.add_argument("--id", action="append", help="only this example id (repeatable)")
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--json", metavar="OUT", type=Path)
    ap.add_argument("--update-baseline", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="show the diff of failures")
    ap.add_argument("--progress", action="store_true")
    args = ap.parse_args(argv)
    J.cli_setup()
    if J.shared_missing():
        print(J.shared_missing(), file=sys.stderr)
        return 2
    run = run_docs(family=args.family, ids=set(args.id) if args.id else None,
                   timeout=args.timeout, show_progress=args.progress)
    if not run["results"]:
        print("no example matches", file=sys.stderr)
        return 2
    print_report(run, verbose=args.verbose)
    if args.json:
        J.write_json_atomic(args.json, run)
    if args.update_baseline:
        if args.family or args.id:
            print("--update-baseline needs the full run", file=sys.stderr)
            return 2
        J.update_baseline(SECTION, run["figures"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
