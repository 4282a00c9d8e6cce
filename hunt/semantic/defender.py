"""Defender's built-in functions: FileProfile, DeviceFromIP, AssignedIPAddresses, SeenBy."""
from __future__ import annotations

from hunt.errors import KqlUnsupportedError


def bind(binder, call, scope, piped):
    raise KqlUnsupportedError(f"function '{call.name}'", call.span)
