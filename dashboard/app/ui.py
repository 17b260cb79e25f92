"""Streamlit pieces shared by the router and the pages: state, sidebar, banner, map, downloads.

The view state (:class:`dashboard.app.state.ViewState`) lives in ``st.session_state["app.state"]``
and is mirrored into the URL query string at the end of every run, so a copied link reopens
the same view. Widget keys are prefixed with their page (``coverage.view``) or ``app.``.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator
from dataclasses import replace

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import i18n
from dashboard.app import data, downloads, maps, state, view
from dashboard.app.state import ViewState
from dashboard.calc.indicators import Filters
from dashboard.i18n import N_, t, tn
from dashboard.i18n.labels import SEVERITIES, label_of
from loaders.vocabulary import CENTRE_TYPES, FUNDING_SOURCES, MANAGEMENT_MODES, STATUSES

STATE_KEY = "app.state"
LOG = logging.getLogger("taghtia.app")
RTL_CSS = """
<style>
.stApp, .stApp [data-testid="stMarkdownContainer"], .stApp [data-testid="stSidebar"],
.stApp [data-testid="stMetric"], .stApp label, .stApp .stAlert {
  direction: rtl; text-align: right;
}
/* grids and charts lay themselves out: they get a left-to-right box and mirror their own
   content (columns from the right, value axes reversed), the same on every page */
.stApp [data-testid="stDataFrame"], .stApp [data-testid="stVegaLiteChart"],
.stApp .vega-embed { direction: ltr; text-align: left; }
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
    region, province = data.territories().region_province(code)
    st.session_state[scoped("app.region")] = region or ""
    st.session_state[scoped("app.province")] = province or ""


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


# --------------------------------------------------------------------------------------------
# Sidebar
# --------------------------------------------------------------------------------------------


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
        st.selectbox(t("Language", lang_), i18n.LANGUAGES, key="app.lang",
                     format_func=i18n.LANGUAGE_NAMES.__getitem__, on_change=_on_language)
        region, province = terr.region_province(view.territory)
        region_key, province_key = scoped("app.region"), scoped("app.province")
        _keyed(region_key, region or "")
        _keyed(province_key, province or "")
        st.markdown("**" + t("Territory", lang_) + "**")
        regions = ["", *[u.code for u in terr.of_level("region")]]
        st.selectbox(t("Region", lang_), regions, key=region_key,
                     format_func=lambda c: terr.name(c, lang_) if c
                     else t("Morocco (all regions)", lang_), on_change=_on_region)
        if st.session_state[region_key]:
            provinces = ["", *[u.code for u in terr.of_level(
                "province", st.session_state[region_key])]]
            if st.session_state[province_key] not in provinces:
                st.session_state[province_key] = ""
            st.selectbox(t("Province or prefecture", lang_), provinces, key=province_key,
                         format_func=lambda c: terr.name(c, lang_) if c
                         else t("Whole region", lang_), on_change=_on_province)
        with st.expander(t("Filters: centres and funding", lang_)):
            _filter("types", CENTRE_TYPES, N_("Centre types"))
            _filter("modes", MANAGEMENT_MODES, N_("Management modes"))
            _filter("statuses", STATUSES, N_("Statuses"))
            _filter("sources", FUNDING_SOURCES, N_("Funding sources"))


def _filter(field: str, vocabulary, label_key: str) -> None:
    key = scoped(f"app.{field}")
    value = getattr(current(), field)
    keys = [term.key for term in vocabulary]
    _keyed(key, list(value) if value else [])

    def on_change() -> None:
        chosen = tuple(st.session_state[key])
        update(**{field: chosen or (None if field != "statuses" else ("operating",))})

    lang_ = lang()
    st.multiselect(t(label_key, lang_), keys, key=key, on_change=on_change,
                   format_func=lambda k: i18n.term_label(vocabulary, k, lang_),
                   placeholder=t("all", lang_))


def years_filter(container=None) -> tuple[int, int] | None:
    """The years slider of the funding figures, drawn where the page needs it.

    Returns the period the funding figures cover (the loaded grants' years when no choice
    was made), or None when no grant is loaded.
    """
    grants = data.dataset().funding_frame
    period = view.funding_period(grants, current().years)
    if period is None:
        return None
    first, last = view.funding_period(grants, None)
    if first == last:
        return period
    key = scoped("funding.years")
    _keyed(key, period)

    def on_change() -> None:
        low, high = st.session_state[key]
        update(years=None if (low, high) == (first, last) else (int(low), int(high)))

    (container or st).slider(t("Years", lang()), first, last, key=key,
                             on_change=on_change)
    return period


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


