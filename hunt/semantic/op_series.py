"""make-series and top-nested."""
from __future__ import annotations

from hunt.errors import KqlUnsupportedError


def make_series(self, rel, op, scope):
    raise KqlUnsupportedError("operator 'make-series'", op.span)


def top_nested(self, rel, op, scope):
    raise KqlUnsupportedError("operator 'top-nested'", op.span)
