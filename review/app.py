"""The review pages as one Starlette app, mounted at /review by asgi.py (`Mounted`).

Every route but the login form refuses without a reviewer's session: a page sends the browser
to the login form, a change (POST) is a 403. Every change carries the session's CSRF token and
comes from this origin. The cookie is HttpOnly, SameSite=Strict, Secure whenever the page was
reached over HTTPS (directly or through make serve's nginx), and scoped to /review.
"""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from clinic_finder.errors import UsageError
from clinic_finder.reports import corrections
from clinic_finder.reports.accounts import SESSION_FOR, Accounts, Login
from clinic_finder.reports.engine import Opener
from clinic_finder.reports.rules import ClientLimiter, InvalidReport
from clinic_finder.reports.store import ReportStore
from clinic_finder.settings import Settings

COOKIE = "cf_review"
LOGIN_COOKIE = "cf_review_login"  # the login form's CSRF token (double submit)
PREFIX = "/review"
NO_STORE = {"cache-control": "no-store"}
# Log-in attempts per client address per 15 minutes, per process (accounts lock after 5 wrong).
LOGIN_ATTEMPTS = 30
TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)
Page = Callable[[Request, "Review", Login], Awaitable[Response]]


class Review:
    """What the pages share: the database (opened on first use) and the listings' names."""

    def __init__(self, settings: Settings | None = None, opener: Opener | None = None):
        self.settings = settings or Settings.from_env()
        self.opener = opener or Opener(self.settings, retry_s=5.0)
        self.logins = ClientLimiter(LOGIN_ATTEMPTS, 15 * 60)
        self._listings: dict[str, dict[str, Any]] | None = None

    def engine(self) -> Engine:
        engine = self.opener.engine()
        if engine is None:
            raise Unavailable()
        return engine

    def listing(self, listing_id: str) -> dict[str, Any]:
        if self._listings is None:
            self._listings = _listings(self.settings)
        return self._listings.get(listing_id, {})


class Unavailable(Exception):
    """The database cannot be reached: the page says so (503)."""


def _listings(settings: Settings) -> dict[str, dict[str, Any]]:
    import pandas as pd

    try:
        table = pd.read_parquet(settings.clinics_table,
                                columns=["id", "name", "street", "city", "state", "zip", "phone",
                                         "source"])  # fmt: skip
    except (OSError, ValueError):
        return {}
    return {
        str(row["id"]): {str(key): value for key, value in row.items()}
        for row in table.to_dict("records")
    }


def render(request: Request, template: str, code: int = 200, **values: Any) -> HTMLResponse:
    """A page from its template (every value escaped), never kept by a cache."""
    root = request.scope.get("root_path", "")
    text = TEMPLATES.get_template(template).render(root=root, **values)
    return HTMLResponse(text, code, headers=NO_STORE)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


def _same_origin(request: Request) -> bool:
    """A change comes from this site's own page: the browser's Sec-Fetch-Site says so, or its
    Origin names this host. With Referrer-Policy no-referrer a browser sends `Origin: null` even
    from its own page, so "null" proves nothing either way (the CSRF token still must match)."""
    fetched_from = request.headers.get("sec-fetch-site")
    if fetched_from is not None:
        return fetched_from == "same-origin"
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return True
    return origin.split("://", 1)[-1] == request.headers.get("host", "")


def _client(request: Request) -> str:
    peer = request.client.host if request.client else ""
    forwarded = request.headers.get("x-forwarded-for", "")
    if peer in ("127.0.0.1", "::1") and forwarded:
        return forwarded.split(",")[-1].strip()
    return peer


def guarded(page: Page, change: bool = False) -> Callable[[Request], Awaitable[Response]]:
    """A page only for a logged-in reviewer; a change also needs the CSRF token and origin."""

    async def respond(request: Request) -> Response:
        review: Review = request.app.state.review
        try:
            accounts = Accounts(review.engine())
            login = accounts.session(request.cookies.get(COOKIE))
        except Unavailable:
            return render(
                request,
                "base.html",
                503,
                title="Reports database unavailable",
                problem="The reports database cannot be reached. Nothing was changed.",
            )
        if login is None:
            if change:
                return Response("log in first\n", 403, headers=NO_STORE)
            root = request.scope.get("root_path", "")
            return RedirectResponse(f"{root}/login", 303, headers=NO_STORE)
        if change:
            form = await request.form()
            token = str(form.get("csrf", ""))
            if not (_same_origin(request) and hmac.compare_digest(token, login.csrf)):
                return Response("the form is out of date: reload it\n", 403, headers=NO_STORE)
        return await page(request, review, login)

    return respond


async def login_form(request: Request) -> Response:
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)
    response = render(request, "login.html", title="Log in", csrf=token)
    _set_cookie(request, response, LOGIN_COOKIE, token, max_age=3600)
    return response


