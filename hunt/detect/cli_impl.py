"""The `hunt detect` sub-commands: argument handling and text output over hunt.detect."""
from __future__ import annotations

import json
from pathlib import Path

from hunt.detect.command import EXIT_FAILED, EXIT_OK


def _data(args) -> Path:
    from hunt.api import default_data_dir
    return Path(args.data).expanduser() if getattr(args, "data", None) else default_data_dir()


def _detector(args, **kw):
    from hunt.detect.runner import Detector
    return Detector(_data(args), args.rules, builtin=not args.no_builtin, **kw)


def _usage(exc):
    from hunt.cli import UsageError
    return UsageError(str(exc), getattr(exc, "hint", ""))


def _fmt_time(v) -> str:
    from hunt.engine.display import datetime_text
    return datetime_text(v) if v is not None else ""


def _table(columns, rows, out) -> None:
    from hunt.cli import _terminal_width
    from hunt.engine.display import render_table
    out.write(render_table(columns, ["string"] * len(columns),
                           [tuple("" if v is None else str(v) for v in r) for r in rows],
                           width=_terminal_width()) + "\n")


def cmd_validate(args, out, err) -> int:
    from hunt.detect import library
    from hunt.detect.validate import validate
    from hunt.semantic.catalog import load_default_catalog
    if args.paths:
        missing = [p for p in args.paths if not Path(p).exists()]
        if missing:
            from hunt.cli import UsageError
            raise UsageError(f"no such file or directory: {missing[0]}",
                             "give rule files (*.yaml) or directories of them")
        paths = [Path(p) for p in args.paths]
    else:
        paths = library.sources(_data(args), args.rules, not args.no_builtin)
    checked, problems = validate(paths, load_default_catalog())
    if args.format == "json":
        out.write(json.dumps({"rules": len(checked), "problems": [p.as_dict()
                                                                  for p in problems]},
                             indent=2) + "\n")
    else:
        for p in problems:
            err.write(p.render() + "\n\n")
        bad = len({p.path for p in problems})
        n = len(checked)
        if problems:
            err.write(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {bad} "
                      f"file{'s' if bad != 1 else ''}; {n} rule{'s' if n != 1 else ''} "
                      "read\n")
        else:
            out.write(f"{n} rule{'s' if n != 1 else ''} valid\n")
    return EXIT_FAILED if problems else EXIT_OK


def _report_problems(det, err) -> None:
    for p in det.problems:
        err.write(f"skipped: {p.where}: {p.message}\n")


def cmd_run(args, out, err) -> int:
    from hunt.detect.runner import DetectError
    from hunt.detect.state import StateBusy
    det = _detector(args, timeout=args.timeout, actions=not args.no_actions,
                    log=lambda m: None)
    try:
        with det:
            reports = det.run(args.rule_ids or None, at=args.at)
    except (DetectError, StateBusy) as exc:
        raise _usage(exc) from None
    _report_problems(det, err)
    for r in reports:
        out.write(r.line() + "\n")
    if not reports:
        out.write("no rule is due\n")
    failed = [r for r in reports if r.status != "success"]
    return EXIT_FAILED if failed else EXIT_OK


def cmd_serve(args, out, err) -> int:
    import datetime as _dt

    def log(message: str) -> None:
        stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        out.write(f"{stamp} {message}\n")
        out.flush()

    det = _detector(args, timeout=args.timeout, actions=not args.no_actions, log=log)
    log(f"serving detections for {det.data} (every {args.interval:g}s; Ctrl-C stops)")
    det.serve(interval=args.interval)
    log("stopped")
    return EXIT_OK


def cmd_test(args, out, err) -> int:
    from hunt.detect.runner import DetectError
    det = _detector(args)
    if args.all or args.unit:
        from hunt.detect.testing import run_tests
        checked, problems = det.load()
        if args.rule_ids:
            try:
                checked = det._select(checked, args.rule_ids)
            except DetectError as exc:
                raise _usage(exc) from None
        results = run_tests(checked, det.catalog)
        if not args.rule_ids:       # a rule file that cannot be read fails too
            from hunt.detect.testing import CaseResult
            read = {str(c.rule.path) for c in checked}
            for p in problems:
                if p.path not in read:
                    results.append(CaseResult(p.path, "(rule file)", False, p.message, p.path,
                                              p.line))
        failed = [r for r in results if not r.passed]
        for r in failed:
            where = f"{r.path}:{r.line}" if r.line else r.path
            err.write(f"FAIL {r.rule_id} / {r.name}: {r.detail}\n  --> {where}\n")
        rules = len({r.rule_id for r in results})
        out.write(f"{len(results) - len(failed)} of {len(results)} rule tests passed "
                  f"({rules} rules)\n")
        return EXIT_FAILED if failed else EXIT_OK
    if len(args.rule_ids) != 1:
        from hunt.cli import UsageError
        raise UsageError("name one rule to test (or --all for every rule's unit tests)",
                         "hunt detect test RULE [--from TIME] [--to TIME]")
    try:
        with det:
            c, plan, (start, end) = det.test(args.rule_ids[0], args.start, args.end)
    except DetectError as exc:
        raise _usage(exc) from None
    rows = [(a["Timestamp"], a["Severity"], a["Title"], a["EventCount"],
             ", ".join(f"{e['EntityType']}:{next((str(v) for k, v in e.items() if k not in ('EntityType', 'EvidenceRole')), '')}"
                       for e in a["Entities"]))
            for a in plan.alerts]
    _table(["Timestamp", "Severity", "Title", "Events", "Entities"], rows, out)
    out.write(f"{c.rule.id}: {len(plan.alerts)} alert{'s' if len(plan.alerts) != 1 else ''} "
              f"from {plan.rows} rows in [{_fmt_time(start)} .. {_fmt_time(end)})"
              + (f"; {plan.suppressed} events over max_alerts_per_run" if plan.suppressed
                 else "") + " (nothing written)\n")
    return EXIT_OK


def cmd_list(args, out, err) -> int:
    det = _detector(args)
    rows = det.status()
    _table(["Rule", "Enabled", "Frequency", "Severity", "Last run", "Status", "Next run",
            "Alerts"],
           [(r["rule"], "yes" if r["enabled"] else "no", r["frequency"], r["severity"],
             _fmt_time(r["last_run"]), r["status"], _fmt_time(r["next_run"]) if
             r["frequency"] != "continuous" else "on arrival", r["alerts"]) for r in rows],
           out)
    _report_problems(det, err)
    return EXIT_OK


def cmd_history(args, out, err) -> int:
    det = _detector(args)
    rows = det.history(args.rule_id, args.limit)
    _table(["Run", "Rule", "At", "Window", "Status", "Rows", "Alerts", "Seconds", "Error"],
           [(r["run_id"], r["rule_id"], _fmt_time(r["scheduled"]),
             f"{_fmt_time(r['window_start']) or '…'} .. {_fmt_time(r['window_end'])}"
             + (f" ({r['files']} files)" if r["files"] is not None else ""),
             r["status"] + (f" ({r['note']})" if r["note"] else ""), r["rows"] or 0,
             r["alerts"] or 0, f"{r['duration']:.2f}" if r["duration"] is not None else "",
             r["error"] or "") for r in rows], out)
    return EXIT_OK
