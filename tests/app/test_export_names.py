"""Downloaded files say what, where and when: taghtia-<page>-<territory>-<date>.<ext>."""

from __future__ import annotations

from datetime import date

from dashboard.app.export_names import dated, export_stem, slug


def test_file_names_carry_page_territory_and_day():
    day = date(2026, 12, 7)
    assert dated(export_stem("coverage", "Taza"), "csv", day) == (
        "taghtia-coverage-taza-2026-12-07.csv")
    assert dated(export_stem("overview", None, "map"), "png", day) == (
        "taghtia-overview-map-maroc-2026-12-07.png")
    assert export_stem("funding", "Fès-Meknès") == "taghtia-funding-fes-meknes"
    assert slug("Béni Mellal-Khénifra") == "beni-mellal-khenifra"
    assert export_stem("coverage", "الرباط") == "taghtia-coverage"  # no ASCII: left out

