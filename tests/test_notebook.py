"""The notebook front end: the %kql / %%kql magics, a Result's HTML, register() and
to_polars(); and examples/hunting.ipynb executed top to bottom."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import hunt
from tests.test_repl import make_data

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "hunting.ipynb"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return make_data(tmp_path_factory.mktemp("nb") / "data")


@pytest.fixture(scope="module")
def ip():
    pytest.importorskip("IPython")
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "hunt")
    return shell


def test_cell_and_line_magics(ip, data, capsys):
    r = ip.run_cell_magic("kql", f"-o hits --data {data} --now 2026-11-02T00:00:00Z",
                          "DeviceProcessEvents\n| where Timestamp > ago(1d)\n| count")
    assert ip.user_ns["hits"] is r and r.columns == ["Count"] and r.rows[0][0] > 0
    r = ip.run_line_magic("kql", "DeviceProcessEvents | summarize dcount(DeviceName)")
    assert r.rows == [(4,)]                         # the --data of the cell is remembered
    ip.user_ns["names"] = ["cmd.exe"]
    r = ip.run_line_magic("kql", "-p names DeviceProcessEvents | where FileName in (names) "
                                 "| distinct FileName")
    assert r.rows == [("cmd.exe",)]
    conn = hunt.connect(data)
    conn.register("Mine", _frame())
    ip.user_ns["conn"] = conn
    r = ip.run_line_magic("kql", "--conn conn Mine | summarize sum(n)")
    assert r.rows == [(6,)]
    capsys.readouterr()
    assert ip.run_line_magic("kql", "DeviceProcessEvents | where FileNmae == 1") is None
    err = capsys.readouterr().err
    assert "^^^^^^^^" in err and "did you mean 'FileName'?" in err and "Traceback" not in err


def _frame():
    import pandas as pd
    return pd.DataFrame({"n": [1, 2, 3], "s": ["a", "b", "c"]})


def test_repr_html_shows_count_truncation_and_chart(data):
    h = hunt.connect(data, max_rows=10)
    r = h.query("DeviceProcessEvents | project Timestamp, DeviceName")
    page = r._repr_html_()
    assert "<table" in page and "10 rows" in page and "truncated at 10 rows" in page
    assert 'title="datetime">Timestamp</th>' in page and "2026-11-01T00:00:00Z" in page
    r = h.query("DeviceProcessEvents | summarize n = count() by bin(Timestamp, 1h) "
                "| render timechart")
    assert "<svg" in r._repr_html_() and "<polyline" in r._repr_html_()
    r = h.query("print s = '<b>&'")
    assert "&lt;b&gt;&amp;" in r._repr_html_()


def test_register_dataframes_and_arrow_with_kusto_types(data):
    import pandas as pd
    import pyarrow as pa
    h = hunt.connect(data)
    df = pd.DataFrame({
        "Host": ["ws-01", "srv-dc1", "ws-01"],
        "Bytes": [10, 20, 30],
        "Seen": pd.to_datetime(["2026-11-01T01:00:00Z", "2026-11-01T02:00:00Z",
                                "2026-11-01T03:00:00Z"]),
        "Ratio": [0.5, 1.5, None],
        "Tags": [["a"], [], ["b", "c"]],
        "Wait": pd.to_timedelta(["1s", "2min", "3h"]),
    })
    info = h.register("Flows", df)
    assert [(c.name, c.type) for c in info.columns] == [
        ("Host", "string"), ("Bytes", "long"), ("Seen", "datetime"), ("Ratio", "real"),
        ("Tags", "dynamic"), ("Wait", "timespan")]
    r = h.query("Flows | where Host == 'ws-01' | extend n = array_length(Tags) "
                "| summarize Total = sum(Bytes), Tags = sum(n), Last = max(Seen)")
    assert r.rows == [(40, 3, dt.datetime(2026, 11, 1, 3, tzinfo=dt.timezone.utc))]
    r = h.query("DeviceProcessEvents | summarize c = count() by DeviceName "
                "| join kind=inner (Flows | summarize b = sum(Bytes) by DeviceName = Host) "
                "on DeviceName | project DeviceName, b | order by DeviceName asc")
    assert [row[0] for row in r.rows] == ["srv-dc1", "ws-01"]
    h.register("Flows", pa.table({"Only": pa.array([1], pa.int32())}))   # replaced
    assert h.query("Flows").columns == ["Only"] and h.schema("Flows").columns[0].type == "int"
    with pytest.raises(hunt.KqlError, match="invalid table name"):
        h.register("bad name", df)
    with pytest.raises(hunt.KqlError, match="cannot make a table"):
        h.register("Nope", 42)


def test_params_and_polars(data):
    h = hunt.connect(data)
    r = h.query("DeviceProcessEvents | where Timestamp between (start .. start + span) "
                "and DeviceName in (hosts) | count",
                params={"start": dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc),
                        "span": dt.timedelta(hours=2), "hosts": ["ws-01", "ws-02"]})
    assert 0 < r.rows[0][0] < 20
    pl = pytest.importorskip("polars")
    frame = h.query("DeviceProcessEvents | take 3 | project DeviceName, Timestamp").to_polars()
    assert isinstance(frame, pl.DataFrame) and frame.columns == ["DeviceName", "Timestamp"]


def test_example_notebook_runs_top_to_bottom(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    import importlib.util
    target = tmp_path / "demo-data"
    try:
        has_demo = importlib.util.find_spec("hunt.store.demo.writer") is not None
    except ImportError:
        has_demo = False
    if has_demo:
        from hunt.store.demo import DemoConfig, generate
        import io
        generate(target, DemoConfig(days=2, events_per_day=5_000, users=40, devices=30),
                 progress=io.StringIO())
    else:        # the demo generator is not in this build yet: the same hunt on a small table
        make_data(target)
    monkeypatch.setenv("HUNT_DEMO_DATA", str(target))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    with_output = [c for c in code if c.outputs]
    assert len(with_output) >= len(code) - 1          # `%load_ext hunt` prints nothing
    html = [o for c in code for o in c.outputs if "text/html" in o.get("data", {})]
    assert len(html) >= 6
    assert any("<svg" in o["data"]["text/html"] for o in html)
    streams = "".join(o.get("text", "") for c in code for o in c.outputs
                      if o.output_type == "stream")
    assert "did you mean 'FileName'?" in streams
