"""A query's result: KQL column names and types, Python rows, Arrow and pandas views.

The rows come from DuckDB as an Arrow table whose columns are taken by *position* (DuckDB
names are case-insensitive and may not be the KQL names). Conversion is per column, never per
cell through DuckDB: INTERVAL (Arrow month_day_nano) is read straight from its buffer,
timestamps are cast to UTC once, dynamic JSON text is parsed with json.loads.
"""
from __future__ import annotations

import datetime as _dt
import json
import uuid
from typing import Iterator, Optional

from hunt import types as T

DEFAULT_MAX_ROWS = 100_000
_UTC = _dt.timezone.utc


class Result:
    """One statement's result. `rows` are tuples of Python values:

    string → str (never None), long/int → int, real → float, bool → bool, decimal → Decimal,
    datetime → aware UTC datetime, timespan → timedelta, dynamic → parsed JSON (dict, list,
    str, number, bool) or None, guid → uuid.UUID; None is a null.
    """

    def __init__(self, columns: list[str], kusto_types: list[str], table, *, sql: str = "",
                 truncated: bool = False, render: Optional[dict] = None,
                 elapsed: float = 0.0, ordered: bool = False, max_rows: Optional[int] = None):
        self.columns = list(columns)
        self.kusto_types = list(kusto_types)
        self._table = table            # pyarrow.Table as DuckDB produced it (positional)
        self.sql = sql
        self.truncated = truncated
        self.render = render
        self.elapsed = elapsed
        self.ordered = ordered
        self.max_rows = max_rows
        self.results: list[Result] = [self]   # all statements' results (set by the engine)
        self._rows: Optional[list[tuple]] = None
        self._arrow = None

    # -- rows ---------------------------------------------------------------------------------
    @property
    def rows(self) -> list[tuple]:
        if self._rows is None:
            cols = [to_python(self._table.column(i), t)
                    for i, t in enumerate(self.kusto_types)]
            n = self._table.num_rows
            self._rows = list(zip(*cols)) if cols else [() for _ in range(n)]
        return self._rows

    def column(self, name: str) -> list:
        """The values of one column (by exact KQL name)."""
        i = self.columns.index(name)
        return [r[i] for r in self.rows]

    def __len__(self) -> int:
        return self._table.num_rows

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.rows)

    def __getitem__(self, i):
        return self.rows[i]

    # -- Arrow / pandas -----------------------------------------------------------------------
    def to_arrow(self):
        """A pyarrow.Table with the KQL column names: datetime as timestamp[us, UTC], timespan
        as duration[us], dynamic as JSON text, guid as text, strings never null."""
        if self._arrow is None:
            import pyarrow as pa

            arrays = [to_arrow_column(self._table.column(i), t)
                      for i, t in enumerate(self.kusto_types)]
            fields = [pa.field(n, a.type) for n, a in zip(self.columns, arrays)]
            self._arrow = pa.Table.from_arrays(arrays, schema=pa.schema(fields))
        return self._arrow

    def to_pandas(self):
        """A pandas DataFrame with the KQL column names; dynamic columns hold parsed values."""
        import pandas as pd

        table = self.to_arrow()
        data = {}
        for i, (name, t) in enumerate(zip(self.columns, self.kusto_types)):
            col = table.column(i)
            if t in (T.DYNAMIC, T.UNKNOWN, T.GUID):
                data[name] = pd.Series([r[i] for r in self.rows], dtype=object)
            else:
                data[name] = col.to_pandas()
        return pd.DataFrame(data, columns=self.columns)

    def to_polars(self):
        """A polars DataFrame (polars is an optional dependency: pip install polars)."""
        try:
            import polars as pl
        except ImportError:
            raise ImportError("to_polars() needs polars: pip install polars") from None
        return pl.from_arrow(self.to_arrow())

    # -- display ------------------------------------------------------------------------------
    def _repr_html_(self) -> str:
        """Jupyter's view: an HTML table with the row count and truncation, and the chart
        of `| render` drawn above it."""
        from hunt.notebook import result_html
        return result_html(self)

    def __repr__(self) -> str:
        head = ", ".join(f"{c}:{t}" for c, t in zip(self.columns, self.kusto_types))
        more = " (truncated)" if self.truncated else ""
        lines = [f"<Result {len(self)} rows{more} [{head}]>"]
        for row in self.rows[:5]:
            lines.append("  " + repr(row))
        if len(self) > 5:
            lines.append(f"  ... {len(self) - 5} more")
        return "\n".join(lines)


