"""The store tests run twice: on SQLite and on a real PostgreSQL + PostGIS.

The PostgreSQL cluster (``tests/support/postgres.py``) is started once per test process and
each test gets its own database with PostGIS. Without the Debian packages the PostGIS runs
are skipped, unless ``TAGHTIA_REQUIRE_POSTGIS=1`` (``make test``, CI), where they fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.store import close_store
from tests.store.samples import workbook_bytes
from tests.support.postgres import Cluster, ClusterError, available
from tests.support.required import REQUIRE_POSTGIS, unavailable
from tests.support.store_snapshots import StoreSnapshots


def _unavailable(reason: str) -> None:
    unavailable(reason, "PostGIS tests", REQUIRE_POSTGIS)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    """A PostgreSQL 15 + PostGIS server on 127.0.0.1, for this test process."""
    missing = available()
    if missing:
        _unavailable(missing)
    cluster = Cluster()
    try:
        cluster.start()
    except (ClusterError, OSError) as error:
        cluster.stop()
        _unavailable(f"the PostgreSQL test cluster did not start: {error}")
    yield cluster
    cluster.stop()


@pytest.fixture
def postgis_url(postgres_cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """URL of an empty PostGIS store, set as ``TAGHTIA_DATABASE_URL``."""
    database = postgres_cluster.new_database()
    url = postgres_cluster.url(database)
    monkeypatch.setenv("TAGHTIA_DATABASE_URL", url)
    yield url
    close_store(url)
    postgres_cluster.drop_database(database)


@pytest.fixture(params=["sqlite", "postgis"])
def store_url(request: pytest.FixtureRequest, taghtia_home,
              monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """URL of an empty store, set as ``TAGHTIA_DATABASE_URL`` for the commands and the app."""
    if request.param == "postgis":
        yield request.getfixturevalue("postgis_url")
        return
    url = f"sqlite:///{taghtia_home / 'taghtia.sqlite'}"
    monkeypatch.setenv("TAGHTIA_DATABASE_URL", url)
    yield url
    close_store(url)


@pytest.fixture
def taza_versions(store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture,
                  store_snapshots: StoreSnapshots, request: pytest.FixtureRequest) -> None:
    """taza v1 (12 centres) and v2 (8 centres, in force), imported with the command line
    once per test process and store kind, then copied into each test's store."""

    def build() -> None:
        for version, count in ((1, 12), (2, 8)):
            path = tmp_path / f"taza_v{version}.xlsx"
            path.write_bytes(workbook_bytes(count=count))
            assert main(["datasets", "import", str(path), "--name", "taza"]) == 0
        capsys.readouterr()

    cluster = (request.getfixturevalue("postgres_cluster")
               if store_url.startswith("postgresql") else None)
    store_snapshots.restore("taza_versions", store_url, build, cluster)
