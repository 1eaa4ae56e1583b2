"""What the facility point lists add to the built table: a better point, a website, the OTP fact.

Runs on the placed table (one row per listing) and returns it with `lat`, `lon`, `precision`,
`point_source`, `point_as_of`, `point_match`, `website`, `website_source` and `otp_directory`
filled where a list answers, plus the build report's `point_matching` section.
"""

from collections import Counter
from typing import Any

import numpy as np
import pandas as pd

from clinic_finder.geocode import point_match as pm
from clinic_finder.geocode.geometry import haversine_km
from clinic_finder.table.licences import name_agreement
from clinic_finder.table.records import SourceLoad
from clinic_finder.table.sources import point_lists
from clinic_finder.table.stacks import stack_summary

# Which list wins when two disagree by more than 250 m, best first: the lists' measured error
# against DHCS's official points (build report `error_vs_dhcs_by_source`).
# Measured p50 by street key: SU locator 33 m (n = 576), MH locator 55 m (n = 111), OpenStreetMap
# 59 m (n = 101); the OTP directory's 8 m rests on 22 points from a geocoder OEPS does not name.
RANK = {
    point_lists.LOCATOR_SU: 0,
    point_lists.LOCATOR_MH: 1,
    "osm_address_points": 2,
    point_lists.OTP_DIRECTORY: 3,
    point_lists.FINDTREATMENT_SU: 4,
}
# Which keys each list is matched on. A list with addresses is matched by its address only (its
# name found a moved facility's old door); FindTreatment.gov's export has nothing but the name.
# The MH locator's phones find its websites (see `_websites`), never a point.
METHODS = {
    point_lists.LOCATOR_MH: ("address", "phone"),
    point_lists.LOCATOR_SU: ("address",),
    point_lists.OTP_DIRECTORY: ("address",),
    point_lists.FINDTREATMENT_SU: ("name",),
}
# A website or the OTP fact belongs to the facility, not to the building: the names must agree
# (as for any merge), or, for the OTP directory, the listing must report opioid treatment.
OTP_CODES = frozenset({"OTP", "MM", "MU", "SOTP", "METH"})
FAR_FROM_ZIP_KM = 50.0
# The OTP fact as a service code, so it is filtered, shared in links and exported like the rest.
OTP_DIRECTORY_CODE = "OTPD"
DERIVED_CODES = pd.DataFrame(
    [
        {
            "category_code": "OTPDIR",
            "category_name": "SAMHSA Opioid Treatment Program Directory",
            "service_code": OTP_DIRECTORY_CODE,
            "service_name": "Listed in SAMHSA's OTP directory (2021)",
            "service_description": (
                "The listing matched a program of SAMHSA's Opioid Treatment Program Directory "
                "(certified or provisionally certified, about 2021) by address. Derived by this "
                "project; a program missing from it is not thereby uncertified."
            ),
        }
    ]
)


