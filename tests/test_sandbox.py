"""The session refuses to leave the data directory or to change anything.

Two layers are proven separately: DuckDB's locked settings (raw SQL on `session.con`, the
connection every query runs on) and the engine's statement guard (`session.sql`, the path
compiled SQL takes). The compiler never emits user SQL; these are the walls behind it."""
from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from hunt.errors import KqlError, KqlRuntimeError
from hunt.engine.session import Session

from tests import enginekit as K


@pytest.fixture
def session(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    K.events_fixture(data)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("a,b\n1,2\n")
    s = Session(data, K.catalog(), timeout=30)
    s.ensure_views()
    s.outside = outside
    yield s
    s.close()


def raw(session, sql):
    return session.con.execute(sql).fetchall()


# -- DuckDB's own settings, on the raw locked connection ---------------------------------------

def test_raw_read_outside_data_dir_is_refused(session):
    with pytest.raises(duckdb.PermissionException):
        raw(session, "SELECT * FROM read_csv('/etc/passwd')")
    with pytest.raises(duckdb.PermissionException):
        raw(session, f"SELECT * FROM read_csv('{session.outside}/secret.csv')")
    with pytest.raises(duckdb.PermissionException):
        raw(session, f"SELECT * FROM read_text('{session.data_dir}/../outside/secret.csv')")
    with pytest.raises(duckdb.PermissionException):
        raw(session, "SELECT * FROM glob('/*')")


def test_raw_copy_outside_data_dir_is_refused(session):
    target = session.outside / "out.csv"
    with pytest.raises(duckdb.PermissionException):
        raw(session, f"COPY (SELECT 1) TO '{target}'")
    assert not target.exists()


def test_raw_attach_install_load_are_refused(session):
    with pytest.raises(duckdb.PermissionException):
        raw(session, f"ATTACH '{session.outside}/x.db'")
    assert not (session.outside / "x.db").exists()
    with pytest.raises(duckdb.Error):
        raw(session, "INSTALL httpfs")
    with pytest.raises(duckdb.Error):
        raw(session, "LOAD httpfs")


def test_raw_network_urls_are_refused(session):
    with pytest.raises(duckdb.Error):
        raw(session, "SELECT * FROM read_csv('https://example.com/x.csv')")


@pytest.mark.parametrize("stmt", [
    "SET enable_external_access = true",
    "RESET enable_external_access",
    "SET lock_configuration = false",
    "SET allowed_directories = ['/']",
    "SET autoload_known_extensions = true",
    "SET autoinstall_known_extensions = true",
    "SET memory_limit = '1TB'",
    "SET TimeZone = 'Europe/Paris'",
])
def test_raw_configuration_is_locked(session, stmt):
    with pytest.raises(duckdb.Error, match="locked"):
        raw(session, stmt)


def test_settings_in_force(session):
    got = dict(raw(session, "SELECT name, value FROM duckdb_settings() WHERE name IN "
                            "('enable_external_access', 'lock_configuration', "
                            "'autoload_known_extensions', 'autoinstall_known_extensions', "
                            "'python_enable_replacements')"))
    assert got == {"enable_external_access": "false", "lock_configuration": "true",
                   "autoload_known_extensions": "false",
                   "autoinstall_known_extensions": "false",
                   "python_enable_replacements": "false"}


def test_python_variables_are_not_tables(session):
    secret_frame = pa.table({"x": [1]})   # noqa: F841 - DuckDB must not see it
    with pytest.raises(KqlRuntimeError):
        session.sql("SELECT * FROM secret_frame")


# -- the statement guard on the query path ------------------------------------------------------

@pytest.mark.parametrize("stmt", [
    "COPY (SELECT 1) TO '{data}/dropped.csv'",
    "COPY \"Events\" TO '{data}/dropped.parquet' (FORMAT parquet)",
    "ATTACH '{data}/x.db' AS x",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "PRAGMA version",
    "CREATE TABLE t AS SELECT 1",
    "DROP VIEW \"Events\"",
    "EXPORT DATABASE '{data}/exported'",
    "SELECT 1; COPY (SELECT 1) TO '{data}/dropped.csv'",
    "CALL pragma_version()",
])
def test_guard_refuses_everything_but_one_select(session, stmt):
    before = sorted(p.name for p in session.data_dir.rglob("*"))
    with pytest.raises(KqlRuntimeError) as e:
        session.sql(stmt.format(data=session.data_dir))
    assert e.value.code == "HUNT405"
    assert sorted(p.name for p in session.data_dir.rglob("*")) == before
    # and the views are intact
    assert session.sql('SELECT count(*) FROM "Events"').column(0).to_pylist() == [3]


def test_guard_passes_select_but_sandbox_still_applies(session):
    with pytest.raises(KqlRuntimeError) as e:
        session.sql("SELECT * FROM read_csv('/etc/passwd')")
    assert e.value.code == "HUNT405" and "sandbox" in e.value.message
    assert "\n" not in e.value.message


def test_compiled_statements_go_through_the_guard(session):
    with pytest.raises(KqlRuntimeError) as e:
        session.run(K.query(K.stmt(f"COPY (SELECT 1) TO '{session.data_dir}/x.csv'",
                                   ("x", "long"))))
    assert e.value.code == "HUNT405"
    assert not (session.data_dir / "x.csv").exists()


def test_reading_the_data_directory_is_allowed(session):
    t = session.sql(f"SELECT count(*) FROM read_parquet('{session.data_dir}/Events/*.parquet')")
    assert t.column(0).to_pylist() == [3]


# -- externaldata without the feature ----------------------------------------------------------

@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1:9/x.csv",
                                 "https://example.com/data.csv"])
def test_externaldata_disabled_is_a_clear_error(session, url):
    q = K.query(K.stmt('SELECT * FROM "ext0"', ("a", "string")),
                externaldata=[K.external("ext0", [url], [("a", "string")])])
    with pytest.raises(KqlError) as e:
        session.run(q)
    assert e.value.code == "HUNT410"
    assert "externaldata is disabled" in e.value.message
    assert "allow_externaldata=True" in e.value.help and "HUNT_EXTERNALDATA" in e.value.help


def test_externaldata_enabled_still_refuses_non_http(tmp_path):
    with Session(tmp_path, K.catalog(), allow_externaldata=True) as s:
        for url in ("file:///etc/passwd", "ftp://example.com/x", "/etc/passwd"):
            q = K.query(K.stmt('SELECT * FROM "ext0"', ("a", "string")),
                        externaldata=[K.external("ext0", [url], [("a", "string")])])
            with pytest.raises(KqlError) as e:
                s.run(q)
            assert e.value.code == "HUNT411" and "http" in e.value.help
