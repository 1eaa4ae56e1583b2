"""Find licensed mental-health care near a place, offline by default; never imports streamlit."""
