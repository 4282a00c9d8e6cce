"""The real `hunt` command in a pseudo-terminal: a multi-line query and its table, a
completion, a bad query with its caret, a long query cancelled with Ctrl-C, Ctrl-D to leave."""
from __future__ import annotations

import os
import re
import shutil
import sys
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from tests.test_repl import make_data  # noqa: E402

PROMPT = "hunt>"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")


def hunt_command() -> list[str]:
    script = Path(sys.executable).with_name("hunt")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "hunt.cli"]


@pytest.fixture
def repl(tmp_path):
    data = make_data(tmp_path / "data")
    env = dict(os.environ, HUNT_PAGER="", PAGER="", PROMPT_TOOLKIT_NO_CPR="1",
               TERM="xterm-256color", NO_COLOR="1", COLUMNS="120", LINES="40")
    cmd = hunt_command() + ["--data", str(data)]
    child = pexpect.spawn(cmd[0], cmd[1:], env=env, encoding="utf-8", timeout=30,
                          dimensions=(40, 120), cwd=str(tmp_path))
    child.expect_exact(PROMPT)
    yield child, data
    if child.isalive():
        child.terminate(force=True)


def plain(text: str) -> str:
    return ANSI.sub("", text)


def test_a_hunting_session_in_a_terminal(repl):
    child, data = repl
    # a multi-line query: Enter after `|` continues, Enter at the end of a complete query runs
    child.send("DeviceProcessEvents\r")
    time.sleep(0.3)
    child.send("| where FileName != '' |\r")
    time.sleep(0.3)
    child.send("summarize Launches = count() by DeviceName\r")
    child.expect(r"4 rows \(\d+\.\d\d s\)")
    table = plain(child.before)
    assert table.count("...") >= 2                        # two continuation lines
    assert re.search(r"DeviceName\s+│ Launches", table)
    assert re.search(r"laptop-9\s+│\s+\d+", table) and "srv-dc1" in table
    child.expect_exact(PROMPT)

    # completion: Tab completes the only column that starts with ProcessCommandLi
    child.send("DeviceProcessEvents | where ProcessCommandLi")
    time.sleep(0.5)
    child.send("\t")
    time.sleep(0.5)
    child.send(" has '-enc' | count\r")
    child.expect(r"1 row")
    assert re.search(r"Count\s*\n[─]+\s*\n\s*18\b", plain(child.before))
    child.expect_exact(PROMPT)

    # a bad query: the line, a caret under the name and the help line; the session goes on
    child.send("DeviceProcessEvents | where FileNmae == 'x'\r")
    child.expect_exact("help: did you mean 'FileName'?")
    err = plain(child.before)
    assert "| where FileNmae == 'x'" in err and "^^^^^^^^" in err
    child.expect_exact(PROMPT)

    # Ctrl-C cancels a long query (a cross join of 10^11 rows) and the prompt comes back
    child.send("range x from 1 to 1000000 step 1 | extend k = 1 | join kind=inner "
               "(range y from 1 to 100000 step 1 | extend k = 1) on k | summarize count()\r")
    child.expect_exact("Ctrl-C cancels", timeout=20)
    started = time.monotonic()
    child.sendcontrol("c")
    child.expect_exact("query cancelled", timeout=20)
    assert time.monotonic() - started < 15
    child.expect_exact(PROMPT)
    child.send("print answer = 6 * 7\r")
    child.expect(r"42\s*\n1 row")
    child.expect_exact(PROMPT)

    # history is kept in the data directory; Ctrl-D leaves
    child.sendcontrol("d")
    child.expect(pexpect.EOF, timeout=10)
    child.close()
    assert child.exitstatus == 0
    history = (data / ".hunt_history").read_text(encoding="utf-8")
    assert "summarize Launches = count() by DeviceName" in history


def test_dot_commands_and_chart_in_a_terminal(repl, tmp_path):
    child, _ = repl
    child.send(".help\r")
    child.expect_exact(".detections")
    child.expect_exact(PROMPT)
    child.send("DeviceProcessEvents | summarize n = count() by bin(Timestamp, 1h) "
               "| render timechart\r")
    child.expect(r"rows \(\d+\.\d\d s\)")
    assert re.search("[\u2800-\u28ff]", child.before)
    child.expect_exact(PROMPT)
    child.send(f".chart save {tmp_path / 'chart.html'}\r")
    child.expect_exact("wrote the timechart")
    child.expect_exact(PROMPT)
    child.send(".quit\r")
    child.expect(pexpect.EOF, timeout=10)
    assert (tmp_path / "chart.html").read_text().count("<polyline") == 1
