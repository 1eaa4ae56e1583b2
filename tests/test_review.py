"""The /review pages: nothing without a login, CSRF on every change, lock-out, cookie flags."""

import re
import threading
import time

import pytest
import requests
import uvicorn

from clinic_finder.reports.accounts import FAILURES_BEFORE_LOCK, Accounts
from clinic_finder.reports.rules import NewReport
from clinic_finder.reports.store import ReportStore
from clinic_finder.settings import Settings
from review.app import COOKIE, GUARDED, Mounted, Review
from serve.apps import free_port

PASSWORD = "a long enough password"


async def _app_behind(scope, receive, send):  # what is not /review: the page
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"page"})


class Client(requests.Session):
    """A browser's session against the pages served by uvicorn on a free port."""

    def __init__(self, base: str, review: Review):
        super().__init__()
        self.base, self.review = base, review

    def request(self, method, url, *args, follow_redirects=None, **kwargs):  # type: ignore[override]
        if follow_redirects is not None:
            kwargs["allow_redirects"] = follow_redirects
        if not url.startswith("http"):
            url = self.base + url
        return super().request(method, url, *args, timeout=30, **kwargs)


@pytest.fixture
def serve():
    servers = []

    def start(review: Review) -> Client:
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(Mounted(_app_behind, review=review),
                                               port=port, log_level="warning"))  # fmt: skip
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.02)
        servers.append(server)
        return Client(f"http://127.0.0.1:{port}", review)

    yield start
    for server in servers:
        server.should_exit = True


@pytest.fixture
def site(engine, database_url, tmp_path, serve):
    settings = Settings.from_env({"CLINIC_FINDER_DATABASE_URL": database_url,
                                  "CLINIC_FINDER_DATA_DIR": str(tmp_path)})  # fmt: skip
    Accounts(engine).add("ann", PASSWORD)
    store = ReportStore(engine)
    store.submit(NewReport("nmhd-1", "phone", note="<b>rang</b> =SUM(A1)"), "visit")
    return serve(Review(settings))


def form_token(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html)[1]


def log_in(client: Client, password: str = PASSWORD):
    page = client.get("/review/login")
    return client.post(
        "/review/login",
        data={"csrf": form_token(page.text), "name": "ann", "password": password},
        follow_redirects=False,
    )


def concrete(path: str) -> str:
    return "/review" + path.replace("{report_id:int}", "1")


@pytest.mark.parametrize("path,method", [(p, m) for p, (m, _) in GUARDED.items()])
def test_every_route_refuses_without_a_login(site, path, method):
    answer = site.request(
        method,
        concrete(path),
        data={"csrf": "x", "action": "accept", "why": "x"},
        follow_redirects=False,
    )
    if method == "GET":
        assert answer.status_code == 303 and answer.headers["location"] == "/review/login"
    else:
        assert answer.status_code == 403
    assert "rang" not in answer.text
    assert ReportStore(site.review.engine()).get(1).status == "open"


def test_the_page_outside_review_is_untouched(site):
    assert site.get("/").text == "page"


def test_log_in_read_and_accept(site):
    answer = log_in(site)
    assert answer.status_code == 303
    cookie = answer.headers["set-cookie"]
    assert f"{COOKIE}=" in cookie and "HttpOnly" in cookie and "Path=/review" in cookie
    assert "samesite=strict" in cookie.lower()
    listing = site.get("/review/")
    assert listing.status_code == 200 and listing.headers["cache-control"] == "no-store"
    # The note is escaped where it is shown.
    assert "&lt;b&gt;rang&lt;/b&gt;" in listing.text and "<b>rang" not in listing.text
    page = site.get("/review/reports/1")
    token = form_token(page.text)
    done = site.post("/review/reports/1/decide", data={"csrf": token, "action": "accept",
                     "why": "rang: disconnected", "phone": "801 555 0100"},
                     follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    after = site.get("/review/reports/1").text
    assert "accepted" in after and "ann" in after and "rang: disconnected" in after
    exported = site.get("/review/export.csv").text
    assert "'=SUM(A1)" not in exported  # the note does not start with "="; kept as it is
    assert "801-555-0100" in exported
    assert site.get("/review/export.json").json()[0]["status"] == "accepted"


def test_every_change_needs_the_csrf_token_and_this_origin(site):
    log_in(site)
    token = form_token(site.get("/review/reports/1").text)
    for data, headers in (({"csrf": "forged"}, {}),
                          ({"csrf": token}, {"origin": "https://evil.example"}),
                          ({"csrf": token}, {"sec-fetch-site": "cross-site"}),
                          ({"csrf": token}, {"sec-fetch-site": "same-site"})):  # fmt: skip
        answer = site.post("/review/reports/1/decide", data={**data, "action": "reject",
                           "why": "x"}, headers=headers, follow_redirects=False)  # fmt: skip
        assert answer.status_code == 403
    assert ReportStore(site.review.engine()).get(1).status == "open"
    # Log-in itself needs the form's own token (login CSRF).
    site.cookies.clear()
    answer = site.post("/review/login", data={"csrf": "x", "name": "ann", "password": PASSWORD})
    assert answer.status_code == 403


def test_lock_out_after_repeated_failures(site):
    for _ in range(FAILURES_BEFORE_LOCK):
        assert log_in(site, "wrong password!").status_code == 401
    answer = log_in(site)  # the right password, on a locked account
    assert answer.status_code == 401 and COOKIE not in answer.headers.get("set-cookie", "")


def test_log_out_ends_the_session(site):
    log_in(site)
    token = form_token(site.get("/review/").text)
    stolen = site.cookies.get(COOKIE)
    assert (
        site.post("/review/logout", data={"csrf": token}, follow_redirects=False).status_code == 303
    )
    site.cookies.set(COOKIE, stolen, path="/review", domain="127.0.0.1")
    assert site.get("/review/", follow_redirects=False).status_code == 303


def test_the_cookie_is_secure_behind_https_only(site):
    assert "Secure" not in log_in(site).headers["set-cookie"]
    site.cookies.clear()
    page = site.get("/review/login")
    answer = site.post("/review/login", headers={"x-forwarded-proto": "https"},
                       data={"csrf": form_token(page.text), "name": "ann", "password": PASSWORD},
                       follow_redirects=False)  # fmt: skip
    assert "Secure" in answer.headers["set-cookie"]


def test_the_review_pages_are_app_paths_with_the_security_headers():
    from serve import headers

    assert headers.is_app_path("/review") and headers.is_app_path("/review/reports/1")
    assert not headers.is_app_path("/reviewer")
