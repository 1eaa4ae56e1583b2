"""What `make run` and `make serve` start: app.py's page, every answer with the security headers.

`streamlit run asgi.py` finds the st.App below and serves app.py through it (uvicorn); the headers
and the paths that are the app live in serve/headers.py, shared with make serve's nginx config.
`streamlit run app.py` still serves the same page, without them. The Open Referral API (api/)
answers under /api/ from the same process.
"""

import streamlit as st
from starlette.middleware import Middleware

from api.app import Mounted
from serve.headers import SecurityHeaders

# SecurityHeaders first: the API's answers carry the same headers as the page's.
app = st.App("app.py", middleware=[Middleware(SecurityHeaders), Middleware(Mounted, prefix="/api")])
