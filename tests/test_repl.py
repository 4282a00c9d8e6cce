"""The REPL without a terminal: Shell (queries, dot-commands, cancel), output, charts, the
saved-queries library and the first run. The pseudo-terminal test is test_repl_e2e.py."""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import sys
import threading
import _thread
from pathlib import Path

import pytest

from hunt.repl import charts, commands, library
from hunt.repl.output import render_result, too_wide
from hunt.repl.shell import Shell, is_complete

ROOT = Path(__file__).resolve().parents[1]


def make_data(folder: Path, n: int = 300) -> Path:
    """A data directory with one small DeviceProcessEvents partition."""
    import random
    import pyarrow as pa
    from hunt.semantic.catalog import load_default_catalog
    from hunt.store.layout import arrow_schema, write_partition

    table = load_default_catalog().table("DeviceProcessEvents")
    schema = arrow_schema(table)
    rnd = random.Random(1)
    base = dt.datetime(2026, 11, 1)
    values = {
        "Timestamp": [base + dt.timedelta(minutes=7 * i) for i in range(n)],
        "DeviceName": [rnd.choice(["ws-01", "ws-02", "srv-dc1", "laptop-9"]) for _ in range(n)],
        "FileName": [rnd.choice(["powershell.exe", "cmd.exe", "svchost.exe"]) for _ in range(n)],
        "ProcessCommandLine": ["powershell -enc ZQBjAGgAbwA=" if i % 17 == 0 else
                               "cmd /c whoami" for i in range(n)],
        "AccountName": [rnd.choice(["alice", "bob", "svc_sql"]) for _ in range(n)],
        "ProcessId": list(range(1000, 1000 + n)),
    }
    cols = {f.name: pa.array(values.get(f.name, [None] * n), type=f.type) for f in schema}
    folder.mkdir(parents=True, exist_ok=True)
    write_partition(folder, "DeviceProcessEvents", base.date(), pa.table(cols, schema=schema))
    return folder


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return make_data(tmp_path_factory.mktemp("repl") / "data")


class Term:
    def __init__(self, data, monkeypatch):
        monkeypatch.setenv("COLUMNS", "100")
        monkeypatch.setenv("LINES", "40")
        self.out, self.err = io.StringIO(), io.StringIO()
        self.shell = Shell(data, self.out, self.err, color=False)
        self.shell.pager = False

    def __call__(self, text: str) -> tuple[str, str]:
        o, e = self.out.tell(), self.err.tell()
        self.shell.execute(text)
        return self.out.getvalue()[o:], self.err.getvalue()[e:]


@pytest.fixture
def term(data, monkeypatch):
    t = Term(data, monkeypatch)
    yield t
    t.shell.close()


# -- is the input complete? ------------------------------------------------------------------

@pytest.mark.parametrize("text, complete", [
    ("DeviceProcessEvents", True),
    ("DeviceProcessEvents\n| where FileName == 'cmd.exe'", True),
    ("DeviceProcessEvents |", False),
    ("DeviceProcessEvents\n| where", False),
    ("DeviceProcessEvents | where FileName ==", False),
    ("DeviceProcessEvents | where FileName == 'cmd", False),
    ("DeviceProcessEvents | join (DeviceInfo", False),
    ("let x = 1;", False),
    ("let x = 1;\nprint x", True),
    ("DeviceProcessEvents | where x = = 1", True),       # error before the end: run, show it
    (".tables", True),
    ("", True),
])
def test_is_complete(text, complete):
    assert is_complete(text) is complete


def test_enter_runs_at_the_end_or_on_an_empty_last_line():
    from hunt.repl.editor import should_run
    assert should_run("DeviceInfo | take 5", 19)
    assert not should_run("DeviceInfo", 10)                # a bare table: the next line follows
    assert should_run("DeviceInfo\n", 11)                  # ... or a second Enter runs it
    assert not should_run("DeviceInfo | ", 13)
    assert should_run("DeviceInfo | \n", 14)               # a second Enter runs it as is
    assert not should_run("DeviceInfo\n| take 1", 3)       # cursor inside: a newline


# -- queries ---------------------------------------------------------------------------------

def test_query_prints_a_fitted_table_with_count_and_time(term):
    out, err = term("DeviceProcessEvents\n| summarize n = count() by DeviceName\n| order by DeviceName asc")
    assert err == ""
    lines = out.splitlines()
    assert lines[0].startswith("DeviceName") and "│ n" in lines[0]
    assert any(line.startswith("ws-01") for line in lines)
    assert re.search(r"^4 rows \(\d+\.\d\d s\)$", out, re.M)
    assert all(len(line) <= 100 for line in lines)


