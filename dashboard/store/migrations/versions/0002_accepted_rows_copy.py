"""A Parquet copy of each version's accepted rows, beside the row tables.

Opening a version of a million grants from the row tables means a million row tuples
through the database driver; the copy is one read. Versions stored before this revision
keep a NULL copy and are opened from their rows.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("version_reports", sa.Column("accepted", sa.LargeBinary, nullable=True))


def downgrade() -> None:
    op.drop_column("version_reports", "accepted")
