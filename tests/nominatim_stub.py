"""A local HTTP server on 127.0.0.1 that speaks like Nominatim, scripted to answer or misbehave."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

USER_AGENT = "clinic-finder-tests/0.1 (tests@clinic-finder.invalid)"
CHIPETA = "501 Chipeta Way, Salt Lake City, UT 84108"
CHIPETA_REPLY = json.dumps(
    [{"lat": "40.7636", "lon": "-111.8340", "display_name": "501, Chipeta Way, Salt Lake City"}]
)
# A typed address whose street appears nowhere else, so any trace of it in a log is a leak.
SECRET = "4417 Quietbrook Lane, Salt Lake City, UT 84108"
SECRET_WORD = "quietbrook"
# The ways a service fails, as stub arguments (an empty list is a "no match", not a failure).
FAILURES = {
    "hang": {"hang": True},
    "429": {"status": 429, "body": '{"error": "Too many requests for 4417 Quietbrook Lane"}'},
    "500": {"status": 500, "body": "Internal Server Error"},
    "malformed-json": {"status": 200, "body": '[{"lat": "40.7", "lon": '},
}


class NominatimStub:
    """Answers every request with one scripted reply, or never (hang=True); records requests."""

    def __init__(self, status: int = 200, body: str = "[]", hang: bool = False):
        self.requests: list[SimpleNamespace] = []
        self.released = threading.Event()  # a hung handler waits for this, then gives up
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                stub.requests.append(SimpleNamespace(path=self.path, headers=dict(self.headers)))
                if hang:
                    stub.released.wait(timeout=30)
                    return
                payload = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):  # keep pytest output clean
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


def nominatim_env(url: str, timeout_s: str | None = "2") -> dict:
    """The environment a person sets to use their own Nominatim at `url` (None: default timeout)."""
    environ = {
        "CLINIC_FINDER_GEOCODER": "nominatim",
        "CLINIC_FINDER_USER_AGENT": USER_AGENT,
        "CLINIC_FINDER_NOMINATIM_URL": url,
    }
    if timeout_s is not None:
        environ["CLINIC_FINDER_GEOCODE_TIMEOUT"] = timeout_s
    return environ


def assert_never_quoted(caplog, *texts: str) -> None:
    """Neither the logs nor the given texts (reports, notices) hold the typed address."""
    logged = [caplog.text, *(r.getMessage() for r in caplog.records)]
    for text in (*logged, *texts):
        assert SECRET_WORD not in text.casefold(), text
