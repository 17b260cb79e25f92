"""The national registry read from the store: for every province, the version in force of the
most specific territory dataset covering it.

:func:`sources` says where each of the 75 provinces comes from (one query over the claims,
the datasets and their versions); :func:`open_parts` reads the accepted rows of those
versions (their Parquet copies, one query) and keeps each version's rows of the provinces
it supplies; :func:`counts` counts each supplied province's centres and grants in the row
tables (one grouped query per kind), for the registry's status.

*As it stood at a date*: each dataset's version in force then is the last one put in force
before the end of that day (UTC) in ``in_force_log``; a dataset with none yet, or deleted
since, is not part of it (deletion removes its log), and a version deleted since falls
back to the one in force before it.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd
import sqlalchemy as sa

from dashboard.store.partners_map import OPTION as PARTNERS_OPTION
from dashboard.store.partners_map import decisions_of
from dashboard.store.records import blob_parts, with_dtypes
from dashboard.store.schema import (
    ROW_TABLES,
    claims,
    datasets,
    in_force_log,
    reports,
    versions,
)
from dashboard.store.territory import TERRITORY_LEVELS, province_codes, province_of

SOURCE_COLUMNS: tuple[str, ...] = ("province_code", "dataset", "version", "level",
                                   "territory", "imported_at", "imported_by", "version_id",
                                   "fingerprint")
"""Columns of :func:`sources` (``dataset`` … ``version_id`` empty for a missing province)."""

OUTCOME_LEADING: dict[str, tuple[str, ...]] = {
    "centres": ("row", "centre_id", "name"),
    "funding": ("row", "centre_id", "year", "amount_mad"),
}
"""The row report's leading columns per kind (then status, commune_code, match_method,
match_score), as :mod:`loaders.validate` writes them."""


def _numbers_at(connection: sa.Connection, moment: dt.datetime) -> dict[int, list[int]]:
    """Dataset id -> the numbers put in force before ``moment``, the last one first."""
    found: dict[int, list[int]] = {}
    for row in connection.execute(
            sa.select(in_force_log.c.dataset_id, in_force_log.c.number)
            .where(in_force_log.c.since < moment)
            .order_by(in_force_log.c.since.desc(), in_force_log.c.id.desc())):
        found.setdefault(row.dataset_id, []).append(row.number)
    return found


def sources(connection: sa.Connection, at: dt.datetime | None = None) -> pd.DataFrame:
    """One row per province (75, by code): the dataset and version supplying it, at which
    level it claims it, when and by whom that version was imported (:data:`SOURCE_COLUMNS`).

    Parameters
    ----------
    at : datetime, optional
        The registry as it stood at that moment (UTC); default: now, the versions in force.
    """
    found = connection.execute(
        sa.select(claims.c.province_code, claims.c.level, datasets.c.id, datasets.c.name,
                  datasets.c.in_force, datasets.c.territory)
        .join(datasets, claims.c.dataset_id == datasets.c.id)).all()
    wanted: dict[int, list[int]] = {}
    if at is None:
        wanted = {row.id: [row.in_force] for row in found if row.in_force is not None}
    elif found:
        wanted = _numbers_at(connection, at)
    kept = {}
    if wanted:
        for row in connection.execute(
                sa.select(versions.c.id, versions.c.dataset_id, versions.c.number,
                          versions.c.imported_at, versions.c.imported_by,
                          versions.c.fingerprint)
                .where(versions.c.dataset_id.in_(sorted(wanted)))):
            kept[(row.dataset_id, row.number)] = row
    chosen: dict[str, tuple[int, object, object]] = {}
    for claim in found:
        version = next((kept[(claim.id, n)] for n in wanted.get(claim.id, [])
                        if (claim.id, n) in kept), None)
        if version is None:
            continue
        rank = TERRITORY_LEVELS.index(claim.level)
        if claim.province_code not in chosen or chosen[claim.province_code][0] < rank:
            chosen[claim.province_code] = (rank, claim, version)
    records = []
    for province in province_codes():
        if province not in chosen:
            records.append({"province_code": province})
            continue
        _, claim, version = chosen[province]
        records.append({
            "province_code": province, "dataset": claim.name, "version": version.number,
            "level": claim.level, "territory": claim.territory,
            "imported_at": _utc(version.imported_at), "imported_by": version.imported_by,
            "version_id": version.id, "fingerprint": version.fingerprint})
    frame = pd.DataFrame.from_records(records, columns=list(SOURCE_COLUMNS))
    frame["version"] = frame["version"].astype("Int64")
    frame["version_id"] = frame["version_id"].astype("Int64")
    frame["imported_at"] = pd.to_datetime(frame["imported_at"], utc=True)
    return frame


def first_in_force(connection: sa.Connection) -> dt.datetime | None:
    """When a dataset with a territory was first put in force (UTC), among those still
    stored; None when there is none."""
    first = connection.execute(
        sa.select(sa.func.min(in_force_log.c.since))
        .where(in_force_log.c.dataset_id.in_(sa.select(claims.c.dataset_id)))).scalar()
    return None if first is None else _utc(first)


def token(frame: pd.DataFrame) -> str:
    """Fingerprint of a composition's content: which files (a version's fingerprint) under
    which territory supply which province; the same in every store holding the same
    versions (it names cached files on disk)."""
    supplied = frame.dropna(subset=["version_id"])
    text = ";".join(f"{p}={t}:{f}" for p, t, f in zip(
        supplied["province_code"], supplied["territory"], supplied["fingerprint"],
        strict=True))
    return hashlib.sha256(text.encode()).hexdigest()


def _supplied(frame: pd.DataFrame) -> dict[int, set[str]]:
    """Version id -> the provinces it supplies."""
    found: dict[int, set[str]] = {}
    for province, version_id in zip(frame["province_code"], frame["version_id"], strict=True):
        if not pd.isna(version_id):
            found.setdefault(int(version_id), set()).add(province)
    return found


def open_parts(connection: sa.Connection, frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The accepted rows of each kind (``centres``, ``funding``) of the versions of
    :func:`sources` ``frame``, each version's rows limited to the provinces it supplies, in
    one frame per kind (province order; a kind no version has is left out).

    The Parquet copies are decoded and filtered with Arrow, joined, and turned into pandas
    once (75 versions: one conversion, not 150); a version stored before revision 0002 is
    read from its rows.
    """
    import pyarrow as pa

    supplied = _supplied(frame)
    if not supplied:
        return {}
    order = {version_id: min(provinces) for version_id, provinces in supplied.items()}
    tables: dict[str, list] = {}
    dtypes: dict[str, dict[str, str]] = {}
    older: dict[str, list[pd.DataFrame]] = {}
    for report in sorted(connection.execute(
            sa.select(reports.c.version_id, reports.c.kind, reports.c.accepted)
            .where(reports.c.version_id.in_(sorted(supplied)))),
            key=lambda r: (order[r.version_id], r.kind)):
        provinces = supplied[report.version_id]
        if report.accepted is None:
            accepted = _rows(connection, report.kind, report.version_id)
            inside = accepted["commune_code"].map(province_of).isin(provinces).to_numpy()
            older.setdefault(report.kind, []).append(accepted[inside])
            continue
        kinds_dtypes, table = _arrow_table(report.accepted)
        for column, dtype in kinds_dtypes.items():
            dtypes.setdefault(report.kind, {}).setdefault(column, dtype)
        tables.setdefault(report.kind, []).append(_inside(table, provinces))
    found = {}
    for kind in ("centres", "funding"):
        frames = list(older.get(kind, []))
        if tables.get(kind):
            joined = pa.concat_tables(tables[kind], promote_options="default")
            frames.insert(0, with_dtypes(joined.to_pandas(), dtypes[kind]))
        if frames:
            found[kind] = pd.concat(frames, ignore_index=True) if len(frames) > 1 else \
                frames[0].reset_index(drop=True)
    return found


