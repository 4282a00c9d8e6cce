"""JSON exports → typed Arrow tables per advanced-hunting table, in DuckDB, one chunk at a time.

Shapes understood (any mix, one per line or as one document, .gz or not):
  - a Streaming API record      {"time", "tenantId", "operationName",
                                 "category": "AdvancedHunting-<Table>", "properties": {...}}
  - an Event Hubs message        {"records": [record, ...]}
  - an API / Graph response      {"Schema"|"schema": [...], "Results"|"results": [row, ...]}
  - a JSON array of any of these, and plain row objects when the table is known (--table)

Each record is parsed once by `json_transform` into the table's columns (as text), coerced
by hunt.store.coerce, and split into rows to store and rows to quarantine with their reason.
The table of a streaming record comes from a cheap look at its first bytes (`"category":"`),
checked against the parsed category; records whose look was wrong are routed again.

Streaming records wait until a few hundred MB are buffered, then each category is coerced
in one query, the fastest way that works (the rows stored are the same every way: tests/
test_ingest_fast.py): STRICT (the records have exactly the property keys the category's
records had before, at first the schema's columns: checked in the same query), FAST (every
record valid JSON: no TRY; the keys collected first), CAREFUL (each record on its own).
Event Hubs messages whose records are all of one category are coerced in place (MESSAGES);
others are taken apart ahead of time by the read-ahead thread (hunt.store.ingest).

The STRICT coercions of a buffer run first, on worker cursors at once, each over its part of
the rows (`_strict_pass`); a group that fails there goes on the usual way. Streaming records
are read by prepared statements from `__feed`, a source whose rows are set before each
execution (RunCache.run_fed): binding and planning a coercing SELECT costs ~35 ms, running a
prepared one ~5 ms.
"""
from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from typing import Optional

from hunt import types as T
from hunt.store import coerce as C
from hunt.store.sink import TableSink, extra_kind_sql, finish_group
from hunt.sqlgen.dialect import string_literal

CATEGORY_PREFIX = "advancedhunting-"
_PREFIX = 600        # a line this long or shorter may be blank (whitespace only)
PENDING_BYTES = 384 << 20   # text of streaming records buffered before it is coerced
_BLANKS = string_literal(" \t\r\n")
_BATCH_START = string_literal(r'^\s*\{\s*"records"\s*:')
_CATEGORY = string_literal(r'"category"\s*:\s*"([^"\\]*)"')
_API_KEYS = ("Results", "results")
_SCHEMA_KEYS = ("Schema", "schema")
# ways of coercing a group of records (JsonReader.coerce), fastest first
STRICT, FAST, CAREFUL = "strict", "fast", "careful"
MESSAGES = "messages"       # Records.kind: Event Hubs messages, records of one category
MESSAGE_ROWS = 16           # messages per Arrow batch (their records: a DuckDB vector or so)
WORKERS = min(4, os.cpu_count() or 1)   # cursors coercing parts of the rows at once
PARALLEL_BYTES = 4 << 20    # less text buffered: coerced by one query, on one thread
_NONE = object()


class _Fallback(Exception):
    """Messages coerced in place hold a record that cannot be stored as it is: their
    records are taken out and coerced one by one (JsonReader._messages)."""


def session_settings(con) -> None:
    """The settings of every connection (or cursor: they do not inherit them) that
    ingests: UTC, no progress bar, no Python variables read as tables."""
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")
    con.execute("SET python_enable_replacements = false")


def api_type(name: str) -> Optional[str]:
    """The Kusto type of an API schema's column type name ("DateTime", "Int64", "Object")."""
    n = (name or "").strip().lower()
    return {"object": T.DYNAMIC, "sbyte": T.BOOL, "byte": T.INT, "int16": T.INT,
            "single": T.REAL}.get(n) or T.normalize(n) or T.normalize("system." + n)


def line_values(lines):
    """JSON values (Arrow: __line, __idx, text) of a chunk of lines (__line, text)."""
    import pyarrow as pa
    return pa.table({"__line": lines.column("__line"),
                     "__idx": pa.nulls(lines.num_rows, pa.int64()),
                     "text": lines.column("text")})


def classify(con, values):
    """What each JSON value (Arrow: __line, __idx, text) looks like, by a cheap look that
    does not parse it (RE2 stops at the first match; the anchored test of a message fails
    at the first key of a record): Arrow (rec, other, batch, g = the category of a record,
    mg = the category of a message's records when every "category" in it is that one: a
    guess too, which `coerce` checks record by record).
    A wrong guess costs time, never a record, as `coerce` checks the category it parses.
    Any connection (or cursor) will do: the read-ahead thread has its own. The flags come
    from SQL: a Python literal in pyarrow.compute imports pandas."""
    con.register("__lines", values)
    try:
        return con.sql(f"""
            SELECT rec, other, batch, g,
                   CASE WHEN len(list_distinct(l)) = 1 THEN l[1] END AS mg
            FROM (SELECT kind = 'record' AS rec, kind = 'other' AS other,
                         kind = 'batch' AS batch, CASE WHEN kind = 'record' THEN g END AS g,
                         CASE WHEN kind = 'batch' THEN regexp_extract_all(
                             text, {_CATEGORY}, 1) END AS l
                  FROM (SELECT text, g,
                               CASE WHEN CASE WHEN strlen(text) <= {_PREFIX}
                                              THEN trim(text, {_BLANKS}) = '' ELSE false END
                                    THEN 'blank'
                                    WHEN regexp_matches(text, {_BATCH_START}) THEN 'batch'
                                    WHEN g = '' THEN 'other' ELSE 'record' END AS kind
                        FROM (SELECT text, regexp_extract(text, {_CATEGORY}, 1) AS g
                              FROM __lines)))""").to_arrow_table()
    finally:
        con.unregister("__lines")


