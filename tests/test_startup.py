"""Start-up: what `hunt query "print x = 1"` loads (bench/run.py times it; the target is
0.5 s). Checked by what it imports and does, not by the clock, so the test holds on a busy
machine."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent

PROBE = """
import io, json, sys
from hunt import cli
out = io.StringIO()
code = cli.main(sys.argv[1:], out=out, err=sys.stderr)
print(json.dumps({"code": code, "out": out.getvalue(),
                  "modules": sorted(m for m in ("pandas", "pyarrow.compute", "hunt.store.ingest",
                                                "hunt.store.demo", "hunt.detect.command")
                                    if m in sys.modules)}))
"""


def probe(*argv: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True,
                          cwd=str(ROOT), timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_hunt_query_loads_only_what_a_query_needs(tmp_path):
    got = probe("--data", str(tmp_path), "query", "print x = 1")
    assert got["code"] == 0 and "1 row" in got["out"]
    # no pandas (Result.rows), no pyarrow.compute, no parsers of the other commands
    assert got["modules"] == []


def test_other_commands_still_parse(tmp_path):
    got = probe("--data", str(tmp_path), "store", "stats")
    assert got["code"] == 0
    assert "hunt.store.ingest" in got["modules"]


def test_a_session_creates_sql_functions_only_when_called(tmp_path):
    code = f"""
import hunt
h = hunt.connect({str(tmp_path)!r})
h.query("print x = 1")
con = h._session.con
def kql():
    return {{r[0] for r in con.execute("SELECT function_name FROM duckdb_functions() "
                                        "WHERE function_name LIKE 'kql%'").fetchall()}}
before = kql()
h.query("print p = parse_json('[1]')")
print(len(before), len(kql()) > 0)
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=str(ROOT), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["0", "True"]
