"""Command line: `python -m clinic_finder build | geocode TEXT | search | export | reports ...`."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_finder.errors import ClinicFinderError, ConfigurationError, UsageError
from clinic_finder.geocode.types import GeocodeResult, LocationNotFound, PlaceChoice
from clinic_finder.settings import Settings

if TYPE_CHECKING:  # pandas loads only for the commands that read the table
    import pandas as pd

RESULT_FIELDS = (
    "id",
    "name",
    "distance_mi",
    "street",
    "city",
    "state",
    "zip",
    "phone",
    "lat",
    "lon",
    "precision",
    "licence_number",
    "licence_status",
    "services",
)

# Per source: rows_read = kept + merged + merged_into_other_listings + quarantined.
SUMMARY_COUNTS = ("rows_read", "kept", "merged", "merged_into_other_listings", "quarantined")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s", level=logging.WARNING)
    try:
        args.settings = _settings(args)
        code: int = args.command(args)
        return code
    except ClinicFinderError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:  # the reader (e.g. `| head`) stopped listening
        sys.stderr.close()
        return 0


def _settings(args: argparse.Namespace) -> Settings:
    """The settings, each unusable one a warning; an error when what was asked needs it."""
    settings = Settings.from_env()
    for problem in settings.problems:
        logging.getLogger("clinic_finder").warning(problem.log_line())
        if problem.feature == "data" or (args.online and problem.feature == "online lookup"):
            raise ConfigurationError(f"{problem.variable} {problem.reason}, got {problem.value!r}")
    return settings


def _build(args: argparse.Namespace) -> int:
    from clinic_finder.geocode.factory import make_resolver
    from clinic_finder.table.build import build
    from clinic_finder.table.feeds import publishers

    settings: Settings = args.settings
    feeds = publishers.from_file(settings.data_dir)
    feeds += [publishers.from_argument(text) for text in args.hsds]
    report = build(
        make_resolver(args.online, settings),
        raw_dir=settings.raw_dir,
        data_dir=settings.data_dir,
        progress=sys.stderr.isatty(),
        feeds=feeds,
        bundled=not args.hsds_only,
    )
    summary = {
        "rows_out": report["rows_out"],
        "precision": report["precision"],
        "largest_stack": (report["stacks"]["largest"] or {}).get("size", 0),
        **{
            name: {k: source[k] for k in SUMMARY_COUNTS}
            for name, source in report["sources"].items()
        },
    }
    if "online_answer_cache" in report:
        summary["online_answer_cache"] = report["online_answer_cache"]
    print(json.dumps(summary, indent=2))
    return 0


def _resolve(text: str, online: bool, settings: Settings) -> GeocodeResult:
    from clinic_finder.geocode.factory import make_resolver

    found = make_resolver(online, settings).resolve(text)
    if isinstance(found, LocationNotFound):
        hint = [f"  {found.hint}"] if found.hint else []
        raise UsageError("\n".join([str(found.message), *hint] + [
            f"  did you mean: {suggestion}" for suggestion in found.suggestions]))  # fmt: skip
    if isinstance(found, PlaceChoice):
        raise UsageError("\n".join([f"several places are called {found.name}; add the state:"] + [
            f"  {choice}" for choice in found.choices]))  # fmt: skip
    return found


def _geocode(args: argparse.Namespace) -> int:
    print(json.dumps(_resolve(args.text, args.online, args.settings).as_json()))
    return 0


def _found(args: argparse.Namespace) -> tuple[GeocodeResult, pd.DataFrame]:
    """The search's point and results nearest first: the page's own answer() for the same
    choices (any of the codes within one filter, all of the filters), so the two never differ."""
    from clinic_finder.search.answer import answer
    from clinic_finder.search.filters import FilterSet
    from clinic_finder.search.index import MAX_RADIUS_MI, ClinicIndex
    from clinic_finder.table.load import load_clinics, load_dictionary

    if not 0 < args.radius <= MAX_RADIUS_MI:
        raise UsageError(f"radius must be between 0 and {MAX_RADIUS_MI:,.0f} miles")
    point = _resolve(args.near, args.online, args.settings)
    index = ClinicIndex(load_clinics(args.settings.clinics_table))
    services = [code.upper() for code in args.service]
    unknown = sorted(set(services) - index.codes())
    if unknown:
        print(f"note: no facility offers {', '.join(unknown)}", file=sys.stderr)
    filters = FilterSet(load_dictionary(args.settings.data_dir), index.codes())
    found = answer(index, filters, (point.lat, point.lon), args.radius, services, args.licence)
    return point, found.results


def _search(args: argparse.Namespace) -> int:
    point, found = _found(args)
    rows = found[list(RESULT_FIELDS)].head(args.limit)  # head(None) keeps every row
    rows = rows.assign(distance_mi=rows["distance_mi"].round(2))
    if args.format == "json":
        payload = {
            "near": point.as_json(),
            "radius_mi": args.radius,
            "services": [c.upper() for c in args.service],
            "count": len(found),
            "results": json.loads(rows.to_json(orient="records")),
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(f"{len(found)} facilities within {args.radius:g} mi of {point.label}")
        table = rows.drop(columns=["services", "lat", "lon"]).fillna("")
        print(table.to_string(index=False, max_colwidth=40) if len(table) else "")
    return 0


def _export(args: argparse.Namespace) -> int:
    from clinic_finder.formats import hsds
    from clinic_finder.table.load import load_clinics, load_dictionary
    from clinic_finder.table.records import rows_of
    from clinic_finder.table.sources import registry

    found = load_clinics(args.settings.clinics_table) if args.everywhere else _found(args)[1]
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        target = args.out / hsds.FILE_NAME
        dictionary = load_dictionary(args.settings.data_dir)
        report = registry.read_report(args.settings.build_report)
        with target.open("wb") as stream:
            hsds.write_json(hsds.export(rows_of(found), dictionary, report), stream)
    except OSError as error:
        raise UsageError(f"cannot write to {str(args.out)!r}: {error.strerror}") from error
    size = target.stat().st_size / 1e6
    print(f"{len(found)} facilities as HSDS 3.0 in {target} ({size:,.1f} MB)", file=sys.stderr)
    return 0


SERVICE_HELP = ("service code such as KIT; repeat for several: any of the codes within one "
                "filter (KIT or TMS), all of the filters (KIT and Medicaid, MD), as on the page "
                "and in its link")  # fmt: skip


def _parser() -> argparse.ArgumentParser:
    from clinic_finder.search.filters import LICENCE_FILTER

    online = argparse.ArgumentParser(add_help=False)
    online.add_argument("--online", action="store_true", help="use the online geocoder (opt-in)")
    searching = argparse.ArgumentParser(add_help=False, parents=[online])
    searching.add_argument("--radius", type=float, default=25.0, help="miles (default 25)")
    searching.add_argument("--service", action="append", default=[], metavar="CODE",
                           help=SERVICE_HELP)  # fmt: skip
    searching.add_argument("--licence", action="append", default=[], choices=list(LICENCE_FILTER),
                           help="state licence status; repeat for any of several")  # fmt: skip

    parser = argparse.ArgumentParser(prog="clinic_finder", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    build = commands.add_parser("build", parents=[online],
                                help="rebuild data/clinics.parquet from data/raw")  # fmt: skip
    build.add_argument("--hsds", action="append", default=[], metavar="SOURCE",
                       help="an Open Referral HSDS 3.0 publisher: API base URL, JSON/NDJSON file "
                       "or tabular CSV folder ([KEY=]SOURCE); repeat for several")  # fmt: skip
    build.add_argument("--hsds-only", action="store_true",  # a round trip of an export
                       help="build from the --hsds publishers alone")  # fmt: skip
    build.set_defaults(command=_build)
    from clinic_finder.update.command import add_parser as add_update

    add_update(commands, online)

    geocode = commands.add_parser("geocode", parents=[online],
                                  help="print the point for a typed location as JSON")  # fmt: skip
    geocode.add_argument("text")
    geocode.set_defaults(command=_geocode)

    find = commands.add_parser("search", parents=[searching],
                               help="facilities near a place, nearest first")  # fmt: skip
    find.add_argument("--near", required=True, help="ZIP, city and state, or address")
    find.add_argument("--format", choices=("json", "table"), default="table")
    find.add_argument("--limit", type=int, default=None, help="print at most this many")
    find.set_defaults(command=_search)

    out = commands.add_parser(
        "export", parents=[searching], help="a search's results (or every facility) as open data"
    )
    where = out.add_mutually_exclusive_group(required=True)
    where.add_argument("--near", help="ZIP, city and state, or address")
    where.add_argument("--everywhere", action="store_true", help="every facility in the table")
    out.add_argument("--format", choices=("hsds",), default="hsds",
                     help="Open Referral HSDS 3.0 JSON (the only format so far)")  # fmt: skip
    out.add_argument("--out", type=Path, required=True, help="directory to write into")
    out.set_defaults(command=_export)

    from clinic_finder.reports.cli import add_parser as reports_parser

    reports_parser(commands)
    return parser


if __name__ == "__main__":
    sys.exit(main())
