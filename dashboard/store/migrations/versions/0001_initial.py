"""Datasets, versions, their files, reports and accepted rows; PostGIS points for centres.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Double = sa.Double()


def _version_fk() -> sa.Column:
    return sa.Column("version_id", Id,
                     sa.ForeignKey("dataset_versions.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    postgis = op.get_bind().dialect.name == "postgresql"
    if postgis:
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    op.create_table(
        "datasets",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("in_force", sa.Integer, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "dataset_versions",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("dataset_id", Id, sa.ForeignKey("datasets.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(200), nullable=False),
        sa.Column("options", sa.Text, nullable=False),
        sa.Column("centres_read", sa.Integer, nullable=False),
        sa.Column("centres_accepted", sa.Integer, nullable=False),
        sa.Column("centres_rejected", sa.Integer, nullable=False),
        sa.Column("grants_read", sa.Integer, nullable=True),
        sa.Column("grants_accepted", sa.Integer, nullable=True),
        sa.Column("grants_rejected", sa.Integer, nullable=True),
        sa.UniqueConstraint("dataset_id", "number", name="uq_version_number"),
        sa.UniqueConstraint("dataset_id", "fingerprint", name="uq_version_fingerprint"),
    )
    op.create_table(
        "version_files",
        sa.Column("version_id", Id, sa.ForeignKey("dataset_versions.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("file_name", sa.String(400), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "version_reports",
        sa.Column("version_id", Id, sa.ForeignKey("dataset_versions.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("source_name", sa.String(400), nullable=False),
        sa.Column("sheet", sa.String(200), nullable=True),
        sa.Column("rows_read", sa.Integer, nullable=False),
        sa.Column("header_map", sa.Text, nullable=False),
        sa.Column("dtypes", sa.Text, nullable=False),
        sa.Column("issues", sa.LargeBinary, nullable=False),
        sa.Column("outcome", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "centres",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        _version_fk(),
        sa.Column("row", sa.Integer, nullable=False),
        sa.Column("centre_id", sa.Text),
        sa.Column("name", sa.Text),
        sa.Column("centre_type", sa.Text),
        sa.Column("services", sa.BigInteger),
        sa.Column("management_mode", sa.Text),
        sa.Column("status", sa.Text),
        sa.Column("partner", sa.Text),
        sa.Column("opened_year", sa.BigInteger),
        sa.Column("capacity", sa.BigInteger),
        sa.Column("beneficiaries", sa.BigInteger),
        sa.Column("latitude", Double),
        sa.Column("longitude", Double),
        sa.Column("commune_code", sa.Text),
        sa.Column("match_method", sa.Text),
        sa.Column("match_score", Double),
    )
    op.create_index("ix_centres_version_id", "centres", ["version_id"])
    op.create_table(
        "grants",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        _version_fk(),
        sa.Column("row", sa.Integer, nullable=False),
        sa.Column("centre_id", sa.Text),
        sa.Column("year", sa.BigInteger),
        sa.Column("amount_mad", Double),
        sa.Column("source", sa.Text),
        sa.Column("partner", sa.Text),
        sa.Column("purpose", sa.Text),
        sa.Column("commune_code", sa.Text),
        sa.Column("match_method", sa.Text),
        sa.Column("match_score", Double),
    )
    op.create_index("ix_grants_version_id", "grants", ["version_id"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=True),
    )
    if postgis:
        # A point per located centre, kept in step with longitude/latitude by PostgreSQL
        # itself; QGIS finds it through geometry_columns and draws it with the GiST index.
        op.execute(
            "ALTER TABLE centres ADD COLUMN geom geometry(Point, 4326) GENERATED ALWAYS AS "
            "(CASE WHEN longitude IS NULL OR latitude IS NULL THEN NULL ELSE "
            "ST_SetSRID(ST_MakePoint(longitude, latitude), 4326) END) STORED")
        op.execute("CREATE INDEX ix_centres_geom ON centres USING gist (geom)")


def downgrade() -> None:
    for table in ("settings", "grants", "centres", "version_reports", "version_files",
                  "dataset_versions", "datasets"):
        op.drop_table(table)
