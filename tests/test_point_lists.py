"""Facility point lists: every row kept or quarantined with its reason; ZIPs and encodings."""

import pandas as pd
import pytest

from clinic_finder import paths
from clinic_finder.table.sources import point_lists
from clinic_finder.table.sources.point_lists import LAYOUTS, LOCATOR_MH, OTP_DIRECTORY, zip_padded


def _write(tmp_path, source, rows):
    layout = LAYOUTS[source]
    path = tmp_path / layout.file
    pd.DataFrame(rows, columns=layout.columns()).to_csv(path, index=False, encoding=layout.encoding)
    return point_lists.load(path, source, layout)


def _mh(**values):
    row = dict.fromkeys(LAYOUTS[LOCATOR_MH].columns(), "")
    row.update(name1="Hope Clinic", street1="60 Westwood Avenue", city="Waterbury", state="CT")
    row.update(zip="6708", latitude="41.56", longitude="-73.06", website="http://www.pcc4me.com")
    return {**row, **values}


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"name1": ""}, "no facility name"),
        ({"latitude": "NA"}, "no usable point ('NA', '-73.06')"),
        ({"latitude": "0", "longitude": "0"}, "no usable point ('0', '0')"),
        ({"latitude": "95"}, "no usable point ('95', '-73.06')"),
        ({"state": "XX"}, "unknown state code 'XX'"),
        ({"zip": "ABCDE"}, "no ZIP code ('ABCDE')"),
    ],
)
def test_a_malformed_row_is_quarantined_with_its_reason(tmp_path, values, reason):
    load = _write(tmp_path, LOCATOR_MH, [_mh(), _mh(**values)])
    assert len(load.records) == 1
    assert load.quarantined == [
        {
            "source": LOCATOR_MH,
            "row": 3,
            "name": values.get("name1", "Hope Clinic"),
            "reason": reason,
        }
    ]
    summary = load.summary()
    assert summary["kept"] + summary["quarantined"] == summary["rows_read"] == 2


def test_a_zip_that_lost_its_leading_zero_is_padded(tmp_path):
    load = _write(tmp_path, LOCATOR_MH, [_mh()])
    assert load.records[0]["zip"] == "06708"
    assert [zip_padded(z) for z in ("6708", "501", "02138-1234", "021381234", "12")] == [
        "06708",
        "00501",
        "02138",
        "02138",
        None,
    ]


def test_an_unsafe_website_is_dropped_and_counted_not_the_row(tmp_path):
    load = _write(
        tmp_path, LOCATOR_MH, [_mh(website="javascript:alert(1)"), _mh(website="http://")]
    )
    assert [r["website"] for r in load.records] == ["", ""]
    assert load.notes["websites_refused"] == 2


def test_the_otp_directory_is_read_as_windows_1252(tmp_path):
    row = {
        "ID": "Clínica de Metadona",
        "ADDRESS": "1 Calle Sol",
        "CITY": "San Juan",
        "STATE": "PR",
        "POSTAL": "901",
        "Latitude": "18.46",
        "Longitude": "-66.1",
    }
    load = _write(tmp_path, OTP_DIRECTORY, [row])
    assert load.records[0]["name"] == "Clínica de Metadona"
    assert load.records[0]["zip"] == "00901"


@pytest.mark.parametrize(
    ("source", "rows"),
    [
        (point_lists.LOCATOR_MH, 11375),
        (point_lists.LOCATOR_SU, 14034),
        (point_lists.OTP_DIRECTORY, 1831),
        (point_lists.FINDTREATMENT_SU, 11923),
    ],
)
def test_the_published_files_are_read_whole(source, rows):
    load = point_lists.read(paths.RAW_DIR, source)
    assert load.rows_read == rows
    assert len(load.records) + len(load.quarantined) == rows
