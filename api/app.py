"""The HTTP face: HSDS 3.0's paths as Starlette routes, mounted at /api by asgi.py.

Read-only (other methods get 405), CORS for GET from any origin without credentials, an ETag and
Cache-Control tied to the build, and JSON for every error. Nothing here logs a request: the query
string holds a searched place.
"""

import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import directory, objects, params, results, spec
from api.directory import Directory
from api.params import ParameterError, Place

log = logging.getLogger("clinic_finder.api")
METHODS = ("GET", "HEAD", "OPTIONS")
ALLOW = ", ".join(METHODS)
JSON_TYPE = "application/json"
# Clients may keep an answer this long; the ETag then makes asking again cheap (304).
CACHE_CONTROL = "public, max-age=300"
CORS = {
    "access-control-allow-origin": "*",
    "access-control-expose-headers": "ETag, Retry-After",
}
PREFLIGHT = {
    "access-control-allow-methods": ALLOW,
    "access-control-allow-headers": "Accept, If-None-Match",
    "access-control-max-age": "86400",
    "allow": ALLOW,
}
Handler = Callable[[Request, Directory], Response]


def error(
    status: int, loc: list[str], message: str, kind: str, headers: dict[str, str] | None = None
) -> Response:
    body = {"detail": [{"loc": loc, "msg": message, "type": kind}]}
    return Response(objects.encode(body), status, headers, JSON_TYPE)


def endpoint(handler: Handler) -> Callable[[Request], Response]:
    """A handler with the API's manners: OPTIONS, ETag/304, parameter errors as JSON."""

    def respond(request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers=PREFLIGHT)
        d = directory.get()
        etag = f'W/"{d.tag}"'
        cached = {"etag": etag, "cache-control": CACHE_CONTROL}
        if etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=cached)
        try:
            response = handler(request, d)
        except ParameterError as problem:
            return Response(objects.encode(problem.body()), problem.status, media_type=JSON_TYPE)
        if response.status_code == 200:
            response.headers.update(cached)
        return response

    respond.__name__ = handler.__name__
    return respond


def _json(body: Any) -> Response:
    return Response(objects.encode(body), media_type=JSON_TYPE)


def root(request: Request, d: Directory) -> Response:
    base = f"{request.url.scheme}://{request.url.netloc}{request.scope.get('root_path', '')}"
    return _json(
        {
            "version": spec.HSDS_VERSION,
            "profile": spec.PROFILE,
            "openapi_url": f"{base}/openapi.json",
        }
    )


_SPEC: list[bytes] = []


def openapi(request: Request, d: Directory) -> Response:
    if not _SPEC:
        _SPEC.append(objects.encode(spec.served()))
    return Response(_SPEC[0], media_type=JSON_TYPE)


