"""The store's guarantees, on SQLite and on PostgreSQL + PostGIS: stored rows come back as the
loaders returned them, concurrent imports both land complete, a failed import leaves nothing,
the schema is the migrations', and PostGIS gets a real point geometry."""

from __future__ import annotations

import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard.store import Store, StoreError, open_store, parse_ref, rows
from dashboard.store.schema import COPY_ONLY_COLUMNS, HEAD_REVISION, metadata
from loaders import load_inputs
from tests.store.samples import workbook_bytes

ROW_TABLES = ("datasets", "dataset_versions", "version_files", "version_reports", "centres",
              "grants")


def _counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {table: connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
                for table in ROW_TABLES}


def _assert_same_result(loaded, stored) -> None:
    pd.testing.assert_frame_equal(stored.accepted, loaded.accepted)
    pd.testing.assert_frame_equal(stored.issues, loaded.issues)
    pd.testing.assert_frame_equal(stored.outcome, loaded.outcome)
    pd.testing.assert_frame_equal(stored.report(), loaded.report())
    assert (stored.rows_read, stored.kind, stored.source_name, stored.sheet, stored.columns) == (
        loaded.rows_read, loaded.kind, loaded.source_name, loaded.sheet, loaded.columns)


def test_opened_version_gives_back_the_loaders_frames(store_url) -> None:
    from dashboard.demo import demo_paths

    centres, funding = demo_paths()
    loaded = load_inputs(centres, funding)
    store = open_store(store_url)
    outcome = store.save("demo", loaded, imported_by="test")
    assert outcome.created and outcome.version.imported_by == "test"
    opened = store.open("demo")
    assert opened.info.number == 1 and opened.info.files == [centres.name, funding.name]
    _assert_same_result(loaded.centres, opened.inputs.centres)
    _assert_same_result(loaded.funding, opened.inputs.funding)
    stored_files = store.files("demo", 1)
    assert [f.content for f in stored_files] == [centres.read_bytes(), funding.read_bytes()]
    assert [f.sha256 for f in stored_files] == opened.info.sha256


def test_versions_without_the_parquet_copy_open_from_their_rows(store_url) -> None:
    """A version stored before revision 0002 has no copy of its accepted rows: taken back to
    0001 and migrated again, the store opens it from the row tables, equal to the loaders'."""
    from alembic import command

    from dashboard.demo import demo_paths
    from dashboard.store.migrate import alembic_config

    centres, funding = demo_paths()
    loaded = load_inputs(centres, funding)
    store = open_store(store_url)
    store.save("demo", loaded)
    with store.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0001")
    store.close()
    migrated = Store(store_url)
    with migrated.engine.connect() as connection:
        copies = connection.execute(sa.text("SELECT count(accepted) FROM version_reports"))
        assert copies.scalar() == 0
    opened = migrated.open("demo")
    _assert_same_result(_without_copy_only(loaded.centres), opened.inputs.centres)
    _assert_same_result(loaded.funding, opened.inputs.funding)
    migrated.close()


def _without_copy_only(result):
    """The loaders' result with the fields only a version's Parquet copy keeps
    (:data:`COPY_ONLY_COLUMNS`) left empty: what a version read from its rows gives back."""
    accepted = result.accepted
    blank = {column: pd.array([pd.NA] * len(accepted), dtype=accepted[column].dtype)
             for column in COPY_ONLY_COLUMNS[result.kind]}
    assert blank and all(accepted[column].notna().any() for column in blank)
    return replace(result, accepted=accepted.assign(**blank))


def test_workbook_sheets_are_stored_with_their_rejections(store_url) -> None:
    loaded = load_inputs(workbook_bytes(), centres_name="taza.xlsx")
    store = open_store(store_url)
    store.save("taza", loaded)
    opened = store.open("taza").inputs
    assert len(opened.funding_frame) == 12 and opened.funding.rejected_count == 1
    assert opened.centres.sheet == "Centres" and opened.funding.sheet == "financements"
    _assert_same_result(loaded.funding, opened.funding)
    _assert_same_result(loaded.centres, opened.centres)


