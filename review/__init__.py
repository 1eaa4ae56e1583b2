"""The reviewers' pages at /review: log in, read reports, accept or reject them, export.

May import clinic_finder (its reports core and settings), Starlette and Jinja2; never Streamlit.
"""
