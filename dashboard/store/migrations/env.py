"""Alembic environment of the store: runs on the connection handed over by
:func:`dashboard.store.migrate.upgrade` (``config.attributes["connection"]``)."""

from __future__ import annotations

from alembic import context

from dashboard.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
