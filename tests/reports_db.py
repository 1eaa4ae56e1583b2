"""The reports database for tests: a SQLite file, and a real PostgreSQL started for the session.

PostgreSQL is Debian's (scripts/system_needs.sh installs it), run as a child process on a unix
socket in a temporary folder, never as a system service; as root it runs as the `postgres`
account (it refuses root). Without its programs the PostgreSQL cases skip, unless CI=1.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from clinic_finder.reports.engine import make_engine, migrate


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    """initdb + postgres in a temporary folder, listening on its unix socket only."""

    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.dir = Path(tempfile.mkdtemp(prefix="cf-pg-"))
        self.data, self.socket = self.dir / "data", self.dir / "socket"
        self.socket.mkdir()
        self.process: subprocess.Popen | None = None
        self.user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            shutil.chown(self.socket, "postgres")

    def start(self) -> None:
        if not self.data.exists():
            subprocess.run(_as_owner([str(self.bin / "initdb"), "-D", str(self.data), "-A",
                                      "trust", "-U", self.user, "--no-sync", "-E", "UTF8"]),
                           check=True, capture_output=True)  # fmt: skip
        self.process = subprocess.Popen(
            _as_owner([str(self.bin / "postgres"), "-D", str(self.data), "-k", str(self.socket),
                       "-c", "listen_addresses=", "-c", "max_connections=200",
                       "-c", "shared_buffers=32MB"]),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("postgres stopped at start")
            try:
                with create_engine(self.url("postgres")).connect() as db:
                    db.execute(text("select 1"))
                return
            except Exception:  # not answering yet
                time.sleep(0.2)
        raise RuntimeError("postgres did not answer within 30 s")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@/{database}?host={self.socket}"

    def new_database(self) -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        engine = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as db:
            db.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url(name)

    def stop(self, hard: bool = False) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill() if hard else self.process.terminate()
            self.process.wait(timeout=30)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


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
