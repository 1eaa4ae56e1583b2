"""A real Streamlit server and Debian's Chromium, for the patient journey in a browser.

No browser is downloaded: Playwright drives /usr/bin/chromium. `make test` leaves these tests
out (with one line saying why) on a machine without it; CI installs it and never leaves them out.
How both are started lives in live_app.py, which the benchmark shares.
"""

import pytest

from harness.live_app import CHROMIUM, AppFailed, chromium, running_app


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