def _page(
    request: Request, rows: Sequence[int] | np.ndarray, make: Callable[[int], bytes], fmt: str
) -> Response:
    """The spec's Page of `rows` (each made into its item by `make` only when shown), or every
    item as NDJSON (streamed, no paging)."""
    q = request.query_params
    page = params.integer(q, "page", 1, 1)
    per_page = params.integer(q, "per_page", spec.DEFAULT_PER_PAGE, 1, spec.MAX_PER_PAGE)
    if fmt == "ndjson":
        return StreamingResponse(_lines(rows, make), media_type=spec.NDJSON)
    total = len(rows)
    pages = -(-total // per_page)
    if page > max(pages, 1):
        raise ParameterError(
            "page",
            f"past the last page ({max(pages, 1)} of {per_page} a page)",
            status=400,
            kind="past_the_end",
        )
    shown = [make(int(row)) for row in rows[(page - 1) * per_page : page * per_page]]
    head = objects.encode(
        {
            "total_items": total,
            "total_pages": pages,
            "page_number": page,
            "size": len(shown),
            "first_page": page == 1,
            "last_page": page >= pages,
            "empty": total == 0,
        }
    )
    body = head[:-1] + b',"contents":[' + b",".join(shown) + b"]}"
    return Response(body, media_type=JSON_TYPE)


def _lines(
    rows: Sequence[int] | np.ndarray, make: Callable[[int], bytes], batch: int = 200
) -> Iterator[bytes]:
    for start in range(0, len(rows), batch):
        yield b"".join(make(int(row)) + b"\n" for row in rows[start : start + batch])


def _fmt(request: Request) -> str:
    return params.choice(request.query_params, "format", ("json", "ndjson"), "json")


def _place(request: Request, d: Directory) -> Place | None:
    """The point a search is measured from: a postcode's centre, or (extension) lat and lon."""
    q = request.query_params
    code = params.postcode(q)
    radius = params.proximity_mi(q)
    lat, lon = params.coordinate(q, "lat", 90), params.coordinate(q, "lon", 180)
    if code is not None and (lat is not None or lon is not None):
        raise ParameterError(
            "lat", "give a postcode or lat and lon, not both", 400, kind="conflict"
        )
    if (lat is None) != (lon is None):
        missing = "lon" if lon is None else "lat"
        raise ParameterError(missing, "lat and lon go together", 400, kind="missing")
    if code is not None:
        centre = d.gazetteer.zip(code)  # the ZIP centre the page and the command line use
        if centre is None:
            raise ParameterError(
                "postcode",
                f"ZIP code {code} is not in the offline ZIP list",
                400,
                kind="unknown_postcode",
            )
        return Place(centre.lat, centre.lon, radius)
    if lat is not None and lon is not None:
        return Place(lat, lon, radius)
    if radius is not None:
        raise ParameterError(
            "proximity", "needs a postcode (or lat and lon) to measure from", 400, kind="missing"
        )
    return None


def _wanted(request: Request, d: Directory, place: Place | None = None) -> results.Wanted:
    q = request.query_params
    organization = params.text(q, "organization_id")
    row = None
    if organization is not None:
        row = d.ids["organization"].get(organization)
        if row is None:
            raise ParameterError(
                "organization_id", f"no organization {organization[:40]!r}", 400, kind="unknown_id"
            )
    return results.Wanted(
        place=place,
        codes=results.codes_of(d, params.text(q, "taxonomy_term_id")),
        search=params.text(q, "search"),
        organization_row=row,
        taxonomy=_taxonomy_name(d, params.text(q, "taxonomy_id")),
        modified_after=params.modified_after(q),
    )


def _taxonomy_name(d: Directory, taxonomy_id: str | None) -> str | None:
    if taxonomy_id is None:
        return None
    found = d.taxonomies.get(taxonomy_id)
    if found is None:
        raise ParameterError(
            "taxonomy_id", f"no taxonomy {taxonomy_id[:40]!r}", 400, kind="unknown_id"
        )
    return str(found["name"])


def service_at_locations(request: Request, d: Directory) -> Response:
    fmt, full = _fmt(request), params.boolean(request.query_params, "full")
    rows = results.rows(d, _wanted(request, d, _place(request, d)))
    if full:
        return _page(
            request, rows, lambda r: objects.encode(objects.service_at_location(d, r)), fmt
        )
    return _page(request, rows, lambda r: objects.item(d, "service_at_location", r), fmt)


def services(request: Request, d: Directory) -> Response:
    q = request.query_params
    fmt, full, minimal = _fmt(request), params.boolean(q, "full"), params.boolean(q, "minimal")
    rows = results.rows(d, _wanted(request, d))
    if minimal:
        return _page(request, rows, lambda r: objects.encode(objects.minimal_service(d, r)), fmt)
    if full:
        return _page(request, rows, lambda r: objects.encode(objects.service(d, r)), fmt)
    return _page(request, rows, lambda r: objects.item(d, "service", r), fmt)


def organizations(request: Request, d: Directory) -> Response:
    q = request.query_params
    fmt, full = _fmt(request), params.boolean(q, "full")
    full_service = params.boolean(q, "full_service")
    rows = results.rows(d, results.Wanted(search=params.text(q, "search")))
    if full or full_service:
        return _page(
            request, rows, lambda r: objects.encode(objects.organization(d, r, full_service)), fmt
        )
    return _page(request, rows, lambda r: objects.item(d, "organization", r), fmt)


def _matching(search: str | None, objs: list[dict[str, Any]], fields: tuple[str, ...]) -> list[int]:
    words = (search or "").lower().split()
    text = [" ".join(str(o.get(f, "")) for f in fields).lower() for o in objs]
    return [i for i, t in enumerate(text) if all(w in t for w in words)]


def taxonomies(request: Request, d: Directory) -> Response:
    q = request.query_params
    fmt, search = _fmt(request), params.text(q, "search")
    objs = list(d.taxonomies.values())
    encoded = [objects.encode(o) for o in objs]
    rows = _matching(search, objs, ("name", "description"))
    return _page(request, rows, encoded.__getitem__, fmt)


def taxonomy_terms(request: Request, d: Directory) -> Response:
    q = request.query_params
    fmt, search = _fmt(request), params.text(q, "search")
    taxonomy = _taxonomy_name(d, params.text(q, "taxonomy_id"))
    params.boolean(q, "top_only")  # every term is a top one: the dictionaries are flat
    parent = params.text(q, "parent_id")
    if parent is not None and parent not in d.term_codes:
        raise ParameterError(
            "parent_id", f"no taxonomy term {parent[:40]!r}", 400, kind="unknown_id"
        )
    objs = [t for t in d.terms.values() if taxonomy is None or t["taxonomy"] == taxonomy]
    objs = [] if parent is not None else objs  # no term has children
    encoded = [objects.encode(o) for o in objs]
    rows = _matching(search, objs, ("code", "name", "description"))
    return _page(request, rows, encoded.__getitem__, fmt)


def _row(request: Request, d: Directory, kind: str) -> int:
    key = request.path_params["id"]
    row = d.ids[kind].get(key)
    if row is None:
        raise HTTPException(404, f"no {kind} with id {params.shown(key)}")
    return row


def service_at_location(request: Request, d: Directory) -> Response:
    return _json(objects.service_at_location(d, _row(request, d, "service_at_location")))


def service(request: Request, d: Directory) -> Response:
    return _json(objects.service(d, _row(request, d, "service")))


def organization(request: Request, d: Directory) -> Response:
    full_service = params.boolean(request.query_params, "full_service")
    return _json(objects.organization(d, _row(request, d, "organization"), full_service))


def taxonomy(request: Request, d: Directory) -> Response:
    found = d.taxonomies.get(request.path_params["id"])
    if found is None:
        raise HTTPException(404, f"no taxonomy with id {params.shown(request.path_params['id'])}")
    return _json(found)


def taxonomy_term(request: Request, d: Directory) -> Response:
    code = d.term_codes.get(request.path_params["id"])
    if code is None:
        raise HTTPException(
            404, f"no taxonomy term with id {params.shown(request.path_params['id'])}"
        )
    return _json(d.terms[code])


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own 404 and 405 (and ours), as JSON."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        return error(405, ["method"], f"read-only: {ALLOW}", "method_not_allowed", {"allow": ALLOW})
    where = ["path", "id"] if "id" in request.path_params else ["path"]
    return error(exc.status_code, where, str(exc.detail), "not_found")


async def server_error(request: Request, exc: Exception) -> Response:
    """A bug answers 500 in JSON; the log names the path and the error's type, never the query."""
    log.error("API error on %s: %s", request.url.path, type(exc).__name__)
    return error(500, [], "internal error", "server_error")


class Cors:
    """CORS headers on every answer, errors included (GET from any origin, no credentials)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    *((k.encode(), v.encode()) for k, v in CORS.items()),
                ]
            await send(message)

        await self.app(scope, receive, with_cors if scope["type"] == "http" else send)


ROUTES: dict[str, Handler] = {
    "/": root,
    "/openapi.json": openapi,
    "/services": services,
    "/services/{id}": service,
    "/service_at_locations": service_at_locations,
    "/service_at_locations/{id}": service_at_location,
    "/organizations": organizations,
    "/organizations/{id}": organization,
    "/taxonomies": taxonomies,
    "/taxonomies/{id}": taxonomy,
    "/taxonomy_terms": taxonomy_terms,
    "/taxonomy_terms/{id}": taxonomy_term,
}


class Mounted:
    """ASGI middleware: requests under `prefix` go to the API, the rest to the app it wraps.

    Given to st.App as middleware rather than as a route: a Starlette Mount's pattern does not
    match a path holding a newline (/api/services/%0A), which then reached Streamlit's own
    text/plain 404; and the API needs neither Streamlit's session cookie nor its path checks,
    which guard file serving (the API serves no files).
    """

    def __init__(self, app: ASGIApp, prefix: str = "/api") -> None:
        self.app, self.prefix, self.api = app, prefix, create()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and (path == self.prefix or path.startswith(self.prefix + "/")):
            root = scope.get("root_path", "") + self.prefix
            inner = {
                **scope,
                "root_path": root,
                "path": path if path != self.prefix else root + "/",
            }
            await self.api(inner, receive, send)
            return
        await self.app(scope, receive, send)


def create() -> ASGIApp:
    """The API as one ASGI app, its paths relative to where it is mounted (root_path)."""
    app = Starlette(
        routes=[
            Route(path, endpoint(handler), methods=list(METHODS))
            for path, handler in ROUTES.items()
        ],
        exception_handlers={HTTPException: http_error, Exception: server_error},
    )
    return Cors(GZipMiddleware(app, minimum_size=1000))
