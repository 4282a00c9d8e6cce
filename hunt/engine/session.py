"""A DuckDB session over a data directory: Parquet views, SQL functions, sandbox, limits.

    session = Session("/data", catalog)
    results = session.run(compiled)          # one Result per statement

The data directory holds one folder per table, `<data>/<Table>/**/*.parquet` (day folders
`date=YYYY-MM-DD`, see hunt.store.layout). A table's view is built when a query first reads
it, and rebuilt when its files change (checked before each query that reads it);
`refresh(force=True)` rebuilds all. A view names the files it reads (views.py), those listed
when it was built; it is rebuilt when the set of files changes, which is checked just before
every query that reads it, so a query reads the files present then. The view's columns and
their conversions depend on the files' schemas: each file's Parquet schema is read once (kept
while its path, size and mtime stay), and files that all have the same schema are read without
union_by_name (which reads every footer at every bind). The check is cheap: the modification
times of the table's folders, which every file added, removed or renamed in them changes
(hunt's writers only ever add, rename or remove files); only when a folder changed, or changed
too recently for its time to be trusted, are the files themselves listed again. A file rewritten in place, under its name, is not noticed
until something else changes in its folder (a query it breaks rebuilds the views and runs
again).

Files may vanish while a query runs (`hunt store prune` moves whole day folders away): a
query that fails because a file it listed is gone, or because a view no longer matches its
files, rebuilds the views and runs again (a few times, see `_execute`), so it sees the data
before or after the change, never an error.

SQL functions: the kql_* macros and UDFs are created on the connection when a statement
first calls one of them (start-up time), see `_Functions`.

Columns that the files have and the schema does not ("extra" columns, e.g. a field Microsoft
added after our schema snapshot) are kept: building a view appends them, typed from their
Parquet types, to the table's entry in the session's catalog, so the compiler can name them.
`discover(names)` does that before a query is compiled (Hunt.compile calls it).
"""
from __future__ import annotations

import dataclasses
import os
import re
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
_FUNCTION_MODULES = ("hunt.functions.macros", "hunt.functions.udfs")
# Families installed on first use (start-up time): SQL naming one of these prefixes needs them.
_LAZY_FUNCTION_MODULES = {"kql_geo_": "hunt.functions.geo", "kql_series_": "hunt.functions.series"}
# How often a query runs again when files vanish under it (hunt store prune), and how often a
# view whose files vanished while it was being built is built again.
_VANISHED_ATTEMPTS = 12
_BUILD_ATTEMPTS = 3
# A folder modified less than this long ago may change again within the same tick of the file
# system's clock without its mtime moving: its files are listed again at every check.
_RACY_NS = 2_000_000_000

_QUOTED_IDENT = re.compile(r'"([^"]*(?:""[^"]*)*)"')
_KQL_NAME = re.compile(r"kql_\w+")
_CREATE_MACRO = re.compile(
    r"\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?MACRO\s+([A-Za-z_][A-Za-z0-9_]*)",
    re.IGNORECASE)


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


class _Recorder:
    """Stands in for the connection while the function modules install: each CREATE MACRO
    statement and each create_function call is kept under its function's name instead of
    being run; anything else (the modules' own look-ups) runs on the connection."""

    def __init__(self, con):
        self._con = con
        self.items: dict[str, tuple] = {}       # lower-case name -> ("sql", text) | ("udf", ...)

    def execute(self, sql, *args, **kwargs):
        if isinstance(sql, str) and "duckdb_functions()" in sql and "kql" in sql:
            # which kql_* functions exist (udfs.install, to be idempotent): none yet on this
            # connection, all are being recorded (and duckdb_functions() costs ~30 ms)
            return _NoRows()
        names = _CREATE_MACRO.findall(sql) if isinstance(sql, str) and not args else []
        if not names or not sql.lstrip()[:6].upper() == "CREATE":
            return self._con.execute(sql, *args, **kwargs)
        item = ("sql", sql)
        for name in names:
            self.items[name.lower()] = item
        return self

    def create_function(self, name, *args, **kwargs):
        self.items[name.lower()] = ("udf", name, args, kwargs)
        return self

    def remove_function(self, name):
        if self.items.pop(name.lower(), None) is None:
            return self._con.remove_function(name)
        return self

    def __getattr__(self, name):
        return getattr(self._con, name)


class _NoRows:
    def fetchall(self):
        return []

    def fetchone(self):
        return None


