"""What is on screen is said: the active filters as chips under each page's title.

Every filter that narrows what a page shows (centre types, management modes, statuses other
than "operating", funding sources, one partner, a years window, a date in the past) is one
chip, "<filter>: <values> ✕"; pressing it removes that filter (the view goes back to its
default for it, and so does the link). The chips sit in one container that is always drawn,
empty when no filter is set, so that the elements below keep their places in the page.
"""

from __future__ import annotations

import streamlit as st

from dashboard import i18n
from dashboard.app.session import update
from dashboard.app.state import ViewState
from dashboard.i18n import N_, t
from loaders.vocabulary import CENTRE_TYPES, FUNDING_SOURCES, MANAGEMENT_MODES, STATUSES

VOCABULARY_FILTERS = (("types", CENTRE_TYPES, N_("Centre types")),
                      ("modes", MANAGEMENT_MODES, N_("Management modes")),
                      ("statuses", STATUSES, N_("Statuses")),
                      ("sources", FUNDING_SOURCES, N_("Funding sources")))
"""The sidebar's filters of vocabulary terms: view-state field, its terms, its label."""
_DEFAULT = ViewState()


def active_filters(state: ViewState, lang: str,
                   partner_names: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(view-state field, "<filter>: <values>") of each filter of ``state`` that differs from
    the default view, in the sidebar's order, in ``lang``."""
    chips: list[tuple[str, str]] = []
    for field, vocabulary, label in VOCABULARY_FILTERS:
        value = getattr(state, field)
        if value and value != getattr(_DEFAULT, field):
            names = ", ".join(i18n.term_label(vocabulary, key, lang) for key in value)
            chips.append((field, f"{t(label, lang)}: {names}"))
    if state.partner:
        name = (partner_names or {}).get(state.partner, state.partner)
        chips.append(("partner", f"{t('Partner', lang)}: {name}"))
    if state.years:
        chips.append(("years", f"{t('Years', lang)}: {state.years[0]}–{state.years[1]}"))
    if state.as_of is not None:
        chips.append(("as_of", t("Network at the end of {year}", lang, year=state.as_of)))
    return chips


def filters_line(state: ViewState, lang: str,
                 partner_names: dict[str, str] | None = None) -> str:
    """The active filters in one line ("" when none), for an export's title."""
    return " · ".join(text for _, text in active_filters(state, lang, partner_names))


def partner_names(state: ViewState) -> dict[str, str] | None:
    """Partner id -> name of the dataset's partners when ``state`` keeps one partner (the
    chips and the exports' titles name it), else None."""
    if not state.partner:
        return None
    from dashboard.app import cache

    return cache.partner_names()


def show(state: ViewState, lang: str) -> None:
    """The chips of ``state``'s active filters, each removing its filter when pressed."""
    names = partner_names(state)
    with st.container(key="filter-chips", horizontal=True, gap="small"):
        for field, text in active_filters(state, lang, names):
            st.button(f"{text} ✕", key=f"chip.{field}", on_click=update,
                      kwargs={field: getattr(_DEFAULT, field)},
                      help=t("Remove this filter", lang))
