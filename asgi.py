"""What `make run` and `make serve` start: app.py's page, every answer with the security headers.

`streamlit run asgi.py` finds the st.App below and serves app.py through it (uvicorn); the headers
and the paths that are the app live in serve/headers.py, shared with make serve's nginx config;
static text assets are gzipped once per process (serve/compression.py).
`streamlit run app.py` still serves the same page, without them.
"""

import streamlit as st
from starlette.middleware import Middleware

from serve.compression import CompressedAssets
from serve.headers import SecurityHeaders

# The first is the outermost: every answer, compressed or not, gets the security headers.
app = st.App("app.py", middleware=[Middleware(SecurityHeaders), Middleware(CompressedAssets)])