class _Functions:
    """The kql_* SQL functions of a session, created on the connection when first called.

    At start-up the function modules install into a `_Recorder` (no DuckDB work: creating
    ~100 macros and UDFs costs ~60 ms, and most queries call none); `ensure(sql)` then creates
    the functions a statement calls, with those their macro bodies call, in the order the
    modules defined them (a macro's body must name existing functions)."""

    def __init__(self, con):
        self.con = con
        self.recorder = _Recorder(con)
        self.modules = install_functions(self.recorder)
        self.pending = self.recorder.items
        self._order = {name: i for i, name in enumerate(self.pending)}
        self._others = [n for n in self.pending if not n.startswith("kql_")]

    def _called(self, text: str) -> set[str]:
        """The pending functions `text` names, as the modules spell them (lower case; a call
        spelled otherwise fails on a missing function, and `_execute` then creates all)."""
        found = set(_KQL_NAME.findall(text))
        found.update(n for n in self._others if n in text)
        return found & self.pending.keys()

    def ensure(self, sql: str) -> None:
        if not self.pending:
            return
        wanted = self._called(sql)
        if not wanted:
            return
        todo, stack = set(), list(wanted)
        while stack:
            name = stack.pop()
            if name in todo or name not in self.pending:
                continue
            todo.add(name)
            item = self.pending[name]
            if item[0] == "sql":
                stack.extend(self._called(item[1]) - todo)
        self._create(sorted(todo, key=self._order.__getitem__))

    def install_all(self) -> None:
        self._create(list(self.pending))

    def _create(self, names: list[str]) -> None:
        import warnings

        items, seen = [], set()
        for name in names:
            item = self.pending.pop(name, None)
            if item is not None and id(item) not in seen:
                seen.add(id(item))
                items.append(item)
        for item in items:          # UDFs first: macro bodies call them
            if item[0] == "udf":
                _, name, args, kwargs = item
                try:
                    self.con.create_function(name, *args, **kwargs)
                except Exception as exc:     # noqa: BLE001 - as install_functions does
                    if "already" not in str(exc):
                        warnings.warn(f"hunt: cannot create {name}: {exc}", RuntimeWarning)
        macros = [item[1].strip().rstrip(";") for item in items if item[0] == "sql"]
        if not macros:
            return
        try:
            self.con.execute(";\n".join(macros))
        except Exception:               # noqa: BLE001 - one at a time, each reported
            for text in macros:
                try:
                    self.con.execute(text)
                except Exception as exc:     # noqa: BLE001
                    if "already" not in str(exc):
                        warnings.warn(f"hunt: cannot create a macro: {exc}", RuntimeWarning)


def _open_stream():
    """How a statement runs: a function (con, sql) -> pyarrow RecordBatchReader that binds and
    runs the statement once. (`con.sql(sql).to_arrow_reader()` binds it twice: once for the
    relation's schema, once to run; the bind of a view over many Parquet files reads their
    footers, ~8 ms on the benchmark's tables.)"""
    try:
        from duckdb import _seam        # DuckDB 2.x: the call its relations end in
        submit = _seam.submit
    except (ImportError, AttributeError):
        submit = None

    def run(con, sql: str):
        if submit is not None:
            try:
                return submit(con, sql, None, "stream", _BATCH_ROWS).arrow_reader()
            except TypeError:           # text DuckDB cannot take (a lone surrogate): its error
                pass
        if hasattr(con, "fetch_record_batch"):      # DuckDB 1.x: execute once, stream
            return con.execute(sql).fetch_record_batch(_BATCH_ROWS)
        return con.sql(sql).to_arrow_reader(_BATCH_ROWS)
    # submit refuses a text of several statements before running any of them
    run.one_statement = submit is not None
    return run


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


@dataclasses.dataclass(frozen=True)
class _Snapshot:
    """What a table's view was built from."""
    files: Optional[tuple]      # (path in the table folder, size, mtime_ns) per Parquet file;
                                # None: no table folder
    folders: tuple              # (path, mtime_ns or None when absent) of every folder listed
    settled: bool               # every folder's mtime older than _RACY_NS when listed


