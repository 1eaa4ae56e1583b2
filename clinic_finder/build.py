"""sources → normalise → link licences → geocode → data/clinics.parquet + build_report.json."""

import json
import os
from collections import Counter
from pathlib import Path

from tqdm import tqdm

from clinic_finder import licences, paths
from clinic_finder.geocode.resolver import Resolver
from clinic_finder.records import SourceLoad, to_frame
from clinic_finder.services import DICTIONARY_COLUMNS, ServiceDictionary
from clinic_finder.sources import dhcs, samhsa
from clinic_finder.sources.csvfile import read_csv

EXTRA_CODES_FILE = "dhcs_service_codes.csv"
SERVICE_CODES_OUT = "service_codes.csv"


def load_sources(raw_dir: Path, extra_codes: Path) -> tuple[ServiceDictionary, list[SourceLoad]]:
    workbook = samhsa.find_workbook(raw_dir)
    facilities, reference = samhsa.read_workbook(workbook)
    extra = read_csv(extra_codes, DICTIONARY_COLUMNS, "service codes")
    dictionary = ServiceDictionary.from_frames(reference, extra)
    return dictionary, [
        samhsa.load(workbook, dictionary, facilities),
        dhcs.load(dhcs.find_file(raw_dir)),
    ]


def link_licences(directory: SourceLoad, state_licences: SourceLoad) -> dict:
    """Listings that are a licensed facility gain its licence; it is then not listed twice."""
    in_state = [r for r in directory.records if r["state"] == "CA"]
    links, stats = licences.link(in_state, state_licences.records)
    directory.records = [
        licences.apply(r, links[r["id"]]) if r["id"] in links else r for r in directory.records
    ]
    linked_ids = {licence["id"]: listing_id for listing_id, licence in links.items()}
    state_licences.linked = [
        {"id": r["id"], "into": linked_ids[r["id"]]}
        for r in state_licences.records
        if r["id"] in linked_ids
    ]
    state_licences.records = [r for r in state_licences.records if r["id"] not in linked_ids]
    return stats


def place_all(loads: list[SourceLoad], resolver: Resolver, progress: bool) -> None:
    """Every kept record gets a point and a precision, or is quarantined with the reason."""
    total = sum(len(load.records) for load in loads)
    with tqdm(total=total, desc="geocoding", unit="facility", disable=not progress) as bar:
        for load in loads:
            placed = []
            for record in load.records:
                result, reason = resolver.place_record(record)
                bar.update()
                if result is None:
                    load.quarantine(record["source_ref"], f"could not be placed: {reason}",
                                    record["name"])  # fmt: skip
                    continue
                record.update(lat=result.lat, lon=result.lon, precision=result.precision)
                placed.append(record)
            load.records = placed


def build(
    resolver: Resolver,
    raw_dir: Path = paths.RAW_DIR,
    data_dir: Path = paths.DATA_DIR,
    progress: bool = True,
) -> dict:
    dictionary, loads = load_sources(raw_dir, data_dir / EXTRA_CODES_FILE)
    directory, state_licences = loads
    link_stats = link_licences(directory, state_licences)
    place_all(loads, resolver, progress)
    table = to_frame([r for load in loads for r in load.records]).sort_values("id")
    table["capacity"] = table["capacity"].astype("Int64")
    table = table.reset_index(drop=True)
    duplicate_ids = table["id"][table["id"].duplicated()].tolist()
    if duplicate_ids:  # ids are hashes of identity; a clash would be a bug, never hidden
        raise AssertionError(f"duplicate facility ids {duplicate_ids[:5]}")
    report = {
        "rows_out": len(table),
        "sources": {load.source: load.summary() for load in loads},
        "precision": dict(Counter(table["precision"]).most_common()),
        "licences": link_stats,
        "online_geocoder_failure": resolver.online_failure,
        "service_codes": len(dictionary),
    }
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


def write_atomically(target: Path, write) -> None:
    """Write beside the target, then rename: a failed build leaves the previous file whole."""
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
