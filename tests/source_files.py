"""Small published-source files written into a temporary folder, shaped like the real ones."""

import json
import shutil

import pandas as pd

from clinic_finder import paths
from clinic_finder.build import EXTRA_CODES_FILE
from clinic_finder.sources import dhcs, samhsa

KIT_REFERENCE = pd.DataFrame(
    [["TAP", "Treatment Approaches", "KIT", "Ketamine Infusion Therapy", "IV ketamine"]],
    columns=["category_code", "category_name", "service_code", "service_name",
             "service_description"],
)  # fmt: skip


def tiny_workbook(tmp_path, rows, reference=None, sheet="Facilities List"):
    """A SAMHSA-shaped workbook at tmp_path/samhsa_nmhd_2099/directory.xlsx."""
    path = tmp_path / "samhsa_nmhd_2099" / "directory.xlsx"
    path.parent.mkdir(parents=True)
    reference = KIT_REFERENCE if reference is None else reference
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame(rows, columns=list(samhsa.FACILITY_COLUMNS)).to_excel(
            writer, sheet_name=sheet, index=False
        )
        reference.to_excel(writer, sheet_name="Service Code Reference", index=False)
    return path


def row(**values):
    """One facilities-sheet row: a plain Boston clinic, with the given cells changed."""
    cells = dict.fromkeys(samhsa.FACILITY_COLUMNS, "")
    cells.update(name1="Acme Clinic", street1="1 Main St", city="Boston", state="MA", zip="02134",
                 phone="617-555-0100", service_code_info="KIT")  # fmt: skip
    cells.update(values)
    return [cells[c] for c in samhsa.FACILITY_COLUMNS]


def dhcs_records(count: int = 1) -> list[dict]:
    """The first records of the real DHCS response, as published."""
    raw = json.loads(dhcs.find_file(paths.RAW_DIR).read_text())
    return [dict(r) for r in raw["records"][:count]]


def tiny_raw_dir(tmp_path, rows, licences: list) -> tuple:
    """A raw/ folder (workbook + DHCS response) and a data/ folder ready for `build`."""
    raw, data = tmp_path / "raw", tmp_path / "data"
    tiny_workbook(raw, rows)
    response = raw / "ca_dhcs_sud_facilities" / "dhcs.json"
    response.parent.mkdir()
    response.write_text(json.dumps({"retrieved_at": "2099-01-01", "records": licences}))
    data.mkdir()
    shutil.copy(paths.DATA_DIR / EXTRA_CODES_FILE, data)
    return raw, data
