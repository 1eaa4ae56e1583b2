"""Many patients at once, over Streamlit's websocket: the app on 1 process, behind make serve
with 2, and the typical folium peer (benchmarks/load, benchmarks/peer_app.py)."""

from benchmarks.load import scenarios
from benchmarks.measure import Row
from benchmarks.scale import Scale


def measure(scale: Scale) -> list[Row]:
    return scenarios.rows(scenarios.run_all(scale.name))
