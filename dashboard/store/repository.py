"""The store's API: save validated files as versions, list, open, roll back, delete.

Every write is one transaction: a version is stored complete (files, reports, rows) or not at
all. Version numbers come from ``max + 1`` under a unique constraint; on SQLite writers queue
(``BEGIN IMMEDIATE`` + busy timeout), on PostgreSQL a transaction that lost the race for a
number (or for a new dataset's name) is retried.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dashboard.store import registry, rows
from dashboard.store.config import (
    DEFAULT_KEY,
    WRITE_OPTION,
    database_url,
    describe,
    make_engine,
    store_fault,
)
from dashboard.store.errors import N_, StoreError, UnknownDatasetError
from dashboard.store.migrate import upgrade
from dashboard.store.names import REGISTRY, check_name, check_version
from dashboard.store.partners_map import inherit_decisions
from dashboard.store.permissions import Actor, local_actor
from dashboard.store.records import (
    DatasetInfo,
    ImportOutcome,
    StoredInputs,
    VersionInfo,
    blob_frame,
    frame_blob,
)
from dashboard.store.schema import (
    claims,
    datasets,
    files,
    in_force_log,
    reports,
    settings,
    versions,
)
from dashboard.store.territory import (
    TerritoryError,
    claims_of,
    format_territory,
    parse_territory,
    restrict_inputs,
)
from loaders.inputs import InputFile, Inputs
from loaders.messages import Message, decode_frame, encode_frame
from loaders.validate import LoadResult

WRITE_ATTEMPTS = 8
HOLD_WRITE_ENV = "TAGHTIA_TEST_HOLD_WRITE"
"""Test hook: a file path. :meth:`Store.save` creates it once the rows are written, then waits
(inside the transaction, before the commit) until the process is killed; the fault tests use
it to kill an import half-way. Never set outside tests."""

__all__ = ["Store", "check_target"]


def _hold_write_for_tests() -> None:
    marker = os.environ.get(HOLD_WRITE_ENV)
    if not marker:
        return
    with open(marker, "w") as signal:
        signal.write(str(os.getpid()))
    while True:  # until the test kills this process
        time.sleep(1)


class Store:
    """Named, versioned datasets in one database (SQLite file or PostgreSQL + PostGIS).

    Parameters
    ----------
    url : str, optional
        SQLAlchemy URL; default :func:`dashboard.store.config.database_url`.

    Raises
    ------
    StoreError
        The database cannot be reached or migrated (one-line message).
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        try:
            self.engine: Engine = make_engine(self.url)
        except sa.exc.ArgumentError as error:
            raise StoreError(Message("the store URL {url} is not valid: {reason}",
                                     url=describe(self.url), reason=str(error))) from None
        except ValueError as error:  # check_scheme's Message, kept for its translation
            raise StoreError(error.args[0] if error.args else str(error)) from None
        except ImportError as error:  # a dialect whose driver is not installed
            raise StoreError(Message("the database driver of {url} is not installed ({driver}): "
                                     "use {example}", url=describe(self.url),
                                     driver=str(error.name or error),
                                     example="postgresql+psycopg://…")) from None
        with self._errors():
            upgrade(self.engine)

    # ------------------------------------------------------------------ connections

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sa.exc.DatabaseError as error:
            reason = str(error.orig or error).strip().splitlines()[0]
            fault = store_fault(self.url, reason)
            if fault is None and not isinstance(error, sa.exc.OperationalError):
                raise  # a conflict (IntegrityError) the callers retry
            raise (fault or StoreError(Message("cannot use the store at {url}: {reason}",
                                               url=describe(self.url), reason=reason))) from None

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with self._errors(), self.engine.connect() as connection, connection.begin():
            yield connection

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        with self._errors(), self.engine.connect() as connection:
            connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                yield connection

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    # ------------------------------------------------------------------ reading records

    def names(self) -> list[str]:
        """Names of the stored datasets, sorted."""
        with self._read() as connection:
            return list(connection.execute(
                sa.select(datasets.c.name).order_by(datasets.c.name)).scalars())

    def _unknown(self, message: Message) -> UnknownDatasetError:
        return UnknownDatasetError(message, self.names())

    def _dataset_row(self, connection: sa.Connection, name: str):
        check_name(name)
        row = connection.execute(sa.select(datasets).where(datasets.c.name == name)).first()
        if row is None:
            raise self._unknown(Message("no dataset named {name}", name=repr(name)))
        return row

    def _version_infos(self, connection: sa.Connection, where) -> list[VersionInfo]:
        query = (sa.select(versions, datasets.c.name, datasets.c.in_force,
                           datasets.c.territory)
                 .join(datasets, versions.c.dataset_id == datasets.c.id).where(where)
                 .order_by(datasets.c.name, versions.c.number))
        found = connection.execute(query).all()
        names: dict[int, list[tuple[str, str]]] = {}
        if found:
            ids = [row.id for row in found]
            for row in connection.execute(
                    sa.select(files.c.version_id, files.c.file_name, files.c.sha256)
                    .where(files.c.version_id.in_(ids)).order_by(files.c.position)):
                names.setdefault(row.version_id, []).append((row.file_name, row.sha256))
        return [VersionInfo(
            dataset=row.name, number=row.number, in_force=row.number == row.in_force,
            imported_at=_utc(row.imported_at), imported_by=row.imported_by,
            files=[n for n, _ in names.get(row.id, [])],
            sha256=[s for _, s in names.get(row.id, [])], fingerprint=row.fingerprint,
            centres_read=row.centres_read, centres_accepted=row.centres_accepted,
            centres_rejected=row.centres_rejected, grants_read=row.grants_read,
            grants_accepted=row.grants_accepted, grants_rejected=row.grants_rejected,
            options=json.loads(row.options), territory=row.territory) for row in found]

    def history(self, name: str | None = None) -> list[VersionInfo]:
        """Every version (of ``name``, or of every dataset), oldest first per dataset."""
        with self._read() as connection:
            if name is None:
                return self._version_infos(connection, sa.true())
            dataset = self._dataset_row(connection, name)
            return self._version_infos(connection, versions.c.dataset_id == dataset.id)

    def version(self, name: str, number: int | None = None) -> VersionInfo:
        """Record of version ``number`` of ``name`` (default: the version in force)."""
        with self._read() as connection:
            return self._version_info(connection, name, number)

    def _version_info(self, connection: sa.Connection, name: str,
                      number: int | None) -> VersionInfo:
        if number is not None:
            check_version(number)
        dataset = self._dataset_row(connection, name)
        wanted = dataset.in_force if number is None else number
        found = self._version_infos(connection, sa.and_(
            versions.c.dataset_id == dataset.id, versions.c.number == wanted))
        if not found:
            kept = [v.number for v in self._version_infos(
                connection, versions.c.dataset_id == dataset.id)]
            if not kept:
                raise UnknownDatasetError(Message("dataset {name} has no version {version}; its "
                                                  "versions: none", name=repr(name),
                                                  version=wanted), self.names())
            raise UnknownDatasetError(
                Message("dataset {name} has no version {version}; its versions: {versions}",
                        name=repr(name), version=wanted, versions=", ".join(map(str, kept))),
                self.names())
        return found[0]

    def list(self) -> list[DatasetInfo]:
        """Every dataset with its version in force, by name."""
        default = self.default()
        with self._read() as connection:
            infos = self._version_infos(connection, sa.true())
        by_name: dict[str, list[VersionInfo]] = {}
        for info in infos:
            by_name.setdefault(info.dataset, []).append(info)
        listing = []
        for name, kept in sorted(by_name.items()):
            current = next((v for v in kept if v.in_force), kept[-1])
            listing.append(DatasetInfo(name, [v.number for v in kept], current,
                                       name == default))
        return listing

    def in_force(self, name: str) -> int:
        """Number of the version in force of ``name``."""
        with self._read() as connection:
            return int(self._dataset_row(connection, name).in_force)

    # ------------------------------------------------------------------ opening a version

    def open(self, name: str, number: int | None = None) -> StoredInputs:
        """The rows of a version (default: in force) as :mod:`loaders` returned them.

        Nothing is validated again: the accepted rows (their Parquet copy, else the row
        tables), issues and row report are read back.
        """
        with self._read() as connection:
            info = self._version_info(connection, name, number)
            version_id = self._version_id(connection, name, info.number)
            results = {}
            for report in connection.execute(
                    sa.select(reports).where(reports.c.version_id == version_id)):
                accepted = (blob_frame(report.accepted) if report.accepted is not None
                            else rows.read_rows(connection, report.kind, version_id,
                                                report.dtypes))
                results[report.kind] = LoadResult(
                    accepted=accepted, issues=decode_frame(blob_frame(report.issues)),
                    rows_read=report.rows_read, kind=report.kind,
                    source_name=report.source_name, sheet=report.sheet,
                    columns=json.loads(report.header_map), outcome=blob_frame(report.outcome))
        return StoredInputs(info, Inputs(results["centres"], results.get("funding"),
                                         options=info.options))

    def files(self, name: str, number: int | None = None) -> list[InputFile]:
        """The files of a version, byte for byte (to validate them again)."""
        with self._read() as connection:
            info = self._version_info(connection, name, number)
            version_id = self._version_id(connection, name, info.number)
            return [InputFile(row.role, row.file_name, bytes(row.content))
                    for row in connection.execute(
                        sa.select(files).where(files.c.version_id == version_id)
                        .order_by(files.c.position))]

    def _version_id(self, connection: sa.Connection, name: str, number: int) -> int:
        return connection.execute(
            sa.select(versions.c.id).join(datasets, versions.c.dataset_id == datasets.c.id)
            .where(datasets.c.name == name, versions.c.number == number)).scalar_one()

    # ------------------------------------------------------------------ writing

    def save(self, name: str, inputs: Inputs, *, actor: Actor | None = None,
             imported_by: str | None = None, territory: str | None = None) -> ImportOutcome:
        """Store validated ``inputs`` as the next version of ``name`` and put it in force.

        When the same files with the same options already are a version of ``name``, that
        version is returned with ``created=False`` and nothing is written. A dataset with a
        territory (given with its first version, kept by the next ones) stores only the rows
        inside it: the others are rejected, "outside the territory of NAME (CODE)".

        Parameters
        ----------
        name : str
        inputs : loaders.inputs.Inputs
        actor : Actor, optional
            Who imports (default :func:`~dashboard.store.permissions.local_actor`); recorded as
            "imported by" unless ``imported_by`` is given.
        imported_by : str, optional
            Name recorded instead of the actor's.
        territory : str, optional
            ``CODE[,CODE…]``, regions or provinces (:mod:`dashboard.store.territory`);
            default: the dataset's own (none for a new dataset).

        Raises
        ------
        ForbiddenError
            ``actor`` is a viewer, or edits other territories only.
        TerritoryError
            A code that is not a region or a province, a territory another dataset claims
            at the same level, or one that differs from the dataset's.
        """
        actor = actor or local_actor()
        actor.require_editor(Message("import files"))
        codes = check_target(name, territory)
        if not inputs.files:
            raise StoreError(Message("nothing to store: the inputs carry no file bytes"))
        user = (imported_by or actor.name)[:200]
        for attempt in range(WRITE_ATTEMPTS):
            try:
                with self._write() as connection:
                    return self._save(connection, name, inputs, user, codes, actor)
            except sa.exc.IntegrityError:
                if attempt == WRITE_ATTEMPTS - 1:
                    raise StoreError(Message("could not store {name}: other imports kept "
                                             "conflicting with this one; try again",
                                             name=name)) from None
        raise AssertionError("not reached")

    def _save(self, connection: sa.Connection, name: str, inputs: Inputs, user: str,
              codes: tuple[str, ...] | None, actor: Actor) -> ImportOutcome:
        now = dt.datetime.now(dt.UTC)
        found = connection.execute(sa.select(datasets.c.id, datasets.c.territory)
                                   .where(datasets.c.name == name)).first()
        kept = _codes(found.territory) if found is not None else ()
        if found is not None and codes is not None and codes != kept:
            raise TerritoryError.of(
                N_("{name} covers {territory}, not {asked}: import under another name, or "
                   "delete {name} first."), name=name,
                territory=format_territory(kept) or "-", asked=format_territory(codes))
        codes = kept if found is not None else (codes or ())
        actor.require_territory(name, codes)
        if found is None:
            self._check_claims(connection, name, codes)
            dataset_id = connection.execute(datasets.insert().values(
                name=name, created_at=now, territory=format_territory(codes) or None)
            ).inserted_primary_key[0]
            if codes:
                connection.execute(claims.insert(), [
                    {"province_code": province, "level": level, "dataset_id": dataset_id}
                    for province, level in sorted(claims_of(codes).items())])
        else:
            dataset_id = found.id
        if codes:
            inputs = restrict_inputs(inputs, name, codes)
        inputs = inherit_decisions(inputs, self._in_force_options(connection, dataset_id))
        fingerprint = inputs.fingerprint
        same = connection.execute(sa.select(versions.c.number).where(
            versions.c.dataset_id == dataset_id, versions.c.fingerprint == fingerprint)).scalar()
        if same is not None:
            return ImportOutcome(self._version_info(connection, name, same), created=False)
        number = 1 + (connection.execute(sa.select(sa.func.max(versions.c.number)).where(
            versions.c.dataset_id == dataset_id)).scalar() or 0)
        grants = inputs.funding
        version_id = connection.execute(versions.insert().values(
            dataset_id=dataset_id, number=number, fingerprint=fingerprint, imported_at=now,
            imported_by=user, options=json.dumps(inputs.options, ensure_ascii=False),
            centres_read=inputs.centres.rows_read,
            centres_accepted=len(inputs.centres.accepted),
            centres_rejected=inputs.centres.rejected_count,
            grants_read=None if grants is None else grants.rows_read,
            grants_accepted=None if grants is None else len(grants.accepted),
            grants_rejected=None if grants is None else grants.rejected_count,
        )).inserted_primary_key[0]
        connection.execute(files.insert(), [
            {"version_id": version_id, "position": position, "role": file.role,
             "file_name": file.name[:400], "sha256": file.sha256,
             "size_bytes": len(file.content), "content": file.content}
            for position, file in enumerate(inputs.files)])
        for kind, result in (("centres", inputs.centres), ("funding", grants)):
            if result is None:
                continue
            connection.execute(reports.insert().values(
                version_id=version_id, kind=kind, source_name=result.source_name[:400],
                sheet=None if result.sheet is None else str(result.sheet)[:200],
                rows_read=result.rows_read,
                header_map=json.dumps(result.columns, ensure_ascii=False),
                dtypes=rows.dtypes_of(result.accepted),
                issues=frame_blob(encode_frame(result.issues)),
                outcome=frame_blob(result.outcome), accepted=frame_blob(result.accepted)))
            rows.write_rows(connection, kind, version_id, result.accepted)
        self._put_in_force(connection, dataset_id, number, now)
        _hold_write_for_tests()
        return ImportOutcome(self._version_info(connection, name, number), created=True)

    def _in_force_options(self, connection: sa.Connection, dataset_id: int) -> dict | None:
        """Options of the version in force of a dataset (None: no version yet)."""
        options = connection.execute(
            sa.select(versions.c.options).join(datasets, versions.c.dataset_id == datasets.c.id)
            .where(datasets.c.id == dataset_id, versions.c.number == datasets.c.in_force)
        ).scalar()
        return None if options is None else json.loads(options)

    def use(self, name: str, number: int, *, actor: Actor | None = None) -> VersionInfo:
        """Put version ``number`` of ``name`` in force (roll back or forward).

        Raises
        ------
        ForbiddenError
            ``actor`` (default: the local user) is a viewer.
        """
        actor = actor or local_actor()
        actor.require_editor(Message("put a version in force"))
        with self._write() as connection:
            dataset = self._dataset_row(connection, name)
            actor.require_territory(name, _codes(dataset.territory))
            self._version_info(connection, name, number)  # it exists
            self._put_in_force(connection, dataset.id, number)
            return self._version_info(connection, name, number)

    def delete(self, name: str, number: int | None = None, *,
               actor: Actor | None = None) -> None:
        """Delete a dataset (every version), or one version of it.

        Deleting the version in force puts the newest remaining one in force; deleting the
        last version deletes the dataset.

        Raises
        ------
        ForbiddenError
            ``actor`` (default: the local user) is a viewer.
        """
        actor = actor or local_actor()
        actor.require_editor(Message("delete datasets"))
        with self._write() as connection:
            dataset = self._dataset_row(connection, name)
            actor.require_territory(name, _codes(dataset.territory))
            if number is not None:
                self._version_info(connection, name, number)  # it exists
                connection.execute(versions.delete().where(
                    versions.c.dataset_id == dataset.id, versions.c.number == number))
                newest = connection.execute(sa.select(sa.func.max(versions.c.number)).where(
                    versions.c.dataset_id == dataset.id)).scalar()
                if newest is not None:
                    if dataset.in_force == number:
                        self._put_in_force(connection, dataset.id, newest)
                    return
            connection.execute(datasets.delete().where(datasets.c.id == dataset.id))
            connection.execute(settings.delete().where(
                settings.c.key == DEFAULT_KEY, settings.c.value == name))

    def _put_in_force(self, connection: sa.Connection, dataset_id: int, number: int,
                      when: dt.datetime | None = None) -> None:
        connection.execute(datasets.update().where(datasets.c.id == dataset_id)
                           .values(in_force=number))
        connection.execute(in_force_log.insert().values(
            dataset_id=dataset_id, number=number, since=when or dt.datetime.now(dt.UTC)))

    def _check_claims(self, connection: sa.Connection, name: str,
                      codes: tuple[str, ...]) -> None:
        """Refuse a territory a dataset already claims at the same level (one line naming it)."""
        wanted = claims_of(codes)
        if not wanted:
            return
        taken = connection.execute(
            sa.select(claims.c.province_code, claims.c.level, datasets.c.name,
                      datasets.c.territory)
            .join(datasets, claims.c.dataset_id == datasets.c.id)
            .where(claims.c.province_code.in_(sorted(wanted)))
            .order_by(claims.c.province_code)).all()
        for row in taken:
            if wanted[row.province_code] == row.level:
                raise TerritoryError.of(
                    N_("The territory {territory} of {name} overlaps {other} "
                       "({other_territory}) at province {province}: delete {other} or choose "
                       "another territory."), name=name, territory=format_territory(codes),
                    other=row.name, other_territory=row.territory, province=row.province_code)

    def territory(self, name: str) -> tuple[str, ...]:
        """The territory codes of dataset ``name`` (empty: none)."""
        with self._read() as connection:
            return _codes(self._dataset_row(connection, name).territory)

    # ------------------------------------------------------------------ the registry

    def registry(self, at: dt.datetime | None = None) -> pd.DataFrame:
        """Where each of the 75 provinces comes from in the registry (now, or as it stood at
        ``at``): :func:`dashboard.store.registry.sources`."""
        with self._read() as connection:
            return registry.sources(connection, at)

    def registry_counts(self, sources: pd.DataFrame) -> pd.DataFrame:
        """Centres and grants per province of a composition :meth:`registry` returned."""
        with self._read() as connection:
            return registry.counts(connection, sources)

    def open_registry(self, at: dt.datetime | None = None) -> tuple[pd.DataFrame, Inputs]:
        """The registry's composition and rows (now, or as it stood at ``at``), read in one
        transaction.

        Raises
        ------
        StoreError
            No province is supplied: no dataset with a territory, or none in force yet at
            ``at`` (the message then says so, and when the first one came).
        """
        with self._read() as connection:
            sources = registry.sources(connection, at)
            inputs = registry.compose(registry.open_parts(connection, sources),
                                      registry.partner_decisions(connection, sources))
            first = registry.first_in_force(connection) if inputs is None else None
        if inputs is None and at is not None and first is not None:
            day = (at - dt.timedelta(microseconds=1)).date()  # ``at``: the end of that day
            raise StoreError.of(N_("No territory dataset was in force on {day}: the registry "
                                   "had no province yet. The first one was put in force on "
                                   "{first}."), day=day.isoformat(),
                                first=first.date().isoformat())
        if inputs is None:
            raise StoreError.of(N_("The registry is empty: no dataset covers a territory yet "
                                   "(taghtia datasets import FILE --name NAME --territory "
                                   "CODE)."))
        return sources, inputs

    # ------------------------------------------------------------------ default dataset

    def default(self) -> str | None:
        """Name of the default dataset, or None."""
        with self._read() as connection:
            return connection.execute(sa.select(settings.c.value).where(
                settings.c.key == DEFAULT_KEY)).scalar()

    def set_default(self, name: str | None, *, actor: Actor | None = None) -> None:
        """Make ``name`` the default dataset (None: no default, the demo).

        Raises
        ------
        ForbiddenError
            ``actor`` (default: the local user) is a viewer.
        """
        (actor or local_actor()).require_everything(Message("choose the default dataset"))
        with self._write() as connection:
            if name is not None and name != REGISTRY:
                self._dataset_row(connection, name)
            connection.execute(settings.delete().where(settings.c.key == DEFAULT_KEY))
            if name is not None:
                connection.execute(settings.insert().values(key=DEFAULT_KEY, value=name))


def check_target(name: str, territory: str | None = None) -> tuple[str, ...] | None:
    """Check the name and territory of an import before reading its files: the territory's
    codes (None when not given).

    Raises
    ------
    InvalidNameError
        A malformed name.
    StoreError
        The reserved name ``registry``.
    TerritoryError
        A territory that is not regions or provinces.
    """
    check_name(name)
    if name == REGISTRY:
        raise StoreError.of(N_("'{name}' is the name of the national registry (every "
                               "territory's version in force): save under the dataset's own "
                               "name, with its territory."), name=name)
    return None if territory is None else parse_territory(territory)


def _codes(territory: str | None) -> tuple[str, ...]:
    return tuple(territory.split(",")) if territory else ()


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
