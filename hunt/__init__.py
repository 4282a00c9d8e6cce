"""hunt: local-first advanced hunting with KQL over Parquet, run by DuckDB."""
from hunt.errors import (KqlError, KqlRuntimeError, KqlSemanticError, KqlSyntaxError,
                         KqlUnsupportedError)

__version__ = "0.1.0"
__all__ = ["connect", "KqlError", "KqlSyntaxError", "KqlSemanticError", "KqlUnsupportedError",
           "KqlRuntimeError", "__version__"]


def connect(data=None, **options):
    """Open a hunting session over a data directory (default: $HUNT_DATA or the user's data
    directory). See hunt.api.Hunt."""
    from hunt.api import connect as _connect
    return _connect(data, **options)


def load_ipython_extension(ipython):
    """`%load_ext hunt`: the %kql and %%kql magics (hunt.notebook)."""
    from hunt.notebook import load_ipython_extension as _load
    _load(ipython)
