"""Taghtia's Streamlit entry: routes to the pages, holds language and territory.

Run it with ``taghtia run`` (static serving on, so the vendored Leaflet in ``static/`` is
served at ``/app/static/``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app/streamlit_app.py` from a checkout
    sys.path.insert(0, str(ROOT))

from dashboard.app import present, session, sidebar, style, ui  # noqa: E402
from dashboard.app.pages import DEFAULT_PAGE, PAGES, page_file  # noqa: E402
from dashboard.i18n.labels import PAGE_TITLES, label_of  # noqa: E402

st.set_page_config(page_title="Taghtia", layout="wide")
lang = session.current().lang
here = Path(__file__).parent
pages = {
    name: st.Page(here / page_file(name), title=label_of(PAGE_TITLES, name, lang), url_path=name,
                  default=name == DEFAULT_PAGE)
    for name in PAGES
}
page = st.navigation(list(pages.values()), position="hidden" if present.active() else "sidebar")
with ui.error_boundary():
    sidebar.sidebar()
    style.direction()
    present.start_button()
    page.run()
    # after the page: its elements keep their places whether it is a slide or not (a map
    # moved in the page is a new frame its component no longer hears: a blank map)
    present.show(pages, next(name for name, p in pages.items() if p is page))
session.sync_query()
session.FIRST_RUN_DONE.set()
