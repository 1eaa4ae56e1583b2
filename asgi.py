"""What `make run` and `make serve` start: app.py's page, every answer with the security headers.

`streamlit run asgi.py` finds the st.App below and serves app.py through it (uvicorn); the headers
and the paths that are the app live in serve/headers.py, shared with make serve's nginx config.
`streamlit run app.py` still serves the same page, without them.
"""

import streamlit as st
from starlette.middleware import Middleware

from serve.headers import SecurityHeaders

app = st.App("app.py", middleware=[Middleware(SecurityHeaders)])
