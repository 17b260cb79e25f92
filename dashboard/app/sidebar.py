"""The sidebar shared by every page: language, territory picker and centre filters."""

from __future__ import annotations

import html

import streamlit as st

from dashboard import i18n
from dashboard.app import reference
from dashboard.app.filter_chips import VOCABULARY_FILTERS
from dashboard.app.session import current, keep, lang, scoped, update
from dashboard.app.state import filter_keys
from dashboard.choices import DEFAULT_STATUSES
from dashboard.i18n import t


def _on_language() -> None:
    """Switch language; the widgets of the previous language are dropped, not reused."""
    update(lang=st.session_state["app.lang"])
    for key in [k for k in st.session_state if isinstance(k, str) and "@" in k]:
        if key.rsplit("@", 1)[1] in i18n.LANGUAGES:
            del st.session_state[key]


def _on_region() -> None:
    st.session_state[scoped("app.province")] = ""
    update(territory=st.session_state[scoped("app.region")] or None, level=None)


def _on_province() -> None:
    province = st.session_state[scoped("app.province")]
    update(territory=province or st.session_state[scoped("app.region")] or None, level=None)


def sidebar() -> None:
    """Language, territory picker and centre filters (shared by every page)."""
    view = current()
    lang_ = view.lang
    terr = reference.territories()
    with st.sidebar:
        keep("app.lang", view.lang)
        st.selectbox(t("Language", lang_), i18n.LANGUAGES, key="app.lang",
                     format_func=i18n.LANGUAGE_NAMES.__getitem__, on_change=_on_language)
        region, province = terr.region_province(view.territory)
        region_key, province_key = scoped("app.region"), scoped("app.province")
        if region:  # else the widget starts on its first choice, "" (see _partner_filter)
            keep(region_key, region)
        keep(province_key, province or "")
        st.markdown("**" + t("Territory", lang_) + "**")
        st.markdown('<span class="taghtia-sr-only">' + html.escape(t(
            "With the keyboard: choose a region, then a province, to move down to a "
            "territory; every map and table follows.", lang_)) + "</span>",
            unsafe_allow_html=True)
        regions = ["", *[u.code for u in terr.of_level("region")]]
        chosen_region = st.selectbox(t("Region", lang_), regions, key=region_key,
                                     format_func=lambda c: terr.name(c, lang_) if c
                                     else t("Morocco (all regions)", lang_),
                                     on_change=_on_region)
        if chosen_region:
            provinces = ["", *[u.code for u in terr.of_level("province", chosen_region)]]
            if st.session_state[province_key] not in provinces:
                st.session_state[province_key] = ""
            st.selectbox(t("Province or prefecture", lang_), provinces, key=province_key,
                         format_func=lambda c: terr.name(c, lang_) if c
                         else t("Whole region", lang_), on_change=_on_province)
        with st.expander(t("Filters: centres and funding", lang_)):
            for field, vocabulary, label in VOCABULARY_FILTERS:
                _filter(field, vocabulary, label)
            _partner_filter()


def _filter(field: str, vocabulary, label_key: str) -> None:
    key = scoped(f"app.{field}")
    value = getattr(current(), field)
    keys = [term.key for term in vocabulary]
    if value:  # else the widget starts empty by itself (see _partner_filter)
        keep(key, list(value))

    def on_change() -> None:
        chosen = filter_keys(field, st.session_state[key])
        if chosen is None and st.session_state[key]:  # every term chosen: no filter
            st.session_state[key] = []
        update(**{field: chosen or (None if field != "statuses" else DEFAULT_STATUSES)})

    lang_ = lang()
    st.multiselect(t(label_key, lang_), keys, key=key, on_change=on_change,
                   format_func=lambda k: i18n.term_label(vocabulary, k, lang_),
                   placeholder=t("all", lang_))


def _partner_filter() -> None:
    """One partner's centres only (every page); the choices are the dataset's partners."""
    from dashboard.app import cache

    names = cache.partner_names()
    chosen = current().partner
    key = scoped("app.partner")
    if chosen in names:
        keep(key, chosen)
    # with no partner chosen the widget starts on its first choice by itself: seeding it
    # would make its first message differ from the next reruns' (a value set by the
    # script), and the whole list of names, ~30 KB, would travel again on the next change
    # instead of a reference to the browser's copy

    def on_change() -> None:
        update(partner=st.session_state[key] or None)

    lang_ = lang()
    st.selectbox(t("Partner", lang_), ["", *names], key=key, on_change=on_change,
                 format_func=lambda k: names.get(k, "") if k else t("all", lang_))
