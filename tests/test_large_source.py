"""A directory ten times today's size builds, with every row accounted for (opt-in: ~minutes).

Run with `CLINIC_FINDER_SLOW_TESTS=1 .venv/bin/python -m pytest tests/test_large_source.py -s`.
"""

import json
import os
import shutil
import time

import pytest
from openpyxl import Workbook

from clinic_finder import paths
from clinic_finder.build import build
from clinic_finder.sources import dhcs, samhsa

pytestmark = pytest.mark.skipif(
    not os.environ.get("CLINIC_FINDER_SLOW_TESTS"), reason="set CLINIC_FINDER_SLOW_TESTS=1"
)
COPIES = 10


def ten_times_the_directory(raw_dir):
    """Today's workbook with every facility listed ten times, each copy a distinct name."""
    facilities, reference = samhsa.read_workbook(samhsa.find_workbook(paths.RAW_DIR))
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Facilities List")
    sheet.append(list(facilities.columns))
    for copy in range(COPIES):
        for cells in facilities.itertuples(index=False):
            cells = list(cells)
            if copy and cells[0]:  # name1; a nameless row stays nameless (and quarantined)
                cells[0] = f"{cells[0]} (copy {copy})"
            sheet.append(cells)
    codes = book.create_sheet("Service Code Reference")
    codes.append(list(reference.columns))
    for cells in reference.itertuples(index=False):
        codes.append(list(cells))
    path = raw_dir / "samhsa_nmhd_2099" / "directory.xlsx"
    path.parent.mkdir(parents=True)
    book.save(path)
    return path


def test_ten_times_the_rows_builds_with_every_row_accounted_for(tmp_path, offline_resolver):
    today = json.loads(paths.BUILD_REPORT.read_text())["sources"]["samhsa_nmhd"]
    raw, data = tmp_path / "raw", tmp_path / "data"
    big = ten_times_the_directory(raw)
    shutil.copytree(dhcs.find_file(paths.RAW_DIR).parent, raw / "ca_dhcs_sud_facilities")
    data.mkdir()
    shutil.copy(paths.DATA_DIR / "dhcs_service_codes.csv", data)
    started = time.monotonic()
    report = build(offline_resolver, raw_dir=raw, data_dir=data, progress=False)
    took = time.monotonic() - started
    directory = report["sources"]["samhsa_nmhd"]
    print(f"\n{big.stat().st_size:,} bytes, {directory['rows_read']:,} rows: built in {took:.1f} s")
    assert directory["rows_read"] == COPIES * today["rows_read"]
    for count in ("kept", "merged", "quarantined", "withheld_street"):
        assert directory[count] == COPIES * today[count], count
    for source in report["sources"].values():
        assert (source["kept"] + source["merged"] + source["linked_into_other_listings"]
                + source["quarantined"]) == source["rows_read"]  # fmt: skip
    assert report["rows_out"] == sum(s["kept"] for s in report["sources"].values())
