"""Streamlit pieces shared by the router and the pages: state, sidebar, banner, map, downloads.

The view state (:class:`dashboard.app.state.ViewState`) lives in ``st.session_state["app.state"]``
and is mirrored into the URL query string at the end of every run, so a copied link reopens
the same view. Widget keys are prefixed with their page (``coverage.view``) or ``app.``.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import i18n
from dashboard.app import data, downloads, maps, state
from dashboard.app.state import ViewState
from dashboard.calc.indicators import Filters
from dashboard.i18n import t
from loaders.vocabulary import CENTRE_TYPES, FUNDING_SOURCES, MANAGEMENT_MODES, STATUSES

STATE_KEY = "app.state"
RTL_CSS = """
<style>
.stApp, .stApp [data-testid="stMarkdownContainer"], .stApp [data-testid="stSidebar"],
.stApp [data-testid="stMetric"], .stApp label, .stApp .stAlert {
  direction: rtl; text-align: right;
}
</style>
"""


# --------------------------------------------------------------------------------------------
# State
# --------------------------------------------------------------------------------------------


def current() -> ViewState:
    """The session's view state, read from the query string on the first run."""
    if STATE_KEY not in st.session_state:
        known = data.territories().pickable()
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
    return current().lang


def set_territory(code: str | None) -> None:
    """Go to a territory (callback of breadcrumbs, map clicks and pickers)."""
    update(territory=code, level=None)
    region, province = data.territories().region_province(code)
    st.session_state["app.region"] = region or ""
    st.session_state["app.province"] = province or ""


# --------------------------------------------------------------------------------------------
# Sidebar
# --------------------------------------------------------------------------------------------


def _on_language() -> None:
    update(lang=st.session_state["app.lang"])


def _on_region() -> None:
    st.session_state["app.province"] = ""
    update(territory=st.session_state["app.region"] or None, level=None)


def _on_province() -> None:
    province = st.session_state["app.province"]
    update(territory=province or st.session_state["app.region"] or None, level=None)


def _keyed(key: str, value: object) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def sidebar() -> None:
    """Language, territory picker and centre filters (shared by every page)."""
    view = current()
    lang_ = view.lang
    terr = data.territories()
    with st.sidebar:
        _keyed("app.lang", view.lang)
        st.selectbox(t("sidebar.language", lang_), i18n.LANGUAGES, key="app.lang",
                     format_func=i18n.LANGUAGE_NAMES.__getitem__, on_change=_on_language)
        region, province = terr.region_province(view.territory)
        _keyed("app.region", region or "")
        _keyed("app.province", province or "")
        st.markdown(f"**{t('sidebar.territory', lang_)}**")
        regions = ["", *[u.code for u in terr.of_level("region")]]
        st.selectbox(t("sidebar.region", lang_), regions, key="app.region",
                     format_func=lambda c: terr.name(c, lang_) if c
                     else t("sidebar.all_regions", lang_), on_change=_on_region)
        if st.session_state["app.region"]:
            provinces = ["", *[u.code for u in terr.of_level(
                "province", st.session_state["app.region"])]]
            if st.session_state["app.province"] not in provinces:
                st.session_state["app.province"] = ""
            st.selectbox(t("sidebar.province", lang_), provinces, key="app.province",
                         format_func=lambda c: terr.name(c, lang_) if c
                         else t("sidebar.all_provinces", lang_), on_change=_on_province)
        with st.expander(t("sidebar.filters", lang_)):
            _filter("types", CENTRE_TYPES, "filter.types")
            _filter("modes", MANAGEMENT_MODES, "filter.modes")
            _filter("statuses", STATUSES, "filter.statuses")
            _filter("sources", FUNDING_SOURCES, "filter.sources")
            _years()


def _filter(field: str, vocabulary, label_key: str) -> None:
    key = f"app.{field}"
    value = getattr(current(), field)
    keys = [term.key for term in vocabulary]
    _keyed(key, list(value) if value else [])

    def on_change() -> None:
        chosen = tuple(st.session_state[key])
        update(**{field: chosen or (None if field != "statuses" else ("operating",))})

    lang_ = lang()
    st.multiselect(t(label_key, lang_), keys, key=key, on_change=on_change,
                   format_func=lambda k: i18n.term_label(vocabulary, k, lang_),
                   placeholder=t("filter.all", lang_))


