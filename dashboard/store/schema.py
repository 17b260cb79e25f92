"""Tables of the store (SQLAlchemy Core), as created by the migrations.

* ``datasets`` — one row per named dataset, with the version in force and its territory
  (regions or provinces, ``dashboard/store/territory.py``; NULL: none).
* ``territory_claims`` — the provinces each territory dataset claims, at the level of the
  code covering them; (province, level) is unique: no two datasets claim a province at one
  level.
* ``in_force_log`` — when each version was put in force (the registry at a date).
* ``dataset_versions`` — one row per import: who, when, the counts, a fingerprint of the
  files and options (the same bytes imported twice give the same fingerprint).
* ``version_files`` — the raw bytes of each file, with its name and SHA-256, so a version
  can be validated again after a geography update.
* ``version_reports`` — per version and kind (centres, funding): where the rows came from,
  the recognised headers, the pandas dtypes of the accepted rows, the validation issues
  and row report (Parquet), and a Parquet copy of the accepted rows (``accepted``, written
  in the same transaction as the rows; a version is opened from it in one read, and from
  the row tables when it is missing: versions stored before revision 0002).
* ``centres`` and ``grants`` — the accepted rows with their matched commune and match
  method. In PostGIS, ``centres.geom`` is a ``geometry(Point, 4326)`` computed from
  longitude/latitude, with a GiST index, so QGIS opens the table as a point layer.
* ``settings`` — key/value: the default dataset.

The migrations (``dashboard/store/migrations``) create these tables; a test checks that the
migrated database matches this metadata.
"""

from __future__ import annotations

import sqlalchemy as sa

from dashboard.store.config import SETTINGS_TABLE

HEAD_REVISION = "0003"  # newest migration; checked against the migration scripts by a test

metadata = sa.MetaData()

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # rowid alias on SQLite

datasets = sa.Table(
    "datasets", metadata,
    sa.Column("id", Id, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(64), nullable=False, unique=True),
    sa.Column("in_force", sa.Integer, nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("territory", sa.Text, nullable=True),
)

claims = sa.Table(
    "territory_claims", metadata,
    sa.Column("province_code", sa.String(16), primary_key=True),
    sa.Column("level", sa.String(16), primary_key=True),
    sa.Column("dataset_id", Id, sa.ForeignKey("datasets.id", ondelete="CASCADE"),
              nullable=False, index=True),
)

in_force_log = sa.Table(
    "in_force_log", metadata,
    sa.Column("id", Id, primary_key=True, autoincrement=True),
    sa.Column("dataset_id", Id, sa.ForeignKey("datasets.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("since", sa.DateTime(timezone=True), nullable=False),
)

versions = sa.Table(
    "dataset_versions", metadata,
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

files = sa.Table(
    "version_files", metadata,
    sa.Column("version_id", Id, sa.ForeignKey("dataset_versions.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("file_name", sa.String(400), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size_bytes", sa.BigInteger, nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
)

reports = sa.Table(
    "version_reports", metadata,
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
    sa.Column("accepted", sa.LargeBinary, nullable=True),
)

Double = sa.Double()

centres = sa.Table(
    "centres", metadata,
    sa.Column("id", Id, primary_key=True, autoincrement=True),
    sa.Column("version_id", Id, sa.ForeignKey("dataset_versions.id", ondelete="CASCADE"),
              nullable=False, index=True),
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

grants = sa.Table(
    "grants", metadata,
    sa.Column("id", Id, primary_key=True, autoincrement=True),
    sa.Column("version_id", Id, sa.ForeignKey("dataset_versions.id", ondelete="CASCADE"),
              nullable=False, index=True),
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

settings = sa.Table(
    SETTINGS_TABLE, metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=True),
)

ROW_TABLES: dict[str, sa.Table] = {"centres": centres, "funding": grants}
"""The table of the accepted rows of each kind."""

COPY_ONLY_COLUMNS: dict[str, tuple[str, ...]] = {"centres": ("closed_year",), "funding": ()}
"""Accepted fields a version keeps in its Parquet copy of the accepted rows only (the row
table has no column for them yet; a version read back from its rows has them empty)."""


def row_columns(kind: str) -> list[str]:
    """Columns of the accepted rows of ``kind`` as the loaders name them (no store keys)."""
    return [c.name for c in ROW_TABLES[kind].columns if c.name not in ("id", "version_id")]
