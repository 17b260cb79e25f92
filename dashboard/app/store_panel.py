"""The Data page's store section: stored datasets and their versions, and saving an upload.

What must outlive a session lives in the store (versions, the version in force, the default)
or in the URL (``?dataset=NAME[@N]``, the view); ``st.session_state`` only holds widgets and
an upload not saved yet. Tables come from :mod:`dashboard.app.library`.

Only editors (:mod:`dashboard.app.permissions`) see the buttons that change the store (use this
version, default, delete, save); the store itself refuses a viewer's write as well.
"""

from __future__ import annotations

import streamlit as st

from dashboard.app import cache, library, session, tables
from dashboard.app.permissions import current_actor
from dashboard.i18n import N_, error_text, t
from dashboard.i18n.labels import DATA_KINDS, SAVE_MODES, label_of
from dashboard.i18n.validation import report_in
from loaders.errors import TaghtiaError

FLASH_KEY = "data.flash"


def _store():
    from dashboard.store import open_store

    return open_store()


def problem(error: TaghtiaError, lang: str) -> str:
    """One line for a store error in the page's language: a refusal (territory, permission)
    as it is, anything else as "Stored datasets unavailable: …"."""
    from dashboard.store.permissions import ForbiddenError
    from dashboard.store.territory import TerritoryError

    if isinstance(error, (ForbiddenError, TerritoryError)):
        return error_text(error, lang)
    return t("Stored datasets unavailable: {message}", lang, message=error_text(error, lang))


def flash() -> None:
    """The outcome of the last store action (saved, version put in force…), once."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message)


def _show(name: str, number: int, in_force: bool) -> None:
    cache.use_dataset(None)
    session.update(dataset=name if in_force else f"{name}@{number}")


def _use(name: str, number: int, lang: str) -> None:
    try:
        _store().use(name, number, actor=current_actor())
    except TaghtiaError as error:
        st.session_state["data.store_error"] = problem(error, lang)
        return
    cache.use_dataset(None)
    session.update(dataset=name)
    st.session_state[FLASH_KEY] = t("{name} v{version} is now in force.", lang, name=name,
                                    version=number)


def _make_default(name: str, lang: str) -> None:
    try:
        _store().set_default(name, actor=current_actor())
    except TaghtiaError as error:
        st.session_state["data.store_error"] = problem(error, lang)
        return
    st.session_state[FLASH_KEY] = t("{name} is now the default dataset.", lang, name=name)


def _delete(name: str, number: int, lang: str) -> None:
    try:
        _store().delete(name, number, actor=current_actor())
    except TaghtiaError as error:
        st.session_state["data.store_error"] = problem(error, lang)
        return
    cache.use_dataset(None)
    viewing = (session.current().dataset or "").partition("@")[0]
    if viewing == name:
        session.update(dataset=None)
    st.session_state.pop(f"data.version.{name}", None)
    st.session_state[FLASH_KEY] = t("{name} v{version} deleted.", lang, name=name, version=number)


def who(lang: str):
    """The session's actor, and a caption saying who they are and what they may do."""
    from dashboard.app.permissions import login_configured

    actor = current_actor()
    if actor.can_edit and actor.scope is not None:
        st.caption(t("Signed in: {name} — editor of the territory {scope}: you may import, "
                     "save, put in force and delete versions of its datasets.", lang,
                     name=actor.name, scope=",".join(actor.scope)))
        return actor
    key = (N_("Signed in: {name} — you may import, save, put in force and delete versions.")
           if actor.can_edit else N_("Viewing: {name} — read only."))
    st.caption(t(key, lang, name=actor.name))
    if actor.how == "anonymous" and login_configured():
        st.button(t("Sign in", lang), key="data.login", on_click=st.login)
    return actor


