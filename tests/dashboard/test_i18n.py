"""Interface strings and number formats in French, Arabic and English."""

from __future__ import annotations

import pytest

from dashboard import i18n
from dashboard.i18n.labels import COLUMNS, COMMUNE_FILTER, LEVELS, PAGE_TITLES, label_of


@pytest.mark.parametrize(
    ("lang", "number", "percent", "money"),
    [
        ("fr", "1\u202f468\u202f411", "76%", "1\u202f468\u202f411 DH"),
        ("ar", "1.468.411", "76%", "1.468.411 درهم"),
        ("en", "1,468,411", "76%", "MAD 1,468,411"),
    ],
)
def test_numbers_follow_the_language(lang, number, percent, money) -> None:
    assert i18n.number(1468411, lang) == number
    assert i18n.percent(0.7632, lang).replace("\u200e", "").replace("\xa0", "") == percent
    assert i18n.money(1468411, lang) == money


def test_compact_money_for_cards() -> None:
    assert i18n.money(14_643_000, "fr", compact=True) == "14,6\xa0M DH"
    assert i18n.money(14_643_000, "ar", compact=True) == "14,6\xa0مليون درهم"
    assert i18n.money(14_643_000, "en", compact=True) == "MAD 14.6M"
    assert i18n.money(4_567, "fr", compact=True) == "4\u202f567 DH"


def test_missing_values_and_decimals() -> None:
    assert i18n.number(float("nan")) == "—"
    assert i18n.money(None, "ar") == "—"
    assert i18n.number(23.219, "fr", 2) == "23,22"
    assert i18n.number(23.219, "en", 2) == "23.22"


def test_direction_and_names() -> None:
    assert i18n.direction("ar") == "rtl" and i18n.direction("fr") == "ltr"
    row = {"code": "03.561", "name_fr": "Taza", "name_ar": "تازة"}
    assert i18n.unit_name(row, "ar") == "تازة"
    assert i18n.unit_name(row, "en") == "Taza"
    with pytest.raises(ValueError, match="lang must be one of fr, ar, en"):
        i18n.t("Data", "de")


def test_labels_by_run_time_name() -> None:
    assert label_of(PAGE_TITLES, "overview", "fr") == "Vue d'ensemble"
    assert label_of(LEVELS, "province", "ar") == "الأقاليم"
    assert label_of(COLUMNS, "population_2024", "en") == "Population 2024"
    assert label_of(COMMUNE_FILTER, "urban", "fr") == "urbaines"
    assert label_of(COLUMNS, "no_such_column", "fr") == "no_such_column"
    assert label_of(COLUMNS, None, "fr") == ""


def test_summary_sentence() -> None:
    from dashboard.reports.content import summary_sentence

    row = {"communes_covered": 29, "communes_total": 38, "communes_covered_urban": 4,
           "communes_urban": 4, "communes_covered_rural": 25, "communes_rural": 34}
    assert summary_sentence(row, "Taza", "en") == (
        "In Taza, 29 of 38 communes have a centre: 4 of 4 urban, 25 of 34 rural.")
    assert "29" in summary_sentence(row, "تازة", "ar") and "تازة" in summary_sentence(
        row, "تازة", "ar")
