"""DuckDB exceptions → KqlRuntimeError: a one-line cause a person can act on, and a hint.

Codes (HUNT4xx, runtime):
  HUNT401 timed out            HUNT402 out of memory        HUNT403 conversion failed
  HUNT404 data files unreadable HUNT405 sandbox refusal     HUNT406 arithmetic / value error
  HUNT41x externaldata (see externaldata.py)
  HUNT498 the generated SQL failed in DuckDB (a bug of hunt)  HUNT499 internal error
"""
from __future__ import annotations

import re
from typing import Optional

from hunt.errors import KqlRuntimeError

TIMEOUT = "HUNT401"
OUT_OF_MEMORY = "HUNT402"
CONVERSION = "HUNT403"
DATA = "HUNT404"
SANDBOX = "HUNT405"
VALUE = "HUNT406"
GENERATED_SQL = "HUNT498"
INTERNAL = "HUNT499"

REPORT_HINT = "this is a bug in hunt: please report it with the query and the output of --debug"


def first_line(message: str) -> str:
    """DuckDB messages carry a 'LINE 1: ...' excerpt of the SQL and a caret: keep the cause."""
    text = str(message).strip()
    text = text.split("\nLINE ", 1)[0].strip()
    line = text.splitlines()[0] if text else ""
    # "Conversion Error: Could not convert ..." → "Could not convert ..."
    line = re.sub(r"^[A-Za-z ]*Error:\s*", "", line)
    return line.strip() or type(message).__name__


def internal_error(exc: BaseException, what: str = "internal error") -> KqlRuntimeError:
    err = KqlRuntimeError(f"{what}: {type(exc).__name__}: {first_line(str(exc))}",
                          help=REPORT_HINT, code=INTERNAL)
    err.__cause__ = exc
    return err


def _fmt_seconds(s: float) -> str:
    return f"{s:g}"


def map_duckdb_error(exc: BaseException, *, timeout: Optional[float] = None,
                     memory_limit: Optional[str] = None,
                     timed_out: bool = False) -> KqlRuntimeError:
    """The KqlRuntimeError for an exception raised by DuckDB while running a query."""
    import duckdb

    cause = first_line(str(exc))
    if timed_out or isinstance(exc, duckdb.InterruptException):
        if timeout is not None:
            err = KqlRuntimeError(
                f"query timed out after {_fmt_seconds(timeout)} s",
                help="narrow the time range or filter earlier, or raise the limit "
                     "(timeout= in the API, --timeout in the CLI)", code=TIMEOUT)
        else:
            err = KqlRuntimeError("query was interrupted", code=TIMEOUT,
                                  help="run it again; it was cancelled before it finished")
    elif isinstance(exc, duckdb.OutOfMemoryException) or "out of memory" in cause.lower():
        limit = f" (limit {memory_limit})" if memory_limit else ""
        err = KqlRuntimeError(
            f"query ran out of memory{limit}",
            help="filter and project earlier, summarize before joining, or raise "
                 "memory_limit= (API) / --memory-limit (CLI)", code=OUT_OF_MEMORY)
    elif isinstance(exc, duckdb.ConversionException):
        err = KqlRuntimeError(
            f"a value could not be converted: {cause}",
            help="convert explicitly with toint(), tolong(), todouble(), todatetime() or "
                 "totimespan(), which give null instead of failing", code=CONVERSION)
    elif isinstance(exc, duckdb.PermissionException):
        err = KqlRuntimeError(
            f"refused by the sandbox: {cause}",
            help="queries may only read the data directory", code=SANDBOX)
    elif isinstance(exc, (duckdb.IOException, duckdb.InvalidInputException)) and (
            "parquet" in cause.lower() or "file" in cause.lower()):
        err = KqlRuntimeError(
            cause if cause.startswith("cannot read") else f"cannot read the data files: {cause}",
            help="check the Parquet files under the data directory "
                 "(a damaged or partial file, or mixed partition layouts)", code=DATA)
    elif isinstance(exc, (duckdb.OutOfRangeException, duckdb.InvalidInputException,
                          duckdb.InvalidTypeException)):
        err = KqlRuntimeError(
            f"the query failed on a value: {cause}",
            help="a value is out of range for its type (for example an overflowing "
                 "integer or an invalid regex); filter or convert it first", code=VALUE)
    elif isinstance(exc, (duckdb.BinderException, duckdb.ParserException,
                          duckdb.CatalogException, duckdb.NotImplementedException,
                          duckdb.SyntaxException, duckdb.ProgrammingError)):
        err = KqlRuntimeError(f"the generated SQL was rejected by DuckDB: {cause}",
                              help=REPORT_HINT, code=GENERATED_SQL)
    else:
        err = KqlRuntimeError(f"query failed: {cause}", help=REPORT_HINT, code=INTERNAL)
    err.__cause__ = exc
    return err
