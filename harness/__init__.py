"""What the tests and the benchmark share: the app started as people run it (serve.apps), Debian's
Chromium, and Streamlit's websocket spoken as a browser speaks it. It may import serve and
clinic_finder, never tests or benchmarks, so neither of those imports the other."""
