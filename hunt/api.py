"""The public Python API: a thin layer over compiler and engine.

    import hunt
    h = hunt.connect("path/to/data")
    r = h.query('DeviceProcessEvents | take 10', now="2026-11-01T00:00:00Z")
    r.columns, r.kusto_types, r.rows, r.to_arrow(), r.to_pandas()

Every failure a query can cause is a hunt.KqlError. DuckDB starts on the first query:
`tables()` and `schema()` never need it; `compile()` and `explain()` start it only to read
the Parquet metadata of the tables a query names (their extra columns, see Session.discover).
"""
from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import Any, Optional

from hunt.errors import KqlError, KqlRuntimeError, KqlSemanticError

USAGE = "HUNT501"          # a bad argument to the API (now=, timeout=, ...)
UNKNOWN_TABLE = "HUNT502"  # schema() of a table the catalog does not have
NO_DATA_DIR = "HUNT503"    # connect() to a directory that does not exist


def default_data_dir() -> Path:
    """$HUNT_DATA, else $XDG_DATA_HOME/hunt, else ~/.local/share/hunt."""
    env = os.environ.get("HUNT_DATA")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "hunt"


def parse_now(now) -> Optional[_dt.datetime]:
    """`now=` as a timezone-aware UTC datetime: a datetime (naive = UTC) or ISO 8601 text."""
    if now is None:
        return None
    if isinstance(now, _dt.datetime):
        value = now
    elif isinstance(now, _dt.date):
        value = _dt.datetime(now.year, now.month, now.day)
    elif isinstance(now, str):
        text = now.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        # datetime.fromisoformat (3.10) takes at most 6 fraction digits; KQL prints 7
        head, dot, frac = text.partition(".")
        if dot:
            digits = len(frac) - len(frac.lstrip("0123456789"))
            frac = frac[:min(digits, 6)] + frac[digits:]
            text = head + "." + frac if frac[:1].isdigit() else head + frac
        try:
            value = _dt.datetime.fromisoformat(text)
        except ValueError:
            raise KqlError(f"invalid now: {now!r}",
                           help="give an ISO 8601 time such as 2026-11-01T00:00:00Z",
                           code=USAGE) from None
    else:
        raise KqlError(f"invalid now: {now!r}", code=USAGE,
                       help="give a datetime or ISO 8601 text such as 2026-11-01T00:00:00Z")
    if value.tzinfo is None:
        return value.replace(tzinfo=_dt.timezone.utc)
    return value.astimezone(_dt.timezone.utc)


