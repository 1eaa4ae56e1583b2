"""An HSDS 3.0 API walked page by page (`/service_at_locations?full=true`, else
`/services?full=true`), following `total_pages`; a page loop or a feed past the cap is refused."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from clinic_finder.table.feeds.http import FeedError, Fetcher

# Where a service's location is known, the service_at_location form is preferred.
ENDPOINTS = ("service_at_locations", "services")


def walk(base: str, fetcher: Fetcher) -> Iterator[dict[str, Any]]:
    """Every full object the API serves, in its order, one page at a time. A query in the URL
    (a publisher's own filter, e.g. `?postcode=84101&proximity=40000`) is kept on every page."""
    parts = urlsplit(base)
    query = dict(parse_qsl(parts.query))
    base = urlunsplit(parts._replace(query="")).rstrip("/")
    endpoint = next((e for e in ENDPOINTS if base.endswith("/" + e)), None)
    if endpoint is None:
        endpoint = _served(base, fetcher)
        base = f"{base}/{endpoint}"
    yield from _pages(base, fetcher, query)


def _served(base: str, fetcher: Fetcher) -> str:
    for endpoint in ENDPOINTS:
        try:
            fetcher.get_json(f"{base}/{endpoint}", {"page": 1, "per_page": 1, "full": "true"})
        except FeedError as error:
            if "HTTP 404" in str(error):
                continue
            raise
        return endpoint
    raise FeedError(base, f"serves none of {', '.join('/' + e for e in ENDPOINTS)}")


def _pages(url: str, fetcher: Fetcher, query: dict[str, str]) -> Iterator[dict[str, Any]]:
    limits = fetcher.limits
    seen_pages: set[str] = set()
    seen_first_ids: set[str] = set()
    page, total_pages, count = 1, 1, 0
    while page <= total_pages:
        if page > limits.max_pages:
            raise FeedError(url, f"more than {limits.max_pages:,} pages")
        asked = {**query, "page": page, "per_page": limits.per_page, "full": "true"}
        body = fetcher.get_json(url, asked)
        if not isinstance(body, dict) or not isinstance(body.get("contents"), list):
            raise FeedError(url, f"page {page} is not an HSDS Page (no `contents` list)")
        total_pages = _int(body.get("total_pages"), url, "total_pages")
        total_items = body.get("total_items")
        if isinstance(total_items, int) and total_items > limits.max_objects:
            raise FeedError(
                url,
                f"the feed holds {total_items:,} objects, over the cap of {limits.max_objects:,}",
            )
        number = body.get("page_number", page)
        digest = hashlib.sha256(json.dumps(body["contents"], sort_keys=True).encode()).hexdigest()
        first = str((body["contents"][0] or {}).get("id", "")) if body["contents"] else ""
        if number != page or digest in seen_pages or (first and first in seen_first_ids):
            raise FeedError(
                url, f"page loop: page {page} repeats an earlier page (answered {number!r})"
            )
        seen_pages.add(digest)
        if first:
            seen_first_ids.add(first)
        for obj in body["contents"]:
            count += 1
            if count > limits.max_objects:
                raise FeedError(url, f"more than {limits.max_objects:,} objects (the cap)")
            yield obj
        if not body["contents"]:
            break
        page += 1


def _int(value: Any, url: str, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise FeedError(url, f"`{name}` is not a whole number: {value!r}")
    return value