def _css_text(text: str) -> str:
    """``text`` as a CSS string literal (our own labels only, never user data)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def translate_uploaders() -> None:
    """The upload widgets' own words (button, size limit) in the page's language.

    Streamlit writes them in English whatever the page's language; they are replaced with
    CSS generated content, the size being the server's real limit.
    """
    lang_ = lang()
    limit = t("or drop it here · up to {size} MB", lang_, size=i18n.number(st.get_option(
        "server.maxUploadSize"), lang_))
    choose = t("Choose a file", lang_)
    st.html(
        "<style>"
        '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
        "{font-size:0}"
        '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] '
        f"p::after{{content:{_css_text(choose)};font-size:0.875rem}}"
        '[data-testid="stFileUploaderDropzoneInstructions"] span{font-size:0}'
        '[data-testid="stFileUploaderDropzoneInstructions"] span::after'
        f"{{content:{_css_text(limit)};font-size:0.75rem}}"
        "</style>"
    )


def header(title_key: str) -> tuple[ViewState, str, str]:
    """Title, dataset line, demo notice and breadcrumb; returns (state, lang, territory name)."""
    view = current()
    lang_ = view.lang
    name = data.territories().name(view.territory, lang_)
    st.title(t(title_key, lang_, name=name))
    dataset = data.dataset()
    if dataset.is_demo:
        st.warning(t("Illustrative data: the centres and grants shown are generated (demo), not "
                     "the real registry. Boundaries and census figures are real.", lang_),
                   icon=":material/warning:")
    grants = 0 if dataset.funding_frame is None else len(dataset.funding_frame)
    label = t("illustrative demo", lang_) if dataset.is_demo else dataset.name
    st.caption(t("Dataset: {name} — {centres} centres, {grants} grants", lang_, name=label,
                 centres=i18n.number(
        len(dataset.centres_frame), lang_), grants=i18n.number(grants, lang_)))
    if data.dataset_problem():  # a ?dataset= that is not stored, or no store
        st.error(t("Stored datasets unavailable: {message}", lang_,
                   message=i18n.message_text(data.dataset_problem(), lang_)))
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
    if not spec.places:
        spec = replace(spec, places=data.place_labels(current().territory, lang()))
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
        st.caption(t("Click a unit on the map to drill down one level.", lang()))
    # built only when clicked: the stand-alone file inlines Leaflet (about 200 kB) and the
    # boundaries, so that it opens offline from a file
    html_column, image_column, _ = st.columns([1, 1, 2])
    html_column.download_button(t("Download this map (HTML)", lang()),
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


def table_downloads(table: pd.DataFrame, stem: str, container=None) -> None:
    """CSV and XLSX downloads of a table, spreadsheet formulas neutralised."""
    col1, col2 = (container or st).columns(2)
    col1.download_button(t("Download this table (CSV)", lang()), lambda: _table_bytes(table, "csv"),
                         file_name=f"{stem}.csv", mime="text/csv", key=f"{stem}.csv",
                         on_click="ignore")
    col2.download_button(t("Download this table (XLSX)", lang()),
                         lambda: _table_bytes(table, "xlsx"),
                         file_name=f"{stem}.xlsx", key=f"{stem}.xlsx", on_click="ignore",
                         mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def report_download(within: str | None, filters: Filters) -> None:
    """The territory's board report (PDF, current language), built when clicked."""
    dataset, language = data.dataset(), lang()

    def pdf() -> bytes:
        from dashboard.reports.pdf import build_report  # its modules: when asked for

        return build_report(dataset.centres_frame, dataset.funding_frame, within, language,
                            filters, dataset_label=None if dataset.is_demo else dataset.name,
                            illustrative=dataset.is_demo)

    st.download_button(t("Board report (PDF)", language), pdf,
                       file_name=f"taghtia-{within or 'maroc'}-{language}.pdf",
                       mime="application/pdf", key="overview.report", on_click="ignore",
                       type="primary")


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


def remembered_toggle(place, label: str, name: str) -> bool:
    """A toggle whose choice outlives the page and the language: kept in the session under
    ``name`` (Streamlit forgets a widget's own state in a run that does not draw it, and each
    language has its own widget, :func:`scoped`)."""
    key = scoped(name)
    _keyed(key, bool(st.session_state.get(name, False)))

    def on_change() -> None:
        st.session_state[name] = st.session_state[key]

    return place.toggle(label, key=key, on_change=on_change)


TABLE_ROWS_SHOWN = 300
"""Tables longer than this are drawn only when asked (:func:`show_table`): a long table would
otherwise be sent again, whole, with every rerun its values change."""


def show_table(frame: pd.DataFrame, stem: str | None = None, *, height: int | None = None,
               container=None, collapse_above: int | None = None,
               toggle_key: str | None = None) -> None:
    """A table as people read it, with its downloads (raw values) below.

    Numbers are formatted in the page's language (grouping and decimal signs, percentages);
    sorting still uses the values. The grid is laid out the same way in every language and on
    every page (names first), so it never hides a column behind the page's edge. With
    ``collapse_above``, a table of more rows than that waits behind a toggle (off until a
    person asks; the downloads stay): a national table of communes is not re-sent on every
    filter change. The toggle's key is ``toggle_key`` (by default one per ``stem``).
    """
    place = container or st
    shown = True
    if collapse_above is not None and len(frame) > collapse_above:
        shown = remembered_toggle(place, tn("Show the table ({count} row)",
                                            "Show the table ({count} rows)", len(frame), lang(),
                                            count=i18n.number(len(frame), lang())),
                                  toggle_key or f"table.{stem or 'shown'}.open")
    if shown:
        place.dataframe(frame.style.format(view.cell_formats(frame, lang())), hide_index=True,
                        width="stretch", **({"height": height} if height else {}))
    if stem:
        table_downloads(frame, stem, container=place)


def reset_dataset() -> None:
    """Back to the default dataset (callback of the Data page); this session's uploads and
    their checks are forgotten (their memory freed)."""
    from dashboard.app.uploads import forget_uploads

    data.use_dataset(None)
    forget_uploads()
    update(dataset=None)
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
        t("Severity", lang_), ["all", "error", "warning"], horizontal=True,
        key=scoped(f"data.{kind}_severity"), format_func=lambda s: label_of(SEVERITIES, s, lang_))
    problems = sorted(issues["problem"].astype(str).unique())
    chosen = columns[1].multiselect(t("Filter by problem", lang_), problems,
                                    key=scoped(f"data.{kind}_problems"),
                                    placeholder=t("all", lang_))
    shown = issues
    if severity != "all":
        shown = shown[shown["severity"] == severity]
    if chosen:
        shown = shown[shown["problem"].astype(str).isin(chosen)]
    return shown.reset_index(drop=True)


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
