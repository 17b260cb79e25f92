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
