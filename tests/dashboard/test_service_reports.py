"""Places, occupancy and the network through the years in the board report (PDF), the
board pack (PPTX) and the map pictures: the same numbers as ``taghtia indicators`` and
``taghtia trend``, in French, Arabic and English."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from dashboard import i18n
from dashboard.calc.indicators import Filters, compute_indicators
from dashboard.calc.trend import trend
from dashboard.reports.content import report_content
from dashboard.reports.map_image import map_picture
from dashboard.reports.pdf import build_report
from dashboard.reports.pptx import build_deck
from dashboard.reports.service_content import (
    as_of_sentence,
    service_cards,
    trend_png,
    trend_table,
)
from tests.dashboard.test_pptx import _demo, _flat, _slide_text
from tests.support.territories import TAZA

TODAY = dt.date(2024, 12, 31)


@pytest.fixture(scope="module")
def taza_2010() -> dict:
    """Taza's indicators as of 2010."""
    centres, funding = _demo()
    return compute_indicators(centres, funding, "province", TAZA,
                              Filters(as_of=2010)).iloc[0].to_dict()


@pytest.mark.parametrize(("lang", "words"), [
    ("fr", ("En 2010", "n'ont pas d'année d'ouverture")),
    ("ar", ("سنة 2010", "بدون سنة افتتاح")),
    ("en", ("As of 2010", "have no opening year")),
])
def test_as_of_sentence_says_the_year_and_the_centres_left_out(lang, words) -> None:
    headline = {"centres_no_opening_year": 12}
    text = as_of_sentence(headline, Filters(as_of=2010), lang)
    assert all(word in text for word in words)
    assert i18n.number(12, lang) in text
    assert as_of_sentence(headline, Filters(), lang) == ""
    single = as_of_sentence({"centres_no_opening_year": 1}, Filters(as_of=2010), "en")
    assert "1 centre has no opening year and is not in 2010's figures." in single


def test_service_cards_in_the_page_locale() -> None:
    headline = {"capacity": 263900, "capacity_unknown": 3, "beneficiaries": 199799,
                "places_per_1000": 7.166, "occupancy": 0.807, "over_capacity": 434}
    cards = dict((label, (value, detail)) for label, value, detail in
                 service_cards(headline, "fr"))
    assert cards["Places"] == (i18n.number(263900, "fr"), "3 centres sans capacité indiquée")
    assert cards["Places pour 1 000 habitants"][0] == "7,2"
    assert cards["Taux d'occupation"] == (i18n.percent(0.807, "fr"),
                                          "434 au-delà de leur capacité")
    arabic = [value for _, value, _ in service_cards(headline, "ar")]
    assert arabic[1] == i18n.number(7.166, "ar", 1)


