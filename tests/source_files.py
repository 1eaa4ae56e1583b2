"""Small published-source files written into a temporary folder, shaped like the real ones."""

import json
import shutil

import pandas as pd

from clinic_finder import paths
from clinic_finder.table.build import EXTRA_CODES_FILE
from clinic_finder.table.sources import dhcs, point_lists, samhsa

KIT_REFERENCE = pd.DataFrame(
    [["TAP", "Treatment Approaches", "KIT", "Ketamine Infusion Therapy", "IV ketamine"]],
    columns=[
        "category_code",
        "category_name",
        "service_code",
        "service_name",
        "service_description",
    ],
)


def tiny_workbook(
    tmp_path,
    rows,
    reference=None,
    sheet="Facilities List",
    folder="samhsa_nmhd_2099",
    capitalised=False,
):
    """A SAMHSA-shaped workbook at tmp_path/<folder>/directory.xlsx (the SU directory writes its
    headers capitalised: `capitalised=True`)."""
    path = tmp_path / folder / "directory.xlsx"
    path.parent.mkdir(parents=True)
    reference = KIT_REFERENCE if reference is None else reference
    columns = [c.capitalize() if capitalised else c for c in samhsa.FACILITY_COLUMNS]
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame(rows, columns=columns).to_excel(writer, sheet_name=sheet, index=False)
        reference.to_excel(writer, sheet_name="Service Code Reference", index=False)
    return path


def row(**values):
    """One facilities-sheet row: a plain Boston clinic, with the given cells changed."""
    cells = dict.fromkeys(samhsa.FACILITY_COLUMNS, "")
    cells.update(
        name1="Acme Clinic",
        street1="1 Main St",
        city="Boston",
        state="MA",
        zip="02134",
        phone="617-555-0100",
        service_code_info="KIT",
    )
    cells.update(values)
    return [cells[c] for c in samhsa.FACILITY_COLUMNS]


def dhcs_records(count: int = 1) -> list[dict]:
    """The first records of the real DHCS response, as published."""
    raw = json.loads(dhcs.find_file(paths.RAW_DIR).read_text())
    return [dict(r) for r in raw["records"][:count]]


def tiny_points(raw, rows, folder="samhsa_nmhd_2022_osm_geocodes"):
    """An address-points CSV shaped like the OpenStreetMap geocode: (whole_adress, lat, lon)."""
    path = raw / folder / "geocoded_facilities.csv"
    path.parent.mkdir(parents=True)
    frame = pd.DataFrame(rows, columns=["whole_adress", "latitude", "longitude"])
    frame.insert(0, "name1", "x")
    frame.to_csv(path, index=False)
    return path


def tiny_point_lists(raw, rows: dict | None = None) -> None:
    """Every facility point list, shaped as published, with the given rows (else none)."""
    rows = rows or {}
    for source, layout in point_lists.LAYOUTS.items():
        path = raw / point_lists.FOLDERS[source] / layout.file
        path.parent.mkdir(parents=True, exist_ok=True)
        frame = pd.DataFrame(rows.get(source, []), columns=layout.columns())
        frame.to_csv(path, index=False, encoding=layout.encoding)


def tiny_raw_dir(
    tmp_path, rows, licences: list, su_rows=None, points=None, point_rows=None
) -> tuple:
    """A raw/ folder (both directories, DHCS response, address points) and a data/ folder ready
    for `build`. The SU directory and the points default to one row each, far from the others."""
    raw, data = tmp_path / "raw", tmp_path / "data"
    tiny_workbook(raw, rows)
    su_rows = su_rows or [
        row(
            name1="Elsewhere Recovery",
            street1="9 Pine St",
            city="Bangor",
            state="ME",
            zip="04401",
            service_code_info="KIT",
        )
    ]
    tiny_workbook(raw, su_rows, folder="samhsa_nsud_2099", capitalised=True)
    tiny_points(raw, points or [("9 Pine St Bangor ME 04401", "44.80", "-68.77")])
    tiny_point_lists(raw, point_rows)
    response = raw / "ca_dhcs_sud_facilities" / "dhcs.json"
    response.parent.mkdir()
    response.write_text(json.dumps({"retrieved_at": "2099-01-01", "records": licences}))
    data.mkdir()
    shutil.copy(paths.DATA_DIR / EXTRA_CODES_FILE, data)
    return raw, data
