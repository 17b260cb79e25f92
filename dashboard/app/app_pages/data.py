"""Data: stored datasets and versions; upload files, map unknown headers, read the validation
report, then save them as a version."""

import streamlit as st

from dashboard import i18n
from dashboard.app import cache, registry_panel, store_panel, tables, ui, uploads
from dashboard.i18n import N_, t
from dashboard.i18n.labels import COLUMNS, DATA_KINDS, label_of
from dashboard.i18n.validation import issues_in

state, lang, name = ui.header(N_("Data"))
current = cache.dataset()
label = t("illustrative demo", lang) if current.is_demo else current.name
st.info(t("Dataset used by every page: {name}", lang, name=label))
actor = store_panel.who(lang)
store_panel.flash()
store_panel.stored_datasets(lang, actor.can_edit)
registry_panel.registry_section(lang)

if actor.can_edit:
    uploads.upload_section(lang, current)
else:
    st.info(t("Only editors import and change datasets. To become one, ask the administrator to "
              "add you to the editors' group.", lang))

for kind, result in (("centres", current.centres), ("funding", current.funding)):
    if result is None:
        continue
    st.header(t("Validation report — {what}", lang, what=label_of(DATA_KINDS, kind, lang)))
    st.markdown(t("{read} rows read: {accepted} accepted, {rejected} rejected.", lang,
                  read=i18n.number(result.rows_read, lang),
                  accepted=i18n.number(len(result.accepted), lang),
                  rejected=i18n.number(result.rejected_count, lang)))
    # Problems in the page's language (also in the filter and the downloads); the severity
    # after filtering, since the filter compares the loaders' error/warning values.
    issues = uploads.filtered_issues(issues_in(result.issues, lang, severity=False), kind)
    issues = issues_in(issues, lang)
    issues = issues.rename(columns={c: label_of(COLUMNS, c, lang) for c in issues.columns})
    if issues.empty:
        st.caption(t("No problems.", lang))
    else:
        st.dataframe(issues, hide_index=True, width="stretch")
    tables.table_downloads(issues, f"taghtia-{kind}-issues")
    with st.expander(t("Row-by-row report", lang)):
        report = cache.row_report(kind, lang)
        st.dataframe(report, hide_index=True, width="stretch")
        tables.table_downloads(report, f"taghtia-{kind}-report")