def _arrow_table(blob: bytes):
    """The dtypes and the Arrow table of an accepted-rows blob."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    dtypes, parquet = blob_parts(blob)
    return dtypes, pq.ParquetFile(pa.BufferReader(parquet)).read(use_threads=False)


def _inside(table, provinces: set[str]):
    """The rows of an Arrow table of accepted rows located in ``provinces``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    province = pc.utf8_slice_codeunits(table["commune_code"].cast(pa.string()), 0, 6)
    return table.filter(pc.is_in(province, value_set=pa.array(sorted(provinces))))


def _rows(connection: sa.Connection, kind: str, version_id: int) -> pd.DataFrame:
    from dashboard.store import rows

    dtypes = connection.execute(sa.select(reports.c.dtypes).where(
        reports.c.version_id == version_id, reports.c.kind == kind)).scalar_one()
    return rows.read_rows(connection, kind, version_id, dtypes)


def partner_decisions(connection: sa.Connection, frame: pd.DataFrame):
    """The partners maps of the versions of :func:`sources` ``frame``, as one
    (:meth:`loaders.partners.PartnerDecisions.combined`, in the order of the provinces
    they supply): each province's confirmed merges and rejections apply to the registry."""
    import json

    from loaders.partners import PartnerDecisions

    supplied = _supplied(frame)
    order = {version_id: min(provinces) for version_id, provinces in supplied.items()}
    found = connection.execute(sa.select(versions.c.id, versions.c.options)
                               .where(versions.c.id.in_(sorted(supplied)))).all()
    return PartnerDecisions.combined(
        decisions_of(json.loads(row.options))
        for row in sorted(found, key=lambda r: order[r.id]))


