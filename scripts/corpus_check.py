#!/usr/bin/env python3
"""Run every real hunting query of the shared corpus through hunt and count what happens.

    python scripts/corpus_check.py                     # all tables empty (a temporary data dir)
    python scripts/corpus_check.py --data ~/hunt-data --timeout 10 --json out.json
    python scripts/corpus_check.py --id daf88607b8d139d6 -v

Each query ends as: rows (returned >= 1 row), empty (ran, no rows), kql_error (a hunt.KqlError,
counted by class and code), hang (the engine's timeout, or the runner's own guard at three
times that), or exception (anything else: a bug, must be zero). The figures are over the
eligible set: `kusto_syntax_ok`, no `other_tables`, no `legacy_tables`, no `externaldata`.
Waivers (tests/judges/waivers.json, section "corpus") are reported apart, never dropped.
"""
from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import judgelib as J  # noqa: E402

SECTION = "corpus"


def run_one(h, record: dict, *, now, timeout: float) -> dict:
    start = time.perf_counter()
    try:
        with J.watchdog(timeout * 3 + 5):
            result = h.query(record["query"], now=now)
            n = len(result.rows)
        out = {"outcome": "rows" if n else "empty", "rows": n}
    except (Exception, J.Hang) as exc:  # noqa: BLE001 - the point is to classify everything
        out = J.classify_error(exc)
    out["seconds"] = round(time.perf_counter() - start, 4)
    return out


def run_corpus(data=None, *, timeout: float = 10.0, now=None, ids=None,
               show_progress: bool = False) -> dict:
    """Run the corpus; returns {"figures": {...}, "results": [...], "report": {...}}."""
    records = J.read_jsonl(J.CORPUS)
    if ids:
        records = [r for r in records if r["id"] in ids]
    waivers = J.load_waivers(SECTION)
    h, cleanup = J.connect(data, timeout=timeout)
    results = []
    start = time.perf_counter()
    try:
        for i, rec in enumerate(records, 1):
            res = run_one(h, rec, now=now, timeout=timeout)
            res.update(id=rec["id"], eligible=J.is_eligible(rec), waived=rec["id"] in waivers)
            results.append(res)
            J.progress(i, len(records), start, show_progress)
    finally:
        cleanup()
    return summarise(results, waivers, time.perf_counter() - start)


def summarise(results: list[dict], waivers: dict, seconds: float) -> dict:
    judged = [r for r in results if r["eligible"] and not r["waived"]]
    outcomes = collections.Counter(r["outcome"] for r in judged)
    ok = outcomes["rows"] + outcomes["empty"]
    by_code = collections.Counter((r.get("error_class"), r.get("code")) for r in judged
                                  if r["outcome"] == "kql_error")
    patterns = collections.Counter((r.get("code") or r.get("error_class"),
                                    J.message_pattern(r.get("message", "")))
                                   for r in judged if r["outcome"] not in ("rows", "empty"))
    examples = {}
    for r in judged:
        if r["outcome"] not in ("rows", "empty"):
            key = (r.get("code") or r.get("error_class"), J.message_pattern(r.get("message", "")))
            examples.setdefault(key, (r["id"], r.get("message", "")))
    all_exceptions = [r for r in results if r["outcome"] == "exception"]
    waived = [r for r in results if r["waived"]]
    figures = {
        "queries": len(results),
        "eligible": len(judged),
        "ok_pct": J.pct(ok, len(judged)),
        "rows_pct": J.pct(outcomes["rows"], len(judged)),
        "kql_errors": outcomes["kql_error"],
        "hangs": outcomes["hang"],
        "other_exceptions": len(all_exceptions),
        "waived": len(waived),
    }
    report = {
        "outcomes": dict(outcomes),
        "errors_by_code": [[f"{cls} {code}", n] for (cls, code), n in by_code.most_common(50)],
        "top_reasons": [{"code": code, "pattern": pat, "count": n, "example_id": examples[(code, pat)][0],
                         "example": examples[(code, pat)][1]}
                        for (code, pat), n in patterns.most_common(25)],
        "exceptions": [{"id": r["id"], "class": r.get("error_class"), "message": r.get("message")}
                       for r in all_exceptions],
        "waived": [{"id": r["id"], "outcome": r["outcome"], "reason": waivers[r["id"]]}
                   for r in waived],
        "seconds": round(seconds, 1),
    }
    return {"figures": figures, "report": report, "results": results}


def print_report(run: dict, *, verbose: bool = False, n_reasons: int = 15) -> None:
    f, rep = run["figures"], run["report"]
    print(f"corpus: {f['queries']} queries, {f['eligible']} eligible (judged) "
          f"in {rep['seconds']} s")
    print(f"  run without error : {f['ok_pct']:6.2f} %   (target >= 95 %)")
    print(f"  returned >= 1 row : {f['rows_pct']:6.2f} %")
    print(f"  KqlError          : {f['kql_errors']}")
    print(f"  hangs             : {f['hangs']}")
    print(f"  other exceptions  : {f['other_exceptions']}   (all {f['queries']} queries; must be 0)")
    print(f"  waived            : {f['waived']}")
    if rep["errors_by_code"]:
        print("\nerrors by class and code:")
        J.print_table(rep["errors_by_code"], ["class code", "count"])
    if rep["top_reasons"]:
        print("\ntop failure reasons (eligible queries):")
        J.print_table([[r["count"], r["code"], J.one_line(r["pattern"], 90), r["example_id"]]
                       for r in rep["top_reasons"][:n_reasons]],
                      ["count", "code", "message pattern", "example"])
    for e in rep["exceptions"][:20]:
        print(f"EXCEPTION {e['id']}: {e['class']}: {e['message']}")
    for w in rep["waived"]:
        print(f"waived {w['id']} ({w['outcome']}): {w['reason']}")
    if verbose:
        for r in run["results"]:
            if r["outcome"] not in ("rows", "empty"):
                print(f"{r['id']} [{r['outcome']}] {r.get('code', '')} {r.get('message', '')}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", help="data directory (default: a temporary empty one)")
    ap.add_argument("--timeout", type=float, default=10.0, help="per-query seconds (engine)")
    ap.add_argument("--now", help="pin now() (ISO 8601; default: judgelib.FIXED_NOW on the "
                                  "empty tables, the real time with --data)")
    ap.add_argument("--id", action="append", help="only this query id (repeatable)")
    ap.add_argument("--json", metavar="OUT", type=Path, help="write figures and report here")
    ap.add_argument("--update-baseline", action="store_true",
                    help="record these figures in tests/judges/baseline.json")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every failing query")
    ap.add_argument("--progress", action="store_true")
    args = ap.parse_args(argv)
    J.cli_setup()
    if J.shared_missing():
        print(J.shared_missing(), file=sys.stderr)
        return 2
    now = J.parse_now(args.now) or (None if args.data else J.FIXED_NOW)
    run = run_corpus(args.data, timeout=args.timeout, now=now,
                     ids=set(args.id) if args.id else None, show_progress=args.progress)
    print_report(run, verbose=args.verbose)
    if args.json:
        J.write_json_atomic(args.json, run)
    if args.update_baseline:
        if args.id or args.data:
            print("--update-baseline needs the default run (all queries, empty data)",
                  file=sys.stderr)
            return 2
        J.update_baseline(SECTION, run["figures"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