def stored_datasets(lang: str, can_edit: bool) -> None:
    """The stored datasets; a dataset's versions, to show, download and, for an editor, put
    in force, make the default or delete."""
    st.header(t("Stored datasets", lang))
    try:
        store = _store()
        listing = store.list()
    except TaghtiaError as error:
        st.error(t("Stored datasets unavailable: {message}", lang, message=error_text(error, lang)))
        return
    if st.session_state.get("data.store_error"):
        st.error(st.session_state.pop("data.store_error"))
    if not listing:
        st.caption(t("No dataset stored yet: upload files below, then save them.", lang)
                   if can_edit else
                   t("No dataset stored yet: the pages show the default data.", lang))
        return
    tables.show_grid(library.datasets_table(listing, lang))
    names = [item.name for item in listing]
    viewing, _, viewing_version = (session.current().dataset or "").partition("@")
    if st.session_state.get("data.store_name") not in names:
        st.session_state["data.store_name"] = viewing if viewing in names else names[0]
    name = st.selectbox(t("Dataset", lang), names, key="data.store_name")
    history = store.history(name)
    tables.show_grid(library.versions_table(history, lang))
    numbers = [info.number for info in reversed(history)]
    version_key = f"data.version.{name}"
    if st.session_state.get(version_key) not in numbers:  # preselect the version shown
        shown = int(viewing_version) if viewing == name and viewing_version else None
        st.session_state[version_key] = shown if shown in numbers else numbers[0]
    number = st.selectbox(t("Version", lang), numbers, key=version_key,
                          format_func=lambda n: f"v{n}")
    in_force = next(info.number for info in history if info.in_force)
    buttons = st.columns(4 if can_edit else 1)
    buttons[0].button(t("Show this version", lang), key="data.store_show", on_click=_show,
                      args=(name, number, number == in_force))
    if can_edit:
        buttons[1].button(t("Use this version (for everyone)", lang), key="data.store_use",
                          on_click=_use,
                          args=(name, number, lang), disabled=number == in_force)
        buttons[2].button(t("Make it the app's default", lang), key="data.store_default",
                          on_click=_make_default, args=(name, lang))
        with buttons[3].popover(t("Delete…", lang)):
            st.caption(t("Delete {name} v{version} for everyone? The other versions stay.", lang,
                         name=name, version=number))
            st.button(t("Delete v{version}", lang, version=number), key="data.store_delete",
                      on_click=_delete, args=(name, number, lang), type="primary")
    with st.expander(t("Validation report of {name} v{version}", lang, name=name, version=number)):
        version = cache.stored(f"{name}@{number}")
        for kind, result in (("centres", version.centres), ("funding", version.funding)):
            if result is not None:
                st.caption(label_of(DATA_KINDS, kind, lang))
                report = report_in(result, lang)
                what = t("Validation report — {what}", lang, what=label_of(DATA_KINDS, kind, lang))
                tables.table_downloads(report, f"taghtia-data-{name}-v{number}-{kind}-report",
                                       title=tables.file_title(what, f"{name} v{number}"))


def save_upload(lang: str, upload) -> None:
    """The explicit second step after checking files: save them as a new version of a
    stored dataset, or as a new dataset."""
    from dashboard.store import check_name

    st.header(t("Save these files", lang))
    st.caption(t("Files checked but not saved yet: seen in this tab only.", lang))
    try:
        names = _store().names()
    except TaghtiaError as error:
        st.error(problem(error, lang))
        return
    modes = ["existing", "new"] if names else ["new"]
    mode = st.radio(t("Save as", lang), modes, key="data.save_mode", horizontal=True,
                    format_func=lambda m: label_of(SAVE_MODES, m, lang))
    actor = current_actor()
    territory = None
    if mode == "existing":
        name = st.selectbox(t("New version of…", lang), names, key="data.save_into")
        kept = _store().territory(name)
        st.caption(t("Territory: {territory}", lang, territory=",".join(kept)) if kept else
                   t("No territory: this dataset stays outside the registry.", lang))
    else:
        if "data.save_name" not in st.session_state:
            st.session_state["data.save_name"] = library.suggested_name(upload.name)
        name = st.text_input(t("Name of the new dataset", lang), key="data.save_name",
                             help=t("Lowercase letters, digits, '-' and '_' (64 at most).",
                                    lang)).strip()
        if "data.save_territory" not in st.session_state:  # the delegate's own territory
            st.session_state["data.save_territory"] = ",".join(actor.scope or ())
        territory = st.text_input(
            t("Territory (region or province codes, e.g. 03.561)", lang),
            key="data.save_territory",
            help=t("Rows located outside it are rejected. Empty: a dataset outside the "
                   "registry.", lang)).strip() or None
    if not st.button(t("Save", lang), type="primary", key="data.save"):
        return
    try:
        outcome = _store().save(check_name(name), upload.inputs, actor=actor,
                                territory=territory)
    except TaghtiaError as error:
        st.error(problem(error, lang))
        return
    info = outcome.version
    key = (N_("Saved: {name} v{version}, seen by everyone.") if outcome.created
           else N_("These files already are {name} v{version}: no new version."))
    st.session_state[FLASH_KEY] = t(key, lang, name=info.dataset, version=info.number)
    cache.use_dataset(None)
    st.session_state.pop("data.save_name", None)
    session.update(dataset=info.dataset if info.in_force else info.ref)
    st.rerun()


def review_partners(spelling_a: str, spelling_b: str, same: bool, lang: str) -> None:
    """Save a review decision on two partners (``same``: confirm they are one, the one with
    fewer centres joining the other; else keep them apart) as a new version of the stored
    dataset shown, its partners map updated, and show that version."""
    from dashboard.store.partners_map import save_partner_decisions

    shown = cache.dataset()
    if not shown.stored:
        return
    name = shown.stored.partition("@")[0]
    decisions = cache.partner_decisions()
    try:
        decisions = (decisions.confirm(spelling_a, spelling_b) if same
                     else decisions.reject(spelling_a, spelling_b))
        info = save_partner_decisions(_store(), name, decisions, actor=current_actor())
    except (TaghtiaError, ValueError) as error:
        st.session_state["partners.error"] = str(error)
        return
    cache.use_dataset(None)
    session.update(dataset=name)
    message = (N_("Saved: {a} is now counted with {b} ({name} v{version}).") if same
               else N_("Saved: {a} and {b} stay two partners ({name} v{version})."))
    st.session_state[FLASH_KEY] = t(message, lang, a=spelling_a, b=spelling_b, name=name,
                                    version=info.number)
