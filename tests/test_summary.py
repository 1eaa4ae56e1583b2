"""The results' words without a page: the count line, the warning, the screen reader's sentence."""

import pandas as pd
import pytest

from clinic_finder.geocode.types import GeocodeResult
from clinic_finder.search.answer import Answer
from clinic_finder.show import summary
from clinic_finder.text import i18n

PLACE = GeocodeResult(40.76, -111.89, "zip", "84101 *Salt Lake*")


def _answer(results: int, beyond: int = 0) -> Answer:
    return Answer(pd.DataFrame({"id": range(results)}), pd.DataFrame({"id": range(beyond)}))


def _count(value: float) -> str:
    return f"{value:,.0f}"


def test_results_within_the_radius_are_counted_with_the_place_escaped():
    words = summary.results(_answer(1204), PLACE, 25, i18n.ENGLISH, _count)
    assert words.heading.startswith("**1,204 facilities within 25 miles** of 84101 \\*Salt")
    assert "nearest first" in words.heading and not words.warning and not words.info
    assert words.said == "1,204 facilities within 25 miles of 84101 *Salt Lake*."


def test_one_result_and_one_mile_are_singular():
    words = summary.results(_answer(1), PLACE, 1, i18n.ENGLISH, _count)
    assert words.said == "1 facility within 1 mile of 84101 *Salt Lake*."


def test_nothing_in_the_radius_warns_then_counts_the_nearest_beyond():
    words = summary.results(_answer(0, 5), PLACE, 10, i18n.ENGLISH, _count)
    assert words.warning.startswith("No facility within 10 miles of 84101 \\*Salt")
    assert words.heading == "**The 5 nearest facilities that match, beyond the radius:**"
    assert words.said.endswith("Showing the 5 nearest beyond it.") and not words.info


def test_nothing_anywhere_says_so():
    words = summary.results(_answer(0, 0), PLACE, 10, i18n.ENGLISH, _count)
    assert words.info == "No facility anywhere matches these filters. Try removing some."
    assert words.said.endswith("None anywhere.") and not words.heading


@pytest.mark.parametrize("total, said", [(1, "1 licensed facility matches"),
                                         (2, "2 licensed facilities match")])  # fmt: skip
def test_the_overview_counts_the_country(total, said):
    words = summary.overview(_answer(total), i18n.ENGLISH, _count)
    assert words.said.startswith(said) and "Type a ZIP code" in words.info


def test_spanish_words_come_from_the_catalogue():
    words = summary.results(_answer(3), PLACE, 25, i18n.translator("es"), _count)
    assert "3" in words.said and "facilities" not in words.said
