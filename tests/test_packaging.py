"""The wheel carries the data the code reads: the grammar, the schema tables, the queries.

Builds a wheel from the checkout (about 10-20 s) and checks pyproject's force-include, then
installs it into a scratch folder and checks that the catalog loads from inside the package.
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out)]
    if importlib.util.find_spec("hatchling") is not None:
        cmd.append("--no-build-isolation")  # the test extras install hatchling: no network
    proc = subprocess.run(cmd + [str(ROOT)], capture_output=True, text=True)
    assert proc.returncode == 0, f"pip wheel failed:\n{proc.stdout}\n{proc.stderr}"
    (built,) = out.glob("hunt-*.whl")
    return built


def test_wheel_contains_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "hunt/_data/grammar/kql.lark" in names
    tables = sorted(p.name for p in (ROOT / "tables").glob("*.json"))
    assert tables, "tables/ has no schema files"
    for name in tables:
        assert f"hunt/_data/tables/{name}" in names
    assert any(n.startswith("hunt/_data/queries/") for n in names)
    assert "hunt/__init__.py" in names and "hunt/semantic/catalog.py" in names


def test_installed_wheel_reads_its_own_data(wheel, tmp_path):
    site = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                           "--target", str(site), str(wheel)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import hunt; "
            "from hunt.semantic.catalog import data_dir, load_default_catalog; "
            "c = load_default_catalog(); "
            "print(hunt.__file__); print(data_dir()); print(len(c.tables()))")
    proc = subprocess.run([sys.executable, "-c", code, str(site)], capture_output=True,
                          text=True, cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    module_file, data, n_tables = proc.stdout.split("\n")[:3]
    assert Path(module_file).is_relative_to(site)
    assert Path(data) == site / "hunt" / "_data" / "tables"
    assert int(n_tables) == 66
