"""What the judges runners share: paths, the shared material, waivers, baseline, the watchdog.

The runners (corpus_check.py, docs_conformance.py, oracle_schemas.py, bench/compile_speed.py)
use hunt only through its public API: `hunt.connect`, `Hunt.query`, `Hunt.compile`.
"""
from __future__ import annotations

import _thread
import datetime as dt
import json
import re
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "hunting_queries.jsonl"
DOC_EXAMPLES = SHARED / "conformance" / "doc_examples.jsonl"
COMPARE_PY = SHARED / "conformance" / "compare.py"
ORACLE_DIR = SHARED / "tools" / "kql-oracle"
JUDGES_DIR = ROOT / "tests" / "judges"
WAIVERS = JUDGES_DIR / "waivers.json"
BASELINE = JUDGES_DIR / "baseline.json"

# One instant for every run, so examples and queries that call now()/ago() are stable.
FIXED_NOW = dt.datetime(2025, 1, 15, 12, 0, 0, tzinfo=dt.timezone.utc)


def cli_setup() -> None:
    """Behave like a Unix tool when the output is cut short (`| head`): stop quietly."""
    import signal
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def shared_missing() -> str | None:
    """Why the shared material cannot be used, or None when it is there."""
    if not SHARED.is_dir():
        return f"shared material not found at {SHARED} (it sits next to the checkout in CI)"
    return None


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_waivers(section: str) -> dict[str, str]:
    if not WAIVERS.is_file():
        return {}
    return dict(json.loads(WAIVERS.read_text(encoding="utf-8")).get(section, {}))


def load_baseline() -> dict:
    if not BASELINE.is_file():
        return {}
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def write_json_atomic(path: Path, doc: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(doc, indent=2, sort_keys=True, default=str) + "\n",
                   encoding="utf-8")
    tmp.replace(path)


def update_baseline(section: str, figures: dict) -> None:
    """Record this run's figures as the level tests/test_judges.py holds the project to."""
    doc = load_baseline()
    doc[section] = figures
    write_json_atomic(BASELINE, doc)
    print(f"baseline updated: {BASELINE.relative_to(ROOT)} [{section}]")


def pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


def parse_now(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def is_eligible(record: dict) -> bool:
    """The corpus queries hunt is judged on: valid for Microsoft's parser, only
    advanced-hunting tables, and no `externaldata` (which needs the network)."""
    return bool(record.get("kusto_syntax_ok")) and not record.get("other_tables") \
        and not record.get("legacy_tables") and "externaldata" not in record["query"].lower()


# ---- the watchdog -------------------------------------------------------------------------

class Hang(Exception):
    """A query overran the runner's own guard (the engine's timeout did not stop it)."""


@contextmanager
def watchdog(seconds: float) -> Iterator[None]:
    """Interrupt the main thread when the block runs over `seconds`.

    The engine's own `timeout` option stops a long DuckDB query; this guard catches what it
    cannot see (a loop in Python code, e.g. the parser or the binder). It uses no signal
    handler of its own, so it cannot disturb one the engine installs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    fired = threading.Event()
    done = threading.Event()

    def guard() -> None:
        if not done.wait(seconds):
            fired.set()
            _thread.interrupt_main()

    t = threading.Thread(target=guard, daemon=True)
    t.start()
    try:
        yield
    except KeyboardInterrupt:
        if fired.is_set():
            raise Hang(f"no answer after {seconds:.0f} s") from None
        raise
    finally:
        done.set()
        t.join()
    if fired.is_set():
        # the block ended just as the guard fired: take the pending interrupt here
        try:
            time.sleep(0.05)
        except KeyboardInterrupt:
            pass
        raise Hang(f"no answer after {seconds:.0f} s")


# ---- outcomes ------------------------------------------------------------------------------

_TIMEOUT_RE = re.compile(r"time[d ]?\s*out|timeout|interrupt", re.I)


def classify_error(exc: BaseException) -> dict:
    """One outcome record for an exception raised by hunt."""
    import hunt
    if isinstance(exc, Hang):
        return {"outcome": "hang", "error_class": "Hang", "message": str(exc)}
    if isinstance(exc, hunt.KqlError):
        kind = "hang" if _TIMEOUT_RE.search(exc.message or "") else "kql_error"
        return {"outcome": kind, "error_class": type(exc).__name__,
                "code": getattr(exc, "code", ""), "message": one_line(exc.message)}
    return {"outcome": "exception", "error_class": type(exc).__name__,
            "message": one_line(f"{exc}")}


def one_line(text: str, width: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[:width - 1] + "…"


_QUOTED_RE = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`")
_NUM_RE = re.compile(r"\b\d+\b")


def message_pattern(message: str) -> str:
    """A message with its particulars (names, numbers) blanked, to count failure reasons."""
    return _NUM_RE.sub("N", _QUOTED_RE.sub("'…'", message or ""))


def column_names(result: Any) -> list[str]:
    """Column names of a hunt Result, whether its columns are names or column objects."""
    return [c if isinstance(c, str) else getattr(c, "name", str(c)) for c in result.columns]


def rows_of(result: Any) -> list[list]:
    return [list(r) for r in result.rows]


def connect(data: str | Path | None = None, **options):
    """A hunt session over `data` (default: an empty temporary directory, all tables empty).
    Returns (session, cleanup)."""
    import tempfile
    import hunt
    tmp = None
    if data is None:
        tmp = tempfile.TemporaryDirectory(prefix="hunt-judges-")
        data = tmp.name
    h = hunt.connect(str(data), **options)

    def cleanup() -> None:
        close = getattr(h, "close", None)
        if callable(close):
            close()
        if tmp is not None:
            tmp.cleanup()
    return h, cleanup


def print_table(rows: Iterable[Iterable[Any]], header: Iterable[str]) -> None:
    rows = [[str(c) for c in r] for r in rows]
    header = [str(h) for h in header]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    fmt = "  ".join("{:<%d}" % w for w in widths)
    print(fmt.format(*header))
    print(fmt.format(*("-" * w for w in widths)))
    for r in rows:
        print(fmt.format(*r))


def progress(i: int, n: int, start: float, enabled: bool) -> None:
    if enabled and (i % 50 == 0 or i == n):
        print(f"  ... {i}/{n} ({time.perf_counter() - start:.0f} s)", file=sys.stderr)
