"""Publishers' own facility points matched to listings: by address, phone, then name and distance.

Each point list (SAMHSA's locator, its OTP directory, FindTreatment.gov) is joined to the listings
on plain keys, all in pandas: the street key (ZIP + house number + first street word), the phone,
the normalised name. A candidate must lie within `ZIP_SCREEN_KM` of the listing's ZIP centre; a
key that leads to points more than `AGREE_KM` apart is ambiguous and gives nothing. Across lists,
the best method and source (ranked by their measured error against DHCS's official points) sets
the point, and the newest point that agrees with it within `AGREE_KM` is the one kept; points that
disagree by more are reported. Official (DHCS, `exact`) points are never moved; street-withheld
listings are never matched (their street is confidential).
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from clinic_finder.geocode.address_points import ZIP_SCREEN_KM
from clinic_finder.geocode.geometry import haversine_km

AGREE_KM = 0.25
# Matching order, measured against DHCS's official points in California (build report,
# `point_matching.error_vs_dhcs_by_source_and_method`): the street key p50 33 m / p90 110 m
# (SAMHSA's SU locator, n = 576); a unique name near the ZIP p50 34 m / p90 143 m (FindTreatment,
# n = 226) but p90 828 m from the locator (a facility that moved keeps its name); the phone p50
# 80 m / p90 13 km (one organisation's main line): a phone finds a website, never a point.
METHODS = ("address", "name", "phone")
POINT_METHODS = ("address", "name")
_DIRECTION = r"(?:N|S|E|W|NE|NW|SE|SW|NORTH|SOUTH|EAST|WEST)"
_STREET = rf"^\s*(\d+)[A-Z]?\s+(?:{_DIRECTION}\s+)?([A-Z0-9]+)"
_ORDINALS = dict(
    zip(
        "FIRST SECOND THIRD FOURTH FIFTH SIXTH SEVENTH EIGHTH NINTH TENTH".split(),
        "1ST 2ND 3RD 4TH 5TH 6TH 7TH 8TH 9TH 10TH".split(),
        strict=True,
    )
)


@dataclass(frozen=True)
class PointList:
    """One publisher's points (`point_lists.frame_of`), its as-of date and its measured rank
    (0 best): which list wins when two disagree."""

    key: str
    as_of: str
    rank: int
    frame: pd.DataFrame
    methods: tuple[str, ...] = METHODS


def street_keys(street: pd.Series, zip_code: pd.Series) -> pd.Series:
    """'06708|60|WESTWOOD' for '60 Westwood Avenue' in 06708; missing without a house number."""
    upper = street.fillna("").astype(str).str.upper().str.replace(r"[^A-Z0-9 ]", " ", regex=True)
    parts = upper.str.extract(_STREET)
    word = parts[1].replace(_ORDINALS)
    key = zip_code.astype(str) + "|" + parts[0].str.lstrip("0") + "|" + word
    return key.where(parts[0].notna() & zip_code.astype(str).str.fullmatch(r"\d{5}"))


def name_keys(name: pd.Series) -> pd.Series:
    """Names compared without case, punctuation or '&'/'and' differences."""
    text = name.fillna("").astype(str).str.casefold().str.replace("&", " and ", regex=False)
    text = text.str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip()
    return text.where(text.str.len() > 0)


def phone_keys(phones: pd.Series) -> pd.Series:
    """Ten digits, one row per phone (the index repeats for a record with several)."""
    digits = phones.explode().fillna("").astype(str).str.replace(r"\D", "", regex=True).str[:10]
    return digits.where(digits.str.len() == 10)


def listing_keys(listings: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Method → (id, key) rows for every listing that may be matched (not withheld, not exact)."""
    open_ = listings[~listings["street_withheld"].astype(bool)]
    phones = pd.concat([open_["phone"], open_["intake_phones"].explode()])
    names = pd.concat([name_keys(open_["name"]), name_keys(open_["name1"])])
    keyed = {
        "address": pd.DataFrame(
            {"id": open_["id"], "key": street_keys(open_["street"], open_["zip"])}
        ),
        "phone": pd.DataFrame({"id": open_["id"].reindex(phone_keys(phones).index)}),
        "name": pd.DataFrame({"id": pd.concat([open_["id"], open_["id"]]), "key": names}),
    }
    keyed["phone"]["key"] = phone_keys(phones)
    return {m: f.dropna().drop_duplicates() for m, f in keyed.items()}


