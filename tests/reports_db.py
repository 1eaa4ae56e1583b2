"""The reports database for tests: a SQLite file, and a real PostgreSQL started for the session.

PostgreSQL is Debian's (scripts/system_needs.sh installs it), run as a child process on a unix
socket in a temporary folder, never as a system service; as root it runs as the `postgres`
account (it refuses root). Without its programs the PostgreSQL cases skip, unless CI=1.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from clinic_finder.reports.engine import make_engine, migrate
from harness.postgres import Postgres, postgres_bin


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    bin_dir = postgres_bin()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed (scripts/system_needs.sh installs it)")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    server = Postgres(bin_dir)
    server.start()
    yield server
    server.remove()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """A new, empty database of each kind (the same tests run on both)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'reports.sqlite'}"
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def engine(database_url) -> Iterator[Engine]:
    made = make_engine(database_url)
    migrate(made)
    yield made
    made.dispose()
