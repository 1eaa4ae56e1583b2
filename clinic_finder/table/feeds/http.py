"""Reading a publisher over HTTP, politely and with limits: one `requests` session with urllib3's
`Retry` (back-off, Retry-After), connect/read timeouts, a total deadline per answer (a server that
trickles), a byte cap, and a minimum pause between requests. The clock and sleep are injectable."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from clinic_finder.errors import SourceError

USER_AGENT = "clinic-finder HSDS reader (+https://openreferral.org/)"


class FeedError(SourceError):
    """A publisher's feed cannot be read as a whole (the build keeps the previous table)."""


@dataclass(frozen=True)
class Limits:
    """What the reader accepts from one publisher; every limit is stated in the build report."""

    connect_timeout: float = 5.0  # seconds to open a connection
    read_timeout: float = 30.0  # seconds of silence mid-answer
    total_timeout: float = 120.0  # seconds for one whole answer (a trickling server)
    retries: int = 3  # per request, with exponential back-off (0.5 s, 1 s, 2 s …)
    backoff: float = 0.5
    min_interval: float = 0.05  # seconds between requests (20 a second at most)
    max_bytes: int = 256 * 1024 * 1024  # one answer or file
    max_objects: int = 200_000  # a feed beyond this is refused, not truncated
    max_pages: int = 10_000
    max_text: int = 10_000  # characters in any one text value; longer: the object is quarantined
    per_page: int = 100

    def as_report(self) -> dict[str, Any]:
        return dict(self.__dict__)


def session(limits: Limits) -> requests.Session:
    """A session that retries idempotent GETs on connection errors and 429/5xx, with back-off."""
    retry = Retry(
        total=limits.retries,
        connect=limits.retries,
        read=limits.retries,
        status=limits.retries,
        backoff_factor=limits.backoff,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    s = requests.Session()
    s.mount("http://", HTTPAdapter(max_retries=retry))
    s.mount("https://", HTTPAdapter(max_retries=retry))
    s.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
    return s


@dataclass
class Fetcher:
    """GETs with the limits above; counts requests and bytes for the report and the benchmark."""

    limits: Limits = field(default_factory=Limits)
    http: requests.Session | None = None
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    requests_made: int = 0
    bytes_read: int = 0
    _last: float | None = None

    def __post_init__(self) -> None:
        if self.http is None:
            self.http = session(self.limits)

    def get_bytes(self, url: str, params: dict[str, Any] | None = None) -> tuple[bytes, str]:
        """The body and its content type, or FeedError saying why not."""
        assert self.http is not None
        self._pause()
        deadline = self.clock() + self.limits.total_timeout
        timeout = (self.limits.connect_timeout, self.limits.read_timeout)
        try:
            with self.http.get(url, params=params, timeout=timeout, stream=True) as answer:
                self.requests_made += 1
                if answer.status_code >= 400:
                    raise FeedError(url, f"HTTP {answer.status_code} from the publisher")
                body = b"".join(self._chunks(answer, url, deadline))
                kind = answer.headers.get("Content-Type", "")
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as error:
            raise FeedError(url, f"no usable answer: {type(error).__name__}: {error}") from error
        self.bytes_read += len(body)
        return body, kind

    def get_json(self, url: str, params: dict[str, Any] | None = None) -> Any:
        body, kind = self.get_bytes(url, params)
        return parse_json(body, kind, url)

    def _chunks(self, answer: requests.Response, url: str, deadline: float) -> Iterator[bytes]:
        size = 0
        while True:  # read1: what has arrived, so a trickle meets the deadline between bytes
            chunk = answer.raw.read1(64 * 1024, decode_content=True)
            if not chunk:
                return
            size += len(chunk)
            if size > self.limits.max_bytes:
                raise FeedError(url, f"answer larger than {self.limits.max_bytes:,} bytes")
            if self.clock() > deadline:
                raise FeedError(
                    url, f"answer not complete within {self.limits.total_timeout:g} s (trickling)"
                )
            yield chunk

    def _pause(self) -> None:
        now = self.clock()
        if self._last is not None:
            wait = self.limits.min_interval - (now - self._last)
            if wait > 0:
                self.sleep(wait)
        self._last = self.clock()


def parse_json(body: bytes, kind: str, where: str) -> Any:
    """JSON, or FeedError when the publisher sent a web page (or anything else) instead."""
    head = body.lstrip()[:64].lower()
    if "html" in kind.lower() or head.startswith((b"<!doctype", b"<html", b"<")):
        raise FeedError(where, f"HTML where JSON was promised (Content-Type {kind!r})")
    try:
        return json.loads(body)
    except ValueError as error:
        raise FeedError(where, f"not JSON: {error}") from error
