"""Every published source, declared once: how it is read, what kind it is, what it covers, whose it
is and how to credit it. The build, About the data, data/README.md and the exports read this.

Adding a state's licence list: write `sources/<state>_<agency>.py` with a `read(raw_dir)` that
returns a SourceLoad of licence records (see `dhcs.py`), then add one `Source` below with
kind "licence_list" and its state in `coverage`. Nothing else names a state.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from clinic_finder.reports import corrections
from clinic_finder.table.records import SourceLoad
from clinic_finder.table.sources import address_points, dhcs, point_lists, samhsa
from clinic_finder.text.i18n import ENGLISH, N_, Translator

# directory / licence_list: facilities listed; address_points: address → point pairs;
# facility_points: published facilities with their point (and website, OTP fact), only matched;
# corrections: people's reports a reviewer accepted, applied last (clinic_finder/reports);
# feed: an Open Referral HSDS publisher (clinic_finder/table/feeds), declared at run time
# (`register`).
Kind = Literal[
    "directory", "licence_list", "address_points", "facility_points", "corrections", "feed"
]
OSM_CREDIT = "© OpenStreetMap contributors"  # also written out in the attribution below


@dataclass(frozen=True)
class Read:
    """What a reader hands the build: the load, and a directory's service-code dictionary."""

    load: SourceLoad
    dictionary: pd.DataFrame | None = None


@dataclass(frozen=True)
class Source:
    key: str
    kind: Kind
    title: str  # "{edition}" is filled from the edition read
    publisher: str
    coverage: tuple[str, ...] | None  # state codes; None: the whole country
    licence: str
    attribution: str  # "{edition}" likewise
    reader: Callable[[Path], Read]
    scope: str = ""  # what it holds and what it does not, in one plain sentence
    url: str = ""  # where its newest release is published (`python -m clinic_finder update`)

    @property
    def lists_facilities(self) -> bool:
        """A source whose records become listings (the others only add points and facts)."""
        return self.kind in ("directory", "licence_list", "feed")

    @property
    def national(self) -> bool:
        return self.coverage is None

    def covers(self, state: str) -> bool:
        return self.coverage is None or state in self.coverage

    def named(self, edition: int | str | None = None, t: Translator = ENGLISH) -> str:
        return t.gettext(self.title).format(edition=edition or "").strip()

    def credit(self, edition: int | str | None = None, t: Translator = ENGLISH) -> str:
        credit = t.gettext(self.attribution).format(edition=edition or "")
        return credit.replace(" .", ".").strip()


def _directory(raw_dir: Path, source: str) -> Read:
    return Read(*samhsa.read(raw_dir, source))


def _licences(raw_dir: Path) -> Read:
    return Read(dhcs.load(dhcs.find_file(raw_dir)))


def _points(raw_dir: Path) -> Read:
    return Read(address_points.load(address_points.find_file(raw_dir)))


def _facility_points(raw_dir: Path, source: str) -> Read:
    return Read(point_lists.read(raw_dir, source))


def _corrections(raw_dir: Path) -> Read:
    found = corrections.read(raw_dir)
    as_of = max((c.get("decided", "") for c in found), default="") or None
    path = f"{corrections.FOLDER}/{corrections.FILE_NAME}"  # under raw/, as the others name theirs
    return Read(SourceLoad(corrections.SOURCE, path, as_of, len(found), records=found))


