"""This project's own HSDS API (api/, started on 127.0.0.1 with uvicorn) is a real publisher: its
`/service_at_locations?full=true` pages, walked with a filter in the URL, give back the listings
it serves, each with its id, point, services and licence."""

import threading
import time

import pytest
import uvicorn

from api.app import create
from clinic_finder import paths
from clinic_finder.table.feeds import api
from clinic_finder.table.feeds.http import Fetcher, Limits
from clinic_finder.table.feeds.mapping import map_objects
from clinic_finder.table.load import load_clinics
from serve.apps import free_port


@pytest.fixture(scope="module")
def publisher():
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create(), host="127.0.0.1", port=port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_the_project_s_own_api_is_imported_page_by_page(publisher):
    fetcher = Fetcher(Limits(per_page=20, min_interval=0))
    url = f"{publisher}/service_at_locations?postcode=94578&proximity=16000"
    objects = list(api.walk(url, fetcher))
    mapped = map_objects(objects, "own_api", "", 10_000)
    assert not mapped.quarantined and len(mapped.records) == len(objects) > 20
    assert fetcher.requests_made == -(-len(objects) // 20)  # no probe: the endpoint was named
    table = load_clinics(paths.CLINICS_TABLE).set_index("id")
    for record in mapped.records:
        row = table.loc[record["id"]]
        assert abs(row["lat"] - record["lat"]) <= 1.01e-6
        assert sorted(row["services"]) == sorted(record["services"])
        assert row["licence_number"] == (record["licence_number"] or "")
