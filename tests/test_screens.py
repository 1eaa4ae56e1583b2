"""The quick profile's one screen per browser test still meets every test, width and language."""

import os
import re
import subprocess
import sys

from clinic_finder import paths


def _collected(screens: str) -> list[str]:
    env = {**os.environ, "CLINIC_FINDER_E2E_SCREENS": screens}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         "tests/e2e"],
        cwd=paths.PROJECT_DIR, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return [line for line in done.stdout.splitlines() if "::" in line]


def test_one_screen_each_keeps_every_test_both_widths_and_both_languages():
    every, quick = _collected("all"), _collected("one")
    assert set(quick) < set(every)  # fewer cases, none made up
    functions = {case.split("[")[0] for case in every}
    assert {case.split("[")[0] for case in quick} == functions  # every test still runs
    params = " ".join(case.split("[", 1)[1] for case in quick if "[" in case)
    for width in ("390", "1366"):
        assert re.search(rf"\b{width}\b", params), width
    for lang in ("en", "es"):
        assert re.search(rf"\b{lang}\b", params), lang
    # A test's other parameters are kept whole: the three places typed at one screen.
    answers = [case for case in quick if "test_the_answer_to_enter_is_in_view" in case]
    assert len(answers) == 3 and len({re.sub(r"\[[^-]*-", "[", a) for a in answers}) == 1