class Hunt:
    """A hunting session over one data directory."""

    def __init__(self, data=None, *, catalog=None, allow_externaldata: Optional[bool] = None,
                 timeout: Optional[float] = 300.0, memory_limit=None,
                 threads: Optional[int] = None, max_rows: Optional[int] = 100_000,
                 cache_dir=None):
        explicit = data is not None
        self.data_dir = Path(data).expanduser() if explicit else default_data_dir()
        if explicit and not self.data_dir.is_dir():
            help_ = ("create it, or point at the folder that holds one sub-folder of Parquet "
                     "files per table")
            if self.data_dir.exists():
                raise KqlError(f"data directory is not a directory: {self.data_dir}",
                               help=help_, code=NO_DATA_DIR)
            raise KqlError(f"data directory not found: {self.data_dir}", help=help_,
                           code=NO_DATA_DIR)
        if timeout is not None and (isinstance(timeout, bool) or
                                    not isinstance(timeout, (int, float)) or timeout <= 0):
            raise KqlError(f"invalid timeout: {timeout!r}", code=USAGE,
                           help="give a positive number of seconds, or None for no limit")
        if max_rows is not None and (isinstance(max_rows, bool) or
                                     not isinstance(max_rows, int) or max_rows < 0):
            raise KqlError(f"invalid max_rows: {max_rows!r}", code=USAGE,
                           help="give a non-negative number of rows, or None for no limit")
        if threads is not None and (isinstance(threads, bool) or
                                    not isinstance(threads, int) or threads < 1):
            raise KqlError(f"invalid threads: {threads!r}", code=USAGE,
                           help="give a positive number of threads")
        try:
            from hunt.engine.sandbox import memory_setting
            memory_setting(memory_limit)
        except ValueError as exc:
            raise KqlError(f"invalid memory_limit: {memory_limit!r}", help=str(exc),
                           code=USAGE) from None
        if catalog is None:
            from hunt.semantic.catalog import load_default_catalog
            catalog = load_default_catalog()
        # Our own copy: the session appends the extra columns it finds in the data files to
        # this catalog, which must never change the shared default or the caller's object.
        self.catalog = catalog.copy() if hasattr(catalog, "copy") else catalog
        self._compiled = None       # hunt.compiler.CompileCache, made on first compile
        if allow_externaldata is None:
            from hunt.engine.config import externaldata_enabled
            allow_externaldata = externaldata_enabled(self.data_dir)
        self.allow_externaldata = bool(allow_externaldata)
        self.timeout = timeout
        self.memory_limit = memory_limit
        self.threads = threads
        self.max_rows = max_rows
        self.cache_dir = cache_dir
        self._session = None
        self._closed = False

    # -- catalog ------------------------------------------------------------------------------
    def tables(self) -> list[str]:
        """The names of the tables a query can read, sorted."""
        return sorted(self.catalog.table_names())

    def schema(self, table: str):
        """A table's TableInfo (.name, .columns: ColumnInfo(name, type, description), ...)."""
        info = self.catalog.table(table)
        if info is None:
            from hunt.semantic.catalog import suggest
            guess = suggest(table, self.catalog.table_names())
            raise KqlSemanticError(
                f"unknown table '{table}'",
                help=f"did you mean '{guess}'?" if guess else "`hunt tables` lists the tables",
                code=UNKNOWN_TABLE)
        return info

    # -- compile ------------------------------------------------------------------------------
    def compile(self, kql: str, now=None, params: Optional[dict[str, Any]] = None):
        """The CompiledQuery of a KQL text, without running it."""
        if not isinstance(kql, str):
            raise KqlError(f"a query must be text, not {type(kql).__name__}", code=USAGE)
        if params is not None and not isinstance(params, dict):
            raise KqlError("params must be a dict of name → value", code=USAGE)
        pinned = parse_now(now)
        self._discover(kql)
        if self._compiled is None:
            from hunt.compiler import CompileCache
            self._compiled = CompileCache()
        try:
            return self._compiled.compile(kql, self.catalog, now=pinned, params=params,
                                          probe=self._probe)
        except KqlError as err:
            if err.text is None:
                err.attach(kql)
            raise
        except RecursionError as exc:
            err = KqlRuntimeError("the query is nested too deeply to compile",
                                  help="split it with let statements", code="HUNT499",
                                  text=kql)
            raise err from exc
        except Exception as exc:
            from hunt.engine.failures import internal_error
            raise internal_error(exc) from exc

    def _discover(self, kql: str) -> None:
        """Let the session add the extra columns of the data files of the tables `kql` names
        to the catalog before compiling (starts DuckDB only when such a table has files)."""
        if self._closed or not self.data_dir.is_dir():
            return
        import re
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", kql))
        names = [n for n in words if self.catalog.table(n) is not None
                 and (self.data_dir / n).is_dir()]
        if not names:
            return
        try:
            self._ensure_session().discover(names)
        except KqlError:
            raise
        except Exception:       # noqa: BLE001 - the query itself will report a broken table
            pass

    def _probe(self, sql: str) -> list[tuple]:
        """Rows of a SELECT the compiler needs to see the data of (bag_unpack, pivot output
        columns). Starts DuckDB on first use; runs through the same sandbox and limits."""
        session = self._ensure_session()
        table = session.sql(sql)
        return list(zip(*[c.to_pylist() for c in table.columns])) if table.num_columns else []

    def explain(self, kql: str, now=None, params: Optional[dict[str, Any]] = None) -> str:
        """The SQL of a query, as text (statements separated by ';' lines)."""
        compiled = self.compile(kql, now=now, params=params)
        if self._session is not None:
            # the SQL functions it calls, so that it also runs on the session's connection
            for s in compiled.statements:
                self._session.ensure_functions(s.sql)
        return ";\n\n".join(s.sql.strip().rstrip(";") for s in compiled.statements) + ";"

    # -- run ----------------------------------------------------------------------------------
    def _ensure_session(self):
        if self._closed:
            raise KqlError("this hunt connection is closed", code=USAGE,
                           help="open a new one with hunt.connect()")
        if self._session is None:
            from hunt.engine.session import Session
            try:
                self._session = Session(self.data_dir, self.catalog,
                                        memory_limit=self.memory_limit, threads=self.threads,
                                        timeout=self.timeout, max_rows=self.max_rows,
                                        allow_externaldata=self.allow_externaldata,
                                        cache_dir=self.cache_dir)
            except KqlError:
                raise
            except Exception as exc:
                from hunt.engine.failures import internal_error
                raise internal_error(exc, "cannot start the query engine") from exc
        return self._session

    def query(self, kql: str, now=None, params: Optional[dict[str, Any]] = None, *,
              timeout=..., max_rows=...):
        """Run a query; the Result of its last statement (all of them in `.results`)."""
        if timeout is not ... and timeout is not None and (
                isinstance(timeout, bool) or not isinstance(timeout, (int, float))
                or timeout <= 0):
            raise KqlError(f"invalid timeout: {timeout!r}", code=USAGE,
                           help="give a positive number of seconds, or None for no limit")
        compiled = self.compile(kql, now=now, params=params)
        session = self._ensure_session()
        try:
            results = session.run(compiled, timeout=timeout, max_rows=max_rows)
        except KqlError as err:
            if err.text is None:
                err.attach(kql)
            raise
        except Exception as exc:
            from hunt.engine.failures import internal_error
            raise internal_error(exc) from exc
        if not results:
            raise KqlRuntimeError("the query has no statement that returns rows",
                                  help="end the query with a tabular expression", code=USAGE,
                                  text=kql)
        return results[-1]

    def register(self, name: str, data):
        """Hunt over a DataFrame with KQL: `data` (pandas or polars DataFrame, pyarrow Table)
        becomes table `name` of this connection, its Kusto types read from the Arrow schema
        (dynamic for lists and structs). Registering a name again replaces it; a name of an
        advanced-hunting table shadows that table in this connection. Returns its TableInfo."""
        from hunt.notebook import register
        return register(self, name, data)

    def refresh(self) -> None:
        """Pick up new or removed table folders now (queries also check before running)."""
        if self._session is not None:
            self._session.refresh(force=True)

    def interrupt(self) -> None:
        """Cancel the running query from another thread."""
        if self._session is not None:
            self._session.interrupt()

    def close(self) -> None:
        self._closed = True
        if self._session is not None:
            self._session.close()
            self._session = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self) -> str:
        return f"<hunt.Hunt data={str(self.data_dir)!r}>"


def connect(data=None, **options) -> Hunt:
    """Open a hunting session over a data directory (default: $HUNT_DATA, else the XDG data
    directory ~/.local/share/hunt). Options: catalog, allow_externaldata, timeout (s),
    memory_limit ('4GB' or bytes), threads, max_rows (default 100,000), cache_dir."""
    return Hunt(data, **options)