def counts(connection: sa.Connection, frame: pd.DataFrame) -> pd.DataFrame:
    """``centres`` and ``grants`` per province of :func:`sources` ``frame``: the accepted
    rows of the version supplying it located in it (0 for a missing province)."""
    supplied = _supplied(frame)
    found: dict[str, dict[str, int]] = {"centres": {}, "grants": {}}
    for kind, column in (("centres", "centres"), ("funding", "grants")):
        if not supplied:
            break
        table = ROW_TABLES[kind]
        province = sa.func.substr(table.c.commune_code, 1, 6)
        for row in connection.execute(
                sa.select(table.c.version_id, province.label("province"),
                          sa.func.count().label("n"))
                .where(table.c.version_id.in_(sorted(supplied)))
                .group_by(table.c.version_id, province)):
            if row.province in supplied[row.version_id]:
                found[column][row.province] = int(row.n)
    codes = frame["province_code"]
    return pd.DataFrame({"province_code": codes,
                         "centres": codes.map(found["centres"]).fillna(0).astype("int64"),
                         "grants": codes.map(found["grants"]).fillna(0).astype("int64")})


def outcome_of(kind: str, accepted: pd.DataFrame) -> pd.DataFrame:
    """The row report's leading columns of accepted rows (status ``accepted``)."""
    outcome = accepted[[c for c in OUTCOME_LEADING[kind] if c in accepted.columns]].copy()
    outcome["status"] = "accepted"
    for column in ("commune_code", "match_method", "match_score"):
        outcome[column] = accepted[column]
    return outcome.reset_index(drop=True)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def compose(parts: dict[str, pd.DataFrame], decisions=None):
    """:class:`loaders.inputs.Inputs` of the registry from :func:`open_parts`: every row
    accepted as stored (the row reports of the versions say how each was matched), with the
    partners map of :func:`partner_decisions` (``decisions``) in its options; None when no
    province is supplied."""
    from loaders.inputs import Inputs
    from loaders.rows import Issues
    from loaders.validate import LoadResult

    results = {kind: LoadResult(accepted=accepted, issues=Issues([]).frame(),
                                rows_read=len(accepted), kind=kind, source_name="registry",
                                outcome=outcome_of(kind, accepted))
               for kind, accepted in parts.items()}
    if "centres" not in results:
        return None
    options: dict[str, object] = {"registry": True}
    if decisions:
        options[PARTNERS_OPTION] = decisions.to_json()
    return Inputs(results["centres"], results.get("funding"), options=options)
