#!/usr/bin/env python3
"""Show a workload query side by side: its KQL, the SQL hunt generates, the floor SQL, and the
latest figures recorded by `bench/run.py --write` (bench/results/<scale>.json).

    python bench/explain.py mvexpand_ips                # every query: python bench/explain.py
    python bench/explain.py mvexpand_ips --data bench/data-10m --short

--short elides the long column lists of the generated SQL (`<N columns>`).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

import workload as W  # noqa: E402
from run import END, RESULTS, SCALES  # noqa: E402

_COLS = re.compile(r'((?:"[A-Za-z0-9_]+"|NULL::[A-Z]+|\'\')(?: AS "[A-Za-z0-9_]+")?, ){6,}'
                   r'(?:"[A-Za-z0-9_]+"|NULL::[A-Z]+|\'\')(?: AS "[A-Za-z0-9_]+")?')


def shorten(sql: str) -> str:
    return _COLS.sub(lambda m: f"<{m.group(0).count(', ') + 1} columns>", sql)


def figures(name: str) -> list[str]:
    out = []
    for scale in SCALES:
        f = RESULTS / f"{scale}.json"
        if not f.is_file():
            continue
        run = json.loads(f.read_text())
        r = next((r for r in run["results"] if r["name"] == name), None)
        if r is None:
            continue
        def ratio(key):
            return f"{r[key]:.2f}" if r.get(key) else "--"
        out.append(f"{scale}: hunt/floor {ratio('hunt_floor')} (cpu {ratio('hunt_floor_cpu')}), "
                   f"hunt/peer {ratio('hunt_peer')}, rows {r.get('rows')}, "
                   f"check {r['hunt'].get('check')} (commit {run['commit']})")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="query names (default: all)")
    ap.add_argument("--data", type=Path, help="data directory (views only; default none)")
    ap.add_argument("--short", action="store_true", help="elide long column lists")
    args = ap.parse_args(argv)
    import hunt
    unknown = [n for n in args.names if n not in W.BY_NAME]
    if unknown:
        ap.error(f"unknown queries: {', '.join(unknown)}")
    h = hunt.connect(args.data) if args.data else hunt.connect(BENCH)
    for name in args.names or [q.name for q in W.QUERIES]:
        q = W.BY_NAME[name]
        sql = h.explain(q.kql, now=W.now_iso(END))
        print(f"==== {name}: {q.features}")
        for line in figures(name):
            print(f"  {line}")
        print("-- KQL\n" + q.kql)
        print("-- hunt SQL\n" + (shorten(sql) if args.short else sql))
        print("-- floor SQL\n" + W.sql_of(q, END) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
