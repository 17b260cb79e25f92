"""Table downloads match the screen: the page's rows in its order, numbers rounded as shown
(rates with their full precision beside them), the view (territory, filters) in the title."""

from __future__ import annotations

import io
import math

import numpy as np
import openpyxl
import pandas as pd
import pytest

from dashboard import i18n
from dashboard.app import view
from dashboard.app.exports import export_frame, raw_header, table_bytes, title_lines
from dashboard.i18n.labels import COLUMNS, label_of
from loaders.vocabulary import CENTRE_TYPES
from tests.support import downloads
from tests.support.apptest import open_page
from tests.support.territories import TAZA


def _label(column: str, lang: str = "fr") -> str:
    return label_of(COLUMNS, column, lang)


def _csv(data: bytes) -> tuple[list[str], pd.DataFrame]:
    """The ``#`` title lines and the table of an exported CSV."""
    text = data.decode("utf-8-sig")
    lines = text.split("\r\n")
    title = [line.removeprefix("# ") for line in lines if line.startswith("# ")]
    body = "\r\n".join(line for line in lines if not line.startswith("# "))
    return title, pd.read_csv(io.StringIO(body))


def test_numbers_are_rounded_as_shown_and_rates_keep_a_raw_column() -> None:
    shown = pd.DataFrame({
        "Nom": ["A", "B", "C"],
        _label("places_per_1000"): [15.130356601777917, 2.25, np.nan],
        _label("coverage_rate"): [0.76349, 0.125, np.nan],
        _label("funding_mad"): [1468411.4, 160000.5, 3.0],
        _label("centres"): [3, 0, 1],
        _label("opened_year"): [2011.0, np.nan, 1999.0],
    })
    out, formats = export_frame(shown, "fr")
    assert out[_label("places_per_1000")].tolist()[:2] == [15.1, 2.2]  # half to even, as Babel
    assert math.isnan(out[_label("places_per_1000")].iloc[2])
    assert out[_label("coverage_rate")].tolist()[:2] == [0.76, 0.12]
    raw = raw_header(_label("coverage_rate"), "fr")
    assert raw == "Taux de couverture (valeur exacte)"
    assert out[raw].tolist()[:2] == [0.76349, 0.125]  # full precision, beside the rate
    assert list(out.columns).index(raw) == list(out.columns).index(_label("coverage_rate")) + 1
    assert str(out[_label("funding_mad")].dtype) == "Int64"
    assert out[_label("funding_mad")].tolist() == [1468411, 160000, 3]
    assert out[_label("opened_year")].isna().tolist() == [False, True, False]
    assert len(out.columns) == len(shown.columns) + 1  # only the rate has a raw column
    assert formats[_label("coverage_rate")] == "0%"
    assert formats[_label("places_per_1000")] == "#,##0.0"
    # the screen writes each exported value as it writes the value it shows
    cells = view.cell_formats(shown, "fr")
    for header, fmt in cells.items():
        assert [fmt(v) for v in shown[header]] == [fmt(v) for v in out[header]], header


