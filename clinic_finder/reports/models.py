"""The tables, as SQLAlchemy Core sees them; the migrations (migrations/versions/) create them."""

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# One person's report about one listing. No name, email, phone, address or IP: `session` is a
# hash of a random token the page made for that visit, kept only to refuse the same report twice.
reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("listing_id", String(64), nullable=False, index=True),
    Column("reason", String(16), nullable=False),
    Column("services", JSON, nullable=False),  # the service codes the person had chosen
    Column("payment", JSON, nullable=False),  # the payment codes the person had chosen
    Column("note", String(500), nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("session", String(64), nullable=False),
    Column("status", String(12), nullable=False, server_default="open", index=True),
    UniqueConstraint("session", "listing_id", "reason", name="uq_reports_once_per_visit"),
)

reviewers = Table(
    "reviewers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Every decision, never changed afterwards: who, when, what, why (and the correction it makes).
decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False, index=True),
    Column("reviewer", String(64), nullable=False),
    Column("action", String(8), nullable=False),
    Column("why", Text, nullable=False),
    Column("correction", JSON, nullable=True),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("via", String(8), nullable=False),  # "review" (the page) or "cli"
)

# A reviewer's login on the review page: the cookie holds the token, this its hash.
review_sessions = Table(
    "review_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("reviewer", String(64), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