def test_concurrent_imports_both_land_complete(store_url, monkeypatch) -> None:
    """Two imports enter ``save`` at the same moment (a barrier): both are stored, with
    distinct version numbers, every row of each present."""
    store = open_store(store_url)
    inputs = [load_inputs(workbook_bytes(count=n), centres_name=f"taza{n}.xlsx")
              for n in (10, 12)]
    barrier = threading.Barrier(2)
    original = Store.save

    def save_together(self, *args, **kwargs):
        barrier.wait(timeout=60)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Store, "save", save_together)
    outcomes, errors = [], []

    def run(item) -> None:
        try:
            outcomes.append(store.save("taza", item))
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(item,)) for item in inputs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert sorted(o.version.number for o in outcomes) == [1, 2]
    assert all(o.created for o in outcomes)
    for outcome in outcomes:
        opened = store.open("taza", outcome.version.number).inputs
        assert len(opened.centres_frame) == outcome.version.centres_accepted
        assert len(opened.funding_frame) == outcome.version.grants_accepted
    assert sorted(len(store.open("taza", n).inputs.centres_frame) for n in (1, 2)) == [10, 12]


def test_concurrent_import_processes_both_land(store_url, tmp_path) -> None:
    """Two ``taghtia datasets import`` processes started together (two app replicas)."""
    files = []
    for n in (9, 11):
        path = tmp_path / f"taza{n}.xlsx"
        path.write_bytes(workbook_bytes(count=n))
        files.append(path)
    processes = [subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "datasets", "import", str(path), "--name",
         "taza"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for path in files]
    results = [p.communicate(timeout=180) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], results
    store = open_store(store_url)
    history = store.history("taza")
    assert [v.number for v in history] == [1, 2]
    assert sorted(v.centres_accepted for v in history) == [9, 11]
    assert _counts(store)["centres"] == 20 and _counts(store)["grants"] == 20


