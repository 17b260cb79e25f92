"""Data: stored datasets and versions; upload files, map unknown headers, read the validation
report, then save them as a version."""

import streamlit as st

from dashboard import i18n
from dashboard.app import cache, store_panel, tables, ui, uploads
from dashboard.i18n import messages, t

state, lang, name = ui.header("data.title")
current = cache.dataset()
label = t("dataset.demo", lang) if current.is_demo else current.name
st.info(t("data.current", lang, name=label))
actor = store_panel.who(lang)
store_panel.flash()
store_panel.stored_datasets(lang, actor.can_edit)

if actor.can_edit:
    uploads.upload_section(lang, current)
else:
    st.info(t("access.read_only", lang))

for kind, result in (("centres", current.centres), ("funding", current.funding)):
    if result is None:
        continue
    st.subheader(t("data.report", lang, what=t(f"data.{kind}", lang)))
    st.markdown(t("data.summary", lang, read=i18n.number(result.rows_read, lang),
                  accepted=i18n.number(len(result.accepted), lang),
                  rejected=i18n.number(result.rejected_count, lang)))
    # Problems in the page's language (also in the filter and the downloads); the severity
    # after filtering, since the filter compares the loaders' error/warning values.
    issues = uploads.filtered_issues(messages.translate_issues(result.issues, lang, severity=False),
                                     kind)
    issues = messages.translate_issues(issues, lang)
    issues = issues.rename(columns={c: t(f"col.{c}", lang) for c in issues.columns})
    if issues.empty:
        st.caption(t("data.no_issues", lang))
    else:
        st.dataframe(issues, hide_index=True, width="stretch")
    tables.table_downloads(issues, f"taghtia-{kind}-issues")
    with st.expander(t("data.report_rows", lang)):
        report = cache.row_report(kind, lang)
        st.dataframe(report, hide_index=True, width="stretch")
        tables.table_downloads(report, f"taghtia-{kind}-report")
