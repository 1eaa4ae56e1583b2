"""Alembic's entry: run the revisions on the connection engine.migrate() hands over."""

from alembic import context

from clinic_finder.reports.models import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
