"""sources (registry) → one listing per facility → place → data/clinics.parquet + report."""

import functools
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from clinic_finder import paths
from clinic_finder.errors import BuildError
from clinic_finder.geocode.address_points import AddressPoints
from clinic_finder.geocode.addresses import address_key
from clinic_finder.geocode.resolver import Resolver
from clinic_finder.reports import corrections
from clinic_finder.table import licences
from clinic_finder.table.feeds.http import Fetcher
from clinic_finder.table.feeds.join import joiner
from clinic_finder.table.feeds.publishers import Feed
from clinic_finder.table.feeds.publishers import read as read_feed
from clinic_finder.table.merge import merge_into
from clinic_finder.table.point_facts import DERIVED_CODES, add_point_facts
from clinic_finder.table.records import SourceLoad, combine, to_frame
from clinic_finder.table.services import DICTIONARY_COLUMNS, ServiceDictionary
from clinic_finder.table.sources import address_points, registry
from clinic_finder.table.sources.csvfile import read_csv
from clinic_finder.table.stacks import stack_summary

EXTRA_CODES_FILE = "dhcs_service_codes.csv"
SERVICE_CODES_OUT = "service_codes.csv"


def read_sources(
    raw_dir: Path, sources: Iterable[registry.Source] | None = None
) -> dict[str, registry.Read]:
    """Every registered source, read by its own reader (each names its newest edition)."""
    chosen = registry.BUNDLED if sources is None else sources
    return {source.key: source.reader(raw_dir) for source in chosen}


def merged_dictionary(
    reads: dict[str, registry.Read], extra_codes: Path, base: Path | None = None
) -> ServiceDictionary:
    """The directories' dictionaries and the codes derived from licence lists, as one (with no
    directory read, a feeds-only build starts from the data folder's dictionary, `base`)."""
    frames = [(key, read.dictionary) for key, read in reads.items() if read.dictionary is not None]
    if base is not None and base.is_file():
        frames.insert(0, (base.name, read_csv(base, DICTIONARY_COLUMNS, "service codes")))
    frames.append((extra_codes.name, read_csv(extra_codes, DICTIONARY_COLUMNS, "service codes")))
    frames.append(("point lists (derived)", DERIVED_CODES))
    return ServiceDictionary.merged(frames)