def test_wide_rows_go_vertical_and_values_read_as_kusto_prints_them(term):
    out, _ = term("DeviceProcessEvents | take 1 | extend Bag = dynamic({'a': [1, 2]})")
    assert "─[ row 1 ]" in out
    assert re.search(r"^Timestamp\s+│ 2026-11-01T\d\d:\d\d:00Z$", out, re.M)
    assert re.search(r'^Bag\s+│ \{"a":\[1,2\]\}$', out, re.M)


def test_error_shows_the_line_a_caret_and_help_and_the_session_goes_on(term):
    out, err = term("DeviceProcessEvents\n| where FileNmae == 'x'")
    assert "error[HUNT2" in err and "| where FileNmae == 'x'" in err
    assert "^^^^^^^^" in err and "help: did you mean 'FileName'?" in err
    out, err = term("print x = 1")
    assert err == "" and "1 row" in out


def test_truncation_is_said_plainly(term):
    term(".set max_rows=5")
    out, _ = term("DeviceProcessEvents | project ProcessId")
    assert "5 rows" in out and "truncated: the query returned more than 5 rows" in out


def test_ctrl_c_cancels_a_running_query_and_keeps_the_session(term):
    slow = ("range x from 1 to 300000 step 1 | extend k = 1\n"
            "| join kind=inner (range y from 1 to 300000 step 1 | extend k = 1) on k\n"
            "| summarize count()")
    timer = threading.Timer(1.0, _thread.interrupt_main)
    timer.start()
    started = dt.datetime.now()
    try:
        out, err = term(slow)
    finally:
        timer.cancel()
    assert "query cancelled" in err
    assert (dt.datetime.now() - started).total_seconds() < 30
    out, err = term("print done = 'yes'")
    assert "yes" in out and err == ""


# -- dot-commands ----------------------------------------------------------------------------

def test_help_lists_every_command_of_the_registry(term):
    out, _ = term(".help")
    for name, cmd in commands.COMMANDS.items():
        assert re.search(rf"^  {re.escape(name)}\b", out, re.M), name
    required = {".help", ".tables", ".schema", ".explain", ".timing", ".format", ".export",
                ".save", ".queries", ".run", ".set", ".data", ".detections", ".quit", ".chart"}
    assert required <= set(commands.COMMANDS)


def test_readme_lists_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    if ".detections" not in readme and ".help" not in readme:
        pytest.skip("README.md has no REPL section yet (its text went to the README's owner)")
    missing = [name for name in commands.COMMANDS if f"`{name}" not in readme]
    assert not missing, f"README.md does not list {missing}"


def test_unknown_command_suggests(term):
    _, err = term(".tabels")
    assert "unknown command .tabels" in err and "did you mean .tables?" in err


def test_tables_and_schema(term):
    out, _ = term(".tables Process")
    assert "DeviceProcessEvents" in out and "yes" in out
    out, _ = term(".schema DeviceLogonEvents")
    assert "LogonType" in out and "string" in out
    _, err = term(".schema DeviceLogonEvent")
    assert "did you mean 'DeviceLogonEvents'?" in err
    term("DeviceProcessEvents | summarize n = count() by DeviceName")
    out, _ = term(".schema")
    assert re.search(r"^n\s+│ long$", out, re.M)


def test_explain_timing_format(term):
    out, _ = term(".explain DeviceProcessEvents | take 1")
    assert "SELECT" in out and "LIMIT" in out.upper()
    term("print a = 1")
    out, _ = term(".explain")
    assert "SELECT" in out
    term(".timing off")
    out, _ = term("print a = 1")
    assert out.rstrip().endswith("1 row")
    term(".format csv")
    out, _ = term("print a = 1, b = 'x,y'")
    assert out.splitlines() == ["a,b", '1,"x,y"']
    term(".format json")
    out, _ = term("print a = 1, d = dynamic([1])")
    assert json.loads(out) == [{"a": 1, "d": [1]}]
    term(".format vertical")
    out, _ = term("print a = 1")
    assert "─[ row 1 ]" in out
    _, err = term(".format xml")
    assert "unknown format 'xml'" in err


