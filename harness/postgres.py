"""A PostgreSQL of its own for tests and the benchmark: Debian's programs, run as a child process.

initdb and postgres in a temporary folder, listening on a unix socket only (no port, no system
service); as root they run as the `postgres` account (PostgreSQL refuses root).
scripts/system_needs.sh installs the programs (apt-get install postgresql).
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text


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
        log = (self.dir / "postgres.log").open("a")
        self.process = subprocess.Popen(
            _as_owner([str(self.bin / "postgres"), "-D", str(self.data), "-k", str(self.socket),
                       "-c", "listen_addresses=", "-c", "max_connections=200",
                       "-c", "shared_buffers=32MB"]),
            stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                said = (self.dir / "postgres.log").read_text()[-1500:]
                raise RuntimeError(f"postgres stopped at start:\n{said}")
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
        """A clean shutdown, or (hard) SIGKILL to the server and every backend at once."""
        if self.process is not None and self.process.poll() is None:
            pid_file = self.data / "postmaster.pid"
            postmaster = int(pid_file.read_text().split()[0]) if pid_file.exists() else None
            if hard:  # its own session: runuser, the postmaster and its backends
                os.killpg(self.process.pid, signal.SIGKILL)
            else:
                self.process.terminate()
            self.process.wait(timeout=30)
            deadline = time.monotonic() + 30  # runuser has gone; wait for the postmaster too
            while postmaster and Path(f"/proc/{postmaster}").exists():
                if time.monotonic() > deadline:
                    raise RuntimeError(f"postgres (pid {postmaster}) did not stop")
                time.sleep(0.05)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
