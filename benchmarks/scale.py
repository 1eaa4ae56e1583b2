"""How big a run is: `full` for the committed figures; `tiny` and `smoke` prove it still runs."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    synthetic_sizes: tuple[int, ...]  # synthetic tables beside the real one
    searches: int  # random searches per table
    naive_searches: int  # of those, how many also run the naive scan
    naive_rows: int  # the naive scan runs over this many rows and is scaled to the table
    build_runs: int  # `make data`
    geocoder_runs: int
    start_runs: int  # app cold starts
    map_runs: int  # builds of each map
    naive_map_runs: int  # builds of each naive map
    naive_markers: int  # the naive overview is built over this many facilities and scaled
    browser_runs: int  # page loads from a warm server
    browser_cold_runs: int  # page loads from a server just started
    source_copies: int  # the large-source build: today's directory this many times over
    browser_crowd: int  # browsers opening the page at once behind make serve


SCALES = {
    "full": Scale(
        "full", (100_000, 1_000_000), 200, 20, 2_000, 3, 5, 3, 10, 3, 2_000, 5, 2, 10, 20
    ),
    "tiny": Scale("tiny", (20_000,), 10, 2, 100, 1, 1, 1, 1, 1, 100, 1, 0, 2, 20),
    # The smallest run that still passes through every section (make test's quick profile).
    "smoke": Scale("smoke", (), 2, 1, 20, 1, 1, 1, 1, 1, 20, 1, 0, 1, 4),
}
