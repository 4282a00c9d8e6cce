"""A DuckDB session over a data directory: Parquet views, SQL functions, sandbox, limits.

    session = Session("/data", catalog)
    results = session.run(compiled)          # one Result per statement

The data directory holds one folder per table, `<data>/<Table>/**/*.parquet` (day folders
`date=YYYY-MM-DD`, see hunt.store.layout). A table's view is built when a query first reads
it, and rebuilt when its files change (checked before each query that reads it);
`refresh(force=True)` rebuilds all.

Columns that the files have and the schema does not ("extra" columns, e.g. a field Microsoft
added after our schema snapshot) are kept: building a view appends them, typed from their
Parquet types, to the table's entry in the session's catalog, so the compiler can name them.
`discover(names)` does that before a query is compiled (Hunt.compile calls it).
"""
from __future__ import annotations

import dataclasses
import os
import tempfile
import threading
import time
import weakref
from pathlib import Path
from typing import Optional

from hunt.engine import failures, sandbox, views
from hunt.engine.result import DEFAULT_MAX_ROWS, Result
from hunt.errors import KqlError, KqlRuntimeError
from hunt.semantic.catalog import Catalog, ColumnInfo, TableInfo
from hunt.sqlgen.dialect import quote_ident

DEFAULT_TIMEOUT = 300.0
_BATCH_ROWS = 8192
_UNBUILT = object()
_FUNCTION_MODULES = ("hunt.functions.macros", "hunt.functions.udfs")
# Families installed on first use (start-up time): SQL naming one of these prefixes needs them.
_LAZY_FUNCTION_MODULES = {"kql_geo_": "hunt.functions.geo", "kql_series_": "hunt.functions.series"}


