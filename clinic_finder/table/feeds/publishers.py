"""A publisher to read: from `build --hsds SOURCE` or the data folder's `publishers.toml`, declared
in the source registry as a `feed`, and read into what the build takes (`registry.Read`).

`publishers.toml` (optional; `make data` and `make run` read it from the data folder):

    [[publisher]]
    key = "slco_bh"                       # letters, digits, _ ; the listing's `source`
    source = "https://example.org/hsds"   # HSDS API base URL, or a file/folder in the data folder
    title = "Salt Lake County Behavioral Health directory"
    publisher = "Salt Lake County"
    licence = "CC BY 4.0"
    attribution = "Salt Lake County, Behavioral Health directory (CC BY 4.0)."
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from clinic_finder.errors import ConfigurationError
from clinic_finder.table.feeds import api, files
from clinic_finder.table.feeds.http import FeedError, Fetcher, Limits
from clinic_finder.table.feeds.mapping import FIELD_MAP, map_objects
from clinic_finder.table.records import SourceLoad
from clinic_finder.table.services import DICTIONARY_COLUMNS
from clinic_finder.table.sources import registry

PUBLISHERS_FILE = "publishers.toml"
# About the data says it of every publisher (the registry's `scope`): what is read, and how.
SCOPE = (
    "an Open Referral HSDS 3.0 publisher's services at their locations, read as: the service's "
    "name, alternate name and organisation; its phones with extensions; the physical address; "
    "the publisher's own point (shown as the publisher's point); services inactive or defunct "
    "not listed (counted); SAMHSA codes and this project's exported terms as those services, "
    "other terms as the publisher's own categories, under its name; licences and "
    "accreditations as published; the as-of date from last_modified or the newest metadata"
)
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


@dataclass(frozen=True)
class Feed:
    key: str
    source: str  # URL, file or folder
    title: str = ""
    publisher: str = ""
    licence: str = ""
    attribution: str = ""

    @property
    def is_url(self) -> bool:
        return self.source.startswith(("http://", "https://"))

    def as_report(self) -> dict[str, str]:
        return {
            "title": self.title or self.key,
            "publisher": self.publisher,
            "licence": self.licence or "as its publisher states",
            "attribution": self.attribution or f"Source: {self.title or self.key}.",
            "url": self.source if self.is_url else "",
            "scope": SCOPE,
        }

    def registered(self) -> registry.Source:
        source = registry._feed_from_report(self.key, self.as_report())
        registry.register(source)
        return source


def from_argument(text: str) -> Feed:
    """`--hsds SOURCE` or `--hsds KEY=SOURCE`: a key made from the host or file name."""
    key, _, where = text.partition("=") if re.match(r"^[a-z][a-z0-9_]*=", text) else ("", "", text)
    if not key:
        parts = urlsplit(where)
        stem = parts.hostname or Path(where).stem or "feed"
        key = "hsds_" + re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_")[:30]
    return Feed(key=key, source=where, title=f"HSDS publisher {where}", publisher=where)


def from_file(data_dir: Path) -> list[Feed]:
    """The data folder's publishers (none when there is no publishers.toml)."""
    path = data_dir / PUBLISHERS_FILE
    if not path.is_file():
        return []
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("publisher", [])
    except (OSError, ValueError) as error:
        raise ConfigurationError(f"{path}: {error}") from error
    feeds = []
    for entry in entries:
        feed = Feed(**{k: str(v) for k, v in entry.items() if k in Feed.__dataclass_fields__})
        if not _KEY.match(feed.key) or not feed.source:
            raise ConfigurationError(
                f"{path}: publisher needs a key (a-z, 0-9, _) and a source: {entry!r}"
            )
        if not feed.is_url and not Path(feed.source).is_absolute():
            feed = replace(feed, source=str(data_dir / feed.source))
        feeds.append(feed)
    return feeds


def objects(feed: Feed, fetcher: Fetcher) -> Iterator[Any]:
    """Every object the publisher serves, one at a time (FeedError midway stops the build)."""
    if feed.is_url:
        return api.walk(feed.source, fetcher)
    path = Path(feed.source)
    if path.is_dir():
        return files.read_tabular(path, fetcher.limits)
    if path.is_file():
        return files.read_file(path, fetcher.limits)
    raise FeedError(path, "no such file or folder, and not an http(s) URL")


def read(feed: Feed, fetcher: Fetcher | None = None, today: date | None = None) -> registry.Read:
    """The feed read, checked and mapped: a SourceLoad (kept, quarantined with reasons) and a
    dictionary of the publisher's own categories."""
    fetcher = fetcher or Fetcher(Limits())
    fetched = (today or date.today()).isoformat()
    counted = [0]

    def counting() -> Iterator[Any]:
        for obj in objects(feed, fetcher):
            counted[0] += 1
            yield obj

    mapped = map_objects(counting(), feed.key, fetched, fetcher.limits.max_text)
    rows = len(mapped.records) + len(mapped.quarantined) + len(mapped.not_listed)
    load = SourceLoad(feed.key, feed.source, None, rows)
    for n, reason, name in mapped.quarantined + mapped.not_listed:
        load.quarantine(n, reason, name)
    load.records = mapped.records
    for record in load.records:
        record.pop("_row", None)
    dates = sorted({r["as_of"] for r in load.records if r["as_of"]})
    load.as_of = dates[-1] if dates else fetched
    load.notes.update(
        kind="hsds_feed",
        objects_read=counted[0],
        services_at_locations=len(load.records),
        not_listed=len(mapped.not_listed),
        text_with_markup_kept_escaped=mapped.with_markup,
        requests=fetcher.requests_made,
        bytes=fetcher.bytes_read,
        limits=fetcher.limits.as_report(),
        field_map=FIELD_MAP,
        publisher_categories=len(mapped.categories),
        licences_as_published=mapped.licences_text,
        accreditations_as_published=mapped.accreditations,
    )
    category = feed.key.upper()
    dictionary = pd.DataFrame(
        [
            (
                category,
                f"{feed.title or feed.key}: the publisher's categories",
                c.code,
                c.name,
                c.description,
            )
            for c in mapped.categories.values()
        ],
        columns=list(DICTIONARY_COLUMNS),
    )
    return registry.Read(load, dictionary)