def test_csv_and_xlsx_carry_the_title_and_neutralise_it() -> None:
    table = pd.DataFrame({"Nom": ["=SUM(A1)", "Taza"], _label("centres"): [1, 2],
                          _label("occupancy"): [0.5, 0.3333]})
    title = title_lines("Couverture — Taza", "fr", filters="Partenaire : =cmd", dataset="démo",
                        day="2026-12-07")
    assert title == ["Taghtia — Couverture — Taza", "Filtres : Partenaire : =cmd",
                     "Données : démo · 2026-12-07"]
    lines, csv = _csv(table_bytes(table, "csv", "fr", title))
    assert lines == title
    assert csv["Nom"].tolist() == ["'=SUM(A1)", "Taza"]
    assert csv[_label("occupancy")].tolist() == [0.5, 0.33]
    book = openpyxl.load_workbook(io.BytesIO(table_bytes(table, "xlsx", "fr", title)))
    sheet = book.active
    assert [sheet.cell(row=i, column=1).value for i in (1, 2, 3)] == title
    assert sheet.cell(row=1, column=1).font.b
    assert book.properties.title == title[0] and "Partenaire" in book.properties.description
    header = [cell.value for cell in sheet[5]]
    assert header == ["Nom", _label("centres"), _label("occupancy"),
                      raw_header(_label("occupancy"), "fr")]
    assert [cell.value for cell in sheet[6]] == ["'=SUM(A1)", 1, 0.5, 0.5]
    assert sheet.cell(row=7, column=3).number_format == "0%"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_no_filter_is_said_and_a_file_report_has_no_filter_line() -> None:
    assert title_lines("Vue d'ensemble — Maroc", "fr")[1] == "Filtres : aucun"
    assert title_lines("Rapport", "ar", filters=None, dataset="x") == [
        "Taghtia — Rapport", "البيانات: x"]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_coverage_downloads_match_the_displayed_table(monkeypatch, lang) -> None:
    found = downloads.capture(monkeypatch)
    at = open_page("coverage", {"territory": TAZA, "types": "kindergarten", "lang": lang,
                               "view": "rate"})
    shown = at.dataframe[0].value  # the rates by cercle, as the page sorts them
    buttons = {downloads_name: button for button in at.get("download_button")
               for downloads_name in [found.builders[button.proto.deferred_file_id][1]]}
    stem = "taghtia-coverage-taza-kindergarten-"  # the filter in the name too
    csv_name = next(n for n in buttons if n.startswith(stem) and n.endswith(".csv"))
    assert buttons[csv_name].proto.help == i18n.t(
        "The file keeps the page's order and its rounded numbers; a sort made by clicking a "
        "column header stays on screen.", lang)  # said where the file is taken
    title, exported = _csv(found.file(buttons[csv_name])[0])
    name = i18n.t("Name", lang)
    assert exported[name].tolist() == shown[name].tolist()  # the same rows, the same order
    cells = view.cell_formats(shown, lang)
    assert cells  # numeric columns are there to compare
    for header, fmt in cells.items():
        assert [fmt(v) for v in exported[header]] == [fmt(v) for v in shown[header]], header
    rate = _label("coverage_rate", lang)
    assert (exported[rate] * 100).round(9).apply(float.is_integer).all()  # 76 %, not 76.35 %
    assert np.allclose(exported[raw_header(rate, lang)], shown[rate], equal_nan=True)
    assert "Taza" in title[0] or "تازة" in title[0]
    assert i18n.term_label(CENTRE_TYPES, "kindergarten", lang) in title[1]
    xlsx_name = csv_name.removesuffix(".csv") + ".xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(found.file(buttons[xlsx_name])[0])).active
    assert [sheet.cell(row=i + 1, column=1).value for i in range(len(title))] == title
    rows = list(sheet.iter_rows(min_row=len(title) + 2, values_only=True))
    assert list(rows[0]) == list(exported.columns)
    assert [row[0] for row in rows[1:]] == shown[name].tolist()


def test_centres_table_shows_a_dash_for_empty_cells(monkeypatch) -> None:
    found = downloads.capture(monkeypatch)
    at = open_page("coverage", {"territory": TAZA})
    assert at.dataframe and all(grid.proto.placeholder == i18n.MISSING for grid in at.dataframe)
    centres = next(grid.value for grid in at.dataframe
                   if i18n.t("Opening year", "fr") in grid.value.columns)
    assert centres.isna().any().any()  # there are empty cells to show as "—"
    button = next(b for b in at.get("download_button")
                  if (found.builders[b.proto.deferred_file_id][1] or "").startswith(
                      "taghtia-coverage-centres-taza-") and b.proto.label.endswith("(XLSX)"))
    sheet = openpyxl.load_workbook(io.BytesIO(found.file(button)[0])).active
    rows = list(sheet.iter_rows(min_row=5, values_only=True))  # 3 title lines, a blank row
    assert len(rows) == len(centres) + 1
    for header in centres.columns[centres.isna().any()]:  # empty on screen, empty in the file
        cells = [row[rows[0].index(header)] for row in rows[1:]]
        assert [cell is None for cell in cells] == centres[header].isna().tolist(), header


def test_three_w_download_keeps_its_hxl_tags_under_the_title(monkeypatch, tmp_path) -> None:
    import hxl

    found = downloads.capture(monkeypatch)
    at = open_page("partners", {"territory": TAZA, "types": "eps"})
    button = next(b for b in at.get("download_button")
                  if (found.builders[b.proto.deferred_file_id][1] or "").startswith(
                      "taghtia-partners-3w-taza-") and b.proto.label.endswith("(CSV)"))
    data, _ = found.file(button)
    title, _ = _csv(data)
    assert title[0].startswith("Taghtia — ") and "(3W)" in title[0]
    assert not any(line.startswith(i18n.t("Filters: {filters}", "fr", filters="")[:7])
                   for line in title)  # the 3W counts every operating centre: no filter said
    path = tmp_path / "3w.csv"
    path.write_bytes(data)
    rows = list(hxl.data(str(path), hxl.InputOptions(allow_local=True)).cache())
    assert rows and all(str(row.get("#org+id")).startswith("P-") for row in rows)