def install_functions(con, modules=_FUNCTION_MODULES) -> list[str]:
    """Run every present `hunt.functions.<module>.install(con)`; returns the installed ones.

    A module that fails to install is reported as a warning, not fatal: every query that does
    not call its functions still runs (and one that does fails with a clear DuckDB error)."""
    import importlib
    import warnings

    done = []
    for name in modules:
        try:
            module = importlib.import_module(name)
            install = getattr(module, "install", None)
            if install is None:
                continue
            install(con)
            done.append(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:        # absent modules are fine (not written yet)
                warnings.warn(f"hunt: cannot import {name}: {exc}", RuntimeWarning)
        except Exception as exc:        # noqa: BLE001 - reported, not fatal
            # macros.install may already have installed udfs: a second install collides
            if "already" in str(exc):
                done.append(name)
                continue
            warnings.warn(f"hunt: {name}.install failed: {type(exc).__name__}: {exc}",
                          RuntimeWarning)
    return done


def _relation_view_name(table: TableInfo) -> Optional[str]:
    """A plain identifier in TableInfo.sql_relation (quoted or not) also gets a view."""
    rel = (table.sql_relation or "").strip()
    if not rel:
        return None
    if len(rel) >= 2 and rel[0] == rel[-1] == '"':
        inner = rel[1:-1]
        return inner.replace('""', '"') if '"' not in inner.replace('""', '') else None
    if rel.replace("_", "a").isalnum():
        return rel
    return None


class Session:
    def __init__(self, data_dir, catalog: Catalog, *, memory_limit=None,
                 threads: Optional[int] = None, timeout: Optional[float] = DEFAULT_TIMEOUT,
                 max_rows: Optional[int] = DEFAULT_MAX_ROWS, allow_externaldata: bool = False,
                 cache_dir=None, temp_directory=None, externaldata_limits=None):
        import duckdb

        self.data_dir = Path(data_dir).expanduser().resolve()
        self.catalog = catalog
        self.timeout = timeout
        self.max_rows = max_rows
        self.allow_externaldata = allow_externaldata
        self.cache_dir = (Path(cache_dir).expanduser().resolve() if cache_dir is not None
                          else self.data_dir / ".cache" / "externaldata")
        self.externaldata_limits = externaldata_limits
        self.memory_limit = sandbox.memory_setting(memory_limit)
        if temp_directory is None:
            temp_directory = os.path.join(tempfile.gettempdir(),
                                          f"hunt-spill-{os.getpid()}-{id(self):x}")
        self._lock = threading.RLock()
        self._view_state: dict[str, Optional[tuple]] = {}
        self._base_tables: dict[str, TableInfo] = {}     # schema entries before extras
        self._ext_names: list[str] = []
        self.con = duckdb.connect(":memory:")
        # DuckDB 2.0's bindings complain on stderr at exit about a connection with Python
        # UDFs that was never closed: close it at the latest then.
        self._finalizer = weakref.finalize(self, self.con.close)
        try:
            sandbox.prelude(self.con, memory_limit=self.memory_limit, threads=threads,
                            temp_directory=str(temp_directory))
            self.functions = install_functions(self.con)
            sandbox.lock(self.con, [str(self.data_dir), str(self.cache_dir)])
        except BaseException:
            self.con.close()
            raise

    # -- views --------------------------------------------------------------------------------
    def _all_tables(self) -> list[TableInfo]:
        internal = getattr(self.catalog, "internal_tables", None)
        tables = [self._base_tables.get(t.name, t) for t in self.catalog.tables()]
        return tables + (list(internal()) if internal else [])

    def discover(self, names) -> None:
        """Build (or check) the views of the named tables now, so that the catalog lists the
        extra columns of their files before a query naming them is compiled."""
        wanted = {n for n in names}
        with self._lock:
            for table in self._all_tables():
                if table.name in wanted:
                    self._ensure_view(table)

    def _files_state(self, table_name: str) -> Optional[tuple]:
        """What the table's view was built from: every Parquet file's path, size and mtime
        (None: no folder). Files added, removed or rewritten under any partition folder
        change it, so the next query that reads the table rebuilds its view."""
        folder = os.path.join(self.data_dir, table_name)
        if not os.path.isdir(folder):
            return None
        items = []
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for f in sorted(files):
                if not f.endswith(".parquet"):
                    continue
                path = os.path.join(root, f)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                items.append((os.path.relpath(path, folder), st.st_size, st.st_mtime_ns))
        return tuple(items)

    def refresh(self, force: bool = False) -> None:
        """Rebuild every view on next use (force); otherwise nothing to do: before each query
        the views it reads are checked against their files."""
        with self._lock:
            if force:
                self._view_state.clear()

    def ensure_views(self, sql: Optional[str] = None) -> None:
        """Create or rebuild the views `sql` reads (all views when sql is None).

        Views are built lazily: a DESCRIBE of a table's Parquet footers costs time, and a
        query reads a few of the ~70 tables. A table counts as read when its quoted name
        appears in the SQL (the compiler always quotes identifiers); anything missed is
        caught by the retry in `_execute`."""
        with self._lock:
            lowered = sql.lower() if sql is not None else None
            for table in self._all_tables():
                names = self._view_names(table)
                if lowered is not None and not any(
                        quote_ident(n).lower() in lowered for n in names):
                    continue
                self._ensure_view(table)

    def _ensure_view(self, table: TableInfo) -> None:
        state = self._files_state(table.name)
        if self._view_state.get(table.name, _UNBUILT) == state:
            return
        self._create_view(table, self._view_names(table), bool(state))
        self._view_state[table.name] = state

    @staticmethod
    def _view_names(table: TableInfo) -> list[str]:
        names = [table.name]
        alias = _relation_view_name(table)
        if alias and alias != table.name:
            names.append(alias)
        return names

    def _with_extras(self, base: TableInfo, file_columns) -> TableInfo:
        """The table's schema plus the extra columns of its files; the catalog gets the same
        entry (internal tables excepted: they are never named by a user)."""
        if self.catalog.table(base.name) is None:
            return base
        self._base_tables.setdefault(base.name, base)
        extras = views.extra_columns(base, file_columns)
        table = base if not extras else dataclasses.replace(
            base, columns=base.columns + tuple(
                ColumnInfo(name, ktype, "not in the schema: found in the data files")
                for name, ktype in extras))
        if self.catalog.table(base.name) != table:
            self.catalog.add(table)
        return table

    def _describe(self, source: str) -> dict[str, str]:
        rows = self.con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
        return {r[0]: r[1] for r in rows}

    def _create_view(self, table: TableInfo, names: list[str], has_files: bool) -> None:
        import duckdb

        source, file_columns, failure = None, None, None
        folder = self.data_dir / table.name
        if has_files:
            # hive partitioning stays off: the day comes from the file's path (views.py)
            source = views.parquet_source(str(folder / "**" / "*.parquet"), hive=False)
            try:
                file_columns = self._describe(source)
            except duckdb.Error as exc:
                failure = failures.first_line(str(exc))
        table = self._with_extras(table, file_columns)
        for name in names:
            if failure is not None:
                self.con.execute(_failing_view(name, table, failure))
                continue
            try:
                self.con.execute(views.view_sql(name, table, source, file_columns))
            except duckdb.Error as exc:
                self.con.execute(_failing_view(name, table, failures.first_line(str(exc))))

    # -- running ------------------------------------------------------------------------------
    def run(self, compiled, *, timeout: Optional[float] = ...,
            max_rows: Optional[int] = ...) -> list[Result]:
        """Run every statement of a CompiledQuery; one Result per statement."""
        timeout = self.timeout if timeout is ... else timeout
        max_rows = self.max_rows if max_rows is ... else max_rows
        max_rows = _apply_query_options(getattr(compiled, "options", None) or {}, max_rows)
        deadline = None if not timeout else time.monotonic() + timeout
        with self._lock:
            self._register_externaldata(compiled)
            try:
                results = []
                for stmt in compiled.statements:
                    results.append(self._run_statement(stmt, deadline, timeout, max_rows))
            finally:
                self._drop_externaldata()
        for r in results:
            r.results = results
        return results

    def _register_externaldata(self, compiled) -> None:
        requests = getattr(compiled, "externaldata", ()) or ()
        if requests:
            from hunt.engine import externaldata    # urllib & co.: only when needed
        for request in requests:
            kwargs = {}
            if self.externaldata_limits is not None:
                kwargs["limits"] = self.externaldata_limits
            try:
                externaldata.register(self.con, request, enabled=self.allow_externaldata,
                                      cache_dir=self.cache_dir, **kwargs)
            except KqlError:
                self._drop_externaldata()
                raise
            self._ext_names.append(request.relation)

    def _drop_externaldata(self) -> None:
        from hunt.sqlgen.dialect import quote_ident

        for name in self._ext_names:
            try:
                self.con.execute(f"DROP VIEW IF EXISTS {quote_ident(name)}")
                self.con.unregister(f"{name}__raw")
            except Exception:       # best effort: the names are per query
                pass
        self._ext_names = []

    def _run_statement(self, stmt, deadline, timeout, max_rows) -> Result:
        started = time.perf_counter()
        table, truncated = self._execute(stmt.sql, deadline, timeout, max_rows)
        columns = list(stmt.columns)
        if not columns and table.num_columns == 1:
            # a table with no columns (e.g. bag_unpack of empty bags): SQL needs one column
            table = table.drop_columns(table.column_names)
        if table.num_columns != len(columns):
            raise KqlRuntimeError(
                f"the generated SQL returned {table.num_columns} columns, "
                f"the compiler promised {len(columns)}",
                help=failures.REPORT_HINT, code=failures.GENERATED_SQL)
        return Result([c.name for c in columns], [c.type for c in columns], table,
                      sql=stmt.sql, truncated=truncated, render=stmt.render,
                      elapsed=time.perf_counter() - started, ordered=stmt.ordered,
                      max_rows=max_rows)

    def ensure_functions(self, sql: str) -> None:
        """Install the lazily loaded function families this SQL calls."""
        for prefix, module in _LAZY_FUNCTION_MODULES.items():
            if prefix in sql and module not in self.functions:
                self.functions += install_functions(self.con, (module,))

    def _execute(self, sql: str, deadline, timeout, max_rows):
        """Guard, build the views the SQL reads, run it under the time limit. One retry after
        rebuilding the views when DuckDB no longer finds a view or one of its columns (files
        changed under a folder whose mtime did not)."""
        import duckdb

        try:
            sandbox.check_statement(self.con, sql)
        except duckdb.Error as exc:
            raise failures.map_duckdb_error(exc) from exc
        self.ensure_views(sql)
        self.ensure_functions(sql)
        for attempt in (0, 1):
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                raise failures.map_duckdb_error(duckdb.InterruptException("timeout"),
                                                timeout=timeout, timed_out=True)
            guard = _Interrupter(self.con, remaining)
            try:
                with guard:
                    return self._fetch(sql, max_rows)
            except (duckdb.CatalogException, duckdb.BinderException, duckdb.IOException) as exc:
                if isinstance(exc, duckdb.IOException) and not _vanished_file(exc):
                    raise failures.map_duckdb_error(exc, timeout=timeout,
                                                    memory_limit=self.memory_limit,
                                                    timed_out=guard.fired) from exc
                # a file listed when the query started was removed since (hunt store prune)
                if attempt == 0 and not guard.fired:
                    self.refresh(force=True)
                    self.ensure_views(None if isinstance(exc, duckdb.CatalogException)
                                      else sql)
                    continue
                raise failures.map_duckdb_error(exc, timeout=timeout) from exc
            except duckdb.Error as exc:
                raise failures.map_duckdb_error(exc, timeout=timeout,
                                                memory_limit=self.memory_limit,
                                                timed_out=guard.fired) from exc
        raise AssertionError("unreachable")

    def _fetch(self, sql: str, max_rows: Optional[int]):
        """Stream the result, stopping after max_rows + 1 rows."""
        import pyarrow as pa

        rel = self.con.sql(sql)
        reader = rel.to_arrow_reader(_BATCH_ROWS)
        try:
            batches, n = [], 0
            for batch in reader:
                batches.append(batch)
                n += batch.num_rows
                if max_rows is not None and n > max_rows:
                    break
            table = pa.Table.from_batches(batches, schema=reader.schema)
        finally:
            reader.close()
            del reader, rel
        truncated = max_rows is not None and table.num_rows > max_rows
        if truncated:
            table = table.slice(0, max_rows)
        return table, truncated

    def sql(self, sql: str, *, timeout: Optional[float] = ...):
        """Run one raw SELECT through the sandbox (for tests, debugging and the compiler's
        probes): an Arrow table with DuckDB's column names, no row cap."""
        timeout = self.timeout if timeout is ... else timeout
        deadline = None if not timeout else time.monotonic() + timeout
        with self._lock:
            return self._execute(sql, deadline, timeout, None)[0]

    def interrupt(self) -> None:
        """Cancel the running query (from another thread)."""
        self.con.interrupt()

    def close(self) -> None:
        with self._lock:
            if self.con is not None:
                self._finalizer()
                self.con = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _failing_view(name: str, table: TableInfo, reason: str) -> str:
    """A view with the table's schema that raises `reason` when (and only when) it is read:
    one damaged file must not stop queries on the other tables."""
    from hunt.sqlgen.dialect import quote_ident, string_literal
    from hunt import types as T
    from hunt.store.layout import PARTITION_COLUMN
    cols = ", ".join([f"CAST(NULL AS {T.DUCKDB_TYPES.get(c.type, 'JSON')}) AS {quote_ident(c.name)}"
                      for c in table.columns] +
                     [f"CAST(NULL AS DATE) AS {quote_ident(PARTITION_COLUMN)}"])
    message = string_literal(f"cannot read the Parquet files of table {table.name}: {reason}")
    return (f"CREATE OR REPLACE VIEW {quote_ident(name)} AS SELECT {cols or 'NULL AS _'} "
            f"FROM (SELECT error({message}) AS e) WHERE e IS NULL")


def _vanished_file(exc) -> bool:
    text = str(exc).lower()
    return "no such file" in text or "no files found" in text


def _apply_query_options(options: dict, max_rows: Optional[int]) -> Optional[int]:
    """`set notruncation;` lifts the row cap, `set truncationmaxrecords = N;` lowers it."""
    opts = {str(k).lower(): v for k, v in options.items()}
    if opts.get("notruncation") not in (None, False):
        return None
    n = opts.get("truncationmaxrecords")
    if isinstance(n, (int, float)) and not isinstance(n, bool) and n >= 0:
        return int(n) if max_rows is None else min(int(n), max_rows)
    return max_rows


class _Interrupter:
    """Interrupts the connection after `seconds` unless the block finished first."""

    def __init__(self, con, seconds: Optional[float]):
        self.con = con
        self.seconds = seconds
        self.fired = False
        self._done = False
        self._mutex = threading.Lock()
        self._timer: Optional[threading.Timer] = None

    def _fire(self):
        with self._mutex:
            if not self._done:
                self.fired = True
                self.con.interrupt()

    def __enter__(self):
        if self.seconds is not None and self.seconds > 0:
            self._timer = threading.Timer(self.seconds, self._fire)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, *exc):
        with self._mutex:
            self._done = True
        if self._timer is not None:
            self._timer.cancel()
        return False