def _years() -> None:
    grants = data.dataset().funding_frame
    if grants is None or grants.empty:
        return
    first, last = int(grants["year"].min()), int(grants["year"].max())
    if first == last:
        return
    chosen = current().years or (first, last)
    _keyed("app.years", (max(first, chosen[0]), min(last, chosen[1])))

    def on_change() -> None:
        low, high = st.session_state["app.years"]
        update(years=None if (low, high) == (first, last) else (int(low), int(high)))

    st.slider(t("filter.years", lang()), first, last, key="app.years", on_change=on_change)


# --------------------------------------------------------------------------------------------
# Page furniture
# --------------------------------------------------------------------------------------------


def direction() -> None:
    """Right-to-left layout in Arabic: CSS plus ``dir="rtl"`` on the app container."""
    rtl = lang() == "ar"
    value = "rtl" if rtl else "ltr"
    code = "ar" if rtl else lang()
    st.html(
        "<script>(function(){var d=window.parent&&window.parent.document?"
        "window.parent.document:document;var app=d.querySelector('.stApp');"
        f"if(app){{app.setAttribute('dir','{value}');}}"
        f"d.documentElement.setAttribute('lang','{code}');}})();</script>",
        unsafe_allow_javascript=True,
    )
    if rtl:
        st.markdown(RTL_CSS, unsafe_allow_html=True)


def header(title_key: str) -> tuple[ViewState, str, str]:
    """Title, dataset line, demo notice and breadcrumb; returns (state, lang, territory name)."""
    view = current()
    lang_ = view.lang
    name = data.territories().name(view.territory, lang_)
    st.title(t(title_key, lang_, name=name))
    dataset = data.dataset()
    if dataset.is_demo:
        st.warning(t("banner.demo", lang_), icon="⚠️")
    grants = 0 if dataset.funding_frame is None else len(dataset.funding_frame)
    label = t("dataset.demo", lang_) if dataset.is_demo else dataset.name
    st.caption(t("dataset.using", lang_, name=label, centres=i18n.number(
        len(dataset.centres_frame), lang_), grants=i18n.number(grants, lang_)))
    breadcrumb(view.territory)
    return view, lang_, name


def breadcrumb(code: str | None) -> None:
    """Buttons from Morocco down to the current territory; each goes back up."""
    terr = data.territories()
    chain = terr.chain(code)
    columns = st.columns(len(chain) + 1, gap="small")
    for i, item in enumerate(chain):
        with columns[i]:
            st.button(terr.name(item, lang()), key=f"crumb.{item or 'ma'}",
                      disabled=item == code, on_click=set_territory, args=(item,),
                      type="tertiary")


def show_map(spec: maps.MapSpec, key: str, *, drill: bool = True) -> None:
    """Draw a map; a click on a unit drills down. Panning and zooming never rerun.

    The boundaries are fetched by the browser from their static file (sent once, then
    cached); the component's arguments carry only this rerun's values, legend and markers.
    """
    m = maps.build_map(spec)

    def on_click() -> None:
        value = st.session_state.get(key) or {}
        feature = value.get("last_active_drawing") or {}
        code = (feature.get("properties") or {}).get("code")
        terr = data.territories()
        if code in terr.units and terr.level_of(code) != "commune":
            set_territory(code)

    from dashboard.app.present import map_height  # present builds on this module

    st_folium(m, key=key, height=map_height(spec.height), use_container_width=True,
              returned_objects=["last_active_drawing"] if drill else [],
              on_change=on_click if drill else None)
    if drill:
        st.caption(t("map.hint_drill", lang()))
    # built only when clicked: the stand-alone file inlines Leaflet (about 200 kB) and the
    # boundaries, so that it opens offline from a file
    html_column, image_column, _ = st.columns([1, 1, 2])
    html_column.download_button(t("map.download", lang()),
                                lambda: maps.standalone_html(maps.build_map(spec, inline=True),
                                                             "Taghtia"),
                                file_name=f"taghtia-{key}.html", mime="text/html",
                                key=f"{key}.download", on_click="ignore")
    downloads.map_image_button(image_column, spec, key, lang(), current().territory)


