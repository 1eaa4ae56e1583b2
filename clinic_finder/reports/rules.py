"""What a report may hold and how often one may be sent: plain values and checks, no database."""

from __future__ import annotations

import hashlib
import re
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, get_args

Reason = Literal["phone", "closed", "services", "payment", "address", "other"]
REASONS: tuple[Reason, ...] = get_args(Reason)
NOTE_MAX = 500  # characters
CODES_MAX = 30  # service or payment codes named in one report
CODE = re.compile(r"[A-Z0-9]{1,12}")
LISTING_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
# Limits: per visit (the page's session) in the database, per client (address) in each process.
SESSION_LIMIT = 10  # reports per visit per hour
CLIENT_LIMIT = 30  # reports per client address per hour, per app process
WINDOW_S = 3600.0


class InvalidReport(ValueError):
    """A report the form could never send (a bad reason, an oversized note): refused whole."""


@dataclass(frozen=True)
class NewReport:
    listing_id: str
    reason: Reason
    services: tuple[str, ...] = ()
    payment: tuple[str, ...] = ()
    note: str = ""

    def checked(self) -> NewReport:
        """This report with its note tidied; InvalidReport quoting what is wrong."""
        if not LISTING_ID.fullmatch(self.listing_id):
            raise InvalidReport(f"unknown listing id {self.listing_id!r}")
        if self.reason not in REASONS:
            raise InvalidReport(f"unknown reason {self.reason!r}")
        for codes in (self.services, self.payment):
            if len(codes) > CODES_MAX or not all(CODE.fullmatch(c) for c in codes):
                raise InvalidReport(f"bad codes {list(codes)[:5]!r}")
        note = tidy(self.note)
        if len(note) > NOTE_MAX:
            raise InvalidReport(f"note of {len(note)} characters (at most {NOTE_MAX})")
        services = self.services if self.reason == "services" else ()
        payment = self.payment if self.reason == "payment" else ()
        return NewReport(self.listing_id, self.reason, services, payment, note)


def tidy(note: str) -> str:
    """The note as text: NFC, control characters (but line breaks) dropped, trimmed."""
    note = unicodedata.normalize("NFC", note).replace("\r\n", "\n")
    kept = (c for c in note if c == "\n" or unicodedata.category(c)[0] != "C")
    return "".join(kept).strip()


def visit_key(token: str) -> str:
    """What is stored of a visit: a hash of the page's random token, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()[:64]


class ClientLimiter:
    """At most `limit` reports per client per window, in this process; keys are hashed client
    addresses, kept in memory only, and forgotten when their window has passed."""

    def __init__(
        self,
        limit: int = CLIENT_LIMIT,
        window_s: float = WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.limit, self.window_s, self.clock = limit, window_s, clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str | None) -> bool:
        """Count one report from `client` if it is under the limit (None: not known, allowed)."""
        if not client:
            return True
        key = hashlib.sha256(client.encode()).hexdigest()
        now = self.clock()
        with self._lock:
            for old in [k for k, times in self._seen.items() if times[-1] < now - self.window_s]:
                del self._seen[old]
            times = self._seen.setdefault(key, deque())
            while times and times[0] < now - self.window_s:
                times.popleft()
            if len(times) >= self.limit:
                return False
            times.append(now)
            return True
