"""A persistent cache of online geocoder answers (SQLite: every answer is committed as it comes)."""

import sqlite3
import threading
from pathlib import Path

from clinic_finder.geocode.types import GeocodeResult

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    query TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    lat REAL,
    lon REAL,
    label TEXT
)
"""

NOT_FOUND = "not found"  # a cached "no match", so the same address is not asked twice


class GeocodeCache:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # autocommit + WAL: a run stopped at any point leaves every earlier answer readable
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_SCHEMA)
        self._lock = threading.Lock()

    def get(self, query: str) -> GeocodeResult | str | None:
        """The cached result, NOT_FOUND for a cached miss, or None when never asked."""
        with self._lock:
            row = self._db.execute(
                "SELECT lat, lon, label, provider FROM answers WHERE query = ?", (_key(query),)
            ).fetchone()
        if row is None:
            return None
        if row[0] is None:
            return NOT_FOUND
        return GeocodeResult(row[0], row[1], "street", row[2], f"cache:{row[3]}")

    def put(self, provider: str, query: str, result: GeocodeResult | None) -> None:
        values = (result.lat, result.lon, result.label) if result else (None, None, None)
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?)",
                (_key(query), provider, *values),
            )

    def __len__(self) -> int:
        with self._lock:
            count: int = self._db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
            return count

    def close(self) -> None:
        self._db.close()


def _key(query: str) -> str:
    return " ".join(query.casefold().split())