def _table_bytes(table: pd.DataFrame, fmt: str) -> bytes:
    from loaders.output import write_table

    buffer = io.BytesIO()
    write_table(table, buffer, fmt)
    return buffer.getvalue()


def table_downloads(table: pd.DataFrame, stem: str) -> None:
    """CSV and XLSX downloads of a table, spreadsheet formulas neutralised."""
    col1, col2 = st.columns(2)
    col1.download_button(t("table.download_csv", lang()), lambda: _table_bytes(table, "csv"),
                         file_name=f"{stem}.csv", mime="text/csv", key=f"{stem}.csv",
                         on_click="ignore")
    col2.download_button(t("table.download_xlsx", lang()), lambda: _table_bytes(table, "xlsx"),
                         file_name=f"{stem}.xlsx", key=f"{stem}.xlsx", on_click="ignore",
                         mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def report_download(within: str | None, filters: Filters) -> None:
    """The territory's board report (PDF, current language), built when clicked."""
    from dashboard.reports.pdf import build_report

    dataset, language = data.dataset(), lang()

    def pdf() -> bytes:
        return build_report(dataset.centres_frame, dataset.funding_frame, within, language,
                            filters, dataset_label=dataset.name,
                            illustrative=dataset.is_demo)

    st.download_button(t("report.download", language), pdf,
                       file_name=f"taghtia-{within or 'maroc'}-{language}.pdf",
                       mime="application/pdf", key="overview.report", on_click="ignore",
                       type="primary")


def _bound(widget, key: str, options: list, value, field: str, **kwargs) -> object:
    """Draw ``widget`` with its value bound to a view-state field (and so to the URL)."""
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


_PERCENT_KEYS = ("col.coverage_rate", "col.coverage_rate_urban", "col.coverage_rate_rural")
_MONEY_KEYS = ("col.funding_mad", "col.funding_per_km2_mad", "col.funding_per_centre_mad")


def column_config(frame: pd.DataFrame, lang_: str) -> dict:
    """Number formats for a displayed table: rates as %, dirhams without decimals."""
    config: dict = {}
    percent = {t(k, lang_) for k in _PERCENT_KEYS}
    money = {t(k, lang_) for k in _MONEY_KEYS}
    for column in frame.columns:
        if column in percent:
            config[column] = st.column_config.NumberColumn(column, format="percent")
        elif column in money:
            config[column] = st.column_config.NumberColumn(column, format="%.0f")
        elif column == t("col.funding_per_capita_mad", lang_):
            config[column] = st.column_config.NumberColumn(column, format="%.2f")
        elif pd.api.types.is_float_dtype(frame[column]):
            config[column] = st.column_config.NumberColumn(column, format="%.1f")
    return config


def reset_dataset() -> None:
    """Back to the default dataset (callback of the Data page)."""
    data.use_dataset(None)
    for key in ("data.centres_recognised", "data.funding_recognised", "data.centres_map",
                "data.funding_map"):
        st.session_state.pop(key, None)


def filtered_issues(issues: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Validation issues filtered by severity and by problem (widgets on the Data page)."""
    if issues.empty:
        return issues
    lang_ = lang()
    columns = st.columns([1, 2])
    severity = columns[0].radio(
        t("data.filter_severity", lang_), ["all", "error", "warning"], horizontal=True,
        key=f"data.{kind}_severity", format_func=lambda s: t(f"data.severity_{s}", lang_))
    problems = sorted(issues["problem"].astype(str).unique())
    chosen = columns[1].multiselect(t("data.filter_problem", lang_), problems,
                                    key=f"data.{kind}_problems",
                                    placeholder=t("filter.all", lang_))
    shown = issues
    if severity != "all":
        shown = shown[shown["severity"] == severity]
    if chosen:
        shown = shown[shown["problem"].astype(str).isin(chosen)]
    return shown.reset_index(drop=True)
