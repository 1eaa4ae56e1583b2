"""The offline place index read back from this machine's cache is the one a fresh build makes."""

import pytest

from clinic_finder.geocode.gazetteer import Gazetteer

# A ZIP, cities with and without a state, a state, and a name only the ZIP list knows.
LOOKUPS = [
    ("zip", "84101"),
    ("zip", "00601"),
    ("city", "Austin", "TX"),
    ("city", "Springfield"),
    ("city", "Saint Louis", "MO"),
    ("state", "VI"),
]


def _answers(gazetteer: Gazetteer) -> list:
    return [getattr(gazetteer, kind)(*args) for kind, *args in LOOKUPS]


@pytest.fixture(scope="module")
def built() -> Gazetteer:
    return Gazetteer.build()


@pytest.fixture(scope="module")
def cache_name(tmp_path_factory) -> str:
    """The name a load gives its cache file (one build, not one per damaged file)."""
    place = tmp_path_factory.mktemp("gazetteer")
    Gazetteer.load(place)
    (cached,) = place.glob("gazetteer-*.pickle")
    return cached.name


def test_a_second_load_reads_the_cache_and_answers_as_a_fresh_build(tmp_path, built):
    first = Gazetteer.load(tmp_path)
    (cached,) = tmp_path.glob("gazetteer-*.pickle")
    second = Gazetteer.load(tmp_path)
    assert second is not first  # read back from the file, not kept in memory
    assert _answers(first) == _answers(second) == _answers(built)
    assert len(second.zips) == len(built.zips) and second.labels == built.labels
    assert cached.stat().st_size > 1_000_000


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_damaged_or_foreign_cache_file_is_rebuilt(tmp_path, built, cache_name, damage):
    cached = tmp_path / cache_name
    cached.write_bytes(damage)  # b"\x80\x05K\x01." is a valid pickle of the number 1
    rebuilt = Gazetteer.load(tmp_path)
    assert _answers(rebuilt) == _answers(built)
    assert cached.stat().st_size > 1_000_000  # and written again


def test_an_unwritable_cache_place_still_gives_an_index(tmp_path, built):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory would go")
    assert _answers(Gazetteer.load(blocker)) == _answers(built)
