"""The dashboard's pages, in menu order: the one list the router, the tests and the benchmarks
read. Adding a page means adding its name here and ``app_pages/<name>.py`` (plus its
``nav.<name>`` title in :mod:`dashboard.i18n`); the first page is the default one, at ``/``."""

from __future__ import annotations

PAGES: tuple[str, ...] = ("overview", "coverage", "services", "funding", "underserved",
                          "planning", "partners", "data")
DEFAULT_PAGE = PAGES[0]


def path_of(name: str) -> str:
    """The URL path of page ``name`` under the app's root: ``""`` for the default page
    (Streamlit answers ``/overview`` with "Page not found"), else the name."""
    return "" if name == DEFAULT_PAGE else name
