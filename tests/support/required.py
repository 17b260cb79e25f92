"""Tests that need a tool from outside Python (Chromium, LibreOffice, PostgreSQL + PostGIS,
nginx) skip when it is missing, except where ``make test`` and CI require them: there they
fail, so that a missing tool never passes for a green suite."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

REQUIRE_BROWSER = "TAGHTIA_REQUIRE_BROWSER"
"""Set to 1 by ``make test``: the browser, replica and LibreOffice tests must run."""
REQUIRE_POSTGIS = "TAGHTIA_REQUIRE_POSTGIS"
"""Set to 1 by ``make test``: the PostgreSQL + PostGIS tests must run."""


def unavailable(reason: str, what: str = "browser tests",
                required_by: str = REQUIRE_BROWSER) -> NoReturn:
    """Skip the test for ``reason``, or fail it when ``required_by`` is set to 1."""
    if os.environ.get(required_by) == "1":
        pytest.fail(f"{what} required ({required_by}=1) but {reason}")
    pytest.skip(reason)
