"""Parse-time figures over the real hunting-query corpus.

    python bench/parse_speed.py [--repeat N]

Prints start-up (import + first parse) and the median / p90 / p99 / max time of `parse` per
query (best of N runs for each query, to damp scheduler noise).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "hunting_queries.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()
    if not args.corpus.is_file():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    t0 = time.perf_counter()
    from hunt.syntax import parse
    from hunt.errors import KqlSyntaxError
    parse("T | take 1")
    startup = time.perf_counter() - t0

    queries = [json.loads(line)["query"] for line in args.corpus.open(encoding="utf-8")]
    times = []
    failed = 0
    for q in queries:
        best = None
        for _ in range(args.repeat):
            t = time.perf_counter()
            try:
                parse(q)
            except KqlSyntaxError:
                pass
            dt = time.perf_counter() - t
            best = dt if best is None else min(best, dt)
        times.append(best * 1000)
    for q in queries:
        try:
            parse(q)
        except KqlSyntaxError:
            failed += 1
    times.sort()

    def pct(p):
        return times[min(len(times) - 1, int(round(p / 100 * (len(times) - 1))))]

    print(f"queries: {len(queries)} (syntax errors: {failed})")
    print(f"start-up (import + first parse): {startup * 1000:.1f} ms")
    print(f"parse ms  median {statistics.median(times):.3f}  p90 {pct(90):.3f}  "
          f"p99 {pct(99):.3f}  max {times[-1]:.3f}  total {sum(times):.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
