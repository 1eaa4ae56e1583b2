"""Known address points: an OpenStreetMap geocode of SAMHSA directory addresses → point table.

The file pairs `whole_adress` ("<street> <city> <state> <zip>", single spaces) with a point. City
names may hold spaces, so the string is read from the right: ZIP, state, then the longest name the
USPS accepts for that ZIP. What is left is the street line, normalised like every listing's.
"""

import re
from pathlib import Path
from typing import Any

import zipcodes

from clinic_finder.geocode.addresses import address_key
from clinic_finder.table.records import SourceLoad
from clinic_finder.table.sources.csvfile import read_csv
from clinic_finder.table.sources.editions import newest_edition
from clinic_finder.text.fields import clean, zip5

SOURCE = "osm_address_points"
FOLDER = "samhsa_nmhd"  # raw/samhsa_nmhd_<year>_osm_geocodes/
COLUMNS = ("whole_adress", "latitude", "longitude")
_SQUASH = re.compile(r"[^A-Z0-9]")


def find_file(raw_dir: Path) -> Path:
    """The newest `samhsa_nmhd_<year>_osm_geocodes/*.csv` (a newer geocode drops in)."""
    candidates = sorted(raw_dir.glob(f"{FOLDER}_*_osm_geocodes/*.csv"))
    if not candidates:
        return newest_edition(raw_dir, f"{FOLDER}_osm_geocodes", "*.csv").path  # names the gap
    return candidates[-1]


def load(path: Path) -> SourceLoad:
    """Every row kept as a {key, lat, lon} record, merged into an earlier same-address row, or
    quarantined with the reason (no point found, an address that cannot be split)."""
    frame = read_csv(path, COLUMNS, "address points")
    year = re.search(r"_(\d{4})_", path.parent.name)
    result = SourceLoad(SOURCE, f"{path.parent.name}/{path.name}", None, rows_read=len(frame))
    result.notes["survey_edition"] = int(year.group(1)) if year else None
    cities = _city_names()
    seen: dict[str, dict[str, Any]] = {}
    for number, (whole, lat, lon) in enumerate(frame[list(COLUMNS)].itertuples(index=False), 2):
        point = _point(lat, lon)
        if point is None:
            result.quarantine(number, "no point (the geocoder found nothing)", clean(whole))
            continue
        key, reason = split_address(whole, cities)
        if key is None:
            result.quarantine(number, reason, clean(whole))
            continue
        if key in seen:  # one address listed for several facilities: one point is enough
            seen[key]["rows"].append(number)
            continue
        seen[key] = {"key": key, "lat": point[0], "lon": point[1], "rows": [number]}
        result.records.append(seen[key])
    result.merged = [
        {"id": r["key"], "name": r["key"], "rows": len(r["rows"]), "source_rows": r["rows"]}
        for r in result.records
        if len(r["rows"]) > 1
    ]
    return result


def split_address(whole: str, cities: dict[str, list[str]]) -> tuple[str | None, str]:
    """(address key, '') for '219 Dothan Road Abbeville AL 36310', else (None, the reason)."""
    words = clean(whole).split(" ")
    zip_code = zip5(words[-1]) if len(words) >= 4 else None
    if zip_code is None:
        return None, f"no ZIP at the end of {clean(whole)!r}"
    state, rest = words[-2].upper(), words[:-2]
    names = {_SQUASH.sub("", name) for name in cities.get(zip_code, ())}
    # The longest tail of words that is a USPS name of this ZIP ("Mc Arthur" = "McArthur").
    for size in range(min(5, len(rest) - 1), 0, -1):
        if _SQUASH.sub("", " ".join(rest[-size:]).upper()) in names:
            key = address_key(" ".join(rest[:-size]), " ".join(rest[-size:]), state, zip_code)
            return (key, "") if key else (None, "no street line")
    return None, f"no city the USPS knows for ZIP {zip_code} at the end of the address"


def _city_names() -> dict[str, list[str]]:
    """ZIP → every city name the USPS accepts for it (upper case)."""
    return {
        row["zip_code"]: [row["city"].upper(), *(c.upper() for c in row["acceptable_cities"] or ())]
        for row in zipcodes.list_all()
    }


def _point(lat: str, lon: str) -> tuple[float, float] | None:
    try:
        lat_f, lon_f = float(lat), float(lon)
    except ValueError:
        return None  # "NA"
    if not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180) or (lat_f, lon_f) == (0.0, 0.0):
        return None
    return lat_f, lon_f
