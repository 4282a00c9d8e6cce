"""Fills the function registry: imports every family module (each registers its functions)."""
from __future__ import annotations

from hunt.functions import (aggregates, conditional, conversions, datetime_fns,  # noqa: F401
                            dynamic_fns, hashing, ip, math_fns, strings, window)

try:  # geo_* functions (another module, may be absent)
    from hunt.functions import geo  # noqa: F401
except ImportError:
    pass
try:  # series_* functions (another module, may be absent)
    from hunt.functions import series  # noqa: F401
except ImportError:
    pass
