"""Broken source files: one SourceError naming the file and the problem, exit 1, old table kept."""

import os
import shutil
import subprocess
import sys

import pytest
from source_files import dhcs_records, row, tiny_raw_dir

from clinic_finder import paths
from clinic_finder.errors import SourceError
from clinic_finder.table.build import EXTRA_CODES_FILE, build
from clinic_finder.table.sources import samhsa, workbook

PREVIOUS = b"the previous, working table"


def breaks_the_workbook(raw, data):
    path = samhsa.find_workbook(raw)
    published = samhsa.find_workbook(paths.RAW_DIR).read_bytes()
    path.write_bytes(published[: len(published) // 2])  # a download cut off halfway
    return path, "not a readable .xlsx workbook"


def grows_the_workbook(raw, data):
    path = samhsa.find_workbook(raw)
    with path.open("r+b") as file:  # sparse: costs no disk
        file.truncate(workbook.MAX_WORKBOOK_BYTES + 1)
    return path, "larger than the"


def latin1_codes(raw, data):
    path = data / EXTRA_CODES_FILE
    path.write_bytes(path.read_text().replace("(detox)", "(désintox)").encode("latin-1"))
    return path, "not a readable UTF-8 CSV"


def codes_without_a_column(raw, data):
    path = data / EXTRA_CODES_FILE
    path.write_text(path.read_text().replace("service_code,", "code,", 1))
    return path, "lacks columns ['service_code']"


def no_codes_file(raw, data):
    path = data / EXTRA_CODES_FILE
    path.unlink()
    return path, "file not found"


def nested_json(raw, data):
    path = next((raw / "ca_dhcs_sud_facilities").glob("*.json"))
    path.write_text("[" * 100_000 + "]" * 100_000)
    return path, "not a UTF-8 JSON API response"


def empty_json(raw, data):
    path = next((raw / "ca_dhcs_sud_facilities").glob("*.json"))
    path.write_bytes(b"")
    return path, "not a UTF-8 JSON API response"


BREAKAGES = [
    breaks_the_workbook,
    grows_the_workbook,
    latin1_codes,
    codes_without_a_column,
    no_codes_file,
    nested_json,
    empty_json,
]


@pytest.fixture
def sources(tmp_path):
    raw, data = tiny_raw_dir(tmp_path, [row()], dhcs_records(1))
    (data / "clinics.parquet").write_bytes(PREVIOUS)
    return raw, data


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__)
def test_a_broken_file_is_one_clear_error_and_the_old_table_stays(
    sources, offline_resolver, breakage
):
    raw, data = sources
    path, problem = breakage(raw, data)
    with pytest.raises(SourceError) as error:
        build(offline_resolver, raw_dir=raw, data_dir=data, progress=False)
    assert error.value.path == str(path) and problem in error.value.problem, str(error.value)
    assert (data / "clinics.parquet").read_bytes() == PREVIOUS
    assert not (data / "build_report.json").exists() and not list(data.glob(".*.tmp"))


def test_cli_build_exits_1_naming_the_file_and_keeps_the_old_table(sources):
    raw, data = sources
    shutil.move(raw, data / "raw")  # the CLI reads CLINIC_FINDER_DATA_DIR/raw
    path, problem = latin1_codes(data / "raw", data)
    result = subprocess.run(
        [sys.executable, "-m", "clinic_finder", "build"],
        capture_output=True,
        text=True,
        cwd=paths.PROJECT_DIR,
        timeout=120,
        env={**os.environ, "CLINIC_FINDER_DATA_DIR": str(data)},
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {path}: {problem}"), result.stderr
    assert "Traceback" not in result.stderr
    assert (data / "clinics.parquet").read_bytes() == PREVIOUS
