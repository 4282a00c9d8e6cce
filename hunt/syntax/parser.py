"""KQL text → AST (hunt.syntax.ast), in one pass.

The grammar (grammar/kql.lark) is compiled once per process into a Lark LALR parser with the
contextual lexer and with hunt.syntax.builder.Builder as its inline transformer, so AST nodes
are built while parsing (no intermediate parse tree). hunt.syntax.loader finds the grammar and
keeps Lark's on-disk cache so start-up stays small.

`parse` raises only KqlSyntaxError; hunt.syntax.diagnostics turns Lark's errors into words.
"""
from __future__ import annotations

from lark.exceptions import UnexpectedInput

from hunt.errors import KqlSyntaxError, Span
from hunt.syntax import ast as A
from hunt.syntax.loader import get_parser, grammar_path
from hunt.syntax.nodes import _local

__all__ = ["parse", "grammar_path", "get_parser"]


# ---------------------------------------------------------------------------------------------
# Entry point


def parse(text: str) -> A.Query:
    """Parse KQL text into a Query. Raises KqlSyntaxError (and nothing else) on bad input."""
    if not isinstance(text, str):
        raise KqlSyntaxError("the query must be text", Span(0, 0))
    parser = get_parser()
    _local.text = text
    try:
        return parser.parse(text)
    except KqlSyntaxError as e:
        if e.text is None:
            e.attach(text)
        raise
    except UnexpectedInput as e:
        from hunt.syntax.diagnostics import describe
        try:
            err = describe(e, text)
        except Exception:  # a bug in the wording must not hide the syntax error itself
            pos = min(len(text), max(0, getattr(e, "pos_in_stream", None) or len(text)))
            err = KqlSyntaxError("syntax error", Span(pos, pos), text=text)
        raise err from None
    except RecursionError:
        raise KqlSyntaxError("the query is nested too deeply", Span(0, len(text)),
                             text=text) from None
    except Exception as e:  # never let a parser bug escape as anything but a syntax error
        raise KqlSyntaxError(f"could not parse the query ({type(e).__name__}: {e})",
                             Span(0, len(text)), text=text) from None
    finally:
        _local.text = None