SOURCES: tuple[Source, ...] = (
    Source(
        key=samhsa.SOURCE,
        kind="directory",
        title=N_("SAMHSA National Directory of Mental Health Treatment Facilities {edition}"),
        publisher=N_("Substance Abuse and Mental Health Services Administration (SAMHSA)"),
        coverage=None,
        licence=N_("public domain (not for resale)"),
        attribution=N_(
            "Source: SAMHSA, National Directory of Mental Health Treatment Facilities {edition}."
        ),
        reader=partial(_directory, source=samhsa.SOURCE),
        scope=N_("mental-health facilities in every state and territory; no license numbers"),
    ),
    Source(
        key=samhsa.SU_SOURCE,
        kind="directory",
        title=N_("SAMHSA National Directory of Substance Use Treatment Facilities {edition}"),
        publisher=N_("Substance Abuse and Mental Health Services Administration (SAMHSA)"),
        coverage=None,
        licence=N_("public domain (not for resale)"),
        attribution=N_(
            "Source: SAMHSA, National Directory of Substance Use Treatment Facilities {edition}."
        ),
        reader=partial(_directory, source=samhsa.SU_SOURCE),
        scope=N_(
            "substance-use facilities in every state and territory, with who licenses, "
            "certifies or accredits them as they reported it to SAMHSA; no license numbers. The "
            "2024 edition could not be obtained"
        ),
    ),
    Source(
        key=dhcs.SOURCE,
        kind="licence_list",
        title=N_("California DHCS Licensed and/or Certified SUD Recovery & Treatment Facilities"),
        publisher=N_("California Department of Health Care Services (DHCS)"),
        coverage=("CA",),
        licence="CC BY 4.0",
        attribution=N_(
            "California Department of Health Care Services, Licensed and/or Certified "
            "SUD Recovery & Treatment Facilities (CC BY 4.0)."
        ),
        reader=_licences,
        scope=N_(
            "California's licensed and certified substance-use programs, with license "
            "numbers, types, expiry dates and official points"
        ),
    ),
    Source(
        key=address_points.SOURCE,
        kind="address_points",
        title=N_("OpenStreetMap geocode of the SAMHSA mental-health directory {edition} addresses"),
        publisher=N_(
            "a university student team (NSF-ALL-SPICE-Alliance/geo-facility-ml), "
            "geocoded with OpenStreetMap Nominatim"
        ),
        coverage=None,
        licence="ODbL 1.0",
        attribution=N_(
            "Street-level points © OpenStreetMap contributors, under the Open Database "
            "License (ODbL 1.0); this table's coordinates taken from them are under the ODbL too."
        ),
        reader=_points,
        scope=N_(
            "street-level points for addresses the 2022 mental-health directory listed; any "
            "listing at one of those addresses takes its point"
        ),
    ),
)

SOURCES += (
    Source(
        key=point_lists.LOCATOR_MH,
        kind="facility_points",
        title=N_("SAMHSA treatment locator export, mental-health facilities ({edition})"),
        publisher=N_("SAMHSA (findtreatment.samhsa.gov), via OEPS"),
        coverage=None,
        licence=N_("US federal government work (public domain); cite OEPS"),
        attribution=N_(
            "Points and websites: SAMHSA Behavioral Health Treatment Services Locator "
            "({edition}), via OEPS (Cox et al. 2024, OEPS Data Warehouse v2.0, "
            "doi:10.5281/zenodo.5842465)."
        ),
        reader=partial(_facility_points, source=point_lists.LOCATOR_MH),
        scope=N_(
            "SAMHSA's own points (its geocode, usually the rooftop or parcel) and websites for "
            "its 2021 mental-health listings; a point is matched by address, a website by "
            "address or phone with the names agreeing"
        ),
    ),
    Source(
        key=point_lists.LOCATOR_SU,
        kind="facility_points",
        title=N_("SAMHSA treatment locator export, substance-use facilities ({edition})"),
        publisher=N_("SAMHSA (findtreatment.samhsa.gov), via OEPS"),
        coverage=None,
        licence=N_("US federal government work (public domain); cite OEPS"),
        attribution=N_(
            "Points: SAMHSA Behavioral Health Treatment Services Locator "
            "({edition}), via OEPS (Cox et al. 2024, OEPS Data Warehouse v2.0, "
            "doi:10.5281/zenodo.5842465)."
        ),
        reader=partial(_facility_points, source=point_lists.LOCATOR_SU),
        scope=N_(
            "SAMHSA's own points (its geocode, usually the rooftop or parcel) for its 2021 "
            "substance-use listings; matched to listings by address"
        ),
    ),
    Source(
        key=point_lists.OTP_DIRECTORY,
        kind="facility_points",
        title=N_("SAMHSA Opioid Treatment Program Directory ({edition})"),
        publisher=N_("SAMHSA (dpt2.samhsa.gov), via OEPS"),
        coverage=None,
        licence=N_(
            "US federal government work; the points were made by a geocoder OEPS does not "
            "name (terms unknown): cite OEPS"
        ),
        attribution=N_(
            "OTP certification: SAMHSA Opioid Treatment Program Directory "
            "({edition}), via OEPS (Cox et al. 2024, OEPS Data Warehouse v2.0, "
            "doi:10.5281/zenodo.5842465)."
        ),
        reader=partial(_facility_points, source=point_lists.OTP_DIRECTORY),
        scope=N_(
            "opioid treatment programs SAMHSA certified or provisionally certified, about "
            "2021, with addresses; no certification numbers. A program missing from it is "
            "not thereby uncertified"
        ),
    ),
    Source(
        key=point_lists.FINDTREATMENT_SU,
        kind="facility_points",
        title=N_("FindTreatment.gov facility export, substance use ({edition})"),
        publisher=N_(
            "SAMHSA (findtreatment.gov), extract by the LOUD Study, University of Chicago"
        ),
        coverage=None,
        licence=N_("US federal government work; the extract's repository is GPL-3.0"),
        attribution=N_(
            "Points: SAMHSA FindTreatment.gov export of 2025-08-19, via the LOUD "
            "Study (healthyregions/loud-study, GPL-3.0)."
        ),
        reader=partial(_facility_points, source=point_lists.FINDTREATMENT_SU),
        scope=N_(
            "SAMHSA's own points for substance-use facilities offering at least one support "
            "service, names only (no address): matched by name near the listing's ZIP"
        ),
    ),
)

