#!/usr/bin/env python3
"""Compare the result schema hunt infers (column names, order, types) with the one Microsoft's
KQL analyzer infers, over the shared corpus of real hunting queries.

    python scripts/oracle_schemas.py                   # figures + top mismatch patterns
    python scripts/oracle_schemas.py -v                # every mismatch
    python scripts/oracle_schemas.py --id 42c0f216ac37bde6 -v

The analyzer (../shared/tools/kql-oracle) is installed into .oracle/ (git-ignored): its
package.json and package-lock.json are copied there and `npm ci` runs once. Its answers are
cached in .oracle/cache/, keyed by a hash of everything they depend on (oracle.js, the lock
file, the schema, the queries, the options).

Judged: the queries that hunt compiles without error and the oracle accepts (`ok: true`)
with a closed table result (`result_kind: table`, not `open`). Agreement means the same
column names, in the same order, with the same types.

TimeGenerated: hunt reads `TimeGenerated` as `Timestamp` on tables that have no column of
that name (Sentinel-style queries); Microsoft's analyzer knows no such column. Queries that
mention TimeGenerated are therefore analysed with a schema in which every table with
Timestamp but no TimeGenerated also has TimeGenerated (datetime) as its last column; the
other queries get the schema as it is, so a wildcard (`*`, `take`, `join`) adds no alias
column to them. Two results then agree "via the alias" when they differ only in that
column: names compared with TimeGenerated read as Timestamp on both sides, and an oracle
alias column (or its join copy TimeGenerated1) that only a wildcard carried along dropped.
Such agreements are counted apart (`agree_via_alias`).
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import judgelib as J  # noqa: E402

SECTION = "oracle"
ORACLE_HOME = J.ROOT / ".oracle"
ALIAS, ALIASED = "TimeGenerated", "Timestamp"
PACKAGE = "@kusto/language-service-next"


class OracleUnavailable(RuntimeError):
    pass


# ---- installing and running the oracle -----------------------------------------------------

def oracle_missing() -> str | None:
    """Why the oracle cannot run here, or None."""
    if J.shared_missing():
        return J.shared_missing()
    if not shutil.which("node"):
        return "node is not installed (the KQL oracle needs Node.js 18+)"
    if not (ORACLE_HOME / "node_modules" / PACKAGE).is_dir() and not shutil.which("npm"):
        return "npm is not installed and .oracle/node_modules is missing"
    return None


def ensure_oracle() -> None:
    """Install the analyzer into .oracle/ (npm ci) unless the pinned version is there."""
    why = oracle_missing()
    if why:
        raise OracleUnavailable(why)
    ORACLE_HOME.mkdir(exist_ok=True)
    lock = (J.ORACLE_DIR / "package-lock.json").read_bytes()
    installed = ORACLE_HOME / "node_modules" / PACKAGE
    if installed.is_dir() and (ORACLE_HOME / "package-lock.json").is_file() \
            and (ORACLE_HOME / "package-lock.json").read_bytes() == lock:
        return
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(J.ORACLE_DIR / name, ORACLE_HOME / name)
    print("installing the KQL oracle into .oracle/ (npm ci) ...", file=sys.stderr)
    proc = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ORACLE_HOME,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise OracleUnavailable(f"npm ci failed in .oracle/: {proc.stderr.strip()[-800:]}")


def oracle_schema(alias: bool) -> dict:
    """The advanced-hunting tables as the oracle reads them; with `alias`, TimeGenerated is
    added to every table that has Timestamp but no TimeGenerated."""
    from hunt.semantic.catalog import load_default_catalog
    tables = {}
    for t in load_default_catalog().tables():
        cols = [{"name": c.name, "type": c.type} for c in t.columns]
        names = {c.name for c in t.columns}
        if alias and ALIASED in names and ALIAS not in names:
            cols.append({"name": ALIAS, "type": "datetime"})
        tables[t.name] = {"columns": cols}
    return {"tables": tables}


def uses_alias(query: str) -> bool:
    return ALIAS in query


def run_oracle(queries: list[dict], *, jobs: int = 2, refresh: bool = False) -> dict[str, dict]:
    """The oracle's answer per query id: queries that mention TimeGenerated are analysed with
    the alias schema, the others with the plain one (so `*` adds no alias column to them)."""
    answers = {}
    for alias in (False, True):
        part = [q for q in queries if uses_alias(q["query"]) == alias]
        if part:
            answers.update(_run_oracle(part, oracle_schema(alias), jobs=jobs, refresh=refresh))
    return answers


def _run_oracle(queries: list[dict], schema_doc: dict, *, jobs: int,
                refresh: bool) -> dict[str, dict]:
    ensure_oracle()
    schema = json.dumps(schema_doc, sort_keys=True)
    lines = "".join(json.dumps({"id": q["id"], "query": q["query"]}) + "\n" for q in queries)
    options = ["--no-timing", "--quiet", "--jobs", str(jobs)]
    key = hashlib.sha256()
    for part in ((J.ORACLE_DIR / "oracle.js").read_bytes(),
                 (J.ORACLE_DIR / "package-lock.json").read_bytes(),
                 schema.encode(), lines.encode(), " ".join(options[:2]).encode()):
        key.update(hashlib.sha256(part).digest())
    name = key.hexdigest()[:24]
    cache = ORACLE_HOME / "cache" / f"{name}.jsonl"
    if refresh or not cache.is_file():
        schema_file = ORACLE_HOME / "cache" / f"schema-{name}.json"
        schema_file.parent.mkdir(parents=True, exist_ok=True)
        schema_file.write_text(schema, encoding="utf-8")
        env = dict(os.environ, NODE_PATH=str(ORACLE_HOME / "node_modules"))
        proc = subprocess.run(["node", str(J.ORACLE_DIR / "oracle.js"), "--schema",
                               str(schema_file), *options], input=lines, env=env,
                              capture_output=True, text=True)
        if proc.returncode not in (0, 1) or not proc.stdout.strip():
            raise OracleUnavailable(f"oracle failed (exit {proc.returncode}): "
                                    f"{proc.stderr.strip()[-800:]}")
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(proc.stdout, encoding="utf-8")
        tmp.replace(cache)
    _prune_cache(keep=20)
    answers = {}
    for line in cache.read_text(encoding="utf-8").splitlines():
        if line.strip():
            a = json.loads(line)
            answers[a["id"]] = a
    return answers


def _prune_cache(keep: int) -> None:
    """Keep the most recently used answer sets (and their schema files) only."""
    files = sorted((ORACLE_HOME / "cache").glob("*.jsonl"), key=lambda p: p.stat().st_mtime,
                   reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)
        (old.parent / f"schema-{old.stem}.json").unlink(missing_ok=True)


# ---- comparing -----------------------------------------------------------------------------

def _norm(cols: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(n.replace(ALIAS, ALIASED), t) for n, t in cols]


_ALIAS_COPY = re.compile(ALIAS + r"\d*")


def agreement(hunt_cols: list[tuple[str, str]], oracle_cols: list[tuple[str, str]]) -> str | None:
    """"exact"; "alias" (equal once TimeGenerated is read as Timestamp and the alias
    columns a wildcard or a join carried along are dropped); or None."""
    if hunt_cols == oracle_cols:
        return "exact"
    hunt_names = {n for n, _ in hunt_cols}
    carried = [c for c in oracle_cols
               if not (_ALIAS_COPY.fullmatch(c[0]) and c[0] not in hunt_names)]
    if carried == hunt_cols:
        return "alias"
    h, o = _norm(hunt_cols), _norm(oracle_cols)
    if h == o:
        return "alias"
    # the oracle lists both Timestamp and its alias where hunt has one column: either may be
    # the one hunt kept (`project-reorder TimeGenerated, ...` moves it to the front)
    extra = sum(n == ALIASED for n, _ in o) - sum(n == ALIASED for n, _ in h)
    if extra > 0:
        spots = [i for i, (n, _) in enumerate(o) if n == ALIASED]
        for drop in itertools.combinations(spots, extra):
            if [c for i, c in enumerate(o) if i not in drop] == h:
                return "alias"
    return None


_DIGITS = re.compile(r"\d+")


def mismatch_pattern(hunt_cols, oracle_cols) -> tuple[str, str]:
    """(pattern, detail): a pattern counts alike mismatches, the detail shows this one."""
    h, o = _norm(hunt_cols), _norm(oracle_cols)
    hn, on = [n for n, _ in h], [n for n, _ in o]
    if hn == on:
        diffs = [(n, ot, ht) for (n, ht), (_, ot) in zip(h, o) if ht != ot]
        n, ot, ht = diffs[0]
        return f"type: oracle {ot}, hunt {ht}", f"{n}: oracle {ot}, hunt {ht}" + \
            (f" (+{len(diffs) - 1} more)" if len(diffs) > 1 else "")
    if sorted(hn) == sorted(on):
        return "order of columns", f"oracle {on[:8]} vs hunt {hn[:8]}"
    only_o = [n for n in on if n not in hn]
    only_h = [n for n in hn if n not in on]
    if len(only_o) == len(only_h) == 1:
        a, b = only_o[0], only_h[0]
        return (f"name: oracle {_DIGITS.sub('N', a)!r}, hunt {_DIGITS.sub('N', b)!r}",
                f"oracle {a!r}, hunt {b!r}")
    detail = f"oracle-only {only_o[:6]}, hunt-only {only_h[:6]}"
    if only_o and not only_h:
        if len(only_o) <= 2:
            return "hunt lacks " + ", ".join(repr(_DIGITS.sub("N", n)) for n in only_o), detail
        return "hunt lacks columns", detail
    if only_h and not only_o:
        if len(only_h) <= 2:
            return "hunt adds " + ", ".join(repr(_DIGITS.sub("N", n)) for n in only_h), detail
        return "hunt adds columns", detail
    return "different column names", detail


def hunt_schemas(queries: list[dict]) -> dict[str, dict]:
    """hunt's compile result per query id: {"columns": [(name, type)]} or {"error": ...}."""
    import hunt
    h, cleanup = J.connect(None)
    out = {}
    try:
        for q in queries:
            try:
                with J.watchdog(60):
                    compiled = h.compile(q["query"])
                out[q["id"]] = {"columns": [(c.name, c.type) for c in compiled.last.columns]}
            except hunt.KqlError as exc:
                out[q["id"]] = {"error": f"{exc.code}: {J.one_line(exc.message)}"}
            except (Exception, J.Hang) as exc:  # noqa: BLE001 - a crash is a finding too
                out[q["id"]] = {"error": f"{type(exc).__name__}: {J.one_line(str(exc))}",
                                "exception": True}
    finally:
        cleanup()
    return out


