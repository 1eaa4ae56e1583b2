"""The rows as a plain-text table for the terminal and as the Markdown results file."""

import math

from benchmarks.measure import Row

HEADER = ("section", "figure", "median", "p95", "unit", "runs", "vs naive", "target", "verdict")


def cells(r: Row) -> tuple[str, ...]:
    return (
        r.section,
        r.name,
        _number(r.median),
        _number(r.p95),
        r.unit,
        str(r.runs),
        r.vs,
        r.target,
        r.verdict,
    )


def text_table(rows: list[Row]) -> str:
    lines = [HEADER, *map(cells, rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines
    )


def markdown(rows: list[Row], facts: dict[str, str], scale: str, notes: str) -> str:
    table = [
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
        *("| " + " | ".join(cells(r)) + " |" for r in rows),
    ]
    machine = [f"- {key}: {value}" for key, value in facts.items()]
    return "\n".join(
        [
            "# Benchmark results",
            "",
            f"Written by `make bench` (scale `{scale}`). Medians and 95th percentiles over the "
            "runs shown; \"vs naive\" divides the naive approach's median by this one's, both "
            "measured in this run. Targets bound the median.",
            "",
            *table,
            "",
            "## Machine",
            "",
            *machine,
            *(["", notes.strip()] if notes.strip() else []),
            "",
        ]
    )


def _number(value: float) -> str:
    if math.isnan(value):  # a figure not measured (its verdict says why)
        return "–"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if value >= 1 else f"{value:.3f}"
