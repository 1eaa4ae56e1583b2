"""What `make run` and `make serve` start: app.py's page, every answer with the security headers.

`streamlit run asgi.py` finds the st.App below and serves app.py through it (uvicorn); the headers
and the paths that are the app live in serve/headers.py, shared with make serve's nginx config;
static text assets are gzipped once per process (serve/compression.py). At start the process
visits itself once (serve/ready.py) and refuses visitors with 503 until that search has loaded
everything, so no visitor waits on a cold process. The Open Referral API (api/) answers under
/api/ from the same process, and the reviewers' pages (review/) under /review/.
`streamlit run app.py` still serves the same page, without them.
"""

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import streamlit as st
from starlette.middleware import Middleware
from streamlit import config

from api.app import Mounted
from review.app import Mounted as ReviewMounted
from serve.compression import CompressedAssets
from serve.headers import SecurityHeaders
from serve.ready import ReadyGate, start_warming


@contextlib.asynccontextmanager
async def _warm_up(_app: Any) -> AsyncIterator[None]:
    # The socket is bound and the runtime started by now: the visit queues until uvicorn serves.
    start_warming(config.get_option("server.address") or "", config.get_option("server.port"))
    yield


# The first is the outermost: every answer (the page's, the API's, a 503 before the warm-up is
# done, a compressed asset) carries the security headers.
app = st.App(
    "app.py",
    middleware=[
        Middleware(SecurityHeaders),
        Middleware(ReadyGate),
        Middleware(Mounted, prefix="/api"),
        Middleware(ReviewMounted, prefix="/review"),
        Middleware(CompressedAssets),
    ],
    lifespan=_warm_up,
)