def _snapshot(folder: str) -> _Snapshot:
    """List the Parquet files under `folder` (every depth, as the view's `**` glob does; folders
    that are symbolic links are not entered, as before), with each folder's mtime, taken
    before listing it: a change after the listing moves it."""
    now = time.time_ns()
    files, folders = [], []
    prefix = len(folder) + 1
    stack = [folder]
    while stack:
        path = stack.pop()
        try:
            mtime = os.stat(path).st_mtime_ns
            with os.scandir(path) as it:
                entries = list(it)
        except OSError:
            if path == folder:
                return _Snapshot(None, ((folder, None),), True)
            continue            # a sub-folder removed while listing: its parent's mtime moved
        folders.append((path, mtime))
        for entry in entries:
            try:
                if entry.is_dir():
                    if not entry.is_symlink():
                        stack.append(entry.path)
                elif entry.name.endswith(".parquet"):
                    st = entry.stat()
                    files.append((entry.path[prefix:], st.st_size, st.st_mtime_ns))
            except OSError:
                continue
    files.sort()
    settled = all(now - m >= _RACY_NS for _, m in folders)
    return _Snapshot(tuple(files), tuple(folders), settled)


def _unchanged(snap: _Snapshot) -> bool:
    """True when no folder of a settled snapshot changed since (a stat per folder)."""
    if not snap.settled:
        return False
    for path, mtime in snap.folders:
        try:
            now = os.stat(path).st_mtime_ns
        except OSError:
            now = None
        if now != mtime:
            return False
    return True


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
        self._view_state: dict[str, _Snapshot] = {}
        # table -> {file path: (size, mtime_ns, Parquet schema signature)}
        self._schemas: dict[str, dict[str, tuple]] = {}
        self._index_key: Optional[tuple] = None
        self._base_tables: dict[str, TableInfo] = {}     # schema entries before extras
        self._ext_names: list[str] = []
        self._open = _open_stream()
        self.con = duckdb.connect(":memory:")
        # DuckDB 2.0's bindings complain on stderr at exit about a connection with Python
        # UDFs that was never closed: close it at the latest then.
        self._watchdog = _Watchdog(self.con)
        self._finalizer = weakref.finalize(self, _shutdown, self.con, self._watchdog)
        try:
            sandbox.prelude(self.con, memory_limit=self.memory_limit, threads=threads,
                            temp_directory=str(temp_directory))
            # footers read once per file, not per query (DuckDB checks that a file is
            # unchanged before using them): ~25% off a short query over 30 day files
            self.con.execute("SET parquet_metadata_cache = true")
            self._functions = _Functions(self.con)
            self.functions = list(self._functions.modules)
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
        """Every Parquet file of the table's folder: (path, size, mtime_ns); None: no folder."""
        return _snapshot(os.path.join(self.data_dir, table_name)).files

    def refresh(self, force: bool = False) -> None:
        """Rebuild every view on next use (force); otherwise nothing to do: before each query
        the views it reads are checked against their files."""
        with self._lock:
            if force:
                self._view_state.clear()
                self._schemas.clear()

    def ensure_views(self, sql: Optional[str] = None) -> None:
        """Create or rebuild the views `sql` reads (all views when sql is None).

        Views are built lazily: a DESCRIBE of a table's Parquet footers costs time, and a
        query reads a few of the ~70 tables. A table counts as read when its name appears
        quoted in the SQL (the compiler always quotes identifiers; DuckDB compares them
        without case); anything missed is caught by the retry in `_execute`."""
        with self._lock:
            tables = self._all_tables()
            if sql is None:
                for table in tables:
                    self._ensure_view(table)
                return
            index = self._name_index(tables)
            named = {m.replace('""', '"').lower() for m in _QUOTED_IDENT.findall(sql)}
            done = set()
            for name in named:
                for table in index.get(name, ()):
                    if table.name not in done:
                        done.add(table.name)
                        self._ensure_view(table)

    def _name_index(self, tables: list[TableInfo]) -> dict[str, list[TableInfo]]:
        """Lower-case view name -> the tables it reads; kept while the catalog's entries are
        the same objects (the cache holds them, so their ids stay theirs)."""
        key = tuple(map(id, tables))
        if self._index_key is None or self._index_key[0] != key:
            index: dict[str, list[TableInfo]] = {}
            for table in tables:
                for name in self._view_names(table):
                    index.setdefault(name.lower(), []).append(table)
            self._index_key = (key, tables, index)
        return self._index_key[2]

    def _ensure_view(self, table: TableInfo) -> None:
        built = self._view_state.get(table.name)
        if built is not None and _unchanged(built):
            return
        folder = os.path.join(self.data_dir, table.name)
        for attempt in range(_BUILD_ATTEMPTS):
            snap = _snapshot(folder)
            if built is not None and built.files == snap.files:
                self._view_state[table.name] = snap       # same files: newer folder times
                return
            last = attempt == _BUILD_ATTEMPTS - 1
            if self._create_view(table, self._view_names(table), snap.files or (),
                                 keep_going=last):
                self._view_state[table.name] = snap
                return
            if last:
                # built with the failure: not recorded, so the next query tries again
                self._view_state.pop(table.name, None)
                return

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

    def _same_schemas(self, table_name: str, paths: list[str], files: tuple) -> bool:
        """True when every file has the same Parquet schema (names, types and order of its
        columns, nested ones included: views.schema_signature). Each file's schema is read
        once, from its footer, and kept while the file's size and mtime stay."""
        known = self._schemas.get(table_name, {})
        seen = {v[2] for v in known.values() if v[2] is not None}
        current = {}
        for path, (_, size, mtime) in zip(paths, files):
            got = known.get(path)
            if got is None or got[0] != size or got[1] != mtime:
                try:
                    sig = views.schema_signature(path, seen)
                except OSError:
                    sig = None          # gone or unreadable: DuckDB will say so
                got = (size, mtime, sig)
            current[path] = got
        self._schemas[table_name] = current
        sigs = {v[2] for v in current.values()}
        return len(sigs) == 1 and None not in sigs

    def _create_view(self, table: TableInfo, names: list[str], files: tuple,
                     keep_going: bool = True) -> bool:
        """Create the table's views over `files` (the snapshot's: (path in the table folder,
        size, mtime_ns)); False (and nothing done) when a file vanished while its footer was
        read and `keep_going` is false, so the caller lists the files again."""
        import duckdb

        source, file_columns, failure, partition = None, None, None, None
        folder = str(self.data_dir / table.name)
        if files:
            rel = [f[0] for f in files]
            paths = [os.path.join(folder, r) for r in rel]
            try:
                by_name = not self._same_schemas(table.name, paths, files)
                file_columns = self._describe(
                    views.parquet_source(paths, union_by_name=by_name, filename=False))
                partition = views.partition_mode(folder, rel, file_columns)
                source = views.parquet_source(paths, hive=partition == views.PARTITION_DAY,
                                              union_by_name=by_name,
                                              filename=partition == views.PARTITION_PATH)
            except duckdb.Error as exc:
                self._schemas.pop(table.name, None)
                if not keep_going and _vanished_file(exc):
                    return False
                failure = failures.first_line(str(exc))
        table = self._with_extras(table, file_columns)
        for name in names:
            if failure is not None:
                self.con.execute(_failing_view(name, table, failure))
                continue
            try:
                self.con.execute(views.view_sql(name, table, source, file_columns, partition))
            except duckdb.Error as exc:
                self.con.execute(_failing_view(name, table, failures.first_line(str(exc))))
        return failure is None or not _vanished_file(failure)

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
        for name in self._ext_names:
            try:
                self.con.execute(f"DROP VIEW IF EXISTS {quote_ident(name)}")
                self.con.unregister(f"{name}__raw")
            except Exception:       # best effort: the names are per query
                pass
        self._ext_names = []

    def _run_statement(self, stmt, deadline, timeout, max_rows) -> Result:
        started = time.perf_counter()
        table, truncated = self._execute(stmt.sql, deadline, timeout, max_rows, compiled=True)
        columns = stmt.columns
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
        """Create the SQL functions this SQL calls (kql_* macros and UDFs, and the lazily
        imported families), so that it can run on `self.con`."""
        with self._lock:
            for prefix, module in _LAZY_FUNCTION_MODULES.items():
                if prefix in sql and module not in self.functions:
                    self.functions += install_functions(self.con, (module,))
            self._functions.ensure(sql)

    def install_all_functions(self) -> None:
        """Create every kql_* function now (for raw SQL run on `self.con` directly)."""
        with self._lock:
            self._functions.install_all()

    def _execute(self, sql: str, deadline, timeout, max_rows, compiled: bool = False):
        """Guard, build the views the SQL reads, run it under the time limit.

        Runs again after rebuilding the views when DuckDB no longer finds a view or one of its
        columns, or a file's schema is not the one its view was built for (once), or a file it
        listed is gone (up to _VANISHED_ATTEMPTS times: `hunt store prune` may remove several
        days while a query runs)."""
        import duckdb

        # Compiled SQL is one SELECT by construction: a lexical look suffices unless the text
        # holds something else (sandbox.plainly_one_select) or the runner would run several
        # statements; raw SQL is always parsed.
        if not (compiled and self._open.one_statement and sandbox.plainly_one_select(sql)):
            try:
                sandbox.check_statement(self.con, sql)
            except duckdb.Error as exc:
                raise failures.map_duckdb_error(exc) from exc
        self.ensure_functions(sql)
        every_view, stale_retried = False, False
        for attempt in range(_VANISHED_ATTEMPTS):
            self.ensure_views(None if every_view else sql)
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                raise failures.map_duckdb_error(duckdb.InterruptException("timeout"),
                                                timeout=timeout, timed_out=True)
            guard = _Interrupter(self._watchdog, remaining)
            try:
                with guard:
                    return self._fetch(sql, max_rows)
            except duckdb.Error as exc:
                vanished = _vanished_file(exc)
                stale = (isinstance(exc, (duckdb.CatalogException, duckdb.BinderException))
                         or _schema_changed(exc))
                if guard.fired or attempt == _VANISHED_ATTEMPTS - 1 or not (
                        vanished or (stale and not stale_retried)):
                    raise failures.map_duckdb_error(exc, timeout=timeout,
                                                    memory_limit=self.memory_limit,
                                                    timed_out=guard.fired) from exc
                # files changed under the views since they were built (hunt store prune)
                stale_retried = stale_retried or not vanished
                if isinstance(exc, duckdb.CatalogException):
                    every_view = True           # a view, or a function spelled otherwise
                    self.install_all_functions()
                self.refresh(force=True)
                if attempt:
                    time.sleep(min(0.2, 0.005 * 2 ** attempt))
        raise AssertionError("unreachable")

    def _fetch(self, sql: str, max_rows: Optional[int]):
        """Stream the result, stopping after max_rows + 1 rows."""
        import pyarrow as pa

        reader = self._open(self.con, sql)
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
            del reader
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
    """A file or folder that was listed is gone (an exception, or its message)."""
    text = str(exc).lower()
    return ("no such file" in text or "no files found" in text
            or ("cannot open file" in text and "not found" in text))