def expand(con, values, path: str, keep_broken: bool = False):
    """The elements of arrays at `path` (Arrow: __line, __idx = 1-based position, text);
    any connection or cursor will do (the read-ahead thread has its own).
    keep_broken: also the values that are not JSON with such an array, untouched.
    One query taking every value for valid JSON first (a value without the array gives
    one row with __idx null); only if DuckDB finds one that is not, each on its own."""
    import duckdb
    import numpy as np
    import pyarrow.compute as pc
    from hunt.store.sources import int64_array
    values = values.append_column("__pos", int64_array(np.arange(values.num_rows)))
    con.register("__arrays", values)
    try:
        try:
            rows = con.sql(f"""
                SELECT __pos, __line,
                       unnest(CASE WHEN r IS NULL THEN [NULL] ELSE range(1, len(r) + 1)
                              END) AS __idx,
                       CAST(unnest(CASE WHEN r IS NULL THEN [NULL] ELSE r END) AS VARCHAR)
                           AS text
                FROM (SELECT __pos, __line, json_extract(text, {string_literal(path)}) AS r
                      FROM __arrays)""").to_arrow_table()
            ok = pc.is_valid(rows.column("__idx"))
            whole = pc.all(ok).as_py()
            out = (rows if whole else rows.filter(ok)).select(["__line", "__idx", "text"])
            broken = None
            if keep_broken:
                pos = rows.column("__pos").filter(pc.invert(ok))
                broken = values.take(pos).drop_columns(["__pos"])
            return (out, broken) if keep_broken else out
        except duckdb.Error:
            pass
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE __expanded AS
            SELECT __pos, __line, TRY(json_extract(text, {string_literal(path)})) AS r
            FROM __arrays""")
        out = con.sql("""
            SELECT __line, unnest(range(1, len(r) + 1)) AS __idx,
                   CAST(unnest(r) AS VARCHAR) AS text
            FROM __expanded WHERE r IS NOT NULL""").to_arrow_table()
        broken = None
        if keep_broken:
            pos = con.sql("SELECT __pos FROM __expanded WHERE r IS NULL").to_arrow_table()
            broken = values.take(pos.column(0)).drop_columns(["__pos"])
    finally:
        con.execute("DROP TABLE IF EXISTS __expanded")
        con.unregister("__arrays")
    return (out, broken) if keep_broken else out


def expand_messages(con, lines, kinds):
    """The records of the Event Hubs messages `classify` found of several categories
    (Arrow: records, their kinds, the messages that do not parse), or None: done by the
    read-ahead thread, which has the time."""
    import pyarrow.compute as pc
    rest = pc.and_(kinds.column("batch"), pc.is_null(kinds.column("mg")))
    if not pc.any(rest).as_py():
        return None
    records, broken = expand(con, lines if pc.all(rest).as_py() else lines.filter(rest),
                             "$.records[*]", keep_broken=True)
    return records, classify(con, records), broken


class RunCache:
    """What the JSON readers of one run learn and reuse: per category, the property keys
    its records had last time (no entry yet: the schema's columns are tried; None: to be
    learnt by the next FAST coercion; False: they vary), and parsed statements (the
    coercing SELECT of a table is long: DuckDB parses it in about 10 ms).

    Streaming records are coerced by prepared statements reading `__feed`, a source whose
    rows are set before each execution (`_Feed`): binding and planning a coercing SELECT
    costs ~35 ms, executing a prepared one ~5 ms, and a run executes hundreds."""

    LIMIT = 64

    def __init__(self, workers: Optional[int] = None):
        self.key_lists: dict = {}
        self._statements: dict = {}
        self._conns: dict = {}          # id(con) -> _ConnState
        self._workers: Optional[list] = None
        self._nworkers = workers if workers is not None else WORKERS
        self.pool = None

    def workers(self, con) -> list:
        """Cursors of `con` that coerce parts of a group at once (`_strict_pass`), with
        the session settings of the ingest connection; [] when one worker is all there
        is."""
        if self._workers is None:
            self._workers = []
            if self._nworkers >= 2:
                from concurrent.futures import ThreadPoolExecutor
                for _ in range(self._nworkers):
                    cur = con.cursor()
                    session_settings(cur)
                    self._workers.append(cur)
                self.pool = ThreadPoolExecutor(max_workers=self._nworkers,
                                               thread_name_prefix="hunt-coerce")
        return self._workers

    def close(self) -> None:
        """Stop the workers (before their connection is closed)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None
        for cur in self._workers or []:
            cur.close()
        self._workers = None
        self._conns.clear()

    def _state(self, con) -> "_ConnState":
        st = self._conns.get(id(con))
        if st is None or st.con is not con:
            st = self._conns[id(con)] = _ConnState(con)
        return st

    def sql(self, con, text: str):
        st = self._statements.get(text)
        if st is None:
            if len(self._statements) >= self.LIMIT:
                self._statements.clear()
            st = self._statements[text] = con.extract_statements(text)[0]
        return con.sql(st)

    @contextlib.contextmanager
    def feeding(self, con, rows):
        """`rows` read as `__feed` on `con` inside the block."""
        st = self._state(con)
        if st.works:
            st.feed.table = rows
            try:
                yield
            finally:
                st.feed.table = None
            return
        con.register("__feed", rows)        # a DuckDB where the feed does not work
        try:
            yield
        finally:
            con.unregister("__feed")

    def run_fed(self, con, text: str):
        """The result (Arrow) of the SELECT `text` over `__feed` (inside `feeding`)."""
        st = self._state(con)
        if not st.works:
            return self.sql(con, text).to_arrow_table()
        name = st.prepared.get(text)
        if name is None:
            if len(st.prepared) >= self.LIMIT:
                for old in st.prepared.values():
                    con.execute(f"DEALLOCATE {old}")
                st.prepared.clear()
            st.made += 1
            name = st.prepared[text] = f"__hunt_coerce_{st.made}"
            con.execute(f"PREPARE {name} AS {text}")
        return _run_once(con, f"EXECUTE {name}")


