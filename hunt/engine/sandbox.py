"""The DuckDB sandbox: a query may read the data directory and nothing else, and change nothing.

Two layers. DuckDB's own settings (locked, so SQL cannot undo them) confine file access to the
data directory and the externaldata cache, and forbid installing or loading extensions. DuckDB
grants *write* access to an allowed directory too, so every statement the engine runs for a
query also passes `check_statement`: exactly one SELECT, nothing else (no COPY, ATTACH, SET,
PRAGMA, CREATE, ...). The compiler never emits user SQL; this is defence in depth. Parsing
costs ~1.5 ms a query, so compiled SQL first gets the lexical look of `plainly_one_select`
(tens of microseconds), and is parsed only when that look is not conclusive; raw SQL is
always parsed.
"""
from __future__ import annotations

import os
import re
from typing import Iterable, Optional

from hunt.errors import KqlRuntimeError
from hunt.sqlgen.dialect import string_literal

SANDBOX_CODE = "HUNT405"


def default_memory_limit() -> Optional[str]:
    """Half of the machine's RAM (DuckDB's own default is 80%), or None when unknown."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None
    if total <= 0:
        return None
    return f"{max(64, total // 2 // (1024 * 1024))}MiB"


def memory_setting(value) -> Optional[str]:
    """`memory_limit=` as given by a user: bytes (int), a DuckDB size text ('4GB'), or None."""
    if value is None:
        return default_memory_limit()
    if isinstance(value, bool):
        raise ValueError("memory_limit must be a size such as '4GB' or a number of bytes")
    if isinstance(value, (int, float)):
        if value <= 0:
            raise ValueError("memory_limit must be positive")
        return f"{int(value) // (1024 * 1024) or 1}MiB"
    text = str(value).strip()
    if not text:
        raise ValueError("memory_limit must not be empty")
    return text


def prelude(con, *, memory_limit: Optional[str], threads: Optional[int],
            temp_directory: Optional[str]) -> None:
    """Session settings every query relies on (sql_mapping_notes §0.2), set before locking."""
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET error_on_division_by_zero = false")
    # DuckDB prints a progress bar on stdout for long queries: never in a library. In
    # Jupyter without ipywidgets DuckDB refuses to change the setting (it is off there).
    import duckdb
    try:
        con.execute("SET enable_progress_bar = false")
    except duckdb.InvalidInputException:
        pass
    # A table name the compiler emits must never resolve to a Python variable of the caller.
    con.execute("SET python_enable_replacements = false")
    con.execute("SET preserve_insertion_order = true")
    if memory_limit:
        con.execute(f"SET memory_limit = {string_literal(memory_limit)}")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if temp_directory:
        con.execute(f"SET temp_directory = {string_literal(temp_directory)}")


def lock(con, allowed_directories: Iterable[str]) -> None:
    """Confine the connection to `allowed_directories` and lock every setting."""
    dirs = ", ".join(string_literal(str(d)) for d in allowed_directories)
    con.execute(f"SET allowed_directories = [{dirs}]")
    con.execute("SET enable_external_access = false")
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    con.execute("SET allow_community_extensions = false")
    con.execute("SET lock_configuration = true")


def check_statement(con, sql: str) -> None:
    """Refuse anything but a single SELECT (the only statement a compiled query contains)."""
    import duckdb

    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        # A parse failure of compiled SQL is the compiler's bug; the caller maps it.
        raise exc
    if len(statements) != 1:
        raise KqlRuntimeError(
            f"refused to run {len(statements)} SQL statements at once",
            help="the engine runs exactly one SELECT per compiled statement",
            code=SANDBOX_CODE)
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        name = getattr(kind, "name", str(kind))
        raise KqlRuntimeError(
            f"refused to run a statement of type {name}: queries are read-only",
            help="only SELECT statements run in a hunt session",
            code=SANDBOX_CODE)


# String literals, quoted names and line comments: what a keyword search must not look into.
_OPAQUE = re.compile(r"'[^']*(?:''[^']*)*'|\"[^\"]*(?:\"\"[^\"]*)*\"|--[^\n]*")
# An E'' literal, whose backslash escapes the look above does not follow.
_E_STRING = re.compile(r"(?<![A-Za-z0-9_])[eE]'")
_WORD = re.compile(r"[A-Z_]+")
# Words that begin (or, after WITH, continue) a statement other than a SELECT.
_NOT_SELECT = frozenset("""
    INSERT UPDATE DELETE MERGE TRUNCATE COPY EXPORT IMPORT ATTACH DETACH INSTALL LOAD SET RESET
    PRAGMA CALL CREATE DROP ALTER USE BEGIN COMMIT ROLLBACK ABORT CHECKPOINT VACUUM ANALYZE
    PREPARE EXECUTE DEALLOCATE DESCRIBE SHOW SUMMARIZE EXPLAIN PIVOT UNPIVOT""".split())
_SELECT_START = ("SELECT", "WITH", "FROM", "VALUES", "(")


def plainly_one_select(sql: str) -> bool:
    """True when `sql` is certainly a single SELECT, from its text alone: it starts as a
    SELECT does, and outside its string literals, quoted names and comments it holds no `;`
    but a final one, no `$` (dollar quoting, parameters) and no word that begins another kind
    of statement. False means "parse it" (`check_statement`), not "refuse it": a compiled
    statement rarely gets there. (~30 us for 1 KB of SQL; a parse takes ~1.5 ms.)"""
    if "/*" in sql:             # DuckDB nests block comments; this look does not
        return False
    if "\\" in sql and _E_STRING.search(sql):
        return False
    bare = _OPAQUE.sub(" ", sql).strip().upper()
    while bare.endswith(";"):
        bare = bare[:-1].rstrip()
    if ";" in bare or "$" in bare or not bare.startswith(_SELECT_START):
        return False
    return _NOT_SELECT.isdisjoint(_WORD.findall(bare))
