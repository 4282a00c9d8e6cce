"""The notebook front end: `%load_ext hunt` magics, a Result's HTML form, DataFrames as tables.

    %load_ext hunt
    %%kql -o hits --data demo-data --now 2026-11-01T00:00:00Z
    DeviceProcessEvents | where FileName =~ "powershell.exe" | take 10

    %kql DeviceInfo | count

Options of both magics: `-o NAME` stores the Result in the notebook's namespace, `--data DIR`
opens (and remembers) a data directory, `--now ISO` pins now(), `-p NAME` binds the notebook
variable NAME as the query parameter NAME (repeatable), `--conn VAR` runs on the hunt
connection held in variable VAR (e.g. one with `h.register(...)`-ed DataFrames).

IPython is needed only for the magics; nothing here imports it at module level.
"""
from __future__ import annotations

import html
import re
from typing import Any, Optional

HTML_ROWS = 50          # rows shown in a notebook (the Result holds them all)


# -- HTML -------------------------------------------------------------------------------------

def result_html(result, max_rows: int = HTML_ROWS) -> str:
    """A Result as an HTML table: column types in the header tooltips, the row count, elapsed
    time and truncation in a caption, and the chart of `| render` drawn above (SVG)."""
    from hunt.engine.display import cell_text
    parts = ['<div class="hunt-result">']
    kind = (result.render or {}).get("kind")
    if kind not in (None, "table") and len(result):
        from hunt.repl import charts
        try:
            parts.append(charts.svg(charts.chart_of(result)))
        except charts.ChartError as exc:
            parts.append(f"<p><em>no chart: {html.escape(str(exc))}</em></p>")
    n = len(result)
    caption = f"{n:,} row{'' if n == 1 else 's'} ({result.elapsed:.2f} s)"
    if n > max_rows:
        caption += f"; showing the first {max_rows:,}"
    if result.truncated:
        limit = f"{result.max_rows:,}" if result.max_rows is not None else "the limit"
        caption += (f" <strong>· truncated at {limit} rows</strong> (filter, `| take N`, or "
                    f"`set notruncation;`)")
    parts.append('<table class="dataframe hunt-table" border="1">')
    parts.append(f'<caption style="caption-side: bottom; text-align: left">{caption}</caption>')
    head = "".join(f'<th title="{html.escape(t)}">{html.escape(c)}</th>'
                   for c, t in zip(result.columns, result.kusto_types))
    parts.append(f"<thead><tr>{head}</tr></thead><tbody>")
    types = result.kusto_types
    for row in result.rows[:max_rows]:
        cells = "".join(f"<td>{html.escape(_cut(cell_text(v, t)))}</td>"
                        for v, t in zip(row, types))
        parts.append(f"<tr>{cells}</tr>")
    parts.append("</tbody></table></div>")
    return "\n".join(parts)