def _run_once(con, sql: str):
    """The Arrow result of one statement, bound once (`con.sql(...).to_arrow_table()`
    binds it twice; DuckDB 2.x's own call, else the DB-API one)."""
    try:
        from duckdb import _seam
        return _seam.submit(con, sql, None, "stream", 1 << 17).arrow_reader().read_all()
    except (ImportError, AttributeError):
        return con.execute(sql).fetch_arrow_table()


class _ConnState:
    """A connection's `__feed` (registered with it once) and prepared statements.
    `works`: a statement prepared over the feed reads the rows it holds at each execution
    (checked once: a DuckDB that read them once at PREPARE would give old rows)."""

    def __init__(self, con):
        self.con = con
        self.feed = _Feed()
        self.prepared: dict = {}        # SELECT text -> statement name
        self.made = 0
        self.works = self._check()

    def _check(self) -> bool:
        import duckdb
        con, feed = self.con, self.feed
        seen = []
        try:
            con.register("__feed", feed)
            con.execute("PREPARE __hunt_feed_check AS SELECT count(*), sum(__line) FROM __feed")
            for n in (2, 3):
                feed.table = _feed_rows(n)
                row = _run_once(con, "EXECUTE __hunt_feed_check").to_pylist()[0]
                seen.append(tuple(row.values()))
            con.execute("DEALLOCATE __hunt_feed_check")
        except (duckdb.Error, TypeError, ValueError):
            seen = []
        finally:
            feed.table = None
        if seen == [(2, 3), (3, 6)]:
            return True
        try:
            con.unregister("__feed")
        except duckdb.Error:
            pass
        return False


@contextlib.contextmanager
def _viewed(con, rows, where: str):
    """`rows` (Arrow: __line, __idx, text, ...) read as the view `__recs` (the `where`
    rows) on `con` inside the block."""
    con.register("__all", rows)
    try:
        con.execute(f"CREATE OR REPLACE TEMP VIEW __recs AS "
                    f"SELECT __line, __idx, text FROM __all {where}")
        yield
    finally:
        con.execute("DROP VIEW IF EXISTS __recs")
        con.unregister("__all")


def _feed_rows(n: int):
    """n stream rows with __line 1..n (the feed's self-check)."""
    import pyarrow as pa
    cols = {"__line": pa.array(range(1, n + 1), pa.int64())}
    for name, t in _stream_schema()[1:]:
        cols[name] = pa.nulls(n, t)
    return pa.table(cols)


class _Feed:
    """An Arrow source that DuckDB reads afresh at each execution of a statement (the
    Arrow PyCapsule stream interface): a statement prepared over it reads whatever rows
    it holds then. Every table it holds has the same columns (STREAM_COLUMNS)."""

    table = None

    def __arrow_c_stream__(self, requested_schema=None):
        if self.table is None:
            import pyarrow as pa
            self.table = pa.schema(_stream_schema()).empty_table()
            try:
                return self.table.__arrow_c_stream__(requested_schema)
            finally:
                self.table = None
        return self.table.__arrow_c_stream__(requested_schema)


STREAM_COLUMNS = ("__line", "__idx", "text", "__g", "__m")


