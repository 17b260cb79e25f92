"""Bring a database to the newest schema with the Alembic migrations shipped in the package.

Called on every open of the store. When the database already is at
:data:`dashboard.store.schema.HEAD_REVISION` nothing else is loaded (one small query); else
``alembic upgrade head`` runs, with a Config built in code (``script_location`` inside the
package), on a connection that holds the migration lock: ``BEGIN IMMEDIATE`` on SQLite, a
transaction-level advisory lock on PostgreSQL, so two processes opening a new database at
once migrate it once.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dashboard.store.config import WRITE_OPTION
from dashboard.store.schema import HEAD_REVISION

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_ADVISORY_LOCK_KEY = 7_415_020_261  # "taghtia store migrations"


def current_revision(connection: sa.Connection) -> str | None:
    """Revision recorded in ``alembic_version``, or None for a new database."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def alembic_config(connection: sa.Connection | None = None):
    """The Alembic Config of the store (scripts in ``dashboard/store/migrations``)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> None:
    """Migrate the database of ``engine`` to the newest revision (no-op when it is there)."""
    with engine.connect() as connection:
        if current_revision(connection) == HEAD_REVISION:
            return
    from alembic import command

    with engine.connect() as connection:
        connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                                   {"key": _ADVISORY_LOCK_KEY})
            command.upgrade(alembic_config(connection), "head")