def test_export_csv_json_parquet(term, tmp_path):
    term("DeviceProcessEvents | summarize n = count() by DeviceName | order by DeviceName asc")
    for fmt in ("csv", "json", "parquet"):
        path = tmp_path / f"out.{fmt}"
        out, err = term(f".export {fmt} {path}")
        assert err == "" and "wrote 4 rows" in out
    assert (tmp_path / "out.csv").read_text().splitlines()[0] == "DeviceName,n"
    assert json.loads((tmp_path / "out.json").read_text())[0]["DeviceName"] == "laptop-9"
    import pyarrow.parquet as pq
    assert pq.read_table(tmp_path / "out.parquet").column_names == ["DeviceName", "n"]
    _, err = term(f".export xlsx {tmp_path / 'x'}")
    assert "usage: .export" in err


def test_save_queries_run(term, data):
    term("DeviceProcessEvents | where ProcessCommandLine has '-enc' | count")
    out, err = term(".save encoded-ps Encoded PowerShell")
    assert err == "" and "saved as encoded-ps" in out
    saved = (data / "queries" / "hunting" / "encoded-ps.kql").read_text()
    assert saved.startswith("// title: Encoded PowerShell\n")
    out, _ = term(".queries")
    assert "encoded-ps" in out and "Encoded PowerShell" in out
    out, err = term(".run encoded-ps")
    assert err == "" and re.search(r"^Count\b", out, re.M)
    _, err = term(".run encoded-p")
    assert "no saved query 'encoded-p'" in err and "did you mean 'encoded-ps'?" in err
    _, err = term(".save ../evil")
    assert "not a usable query name" in err


def test_set_now_pins_the_clock(term):
    term(".set now=2026-01-02T03:04:05Z")
    out, _ = term("print t = now()")
    assert "2026-01-02T03:04:05Z" in out
    out, _ = term(".set")
    assert "now=2026-01-02T03:04:05Z" in out
    term(".set now=")
    _, err = term(".set now=yesterday")
    assert "invalid now" in err
    _, err = term(".set colour=red")
    assert "unknown setting 'colour'" in err


def test_data_switches_directory(term, tmp_path):
    other = make_data(tmp_path / "other", n=5)
    out, _ = term(f".data {other}")
    assert str(other) in out
    out, _ = term("DeviceProcessEvents | count")
    assert re.search(r"^\s*5$", out, re.M)
    _, err = term(f".data {tmp_path / 'missing'}")
    assert "data directory not found" in err


def test_detections_lists_rules_or_says_there_are_none(term, data):
    out, _ = term(".detections")
    rules = library.detection_rules(data)
    if not rules:
        assert "no detection rules yet" in out
    folder = data / "queries" / "detections"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "r1.yaml").write_text("id: HUNT-R1\ntitle: Encoded PowerShell\nquery: |\n  T\n")
    out, _ = term(".detections")
    assert "HUNT-R1" in out and "Encoded PowerShell" in out


