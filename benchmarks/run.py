"""Run every section, print one table and write the results file.

A section is a module in benchmarks/sections with `measure(scale) -> list[Row]`, listed in
SECTIONS below (see benchmarks/README.md).
"""

import argparse
import sys
import time
from pathlib import Path

from benchmarks import machine, report
from benchmarks.scale import SCALES
from benchmarks.sections import (
    answer,
    api,
    app_start,
    browser,
    data_build,
    feeds,
    first_screen,
    geocoder,
    large_source,
    load,
    map,
    reports,
    search,
    visitors,
)

SECTIONS = [data_build, large_source, geocoder, search, answer, map, app_start, browser,
            first_screen, visitors, load, api, feeds, reports]  # fmt: skip
HERE = Path(__file__).resolve().parent
NOTES = HERE / "NOTES.md"  # hand-written explanations, appended to the full run's results


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    scale = SCALES[args.scale]
    unknown = set(args.only or ()) - {_name(s) for s in SECTIONS}
    if unknown:
        _parser().error(f"no section {', '.join(sorted(unknown))}")
    chosen = [s for s in SECTIONS if not args.only or _name(s) in args.only]
    facts = machine.facts()
    rows = []
    for section in chosen:
        print(f"measuring {_name(section)} …", file=sys.stderr, end=" ", flush=True)
        started = time.perf_counter()
        rows += section.measure(scale)
        print(f"{time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    print(report.text_table(rows))
    out = args.out or HERE / ("results.md" if scale.name == "full" else "results-tiny.md")
    notes = NOTES.read_text() if scale.name == "full" and NOTES.exists() else ""
    facts["load average (1, 5, 15 min) at the end"] = machine.load_average()
    out.write_text(report.markdown(rows, facts, scale.name, notes))
    print(f"\nwritten to {out}", file=sys.stderr)
    return 0


def _name(section) -> str:
    return section.__name__.rsplit(".", 1)[-1]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="benchmarks", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument("--out", type=Path, help="results file (default benchmarks/results.md)")
    parser.add_argument("--only", action="append", metavar="SECTION", help="run only these")
    return parser
