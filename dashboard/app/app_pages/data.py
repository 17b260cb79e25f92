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

pending = False
if actor.can_edit:
    pending = uploads.upload_section(lang, current)
else:
    st.info(t("Only editors import and change datasets. To become one, ask the administrator to "
              "add you to the editors' group.", lang))
if pending:  # the report below would be another file's: it waits for these files' check
    st.info(t("Files chosen, not checked yet: press “Check these files” to read them; their "
              "validation report will show here.", lang), icon=":material/upload_file:")
    st.stop()

for kind, result in (("centres", current.centres), ("funding", current.funding)):
    if result is None:
        continue
    what = t("Validation report — {what}", lang, what=label_of(DATA_KINDS, kind, lang))
    st.header(what)
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
        tables.show_grid(issues)
    title = tables.file_title(what, label)
    tables.table_downloads(issues, f"taghtia-data-{kind}-issues", title=title)
    with st.expander(t("Row-by-row report", lang)):
        report = cache.row_report(kind, lang)
        tables.show_grid(report, column_config=tables.number_columns(report))
        tables.table_downloads(report, f"taghtia-data-{kind}-report",
                               title=[*title[:1], t("Row-by-row report", lang), *title[1:]])
