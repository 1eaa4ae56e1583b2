"""Where a new visitor's time goes in the real server: cProfile around each new session's set-up
and each script run, one file each.

    python -m benchmarks.load.profiled OUT_DIR [--dev]    # serves app.py on a free port as
                                                          # `make run` (or `make dev`) does,
                                                          # drives a first page and a rerun,
                                                          # prints the heaviest calls of each

The server is `streamlit run`'s own, started in a child that wraps every `AppSession.__init__`
(the event loop's work for a new visitor: file watching, when on, is set up there) and every
`ScriptRunner._run_script` (on the script thread) in cProfile. The clock is the thread's own CPU
time, so other work on a busy machine does not count as the app's.
"""

import asyncio
import io
import pstats
import subprocess
import sys
import time
from pathlib import Path

# Run in the server's process before Streamlit starts: profile each script run into OUT_DIR.
WRAPPER = """
import cProfile, sys, time
from streamlit.runtime import app_session
from streamlit.runtime.scriptrunner import script_runner
from streamlit.web import cli
out = sys.argv.pop(1)
def profiled(kind, original):
    def wrapper(self, *args, **kwargs):
        profile = cProfile.Profile(time.thread_time)
        profile.enable()
        try:
            return original(self, *args, **kwargs)
        finally:
            profile.disable()
            profile.dump_stats(f"{out}/{kind}-{time.time_ns()}.prof")
    return wrapper
script_runner.ScriptRunner._run_script = profiled("run", script_runner.ScriptRunner._run_script)
app_session.AppSession.__init__ = profiled("session", app_session.AppSession.__init__)
sys.argv = ["streamlit", "run", *sys.argv[1:]]
sys.exit(cli.main())
"""
TOP = 25


def main(out: Path, dev: bool = False) -> int:
    from benchmarks.load import journeys
    from harness.session import open_session, page_cookie
    from serve import apps

    out.mkdir(parents=True, exist_ok=True)
    port = apps.free_port()
    log = (out / "server.log").open("w")
    command = [
        sys.executable,
        "-c",
        WRAPPER,
        str(out),
        *apps.run_arguments(port, options=apps.DEV_OPTIONS if dev else None),
    ]
    server = subprocess.Popen(command, cwd=apps.PROJECT_DIR, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://{apps.LOOPBACK}:{port}"
    link = journeys.LINKS[0]

    async def journey() -> None:
        async with open_session(base, await page_cookie(base, 60), 60) as session:
            await session.open_link(link, 60)
            await session.set_radius(journeys.NEW_RADIUS, 60)

    try:
        apps.wait_ready(port, server)
        asyncio.run(journey())  # the process's first run: caches fill (not what we study)
        time.sleep(1)
        for stale in out.glob("*.prof"):
            stale.rename(stale.with_suffix(".warmup"))
        asyncio.run(journey())  # a new session's first run, then a rerun, warm server
        time.sleep(1)
    finally:
        apps.stop([server])
    [created] = sorted(out.glob("session-*.prof"))
    first, rerun = sorted(out.glob("run-*.prof"))[:2]
    for name, path in (("new session's set-up", created), ("new session's first run", first),
                       ("rerun", rerun)):  # fmt: skip
        print(f"== {name} ({path.name})\n{_top(path)}")
    return 0


def _top(path: Path) -> str:
    text = io.StringIO()
    stats = pstats.Stats(str(path), stream=text)
    stats.sort_stats("cumulative").print_stats(TOP)
    return text.getvalue()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), "--dev" in sys.argv[2:]))
