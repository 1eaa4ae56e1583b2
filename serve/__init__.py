"""`make serve`: N app processes on loopback ports behind nginx (sticky, websocket-aware).

`apps.py` starts and health-checks the Streamlit processes, `nginx.py` renders the one config
(its upstreams named in one place) and runs nginx as a child, `__main__.py` ties them together.
"""
