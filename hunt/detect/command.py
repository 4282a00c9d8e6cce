"""`hunt detect ...`: custom detections from the command line (a thin layer over
hunt.detect).

    hunt detect validate [PATH...]            check rule files (all problems, with lines)
    hunt detect run [RULE...] [--at TIME]     run the rules that are due (named: run now)
    hunt detect serve [--interval S]          keep running them on schedule
    hunt detect test RULE [--from T --to T]   the alerts a rule would raise, writing nothing
    hunt detect test --all                    every rule's unit tests
    hunt detect list                          rules, last run, status, next run, alerts
    hunt detect history [RULE]                past runs

Common: --rules DIR (user rules; default <data>/queries/detections; repeatable), --no-builtin.
Exit codes: 0 ok, 1 a usage problem, 2 invalid rules / failed tests / failed runs.
"""
from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_USAGE, EXIT_FAILED = 0, 1, 2


def add_parser(sub, common) -> argparse.ArgumentParser:
    """Register `detect` and its sub-commands (`common` adds --data/--debug)."""
    p = sub.add_parser("detect", help="custom detections: validate, test, run and schedule "
                                      "rules that raise alerts")
    dsub = p.add_subparsers(dest="detect_command", metavar="<subcommand>")

    def rules_options(q):
        q.add_argument("--rules", action="append", metavar="DIR", default=None,
                       help="a directory (or file) of user rules (default "
                            "<data>/queries/detections; repeatable)")
        q.add_argument("--no-builtin", action="store_true",
                       help="leave out the built-in library (queries/detections)")
        common(q, top=False)

    v = dsub.add_parser("validate", help="check rule files against the schema")
    v.add_argument("paths", nargs="*", metavar="PATH",
                   help="rule files or directories (default: every rule in use)")
    v.add_argument("--format", choices=("text", "json"), default="text")
    rules_options(v)

    r = dsub.add_parser("run", help="run the rules that are due, once")
    r.add_argument("rule_ids", nargs="*", metavar="RULE",
                   help="run only these rules, now, even when not due")
    r.add_argument("--at", metavar="TIME", help="the run time (default now), ISO 8601 UTC")
    r.add_argument("--no-actions", action="store_true", help="raise alerts without running "
                   "the rules' actions")
    r.add_argument("--timeout", type=float, default=300.0, metavar="S",
                   help="per-rule query timeout (default 300 s)")
    rules_options(r)

    s = dsub.add_parser("serve", help="run rules on schedule until stopped (SIGINT/SIGTERM)")
    s.add_argument("--interval", type=float, default=30.0, metavar="S",
                   help="seconds between checks for due rules and newly arrived events "
                        "(default 30)")
    s.add_argument("--no-actions", action="store_true")
    s.add_argument("--timeout", type=float, default=300.0, metavar="S")
    rules_options(s)

    t = dsub.add_parser("test", help="show a rule's alerts without writing; --all: unit tests")
    t.add_argument("rule_ids", nargs="*", metavar="RULE", help="rule ids or rule files")
    t.add_argument("--all", action="store_true", help="run every rule's unit tests")
    t.add_argument("--from", dest="start", metavar="TIME", help="window start (default: 30 days "
                   "before --to, as a rule's first run)")
    t.add_argument("--to", dest="end", metavar="TIME", help="window end (default now)")
    t.add_argument("--unit", action="store_true", help="run the named rules' unit tests")
    rules_options(t)

    ls = dsub.add_parser("list", help="rules with their last run, status and next run")
    rules_options(ls)

    h = dsub.add_parser("history", help="past runs (window, rows, alerts, status, error)")
    h.add_argument("rule_id", nargs="?", metavar="RULE")
    h.add_argument("--limit", type=int, default=50, metavar="N")
    rules_options(h)
    p.set_defaults(_detect_parser=p)
    return p


def run(args, out, err) -> int:
    from hunt.detect import cli_impl
    sub = getattr(args, "detect_command", None)
    if sub is None:
        args._detect_parser.print_help(out)
        return EXIT_OK
    return getattr(cli_impl, "cmd_" + sub)(args, out, err)


if __name__ == "__main__":      # pragma: no cover
    sys.exit(1)
