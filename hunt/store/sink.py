"""What reading one input file produced: rows to store per table, records to quarantine.

Every reader (JSON, CSV, Parquet) ends each group of records in `finish_group`, which splits
the coerced rows by their reason. `TableSink` counts records as they enter coercion (`read`)
and as they leave (`stored`, `quarantined`); `check()` proves read = stored + quarantined.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from hunt import types as T
from hunt.store.layout import arrow_type
from hunt.sqlgen.dialect import string_literal

REJECT_COLUMNS = ("__line", "__idx", "__reason", "__raw", "__table")


def extra_arrow_type(ktype: str):
    """Storage type of an extra column: as layout.arrow_type, but dynamic is Parquet JSON so
    that the engine types it dynamic again (a schema column knows its type from the catalog)."""
    import pyarrow as pa
    if ktype in (T.DYNAMIC, T.UNKNOWN):
        return pa.json_(pa.string())
    return arrow_type(ktype)


def extra_kind_sql(ktype: str, v: str) -> str:
    """SQL of an extra column's value from JSON text `v` (a json_transform "JSON" field)."""
    s = f"CAST({v} AS VARCHAR)"
    if ktype == T.LONG:
        return f"TRY_CAST({s} AS BIGINT)"
    if ktype == T.REAL:
        return f"TRY_CAST({s} AS DOUBLE)"
    if ktype == T.BOOL:
        return f"TRY_CAST({s} AS BOOLEAN)"
    if ktype in (T.DYNAMIC, T.UNKNOWN):
        return f"CASE WHEN json_type({v}) = 'VARCHAR' THEN json_extract_string({v}, '$') ELSE {s} END"
    return f"json_extract_string({v}, '$')"


@dataclass
class TableSink:
    shown: str                                    # the source, as shown to the user
    batches: dict = field(default_factory=dict)   # table → [Arrow tables]
    rejects: list = field(default_factory=list)   # Arrow tables of REJECT_COLUMNS
    read: int = 0
    stored: int = 0
    quarantined: int = 0
    failure: Optional[tuple[str, str]] = None     # (message, hint): nothing is kept
    unknown_tables: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)
    nbytes: int = 0

    def store(self, table: str, rows) -> None:
        if rows.num_rows:
            self.batches.setdefault(table, []).append(rows)
            self.stored += rows.num_rows
            self.nbytes += rows.nbytes

    def reject(self, rows) -> None:
        """Arrow table of REJECT_COLUMNS."""
        import pyarrow.compute as pc
        if not rows.num_rows:
            return
        self.rejects.append(rows.select(list(REJECT_COLUMNS)))
        self.quarantined += rows.num_rows
        for reason, n in zip(*_value_counts(pc.call_function("utf8_slice_codeunits", [
                rows.column("__reason")], pc.SliceOptions(0, 60)))):
            self.reasons[_reason_kind(reason)] += n

    def reject_raw(self, rows, reason: str, table: Optional[str], unknown_table=False) -> None:
        """Records (Arrow: __line, __idx, text) that are quarantined whole, before coercion."""
        import pyarrow as pa
        n = rows.num_rows
        if not n:
            return
        self.read += n
        if unknown_table:
            self.unknown_tables[reason] += n
        self.reject(pa.table({
            "__line": rows.column("__line"), "__idx": rows.column("__idx"),
            "__reason": pa.array([reason] * n, pa.string()),
            "__raw": rows.column("text").cast(pa.large_string()),
            "__table": pa.nulls(n, pa.string()) if table is None else
            pa.array([table] * n, pa.string())}))

    def fail(self, message: str, hint: str) -> None:
        if self.failure is None:
            self.failure = (message, hint)

    def check(self) -> None:
        if self.failure is None and self.read != self.stored + self.quarantined:
            raise AssertionError(f"{self.shown}: read {self.read} records but stored "
                                 f"{self.stored} and quarantined {self.quarantined}")


def _value_counts(arr):
    import pyarrow.compute as pc
    vc = pc.value_counts(arr)
    return vc.field("values").to_pylist(), vc.field("counts").to_pylist()


def _reason_kind(reason: Optional[str]) -> str:
    """A short class of a reason, for the report ("wrong type", "not valid JSON", ...)."""
    r = reason or ""
    if " is not a" in r:
        return "a value of the wrong type"
    if r.startswith("no "):
        return "no time"
    if "not valid JSON" in r:
        return "not valid JSON"
    if r.startswith("unknown table"):
        return "unknown table"
    if "without \"category\"" in r:
        return "no category"
    if "not a text export" in r or r.startswith("not UTF-8"):
        return "not text"
    if r.startswith("data that is not gzip"):
        return "data after the end of a .gz"
    if "ends early" in r or r.startswith("truncated JSON"):
        return "truncated file"
    return r.split(":")[0][:40]


def finish_group(sink: TableSink, info, result, extras: list[tuple[str, str]]):
    """Split one coerced group (Arrow: __line, __idx, __retry?, schema columns, __x_<extra>,
    __day, __reason, __raw) into stored rows and rejects; returns the rows to route again
    (Arrow: __line, __idx, text) or None."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from hunt.store.layout import arrow_schema

    retry = None
    retry_mask = result.column("__retry")        # never null (coerce_sql)
    if pc.any(retry_mask).as_py():
        r = result.filter(retry_mask)
        retry = pa.table({"__line": r.column("__line"), "__idx": r.column("__idx"),
                          "text": r.column("__raw").cast(pa.large_string())})
        result = result.filter(pc.invert(retry_mask))
    sink.read += result.num_rows
    bad = pc.invert(pc.is_null(result.column("__reason")))
    if pc.any(bad).as_py():
        rej = result.filter(bad)
        sink.reject(pa.table({
            "__line": rej.column("__line"), "__idx": rej.column("__idx"),
            "__reason": rej.column("__reason"),
            "__raw": rej.column("__raw").cast(pa.large_string()),
            "__table": pa.array([info.name] * rej.num_rows, pa.string())}))
        result = result.filter(pc.invert(bad))
    if result.num_rows:
        schema = arrow_schema(info)
        cols = [result.column(f.name).cast(f.type) for f in schema]
        fields = list(schema)
        for name, ktype in extras:
            col = result.column("__x_" + name)
            if ktype is None:           # a Parquet input's own column: its type is kept
                cols.append(col)
                fields.append(pa.field(name, col.type))
                continue
            t = extra_arrow_type(ktype)
            if isinstance(t, pa.ExtensionType):
                col = pa.chunked_array([pa.ExtensionArray.from_storage(t, c.cast(t.storage_type))
                                        for c in col.chunks], t)
            else:
                col = col.cast(t)
            cols.append(col)
            fields.append(pa.field(name, t))
        cols.append(result.column("__day").cast(pa.date32()))
        fields.append(pa.field("__day", pa.date32()))
        sink.store(info.name, pa.Table.from_arrays(cols, schema=pa.schema(fields)))
    return retry


def quarantine_sql(relation: str, source: str, ingested_at: str) -> str:
    """JSON lines of quarantine entries for rejects registered as `relation`."""
    return f"""
        SELECT CAST(json_object(
            'reason', __reason, 'source', {string_literal(source)},
            'line', __line, 'record_index', __idx, 'table', __table,
            'record', CASE WHEN json_valid(__raw) THEN CAST(__raw AS JSON) ELSE to_json(__raw) END,
            'ingested_at', {string_literal(ingested_at)}) AS VARCHAR) AS line
        FROM (SELECT * EXCLUDE (__raw), rtrim(__raw, chr(13) || chr(10)) AS __raw FROM {relation})"""