def point_keys(points: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Method → (row, key) rows of one point list (a list without phones gives no phone keys)."""
    names = pd.concat([name_keys(points["name"]), name_keys(points["name1"])])
    phones = phone_keys(points["phones"])
    keyed = {
        "address": pd.DataFrame(
            {"row": points["row"], "key": street_keys(points["street"], points["zip"])}
        ),
        "phone": pd.DataFrame({"row": points["row"].reindex(phones.index), "key": phones}),
        "name": pd.DataFrame({"row": pd.concat([points["row"], points["row"]]), "key": names}),
    }
    return {m: f.dropna().drop_duplicates() for m, f in keyed.items()}


def candidates(
    listings: pd.DataFrame,
    centres: pd.DataFrame,
    points: PointList,
    mine: dict[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """(id, source, method, row, lat, lon, as_of, rank) for every listing a key finds in the
    list, near the listing's ZIP centre and unambiguous (one place per listing and method).

    `mine` is `listing_keys(listings)`, when the caller matches several lists."""
    mine = listing_keys(listings) if mine is None else mine
    theirs = point_keys(points.frame)
    located = points.frame[["row", "lat", "lon"]]
    found = []
    for method in points.methods:
        pairs = mine[method].merge(theirs[method], on="key").drop(columns="key")
        pairs = pairs.drop_duplicates().merge(located, on="row").merge(centres, on="id")
        pairs = pairs[
            haversine_km(pairs.lat, pairs.lon, pairs.zip_lat, pairs.zip_lon) <= ZIP_SCREEN_KM
        ]
        pairs = _one_place(pairs, "id")
        if method == "name":  # a name shared by two listings at two places is no answer
            pairs = _one_place(pairs.merge(_sites(listings), on="id"), "row", "site")
        found.append(pairs.assign(method=method)[["id", "row", "lat", "lon", "method"]])
    out = pd.concat(found, ignore_index=True)
    return out.assign(source=points.key, as_of=points.as_of, rank=points.rank)


def _one_place(pairs: pd.DataFrame, by: str, other: str | None = None) -> pd.DataFrame:
    """Keep groups (by `by`) whose points, or whose `other` values, all agree; first row each."""
    if pairs.empty:
        return pairs
    if other is not None:
        agreed = pairs.groupby(by)[other].transform("nunique") == 1
        return pairs[agreed].drop(columns=other)
    first = pairs.groupby(by)[["lat", "lon"]].transform("first")
    spread = haversine_km(pairs.lat, pairs.lon, first.lat, first.lon)
    agreed = pd.Series(spread, index=pairs.index).groupby(pairs[by]).transform("max") <= AGREE_KM
    return pairs[agreed].drop_duplicates(by)


def _sites(listings: pd.DataFrame) -> pd.DataFrame:
    """A listing's site: its street key (listed twins share one), else its own id."""
    keys = street_keys(listings["street"], listings["zip"]).fillna(listings["id"])
    return pd.DataFrame({"id": listings["id"], "site": keys})


def zip_centres(listings: pd.DataFrame, centre_of: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """(id, zip_lat, zip_lon) for listings whose ZIP has a centre (the screen needs one)."""
    found = listings["zip"].map(centre_of)
    ok = found.notna()
    lat_lon = pd.DataFrame(
        found[ok].tolist(), columns=["zip_lat", "zip_lon"], index=found[ok].index
    )
    return pd.concat([listings.loc[ok, ["id"]], lat_lon], axis=1)


def choose(found: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One point per listing, and every candidate that disagrees with it by more than AGREE_KM.

    The best candidate (method order, then the list's measured rank; an official point first of
    all, rank -1) sets the place; of the candidates within AGREE_KM of it, the newest is kept."""
    if found.empty:
        empty = found.assign(km=0.0, best_source="", best_method="")
        return empty, empty
    order = found["method"].map({m: i for i, m in enumerate(("official", *METHODS))})
    ranked = found.assign(order=order).sort_values(["id", "order", "rank"], kind="stable")
    best = ranked.groupby("id")[["lat", "lon", "source", "method"]].transform("first")
    km = haversine_km(ranked.lat, ranked.lon, best.lat, best.lon)
    ranked = ranked.assign(km=km, best_source=best.source, best_method=best.method)
    agree = ranked[ranked.km <= AGREE_KM]
    official = agree.groupby("id")["method"].transform("first") == "official"
    newest = agree.sort_values(["id", "as_of", "order"], ascending=[True, False, True])
    chosen = newest[~official.reindex(newest.index)].drop_duplicates("id")
    chosen = pd.concat([chosen, agree[official & (agree.method == "official")]])
    disagree = ranked[ranked.km > AGREE_KM]
    return chosen.drop(columns="order"), disagree.drop(columns="order")


def error_against(
    found: pd.DataFrame, official: pd.DataFrame, by: str
) -> dict[str, dict[str, float | int]]:
    """Each list's (or method's) distance to the official point: n, p50 and p90 in metres."""
    pairs = found.merge(official, on="id", suffixes=("", "_official"))
    metres = haversine_km(pairs.lat, pairs.lon, pairs.lat_official, pairs.lon_official) * 1000
    out = {}
    for value, group in pd.Series(metres, index=pairs.index).groupby(pairs[by]):
        out[str(value)] = {
            "n": len(group),
            "p50_m": round(float(np.percentile(group, 50))),
            "p90_m": round(float(np.percentile(group, 90))),
            "within_250_m": round(float((group <= 250).mean()), 3),
        }
    return out
