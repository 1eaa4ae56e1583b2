"""`python -m clinic_finder reports list|show|accept|reject|export|reviewer-add`: the review page's
work from a terminal, against the same database (CLINIC_FINDER_DATABASE_URL)."""

from __future__ import annotations

import argparse
import csv
import getpass
import io
import json
import sys
from pathlib import Path
from typing import Any

from clinic_finder.errors import UsageError
from clinic_finder.reports.store import ReportStore, StoredReport

STATUSES = ("open", "accepted", "rejected")
CSV_FIELDS = ("id", "listing_id", "reason", "services", "payment", "note", "created_at", "status",
              "decided_at", "reviewer", "action", "why", "correction")  # fmt: skip


def add_parser(commands: Any) -> None:
    reports = commands.add_parser("reports", help="reports of wrong listings: list, decide, export")
    reports.set_defaults(online=False)
    verbs = reports.add_subparsers(required=True, metavar="VERB")
    listing = verbs.add_parser("list", help="every report (or those with one status)")
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--format", choices=("table", "json"), default="table")
    listing.set_defaults(command=_list)
    show = verbs.add_parser("show", help="one report and its decisions, as JSON")
    show.add_argument("id", type=int)
    show.set_defaults(command=_show)
    for verb, words in (
        ("accept", "the listing is wrong: make the correction at the next build"),
        ("reject", "the listing is right, or the report cannot be checked"),
    ):
        decide = verbs.add_parser(verb, help=words)
        decide.add_argument("id", type=int)
        decide.add_argument("--why", required=True, help="what was checked (kept for ever)")
        decide.add_argument("--by", default=getpass.getuser(), help="who decides (default: you)")
        if verb == "accept":
            decide.add_argument("--phone", default="", help="the right number (phone reports)")
        decide.set_defaults(command=_decide, action=verb)
    export = verbs.add_parser("export", help="reports and decisions as CSV and JSON")
    export.add_argument("--out", type=Path, required=True, help="directory to write into")
    export.set_defaults(command=_export)
    reviewer = verbs.add_parser("reviewer-add", help="a review page account (password asked)")
    reviewer.add_argument("name")
    reviewer.add_argument("--password-stdin", action="store_true",
                          help="read the password from standard input")  # fmt: skip
    reviewer.set_defaults(command=_reviewer_add)


def _store(args: argparse.Namespace) -> ReportStore:
    from clinic_finder.reports.engine import open_engine

    return ReportStore(open_engine(args.settings))


def _list(args: argparse.Namespace) -> int:
    found = _store(args).find(args.status)
    if args.format == "json":
        print(json.dumps([r.as_json() for r in found], indent=2, ensure_ascii=False))
        return 0
    for r in found:
        note = r.note.replace("\n", " ")
        print(f"{r.id:>6}  {r.created_at:%Y-%m-%d}  {r.status:<8}  {r.listing_id:<20}  "
              f"{r.reason:<8}  {note[:50]!r}")  # fmt: skip
    print(f"{len(found)} reports", file=sys.stderr)
    return 0


def _show(args: argparse.Namespace) -> int:
    print(json.dumps(_store(args).get(args.id).as_json(), indent=2, ensure_ascii=False))
    return 0


def _decide(args: argparse.Namespace) -> int:
    from clinic_finder.reports import corrections

    store = _store(args)
    decision = store.decide(args.id, args.by, args.action, args.why, "cli",
                            getattr(args, "phone", ""))  # fmt: skip
    if args.action == "accept":
        written = corrections.write(store.accepted_corrections(), args.settings.raw_dir)
        print(f"corrections source written: {written} (make data applies it)", file=sys.stderr)
    print(json.dumps(decision, ensure_ascii=False))
    return 0


def cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: one starting as a formula gets a quote first
    (OWASP's CSV injection advice); the JSON export keeps the text exactly."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_text(found: list[StoredReport]) -> str:
    """One line per report and decision (a report not yet decided: one line, no decision)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for r in found:
        row = {**r.as_json(), "services": " ".join(r.services), "payment": " ".join(r.payment)}
        for decision in r.decisions or ({},):
            correction = decision.get("correction")
            line = {**row, **decision, "correction": json.dumps(correction) if correction else ""}
            writer.writerow({key: cell(value) for key, value in line.items()})
    return out.getvalue()


def _export(args: argparse.Namespace) -> int:
    found = _store(args).find()
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "reports.json").write_text(
            json.dumps([r.as_json() for r in found], indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        (args.out / "reports.csv").write_text(csv_text(found), encoding="utf-8", newline="")
    except OSError as error:
        raise UsageError(f"cannot write to {str(args.out)!r}: {error.strerror}") from error
    print(f"{len(found)} reports in {args.out}/reports.json and reports.csv", file=sys.stderr)
    return 0


def _reviewer_add(args: argparse.Namespace) -> int:
    from clinic_finder.reports.accounts import Accounts
    from clinic_finder.reports.engine import open_engine

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"password for {args.name}: ")
        if getpass.getpass("again: ") != password:
            raise UsageError("the two passwords differ")
    Accounts(open_engine(args.settings)).add(args.name, password)
    print(f"reviewer {args.name!r} added", file=sys.stderr)
    return 0
