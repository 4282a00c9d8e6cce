"""A rule's actions on each new alert, off unless the rule lists them:

    webhook   POST the alert JSON to a URL (Content-Type: application/json, optional headers)
    jsonl     append the alert JSON as one line to a file (relative paths: the data directory)
    command   run a program (argument list, no shell) with the alert JSON on standard input

Actions run after the alert is committed, from the state database's outbox, so a crash between
commit and delivery retries them on the next cycle (at least once); a failing action is
retried up to MAX_ATTEMPTS times and never blocks the alerts.
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

MAX_ATTEMPTS = 3


class ActionError(Exception):
    pass


def perform(action, alert: dict, data: Path) -> None:
    body = json.dumps(alert, ensure_ascii=False)
    if action.kind == "webhook":
        _webhook(action, body)
    elif action.kind == "jsonl":
        path = Path(action.target).expanduser()
        if not path.is_absolute():
            path = Path(data) / path
        path.parent.mkdir(parents=True, exist_ok=True)
        # one write() of a whole line on an O_APPEND descriptor: lines never interleave
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, (body + "\n").encode("utf-8"))
        finally:
            os.close(fd)
    elif action.kind == "command":
        try:
            done = subprocess.run(list(action.target), input=body.encode("utf-8"),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  timeout=action.timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ActionError(f"command {action.target[0]!r}: {exc}") from None
        if done.returncode != 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
            raise ActionError(f"command {action.target[0]!r} exited with {done.returncode}"
                              + (f": {tail[0]}" if tail else ""))
    else:
        raise ActionError(f"unknown action {action.kind!r}")


def _webhook(action, body: str) -> None:
    import urllib.error
    import urllib.request
    headers = {"Content-Type": "application/json", "User-Agent": "hunt-detect"}
    headers.update(dict(action.headers))
    req = urllib.request.Request(action.target, data=body.encode("utf-8"), headers=headers,
                                 method="POST")
    try:
        with urllib.request.urlopen(req, timeout=action.timeout) as resp:
            resp.read()
    except urllib.error.HTTPError as exc:
        raise ActionError(f"webhook {action.target}: HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise ActionError(f"webhook {action.target}: {getattr(exc, 'reason', exc)}") from None
