"""Driving the page as Streamlit drives it: one place for the script's path and a first run."""

from streamlit.testing.v1 import AppTest

from clinic_finder import paths

APP = str(paths.PROJECT_DIR / "app.py")


def run_app(**params) -> AppTest:
    """The page opened with these link parameters (a list repeats one), after its first run."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    at.run()
    assert not at.exception
    return at


def crisis_banner_first(at: AppTest) -> bool:
    banner = at.main.children[0]
    return banner.type == "error" and "988" in banner.value and "911" in banner.value