SOURCES += (
    Source(
        key=corrections.SOURCE,
        kind="corrections",
        title=N_("Corrections from people's reports, checked by this directory's reviewers"),
        publisher=N_("this directory's reviewers"),
        coverage=None,
        licence=N_("public domain"),
        attribution=N_(
            "Corrections: reports from people using this directory, each checked by a reviewer."
        ),
        reader=_corrections,
        scope=N_(
            "phone numbers corrected, sites that closed taken off the map and services a "
            "facility no longer offers, each from a person's report that a reviewer checked; "
            "the published source is unchanged and every correction names its report"
        ),
    ),
)

BY_KEY = {source.key: source for source in SOURCES}
BUNDLED = SOURCES  # the sources above; feeds are added to SOURCES and BY_KEY by `register`


def register(source: Source) -> None:
    """Declare an HSDS publisher (kind "feed") for this process: from the publishers file or
    `build --hsds` when building, from the build report when the table is read."""
    global SOURCES
    if source.kind != "feed":
        raise ValueError(f"only feeds are registered at run time, not {source.kind!r}")
    SOURCES = (*(s for s in SOURCES if s.key != source.key), source)
    BY_KEY[source.key] = source


def _feed_from_report(key: str, facts: dict[str, Any]) -> Source:
    def unread(_raw_dir: Path) -> Read:
        raise ValueError(f"feed {key!r} is read by clinic_finder.table.feeds, not from data/raw")

    return Source(
        key=key,
        kind="feed",
        title=str(facts.get("title") or key),
        publisher=str(facts.get("publisher") or ""),
        coverage=None,
        licence=str(facts.get("licence") or "as its publisher states"),
        attribution=str(facts.get("attribution") or f"Source: {facts.get('title') or key}."),
        reader=unread,
        scope=str(facts.get("scope") or ""),
        url=str(facts.get("url") or ""),
    )


def of_kind(kind: Kind) -> list[Source]:
    return [s for s in SOURCES if s.kind == kind]


def editions(report: dict[str, Any]) -> dict[str, int | str | None]:
    """Source key → the edition (year) the build read, else its as-of date, from a build report."""
    found: dict[str, int | str | None] = {}
    for key, facts in report.get("sources", {}).items():
        found[key] = facts.get("edition") or facts.get("survey_edition") or facts.get("as_of")
    return found


def read_report(path: Path) -> dict[str, Any]:
    """A build report (settings.build_report): the editions built; {} when there is none."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(report, dict):
        return {}
    for key, facts in (report.get("feeds") or {}).items():  # the publishers this table holds
        if key not in BY_KEY or BY_KEY[key].kind == "feed":
            register(_feed_from_report(key, facts))
    return report


def credits(keys: Iterable[str], report: dict[str, Any], t: Translator = ENGLISH) -> list[str]:
    """The attribution lines for these sources, in registry order, with the editions built."""
    built = editions(report)
    wanted = set(keys)
    return [s.credit(built.get(s.key), t) for s in SOURCES if s.key in wanted]


def keys_in(source_column: Iterable[str], point_sources: Iterable[str | None] = ()) -> set[str]:
    """Registry keys named in a table's `source` ("a+b") and `point_source` values."""
    keys = {part for value in source_column for part in str(value).split("+")}
    return (keys | {key for key in point_sources if key}) & set(BY_KEY)
