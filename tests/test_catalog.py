"""The schema catalog: the committed tables/ data, its loader and the did-you-mean helper."""
import json
from pathlib import Path

import pytest

from hunt.semantic.catalog import (TableInfo, ColumnInfo, data_dir, load_catalog,
                                   load_default_catalog, suggest)

ROOT = Path(__file__).resolve().parent.parent
SHARED_SCHEMA = ROOT.parent / "shared" / "schema" / "advanced_hunting.json"
KUSTO = {"string", "int", "long", "real", "bool", "datetime", "timespan", "guid", "dynamic",
         "decimal"}


def test_default_catalog_has_all_tables_and_functions():
    cat = load_default_catalog()
    assert len(cat.tables()) == 66
    assert sum(len(t.columns) for t in cat.tables()) == 1637
    assert set(cat.functions) == {"FileProfile", "DeviceFromIP", "AssignedIPAddresses", "SeenBy"}
    dpe = cat.table("DeviceProcessEvents")
    assert dpe.family == "device" and dpe.status == "GA" and dpe.time_column == "Timestamp"
    assert dpe.column("FileName").type == "string"
    assert dpe.column("Timestamp").type == "datetime"
    assert cat.table("CallActivityEvents").time_column == "ActivityTimestamp"
    assert cat.table("DeviceTvmSoftwareInventory").time_column is None
    for t in cat.tables():
        assert t.description and t.family and t.status
        for c in t.columns:
            assert c.type in KUSTO, (t.name, c)


def test_names_are_case_sensitive():
    cat = load_default_catalog()
    assert cat.table("deviceprocessevents") is None
    assert cat.table("DeviceProcessEvents").column("filename") is None


def test_internal_file_profile_table_is_not_listed():
    cat = load_default_catalog()
    assert "_FileProfile" not in cat.table_names()
    assert cat.table("_FileProfile") is None
    (fp,) = cat.internal_tables()
    assert fp is cat.internal_table("_FileProfile")
    names = [c.name for c in fp.columns]
    assert names[:4] == ["SHA1", "SHA256", "MD5", "FileSize"]
    assert names[-1] == "ProfileAvailability"
    assert fp.column("GlobalPrevalence").type == "int"
    assert fp.column("GlobalFirstSeen").type == "datetime"
    assert fp.column("IsExecutable").type == "bool"
    # it matches what FileProfile adds
    added = cat.functions["FileProfile"]["output_columns"]
    assert [(c["name"], c["type"]) for c in added] == [(c.name, c.type) for c in fp.columns]


def test_default_catalog_is_a_private_copy():
    a = load_default_catalog()
    a.add(TableInfo("MyTable", (ColumnInfo("x", "long"),)))
    b = load_default_catalog()
    assert b.table("MyTable") is None
    assert a.copy().internal_table("_FileProfile") is not None


def test_load_catalog_missing_directory(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_catalog(tmp_path / "nope")


def test_data_dir_points_at_committed_files():
    d = data_dir()
    assert (d / "functions.json").is_file() and (d / "internal.json").is_file()


@pytest.mark.parametrize("name, candidates, expected", [
    ("FileNmae", ["FileName", "FolderPath", "SHA1"], "FileName"),
    ("filename", ["FileName", "FolderPath"], "FileName"),          # case first
    ("devicename", ["DeviceName", "DeviceId"], "DeviceName"),
    ("DeviceProcesEvents", ["DeviceProcessEvents", "DeviceEvents"], "DeviceProcessEvents"),
    ("Zebra", ["FileName", "FolderPath"], None),
    ("x", [], None),
    ("", ["a"], None),
])
def test_suggest(name, candidates, expected):
    assert suggest(name, candidates) == expected


def test_suggest_prefers_exact_case_insensitive_over_closer_spelling():
    # 'Account' vs 'account': the case-insensitive equal wins even though 'Accounts' is close too
    assert suggest("account", ["Accounts", "Account"]) == "Account"


def test_generated_files_are_up_to_date():
    if not SHARED_SCHEMA.is_file():
        pytest.skip(f"shared schema not available at {SHARED_SCHEMA}")
    import importlib.util
    spec = importlib.util.spec_from_file_location("gen_tables", ROOT / "scripts" / "gen_tables.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    files = mod.generate(json.loads(SHARED_SCHEMA.read_text(encoding="utf-8")))
    for name, text in files.items():
        assert (ROOT / "tables" / name).read_text(encoding="utf-8") == text, \
            f"tables/{name} is stale: run python scripts/gen_tables.py"
