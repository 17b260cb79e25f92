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
from dashboard.i18n import messages, t
from loaders.errors import TaghtiaError

FLASH_KEY = "data.flash"


def _store():
    from dashboard.store import open_store

    return open_store()


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
        st.session_state["data.store_error"] = str(error)
        return
    cache.use_dataset(None)
    session.update(dataset=name)
    st.session_state[FLASH_KEY] = t("store.now_in_force", lang, name=name, version=number)


def _make_default(name: str, lang: str) -> None:
    try:
        _store().set_default(name, actor=current_actor())
    except TaghtiaError as error:
        st.session_state["data.store_error"] = str(error)
        return
    st.session_state[FLASH_KEY] = t("store.now_default", lang, name=name)


def _delete(name: str, number: int, lang: str) -> None:
    try:
        _store().delete(name, number, actor=current_actor())
    except TaghtiaError as error:
        st.session_state["data.store_error"] = str(error)
        return
    cache.use_dataset(None)
    viewing = (session.current().dataset or "").partition("@")[0]
    if viewing == name:
        session.update(dataset=None)
    st.session_state.pop(f"data.version.{name}", None)
    st.session_state[FLASH_KEY] = t("store.deleted", lang, name=name, version=number)


def who(lang: str):
    """The session's actor, and a caption saying who they are and what they may do."""
    from dashboard.app.permissions import login_configured

    actor = current_actor()
    key = "access.editor" if actor.can_edit else "access.viewer"
    st.caption(t(key, lang, name=actor.name))
    if actor.how == "anonymous" and login_configured():
        st.button(t("access.login", lang), key="data.login", on_click=st.login)
    return actor


def stored_datasets(lang: str, can_edit: bool) -> None:
    """The stored datasets; a dataset's versions, to show, download and, for an editor, put
    in force, make the default or delete."""
    st.subheader(t("store.title", lang))
    try:
        store = _store()
        listing = store.list()
    except TaghtiaError as error:
        st.error(t("store.problem", lang, message=str(error)))
        return
    if st.session_state.get("data.store_error"):
        st.error(t("store.problem", lang, message=st.session_state.pop("data.store_error")))
    if not listing:
        st.caption(t("store.empty" if can_edit else "store.empty_viewer", lang))
        return
    st.dataframe(library.datasets_table(listing, lang), hide_index=True, width="stretch")
    names = [item.name for item in listing]
    viewing, _, viewing_version = (session.current().dataset or "").partition("@")
    if st.session_state.get("data.store_name") not in names:
        st.session_state["data.store_name"] = viewing if viewing in names else names[0]
    name = st.selectbox(t("store.pick", lang), names, key="data.store_name")
    history = store.history(name)
    st.dataframe(library.versions_table(history, lang), hide_index=True, width="stretch")
    numbers = [info.number for info in reversed(history)]
    version_key = f"data.version.{name}"
    if st.session_state.get(version_key) not in numbers:  # preselect the version shown
        shown = int(viewing_version) if viewing == name and viewing_version else None
        st.session_state[version_key] = shown if shown in numbers else numbers[0]
    number = st.selectbox(t("store.pick_version", lang), numbers, key=version_key,
                          format_func=lambda n: f"v{n}")
    in_force = next(info.number for info in history if info.in_force)
    buttons = st.columns(4 if can_edit else 1)
    buttons[0].button(t("store.show", lang), key="data.store_show", on_click=_show,
                      args=(name, number, number == in_force))
    if can_edit:
        buttons[1].button(t("store.use", lang), key="data.store_use", on_click=_use,
                          args=(name, number, lang), disabled=number == in_force)
        buttons[2].button(t("store.make_default", lang), key="data.store_default",
                          on_click=_make_default, args=(name, lang))
        with buttons[3].popover(t("store.delete", lang)):
            st.caption(t("store.delete_confirm", lang, name=name, version=number))
            st.button(t("store.delete_button", lang, version=number), key="data.store_delete",
                      on_click=_delete, args=(name, number, lang), type="primary")
    with st.expander(t("store.version_report", lang, name=name, version=number)):
        version = cache.stored(f"{name}@{number}")
        for kind, result in (("centres", version.centres), ("funding", version.funding)):
            if result is not None:
                st.caption(t(f"data.{kind}", lang))
                report = messages.translate_report(result.report(), lang)
                tables.table_downloads(report, f"taghtia-{name}-v{number}-{kind}-report")


def save_upload(lang: str, upload) -> None:
    """The explicit second step after checking files: save them as a new version of a
    stored dataset, or as a new dataset."""
    from dashboard.store import check_name

    st.subheader(t("store.save_title", lang))
    st.caption(t("store.unsaved", lang))
    try:
        names = _store().names()
    except TaghtiaError as error:
        st.error(t("store.problem", lang, message=str(error)))
        return
    modes = ["existing", "new"] if names else ["new"]
    mode = st.radio(t("store.save_as", lang), modes, key="data.save_mode", horizontal=True,
                    format_func=lambda m: t(f"store.save_{m}", lang))
    if mode == "existing":
        name = st.selectbox(t("store.save_into", lang), names, key="data.save_into")
    else:
        if "data.save_name" not in st.session_state:
            st.session_state["data.save_name"] = library.suggested_name(upload.name)
        name = st.text_input(t("store.new_name", lang), key="data.save_name",
                             help=t("store.name_rule", lang)).strip()
    if not st.button(t("store.save", lang), type="primary", key="data.save"):
        return
    try:
        outcome = _store().save(check_name(name), upload.inputs, actor=current_actor())
    except TaghtiaError as error:
        st.error(t("store.problem", lang, message=str(error)))
        return
    info = outcome.version
    key = "store.saved" if outcome.created else "store.same_files"
    st.session_state[FLASH_KEY] = t(key, lang, name=info.dataset, version=info.number)
    cache.use_dataset(None)
    st.session_state.pop("data.save_name", None)
    session.update(dataset=info.dataset if info.in_force else info.ref)
    st.rerun()