# -- column conversion -----------------------------------------------------------------------

def _combine(col):
    import pyarrow as pa

    if isinstance(col, pa.ChunkedArray):
        return col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
    return col


def _valid(arr):
    """numpy bool validity of an Arrow array, from its bitmap (arr.is_valid() would import
    pyarrow.compute, ~25 ms of start-up)."""
    import numpy as np

    n, buf = len(arr), arr.buffers()[0]
    if buf is None or arr.null_count == 0:
        return np.ones(n, dtype=bool)
    bits = np.unpackbits(np.frombuffer(buf, dtype=np.uint8), bitorder="little")
    return bits[arr.offset:arr.offset + n].astype(bool)


def interval_micros(arr):
    """(numpy int64 microseconds, numpy bool valid) of an Arrow month_day_nano_interval array.
    Months never occur in KQL timespans; if present they count as 30 days (DuckDB's rule)."""
    import numpy as np

    dtype = np.dtype([("months", "<i4"), ("days", "<i4"), ("nanos", "<i8")])
    n = len(arr)
    buf = arr.buffers()[1]
    if buf is None or n == 0:
        return np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool)
    raw = np.frombuffer(buf, dtype=dtype, count=arr.offset + n)[arr.offset:]
    micros = ((raw["months"].astype(np.int64) * 30 + raw["days"].astype(np.int64))
              * 86_400_000_000 + raw["nanos"] // 1000)
    return micros, _valid(arr)


def _interval_to_duration(arr):
    """(From buffers: pa.array on NumPy input imports pandas.)"""
    import numpy as np
    import pyarrow as pa

    micros, valid = interval_micros(arr)
    n = len(micros)
    nulls = int(n - np.count_nonzero(valid))
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little")) if nulls else None
    return pa.Array.from_buffers(pa.duration("us"), n,
                                 [bitmap, pa.py_buffer(np.ascontiguousarray(micros))],
                                 null_count=nulls)


def _empty_string():
    """'' as an Arrow scalar, built from buffers (pa.scalar('') imports pandas)."""
    import pyarrow as pa

    return pa.StringArray.from_buffers(1, pa.py_buffer(bytes(8)), pa.py_buffer(b""))[0]


def _timestamps_utc(arr, tz: str = "UTC"):
    import pyarrow as pa

    t = arr.type
    if t.tz is not None:
        return arr.cast(pa.timestamp("us", tz=tz), safe=False)
    return arr.cast(pa.timestamp("us"), safe=False).cast(pa.timestamp("us", tz=tz))


_NUMPY_UNITS = {"s": "s", "ms": "ms", "us": "us", "ns": "ns"}


def _datetimes(arr) -> list:
    """Aware UTC datetimes of a timestamp or date array, read from its buffer with NumPy
    (datetime64 to naive datetimes in C, then the time zone): 5x faster than pyarrow's aware
    to_pylist, and neither pandas (to_numpy) nor pyarrow.compute (cast) is imported. A stored
    timestamp is the UTC instant whatever the type's time zone. A value Python cannot hold
    (a timestamp past year 9999) comes back from NumPy as an int: that cell is null."""
    import numpy as np
    import pyarrow as pa

    t, n = arr.type, len(arr)
    buf = arr.buffers()[1]
    if n == 0 or buf is None:
        return [None] * n
    if pa.types.is_timestamp(t):
        unit = f"datetime64[{_NUMPY_UNITS[t.unit]}]"
        raw = np.frombuffer(buf, dtype=np.int64, count=arr.offset + n)[arr.offset:]
    elif pa.types.is_date32(t):
        unit, raw = "datetime64[D]", np.frombuffer(buf, dtype=np.int32,
                                                   count=arr.offset + n)[arr.offset:]
    else:                                   # date64: milliseconds
        unit, raw = "datetime64[ms]", np.frombuffer(buf, dtype=np.int64,
                                                    count=arr.offset + n)[arr.offset:]
    values = raw.astype(np.int64).view(unit).astype("datetime64[us]").tolist()
    dt_type = _dt.datetime
    out = [v.replace(tzinfo=_UTC) if v.__class__ is dt_type else None for v in values]
    if arr.null_count:
        out = [v if ok else None for v, ok in zip(out, _valid(arr).tolist())]
    return out


def _parse_json(text):
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _to_uuid(v):
    if v is None:
        return None
    if isinstance(v, uuid.UUID):
        return v
    if isinstance(v, bytes) and len(v) == 16:
        return uuid.UUID(bytes=v)
    try:
        return uuid.UUID(str(v))
    except ValueError:
        return str(v)


def to_python(col, ktype: str) -> list:
    """The Python values of one result column."""
    import pyarrow as pa

    arr = _combine(col)
    t = arr.type
    if pa.types.is_interval(t):
        micros, valid = interval_micros(arr)
        out = micros.astype("timedelta64[us]").tolist()
        if not valid.all():
            out = [v if ok else None for v, ok in zip(out, valid.tolist())]
        return out
    if pa.types.is_timestamp(t) or pa.types.is_date(t):
        return _datetimes(arr)
    if ktype == T.STRING:
        if pa.types.is_string(t) or pa.types.is_large_string(t):
            values = arr.to_pylist()
            # (not pyarrow.compute.fill_null: its scalar conversion imports pandas)
            return values if arr.null_count == 0 else ["" if v is None else v for v in values]
        return ["" if v is None else _text(v) for v in arr.to_pylist()]
    if ktype in (T.DYNAMIC, T.UNKNOWN):
        if pa.types.is_string(t) or pa.types.is_large_string(t):
            return [_parse_json(v) for v in arr.to_pylist()]
        return arr.to_pylist()
    if ktype == T.GUID:
        return [_to_uuid(v) for v in arr.to_pylist()]
    if pa.types.is_decimal(t) and ktype in (T.LONG, T.INT):
        # HUGEINT (sum of longs) arrives as decimal128(38, 0): KQL says long
        return [None if v is None else int(v) for v in arr.to_pylist()]
    if pa.types.is_decimal(t) and ktype == T.REAL:
        return arr.cast(pa.float64()).to_pylist()
    return arr.to_pylist()


def _text(v) -> str:
    from hunt.sqlgen.dialect import json_text
    if isinstance(v, (dict, list)):
        return json_text(v)
    return str(v)


def to_arrow_column(col, ktype: str):
    """One result column in the form Result.to_arrow() promises."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = _combine(col)
    t = arr.type
    if pa.types.is_interval(t):
        return _interval_to_duration(arr)
    if pa.types.is_timestamp(t):
        return _timestamps_utc(arr)
    if ktype == T.STRING:
        if not (pa.types.is_string(t) or pa.types.is_large_string(t)):
            arr = pa.array(to_python(arr, ktype), type=pa.string())
        if arr.null_count == 0:
            return arr
        return pc.fill_null(arr, _empty_string() if pa.types.is_string(arr.type) else "")
    if ktype in (T.DYNAMIC, T.UNKNOWN):
        if pa.types.is_string(t) or pa.types.is_large_string(t):
            return arr
        from hunt.sqlgen.dialect import json_text
        return pa.array([None if v is None else json_text(v) for v in arr.to_pylist()],
                        type=pa.string())
    if pa.types.is_decimal(t) and ktype == T.LONG and t.scale == 0:
        return arr.cast(pa.int64(), safe=False)
    if pa.types.is_decimal(t) and ktype == T.REAL:
        return arr.cast(pa.float64())
    if ktype == T.GUID and not pa.types.is_string(t):
        return pa.array([None if v is None else str(_to_uuid(v)) for v in arr.to_pylist()],
                        type=pa.string())
    return arr


def empty_table(n_columns: int):
    import pyarrow as pa

    return pa.table({f"c{i}": pa.array([], pa.null()) for i in range(n_columns)})
