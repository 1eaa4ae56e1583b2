"""A directory many times today's size: built offline, timed, and every row accounted for.

Today's SAMHSA workbook is written out `copies` times over (each copy's facilities renamed, so
none merge with another copy's) beside today's DHCS file, in a temporary directory, and built by
the same `build` as `make data`. Every source row must end kept, merged, linked or quarantined,
and the directory's counts must be exactly `copies` × today's. Ten copies at `full` scale.
"""

import json
import shutil
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from benchmarks.measure import Row, row
from benchmarks.scale import Scale
from clinic_finder import paths
from clinic_finder.geocode.gazetteer import Gazetteer
from clinic_finder.geocode.resolver import Resolver
from clinic_finder.table.build import EXTRA_CODES_FILE, build
from clinic_finder.table.sources import registry, samhsa

SECTION = "large source"
COUNTS = ("kept", "merged", "quarantined", "withheld_street")


def measure(scale: Scale) -> list[Row]:
    copies = scale.source_copies
    today = json.loads(paths.BUILD_REPORT.read_text())["sources"]["samhsa_nmhd"]
    resolver = Resolver(Gazetteer.load())  # loaded once, outside the timing
    with tempfile.TemporaryDirectory(prefix="bench-large-") as scratch:
        raw, data = Path(scratch) / "raw", Path(scratch) / "data"
        big = many_times_the_directory(raw, copies)
        # The other sources as they are: only the MH directory grows.
        for folder in (
            "ca_dhcs_sud_facilities",
            "samhsa_nsud_2023",
            "samhsa_nmhd_2022_osm_geocodes",
            "samhsa_locator_2021_points",
            "findtreatment_2025_su_points",
        ):
            shutil.copytree(paths.RAW_DIR / folder, raw / folder)
        data.mkdir()
        shutil.copy(paths.DATA_DIR / EXTRA_CODES_FILE, data)
        start = time.perf_counter()
        report = build(resolver, raw_dir=raw, data_dir=data, progress=False)
        took = time.perf_counter() - start
        size_mb = big.stat().st_size / 1e6
    rows_read = _check(report, today, copies)
    label = f"{copies}× today's directory ({rows_read:,} rows, {size_mb:.1f} MB workbook)"
    return [
        row(SECTION, f"build, {label}", [took], "s"),
        row(SECTION, f"rows per second, {label}", [rows_read / took], "rows/s"),
        Row(
            SECTION,
            f"rows accounted for, {label}",
            rows_read,
            rows_read,
            "rows",
            1,
            verdict=f"all: kept+merged+merged away+quarantined == read; {copies}× today's counts",
        ),
    ]


def many_times_the_directory(raw_dir: Path, copies: int) -> Path:
    """Today's workbook with every facility listed `copies` times, each copy a distinct name."""
    facilities, reference = samhsa.read_workbook(samhsa.find_workbook(paths.RAW_DIR))
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Facilities List")
    sheet.append(list(facilities.columns))
    for copy in range(copies):
        for facility in facilities.itertuples(index=False):
            cells = list(facility)
            if copy and cells[0]:  # name1; a nameless row stays nameless (and quarantined)
                cells[0] = f"{cells[0]} (copy {copy})"
            sheet.append(cells)
    codes = book.create_sheet("Service Code Reference")
    codes.append(list(reference.columns))
    for code in reference.itertuples(index=False):
        codes.append(list(code))
    path = raw_dir / "samhsa_nmhd_2099" / "directory.xlsx"
    path.parent.mkdir(parents=True)
    book.save(path)
    return path


def _check(report: dict, today: dict, copies: int) -> int:
    """Rows read by the directory; raises if any source row is unaccounted for."""
    directory = report["sources"]["samhsa_nmhd"]
    if directory["rows_read"] != copies * today["rows_read"]:
        raise RuntimeError(f"read {directory['rows_read']} rows, not {copies} × today's")
    for count in COUNTS:
        if directory[count] != copies * today[count]:
            raise RuntimeError(f"{count}: {directory[count]}, not {copies} × {today[count]}")
    for name, source in report["sources"].items():
        done = (
            source["kept"]
            + source["merged"]
            + source["merged_into_other_listings"]
            + source["quarantined"]
        )
        if done != source["rows_read"]:
            raise RuntimeError(f"{name}: {done} rows accounted for of {source['rows_read']}")
    listed = [s for k, s in report["sources"].items() if registry.BY_KEY[k].lists_facilities]
    if report["rows_out"] != sum(s["kept"] for s in listed):
        raise RuntimeError("the table's rows are not the kept rows")
    return directory["rows_read"]
