"""`hunt` with no arguments: a prompt_toolkit editor in front of hunt.repl.shell.Shell.

Multi-line input (Enter runs a complete query, else inserts a newline; Alt-Enter / Esc Enter
runs regardless), persistent history in the data directory, Ctrl-R reverse search, KQL
highlighting (Pygments' Kusto lexer), query-aware completion, Ctrl-C cancels a running query,
Ctrl-D leaves. Without a terminal (stdin piped) it reads queries separated by blank lines.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

HISTORY_FILE = ".hunt_history"
PROMPT = "hunt> "
CONTINUATION = "  ... "


def banner(shell) -> str:
    from hunt import __version__
    n = len(shell.tables_with_data())
    return (f"hunt {__version__} · KQL over {shell.data_dir} ({n} table{'s' if n != 1 else ''} "
            f"with data)\n.help lists commands · Tab completes · Alt-Enter runs as is · "
            f"Ctrl-C cancels · Ctrl-D leaves")


def main(data=None, *, out=None, err=None, connect_options: Optional[dict] = None) -> int:
    from hunt.repl.firstrun import ensure_data
    out = out or sys.stdout
    err = err or sys.stderr
    from hunt.api import default_data_dir
    data_dir = Path(data).expanduser() if data else default_data_dir()
    if not ensure_data(data_dir, err):
        return 1
    from hunt.errors import KqlError
    from hunt.repl.commands import CommandError
    from hunt.repl.shell import Shell
    try:
        shell = Shell(data_dir, out, err, connect_options=connect_options)
    except (CommandError, KqlError) as exc:
        err.write(f"error: {exc}\n")
        return 1
    try:
        if sys.stdin.isatty() and _isatty(out):
            return interactive(shell)
        return batch(shell, sys.stdin)
    finally:
        shell.close()


def batch(shell, stream) -> int:
    """Queries from a pipe: dot-commands one per line, queries end at a blank line or EOF."""
    buf: list[str] = []

    def flush():
        if "".join(buf).strip():
            shell.execute("".join(buf))
        buf.clear()
    for line in stream:
        if not buf and line.lstrip().startswith("."):
            shell.execute(line)
        elif not line.strip():
            flush()
        else:
            buf.append(line)
        if shell.done:
            return 0
    flush()
    return 0


def interactive(shell) -> int:
    session = _session(shell)
    shell.say(banner(shell))
    import threading
    threading.Thread(target=_warm_up, args=(shell.h.catalog,), name="hunt-warm-up",
                     daemon=True).start()
    while not shell.done:
        try:
            text = session.prompt()
        except KeyboardInterrupt:       # Ctrl-C at the prompt clears the input
            continue
        except EOFError:                # Ctrl-D
            break
        shell.execute(text)
    return 0


def _warm_up(catalog) -> None:
    """Load the grammar and the function registry while the person reads the banner, so the
    first completion and the first query do not pay for them."""
    try:
        from hunt.repl.completion import complete
        complete("print x = 1 | where ", None, catalog)
    except Exception:       # noqa: BLE001 - only a head start
        pass


def _session(shell):
    from prompt_toolkit import PromptSession
    from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    from hunt.repl.editor import PromptCompleter, key_bindings, lexer, style

    class _History(FileHistory):
        """A read-only data directory keeps the session's history in memory only."""

        def store_string(self, string: str) -> None:
            try:
                super().store_string(string)
            except OSError:
                pass

    try:
        history = _History(str(Path(shell.data_dir) / HISTORY_FILE))
    except OSError:
        history = InMemoryHistory()
    return PromptSession(
        message=PROMPT,
        multiline=True,
        prompt_continuation=lambda width, line, wrap: CONTINUATION.rjust(width),
        key_bindings=key_bindings(),
        history=history,
        enable_history_search=False,
        auto_suggest=AutoSuggestFromHistory(),
        completer=PromptCompleter(shell),
        complete_while_typing=True,
        lexer=lexer(),
        style=style(),
        include_default_pygments_style=False,
        mouse_support=False,
        reserve_space_for_menu=6,
    )


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