def run_compare(*, ids=None, jobs: int = 2, refresh: bool = False) -> dict:
    queries = J.read_jsonl(J.CORPUS)
    start = time.perf_counter()
    answers = run_oracle(queries, jobs=jobs, refresh=refresh)  # whole corpus: one cache entry
    oracle_seconds = time.perf_counter() - start
    if ids:
        queries = [q for q in queries if q["id"] in ids]
    hunt_out = hunt_schemas(queries)
    waivers = J.load_waivers(SECTION)
    results = []
    for q in queries:
        a, hres = answers.get(q["id"], {}), hunt_out[q["id"]]
        r = {"id": q["id"], "waived": q["id"] in waivers,
             "hunt_ok": "columns" in hres, "oracle_ok": bool(a.get("ok"))}
        if not (r["hunt_ok"] and r["oracle_ok"]):
            r["status"] = "not accepted by both"
            r["hunt_error"] = hres.get("error")
        elif a.get("result_kind") != "table" or a.get("open") or a.get("columns") is None \
                or any(c["type"] in ("unknown", "error") for c in a["columns"]):
            # data-dependent columns (bag_unpack, pivot): the oracle cannot know them either
            r["status"] = "not comparable"
            r["why"] = "open schema" if a.get("open") or a.get("columns") else \
                f"result_kind {a.get('result_kind')}"
        else:
            hc = [tuple(c) for c in hres["columns"]]
            oc = [(c["name"], c["type"]) for c in a["columns"]]
            verdict = agreement(hc, oc)
            if verdict:
                r["status"] = "agree" if verdict == "exact" else "agree_via_alias"
            else:
                r["status"] = "mismatch"
                r["pattern"], r["detail"] = mismatch_pattern(hc, oc)
                r["hunt"], r["oracle"] = hc, oc
        results.append(r)
    return summarise(results, waivers, time.perf_counter() - start, oracle_seconds,
                     hunt_out)


