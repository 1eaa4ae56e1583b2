"""Reports kept and decided: every write in one transaction, committed before it is confirmed."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Engine, and_, func, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from clinic_finder.reports import corrections
from clinic_finder.reports.errors import AlreadyDecided, NoSuchReport, ReportsUnavailable
from clinic_finder.reports.models import decisions, reports
from clinic_finder.reports.rules import (
    SESSION_LIMIT,
    WINDOW_S,
    ClientLimiter,
    InvalidReport,
    NewReport,
    Reason,
)

Outcome = Literal["saved", "duplicate", "visit_limit", "client_limit", "invalid", "not_saved"]
Action = Literal["accept", "reject"]
STATUS = {"accept": "accepted", "reject": "rejected"}
# After the database fails a page's read, pages skip "N people reported…" this long (seconds).
QUIET_S = 30.0


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes: they were stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Receipt:
    """What happened to one report; `id` only when it is in the database (saved or duplicate)."""

    outcome: Outcome
    id: int | None = None

    @property
    def kept(self) -> bool:
        return self.outcome in ("saved", "duplicate")


@dataclass(frozen=True)
class OpenReason:
    """Reports not yet checked, for one listing and one reason."""

    reason: Reason
    people: int
    since: dt.datetime


@dataclass(frozen=True)
class StoredReport:
    id: int
    listing_id: str
    reason: Reason
    services: tuple[str, ...]
    payment: tuple[str, ...]
    note: str
    created_at: dt.datetime
    status: str
    decisions: tuple[dict[str, Any], ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "listing_id": self.listing_id,
            "reason": self.reason,
            "services": list(self.services),
            "payment": list(self.payment),
            "note": self.note,
            "created_at": self.created_at.isoformat(),
            "status": self.status,
            "decisions": list(self.decisions),
        }


class ReportStore:
    """The reports database behind one engine; the clock and client limiter are replaceable."""

    def __init__(
        self,
        engine: Engine,
        clock: Callable[[], dt.datetime] = utcnow,
        limiter: ClientLimiter | None = None,
        visit_limit: int = SESSION_LIMIT,
    ):
        self.engine, self.clock = engine, clock
        self.limiter = limiter or ClientLimiter()
        self.visit_limit = visit_limit
        self.monotonic = time.monotonic
        self._quiet_until = 0.0  # after a failed read, pages skip the summary until then

    def submit(self, report: NewReport, visit: str, client: str | None = None) -> Receipt:
        """Store one report, committed before this returns "saved". A report this visit already
        sent is "duplicate" (stored once); nothing is half-written when the database fails."""
        try:
            report = report.checked()
        except InvalidReport:
            return Receipt("invalid")
        try:
            with self.engine.begin() as db:
                same = reports.c.session == visit
                earlier = db.execute(
                    select(reports.c.id).where(
                        same,
                        reports.c.listing_id == report.listing_id,
                        reports.c.reason == report.reason,
                    )
                ).scalar()
                if earlier is not None:
                    return Receipt("duplicate", earlier)
                since = self.clock() - dt.timedelta(seconds=WINDOW_S)
                recent = db.execute(
                    select(func.count()).where(same, reports.c.created_at >= since)
                ).scalar_one()
                if recent >= self.visit_limit:
                    return Receipt("visit_limit")
                if not self.limiter.allow(client):
                    return Receipt("client_limit")
                inserted = db.execute(
                    insert(reports).values(
                        listing_id=report.listing_id,
                        reason=report.reason,
                        services=list(report.services),
                        payment=list(report.payment),
                        note=report.note,
                        created_at=self.clock(),
                        session=visit,
                        status="open",
                    )
                ).inserted_primary_key
            return Receipt("saved", int(inserted[0]) if inserted else None)
        except IntegrityError:  # the same report from the same visit, sent twice at once
            return Receipt("duplicate")
        except SQLAlchemyError:
            return Receipt("not_saved")

    def open_summary(self, listing_ids: Iterable[str]) -> dict[str, list[OpenReason]]:
        """Listing id → its open reports by reason (people = distinct visits), most first."""
        ids = list(dict.fromkeys(listing_ids))
        if not ids:
            return {}
        if self.monotonic() < self._quiet_until:  # down a moment ago: no rerun waits on it
            raise ReportsUnavailable("the reports database did not answer a moment ago")
        query = (
            select(
                reports.c.listing_id,
                reports.c.reason,
                func.count(func.distinct(reports.c.session)),
                func.min(reports.c.created_at),
            )
            .where(reports.c.status == "open", reports.c.listing_id.in_(ids))
            .group_by(reports.c.listing_id, reports.c.reason)
        )
        found: dict[str, list[OpenReason]] = {}
        try:
            with self.engine.connect() as db:
                for listing_id, reason, people, since in db.execute(query):
                    found.setdefault(listing_id, []).append(OpenReason(reason, people, _utc(since)))
        except SQLAlchemyError as error:
            self._quiet_until = self.monotonic() + QUIET_S
            raise ReportsUnavailable(str(error.__class__.__name__)) from error
        for reasons in found.values():
            reasons.sort(key=lambda r: (-r.people, r.reason))
        return found

    def find(self, status: str | None = None) -> list[StoredReport]:
        """Every report (or those with this status), oldest first, with their decisions."""
        query = select(reports).order_by(reports.c.id)
        if status:
            query = query.where(reports.c.status == status)
        with self.engine.connect() as db:
            rows = db.execute(query).mappings().all()
            made = db.execute(select(decisions).order_by(decisions.c.id)).mappings().all()
        by_report: dict[int, list[dict[str, Any]]] = {}
        for d in made:
            by_report.setdefault(d["report_id"], []).append(_decision(d))
        return [_report(row, by_report.get(row["id"], [])) for row in rows]

    def get(self, report_id: int) -> StoredReport:
        with self.engine.connect() as db:
            row = db.execute(select(reports).where(reports.c.id == report_id)).mappings().first()
            if row is None:
                raise NoSuchReport(report_id)
            made = db.execute(
                select(decisions).where(decisions.c.report_id == report_id).order_by(decisions.c.id)
            ).mappings()
            return _report(row, [_decision(d) for d in made])

    def decide(
        self,
        report_id: int,
        reviewer: str,
        action: Action,
        why: str,
        via: str = "cli",
        phone: str = "",
    ) -> dict[str, Any]:
        """Accept or reject an open report, with who, when and why (kept for ever); an accepted
        one's correction is recorded with the decision."""
        why = why.strip()
        if not why:
            raise InvalidReport("a decision needs a reason (why)")
        if action not in STATUS:
            raise InvalidReport(f"unknown action {action!r}")
        with self.engine.begin() as db:
            row = db.execute(select(reports).where(reports.c.id == report_id)).mappings().first()
            if row is None:
                raise NoSuchReport(report_id)
            if row["status"] != "open":
                raise AlreadyDecided(report_id, row["status"])
            correction = corrections.from_report(dict(row), phone) if action == "accept" else None
            values = {
                "report_id": report_id,
                "reviewer": reviewer,
                "action": action,
                "why": why,
                "correction": correction,
                "decided_at": self.clock(),
                "via": via,
            }
            db.execute(insert(decisions).values(**values))
            changed = db.execute(
                update(reports)
                .where(and_(reports.c.id == report_id, reports.c.status == "open"))
                .values(status=STATUS[action])
            ).rowcount
            if changed != 1:  # decided meanwhile by someone else: roll back this one
                raise AlreadyDecided(report_id, "decided")
        return _decision(values)

    def accepted_corrections(self) -> list[dict[str, Any]]:
        """Every accepted report's correction with its provenance, in the order decided."""
        query = (
            select(decisions, reports.c.listing_id, reports.c.created_at)
            .join(reports, reports.c.id == decisions.c.report_id)
            .where(decisions.c.action == "accept", decisions.c.correction.is_not(None))
            .order_by(decisions.c.id)
        )
        with self.engine.connect() as db:
            rows = db.execute(query).mappings().all()
        return [
            {
                **row["correction"],
                "listing_id": row["listing_id"],
                "report_id": row["report_id"],
                "reported": _utc(row["created_at"]).date().isoformat(),
                "decided": _utc(row["decided_at"]).date().isoformat(),
                "reviewer": row["reviewer"],
                "why": row["why"],
            }
            for row in rows
        ]


def _report(row: Any, made: list[dict[str, Any]]) -> StoredReport:
    return StoredReport(
        row["id"],
        row["listing_id"],
        row["reason"],
        tuple(row["services"] or ()),
        tuple(row["payment"] or ()),
        row["note"],
        _utc(row["created_at"]),
        row["status"],
        tuple(made),
    )


def _decision(row: Any) -> dict[str, Any]:
    return {
        "report_id": row["report_id"],
        "reviewer": row["reviewer"],
        "action": row["action"],
        "why": row["why"],
        "correction": row["correction"],
        "decided_at": _utc(row["decided_at"]).isoformat(),
        "via": row["via"],
    }