def test_render_draws_in_the_terminal_and_chart_save_writes(term, tmp_path):
    out, _ = term("DeviceProcessEvents | summarize n = count() by bin(Timestamp, 1h) "
                  "| render timechart")
    assert re.search("[\u2800-\u28ff]", out) and "┤" in out and "rows" in out
    out, err = term(f".chart save {tmp_path / 'c.html'}")
    assert err == "" and "<svg" in (tmp_path / "c.html").read_text()
    pytest.importorskip("matplotlib")
    out, err = term(f".chart save {tmp_path / 'c.png'}")
    assert err == "" and (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"
    term("print a = 1")
    _, err = term(".chart")
    assert "the last result has no chart" in err


def test_quit(term):
    term(".quit")
    assert term.shell.done


# -- output and charts -----------------------------------------------------------------------

class FakeResult:
    def __init__(self, columns, types, rows, render=None, truncated=False, max_rows=None):
        self.columns, self.kusto_types, self.rows = columns, types, rows
        self.render, self.truncated, self.max_rows, self.elapsed = render, truncated, max_rows, 0.5

    def __len__(self):
        return len(self.rows)


def test_too_wide_and_narrow_tables():
    cols = [f"Column{i}" for i in range(20)]
    assert too_wide(cols, ["string"] * 20, [tuple("value" * 3 for _ in cols)], 80)
    assert not too_wide(["a", "b"], ["long", "long"], [(1, 2)], 80)
    r = FakeResult(["a"], ["string"], [("x" * 500,)])
    text = render_result(r, "table", 60)
    assert all(len(line) <= 60 for line in text.splitlines()) and "…" in text


T0 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("kind", charts.KINDS)
def test_every_chart_kind_draws(kind):
    rows = [(T0 + dt.timedelta(hours=i), "host-a" if i % 2 else "host-b", i * 1.5)
            for i in range(12)]
    if kind in ("columnchart", "barchart", "piechart"):
        rows = [("alpha", 3), ("beta", 5), ("gamma", 1)]
        r = FakeResult(["Name", "Count"], ["string", "long"], rows, {"kind": kind})
    else:
        r = FakeResult(["T", "Host", "V"], ["datetime", "string", "real"], rows,
                       {"kind": kind, "properties": {"title": "demo"}})
    chart = charts.chart_of(r)
    text = charts.terminal(chart, 80, 10, color=False)
    assert all(len(line) <= 80 for line in text.splitlines()), text
    assert text.strip()
    import xml.dom.minidom
    xml.dom.minidom.parseString(charts.svg(chart))
    if kind in ("timechart", "linechart"):
        assert {s.name for s in chart.series} == {"host-a", "host-b"}


def test_chart_errors_are_sentences():
    r = FakeResult(["Name"], ["string"], [("a",)], {"kind": "timechart"})
    with pytest.raises(charts.ChartError, match="needs a datetime column"):
        charts.chart_of(r)
    r = FakeResult(["Name"], ["string"], [("a",)], {"kind": "columnchart"})
    with pytest.raises(charts.ChartError, match="needs a numeric column"):
        charts.chart_of(r)


# -- saved queries ---------------------------------------------------------------------------

def test_library_parses_tolerantly(tmp_path):
    q = library.parse("\ufeff// title: A\r\n// description: B\r\n// tags: x\r\n\r\nT | take 1\r\n",
                      "a", tmp_path / "a.kql", "user")
    assert (q.title, q.description, q.text) == ("A", "B", "T | take 1")
    q = library.parse("T\n// a comment inside\n| take 1", "plain", tmp_path, "user")
    assert q.title == "plain" and q.text.startswith("T\n// a comment inside")
    q = library.parse("// just a comment: not a header key\nT", "c", tmp_path, "user")
    assert q.text.startswith("// just a comment")


def test_user_queries_win_over_shipped(tmp_path, monkeypatch):
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    (shipped / "q.kql").write_text("// title: shipped\nT")
    monkeypatch.setattr(library, "shipped_dir", lambda kind="hunting": shipped)
    data = tmp_path / "data"
    library.save(data, "q", "U | take 1", title="mine")
    found = library.load(data)
    assert found["q"].title == "mine" and found["q"].source == "user"


def test_shipped_queries_parse_and_compile():
    from hunt.semantic.catalog import load_default_catalog
    from hunt.compiler import compile_query
    catalog = load_default_catalog()
    for q in library.load(None).values():
        compile_query(q.text, catalog)


# -- first run -------------------------------------------------------------------------------

def test_first_run_writes_the_demo_tenant(tmp_path, monkeypatch):
    import types
    from hunt.repl import firstrun
    calls = []
    writer = types.ModuleType("hunt.store.demo.writer")

    def generate(data, cfg, force=False, progress=None):
        calls.append(data)
        make_data(Path(data), n=3)
        progress.write("[#####] 100%\n")
        return types.SimpleNamespace(summary=lambda: "demo tenant: 3 events")
    writer.generate = generate
    monkeypatch.setitem(sys.modules, "hunt.store.demo.writer", writer)
    err = io.StringIO()
    target = tmp_path / "fresh"
    assert firstrun.is_empty(target)
    assert firstrun.ensure_data(target, err)
    assert calls == [target] and "First run" in err.getvalue()
    assert "demo tenant: 3 events" in err.getvalue() and not firstrun.is_empty(target)
    assert firstrun.ensure_data(target, io.StringIO()) and len(calls) == 1   # only once


# -- without a terminal ----------------------------------------------------------------------

def test_piped_input_runs_queries_separated_by_blank_lines(data):
    import subprocess
    script = ("DeviceProcessEvents\n| summarize dcount(DeviceName)\n\n"
              ".format csv\nprint a = 'x'\n\nDeviceProcessEvents | where FileNmae == 1\n")
    proc = subprocess.run([sys.executable, "-m", "hunt.cli", "--data", str(data)],
                          input=script, capture_output=True, text=True, timeout=60,
                          env={**__import__("os").environ, "PAGER": ""})
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"^\s*4$", proc.stdout, re.M) and "a\nx\n" in proc.stdout
    assert "did you mean 'FileName'?" in proc.stderr


def test_dot_command_completion(term):
    from hunt.repl.editor import command_completions
    names = [c.text for c in command_completions(".ex", term.shell)]
    assert names == [".explain", ".export"]
    tables = [c.text for c in command_completions(".schema DeviceLo", term.shell)]
    assert tables == ["DeviceLogonEvents"]
    c = command_completions(".format ve", term.shell)[0]
    assert (c.text, c.start) == ("vertical", len(".format "))
