"""CLINIC_FINDER_TILES: offline by default, OpenStreetMap or a custom tile template on request."""

import pytest

from clinic_finder.errors import ConfigurationError
from clinic_finder.settings import OSM_ATTRIBUTION, OSM_TILES, MapSettings

TEMPLATE = "https://tiles.example.org/{z}/{x}/{y}.png"


@pytest.mark.parametrize("value", [None, "", "  ", "offline", "OFFLINE"])
def test_offline_is_the_default(value):
    environ = {} if value is None else {"CLINIC_FINDER_TILES": value}
    assert MapSettings.from_env(environ) == MapSettings(tiles=None, attribution="")


def test_osm_uses_the_standard_tiles_with_the_required_credit():
    settings = MapSettings.from_env({"CLINIC_FINDER_TILES": " OSM "})
    assert settings.tiles == OSM_TILES == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert settings.attribution == OSM_ATTRIBUTION
    assert "© " in OSM_ATTRIBUTION and "OpenStreetMap contributors" in OSM_ATTRIBUTION
    assert 'href="https://www.openstreetmap.org/copyright"' in OSM_ATTRIBUTION


def test_custom_template_with_its_attribution():
    settings = MapSettings.from_env(
        {"CLINIC_FINDER_TILES": TEMPLATE, "CLINIC_FINDER_TILES_ATTRIBUTION": "© Example Tiles"}
    )
    assert settings == MapSettings(tiles=TEMPLATE, attribution="© Example Tiles")


def test_custom_template_without_attribution_credits_its_host():
    settings = MapSettings.from_env({"CLINIC_FINDER_TILES": TEMPLATE})
    assert settings.attribution == "Tiles: tiles.example.org"


@pytest.mark.parametrize(
    "value",
    [
        "openstreetmap",
        "https://tiles.example.org/{z}/{x}.png",
        "https://tiles.example.org/tile.png",
        "tiles.example.org/{z}/{x}/{y}.png",
        "ftp://tiles.example.org/{z}/{x}/{y}.png",
        "/app/static/tiles/{z}/{x}/{y}.png",
    ],
)
def test_bad_values_raise_configuration_error_quoting_the_value(value):
    with pytest.raises(ConfigurationError, match="CLINIC_FINDER_TILES") as caught:
        MapSettings.from_env({"CLINIC_FINDER_TILES": value})
    assert repr(value) in str(caught.value)
    assert isinstance(caught.value, ValueError)
