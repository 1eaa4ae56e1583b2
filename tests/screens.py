"""The quick profile's browser tests: each at one screen, the full profile's at every screen.

A browser test parametrized by screen width and language (`width`, `viewport`, `lang`, `start`)
runs all of them when `CLINIC_FINDER_E2E_SCREENS=all` (CI, and a bare `pytest`). With `one`
(`make test`), each test function keeps the cases of one screen, the next function the next
screen, so the quick suite still meets both widths and both languages and every assertion;
the rest are deselected and counted in the last lines. Its other parameters (inputs typed,
papers) are kept whole.
"""

import os

import pytest

EVERY_SCREEN = os.environ.get("CLINIC_FINDER_E2E_SCREENS", "all") != "one"
_STASH = pytest.StashKey[int]()


def _screen(item: pytest.Item) -> tuple | None:
    """(width, language) of a parametrized browser case; None for any other test."""
    if item.get_closest_marker("e2e") is None:  # a page run without a browser costs little
        return None
    params = getattr(getattr(item, "callspec", None), "params", {})
    viewport = params.get("viewport")
    width = params.get("width", viewport.get("width") if isinstance(viewport, dict) else None)
    lang = params.get("lang", params.get("start"))
    return None if width is None and lang is None else (width, lang)


def _one_screen_each(items: list[pytest.Item]) -> tuple[list[pytest.Item], list[pytest.Item]]:
    cases = [(item, item.nodeid.split("[")[0], _screen(item)) for item in items]
    screens: dict[str, list[tuple]] = {}
    for _, function, screen in cases:
        seen = screens.setdefault(function, [])
        if screen is not None and screen not in seen:
            seen.append(screen)
    several = sorted(f for f, seen in screens.items() if len(seen) > 1)
    chosen = {f: screens[f][turn % len(screens[f])] for turn, f in enumerate(several)}
    kept, left = [], []
    for item, function, screen in cases:
        (kept if chosen.get(function, screen) == screen else left).append(item)
    return kept, left


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not EVERY_SCREEN:
        kept, left = _one_screen_each(items)
        if left:
            config.hook.pytest_deselected(items=left)
            config.stash[_STASH] = len(left)
            items[:] = kept


def pytest_sessionfinish(session: pytest.Session) -> None:
    """An xdist worker tells the controller, which collects nothing itself, what it left."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["screens_left"] = session.config.stash.get(_STASH, 0)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    left = getattr(node, "workeroutput", {}).get("screens_left", 0)
    node.config.stash[_STASH] = max(left, node.config.stash.get(_STASH, 0))


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    left = config.stash.get(_STASH, 0)
    if left:
        terminalreporter.write_line(
            f"quick profile: {left} browser case(s) at other screen widths or languages were left"
            " to the full profile (make test PROFILE=full runs every one)"
        )
