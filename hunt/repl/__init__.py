"""The interactive session: `hunt` with no arguments (see hunt.repl.app).

Light at import time: prompt_toolkit, Pygments and the engine are imported by `main`.
"""
from __future__ import annotations


def main(data=None, *, out=None, err=None, connect_options=None) -> int:
    from hunt.repl.app import main as _main
    return _main(data, out=out, err=err, connect_options=connect_options)
