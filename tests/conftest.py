"""Shared pytest options and fixtures."""
from __future__ import annotations

import pytest


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/**/*.out|.err|.sql from the current engine")


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture(scope="session")
def tenant_dir(tmp_path_factory):
    """The hand-made fixture tenant (tests/fixtures/tenant.py) as a data directory."""
    from tests.fixtures import tenant
    return tenant.write(tmp_path_factory.mktemp("tenant"))


@pytest.fixture(scope="session")
def tenant(tenant_dir):
    import hunt
    h = hunt.connect(tenant_dir)
    yield h
    h.close()
