"""Downloaded files say what, where and when: taghtia-<page>-<territory>-<date>.<ext>."""

from __future__ import annotations

from datetime import date

from dashboard.app.export_names import dated, export_stem, filters_part, slug
from dashboard.app.state import ViewState


def test_file_names_carry_page_territory_and_day():
    day = date(2026, 12, 7)
    assert dated(export_stem("coverage", "Taza"), "csv", day) == (
        "taghtia-coverage-taza-2026-12-07.csv")
    assert dated(export_stem("overview", None, "map"), "png", day) == (
        "taghtia-overview-map-maroc-2026-12-07.png")
    assert export_stem("funding", "Fès-Meknès") == "taghtia-funding-fes-meknes"
    assert slug("Béni Mellal-Khénifra") == "beni-mellal-khenifra"
    assert export_stem("coverage", "الرباط") == "taghtia-coverage"  # no ASCII: left out



def test_file_names_carry_the_active_filters():
    assert filters_part(ViewState()) == ""
    assert filters_part(ViewState(types=("kindergarten",), years=(2020, 2022))) == (
        "kindergarten-2020-2022")
    assert filters_part(ViewState(as_of=2021)) == "in-2021"
    assert filters_part(ViewState(types=("eps", "cef", "kindergarten", "literacy",
                                         "apprenticeship"))) == "filtered"
    assert dated(export_stem("coverage", "Taza", filters="kindergarten"), "xlsx",
                 date(2026, 12, 7)) == "taghtia-coverage-taza-kindergarten-2026-12-07.xlsx"
