"""`make loadtest`: the load runs alone; prints them and writes benchmarks/load-results.md."""

import argparse
import sys
from pathlib import Path

from benchmarks import machine, report
from benchmarks.load import scenarios

HERE = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.load", description=__doc__)
    parser.add_argument("--scale", choices=sorted(scenarios.LOAD_SCALES), default="full")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    facts = machine.facts()
    results = scenarios.run_all(args.scale)
    rows = scenarios.rows(results)
    table = scenarios.summary(results)
    print(table + "\n\n" + report.text_table(rows))
    facts["load average (1, 5, 15 min) at the end"] = machine.load_average()
    name = "load-results.md" if args.scale == "full" else "load-results-tiny.md"
    out = args.out or HERE / name
    out.write_text(report.markdown(rows, facts, args.scale, "## At a glance\n\n" + table))
    print(f"\nwritten to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