def _schema_changed(exc) -> bool:
    """A file no longer has the schema its view was built for (rewritten in place under its
    name, unnoticed: its folder did not change): a view read without union_by_name says so."""
    return "schema mismatch" in str(exc).lower()


def _apply_query_options(options: dict, max_rows: Optional[int]) -> Optional[int]:
    """`set notruncation;` lifts the row cap, `set truncationmaxrecords = N;` lowers it."""
    opts = {str(k).lower(): v for k, v in options.items()}
    if opts.get("notruncation") not in (None, False):
        return None
    n = opts.get("truncationmaxrecords")
    if isinstance(n, (int, float)) and not isinstance(n, bool) and n >= 0:
        return int(n) if max_rows is None else min(int(n), max_rows)
    return max_rows


class _Watchdog:
    """One thread per session that interrupts the connection when the running query's deadline
    passes (a threading.Timer per query cost ~0.3 ms: a thread started and stopped each time).
    Started on first use; `close()` ends it."""

    def __init__(self, con):
        self.con = con
        self._cond = threading.Condition()
        self._deadline: Optional[float] = None      # time.monotonic() of the armed query
        self._fired = False
        self._closed = False
        self._thread: Optional[threading.Thread] = None

    def _loop(self) -> None:
        with self._cond:
            while not self._closed:
                if self._deadline is None:
                    self._cond.wait()
                    continue
                left = self._deadline - time.monotonic()
                if left > 0:
                    self._cond.wait(left)
                    continue
                self._deadline = None
                self._fired = True
                self.con.interrupt()

    def arm(self, seconds: float) -> None:
        with self._cond:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="hunt-query-timeout",
                                                daemon=True)
                self._thread.start()
            self._fired = False
            self._deadline = time.monotonic() + seconds
            self._cond.notify()

    def disarm(self) -> bool:
        """Stop watching; True when the deadline had passed and the query was interrupted."""
        with self._cond:
            self._deadline = None
            fired, self._fired = self._fired, False
            return fired

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()


def _shutdown(con, watchdog: _Watchdog) -> None:
    watchdog.close()
    con.close()


class _Interrupter:
    """Interrupts the connection after `seconds` unless the block finished first."""

    def __init__(self, watchdog: _Watchdog, seconds: Optional[float]):
        self.watchdog = watchdog
        self.seconds = seconds
        self.fired = False
        self._armed = False

    def __enter__(self):
        if self.seconds is not None and self.seconds > 0:
            self.watchdog.arm(self.seconds)
            self._armed = True
        return self

    def __exit__(self, *exc):
        if self._armed:
            self.fired = self.watchdog.disarm()
        return False
