"""Thin Streamlit pieces: each turns values into widgets and widgets into values."""
