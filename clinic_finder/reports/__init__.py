"""Reports of wrong listings, reviewers' decisions and the corrections they make: the pure core.

May import SQLAlchemy, Alembic and argon2, and clinic_finder's settings and errors; never Streamlit.
"""
