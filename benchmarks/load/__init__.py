"""The load test: many patients' browsers, driven over Streamlit's websocket protocol.

`session.py` speaks the protocol, `journeys.py` runs many journeys at once and checks what they
receive, `servers.py` starts what is measured, `procstat.py` reads the servers' CPU and memory,
`idle.py` measures idle sessions, `__main__.py` is `make loadtest`. benchmarks/README.md says more.
"""
