"""evaluate plugins (bag_unpack, pivot, narrow) and search."""
from __future__ import annotations

from hunt.errors import KqlUnsupportedError


def evaluate(self, rel, op, scope):
    raise KqlUnsupportedError(f"plugin '{op.call.name}'", op.span)


def search(self, rel, op, scope):
    raise KqlUnsupportedError("operator 'search'", op.span)
