"""The prompt_toolkit pieces of the REPL: key bindings, highlighting, completion adapter."""
from __future__ import annotations

import re

from prompt_toolkit.completion import Completer, Completion, ThreadedCompleter
from prompt_toolkit.filters import completion_is_selected
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.lexers import Lexer
from prompt_toolkit.styles import Style

from hunt.repl import commands as C
from hunt.repl.shell import is_complete


def should_run(text: str, cursor: int) -> bool:
    """Enter runs the input when the cursor is at its end and the query is complete, or when
    Enter is pressed on an empty last line (a second Enter runs whatever is there). A bare
    table name is complete but almost always the first line of a longer query (KQL puts each
    `| operator` on its own line): Enter continues it; a second Enter runs it."""
    if text[cursor:].strip():
        return False
    if not text.strip():
        return True
    if text.endswith("\n") and text.rstrip(" \t").endswith("\n"):
        return True
    if _BARE_NAME.match(text):
        return False
    return is_complete(text)


_BARE_NAME = re.compile(r"^\s*[A-Za-z_][\w]*\s*$")


def key_bindings() -> KeyBindings:
    kb = KeyBindings()

    @kb.add("enter", filter=completion_is_selected)
    def _accept_completion(event):
        event.current_buffer.complete_state = None

    @kb.add("enter", filter=~completion_is_selected)
    def _enter(event):
        b = event.current_buffer
        if should_run(b.text, b.cursor_position):
            b.validate_and_handle()
        else:
            b.insert_text("\n")

    @kb.add("escape", "enter")
    @kb.add("f5")
    def _run(event):
        event.current_buffer.validate_and_handle()

    return kb


# -- highlighting -----------------------------------------------------------------------------

def lexer() -> Lexer:
    try:
        from prompt_toolkit.lexers import PygmentsLexer
        from pygments.lexers import KustoLexer
        return PygmentsLexer(KustoLexer)
    except ImportError:
        return KqlLexer()


class KqlLexer(Lexer):
    """Highlighting from hunt's own tokenizer, for when Pygments is not installed."""

    def lex_document(self, document):
        from hunt.repl.tokens import tokenize
        from hunt.repl.vocabulary import OPERATORS, STATEMENT_KEYWORDS
        keywords = set(OPERATORS) | set(STATEMENT_KEYWORDS) | {
            "by", "on", "and", "or", "not", "asc", "desc", "kind", "with", "has", "contains",
            "in", "between", "startswith", "endswith", "true", "false"}
        lines = document.lines

        def get_line(n):
            text = lines[n]
            out, pos = [], 0
            for t in tokenize(text):
                if t.start > pos:
                    out.append(("", text[pos:t.start]))
                style = {"string": "class:pygments.literal.string",
                         "comment": "class:pygments.comment",
                         "number": "class:pygments.literal.number"}.get(t.kind, "")
                if t.kind == "name" and t.low in keywords:
                    style = "class:pygments.keyword"
                if t.kind == "punct" and t.text == "|":
                    style = "class:pygments.punctuation"
                out.append((style, t.text))
                pos = t.end
            if pos < len(text):
                out.append(("", text[pos:]))
            return out
        return get_line


def style() -> Style:
    return Style.from_dict({
        "pygments.keyword": "ansiblue bold",
        "pygments.literal.string": "ansigreen",
        "pygments.string": "ansigreen",
        "pygments.literal.number": "ansicyan",
        "pygments.number": "ansicyan",
        "pygments.comment": "ansibrightblack italic",
        "pygments.name.builtin": "ansiyellow",
        "pygments.name.function": "ansiyellow",
        "pygments.operator.word": "ansimagenta",
        "pygments.punctuation": "bold",
        "completion-menu.completion": "bg:#303030 #e0e0e0",
        "completion-menu.completion.current": "bg:#5f87af #ffffff",
        "completion-menu.meta.completion": "bg:#262626 #a0a0a0",
        "completion-menu.meta.completion.current": "bg:#5f87af #ffffff",
    })


# -- completion -------------------------------------------------------------------------------

class _Adapter(Completer):
    def __init__(self, shell):
        self.shell = shell

    def get_completions(self, document, complete_event):
        text = document.text
        cursor = document.cursor_position
        try:
            if text.lstrip().startswith("."):
                items = command_completions(text[:cursor], self.shell)
            else:
                from hunt.repl.completion import complete
                items = complete(text, cursor, self.shell.h.catalog)
        except Exception:          # noqa: BLE001 - completion never breaks typing
            return
        for c in items[:200]:
            yield Completion(c.text, start_position=c.start - cursor, display=c.label,
                             display_meta=c.detail)


def PromptCompleter(shell) -> Completer:
    return ThreadedCompleter(_Adapter(shell))


def command_completions(before: str, shell) -> list:
    """Dot-command names, then the first argument's values (tables, saved queries, ...)."""
    from hunt.repl.completion import Completion as Item
    stripped = before.lstrip()
    offset = len(before) - len(stripped)
    if " " not in stripped:
        return [Item(c.name, offset, "command", c.help) for c in C.COMMANDS.values()
                if c.name.startswith(stripped.lower())]
    name, _, arg = stripped.partition(" ")
    cmd = C.lookup(name)
    if cmd is None or " " in arg.strip():
        return []
    start = len(before) - len(arg.lstrip()) if arg.strip() else len(before)
    word = arg.strip()
    values: list[str] = []
    for spec in cmd.args:
        if spec == "@tables":
            values += shell.h.tables()
        elif spec == "@queries":
            from hunt.repl import library
            values += list(library.load(shell.data_dir))
        else:
            values.append(spec)
    return [Item(v, start, "value") for v in values if v.lower().startswith(word.lower())]
