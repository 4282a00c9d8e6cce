#!/usr/bin/env python3
"""How long hunt takes to turn KQL into SQL, over the real hunting queries of the corpus.

    python bench/compile_speed.py                 # eligible corpus queries, best of 3 each
    python bench/compile_speed.py --all --repeat 5 --json out.json

Prints median, p90, p99 and max of `Hunt.compile` (text -> CompiledQuery) and of
`hunt.syntax.parse` (text -> AST) per query, and, measured in a fresh interpreter, the time to
import hunt and to load the grammar (the first parse). Targets: compile median <= 2 ms,
p99 <= 25 ms. Each query's time is the best of --repeat runs (the steady state; the first
run of a process also pays for warming caches).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import judgelib as J  # noqa: E402

TARGETS = {"compile": {"median": 2.0, "p99": 25.0}}

_STARTUP = r"""
import sys, time
t0 = time.perf_counter()
import hunt, hunt.syntax
t1 = time.perf_counter()
hunt.syntax.parse("DeviceProcessEvents | take 1")
t2 = time.perf_counter()
hunt.syntax.parse("DeviceProcessEvents | take 2")
t3 = time.perf_counter()
print((t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000)
"""


def quantile(sorted_ms: list[float], q: float) -> float:
    if not sorted_ms:
        return float("nan")
    i = min(len(sorted_ms) - 1, max(0, int(round(q * (len(sorted_ms) - 1)))))
    return sorted_ms[i]


def stats(ms: list[float]) -> dict:
    s = sorted(ms)
    return {"n": len(s), "median": statistics.median(s) if s else float("nan"),
            "p90": quantile(s, 0.90), "p99": quantile(s, 0.99), "max": s[-1] if s else float("nan")}


def time_each(fn, texts: list[str], repeat: int) -> tuple[list[float], int]:
    """Best-of-`repeat` milliseconds per text for the texts `fn` accepts; and the error count
    (an error is an answer too, but its time says little about compiling)."""
    times, errors = [], 0
    for text in texts:
        best = None
        for _ in range(repeat):
            t = time.perf_counter()
            try:
                fn(text)
            except Exception:  # noqa: BLE001 - KqlError or a crash (corpus_check reports those)
                errors += 1
                best = None
                break
            dt = (time.perf_counter() - t) * 1000
            best = dt if best is None else min(best, dt)
        if best is not None:
            times.append(best)
    return times, errors


def _startup_run(env: dict | None = None) -> list[float] | str:
    proc = subprocess.run([sys.executable, "-c", _STARTUP], capture_output=True, text=True,
                          cwd=str(J.ROOT), env=env)
    if proc.returncode != 0:
        lines = proc.stderr.strip().splitlines()
        return J.one_line(lines[-1] if lines else "failed")
    return [float(x) for x in proc.stdout.split()]


def startup() -> dict:
    """Import and grammar-load times in a fresh interpreter: median of 3 runs with Lark's
    grammar cache warm, and one run with an empty cache directory (a first start)."""
    import os
    import tempfile
    runs = [_startup_run() for _ in range(4)][1:]   # the first run may write the cache
    if any(isinstance(r, str) for r in runs):
        return {"error": next(r for r in runs if isinstance(r, str))}
    imp, first, second = (statistics.median(col) for col in zip(*runs))
    out = {"import_ms": imp, "first_parse_ms": first,
           "grammar_load_ms": max(0.0, first - second)}
    with tempfile.TemporaryDirectory() as empty:
        cold = _startup_run(dict(os.environ, XDG_CACHE_HOME=empty))
    if not isinstance(cold, str):
        out["cold_grammar_load_ms"] = max(0.0, cold[1] - cold[2])
    return out


def run_bench(*, all_queries: bool = False, repeat: int = 3) -> dict:
    import hunt
    import hunt.syntax
    records = J.read_jsonl(J.CORPUS)
    texts = [r["query"] for r in records if all_queries or J.is_eligible(r)]
    h, cleanup = J.connect(None)
    try:
        for text in texts[:20]:  # warm-up: caches, lazy imports
            try:
                h.compile(text)
            except Exception:  # noqa: BLE001
                pass
        def first_compile(text):
            h._compiled = None      # a first run's compile: the compiled-query cache emptied
            return h.compile(text)
        compile_ms, compile_err = time_each(first_compile, texts, repeat)
    finally:
        cleanup()
    parse_ms, parse_err = time_each(hunt.syntax.parse, texts, repeat)
    return {"queries": len(texts), "repeat": repeat,
            "compile": dict(stats(compile_ms), errors=compile_err),
            "parse": dict(stats(parse_ms), errors=parse_err),
            "startup": startup()}


def print_report(res: dict) -> None:
    print(f"compile speed: {res['queries']} corpus queries, best of {res['repeat']} each (ms)")
    rows = []
    for stage in ("compile", "parse"):
        s = res[stage]
        target = TARGETS.get(stage, {})
        rows.append([stage, s["n"], s["errors"], *(f"{s[k]:.2f}" for k in
                                                     ("median", "p90", "p99", "max")),
                     ", ".join(f"{k} <= {v:g}" for k, v in target.items())])
    J.print_table(rows, ["stage", "timed", "errors", "median", "p90", "p99", "max", "target"])
    st = res["startup"]
    if "error" in st:
        print(f"\nstart-up: could not measure ({st['error']})")
    else:
        print(f"\nstart-up (fresh interpreter): import hunt {st['import_ms']:.1f} ms, "
              f"first parse {st['first_parse_ms']:.1f} ms; grammar load "
              f"~{st['grammar_load_ms']:.1f} ms with Lark's cache warm"
              + (f", ~{st['cold_grammar_load_ms']:.0f} ms with an empty cache"
                 if "cold_grammar_load_ms" in st else ""))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--all", action="store_true", help="all 913 queries, not only eligible ones")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", metavar="OUT", type=Path)
    args = ap.parse_args(argv)
    J.cli_setup()
    if J.shared_missing():
        print(J.shared_missing(), file=sys.stderr)
        return 2
    res = run_bench(all_queries=args.all, repeat=max(1, args.repeat))
    print_report(res)
    if args.json:
        J.write_json_atomic(args.json, res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
