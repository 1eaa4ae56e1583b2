"""A real Streamlit server and Debian's Chromium, for the patient journey in a browser.

No browser is downloaded: Playwright drives /usr/bin/chromium, which `make test` installs first
where it can (scripts/system_needs.sh). How both are started lives in harness/live_app.py, which
the benchmark shares; make serve's stack (nginx before two app processes) in serve/stack.py.
"""

import pytest

from harness.live_app import CHROMIUM, OFFLINE_ENV, AppFailed, chromium, running_app
from serve import apps, stack


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """`streamlit run app.py` on a free port, polled until healthy; stopped after the tests."""
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    try:
        with running_app(log) as (base, _):
            yield base
    except AppFailed as error:
        pytest.fail(f"streamlit did not start: {error}")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium chromium-driver")
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def behind_nginx(tmp_path_factory):
    """make serve's stack: nginx before two app processes, on a free port, offline."""
    run_dir = tmp_path_factory.mktemp("serve")
    listen = f"{apps.LOOPBACK}:{apps.free_port()}"
    with stack.serving(run_dir, 2, listen, env=OFFLINE_ENV) as running:
        yield running
