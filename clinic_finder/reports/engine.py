"""The one factory of the reports database's engine, and its migrations (Alembic, to head)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import SQLAlchemyError

from clinic_finder.settings import Settings, redacted

if TYPE_CHECKING:
    from clinic_finder.reports.store import ReportStore

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
log = logging.getLogger("clinic_finder.reports")
# How long a writer waits for another's lock before the report is "not saved" (SQLite).
BUSY_TIMEOUT_MS = 5000


def make_engine(url: str, connect_timeout_s: int = 3) -> Engine:
    """An engine for `url`; SQLite in WAL mode with every commit synced (a confirmed report
    survives the process being killed), PostgreSQL failing fast when it does not answer."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own BEGIN handling defers locks; BEGIN IMMEDIATE takes the write lock at
        # once, so two writers queue on busy_timeout instead of failing on upgrade.
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=4,
        max_overflow=16,
        connect_args={"connect_timeout": connect_timeout_s},
    )


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    connection.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN itself
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Bring the database to the newest revision (creating it on first use)."""
    from alembic import command
    from alembic.config import Config

    if engine.url.get_backend_name() == "sqlite" and engine.url.database:
        Path(engine.url.database).parent.mkdir(parents=True, exist_ok=True)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":  # one process migrates, the others wait
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(250025)")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_engine(settings: Settings) -> Engine:
    """The settings' database, migrated; a ReportsUnavailable naming it when it cannot be."""
    from clinic_finder.reports.errors import ReportsUnavailable

    url = settings.database()
    problem = settings.problem("reports")
    if problem is not None:
        raise ReportsUnavailable(f"reports cannot be kept: {problem}")
    engine = make_engine(url)
    try:
        migrate(engine)
    except (SQLAlchemyError, OSError) as error:  # OSError: its folder cannot be made
        if not _at_head(engine):  # another process may have migrated it meanwhile
            raise ReportsUnavailable(
                f"cannot open {redacted(url)}: {error.__class__.__name__}"
            ) from error
    log.info("reports database: %s", redacted(url))
    return engine


def _at_head(engine: Engine) -> bool:
    try:
        return {"reports", "decisions"} <= set(inspect(engine).get_table_names())
    except SQLAlchemyError:
        return False


class Opener:
    """Opens the settings' database on first use and keeps it; while it cannot be opened, tries
    again at most every `retry_s` seconds (a page waits on a down database once, not each run)."""

    def __init__(self, settings: Settings, retry_s: float = 30.0, clock: Any = None):
        import threading
        import time

        self.settings, self.retry_s = settings, retry_s
        self.clock = clock or time.monotonic
        self._engine: Engine | None = None
        self._store: ReportStore | None = None
        self._failed_at: float | None = None
        self._lock = threading.Lock()

    def store(self) -> ReportStore | None:
        """The store on the opened database (one per opener), or None while it cannot be."""
        from clinic_finder.reports.store import ReportStore

        engine = self.engine()
        if engine is None:
            return None
        with self._lock:
            if self._store is None:
                self._store = ReportStore(engine)
            return self._store

    def engine(self) -> Engine | None:
        from clinic_finder.reports.errors import ReportsUnavailable

        with self._lock:
            if self._engine is not None:
                return self._engine
            if self._failed_at is not None and self.clock() - self._failed_at < self.retry_s:
                return None
            try:
                self._engine = open_engine(self.settings)
            except ReportsUnavailable as error:
                log.warning("reports cannot be saved: %s", error)
                self._failed_at = self.clock()
            return self._engine
