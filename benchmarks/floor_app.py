"""The floor for a Streamlit page: one `st.write`, served the same way as the app (benchmarks/
sections/first_screen.py measures how long after this page's text the app's first marker comes)."""

import streamlit as st

st.write("A bare Streamlit page.")
