"""The view state of the session: what the page shows, kept in the session and the URL.

The view state (:class:`dashboard.app.state.ViewState`) lives in ``st.session_state["app.state"]``
and is mirrored into the URL query string at the end of every run (:func:`sync_query`), so a
copied link reopens the same view. Widget keys are prefixed with their page (``coverage.view``)
or ``app.``, and suffixed with the language (:func:`scoped`).
"""

from __future__ import annotations

import threading
from dataclasses import replace

import streamlit as st

from dashboard.app import reference, state
from dashboard.app.state import ViewState

STATE_KEY = "app.state"
FIRST_RUN_DONE = threading.Event()
"""Set when a script run of this process has finished drawing a page (the server's warm-up
waits for it before preparing what the first page does not need)."""


def current() -> ViewState:
    """The session's view state, read from the query string on the first run."""
    if STATE_KEY not in st.session_state:
        known = reference.territories().pickable()
        st.session_state[STATE_KEY] = state.from_query(st.query_params.to_dict(), known)
    return st.session_state[STATE_KEY]


def update(**changes: object) -> ViewState:
    """Change fields of the view state (e.g. ``update(territory="03.491")``)."""
    new = replace(current(), **changes)
    st.session_state[STATE_KEY] = new
    return new


def sync_query() -> None:
    """Write the view state into the URL query string (defaults left out)."""
    wanted = state.to_query(current())
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def lang() -> str:
    """The language of the view (``fr``, ``ar`` or ``en``)."""
    return current().lang


def scoped(key: str) -> str:
    """The widget key of ``key`` in the current language (``app.region@ar``).

    Streamlit maps a select's value back through its displayed label, so a widget whose
    labels change with the language must not outlive the language: each language gets its
    own widget, initialised from the view state (:func:`_on_language` drops the others).
    """
    return f"{key}@{lang()}"


def set_territory(code: str | None) -> None:
    """Go to a territory (callback of breadcrumbs, map clicks and pickers)."""
    update(territory=code, level=None)
    region, province = reference.territories().region_province(code)
    st.session_state[scoped("app.region")] = region or ""
    st.session_state[scoped("app.province")] = province or ""


def keep(key: str, value: object) -> None:
    """Give widget ``key`` its first value, unless the session holds one already."""
    if key not in st.session_state:
        st.session_state[key] = value
