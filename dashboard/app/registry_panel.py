"""The Data page's registry section: the 75 provinces on a map coloured current / stale /
missing (the dataset, version, date and who imported it on hover) and as a table, with a
button that opens the registry on every page."""

from __future__ import annotations

import streamlit as st

from dashboard.app import cache, map_panel, reference, registry_view, session, tables
from dashboard.i18n import t
from loaders.errors import TaghtiaError


def registry_section(lang: str) -> None:
    """The registry's status, when at least one dataset covers a territory."""
    from dashboard import sources
    from dashboard.store.names import REGISTRY

    try:
        status = sources.registry_status()
    except TaghtiaError:  # no store: the stored datasets' section says why
        return
    if (status["state"] == "missing").all():
        return
    st.header(t("National registry", lang))
    st.markdown(registry_view.registry_line(status, lang))
    geometry, bounds = reference.geometry("province", None)
    spec = registry_view.registry_spec(status, geometry, bounds, lang)
    map_panel.show_map(spec, key="data.registry_map", drill=False)
    tables.show_grid(registry_view.registry_table(status, lang))
    if cache.dataset().stored != REGISTRY:  # not shown yet (the link's or the default)
        st.button(t("Open the registry on every page", lang), key="data.open_registry",
                  on_click=session.update, kwargs={"dataset": REGISTRY})