def summarise(results, waivers, seconds, oracle_seconds, hunt_out) -> dict:
    compared = [r for r in results if r["status"] in ("agree", "agree_via_alias", "mismatch")]
    judged = [r for r in compared if not r["waived"]]
    agree = sum(r["status"] != "mismatch" for r in judged)
    status = collections.Counter(r["status"] for r in results)
    patterns = collections.Counter(r["pattern"] for r in judged if r["status"] == "mismatch")
    example = {}
    for r in judged:
        if r["status"] == "mismatch":
            example.setdefault(r["pattern"], (r["id"], r["detail"]))
    figures = {
        "queries": len(results),
        "hunt_compiles": sum(r["hunt_ok"] for r in results),
        "oracle_ok": sum(r["oracle_ok"] for r in results),
        "compared": len(judged),
        "agree": agree,
        "agree_via_alias": sum(r["status"] == "agree_via_alias" for r in judged),
        "agreement_pct": J.pct(agree, len(judged)),
        "not_comparable": status["not comparable"],
        "waived": len(compared) - len(judged),
        "hunt_exceptions": sum(bool(v.get("exception")) for v in hunt_out.values()),
    }
    report = {
        "top_patterns": [{"pattern": p, "count": n, "example_id": example[p][0],
                          "example": example[p][1]} for p, n in patterns.most_common(25)],
        "waived": [{"id": r["id"], "status": r["status"], "reason": waivers[r["id"]]}
                   for r in results if r["waived"]],
        "seconds": round(seconds, 1), "oracle_seconds": round(oracle_seconds, 1),
    }
    return {"figures": figures, "report": report, "results": results}


