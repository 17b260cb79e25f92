"""The page's frame and the widgets bound to the view state (and so to the URL).

The page header (title, dataset line, demo notice, breadcrumb), the error boundary around a
page, and radios, selects, multiselects, toggles and the years slider whose value is a field
of :class:`dashboard.app.state.ViewState` (:mod:`dashboard.app.session`).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import streamlit as st

from dashboard import i18n
from dashboard.app import cache, filter_chips, reference, view
from dashboard.app.session import STATE_KEY, current, keep, lang, scoped, set_territory, update
from dashboard.app.state import ViewState
from dashboard.i18n import t

LOG = logging.getLogger("taghtia.app")
PAGE_TITLE_KEY = "app.page_title"
"""The title of the page drawn in this run (set by :func:`header`): the first line of its
exports' titles (:func:`dashboard.app.tables.view_title`)."""


@contextlib.contextmanager
def error_boundary() -> Iterator[None]:
    """Turn an unexpected error into one translated line and a way back, and log it.

    Streamlit's own control flow (``st.rerun``, ``st.stop``) derives from BaseException and
    passes through untouched.
    """
    try:
        yield
    except Exception:
        LOG.exception("unexpected error while drawing the page (view %s)", current())
        lang_ = current().lang
        st.error(t("Something went wrong showing this view; no data was changed. The details were "
                   "written to the server log.", lang_), icon=":material/warning:")
        st.button(t("Back to the overview of Morocco", lang_), key="app.error_back",
                  on_click=_start_over)


def _start_over() -> None:
    """Back to Morocco's overview in the same language, filters and widgets reset."""
    language = current().lang
    for key in list(st.session_state):
        del st.session_state[key]
    st.session_state[STATE_KEY] = ViewState(lang=language)


def years_filter(container=None) -> tuple[int, int] | None:
    """The years slider of the funding figures, drawn where the page needs it.

    Returns the period the funding figures cover (the loaded grants' years when no choice
    was made), or None when no grant is loaded.
    """
    grants = cache.dataset().funding_frame
    period = view.funding_period(grants, current().years)
    if period is None:
        return None
    first, last = view.funding_period(grants, None)
    if first == last:
        return period
    key = scoped("funding.years")
    keep(key, period)

    def on_change() -> None:
        low, high = st.session_state[key]
        update(years=None if (low, high) == (first, last) else (int(low), int(high)))

    (container or st).slider(t("Years", lang()), first, last, key=key,
                             on_change=on_change)
    return period


def header(title_key: str) -> tuple[ViewState, str, str]:
    """Title, dataset line, demo notice and breadcrumb; returns (state, lang, territory name)."""
    view = current()
    lang_ = view.lang
    name = reference.territories().name(view.territory, lang_)
    title = t(title_key, lang_, name=name)
    st.title(title)
    st.session_state[PAGE_TITLE_KEY] = title  # the first line of the page's exports' titles
    filter_chips.show(view, lang_)
    dataset = cache.dataset()
    if dataset.is_demo:  # one line on a slide
        st.warning(t("Illustrative data: generated centres and grants (demo); real boundaries "
                     "and census.", lang_) if view.present else
                   t("Illustrative data: the centres and grants shown are generated (demo), not "
                     "the real registry. Boundaries and census figures are real.", lang_),
                   icon=":material/warning:")
    grants = 0 if dataset.funding_frame is None else len(dataset.funding_frame)
    label = t("illustrative demo", lang_) if dataset.is_demo else dataset.name
    st.caption(t("Dataset: {name} — {centres} centres, {grants} grants", lang_, name=label,
                 centres=i18n.number(
        len(dataset.centres_frame), lang_), grants=i18n.number(grants, lang_)))
    if dataset.provinces is not None:  # the registry: where each province comes from
        from dashboard.app.registry_view import sources_line

        st.caption(sources_line(dataset.provinces, view.territory, lang_))
    unknown = st.query_params.get("unknown_path")  # dashboard/app/unknown_paths.py
    if unknown:
        st.warning(t("There is no page at {path}: here is the overview.", lang_,
                     path=unknown[:120]), icon=":material/explore_off:")
    if cache.files_problem() and cache.dataset().is_demo:  # taghtia run's files unreadable
        st.error(t("The files Taghtia was started with cannot be read: {message} The "
                   "illustrative demo is shown instead.", lang_,
                   message=i18n.sentence(i18n.message_text(cache.files_problem(), lang_))))
    if cache.dataset_problem():  # a ?dataset= that is not stored, or no store
        st.error(t("Stored datasets unavailable: {message}", lang_,
                   message=i18n.message_text(cache.dataset_problem(), lang_)))
        st.button(t("Back to the default data", lang_), key="app.dataset_back",
                  on_click=_forget_dataset, icon=":material/undo:")
    breadcrumb(view.territory)
    return view, lang_, name


