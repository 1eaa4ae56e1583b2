"""`make run` is the server patients meet: started from serve/apps.py with config.toml's settings,
it watches no files, whatever a visitor does (`make dev` does, as the control that proves the
count could fail)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.live_app import make_target
from harness.loop import run_in_thread
from harness.session import open_session, page_cookie


def _inotify_watches(pids: list[int]) -> int:
    """Inotify watches the processes hold (each is an `inotify wd:` line in an fd's fdinfo)."""
    watches = 0
    for pid in pids:
        for fdinfo in Path(f"/proc/{pid}/fdinfo").iterdir():
            try:
                watches += fdinfo.read_text().count("inotify wd:")
            except OSError:  # closed since the listing
                continue
    return watches


async def _watches_while_visited(base: str, pids: list[int]) -> int:
    """Streamlit sets watching up per session and drops it when the browser leaves."""
    async with open_session(base, await page_cookie(base, 60), 60) as session:
        await session.open_link("near=84101&service=KIT", 60)
        return _inotify_watches(pids)


@pytest.mark.parametrize(("target", "watching"), [("run", False), ("dev", True)])
def test_make_run_watches_no_file_for_a_visitor_and_make_dev_does(target, watching):
    with make_target(target) as (base, pids):
        watches = run_in_thread(_watches_while_visited(base, pids))
    assert (watches > 0) is watching, f"make {target}: {watches} inotify watches"


def test_make_run_make_serve_and_the_test_servers_start_one_command(monkeypatch):
    """Only where it listens differs: every other setting is config.toml's."""
    from harness import live_app
    from serve import apps

    make_run = subprocess.run(["make", "-n", "--no-print-directory", "run", "PORT=8501"],
                              cwd=apps.PROJECT_DIR,
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert any(line.endswith("-m serve.apps --port 8501 --address 127.0.0.1")
               for line in make_run.splitlines()), make_run  # fmt: skip
    started: list[list[str]] = []
    monkeypatch.setattr(apps.preflight, "for_run", lambda *args: [])  # 8501 may be taken here
    monkeypatch.setattr(os, "execv", lambda path, argv: started.append(argv))
    monkeypatch.setattr(os, "chdir", lambda path: None)
    apps.main(["--port", "8501", "--address", "127.0.0.1"])
    monkeypatch.setattr(subprocess, "Popen", lambda argv, **kwargs: started.append(argv))
    live_app.start(8502, None)  # the browser tests and the benchmark's app section
    run, tests = started
    assert run[:5] == tests[:5] == [sys.executable, "-m", "streamlit", "run", apps.SCRIPT]
    assert _flags(run) == {"--server.port": "8501", "--server.address": apps.LOOPBACK}
    assert _flags(tests) == {"--server.port": "8502", "--server.address": apps.LOOPBACK}


def _flags(argv: list[str]) -> dict[str, str]:
    return dict(zip(argv[5::2], argv[6::2], strict=True))