def add_point_facts(
    table: pd.DataFrame,
    loads: dict[str, SourceLoad],
    centre_of: dict[str, tuple[float, float]],
    osm_as_of: str,
    osm_at_official: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    table = table.copy()
    before = {
        "precision": dict(Counter(table["precision"]).most_common()),
        "stacks": stack_summary(table),
    }
    centres = pm.zip_centres(table, centre_of)
    lists = [
        pm.PointList(
            key,
            load.as_of or "",
            RANK[key],
            point_lists.frame_of(load),
            METHODS.get(key, pm.METHODS),
        )
        for key, load in loads.items()
    ]
    held = _held(table, osm_as_of, osm_at_official)
    keys = pm.listing_keys(table)
    found = pd.concat(
        [pm.candidates(table, centres, points, keys) for points in lists] + [held],
        ignore_index=True,
    )
    chosen, disagree = pm.choose(found[found.method.isin(("official", *pm.POINT_METHODS))])
    official = table.loc[table.precision == "exact", ["id", "lat", "lon"]]
    table = _move(table, chosen)
    table = _websites(table, found, {p.key: p.frame for p in lists})
    table = _otp(table, found, {p.key: p.frame for p in lists})
    measured = found[found.method != "official"]
    report = {
        "before": before,
        "after": {
            "precision": dict(Counter(table["precision"]).most_common()),
            "stacks": stack_summary(table),
        },
        "candidates_by_source_and_method": _counts(measured, ["source", "method"]),
        "chosen_by_source_and_method": _counts(chosen, ["source", "method"]),
        "error_vs_dhcs_by_source": pm.error_against(measured, official, "source"),
        "error_vs_dhcs_by_method": pm.error_against(measured, official, "method"),
        "error_vs_dhcs_by_source_and_method": pm.error_against(
            measured.assign(pair=measured.source + "/" + measured.method), official, "pair"
        ),
        "disagreements_over_250_m": _disagreements(disagree, table),
        "far_from_zip_centre": _far(table, centre_of),
        "street_or_exact_by_state": _by_state(table),
        "websites": int((table.website != "").sum()),
        "otp_directory_listings": int(table.otp_directory.sum()),
    }
    return table, report


def _held(
    table: pd.DataFrame, osm_as_of: str, osm_at_official: pd.DataFrame | None
) -> pd.DataFrame:
    """The points listings already have from the build: official (DHCS) and OSM address points
    (with the OSM points of officially placed listings, which are only measured)."""
    exact = table[table.precision == "exact"]
    osm = table[(table.precision == "street") & (table.point_source == "osm_address_points")]
    if osm_at_official is not None:
        osm = pd.concat([osm[["id", "lat", "lon"]], osm_at_official], ignore_index=True)
    frames = [
        exact.assign(
            method="official", source=exact.point_source, as_of=exact.licence_as_of, rank=-1
        ),
        osm.assign(
            method="address",
            source="osm_address_points",
            as_of=osm_as_of,
            rank=RANK["osm_address_points"],
        ),
    ]
    columns = ["id", "lat", "lon", "method", "source", "as_of", "rank"]
    return pd.concat([f[columns] for f in frames], ignore_index=True).assign(row=0)


def _move(table: pd.DataFrame, chosen: pd.DataFrame) -> pd.DataFrame:
    """Each listing at its chosen point (official points stay as they are)."""
    table["point_as_of"] = ""
    table["point_match"] = ""
    by_id = chosen.set_index("id")
    rows = table.id.isin(by_id.index)
    pick = by_id.reindex(table.id[rows])
    table.loc[rows, "lat"] = pick.lat.to_numpy(dtype=float)
    table.loc[rows, "lon"] = pick.lon.to_numpy(dtype=float)
    moved = rows & (table.precision != "exact")
    table.loc[moved, "precision"] = "street"
    table.loc[rows, "point_source"] = pick.source.to_numpy()
    table.loc[rows, "point_as_of"] = pick.as_of.fillna("").to_numpy()
    table.loc[rows, "point_match"] = pick.method.to_numpy()
    return table


def _agreeing(table: pd.DataFrame, pairs: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """The pairs whose listing and point names agree (rapidfuzz, as any merge)."""
    listing = dict(zip(table.id, table[["name", "name1"]].to_dict("records"), strict=True))
    point = dict(zip(frame.row, frame[["name", "name1"]].to_dict("records"), strict=True))
    scores = [
        name_agreement(listing[i], point[r]) for i, r in zip(pairs.id, pairs.row, strict=True)
    ]
    return pairs.assign(score=scores)


def _websites(
    table: pd.DataFrame, found: pd.DataFrame, frames: dict[str, pd.DataFrame]
) -> pd.DataFrame:
    table["website"] = ""
    table["website_source"] = ""
    key = point_lists.LOCATOR_MH
    pairs = found[(found.source == key) & found.method.isin(["address", "phone"])]
    with_site = frames[key].loc[frames[key].website != "", ["row", "website"]]
    pairs = pairs.merge(with_site, on="row")
    pairs = _agreeing(table, pairs, frames[key])
    pairs = pairs[pairs.score >= 60].sort_values(["id", "score"], ascending=[True, False])
    site = pairs.drop_duplicates("id").set_index("id").website
    rows = table.id.isin(site.index)
    table.loc[rows, "website"] = site.reindex(table.id[rows]).to_numpy()
    table.loc[rows, "website_source"] = key
    return table


def _otp(table: pd.DataFrame, found: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    key = point_lists.OTP_DIRECTORY
    pairs = _agreeing(table, found[found.source == key], frames[key])
    reports_otp = table.set_index("id").services.map(lambda codes: bool(OTP_CODES & set(codes)))
    ok = (pairs.score >= 60) | pairs.id.map(reports_otp).fillna(False).astype(bool)
    table["otp_directory"] = table.id.isin(pairs.id[ok])
    table.loc[table.otp_directory, "services"] = table.loc[table.otp_directory, "services"].map(
        lambda codes: [*codes, OTP_DIRECTORY_CODE]
    )
    return table


def _counts(frame: pd.DataFrame, by: list[str]) -> dict[str, int]:
    counts = frame.groupby(by).size()
    return {"/".join(map(str, key)): int(n) for key, n in zip(counts.index, counts, strict=True)}


def _disagreements(disagree: pd.DataFrame, table: pd.DataFrame) -> dict[str, Any]:
    """Candidates more than 250 m from the kept point: how many, by pair of sources, examples."""
    names = table.set_index("id").name
    pairs = disagree.best_source + " kept over " + disagree.source
    lines = disagree.assign(name=disagree.id.map(names), km=disagree.km.round(2))
    columns = ["id", "name", "best_source", "best_method", "source", "method", "km"]
    return {
        "count": len(disagree),
        "listings": int(disagree.id.nunique()),
        "official_point_kept": int((disagree.best_method == "official").sum()),
        "by_pair": dict(Counter(pairs).most_common()),
        "lines": lines.sort_values(["id", "source"])[columns].to_dict("records"),
    }


def _far(table: pd.DataFrame, centre_of: dict[str, tuple[float, float]]) -> list[dict[str, Any]]:
    """Listings drawn more than 50 km from their ZIP centre, each with why."""
    centre = table.zip.map(centre_of)
    ok = centre.notna()
    lat = centre[ok].map(lambda c: c[0])
    lon = centre[ok].map(lambda c: c[1])
    km = pd.Series(np.nan, index=table.index)
    km[ok] = haversine_km(table.lat[ok], table.lon[ok], lat, lon)
    far = table.assign(km=km)[km > FAR_FROM_ZIP_KM]
    return [
        {
            "id": row["id"],
            "zip": row["zip"],
            "km": round(float(row["km"]), 1),
            "why": f"{row['precision']} point from {row['point_source']}"
            + (" (official: never moved)" if row["precision"] == "exact" else ""),
        }
        for row in far[["id", "zip", "km", "precision", "point_source"]].to_dict("records")
    ]


def _by_state(table: pd.DataFrame) -> dict[str, dict[str, float | int]]:
    good = table.precision.isin(["exact", "street"])
    grouped = good.groupby(table.state)
    return {
        str(state): {"listings": len(g), "street_or_exact": round(float(g.mean()), 3)}
        for state, g in grouped
    }
