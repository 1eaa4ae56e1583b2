"""The national overview's groups (clinic_finder/show/point_clusters.py): every facility sent
once, as numbers only, to supercluster in the map's frame."""

import json
import re

import pandas as pd
import pytest

from clinic_finder.show import map_stacks, map_view
from clinic_finder.show.point_clusters import PointClusters, flat_points
from clinic_finder.text import i18n

ROWS = re.compile(r"var rows = (\[[^\]]*\]);")


def test_each_facility_is_lat_lon_and_whether_its_point_is_approximate():
    table = pd.DataFrame(
        {
            "lat": [40.7605812, 18.4655394, 44.8],
            "lon": [-111.8910474, -66.1057355, -68.77],
            "precision": ["address", "zip", "city"],
        }
    )
    assert flat_points(table) == [
        40.76058, -111.89105, 0,
        18.46554, -66.10574, 1,
        44.8, -68.77, 1,
    ]  # fmt: skip
    assert flat_points(table.iloc[:0]) == []


def test_the_overview_sends_every_facility_once_as_numbers(synthetic_clinics):
    html = map_view.overview_map(synthetic_clinics).get_root().render()
    sent = json.loads(ROWS.search(html).group(1))
    assert sent == flat_points(synthetic_clinics)
    assert len(sent) == 3 * len(synthetic_clinics)
    assert set(sent[2::3]) == {0, 1}  # the made-up table has both kinds of point
    assert all(isinstance(value, int | float) for value in sent)
    assert "new Supercluster(" in html and "rows[i + 2] === 1" in html
    assert "map-legend" in html
    assert html.count("new Supercluster(") == 1


def test_no_text_from_the_data_reaches_the_frame_s_script(synthetic_clinics):
    """Names, addresses and phones stay out of the overview: it draws points, not listings."""
    tricky = synthetic_clinics.assign(name="</script><script>alert(1)</script>")
    page = map_view.overview_map(tricky).get_root().render()
    assert "alert(1)" not in page
    assert PointClusters(tricky, "#1f5fa8").rows_json == json.dumps(
        flat_points(tricky), separators=(",", ":")
    )


@pytest.mark.parametrize(
    ("lang", "overview", "results"),
    [
        ("en", "facilities grouped here (click to zoom in)", "at one point (click to list)"),
        ("es", "centros agrupados (haga clic para acercar)", "en un mismo punto"),
    ],
)
def test_each_map_s_legend_says_what_a_press_on_its_count_does(
    synthetic_clinics, lang, overview, results
):
    """The overview's groups zoom in when pressed; the results map's count lists the
    facilities at one point. The overview's key said "click to list" too."""
    t = i18n.translator(lang)
    page = map_view.overview_map(synthetic_clinics, t=t).get_root().render()
    as_sent = json.dumps  # the key's HTML travels as a JSON string
    assert as_sent(overview)[1:-1] in page and as_sent(results)[1:-1] not in page
    assert results in map_stacks.legend(t).html and overview not in map_stacks.legend(t).html
