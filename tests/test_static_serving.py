"""A real `streamlit run` with the project's config serves static/ at /app/static/."""

import tomllib
import urllib.error
import urllib.request

import pytest
from streamlit.config import ShowErrorDetailsConfigOptions
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

from clinic_finder import paths
from clinic_finder.show.basemap import LEAFLET_JS, STATE_OUTLINES_URL
from clinic_finder.show.point_clusters import SUPERCLUSTER_JS
from serve.apps import AppFailed, free_port, start, wait_for_url

CONFIG = paths.PROJECT_DIR / ".streamlit" / "config.toml"


def test_config_serves_static_files_and_sends_no_usage_statistics():
    config = tomllib.loads(CONFIG.read_text())
    assert config["server"]["enableStaticServing"] is True
    assert config["browser"]["gatherUsageStats"] is False


def test_config_never_shows_a_traceback_to_a_person():
    shown = tomllib.loads(CONFIG.read_text())["client"]["showErrorDetails"]
    assert shown == ShowErrorDetailsConfigOptions.NONE
    with patch_config_options({"client.showErrorDetails": shown}):
        at = AppTest.from_string("raise ValueError('4417 Quietbrook Lane')").run()
    error = at.exception[0]
    assert not error.stack_trace and "Quietbrook" not in error.message and not error.proto.type


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A throwaway page next to the project's static/ and config, so only serving is tested."""
    site = tmp_path_factory.mktemp("site")
    (site / "page.py").write_text("import streamlit as st\nst.write('ok')\n")
    (site / "static").symlink_to(paths.PROJECT_DIR / "static")
    (site / ".streamlit").mkdir()
    (site / ".streamlit" / "config.toml").symlink_to(CONFIG)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = start(port, None, script="page.py", cwd=site)
    try:
        try:
            wait_for_url(f"{base}/_stcore/health", process, timeout_s=30)
        except AppFailed as error:
            pytest.fail(f"streamlit did not answer /_stcore/health: {error}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize(
    ("url", "content_type"),
    [(LEAFLET_JS[0][1], "javascript"), (SUPERCLUSTER_JS[0][1], "javascript")],
)
def test_vendored_scripts_are_served(server, url, content_type):
    status, served_type, body = _get(server + url)
    assert status == 200 and content_type in served_type
    assert body == (paths.PROJECT_DIR / url.removeprefix("/app/")).read_bytes()


def test_basemap_is_served(server):
    status, _, body = _get(server + STATE_OUTLINES_URL)
    assert status == 200 and body.startswith(b'{"type":"FeatureCollection"')


def test_missing_file_is_404(server):
    assert _get(f"{server}/app/static/vendor/jquery.js")[0] == 404
