"""Territories and the registry: the regions or provinces a dataset covers, the provinces
it claims, and when each version was put in force.

* ``datasets.territory`` — the dataset's codes, sorted and comma-joined (NULL: no
  territory, the dataset stays outside the registry).
* ``territory_claims`` — one row per province a dataset claims, at the level of the code
  covering it (``region`` or ``province``); the primary key (province, level) is what
  refuses two datasets claiming one province at the same level, even when their imports
  run at the same moment.
* ``in_force_log`` — each time a version is put in force (import, roll back, a deletion
  that changes it): the registry as it stood at a date is read from it. Versions stored
  before this revision are logged as put in force when they were imported.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("datasets", sa.Column("territory", sa.Text, nullable=True))
    op.create_table(
        "territory_claims",
        sa.Column("province_code", sa.String(16), primary_key=True),
        sa.Column("level", sa.String(16), primary_key=True),
        sa.Column("dataset_id", Id, sa.ForeignKey("datasets.id", ondelete="CASCADE"),
                  nullable=False, index=True),
    )
    op.create_table(
        "in_force_log",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("dataset_id", Id, sa.ForeignKey("datasets.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute("INSERT INTO in_force_log (dataset_id, number, since) "
               "SELECT dataset_id, number, imported_at FROM dataset_versions "
               "ORDER BY imported_at, id")


def downgrade() -> None:
    op.drop_table("in_force_log")
    op.drop_table("territory_claims")
    # SQLite >= 3.35 drops a column in place: a batch copy of the table would drop the old
    # one, and its ON DELETE CASCADE would empty dataset_versions
    op.execute("ALTER TABLE datasets DROP COLUMN territory")
