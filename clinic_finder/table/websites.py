"""A facility's website as published, made safe to link: http(s) only, a real host, no tricks."""

import re
from urllib.parse import urlsplit

from clinic_finder.text.fields import clean

_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.I)
_PORT = re.compile(r"^[^:/]+:\d")  # "x.org:8080/": a host and a port, not a scheme
_UNSAFE = re.compile(r"[\s<>\"'`\\^{}|]")


def safe_url(value: object) -> str | None:
    """'http://www.pcc4me.com' as is; 'www.x.org' → 'http://www.x.org'; None for anything that
    is not a plain web address (javascript:, data:, mailto:, no host, spaces, quotes)."""
    text = clean(value)
    if not text or _UNSAFE.search(text):
        return None
    scheme = _SCHEME.match(text)
    if scheme and scheme.group(1).lower() not in ("http", "https") and not _PORT.match(text):
        return None  # javascript:, data:, mailto:, ftp://
    if not scheme or _PORT.match(text):
        text = f"http://{text}"  # "www.x.org" as SAMHSA often writes it
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    if parts.username or parts.password or not _HOST.match(host):
        return None
    return text


def shown_host(url: str) -> str:
    """What a person sees of the link: the site's own name ('pcc4me.com'), never other text."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")