def _cut(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


# -- DataFrames as tables ---------------------------------------------------------------------

def to_arrow_table(data):
    """A pyarrow.Table from a pyarrow Table/RecordBatch, a pandas or polars DataFrame, or
    anything with `to_arrow()` / the Arrow C stream interface."""
    import pyarrow as pa
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    module = type(data).__module__.split(".")[0]
    if module == "pandas":
        return pa.Table.from_pandas(data, preserve_index=False)
    if module == "polars" or hasattr(data, "to_arrow"):
        return data.to_arrow()
    if hasattr(data, "__arrow_c_stream__"):
        return pa.table(data)
    raise TypeError(f"cannot make a table of a {type(data).__name__}: give a pandas or "
                    "polars DataFrame or a pyarrow Table")


def kusto_type(arrow_type) -> str:
    """The Kusto type a column of this Arrow type reads as."""
    import pyarrow as pa
    import pyarrow.types as t
    from hunt import types as T
    if t.is_dictionary(arrow_type):
        return kusto_type(arrow_type.value_type)
    if t.is_boolean(arrow_type):
        return T.BOOL
    if t.is_int8(arrow_type) or t.is_int16(arrow_type) or t.is_int32(arrow_type) or \
            t.is_uint8(arrow_type) or t.is_uint16(arrow_type):
        return T.INT
    if t.is_integer(arrow_type):
        return T.LONG
    if t.is_floating(arrow_type):
        return T.REAL
    if t.is_decimal(arrow_type):
        return T.DECIMAL
    if t.is_timestamp(arrow_type) or t.is_date(arrow_type):
        return T.DATETIME
    if t.is_duration(arrow_type):
        return T.TIMESPAN
    if t.is_string(arrow_type) or t.is_large_string(arrow_type) or \
            getattr(t, "is_string_view", lambda _: False)(arrow_type):
        return T.STRING
    if isinstance(arrow_type, pa.ExtensionType) and "uuid" in str(arrow_type).lower():
        return T.GUID
    return T.DYNAMIC       # lists, structs, maps, binary, null: JSON


def register(h, name: str, data) -> Any:
    """Make `data` (a DataFrame or Arrow table) the table `name` of connection `h` (see
    hunt.api.Hunt.register). Returns the TableInfo."""
    from hunt.errors import KqlError
    from hunt.semantic.catalog import ColumnInfo, TableInfo
    from hunt.sqlgen.dialect import quote_ident
    if not isinstance(name, str) or not name.replace("_", "a").isalnum() or name[0].isdigit():
        raise KqlError(f"invalid table name: {name!r}", code="HUNT501",
                       help="use letters, digits and '_', starting with a letter")
    try:
        table = to_arrow_table(data)
    except TypeError as exc:
        raise KqlError(str(exc), code="HUNT501",
                       help="h.register('MyTable', dataframe_or_arrow_table)") from None
    columns = tuple(ColumnInfo(f.name, kusto_type(f.type)) for f in table.schema)
    session = h._ensure_session()
    raw = f"__hunt_frame_{name}"
    con = session.con
    with session._lock:
        try:
            con.unregister(raw)
        except Exception:       # noqa: BLE001 - not registered yet
            pass
        con.register(raw, table)
        described = con.execute(f"DESCRIBE SELECT * FROM {quote_ident(raw)}").fetchall()
    file_columns = {r[0]: r[1] for r in described}
    time_column = next((c.name for c in columns if c.name == "Timestamp"),
                       next((c.name for c in columns if c.type == "datetime"), None))
    info = TableInfo(name=name, columns=columns, family="registered", time_column=time_column,
                     description=f"registered from Python ({table.num_rows:,} rows)")
    from hunt.engine import views
    select = views.select_list(info, file_columns)
    relation = f"(SELECT {select} FROM {quote_ident(raw)})"
    info = TableInfo(name=name, columns=columns, family="registered", time_column=time_column,
                     description=info.description, sql_relation=relation)
    h.catalog.add(info)
    return info


# -- magics -----------------------------------------------------------------------------------

class _State:
    def __init__(self):
        self.data: Optional[str] = None
        self.conn = None
        self.now: Optional[str] = None

    def connection(self, data: Optional[str]):
        import hunt
        if data is not None and data != self.data:
            if self.conn is not None:
                self.conn.close()
            self.conn = hunt.connect(data)
            self.data = data
        if self.conn is None:
            self.conn = hunt.connect(self.data)
        return self.conn


_STATE = _State()


_OPTION = re.compile(r"""^\s*(-o|--output|--data|--now|-p|--param|--conn)(?:\s+|=)"""
                     r"""("[^"]*"|'[^']*'|\S+)""")
_FLAGS = {"-o": "output", "--output": "output", "--data": "data", "--now": "now",
          "-p": "params", "--param": "params", "--conn": "conn"}


def parse_magic_args(line: str) -> tuple[dict, str]:
    """(options, query text) of a magic's line: options first, the rest is KQL as typed."""
    opts: dict = {"output": None, "data": None, "now": None, "params": [], "conn": None}
    rest = line
    while True:
        m = _OPTION.match(rest)
        if m is None:
            if re.match(r"^\s*(-o|--output|--data|--now|-p|--param|--conn)\s*$", rest):
                raise ValueError(f"{rest.strip()} needs a value")
            break
        key = _FLAGS[m.group(1)]
        value = m.group(2)
        if value[:1] in "'\"" and value[-1:] == value[:1] and len(value) >= 2:
            value = value[1:-1]
        if key == "params":
            opts["params"] += [p for p in value.split(",") if p]
        else:
            opts[key] = value
        rest = rest[m.end():]
    return opts, rest.strip()


def run_magic(line: str, cell: Optional[str], user_ns: dict):
    """What `%kql` / `%%kql` do; returns the Result (None after an error, which is printed
    as the query line with a caret and the help line, never a traceback)."""
    import sys
    from hunt.errors import KqlError
    try:
        opts, rest = parse_magic_args(line)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None
    text = (cell if cell is not None else rest) or ""
    if not text.strip():
        if opts["data"] is not None:
            _STATE.connection(opts["data"])
            return None
        print("error: no query given\nhint: %kql DeviceInfo | take 5", file=sys.stderr)
        return None
    if opts["conn"]:
        h = user_ns.get(opts["conn"])
        if h is None or not hasattr(h, "query"):
            print(f"error: no hunt connection in variable '{opts['conn']}'", file=sys.stderr)
            return None
    else:
        try:
            h = _STATE.connection(opts["data"])
        except KqlError as exc:
            print(exc.render(), file=sys.stderr)
            return None
    if opts["now"] is not None:
        _STATE.now = opts["now"] or None
    params = {}
    for name in opts["params"]:
        if name not in user_ns:
            print(f"error: -p {name}: no such variable in the notebook", file=sys.stderr)
            return None
        params[name] = user_ns[name]
    try:
        result = h.query(text, now=_STATE.now, params=params or None)
    except KqlError as exc:
        print(exc.render("cell" if cell is not None else "line"), file=sys.stderr)
        return None
    if opts["output"]:
        user_ns[opts["output"]] = result
    return result


def load_ipython_extension(ipython) -> None:
    """`%load_ext hunt`: registers the %kql line magic and the %%kql cell magic."""
    def kql(line, cell=None):
        return run_magic(line, cell, ipython.user_ns)
    kql.__doc__ = __doc__
    ipython.register_magic_function(kql, magic_kind="line_cell", magic_name="kql")
