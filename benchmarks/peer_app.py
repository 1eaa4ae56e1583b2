"""The peer: the same search as a competent, typical Streamlit + folium app would write it.

Not a strawman: the table is loaded once (`st.cache_data`), filters by service run first in
pandas so distances are computed only for the rows left, the link's query is read, and results
are a sorted table. What makes it typical: `geopy.distance.geodesic` per row, one
`folium.Marker` with a popup per result, the map rebuilt on every rerun. The load test
(benchmarks/load) drives it with the same journeys as the app: `streamlit run
benchmarks/peer_app.py`.
"""

import folium
import pandas as pd
import streamlit as st
import zipcodes
from geopy.distance import geodesic
from streamlit_folium import st_folium

from clinic_finder import paths

st.set_page_config(page_title="Find treatment", layout="wide")


@st.cache_data
def load() -> pd.DataFrame:
    return pd.read_parquet(paths.CLINICS_TABLE)


@st.cache_data
def zip_point(code: str) -> tuple[float, float] | None:
    found = zipcodes.matching(code) if code.isdigit() and len(code) == 5 else []
    return (float(found[0]["lat"]), float(found[0]["long"])) if found else None


df = load()
params = st.query_params
if "near" not in st.session_state:
    st.session_state.near = params.get("near", "")
    st.session_state.services = params.get_all("service")

st.title("Find a treatment facility")
near = st.text_input("ZIP code", key="near")
radius = st.slider("Radius (miles)", 1, 500, 25)
codes = sorted({code for row in df["services"] for code in row})
services = st.multiselect("Services", codes, key="services")

point = zip_point(near.strip())
if point is None:
    st.info("Enter a ZIP code to search.")
    st.stop()

results = df
for code in services:
    results = results[results["services"].apply(lambda row, c=code: c in row)]
results = results.copy()
results["miles"] = results.apply(lambda r: geodesic(point, (r["lat"], r["lon"])).miles, axis=1)
results = results[results["miles"] <= radius].sort_values("miles")

st.write(f"{len(results)} facilities within {radius} miles")
fmap = folium.Map(location=point, zoom_start=9)
for _, r in results.iterrows():
    popup = f"<b>{r['name']}</b><br>{r['street']}, {r['city']}<br>{r['phone']}"
    folium.Marker((r["lat"], r["lon"]), popup=popup, tooltip=r["name"]).add_to(fmap)
st_folium(fmap, width=900, height=500)
st.dataframe(results[["name", "miles", "street", "city", "state", "zip", "phone"]])