async def log_in(request: Request) -> Response:
    review: Review = request.app.state.review
    form = await request.form()
    token = request.cookies.get(LOGIN_COOKIE, "")
    if not (token and _same_origin(request) and
            hmac.compare_digest(str(form.get("csrf", "")), token)):  # fmt: skip
        return Response("the form is out of date: reload it\n", 403, headers=NO_STORE)
    if not review.logins.allow(_client(request)):
        return render(
            request,
            "login.html",
            429,
            title="Log in",
            csrf=token,
            problem="Too many attempts from this address: wait 15 minutes.",
        )
    try:
        login = Accounts(review.engine()).log_in(
            str(form.get("name", ""))[:64], str(form.get("password", ""))[:1024]
        )
    except Unavailable:
        return render(
            request,
            "login.html",
            503,
            title="Log in",
            csrf=token,
            problem="The reports database cannot be reached.",
        )
    if login is None:  # a wrong name, a wrong password or a locked account: not said which
        return render(request, "login.html", 401, title="Log in", csrf=token,
                      problem="Wrong name or password, or the account is locked for a while "
                      "after repeated failures.")  # fmt: skip
    root = request.scope.get("root_path", "")
    response = RedirectResponse(f"{root}/", 303, headers=NO_STORE)
    _set_cookie(request, response, COOKIE, login.token, max_age=int(SESSION_FOR.total_seconds()))
    response.delete_cookie(LOGIN_COOKIE, path=PREFIX)
    return response


def _set_cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(name, value, max_age=max_age, path=PREFIX, httponly=True,
                        secure=_secure(request), samesite="strict")  # fmt: skip


async def log_out(request: Request, review: Review, login: Login) -> Response:
    Accounts(review.engine()).log_out(login.token)
    root = request.scope.get("root_path", "")
    response = RedirectResponse(f"{root}/login", 303, headers=NO_STORE)
    response.delete_cookie(COOKIE, path=PREFIX)
    return response


async def listing(request: Request, review: Review, login: Login) -> Response:
    status = request.query_params.get("status", "open")
    found = ReportStore(review.engine()).find(None if status == "all" else "open")
    names = {r.listing_id: review.listing(r.listing_id).get("name", "") for r in found}
    return render(request, "list.html", title="Reports", reports=found, names=names,
                  status=status, reviewer=login.reviewer, csrf=login.csrf)  # fmt: skip


def _report_id(request: Request) -> int:
    return int(request.path_params["report_id"])


async def report(request: Request, review: Review, login: Login) -> Response:
    try:
        found = ReportStore(review.engine()).get(_report_id(request))
    except UsageError as error:
        return render(request, "base.html", 404, title="Not found", problem=str(error),
                      reviewer=login.reviewer, csrf=login.csrf)  # fmt: skip
    return render(request, "report.html", title=f"Report {found.id}", r=found,
                  listing=review.listing(found.listing_id), reviewer=login.reviewer,
                  csrf=login.csrf)  # fmt: skip


async def decide(request: Request, review: Review, login: Login) -> Response:
    form = await request.form()
    action = str(form.get("action", ""))
    store = ReportStore(review.engine())
    try:
        store.decide(_report_id(request), login.reviewer, action,  # type: ignore[arg-type]
                     str(form.get("why", ""))[:2000], "review",
                     str(form.get("phone", ""))[:30])  # fmt: skip
    except (UsageError, InvalidReport) as error:
        return render(request, "base.html", 400, title="Not decided", problem=str(error),
                      reviewer=login.reviewer, csrf=login.csrf)  # fmt: skip
    if action == "accept":
        corrections.write(store.accepted_corrections(), review.settings.raw_dir)
    root = request.scope.get("root_path", "")
    return RedirectResponse(f"{root}/reports/{_report_id(request)}", 303, headers=NO_STORE)


async def export_json(request: Request, review: Review, login: Login) -> Response:
    found = ReportStore(review.engine()).find()
    body = json.dumps([r.as_json() for r in found], ensure_ascii=False, indent=1)
    return Response(body, media_type="application/json", headers={
        **NO_STORE, "content-disposition": 'attachment; filename="reports.json"'})  # fmt: skip


async def export_csv(request: Request, review: Review, login: Login) -> Response:
    from clinic_finder.reports.cli import csv_text

    headers = {**NO_STORE, "content-disposition": 'attachment; filename="reports.csv"'}
    return Response(csv_text(ReportStore(review.engine()).find()), media_type="text/csv",
                    headers=headers)  # fmt: skip


# Every route: (path, methods, handler). tests/test_review.py tries each one without a login.
GUARDED: dict[str, tuple[str, Page]] = {
    "/": ("GET", listing),
    "/reports/{report_id:int}": ("GET", report),
    "/reports/{report_id:int}/decide": ("POST", decide),
    "/logout": ("POST", log_out),
    "/export.csv": ("GET", export_csv),
    "/export.json": ("GET", export_json),
}


def create(review: Review | None = None) -> Starlette:
    routes = [
        Route("/login", login_form, methods=["GET"]),
        Route("/login", log_in, methods=["POST"]),
        *(Route(path, guarded(page, change=method == "POST"), methods=[method])
          for path, (method, page) in GUARDED.items()),
    ]  # fmt: skip
    app = Starlette(routes=routes)
    app.state.review = review or Review()
    return app


class Mounted:
    """ASGI middleware: /review and below go to the review pages, the rest to the app."""

    def __init__(self, app: ASGIApp, prefix: str = PREFIX, review: Review | None = None) -> None:
        self.app, self.prefix = app, prefix
        self._review_app: Starlette | None = None
        self._review = review

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and (path == self.prefix or path.startswith(self.prefix + "/")):
            if self._review_app is None:  # built on first use: the page's start pays nothing
                self._review_app = create(self._review)
            root = scope.get("root_path", "") + self.prefix
            inner = {
                **scope,
                "root_path": root,
                "path": path if path != self.prefix else root + "/",
            }
            await self._review_app(inner, receive, send)
            return
        await self.app(scope, receive, send)
