"""What the tests and the benchmark share: the app started as people run it (serve.apps), Debian's
Chromium, Streamlit's websocket spoken as a browser speaks it, the search's peers, random queries,
a table replicated to scale, and asyncio.run in a thread of its own. It may import serve and
clinic_finder, never tests or benchmarks, so neither of those imports the other."""
