"""The Open Referral HSDS 3.0 API served beside the page under /api/ (Starlette routes).

May import clinic_finder and starlette; never streamlit, components or serve (asgi.py mounts it).
"""