def test_failed_import_leaves_nothing(store_url, monkeypatch) -> None:
    store = open_store(store_url)
    write_rows = rows.write_rows

    def failing(connection, kind, version_id, frame):
        write_rows(connection, kind, version_id, frame)
        if kind == "funding":  # centres and grants written, then the import fails
            raise RuntimeError("disk full")

    monkeypatch.setattr(rows, "write_rows", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        store.save("taza", load_inputs(workbook_bytes(), centres_name="taza.xlsx"))
    assert _counts(store) == dict.fromkeys(ROW_TABLES, 0)
    assert store.names() == []


@pytest.mark.filterwarnings("ignore:Did not recognize type 'geometry'")
def test_migrated_schema_matches_the_metadata(store_url) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from dashboard.store.migrate import alembic_config, current_revision

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION
    store = open_store(store_url)
    with store.engine.connect() as connection:
        assert current_revision(connection) == HEAD_REVISION
        differences = compare_metadata(MigrationContext.configure(connection), metadata)

    def ours(diff) -> bool:  # PostGIS's own tables and the geometry column are not ours
        text = repr(diff)
        return not any(word in text for word in ("spatial_ref_sys", "geom", "topology"))

    assert [d for d in differences if ours(d)] == []


def test_opening_twice_migrates_once(store_url) -> None:
    first = Store(store_url)
    second = Store(store_url)  # finds the head revision, runs nothing
    assert first.names() == second.names() == []
    first.close()
    second.close()


def test_postgis_centres_are_points_with_a_gist_index(postgis_url) -> None:
    store = open_store(postgis_url)
    loaded = load_inputs(workbook_bytes(), centres_name="taza.xlsx")
    store.save("taza", loaded)
    with store.engine.connect() as connection:
        column = connection.execute(sa.text(
            "SELECT type, srid, coord_dimension FROM geometry_columns "
            "WHERE f_table_name = 'centres' AND f_geometry_column = 'geom'")).one()
        assert tuple(column) == ("POINT", 4326, 2)
        index = connection.execute(sa.text(
            "SELECT am.amname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am am ON am.oid = c.relam JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'centres'::regclass "
            "AND a.attname = 'geom'")).scalars().all()
        assert index == ["gist"]
        located = loaded.centres_frame.dropna(subset=["latitude", "longitude"])
        points = connection.execute(sa.text(
            "SELECT centre_id, ST_X(geom), ST_Y(geom) FROM centres WHERE geom IS NOT NULL "
            "ORDER BY centre_id")).all()
    assert len(points) == len(located) > 0
    expected = located.sort_values("centre_id")
    assert [p[0] for p in points] == list(expected["centre_id"])
    assert [p[1] for p in points] == pytest.approx(list(expected["longitude"]))
    assert [p[2] for p in points] == pytest.approx(list(expected["latitude"]))


def test_unreachable_database_is_one_line(tmp_path) -> None:
    with pytest.raises(StoreError, match="cannot use the store at postgresql"):
        Store("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(StoreError, match="is not valid"):
        Store("not a url")


@pytest.mark.parametrize(("ref", "expected"), [
    ("khenifra", ("khenifra", None)), ("khenifra@3", ("khenifra", 3)),
    ("registre-national_2@12", ("registre-national_2", 12)),
])
def test_refs(ref, expected) -> None:
    assert parse_ref(ref) == expected


@pytest.mark.parametrize("ref", ["khenifra@", "khenifra@0", "khenifra@x", "Khenifra", "@3"])
def test_bad_refs(ref) -> None:
    with pytest.raises(StoreError):
        parse_ref(ref)


def test_default_dataset_is_read_as_the_store_says(store_url) -> None:
    """``default_dataset`` (the SQLite file read with the standard library) agrees with
    ``Store.default`` before any store, with no default, with one, and after it is unset."""
    from dashboard.demo import demo_paths
    from dashboard.store import default_dataset, store_exists

    assert default_dataset() is None
    store = open_store()
    assert default_dataset() is None and store_exists()
    store.save("demo", load_inputs(*demo_paths()), imported_by="test")
    store.set_default("demo")
    assert default_dataset() == store.default() == "demo"
    store.set_default(None)
    assert default_dataset() is None and store.default() is None


def test_default_dataset_of_a_store_not_opened_follows_its_changes(taghtia_home) -> None:
    """Read with sqlite3 while this process has not opened the store, and read again after
    another connection changed it (a page asks on every rerun)."""
    from dashboard.demo import demo_paths
    from dashboard.store import close_store, default_dataset

    store = open_store()
    store.save("demo", load_inputs(*demo_paths()), imported_by="test")
    store.set_default("demo")
    close_store()
    assert default_dataset() == "demo"
    assert default_dataset() == "demo"  # unchanged files: the name read before
    open_store().set_default(None)
    close_store()
    assert default_dataset() is None


def test_default_dataset_asks_the_store_when_the_file_is_not_one(
        taghtia_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dashboard.store as store_module

    urls: list[str | None] = []

    class Asked:
        def default(self) -> str:
            return "from the store"

    def asked(url: str | None = None) -> Asked:
        urls.append(url)
        return Asked()

    (taghtia_home / "taghtia.sqlite").write_bytes(b"not a database")
    monkeypatch.setattr(store_module, "open_store", asked)
    assert store_module.default_dataset() == "from the store"
    assert urls == [store_module.database_url()]


def test_sqlite_store_defaults_to_taghtia_home(taghtia_home: Path) -> None:
    from dashboard.store import database_url

    assert database_url() == f"sqlite:///{taghtia_home / 'taghtia.sqlite'}"
    open_store().names()
    assert (taghtia_home / "taghtia.sqlite").is_file()
