"""The app's pages under Streamlit's ``AppTest``, the one way the page tests open them."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.app.cache import DATASET_KEY
from dashboard.app.pages import DEFAULT_PAGE, page_file

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app" / "streamlit_app.py")
"""The router, as ``taghtia run`` starts it."""


def open_page(page: str, query: dict[str, str] | None = None, upload=None, *,
              timeout: float = 120) -> AppTest:
    """Run page ``page`` once with the query parameters ``query`` (``?lang=ar``…) and, when
    given, a checked upload as the session's dataset; fails on any exception the run shows."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if upload is not None:
        at.session_state[DATASET_KEY] = upload
    if page != DEFAULT_PAGE:
        at.switch_page(page_file(page))
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at
