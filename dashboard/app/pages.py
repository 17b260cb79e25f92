"""The dashboard's pages, in menu order: the one list the router, the presentation mode, the
tests and the benchmarks read. Adding a page means adding its name here and
``app_pages/<name>.py`` (plus its title in :mod:`dashboard.i18n.labels`); the first page is the
default one, at ``/``."""

from __future__ import annotations

PAGES: tuple[str, ...] = ("overview", "coverage", "services", "funding", "underserved",
                          "planning", "partners", "data")
DEFAULT_PAGE = PAGES[0]
WITHOUT_MAP: tuple[str, ...] = ("data",)
"""Pages that draw no map (every other page has one, with a legend)."""
MAP_PAGES: tuple[str, ...] = tuple(page for page in PAGES if page not in WITHOUT_MAP)
SLIDE_PAGES: tuple[str, ...] = ("overview", "coverage", "services", "funding", "underserved",
                                "planning")
"""Pages shown as slides in presentation mode, in order (a new page joins here to be one)."""
PLANNER_PAGES: tuple[str, ...] = ("planning",)
"""The planners' tools (the other map pages are every viewer's)."""


def path_of(name: str) -> str:
    """The URL path of page ``name`` under the app's root: ``""`` for the default page
    (Streamlit answers ``/overview`` with "Page not found"), else the name."""
    return "" if name == DEFAULT_PAGE else name


def page_file(name: str) -> str:
    """The script of page ``name``, relative to the router's folder (``app_pages/data.py``)."""
    return f"app_pages/{name}.py"
