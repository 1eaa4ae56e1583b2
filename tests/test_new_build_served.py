"""A running server answers from the build on disk: after `make data` or `update` swaps the
table, the next page run and the next API request read the new one (and the API's ETag moves)."""

import os
import shutil

import pandas as pd
import pytest

from api import directory
from clinic_finder import paths
from clinic_finder.settings import SERVED_DATA_FILES, Settings
from clinic_finder.table.load import edition
from components import data


@pytest.fixture
def data_copy(tmp_path):
    for name in SERVED_DATA_FILES:
        shutil.copy(paths.DATA_DIR / name, tmp_path / name)
    return tmp_path


def _swap_in_a_smaller_table(folder, drop: int) -> None:
    """As a build does: the new table written beside the old, then moved over it."""
    table = pd.read_parquet(folder / paths.CLINICS_TABLE.name)
    fresh = folder / "clinics.parquet.new"
    table.iloc[drop:].to_parquet(fresh)
    os.replace(fresh, folder / paths.CLINICS_TABLE.name)


def test_a_file_s_edition_changes_when_it_is_replaced_and_is_zero_when_missing(data_copy):
    table = data_copy / paths.CLINICS_TABLE.name
    before = edition(table)
    _swap_in_a_smaller_table(data_copy, 1)
    assert edition(table) != before
    assert edition(data_copy / "nothing.parquet") == (0, 0)


def test_the_api_reads_a_new_build_and_its_etag_moves(data_copy):
    settings = Settings.from_env({"CLINIC_FINDER_DATA_DIR": str(data_copy)})
    first = directory.get(settings)
    assert directory.get(settings) is first  # nothing changed: nothing loaded again
    _swap_in_a_smaller_table(data_copy, 3)
    second = directory.get(settings)
    assert len(second.table) == len(first.table) - 3
    assert second.tag != first.tag


def test_the_page_s_caches_read_a_new_build(data_copy, monkeypatch):
    monkeypatch.setenv("CLINIC_FINDER_DATA_DIR", str(data_copy))
    data.settings.clear()
    try:
        first = data.clinic_index()
        assert data.clinic_index() is first
        filters = data.filter_set()
        _swap_in_a_smaller_table(data_copy, 2)
        second = data.clinic_index()
        assert len(second) == len(first) - 2
        assert data.filter_set() is not filters
    finally:
        data.settings.clear()
        data.clinic_index.clear()
        data.filter_set.clear()
