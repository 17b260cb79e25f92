"""Suite-wide settings.

Property tests run with a fixed sequence of examples by default, so a run of ``make test``
is repeatable; ``HYPOTHESIS_PROFILE=explore`` draws new random examples on every run.
Every test gets its own empty ``TAGHTIA_HOME`` (so its own SQLite store).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from tests.support.browser import CHROMIUM_ARGS, chromium_path
from tests.support.required import unavailable
from tests.support.store_snapshots import StoreSnapshots

# no per-example deadline: on a shared 2-core machine an example's time says nothing about
# the code (speed is measured by `make bench`, not by the tests)
settings.register_profile("repeatable", derandomize=True, print_blob=True, deadline=None)
settings.register_profile("explore", print_blob=True, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(autouse=True)
def taghtia_home(tmp_path_factory: pytest.TempPathFactory,
                 monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty Taghtia home (and so SQLite store) for every test: tests never touch
    the user's data folder, and a dataset stored by one test is not seen by another."""
    home = tmp_path_factory.mktemp("taghtia-home")
    monkeypatch.setenv("TAGHTIA_HOME", str(home))
    for name in ("TAGHTIA_DATABASE_URL", "TAGHTIA_DATASET", "TAGHTIA_CENTRES",
                 "TAGHTIA_FUNDING", "TAGHTIA_TRUSTED_PROXY", "TAGHTIA_EDITORS",
                 "TAGHTIA_EDITOR_GROUPS", "TAGHTIA_USER_HEADER", "TAGHTIA_GROUPS_HEADER"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(scope="session")
def store_snapshots(tmp_path_factory: pytest.TempPathFactory) -> StoreSnapshots:
    """Stores prepared once per test process, copied into a test's own store on request."""
    return StoreSnapshots(tmp_path_factory.mktemp("store-snapshots"))


# --------------------------------------------------------------------------------------------
# Debian's Chromium through Playwright: one browser per test process (Playwright's sync API
# cannot be started twice in a process), shared by the browser tests and the replica test
# --------------------------------------------------------------------------------------------


def _unavailable(reason: str) -> None:
    unavailable(reason, "browser tests")


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        _unavailable("Debian's chromium is not installed (apt-get install -y chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    return str(path)


@pytest.fixture(scope="session")
def browser(chromium: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


