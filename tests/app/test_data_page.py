"""The Data page: a new upload replaces the previous report at once; the row-by-row report
in the page's language (headers, outcome, how each row was matched, messages)."""

from __future__ import annotations

import pytest

from dashboard import i18n
from dashboard.i18n.labels import COLUMNS, MATCH_METHODS, ROW_OUTCOMES, label_of
from tests.store.samples import workbook_bytes
from tests.support.apptest import open_page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEMO_ROWS = 4016
"""Rows of the demo's centres file."""


def _row_reports(at, lang: str) -> list:
    outcome = label_of(COLUMNS, "status", lang)
    how = label_of(COLUMNS, "match_method", lang)
    return [grid.value for grid in at.dataframe
            if outcome in grid.value.columns and how in grid.value.columns]


def test_a_new_upload_replaces_the_report_at_once() -> None:
    at = open_page("data", timeout=180)
    assert len(_row_reports(at, "fr")[0]) == DEMO_ROWS
    uploader = next(u for u in at.get("file_uploader") if u.key.startswith("data.centres_file"))
    uploader.set_value(("taza.xlsx", workbook_bytes(count=10), XLSX))
    at.run()
    assert not at.exception
    assert not _row_reports(at, "fr") and not at.dataframe  # the demo's report is gone
    waiting = i18n.t("Files chosen, not checked yet: press “Check these files” to read them; "
                     "their validation report will show here.", "fr")
    assert waiting in [info.value for info in at.info]
    at.button[[b.label for b in at.button].index("Vérifier ces fichiers")].click().run()
    assert not at.exception
    loaded = at.session_state["data.dataset"]  # the workbook's centres and funding sheets
    assert [len(report) for report in _row_reports(at, "fr")] == [
        loaded.centres.rows_read, loaded.funding.rows_read]
    assert loaded.centres.rows_read < 20
    assert waiting not in [info.value for info in at.info]


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_row_report_is_in_the_page_language(lang: str) -> None:
    at = open_page("data", {"lang": lang}, timeout=180)
    report = _row_reports(at, lang)[0]
    assert list(report.columns)[:3] == [label_of(COLUMNS, c, lang)
                                        for c in ("row", "centre_id", "name")]
    outcomes = set(report[label_of(COLUMNS, "status", lang)])
    assert outcomes <= {label_of(ROW_OUTCOMES, k, lang) for k in ROW_OUTCOMES}
    assert label_of(ROW_OUTCOMES, "accepted", lang) in outcomes
    methods = set(report[label_of(COLUMNS, "match_method", lang)].dropna())
    assert methods and methods <= {label_of(MATCH_METHODS, k, lang) for k in MATCH_METHODS}
    if lang == "fr":
        assert "acceptée" in outcomes and "code de la commune" in methods
        assert "Mode de rattachement" in report.columns
    if lang == "ar":
        assert "مقبول" in outcomes and "طريقة الربط" in report.columns
