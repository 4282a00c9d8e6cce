"""The public Python API (hunt.connect / Hunt): arguments, errors, statements, life cycle.

Most tests stand in for the compiler (monkeypatched compile_query returning hand-built SQL),
so the API layer is tested alone; the end-to-end tests at the bottom run real KQL and skip,
visibly, while the compiler cannot compile a trivial query yet."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

import hunt
import hunt.compiler
from hunt.errors import KqlError, KqlRuntimeError, KqlSyntaxError, Span
from hunt.api import default_data_dir, parse_now

from tests import enginekit as K

UTC = dt.timezone.utc
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data(tmp_path):
    K.events_fixture(tmp_path)
    return tmp_path


@pytest.fixture
def h(data):
    with hunt.connect(data, catalog=K.catalog()) as conn:
        yield conn


@pytest.fixture
def fake_compiler(monkeypatch):
    """compile_query → a queue of hand-built CompiledQuery objects; records its arguments."""
    calls = []
    plan = {}

    def fake(text, catalog, *, now=None, params=None, probe=None):
        calls.append({"text": text, "now": now, "params": params, "probe": probe,
                      "catalog": catalog})
        result = plan["next"]
        if isinstance(result, BaseException):
            raise result
        return result(text) if callable(result) else result

    monkeypatch.setattr(hunt.compiler, "compile_query", fake)
    # every query reaches the compiler (the cache has its own tests: test_compile_cache.py)
    monkeypatch.setattr(hunt.compiler.CompileCache, "compile",
                        lambda self, text, catalog, **kw: fake(text, catalog, **kw))
    fake.calls = calls
    fake.plan = plan
    return fake


# -- connect ----------------------------------------------------------------------------------

def test_connect_missing_directory_is_a_kql_error(tmp_path):
    with pytest.raises(KqlError) as e:
        hunt.connect(tmp_path / "nope")
    assert e.value.code == "HUNT503" and "not found" in e.value.message and e.value.help
    (tmp_path / "file").write_text("x")
    with pytest.raises(KqlError):
        hunt.connect(tmp_path / "file")


def test_default_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("HUNT_DATA", str(tmp_path / "d"))
    assert default_data_dir() == tmp_path / "d"
    monkeypatch.delenv("HUNT_DATA")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_data_dir() == tmp_path / "xdg" / "hunt"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_data_dir() == Path.home() / ".local" / "share" / "hunt"


def test_connect_without_argument_uses_hunt_data(monkeypatch, data):
    monkeypatch.setenv("HUNT_DATA", str(data))
    with hunt.connect() as conn:
        assert conn.data_dir == data


@pytest.mark.parametrize("kwargs", [{"timeout": -1}, {"timeout": "x"}, {"max_rows": -5},
                                    {"threads": 0}, {"memory_limit": ""}])
def test_bad_options_are_kql_errors(data, kwargs):
    with pytest.raises(KqlError) as e:
        hunt.connect(data, **kwargs)
    assert e.value.code == "HUNT501"


# -- catalog ----------------------------------------------------------------------------------

def test_tables_and_schema_default_catalog(data):
    with hunt.connect(data) as conn:
        names = conn.tables()
        assert "DeviceProcessEvents" in names and names == sorted(names)
        info = conn.schema("DeviceProcessEvents")
        assert info.name == "DeviceProcessEvents"
        assert info.columns[0].name and info.column("Timestamp").type == "datetime"
        assert "_FileProfile" not in names


def test_schema_unknown_table_suggests(data):
    with hunt.connect(data) as conn:
        with pytest.raises(KqlError) as e:
            conn.schema("DeviceProcesEvents")
    assert "DeviceProcessEvents" in e.value.help


def test_catalog_calls_do_not_start_duckdb(data):
    code = ("import sys, hunt; h = hunt.connect(sys.argv[1]); h.tables(); "
            "h.schema('DeviceEvents'); assert 'duckdb' not in sys.modules, 'duckdb imported'; "
            "assert 'pyarrow' not in sys.modules, 'pyarrow imported'")
    subprocess.run([sys.executable, "-c", code, str(data)], check=True, cwd=ROOT,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})


# -- now / params -----------------------------------------------------------------------------

def test_parse_now_forms():
    want = dt.datetime(2026, 11, 1, tzinfo=UTC)
    assert parse_now("2026-11-01T00:00:00Z") == want
    assert parse_now("2026-11-01T01:00:00+01:00") == want
    assert parse_now(dt.datetime(2026, 11, 1)) == want
    assert parse_now("2026-11-01") == want
    assert parse_now("2026-11-01T00:00:00.1234567Z") == want.replace(microsecond=123456)
    assert parse_now(None) is None
    for bad in ("yesterday", "2026-13-01", 12):
        with pytest.raises(KqlError) as e:
            parse_now(bad)
        assert e.value.code == "HUNT501"


def test_now_and_params_reach_the_compiler(h, fake_compiler):
    fake_compiler.plan["next"] = K.query(K.stmt("SELECT 1 AS c0", ("x", "long")))
    h.query("T", now="2026-11-01T00:00:00Z", params={"dev": "pc-01"})
    call = fake_compiler.calls[-1]
    assert call["now"] == dt.datetime(2026, 11, 1, tzinfo=UTC)
    assert call["params"] == {"dev": "pc-01"} and call["text"] == "T"
    assert call["catalog"] is h.catalog


# -- running ----------------------------------------------------------------------------------

def test_query_returns_last_statement_and_keeps_all(h, fake_compiler):
    fake_compiler.plan["next"] = K.query(
        K.stmt('SELECT "DeviceName" AS c0 FROM "Events" ORDER BY 1', ("DeviceName", "string")),
        K.stmt("SELECT count(*) AS c0 FROM \"Events\"", ("Count", "long")))
    r = h.query("Events | take 1; Events | count")
    assert r.columns == ["Count"] and r.rows == [(3,)]
    assert len(r.results) == 2 and r.results[0].rows == [("",), ("pc-01",), ("pc-02",)]
    assert r.results[-1] is r


def test_query_result_attributes(h, fake_compiler):
    fake_compiler.plan["next"] = K.query(K.stmt(
        "SELECT x AS c0 FROM range(5) t(x)", ("x", "long"), render={"kind": "table"}))
    r = h.query("range x from 0 to 4 step 1 | render table", max_rows=3)
    assert r.rows == [(0,), (1,), (2,)] and r.truncated
    assert r.render == {"kind": "table"} and r.sql.startswith("SELECT")
    assert r.kusto_types == ["long"] and r.to_arrow().num_rows == 3


def test_unexpected_compiler_exception_becomes_hunt499(h, fake_compiler):
    boom = ValueError("boom")
    fake_compiler.plan["next"] = boom
    with pytest.raises(KqlRuntimeError) as e:
        h.query("Events | take 1")
    assert e.value.code == "HUNT499" and "internal error" in e.value.message
    assert "--debug" in e.value.help
    assert e.value.__cause__ is boom


def test_compiler_errors_pass_through_with_position(h, fake_compiler):
    fake_compiler.plan["next"] = KqlSyntaxError("expected an operator after '|'", Span(9, 10))
    with pytest.raises(KqlSyntaxError) as e:
        h.query("Events | | take 1")
    assert (e.value.line, e.value.column) == (1, 10)
    assert "^" in e.value.render()


def test_runtime_errors_are_kql_errors_with_text(h, fake_compiler):
    fake_compiler.plan["next"] = K.query(K.stmt("SELECT CAST('x' AS INTEGER) AS c0", ("x", "int")))
    with pytest.raises(KqlRuntimeError) as e:
        h.query("print toint('x')")
    assert e.value.code == "HUNT403" and e.value.text == "print toint('x')"


def test_query_timeout_argument(h, fake_compiler):
    fake_compiler.plan["next"] = K.query(K.stmt(
        "SELECT count(*) AS c0 FROM range(100000000000) t(x) WHERE x % 7 = 3", ("n", "long")))
    with pytest.raises(KqlRuntimeError) as e:
        h.query("slow", timeout=0.3)
    assert e.value.message == "query timed out after 0.3 s"
    with pytest.raises(KqlError):
        h.query("slow", timeout=0)


def test_explain_and_compile(h, fake_compiler):
    fake_compiler.plan["next"] = K.query(K.stmt("SELECT 1 AS c0", ("x", "long")),
                                         K.stmt("SELECT 2 AS c0;", ("y", "long")))
    assert h.explain("x; y") == "SELECT 1 AS c0;\n\nSELECT 2 AS c0;"
    compiled = h.compile("x; y", now="2026-01-01T00:00:00Z")
    assert len(compiled.statements) == 2


def test_probe_runs_sql_through_the_session(h, fake_compiler):
    def compile_with_probe(text):
        rows = fake_compiler.calls[-1]["probe"]('SELECT "ProcessId", "DeviceName" FROM "Events" '
                                                'ORDER BY 1 NULLS LAST')
        assert rows == [(7, ""), (4242, "pc-01"), (None, "pc-02")]
        return K.query(K.stmt("SELECT 1 AS c0", ("x", "long")))
    fake_compiler.plan["next"] = compile_with_probe
    assert h.query("Events | evaluate bag_unpack(Extra)").rows == [(1,)]
    with pytest.raises(KqlRuntimeError):
        fake_compiler.calls[-1]["probe"]("COPY (SELECT 1) TO 'x.csv'")


def test_externaldata_switch(data, fake_compiler, monkeypatch):
    monkeypatch.delenv("HUNT_EXTERNALDATA", raising=False)
    fake_compiler.plan["next"] = K.query(
        K.stmt('SELECT * FROM "e"', ("a", "string")),
        externaldata=[K.external("e", ["https://example.com/x.csv"], [("a", "string")])])
    with hunt.connect(data, catalog=K.catalog()) as conn:
        assert not conn.allow_externaldata
        with pytest.raises(KqlError) as e:
            conn.query("externaldata(a:string) ['https://example.com/x.csv']")
        assert e.value.code == "HUNT410"
    monkeypatch.setenv("HUNT_EXTERNALDATA", "1")
    with hunt.connect(data, catalog=K.catalog()) as conn:
        assert conn.allow_externaldata
    with hunt.connect(data, catalog=K.catalog(), allow_externaldata=False) as conn:
        assert not conn.allow_externaldata


def test_close_and_context_manager(data, fake_compiler):
    fake_compiler.plan["next"] = K.query(K.stmt("SELECT 1 AS c0", ("x", "long")))
    conn = hunt.connect(data, catalog=K.catalog())
    assert conn.query("print 1").rows == [(1,)]
    conn.close()
    conn.close()    # idempotent
    with pytest.raises(KqlError):
        conn.query("print 1")
    with hunt.connect(data, catalog=K.catalog()) as c2:
        assert c2.query("print 1").rows == [(1,)]
    assert c2._session is None


def test_non_text_query_is_a_kql_error(h):
    with pytest.raises(KqlError):
        h.query(None)


# -- end to end (real compiler) ---------------------------------------------------------------

def _compiler_ready() -> str | None:
    try:
        hunt.compiler.compile_query("print x = 1", K.catalog())
        return None
    except Exception as exc:    # noqa: BLE001
        return f"compiler not ready yet: {type(exc).__name__}: {exc}"


@pytest.fixture
def e2e(data):
    reason = _compiler_ready()
    if reason:
        pytest.skip(reason)
    with hunt.connect(data, catalog=K.catalog()) as conn:
        yield conn


def test_e2e_project_take(e2e):
    r = e2e.query("Events | where ProcessId == 4242 | project DeviceName, ProcessId, Extra")
    assert r.columns == ["DeviceName", "ProcessId", "Extra"]
    assert r.kusto_types == ["string", "long", "dynamic"]
    assert r.rows == [("pc-01", 4242, {"a": 1, "b": [1, 2]})]


def test_e2e_now_and_params(e2e):
    r = e2e.query("print t = now(), d = dev", now="2026-11-01T00:00:00Z",
                  params={"dev": "pc-01"})
    assert r.rows == [(dt.datetime(2026, 11, 1, tzinfo=UTC), "pc-01")]


def test_e2e_empty_strings_and_counts(e2e):
    r = e2e.query('Events | where DeviceName == "" | count')
    assert r.rows == [(1,)]


def test_e2e_case_differing_columns(e2e):
    r = e2e.query("print a = 1, A = 2")
    assert r.columns == ["a", "A"] and r.rows == [(1, 2)]


def test_e2e_errors_are_kql_errors(e2e):
    with pytest.raises(KqlError) as e:
        e2e.query("Events | where NoSuchColumn == 1")
    assert e.value.line == 1
    with pytest.raises(KqlError):
        e2e.query("Events | | take")


def test_e2e_externaldata_disabled(e2e, monkeypatch):
    with pytest.raises(KqlError) as e:
        e2e.query('externaldata (a:string) ["file:///etc/passwd"]')
    assert e.value.code == "HUNT410" and "externaldata is disabled" in e.value.message
    assert "allow_externaldata=True" in e.value.help


def test_ingestion_time_is_the_records_timestamp(data):
    """hunt keeps no separate ingestion time: ingestion_time() is the record's Timestamp,
    null where the row has none (after summarize), as for Kusto rows that are not records."""
    with hunt.connect(data, catalog=K.catalog()) as conn:
        r = conn.query("Events | where ingestion_time() > datetime(2026-11-01 08:45) "
                       "| project Timestamp, i = ingestion_time()")
        assert [tuple(x) for x in r.rows] == [(dt.datetime(2026, 11, 1, 9, tzinfo=UTC),) * 2]
        assert r.kusto_types == ["datetime", "datetime"]
        r = conn.query("Events | summarize n = count() | extend i = ingestion_time()")
        assert [tuple(x) for x in r.rows] == [(3, None)]
