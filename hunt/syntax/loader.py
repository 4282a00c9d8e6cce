"""Loading the KQL grammar once per process: the grammar file's location (checkout or wheel),
the Lark LALR parser with the inline transformer, and Lark's on-disk cache of the analysed grammar.
"""
from __future__ import annotations

import threading
from pathlib import Path

from lark import Lark

from hunt.syntax.builder import Builder


class _AlwaysName:
    """A no-op post-lexer whose only job is to keep NAME in every lexer state, so a keyword is
    always matched as a whole word (`| wherex` is an unknown operator, not `where x`)."""

    always_accept = ("NAME",)

    def process(self, stream):
        return stream


def grammar_path() -> Path:
    """grammar/kql.lark in a checkout, hunt/_data/grammar/kql.lark in an installed wheel."""
    import hunt
    pkg = Path(hunt.__file__).resolve().parent
    for d in (pkg / "_data" / "grammar", pkg.parent / "grammar"):
        p = d / "kql.lark"
        if p.is_file():
            return p
    raise FileNotFoundError("kql.lark not found (looked in hunt/_data/grammar and grammar/)")


_parser = None
_lock = threading.Lock()


def _cache_dirs():
    import os
    import tempfile
    if os.environ.get("HUNT_CACHE_DIR"):
        yield os.environ["HUNT_CACHE_DIR"]
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    yield os.path.join(xdg, "hunt")
    try:
        import getpass
        user = getpass.getuser()
    except Exception:
        user = "unknown"
    yield os.path.join(tempfile.gettempdir(), f"hunt-cache-{user}")


def _cache_file(grammar: str) -> str | bool:
    """Where Lark keeps the analysed grammar between runs (keyed by grammar and Lark version):
    a per-user directory, since the file is a pickle and must only ever be one we wrote.
    Stale files from earlier grammars are removed. False (no cache) when nothing is usable."""
    import glob
    import hashlib
    import os
    import lark
    key = hashlib.sha256((grammar + lark.__version__).encode()).hexdigest()[:16]
    name = f"kql-grammar-{key}.lark-cache"
    for base in _cache_dirs():
        path = os.path.join(base, name)
        try:
            if os.path.exists(path):
                if hasattr(os, "getuid") and os.stat(path).st_uid != os.getuid():
                    continue
                return path
            os.makedirs(base, exist_ok=True)
            if not os.access(base, os.W_OK):
                continue
            for old in glob.glob(os.path.join(base, "kql-grammar-*.lark-cache")):
                try:
                    os.remove(old)
                except OSError:
                    pass
            return path
        except OSError:
            continue
    return False


def get_parser() -> Lark:
    global _parser
    if _parser is None:
        with _lock:
            if _parser is None:
                grammar = grammar_path().read_text(encoding="utf-8")
                _parser = Lark(grammar, parser="lalr", lexer="contextual",
                               transformer=Builder(), keep_all_tokens=True,
                               maybe_placeholders=False, postlex=_AlwaysName(),
                               cache=_cache_file(grammar))
    return _parser