def _stream_schema():
    import pyarrow as pa
    return [("__line", pa.int64()), ("__idx", pa.int64()), ("text", pa.large_string()),
            ("__g", pa.string()), ("__m", pa.bool_())]


@dataclass
class Records:
    """Records waiting to be coerced: `rows` is an Arrow table (__line, __idx, text)."""
    rows: object
    kind: str                       # "stream" (category inside), "row" (table given),
                                    # MESSAGES (Event Hubs messages of one category)
    api_types: dict = field(default_factory=dict)   # column → Kusto type, from API schema


class JsonReader:
    def __init__(self, con, catalog, table: Optional[str], sink: TableSink,
                 cache: Optional[RunCache] = None):
        self.con = con
        self.catalog = catalog
        self.table = table
        self.sink = sink
        self._tables_by_fold = {t.name.casefold(): t.name for t in catalog.tables()}
        # Streaming records wait here (whole chunks, not copied, with their category in
        # `__g`) until enough are buffered to be worth one query per category: DuckDB
        # parallelises and amortises its planning over large groups only.
        self._pending: list = []
        self._pending_bytes = 0
        self._pending_groups: set = set()       # (category, messages) buffered
        self._cache = cache if cache is not None else RunCache()
        self._key_lists = self._cache.key_lists

    def finish(self) -> None:
        """Coerce every record still waiting (call once the input is read)."""
        while self._pending:
            self._drain()

    # -- entry points ---------------------------------------------------------------------------
    def lines(self, lines, kinds=None, expanded=None) -> None:
        """A chunk of lines (Arrow: __line, text), each a JSON value; `kinds`: what
        `classify` says of them, `expanded`: what `expand_messages` made of them, if known
        already."""
        self.sort(line_values(lines), depth=0, kinds=kinds, expanded=expanded)

    def sort(self, values, depth: int, kinds=None, expanded=None) -> None:
        """JSON values (Arrow: __line, __idx, text): streaming records are told apart by a
        look at their first bytes, without parsing (`classify`); the rest is parsed by
        `values`."""
        import pyarrow.compute as pc

        if kinds is None:
            kinds = classify(self.con, values)
        rec = kinds.column("rec")
        other = kinds.column("other")
        batch = kinds.column("batch")
        if pc.any(rec).as_py():
            self._stream(values.append_column("__g", kinds.column("g")))
        if pc.any(other).as_py():
            self.values(values.filter(other), depth=depth)
        if pc.any(batch).as_py():
            # an Event Hubs message by its first bytes. Its records all of one category: the
            # message waits whole, its records are coerced in place (`coerce`, MESSAGES);
            # else its records are taken out at once (a message that does not parse is left
            # to `values`, which says why)
            if depth >= 1:
                self.values(values.filter(batch), depth=depth)
                return
            mg = kinds.column("mg")             # null but for messages of one category
            if pc.any(pc.is_valid(mg)).as_py():
                self._stream(values.append_column("__g", mg), messages=True)
            if expanded is not None:
                records, rkinds, broken = expanded
                if records.num_rows:
                    self.sort(records, 1, kinds=rkinds)
                if broken.num_rows:
                    self.values(broken, depth=0)
                return
            rest = pc.and_(batch, pc.is_null(mg))
            if pc.any(rest).as_py():
                self._messages(values.filter(rest))

    def _messages(self, lines) -> None:
        """Event Hubs messages (Arrow: __line, __idx, text) whose records are taken out."""
        records, broken = self._expand(lines, "$.records[*]", keep_broken=True)
        if records.num_rows:
            self.sort(records, 1)
        if broken.num_rows:
            self.values(broken, depth=0)

    def values(self, values, depth: int) -> None:
        """JSON values (Arrow: __line, __idx, text) of unknown shape: parse and dispatch."""
        import pyarrow.compute as pc

        import numpy as np
        from hunt.store.sources import int64_array
        values = values.append_column("__pos", int64_array(np.arange(values.num_rows)))
        self.con.register("__values", values)
        try:
            shape = self.con.sql("""
                SELECT __pos, t, cat,
                       CASE WHEN t = 'OBJECT' THEN coalesce(json_type(text, '$.records') = 'ARRAY', false) END AS batch,
                       CASE WHEN t = 'OBJECT' THEN coalesce(json_type(text, '$.Results') = 'ARRAY'
                                                            OR json_type(text, '$.results') = 'ARRAY', false) END AS api
                FROM (SELECT __pos, text, TRY(json_type(text)) AS t,
                             TRY(json_extract_string(text, '$.category')) AS cat FROM __values)
                """).to_arrow_table()
        finally:
            self.con.unregister("__values")
        t = shape.column("t")
        pos = shape.column("__pos")

        def pick(mask):
            mask = pc.fill_null(mask, False)
            return values.take(pc.filter(pos, mask)).drop_columns(["__pos"]) \
                if pc.any(mask).as_py() else None

        invalid = pick(pc.is_null(t))
        if invalid is not None:
            self.sink.reject_raw(invalid, "not valid JSON (a truncated or damaged record)",
                                 None)
        obj = pc.equal(t, "OBJECT")
        batch = pc.and_(obj, pc.fill_null(shape.column("batch"), False))
        api = pc.and_(pc.and_(obj, pc.invert(batch)), pc.fill_null(shape.column("api"), False))
        plain = pc.and_(obj, pc.invert(pc.or_(batch, api)))
        has_cat = pc.invert(pc.is_null(shape.column("cat")))
        record = pc.and_(plain, has_cat)
        row = pc.and_(plain, pc.invert(has_cat))
        arrays = pc.equal(t, "ARRAY")
        scalar = pc.and_(pc.invert(pc.is_null(t)), pc.invert(pc.or_(obj, arrays)))

        got = pick(record)
        if got is not None:
            self._stream(got.append_column(
                "__g", pc.filter(shape.column("cat"), pc.fill_null(record, False))))
        got = pick(row)
        if got is not None:
            if self.table is None:
                self.sink.reject_raw(got, "a JSON object without \"category\": not a Streaming "
                                     "API record", None)
            else:
                self.coerce(Records(got, "row"), self.table)
        for mask, path in ((batch, "$.records[*]"), (arrays, "$[*]")):
            got = pick(mask)
            if got is None:
                continue
            if depth >= 2:
                self.sink.reject_raw(got, "nested too deeply: not an export shape", None)
                continue
            self.sort(self._expand(got, path), depth + 1)
        got = pick(api)
        if got is not None:
            for i in range(got.num_rows):
                self.api_document(got.slice(i, 1))
        got = pick(scalar)
        if got is not None:
            self.sink.reject_raw(got, "a JSON value that is not an object: not a record", None)

    def _expand(self, values, path: str, keep_broken: bool = False):
        return expand(self.con, values, path, keep_broken)

    def api_document(self, doc) -> None:
        """One API response (Arrow: one row __line, __idx, text)."""
        self.con.register("__doc", doc)
        try:
            schema_text, key = self.con.execute("""
                SELECT CAST(coalesce(json_extract(text, '$.Schema'), json_extract(text, '$.schema')) AS VARCHAR),
                       CASE WHEN json_type(text, '$.Results') = 'ARRAY' THEN 'Results' ELSE 'results' END
                FROM __doc""").fetchall()[0]
            rows = self.con.sql(f"""
                SELECT __line, unnest(range(1, len(r) + 1)) AS __idx,
                       CAST(unnest(r) AS VARCHAR) AS text
                FROM (SELECT __line, json_extract(text, {string_literal('$.' + key + '[*]')}) AS r
                      FROM __doc)""").to_arrow_table()
        finally:
            self.con.unregister("__doc")
        types = {}
        try:
            for col in json.loads(schema_text or "[]"):
                name = col.get("Name", col.get("name"))
                ktype = api_type(col.get("Type", col.get("type", "")))
                if isinstance(name, str) and ktype:
                    types[name] = ktype
        except (ValueError, AttributeError, TypeError):
            types = {}
        if self.table is None:
            self.sink.fail("an advanced-hunting API response does not say its table",
                           "name it with --table, e.g. --table DeviceProcessEvents")
            return
        if rows.num_rows:
            self.coerce(Records(rows, "row", types), self.table)

    # -- streaming records ---------------------------------------------------------------------
    def _stream(self, rows, messages: bool = False) -> None:
        """Streaming API records (Arrow: __line, __idx, text, __g = their category as first
        seen; rows with __g null are not records), or Event Hubs messages whose records all
        have the category __g, to coerce, buffered."""
        import pyarrow as pa
        import pyarrow.compute as pc
        rows = rows.select(["__line", "__idx", "text", "__g"]).cast(
            pa.schema(_stream_schema()[:4]))
        line = rows.column("__line")            # never null: a column of `messages`
        rows = rows.append_column("__m", pc.is_valid(line) if messages else pc.is_null(line))
        if messages:
            # DuckDB's vectors hold 2,048 rows: a batch of a few messages keeps the records
            # of one vector near that (slices, not copies)
            rows = pa.Table.from_batches(rows.to_batches(max_chunksize=MESSAGE_ROWS),
                                         rows.schema)
        for cat in pc.unique(rows.column("__g")).to_pylist():
            if cat is not None:
                self._pending_groups.add((cat, messages))
        self._pending.append(rows)
        self._pending_bytes += rows.nbytes
        if self._pending_bytes >= PENDING_BYTES:
            self._drain()

    def _drain(self) -> None:
        """One query per category over every buffered chunk (two when messages wait too),
        the fast way when it can be (`coerce`), else the careful way."""
        import duckdb
        import pyarrow as pa
        import pyarrow.compute as pc
        chunks, self._pending, self._pending_bytes = self._pending, [], 0
        groups, self._pending_groups = self._pending_groups, set()
        rows = pa.concat_tables(chunks)
        early = self._strict_pass(rows, sorted(groups))
        for cat, messages in sorted(groups):
            table = self.table_of_category(cat)
            if table is None and not messages:
                group = rows.filter(pc.and_(pc.fill_null(pc.equal(rows.column("__g"), cat),
                                                         False), pc.invert(rows.column("__m"))))
                self.sink.reject_raw(group, f"unknown table in category {json.dumps(cat)}",
                                     None, unknown_table=True)
                continue
            recs = Records(rows, MESSAGES if messages else "stream")
            retry = None
            before = None           # the key list STRICT failed with
            for mode in (STRICT, FAST, CAREFUL):
                if mode == STRICT and self._key_lists.get(cat, True) in (None, False):
                    continue
                try:
                    if table is None or (messages and mode == CAREFUL):
                        raise _Fallback()
                    if mode == STRICT and (cat, messages) in early:
                        retry = self._finish(recs, early[(cat, messages)])
                    else:
                        retry = self.coerce(recs, table, category=cat, mode=mode)
                    break
                except _Fallback:
                    # messages whose records cannot all be stored as they are: taken out,
                    # and each record coerced on its own (quarantine keeps the record)
                    self._messages(self._group(rows, cat, messages))
                    break
                except duckdb.Error:
                    if mode == CAREFUL:
                        raise
                    if mode == STRICT:
                        # other keys: a guess (the schema's columns) is replaced by the keys
                        # FAST finds; keys learnt that way are not tried again: they vary
                        before = self._key_lists.get(cat, _NONE)
                        self._key_lists[cat] = None if before is _NONE else False
                    elif before is not None:
                        # FAST failed too: a record that is not JSON, not other keys
                        if before is _NONE:
                            self._key_lists.pop(cat, None)
                        else:
                            self._key_lists[cat] = before
            if retry is not None and retry.num_rows:
                self.values(retry, depth=2)

    def _strict_pass(self, rows, groups) -> dict:
        """The STRICT coercion of every group that may take it, run by the worker cursors
        at once, each over its part of the rows (DuckDB runs a query over `__feed` on one
        thread): {(category, messages): [outcome per part]}, an outcome being what `_query`
        returned or the exception it raised. Nothing reaches the sink here."""
        import duckdb
        tasks = [(cat, messages, table) for cat, messages in groups
                 if (table := self.table_of_category(cat)) is not None
                 and self._key_lists.get(cat, True) not in (None, False)]
        workers = (self._cache.workers(self.con) if rows.num_rows >= 2
                   and rows.nbytes >= PARALLEL_BYTES else [])
        if not tasks or len(workers) < 2:
            return {}
        size = -(-rows.num_rows // len(workers))
        parts = [rows.slice(i * size, size) for i in range(len(workers))]

        def work(i: int) -> list:
            out = []
            for cat, messages, table in tasks:
                recs = Records(parts[i], MESSAGES if messages else "stream")
                try:
                    got = self._query(workers[i], recs, table, cat, None, STRICT)
                except (duckdb.Error, _Fallback) as exc:
                    got = exc
                out.append(((cat, messages), got))
            return out

        early: dict = {}
        for future in [self._cache.pool.submit(work, i) for i in range(len(workers))]:
            for key, got in future.result():
                early.setdefault(key, []).append(got)
        return early

    def _group(self, rows, category: str, messages: bool):
        """The rows (Arrow: __line, __idx, text) of one buffered group."""
        self.con.register("__all", rows)
        try:
            return self.con.sql(
                f"SELECT __line, __idx, text FROM __all WHERE __g = {string_literal(category)} "
                f"AND {'' if messages else 'NOT '}__m").to_arrow_table()
        finally:
            self.con.unregister("__all")

    def table_of_category(self, category: Optional[str]) -> Optional[str]:
        if not category:
            return None
        c = category.strip()
        if c.casefold().startswith(CATEGORY_PREFIX):
            c = c[len(CATEGORY_PREFIX):]
        return self._tables_by_fold.get(c.casefold())

    # -- coercion -----------------------------------------------------------------------------
    def coerce(self, recs: Records, table_name: str, category: Optional[str] = None,
               keys: Optional[list] = None, mode: str = CAREFUL):
        """Coerce records of one table; returns the records whose category differs from
        `category` (the cheap look was wrong), to be routed again. Nothing reaches the sink
        before the coercion succeeded, so a mode that fails can be followed by another:

          CAREFUL  each record on its own (TRY): one that is not valid JSON is quarantined
          FAST     every record is taken for valid JSON (else a DuckDB error)
          STRICT   as FAST, and every streaming record has exactly the property keys the
                   records of its category had last time, at first the schema's columns
                   (else a DuckDB error): one parse checks them (json_transform_strict:
                   each key present once) and counts them, instead of a pass that collects
                   the keys of every record."""
        return self._finish(recs, [self._query(self.con, recs, table_name, category, keys,
                                               mode)])

    def _finish(self, recs: Records, outcomes: list):
        """Hand a group coerced by `_query` (in parts by `_strict_pass`: one outcome each,
        what `_query` returned or raised) to the sink; returns the records to route again.
        An exception of a part is raised, and Event Hubs messages that hold a record to
        quarantine or route again fall back (each record needs its own text), before any
        part reaches the sink."""
        import pyarrow as pa
        import pyarrow.compute as pc
        for got in outcomes:
            if isinstance(got, BaseException):
                raise got
            result = got[1]
            if recs.kind == MESSAGES and (
                    pc.any(result.column("__retry")).as_py()
                    or pc.any(pc.is_valid(result.column("__reason"))).as_py()):
                raise _Fallback()
        retries = [r for r in (finish_group(self.sink, info, result,
                                            [(n, k) for n, k, _ in extras])
                               for info, result, extras in outcomes) if r is not None]
        if not retries:
            return None
        return retries[0] if len(retries) == 1 else pa.concat_tables(retries)

    def _query(self, con, recs: Records, table_name: str, category: Optional[str],
               keys: Optional[list], mode: str):
        """(table info, coerced group, extras) of `coerce`, run on `con` (the reader's
        connection, or a worker cursor of the STRICT pass: nothing here changes the
        reader's state but FAST's key list)."""
        info = self.catalog.table(table_name)
        msgs = recs.kind == MESSAGES
        stream = recs.kind == "stream" or msgs
        base = "$.properties" if stream else "$"
        strict = mode == STRICT and stream and category is not None and keys is None
        where = (f"WHERE __g = {string_literal(category)}" if category is not None
                 and "__g" in recs.rows.column_names else "")
        if where and "__m" in recs.rows.column_names:
            where += " AND __m" if msgs else " AND NOT __m"
        # streaming records: read from __feed by a prepared statement (RunCache.run_fed);
        # other rows: from a view (no statement is prepared over them)
        fed = tuple(recs.rows.column_names) == STREAM_COLUMNS
        recs_rel = f"(SELECT __line, __idx, text FROM __feed {where})" if fed else "__recs"
        with (self._cache.feeding(con, recs.rows) if fed
              else _viewed(con, recs.rows, where)):
            if strict:
                keys = self._key_lists.get(category) or [c.name for c in info.columns]
            elif keys is None:
                keys = self._keys(con, recs_rel, "$.records[*].properties" if msgs else base,
                                  careful=mode == CAREFUL)
            plan = _KeyPlan(info, keys, "/properties" if stream else "", careful=mode == CAREFUL)
            struct = plan.struct()
            if msgs and (any(plan.variants.values()) or not all(f for *_, f in plan.extras)):
                raise _Fallback()       # keys read with a JSON pointer into the record
            if (mode == FAST and stream and category is not None
                    and self._key_lists.get(category, None) is None):
                # the strict way next time, when every key is read by the struct
                self._key_lists[category] = (keys if set(keys) == set(struct)
                                             and len(keys) == len(struct) else False)
            shape = ({"category": "VARCHAR", "time": "VARCHAR", "properties": struct}
                     if stream else struct)
            src = "__j['properties']" if stream else "__j"
            fields = [(col, plan.raw(src, col.name), None) for col in info.columns]
            check = (f"__j IS NOT NULL AND __j['category'] IS DISTINCT FROM "
                     f"{string_literal(category)}" if stream and category is not None else None)
            strict_fn = "json_transform_strict" if strict else "json_transform"
            other_keys = "error('hunt: other property keys')"
            if msgs:
                # the records of each message, in place: __idx is their place in "records"
                transform = (f"{strict_fn}(text, "
                             f"{string_literal(json.dumps({'records': [shape]}))}).records")
                keys_sql = ", json_keys(text, '$.records[*].properties') AS __k" if strict else ""
                aligned = (f"CASE WHEN len(__k) IS DISTINCT FROM len(__r) THEN {other_keys} "
                           f"ELSE true END" if strict else "true")
                source = (f"(SELECT __line, __idx, CAST(NULL AS VARCHAR) AS text, __j"
                          f"{', __kk' if strict else ''} FROM ("
                          f"SELECT __line, unnest(range(1, len(__r) + 1)) AS __idx, "
                          f"unnest(__r) AS __j{', unnest(__k) AS __kk' if strict else ''} "
                          f"FROM (SELECT __line, {transform} AS __r{keys_sql} FROM {recs_rel}) "
                          f"WHERE {aligned}))")
                count = "len(__kk)"
            else:
                transform = f"{strict_fn}(text, {string_literal(json.dumps(shape))})"
                if mode == CAREFUL:
                    transform = f"TRY({transform})"
                source = f"(SELECT __line, __idx, text, {transform} AS __j FROM {recs_rel})"
                count = f"len(json_keys(text, {string_literal(base)}))"
            invalid = "__j IS NULL"
            if strict:
                invalid = (f"__j IS NULL OR CASE WHEN {count} <> {len(struct)} "
                           f"THEN {other_keys} ELSE false END")
            extras = self._extra_types(con, plan, src, source, recs.api_types)
            sql = C.coerce_sql(info, fields, [(n, v) for n, _, v in extras], source,
                               ["__line", "__idx"], "text", invalid=invalid, retry=check,
                               time_fallback="__j['time']" if stream else None)
            result = (self._cache.run_fed(con, sql) if fed
                      else self._cache.sql(con, sql).to_arrow_table())
        return info, result, extras

    def _keys(self, con, rel: str, base: str, careful: bool = True) -> list[str]:
        """The keys of the records of `rel` at `base`, sorted (so that the columns of
        extra keys do not depend on the order DuckDB finds them in)."""
        keys = f"json_keys(text, {string_literal(base)})"
        if "[*]" in base:                     # a list of key lists (messages)
            keys = f"flatten({keys})"
        return sorted(r[0] for r in con.sql(
            f"SELECT DISTINCT unnest({f'TRY({keys})' if careful else keys}) FROM {rel}"
        ).fetchall() if r[0] is not None)

    def _extra_types(self, con, plan, src, source, api_types) -> list[tuple[str, str, str]]:
        """(name, Kusto type, value SQL) of the extra keys, typed by the API schema when it
        names them, else by the JSON values they hold in this chunk (`source`: the FROM of
        the coercing SELECT)."""
        out = []
        unknown = [(name, key, fits) for name, key, fits in plan.extras if key not in api_types]
        kinds: dict[str, str] = {}
        if unknown:
            parts = ", ".join(f"list_distinct(list(json_type({plan.json(src, key, fits)})))"
                              for _, key, fits in unknown)
            row = con.execute(f"SELECT {parts} FROM {source}").fetchall()[0]
            for (name, _, _), seen in zip(unknown, row):
                kinds[name] = _kind_of(set(x for x in (seen or []) if x and x != "NULL"))
        for name, key, fits in plan.extras:
            v = plan.json(src, key, fits)
            if key in api_types:
                ktype = api_types[key]
                value = (extra_kind_sql("dynamic", v) if ktype == T.DYNAMIC else
                         C.text_value(ktype, extra_kind_sql("string", v)))
            else:
                ktype = kinds[name]
                value = extra_kind_sql(ktype, v)
            out.append((name, ktype, value))
        return out


class _KeyPlan:
    """How the keys found in records map to columns: a schema column's own key, its case
    variants ("deviceName" for DeviceName: merged into it), and extra keys, kept as extra
    columns (renamed `<key>_2` ... when they clash, case-insensitively as DuckDB compares
    names, with another column or a name of the engine). DuckDB's json_transform structure
    cannot hold two keys that differ in case only: such keys are read with json_extract."""

    RESERVED = ("__partition_date", "__hunt_file")

    def __init__(self, info, keys: list[str], pointer_base: str, careful: bool = False):
        self.base = pointer_base
        self.careful = careful          # keys read with a pointer under TRY (a record that
                                        # is not JSON is quarantined, not an error)
        self.columns = [c.name for c in info.columns]
        by_fold = {c.name.casefold(): c.name for c in info.columns}
        self.variants: dict[str, list[str]] = {c.name: [] for c in info.columns}
        self.extras: list[tuple[str, str, bool]] = []      # (column name, key, in struct)
        used = set(by_fold) | set(self.RESERVED)
        in_struct = set(by_fold)
        exact = set(self.columns)
        for k in keys:
            if k is None or k in exact:
                continue
            target = by_fold.get(k.casefold())
            if target is not None:
                self.variants[target].append(k)
                continue
            fits = k.casefold() not in in_struct
            if fits:
                in_struct.add(k.casefold())
            name, n = k, 1
            while name.casefold() in used:
                n += 1
                name = f"{k}_{n}"
            used.add(name.casefold())
            self.extras.append((name, k, fits))

    def struct(self) -> dict:
        s = {c: "VARCHAR" for c in self.columns}
        s.update({k: "JSON" for _, k, fits in self.extras if fits})
        return s

    def pointer(self, key: str) -> str:
        return string_literal(self.base + "/" + key.replace("~", "~0").replace("/", "~1"))

    def raw(self, src: str, column: str) -> str:
        """Text of a schema column: its own key, else a case variant."""
        parts = [f"{src}[{string_literal(column)}]"]
        parts += [self._try(f"json_extract_string(text, {self.pointer(k)})")
                  for k in self.variants[column]]
        return parts[0] if len(parts) == 1 else "coalesce(" + ", ".join(parts) + ")"

    def _try(self, sql: str) -> str:
        return f"TRY({sql})" if self.careful else sql

    def json(self, src: str, key: str, fits: bool) -> str:
        """JSON text of an extra key."""
        return (f"{src}[{string_literal(key)}]" if fits
                else self._try(f"json_extract(text, {self.pointer(key)})"))


def _kind_of(json_types: set[str]) -> str:
    if not json_types:
        return T.STRING
    if json_types & {"OBJECT", "ARRAY"}:
        return T.DYNAMIC
    if json_types <= {"BIGINT", "UBIGINT"}:
        return T.LONG
    if json_types <= {"BIGINT", "UBIGINT", "DOUBLE"}:
        return T.REAL
    if json_types == {"BOOLEAN"}:
        return T.BOOL
    return T.STRING
