"""Run one workload query through duckdb-kql, in the peer's own virtual environment.

    bench/.venv-peer/bin/python bench/peer_worker.py SPEC.json

Started by bench/run.py; imports only duckdb, duckdb_kql and the standard library (never hunt).
SPEC holds: views (CREATE VIEW statements: the same views hunt reads, over the same Parquet
files), settings (memory_limit, threads), kql, now (ISO), warmup, runs, rows_out (a pickle
path for the rows of the last run). Prints one JSON line: times (s), cpu (s), maxrss_kb
(VmHWM), or error.
"""
from __future__ import annotations

import json
import pickle
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from figures import peak_rss_kb  # noqa: E402


def main() -> int:
    spec = json.load(open(sys.argv[1], encoding="utf-8"))
    out = {"engine": "peer"}
    try:
        import duckdb
        import duckdb_kql
        out["version"] = f"duckdb-kql {duckdb_kql.__version__}, duckdb {duckdb.__version__}"
        con = duckdb_kql.connect()
        con.execute("SET TimeZone = 'UTC'")
        for key in ("memory_limit", "threads"):
            if spec["settings"].get(key):
                con.execute(f"SET {key} = '{spec['settings'][key]}'")
        for view in spec["views"]:
            con.execute(view)
    except Exception as exc:  # noqa: BLE001 - reported to the runner
        out["error"] = f"setup: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}"
        print(json.dumps(out))
        return 0

    def once():
        rel = duckdb_kql.kql(con, spec["kql"], query_now=spec["now"])
        return rel.to_arrow_table()

    times, cpu, table = [], [], None
    try:
        for _ in range(spec["warmup"]):
            once()
        start = time.perf_counter()
        while True:
            r = resource.getrusage(resource.RUSAGE_SELF)
            c = r.ru_utime + r.ru_stime
            t = time.perf_counter()
            table = once()
            times.append(time.perf_counter() - t)
            r = resource.getrusage(resource.RUSAGE_SELF)
            cpu.append(r.ru_utime + r.ru_stime - c)
            if len(times) >= spec.get("max_runs", 50) or (
                    len(times) >= spec["runs"]
                    and time.perf_counter() - start >= spec.get("min_time", 0.0) / 2):
                break
    except Exception as exc:  # noqa: BLE001 - unsupported, wrong SQL, ...
        lines = str(exc).strip().splitlines() or [""]
        out["error"] = f"{type(exc).__name__}: {lines[0][:300]}"
    out["times"] = times
    out["cpu"] = cpu
    out["maxrss_kb"] = peak_rss_kb()
    if table is not None:
        rows = list(zip(*[c.to_pylist() for c in table.columns])) if table.num_columns else []
        with open(spec["rows_out"], "wb") as fh:
            pickle.dump(rows, fh)
        out["rows"] = len(rows)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