def one_listing_per_facility(
    reads: dict[str, registry.Read],
    key_of: Callable[..., str | None] = address_key,
    disagreements: list[dict[str, Any]] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Directories merged into each other in registry order, then HSDS feeds by the same rules,
    then linked to state licences."""
    listed = [s.key for s in registry.SOURCES if s.lists_facilities and s.key in reads]
    for key in listed:
        for record in reads[key].load.records:
            record.setdefault("source_as_of", [])
            record["source_as_of"] = record["source_as_of"] or [record["as_of"] or ""]
    listings: list[dict[str, Any]] = []
    stats: dict[str, Any] = {}
    join = joiner([] if disagreements is None else disagreements)
    for source in registry.of_kind("directory") + registry.of_kind("feed"):
        if source.key not in reads:
            continue
        load = reads[source.key].load
        if not listings:
            listings = list(load.records)
            continue
        apply = join if source.kind == "feed" else combine
        listings, merged, stats[source.key] = merge_into(listings, load.records, apply, key_of)
        _record_merges(load, merged)
    for source in registry.of_kind("licence_list"):
        if source.key not in reads:
            continue
        load = reads[source.key].load
        covered = [r for r in listings if source.covers(r["state"])]
        elsewhere = [r for r in listings if not source.covers(r["state"])]
        covered, merged, stats[source.key] = merge_into(
            covered, load.records, licences.apply, key_of
        )
        listings = elsewhere + covered
        _record_merges(load, merged)
    return listings, stats


def _record_merges(load: SourceLoad, merged: list[dict[str, Any]]) -> None:
    """Which records of this source merged into another listing (and which ids that retired)."""
    load.linked = merged
    load.records = []  # the source's own records now live in the listings


def place_all(
    listings: list[dict[str, Any]], resolver: Resolver, progress: bool
) -> tuple[list[Any], list[Any]]:
    """Every listing gets a point, a precision and the point's source, or is quarantined."""
    placed, unplaced = [], []
    for record in tqdm(listings, desc="placing", unit="facility", disable=not progress):
        if record.get("point_match") == "publisher" and record.get("lat") is not None:
            placed.append(record)  # an HSDS publisher's own point (clinic_finder/table/feeds), kept
            continue
        result, reason = resolver.place_record(record)
        if result is None:
            unplaced.append((record, f"could not be placed: {reason}"))
            continue
        source = record.get("point_source") if result.precision == "exact" else result.source
        record.update(
            lat=result.lat,
            lon=result.lon,
            precision=result.precision,
            point_source=source or record["source"],
        )
        placed.append(record)
    return placed, unplaced


def build(
    resolver: Resolver,
    raw_dir: Path = paths.RAW_DIR,
    data_dir: Path = paths.DATA_DIR,
    progress: bool = True,
    feeds: Sequence[Feed] = (),
    bundled: bool = True,
    fetcher: Fetcher | None = None,
) -> dict[str, Any]:
    """`feeds`: HSDS publishers read too (any failing stops the build before anything is
    written); `bundled=False`: those alone, with the data folder's service dictionary."""
    for feed in feeds:
        feed.registered()
    reads = read_sources(raw_dir, registry.BUNDLED if bundled else ())
    reads.update({feed.key: read_feed(feed, fetcher) for feed in feeds})
    base = None if bundled else data_dir / SERVICE_CODES_OUT
    dictionary = merged_dictionary(reads, data_dir / EXTRA_CODES_FILE, base)
    # Merging, linking and placing key the same addresses again: parse each once, for this run
    # only (a process-wide cache is what the privacy tests forbid).
    key_of = functools.cache(address_key)
    for source in registry.of_kind("address_points"):
        if source.key not in reads:
            continue
        points = AddressPoints.screened(
            reads[source.key].load.records, resolver.gazetteer, source.key
        )
        points.key_of = key_of
        # The caller's resolver is left as it was; the last registered table wins (one today).
        resolver = resolver.with_address_points(points)
        _quarantine_rejected(reads[source.key].load, points)
    kept_by_source = {key: len(read.load.records) for key, read in reads.items()}
    disagreements: list[dict[str, Any]] = []
    listings, match_stats = one_listing_per_facility(reads, key_of, disagreements)
    placed, unplaced = place_all(listings, resolver, progress)
    for record, reason in unplaced:
        first = record["source"].split("+")[0]
        reads[first].load.quarantine(record["source_ref"], reason, record["name"])
    table = to_frame(placed).sort_values("id").reset_index(drop=True)
    point_loads = {
        s.key: reads[s.key].load for s in registry.of_kind("facility_points") if s.key in reads
    }
    centres = {z: (p.lat, p.lon) for z, p in resolver.gazetteer.zips.items()}
    osm = reads.get(address_points.SOURCE)
    osm_as_of = str(osm.load.notes.get("survey_edition") or "") if osm else ""
    point_report: dict[str, Any] = {}
    if point_loads:  # none in a build of HSDS publishers alone
        table, point_report = add_point_facts(
            table, point_loads, centres, osm_as_of, _osm_at_official(table, resolver)
        )
    table["capacity"] = table["capacity"].astype("Int64")
    # Last: a reviewer's correction wins over every published source.
    # (A build of HSDS publishers alone reads no corrections: they fix bundled listings.)
    fixes = reads[corrections.SOURCE].load.records if corrections.SOURCE in reads else []
    table, corrected = corrections.apply(table, fixes)
    check_unique_ids(table)
    report = {
        "rows_out": len(table),
        "sources": {
            key: _summary(read.load, kept_by_source[key], table) for key, read in reads.items()
        },
        "listings_by_sources": dict(Counter(table["source"]).most_common()),
        "precision": dict(Counter(table["precision"]).most_common()),
        "point_sources": dict(Counter(table["point_source"]).most_common()),
        "matching": match_stats,
        "point_matching": point_report,
        "stacks": stack_summary(table),
        "online_geocoder_failure": resolver.online_failure,
        "service_codes": len(dictionary),
        "corrections": corrected,
    }
    if feeds:
        report["feeds"] = {feed.key: feed.as_report() for feed in feeds}
        report["feed_disagreements"] = disagreements
    cache_read = online_answer_cache(resolver)
    if cache_read is not None:
        report["online_answer_cache"] = cache_read
    write_atomically(
        data_dir / paths.CLINICS_TABLE.name, lambda tmp: table.to_parquet(tmp, index=False)
    )
    write_atomically(
        data_dir / SERVICE_CODES_OUT, lambda tmp: dictionary.to_frame().to_csv(tmp, index=False)
    )
    write_atomically(
        data_dir / paths.BUILD_REPORT.name,
        lambda tmp: Path(tmp).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n"),
    )
    return report


def _osm_at_official(table: pd.DataFrame, resolver: Resolver) -> pd.DataFrame:
    """OpenStreetMap points of officially placed listings: measured, never used."""
    exact = table[table["precision"] == "exact"]
    records: list[dict[str, Any]] = exact[["id", "street", "city", "state", "zip"]].to_dict(
        "records"
    )  # type: ignore[assignment]
    found = [(r["id"], resolver.known_point(dict(r))) for r in records if r["street"]]
    rows = [(i, p.lat, p.lon) for i, p in found if p is not None]
    return pd.DataFrame(rows, columns=["id", "lat", "lon"])


def online_answer_cache(resolver: Resolver) -> dict[str, str | int | bool] | None:
    """Earlier online answers can place facilities even in an offline build: what was read."""
    if resolver.cache is None:
        return None
    return {
        "path": str(resolver.cache.path),
        "answers": len(resolver.cache),
        "online": resolver.online is not None,
    }


def check_unique_ids(table: pd.DataFrame) -> None:
    """Ids are hashes of identity: a clash is a bug in the build, reported, never written."""
    duplicated = table["id"][table["id"].duplicated()].tolist()
    if duplicated:
        raise BuildError(
            f"{len(duplicated)} duplicate facility ids, e.g. {duplicated[:5]}: two facilities "
            "were given one identity; the table was not written"
        )


def _quarantine_rejected(load: SourceLoad, points: AddressPoints) -> None:
    """Points that failed the ZIP screen are set aside like any malformed row, and counted."""
    rejected = {r["address"]: r["reason"] for r in points.rejected}
    for record in load.records:
        if record["key"] in rejected:
            load.quarantine(record["rows"][0], "point too far from its ZIP centre", record["key"])
            load.notes.setdefault("rejected_by_zip_screen", []).append(
                {"row": record["rows"][0], "address": record["key"], "why": rejected[record["key"]]}
            )
    load.records = [r for r in load.records if r["key"] not in rejected]
    load.notes["usable_points"] = len(points)


def _summary(load: SourceLoad, kept_before_merging: int, table: pd.DataFrame) -> dict[str, Any]:
    """kept + merged + merged_into_other_listings + quarantined = rows_read, per source."""
    summary = load.summary()
    merged_away = len(load.linked)
    summary["kept"] = kept_before_merging - merged_away - _unplaced(load)
    summary["merged_into_other_listings"] = merged_away
    summary.pop("linked_into_other_listings", None)
    if load.source in registry.BY_KEY and registry.BY_KEY[load.source].lists_facilities:
        summary["listings_naming_it"] = int(
            table["source"].str.split("+").map(lambda s: load.source in s).sum()
        )
    else:
        summary["listings_using_its_points"] = int((table["point_source"] == load.source).sum())
    summary["merged_into"] = load.linked
    return summary


def _unplaced(load: SourceLoad) -> int:
    return sum(q["reason"].startswith("could not be placed") for q in load.quarantined)


def write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    """Write beside the target, then rename: a failed build leaves the previous file whole."""
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