def _forget_dataset() -> None:
    """The way back from a ``?dataset=`` that cannot be opened: the default data, and the
    link without it."""
    update(dataset=None)
    st.session_state.pop(cache.PROBLEM_KEY, None)


def breadcrumb(code: str | None) -> None:
    """Buttons from Morocco down to the current territory; each goes back up."""
    terr = reference.territories()
    chain = terr.chain(code)
    columns = st.columns(len(chain) + 1, gap="small")
    for i, item in enumerate(chain):
        with columns[i]:
            st.button(terr.name(item, lang()), key=f"crumb.{item or 'ma'}",
                      disabled=item == code, on_click=set_territory, args=(item,),
                      type="tertiary")


def _bound(widget, key: str, options: list, value, field: str, **kwargs) -> object:
    """Draw ``widget`` with its value bound to a view-state field (and so to the URL)."""
    key = scoped(key)
    if st.session_state.get(key) not in options:
        st.session_state[key] = value if value in options else options[0]

    def on_change() -> None:
        update(**{field: st.session_state[key]})

    return widget(options=options, key=key, on_change=on_change, **kwargs)


def keyed_radio(container, key: str, label: str, options: list, value, format_func,
                field: str) -> object:
    """A horizontal radio bound to a view-state field (and so to the URL)."""
    return _bound(container.radio, key, options, value, field, label=label,
                  format_func=format_func, horizontal=True)


def keyed_select(container, key: str, label: str, options: list, value, format_func,
                 field: str) -> object:
    """A selectbox bound to a view-state field (and so to the URL)."""
    return _bound(container.selectbox, key, options, value, field, label=label,
                  format_func=format_func)


def keyed_number(container, key: str, label: str, value: int, field: str, *,
                 max_value: int, step: int = 1) -> int:
    """A whole-number input (1 to ``max_value``) bound to a view-state field (and so to the
    URL)."""
    key = scoped(key)
    if not isinstance(st.session_state.get(key), int):
        st.session_state[key] = value

    def on_change() -> None:
        update(**{field: int(st.session_state[key])})

    return container.number_input(label, min_value=1, max_value=max_value, step=step, key=key,
                                  on_change=on_change)


def remembered_toggle(place, label: str, name: str) -> bool:
    """A toggle whose choice outlives the page and the language: kept in the session under
    ``name`` (Streamlit forgets a widget's own state in a run that does not draw it, and each
    language has its own widget, :func:`scoped`)."""
    key = scoped(name)
    keep(key, bool(st.session_state.get(name, False)))

    def on_change() -> None:
        st.session_state[name] = st.session_state[key]

    return place.toggle(label, key=key, on_change=on_change)


def keyed_multiselect(container, key: str, label: str, options: list, value, format_func,
                      field: str, **kwargs) -> list:
    """A multiselect bound to a view-state field holding a tuple (or None when empty)."""
    key = scoped(key)
    chosen = [v for v in (value or ()) if v in options]
    if key not in st.session_state or list(st.session_state[key]) != chosen:
        st.session_state[key] = chosen

    def on_change() -> None:
        update(**{field: tuple(st.session_state[key]) or None})

    return container.multiselect(label, options, key=key, on_change=on_change,
                                 format_func=format_func, **kwargs)
