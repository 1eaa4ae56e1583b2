"""The API through make serve's stack (nginx → 2 app processes): the same answer, a JSON 429 with
Retry-After past the rate limit, and no searched place in nginx's log."""

import concurrent.futures

import pytest
import requests

from clinic_finder.table import hsds_ids
from serve import nginx

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not nginx.NGINX.exists(), reason=f"no nginx at {nginx.NGINX}"),
]
KIT = hsds_ids.uid("taxonomy_term", "KIT")


def _session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    return session


def test_the_api_answers_through_nginx_and_limits_each_client(behind_nginx):
    url = (f"{behind_nginx.base}/api/service_at_locations?postcode=84101&proximity=40234"
           f"&taxonomy_term_id={KIT}")  # fmt: skip
    session = _session()
    for _ in range(3):  # each process loads its directory on its first request
        answered = session.get(url, timeout=120)
        assert answered.status_code == 200
        assert answered.json()["total_items"] == 9
        assert answered.headers["access-control-allow-origin"] == "*"

    def ask(_: int) -> requests.Response:
        return _session().get(f"{behind_nginx.base}/api/taxonomies", timeout=30)

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(ask, range(200)))
    limited = [r for r in statuses if r.status_code == 429]
    assert limited, "200 requests at once from one address were never limited"
    assert limited[0].headers["retry-after"] == "1"
    assert limited[0].json()["detail"][0]["type"] == "rate_limited"
    assert all(r.status_code in (200, 429) for r in statuses)

    log = (behind_nginx.run_dir / "access.log").read_text()  # path only, the upstream status
    assert "/api/service_at_locations" in log
    assert "84101" not in log and "40234" not in log
