"""HSDS publishers and `update`: importing an HSDS API of 20,000 services at 100 a page from a
server on 127.0.0.1 (time, requests, peak memory), `update` when nothing changed, and the change
report for a release with 5 % of its facilities changed. Smaller at the quick scales."""

import json
import shutil
import tempfile
import threading
import time
import tracemalloc
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import numpy as np

from benchmarks.measure import Row, row
from benchmarks.scale import Scale
from clinic_finder import paths
from clinic_finder.settings import Settings
from clinic_finder.table.feeds import publishers
from clinic_finder.table.feeds.http import Fetcher, Limits
from clinic_finder.table.load import load_clinics
from clinic_finder.update import changes
from clinic_finder.update.run import update

SECTION = "feeds"
SERVICES = {"full": 20_000, "tiny": 2_000, "smoke": 200}
PER_PAGE = 100
NS = uuid.UUID("0b6f3c1e-9d1c-4c2e-8a37-6a1f0f3b2d11")
UPDATED = ("ca_dhcs_sud_facilities", "findtreatment_2025_su_points")


def measure(scale: Scale) -> list[Row]:
    n = SERVICES.get(scale.name, 20_000)
    pages = _pages(n)
    with _serving(pages) as base:
        took, requests, records = _import(base, trace=False)
        _t, _r, _records = _import(base, trace=True)
    peak = _PEAK[0]
    label = f"{n:,} services at {PER_PAGE} a page, from 127.0.0.1"
    rows = [
        row(SECTION, f"HSDS API import, {label}", [took], "s"),
        Row(SECTION, f"HSDS API import, requests, {label}", requests, requests, "requests", 1),
        Row(SECTION, f"HSDS API import, listings kept, {label}", records, records, "rows", 1),
        row(
            SECTION,
            f"HSDS API import, peak Python memory (tracemalloc), {label}",
            [peak / 1e6],
            "MB",
            better="smaller",
        ),
    ]
    rows.append(
        row(
            SECTION,
            "update --online, nothing changed (2 sources from 127.0.0.1)",
            [_update_unchanged()],
            "s",
        )
    )
    took, counts = _change_report()
    rows.append(row(SECTION, f"change report, 5 % of the table changed ({counts})", [took], "s"))
    return rows


_PEAK = [0]


def _import(base: str, trace: bool) -> tuple[float, int, int]:
    fetcher = Fetcher(Limits(min_interval=0, per_page=PER_PAGE))
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    read = publishers.read(publishers.Feed("bench", base + "/service_at_locations"), fetcher)
    took = time.perf_counter() - start
    if trace:
        _PEAK[0] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return took, fetcher.requests_made, len(read.load.records)


def _service(i: int) -> dict[str, Any]:
    u = [str(uuid.uuid5(NS, f"{k}/{i}")) for k in ("sal", "service", "location", "address", "p")]
    return {
        "id": u[0],
        "service_id": u[1],
        "location_id": u[2],
        "phones": [{"id": u[4], "number": f"555-010-{i % 10000:04d}"}],
        "service": {
            "id": u[1],
            "name": f"Programme {i}",
            "status": "active",
            "last_modified": "2026-11-01T00:00:00Z",
            "organization": {"id": u[1], "name": f"Provider {i // 5}", "description": "-"},
        },
        "location": {
            "id": u[2],
            "location_type": "physical",
            "latitude": 30 + (i % 1000) / 100,
            "longitude": -100 + (i // 1000) / 10,
            "addresses": [
                {
                    "id": u[3],
                    "location_id": u[2],
                    "address_1": f"{i} Main St",
                    "city": "Austin",
                    "state_province": "TX",
                    "postal_code": "78701",
                    "address_type": "physical",
                    "country": "US",
                }
            ],
        },
    }


def _pages(n: int) -> list[bytes]:
    objects = [_service(i) for i in range(n)]
    total = -(-n // PER_PAGE)
    return [
        json.dumps(
            {
                "total_items": n,
                "total_pages": total,
                "page_number": p + 1,
                "size": len(objects[p * PER_PAGE : (p + 1) * PER_PAGE]),
                "first_page": p == 0,
                "last_page": p == total - 1,
                "empty": False,
                "contents": objects[p * PER_PAGE : (p + 1) * PER_PAGE],
            }
        ).encode()
        for p in range(total)
    ]


class _serving:
    """A static HSDS API (pages made in advance) on 127.0.0.1, or files by path."""

    def __init__(self, pages: list[bytes] | None = None, files: dict[str, bytes] | None = None):
        self.pages, self.files = pages or [], files or {}

    def __enter__(self) -> str:
        pages, files = self.pages, self.files

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path in files:
                    body = files[parts.path]
                else:
                    page = int(parse_qs(parts.query).get("page", ["1"])[0])
                    body = pages[page - 1]
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _update_unchanged() -> float:
    """A data folder whose DHCS and FindTreatment releases are published, unchanged, locally."""
    dhcs = next((paths.RAW_DIR / UPDATED[0]).glob("*.json"))
    points = next((paths.RAW_DIR / UPDATED[1]).glob("*.csv"))
    files = {"/dhcs.json": dhcs.read_bytes(), "/points.csv": points.read_bytes()}
    with (
        tempfile.TemporaryDirectory(prefix="bench-update-") as scratch,
        _serving(files=files) as base,
    ):
        data = Path(scratch)
        for folder in UPDATED:
            shutil.copytree(paths.RAW_DIR / folder, data / "raw" / folder)
        shutil.copy2(paths.BUILD_REPORT, data / paths.BUILD_REPORT.name)
        (data / "publishers.toml").write_text(
            f'[[release]]\nkey = "ca_dhcs"\nurl = "{base}/dhcs.json"\n'
            f'[[release]]\nkey = "findtreatment_su"\nurl = "{base}/points.csv"\n'
        )
        start = time.perf_counter()
        said = update(Settings(data_dir=data), online=True, fetcher=Fetcher(Limits(min_interval=0)))
        took = time.perf_counter() - start
    assert said.startswith("nothing changed"), said
    return took


def _change_report() -> tuple[float, str]:
    """Today's table against a copy with 5 % of its listings changed (moved, phone, services,
    removed, added), per source."""
    old = load_clinics(paths.CLINICS_TABLE)
    new = old.copy()
    rng = np.random.default_rng(24)
    n = len(new)
    picks = rng.choice(n, size=n // 20, replace=False)
    moved, phoned, served, gone = np.array_split(picks, 4)
    new.loc[new.index[moved], "lat"] += 0.01
    new.loc[new.index[phoned], "phone"] = "555-010-0000"
    new.loc[new.index[served], "services"] = new.loc[new.index[served], "services"].map(
        lambda codes: [*codes[1:], "NEWCODE"]
    )
    new = new.drop(index=new.index[gone])
    keys = sorted({k for s in old["source"] for k in s.split("+")})
    start = time.perf_counter()
    report = changes.compare(old, new, keys)
    changes.markdown(report)
    took = time.perf_counter() - start
    total = {k: sum(s[k] for s in report["sources"].values()) for k in ("removed", "moved")}
    said = f"{n:,} listings; per source, summed: {total['removed']:,} removed, "
    return took, said + f"{total['moved']:,} moved"
