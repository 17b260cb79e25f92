"""Data: stored datasets and versions; upload files, map unknown headers, read the validation
report, then save them as a version."""

import streamlit as st

from dashboard import i18n
from dashboard.app import data, datasets, store_panel, ui
from dashboard.i18n import messages, t
from loaders.columns import CENTRE_FIELDS, FUNDING_FIELDS
from loaders.errors import HeaderError, TaghtiaError

state, lang, name = ui.header("data.title")
current = data.dataset()
label = t("dataset.demo", lang) if current.is_demo else current.name
st.info(t("data.current", lang, name=label))
store_panel.flash()
store_panel.stored_datasets(lang)
st.subheader(t("store.upload_title", lang))

FILE_TYPES = ["csv", "txt", "xlsx", "xls", "ods", "geojson", "json", "gpkg"]
ui.translate_uploaders()
uploads = {}
columns = st.columns(2)
for column, kind, fields in ((columns[0], "centres", CENTRE_FIELDS),
                             (columns[1], "funding", FUNDING_FIELDS)):
    with column:
        file = st.file_uploader(t(f"data.upload_{kind}", lang), type=FILE_TYPES,
                                key=f"data.{kind}_file")
        if file is None:
            continue
        content = file.getvalue()
        uploads[kind] = (content, file.name)
        try:
            recognised = st.session_state.get(f"data.{kind}_recognised", {})
            unknown = datasets.unknown_headers(content, file.name, recognised)
        except TaghtiaError:
            unknown = []
        header_error = st.session_state.get("data.header_error") == file.name
        if unknown and (recognised or header_error):
            with st.expander(t("data.mapping", lang), expanded=True):
                mapping = {field: header for field, header in st.session_state.get(
                    f"data.{kind}_map", {}).items() if header not in unknown}  # kept choices
                for header in unknown:
                    choice = st.selectbox(t("data.field_for", lang, header=header),
                                          ["", *fields], key=ui.scoped(f"data.{kind}_map.{header}"),
                                          format_func=lambda f: f or t("data.mapping_none", lang))
                    if choice:
                        mapping[choice] = header
                st.session_state[f"data.{kind}_map"] = mapping

buttons = st.columns(2)
if buttons[0].button(t("data.load", lang), type="primary", disabled="centres" not in uploads):
    centres_bytes, centres_name = uploads["centres"]
    funding_bytes, funding_name = uploads.get("funding", (None, None))
    try:
        loaded = datasets.load_dataset(
            centres_bytes, funding_bytes, centres_name=centres_name, funding_name=funding_name,
            centres_map=st.session_state.get("data.centres_map"),
            funding_map=st.session_state.get("data.funding_map"))
    except TaghtiaError as error:  # shown after the rerun, with the column mapping offered
        st.session_state["data.error"] = str(error)
        st.session_state["data.header_error"] = (centres_name if isinstance(error, HeaderError)
                                                 else None)
        st.rerun()
    else:
        st.session_state.pop("data.error", None)
        st.session_state["data.header_error"] = None
        st.session_state["data.centres_recognised"] = loaded.centres.columns
        if loaded.funding is not None:
            st.session_state["data.funding_recognised"] = loaded.funding.columns
        data.use_dataset(loaded)
        st.rerun()
if st.session_state.get("data.error") and "centres" in uploads:
    st.error(t("data.read_error", lang, message=st.session_state["data.error"]))
if not current.is_demo or data.DATASET_KEY in st.session_state:
    buttons[1].button(t("data.reset", lang), on_click=ui.reset_dataset)
if data.DATASET_KEY in st.session_state:  # checked, not saved yet
    store_panel.save_upload(lang, current)

for kind, result in (("centres", current.centres), ("funding", current.funding)):
    if result is None:
        continue
    st.subheader(t("data.report", lang, what=t(f"data.{kind}", lang)))
    st.markdown(t("data.summary", lang, read=i18n.number(result.rows_read, lang),
                  accepted=i18n.number(len(result.accepted), lang),
                  rejected=i18n.number(result.rejected_count, lang)))
    # Problems in the page's language (also in the filter and the downloads); the severity
    # after filtering, since the filter compares the loaders' error/warning values.
    issues = ui.filtered_issues(messages.translate_issues(result.issues, lang, severity=False),
                                kind)
    issues = messages.translate_issues(issues, lang)
    issues = issues.rename(columns={c: t(f"col.{c}", lang) for c in issues.columns})
    if issues.empty:
        st.caption(t("data.no_issues", lang))
    else:
        st.dataframe(issues, hide_index=True, width="stretch")
    ui.table_downloads(issues, f"taghtia-{kind}-issues")
    with st.expander(t("data.report_rows", lang)):
        report = messages.translate_report(data.row_report(kind), lang)
        st.dataframe(report, hide_index=True, width="stretch")
        ui.table_downloads(report, f"taghtia-{kind}-report")
