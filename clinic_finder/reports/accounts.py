"""Reviewer accounts (argon2id hashes), logins with lock-out, and the review page's sessions."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from clinic_finder.errors import UsageError
from clinic_finder.reports.models import review_sessions, reviewers
from clinic_finder.reports.store import _utc, utcnow

FAILURES_BEFORE_LOCK = 5
LOCK_FOR = dt.timedelta(minutes=15)
SESSION_FOR = dt.timedelta(hours=8)
PASSWORD_MIN = 12
NAME_MAX = 64
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("not a password of anyone")


@dataclass(frozen=True)
class Login:
    """A logged-in reviewer: the cookie's token (given once) and the form's CSRF token."""

    reviewer: str
    token: str
    csrf: str


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Accounts:
    def __init__(self, engine: Engine, clock: Callable[[], dt.datetime] = utcnow):
        self.engine, self.clock = engine, clock

    def add(self, name: str, password: str) -> None:
        """A new reviewer; UsageError for a taken name or a short password."""
        name = name.strip()
        if not name or len(name) > NAME_MAX or not name.isprintable():
            raise UsageError(f"reviewer name must be 1-{NAME_MAX} printable characters: {name!r}")
        if len(password) < PASSWORD_MIN:
            raise UsageError(f"a reviewer's password needs at least {PASSWORD_MIN} characters")
        try:
            with self.engine.begin() as db:
                db.execute(insert(reviewers).values(
                    name=name, password_hash=_HASHER.hash(password), created_at=self.clock()
                ))  # fmt: skip
        except IntegrityError as error:
            raise UsageError(f"there is already a reviewer called {name!r}") from error

    def log_in(self, name: str, password: str) -> Login | None:
        """A session for a right name and password on an account not locked out; None for
        anything else (which is not said: a wrong name, a wrong password, a locked account).
        The fifth wrong password in a row locks the account for LOCK_FOR."""
        now = self.clock()
        with self.engine.begin() as db:
            row = db.execute(select(reviewers).where(reviewers.c.name == name)).mappings().first()
            if row is None:
                _verify(_DUMMY, password)
                return None
            locked = row["locked_until"] is not None and _utc(row["locked_until"]) > now
            if locked or not _verify(row["password_hash"], password):
                failed = row["failed_logins"] + (0 if locked else 1)
                lock = now + LOCK_FOR if failed >= FAILURES_BEFORE_LOCK else row["locked_until"]
                db.execute(update(reviewers).where(reviewers.c.id == row["id"]).values(
                    failed_logins=0 if failed >= FAILURES_BEFORE_LOCK else failed,
                    locked_until=lock,
                ))  # fmt: skip
                return None
            db.execute(update(reviewers).where(reviewers.c.id == row["id"]).values(
                failed_logins=0, locked_until=None
            ))  # fmt: skip
            token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            db.execute(delete(review_sessions).where(review_sessions.c.expires_at < now))
            db.execute(insert(review_sessions).values(
                token_hash=_token_hash(token), reviewer=name, csrf=csrf,
                expires_at=now + SESSION_FOR,
            ))  # fmt: skip
        return Login(name, token, csrf)

    def session(self, token: str | None) -> Login | None:
        """The login this cookie's token belongs to, while it lasts."""
        if not token:
            return None
        with self.engine.connect() as db:
            row = db.execute(
                select(review_sessions).where(review_sessions.c.token_hash == _token_hash(token))
            ).mappings().first()  # fmt: skip
        if row is None or _utc(row["expires_at"]) <= self.clock():
            return None
        return Login(row["reviewer"], token, row["csrf"])

    def log_out(self, token: str) -> None:
        with self.engine.begin() as db:
            db.execute(
                delete(review_sessions).where(review_sessions.c.token_hash == _token_hash(token))
            )


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