def test_trend_starts_at_the_first_year_with_data() -> None:
    centres, funding = _demo()
    table, run_out = trend_table(centres, funding, TAZA, Filters(), today=TODAY)
    assert table["centres"].iloc[0] > 0
    assert int(table["year"].iloc[-1]) == 2024 and run_out == 2024
    first = int(table["year"].iloc[0])
    before = trend(centres, funding, TAZA, first - 1, first - 1)
    assert before["centres"].iloc[0] == 0
    table, _ = trend_table(centres, funding, TAZA, Filters(), first=2010, today=TODAY)
    assert int(table["year"].iloc[0]) == 2010
    assert trend_png(table, 2022, "ar", 160, 60)[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_pdf_has_places_and_the_trend(lang, taza_2010) -> None:
    centres, funding = _demo()
    pdf = build_report(centres, funding, TAZA, lang, illustrative=True, today=TODAY)
    text = _flat(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages))
    today = compute_indicators(centres, funding, "province", TAZA).iloc[0]
    if lang == "fr":
        assert "Places et taux d'occupation — Taza" in text
        assert "Depuis" in text
    assert _flat(i18n.number(today["capacity"], lang)) in text
    assert _flat(i18n.percent(today["occupancy"], lang)) in text

    past = build_report(centres, funding, TAZA, lang, Filters(as_of=2010), today=TODAY)
    text = _flat(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(past)).pages))
    assert _flat(i18n.number(taza_2010["capacity"], lang)) in text
    if lang == "fr":
        assert "le réseau à la fin de 2010" in text
        assert "Depuis" not in text  # a report of one past year has no trend


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_deck_places_and_since_slides(lang) -> None:
    centres, funding = _demo()
    deck = Presentation(io.BytesIO(build_deck(centres, funding, TAZA, lang, today=TODAY,
                                              extras={"trend_from": 2005})))
    places, since = deck.slides[4], deck.slides[6]
    name = "Taza" if lang == "fr" else "تازة"
    assert _slide_text(places).startswith(i18n.t("Places and occupancy — {name}", lang,
                                                 name=name))
    cercles = compute_indicators(centres, funding, "cercle", TAZA)
    for value in cercles["capacity"]:
        assert _flat(i18n.number(value, lang)) in _slide_text(places)
    assert _slide_text(since).startswith(i18n.t("Since {year} — {name}", lang, year=2005,
                                                name=name))
    chart = next(shape.chart for shape in since.shapes if shape.has_chart)
    assert chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
    expected = trend(centres, funding, TAZA, 2005, 2024)
    rural = list(chart.plots[0].series[1].values)
    assert rural == expected["communes_covered_rural"].tolist()
    if lang == "ar":
        title = next(shape for shape in places.shapes if shape.has_text_frame)
        assert title.text_frame.paragraphs[0]._p.pPr.get("rtl") == "1"


def test_deck_as_of_a_year_has_no_trend_slide() -> None:
    centres, funding = _demo()
    deck = Presentation(io.BytesIO(build_deck(centres, funding, TAZA, "fr",
                                              Filters(as_of=2010), today=TODAY)))
    today = Presentation(io.BytesIO(build_deck(centres, funding, TAZA, "fr", today=TODAY)))
    texts = [_slide_text(slide) for slide in deck.slides]
    assert any(text.startswith("Depuis ") for text in map(_slide_text, today.slides))
    assert not any(text.startswith("Depuis ") for text in texts)  # no "since YEAR" slide
    assert len(deck.slides) == len(today.slides) - 1
    assert "le réseau à la fin de 2010" in texts[4]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_map_picture_as_of_says_the_year_and_who_was_left_out(lang) -> None:
    centres, funding = _demo()
    chefchaouen = "01.151"
    content = report_content(centres, funding, chefchaouen, Filters(as_of=2010))
    left_out = compute_indicators(centres, funding, "province", chefchaouen,
                                  Filters(as_of=2010))["centres_no_opening_year"].iloc[0]
    assert left_out >= 2
    picture = map_picture(content, "coverage", lang)
    assert "2010" in picture.title
    assert as_of_sentence({"centres_no_opening_year": left_out}, Filters(as_of=2010),
                          lang) in picture.note
    today = map_picture(report_content(centres, funding, chefchaouen), "coverage", lang)
    assert "2010" not in today.title


@pytest.mark.parametrize(("kind", "column"), [("places", "places_per_1000"),
                                              ("occupancy", "occupancy")])
def test_map_pictures_of_places_and_occupancy_per_cercle(kind, column) -> None:
    from dashboard.reports.classes import classify

    centres, funding = _demo()
    picture = map_picture(report_content(centres, funding, TAZA), kind, "fr")
    cercles = compute_indicators(centres, funding, "cercle", TAZA)
    assert len(picture.frames.units) == len(cercles)
    scheme = "natural_breaks" if kind == "places" else "equal_interval"
    classes = classify(cercles[column], scheme, 5)
    assert [colour for colour, _ in picture.legend] == list(classes.colours)
    assert picture.legend_title == ("Places" if kind == "places" else "Taux d'occupation")
    assert ("Places pour 1 000 habitants" if kind == "places" else "Taux d'occupation") in (
        picture.title)


def test_map_command_draws_occupancy(tmp_path) -> None:
    from dashboard.cli import main

    out = tmp_path / "taza_occupancy.png"
    assert main(["map", "--within", TAZA, "--map", "occupancy", "--lang", "ar",
                 "--out", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