def print_report(run: dict, *, verbose: bool = False) -> None:
    f, rep = run["figures"], run["report"]
    print(f"oracle schemas: {f['queries']} corpus queries in {rep['seconds']} s "
          f"(oracle {rep['oracle_seconds']} s)")
    print(f"  hunt compiles     : {f['hunt_compiles']}")
    print(f"  oracle ok         : {f['oracle_ok']}")
    print(f"  compared (both ok): {f['compared']}   (+{f['not_comparable']} not comparable: "
          "open schema or not a table)")
    print(f"  agreement         : {f['agree']}/{f['compared']} = {f['agreement_pct']:6.2f} %"
          f"   (target >= 97 %; {f['agree_via_alias']} via the TimeGenerated alias)")
    print(f"  waived            : {f['waived']}")
    print(f"  hunt exceptions   : {f['hunt_exceptions']}   (must be 0)")
    if rep["top_patterns"]:
        print("\ntop mismatch patterns:")
        J.print_table([[p["count"], J.one_line(p["pattern"], 60), p["example_id"],
                        J.one_line(p["example"], 70)] for p in rep["top_patterns"][:15]],
                      ["count", "pattern", "example", "detail"])
    for w in rep["waived"]:
        print(f"waived {w['id']} ({w['status']}): {w['reason']}")
    if verbose:
        for r in run["results"]:
            if r["status"] == "mismatch":
                print(f"\n--- {r['id']}: {r['pattern']}")
                print(f"  oracle: {r['oracle']}")
                print(f"  hunt  : {r['hunt']}")
            elif r["status"] == "not accepted by both" and r.get("hunt_error") and r["oracle_ok"]:
                print(f"\n--- {r['id']}: oracle ok, hunt: {r['hunt_error']}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--id", action="append", help="only this query id (repeatable)")
    ap.add_argument("--jobs", type=int, default=2, help="oracle worker threads")
    ap.add_argument("--refresh", action="store_true", help="ignore the oracle cache")
    ap.add_argument("--json", metavar="OUT", type=Path)
    ap.add_argument("--update-baseline", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    J.cli_setup()
    try:
        run = run_compare(ids=set(args.id) if args.id else None, jobs=args.jobs,
                          refresh=args.refresh)
    except OracleUnavailable as exc:
        print(f"oracle unavailable: {exc}", file=sys.stderr)
        return 2
    print_report(run, verbose=args.verbose)
    if args.json:
        J.write_json_atomic(args.json, run)
    if args.update_baseline:
        if args.id:
            print("--update-baseline needs the full run", file=sys.stderr)
            return 2
        J.update_baseline(SECTION, run["figures"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
