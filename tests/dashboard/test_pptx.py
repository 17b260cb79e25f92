"""The board pack: a 16:9 deck read back with python-pptx, figures from the indicators.

Decks are built on the committed illustrative demo data for Taza (a province), a region,
Morocco and a commune, in French, Arabic and English; every figure looked for is computed
here with :func:`compute_indicators`, never hard-coded.
"""

from __future__ import annotations

import io
import re
from functools import cache

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from dashboard import i18n
from dashboard.calc.indicators import DEFAULT_FILTERS, compute_indicators, totals
from dashboard.calc.planning import underserved
from dashboard.reports.content import credit, resolve_territory
from dashboard.reports.deck_layout import Box
from dashboard.reports.pptx import SLIDE_ORDER, Deck, build_deck
from tests.support.territories import TAZA

REGION = "03"
COMMUNE = "03.561.01.05"
ARABIC = re.compile(r"[\u0600-\u06ff]")


@cache
def _demo() -> tuple[pd.DataFrame, pd.DataFrame]:
    from dashboard.app.datasets import demo_dataset

    dataset = demo_dataset()
    return dataset.centres_frame, dataset.funding_frame


@cache
def _deck(within: str | None, lang: str, illustrative: bool = True) -> bytes:
    centres, funding = _demo()
    return build_deck(centres, funding, within, lang, illustrative=illustrative)


def _open(data: bytes):
    return Presentation(io.BytesIO(data))


def _flat(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def _texts(slide) -> list[str]:
    """Every paragraph of a slide, tables included."""
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.extend(_flat(p.text) for p in shape.text_frame.paragraphs)
        if shape.has_table:
            for row in shape.table.rows:
                texts.extend(_flat(cell.text) for cell in row.cells)
    return [text for text in texts if text]


def _slide_text(slide) -> str:
    return " | ".join(_texts(slide))


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_deck_is_16_9_with_the_ten_slides(lang):
    deck = _open(_deck(TAZA, lang))
    assert deck.slide_width * 9 == deck.slide_height * 16
    assert len(deck.slides) == 10


@pytest.mark.parametrize("lang", ["fr", "ar"])
@pytest.mark.parametrize("within", [TAZA, REGION, None, COMMUNE])
def test_every_slide_has_title_source_number_and_notice(within, lang):
    deck = _open(_deck(within, lang))
    for number, slide in enumerate(deck.slides, start=1):
        texts = _texts(slide)
        assert len(texts[0]) > 3  # the title comes first
        assert any(text.startswith(i18n.t("Source: {source}", lang, source="").strip())
                   for text in texts), number
        assert i18n.t("Illustrative data", lang) in texts  # in the deck's language
        assert i18n.number(number, lang) in texts


def test_own_data_has_no_illustrative_notice():
    deck = _open(_deck(TAZA, "fr", illustrative=False))
    notice = i18n.t("Illustrative data", "fr")
    assert all(notice not in " ".join(_texts(slide)) for slide in deck.slides)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_title_slide_names_the_territory_in_french_and_arabic(lang):
    territory = resolve_territory(TAZA)
    texts = _texts(_open(_deck(TAZA, lang)).slides[0])
    assert territory.name_fr in texts and territory.name_ar in texts


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_key_figures_are_those_of_compute_indicators(lang):
    centres, funding = _demo()
    row = compute_indicators(centres, funding, "province", TAZA).iloc[0]
    text = _slide_text(_open(_deck(TAZA, lang)).slides[1])
    for value in (i18n.number(row["centres"], lang), i18n.number(row["services"], lang),
                  i18n.percent(row["coverage_rate_rural"], lang),
                  i18n.number(row["people_per_centre"], lang),
                  i18n.money(row["funding_per_capita_mad"], lang, digits=2)):
        assert _flat(value) in text


def test_national_key_figures_add_up_the_regions():
    centres, funding = _demo()
    headline = totals(compute_indicators(centres, funding, "region"))
    text = _slide_text(_open(_deck(None, "fr")).slides[1])
    assert _flat(i18n.number(headline["centres"], "fr")) in text
    assert _flat(i18n.number(headline["communes_total"], "fr")) in text


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_services_slide_has_a_chart_and_the_cercles_of_the_province(lang):
    centres, funding = _demo()
    cercles = compute_indicators(centres, funding, "cercle", TAZA)
    slide = _open(_deck(TAZA, lang)).slides[3]
    charts = [shape for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 1
    chart = charts[0].chart
    plotted = sum(sum(series.values) for series in chart.plots[0].series)
    assert plotted == cercles["services"].sum()
    tables = [shape.table for shape in slide.shapes if shape.has_table]
    assert len(tables) == 1
    names = {_flat(cell.text) for row in tables[0].rows for cell in row.cells}
    for record in cercles.to_dict("records"):
        assert _flat(i18n.unit_name(record, lang)) in names
    for value in cercles["services"]:
        assert i18n.number(value, lang) in names


def test_services_of_a_region_show_the_first_cercles_and_say_so():
    centres, funding = _demo()
    cercles = compute_indicators(centres, funding, "cercle", REGION)
    assert len(cercles) > 12
    slide = _open(_deck(REGION, "fr")).slides[3]
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    assert len(table.rows) == 13
    best = cercles.sort_values("services", ascending=False).iloc[0]
    assert _flat(table.cell(1, 0).text) == _flat(best["name_fr"])
    assert "12" in _slide_text(slide) and str(len(cercles)) in _slide_text(slide)


@pytest.mark.parametrize(("index", "drawn"), [(2, 3), (5, 5)])
def test_map_slides_have_a_picture_coloured_as_its_legend(index, drawn):
    from PIL import Image

    slide = _open(_deck(TAZA, "fr")).slides[index]
    pictures = [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    image = Image.open(io.BytesIO(pictures[0].image.blob)).convert("RGB")
    assert image.width >= 1600
    pixels = {"{:02X}{:02X}{:02X}".format(*colour): count for count, colour in
              image.getcolors(maxcolors=1 << 22)}
    swatches = [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE
                and shape.width < 914_400 and shape.height < 914_400 // 2]
    legend = [str(shape.fill.fore_color.rgb) for shape in swatches]
    assert len(legend) >= 4  # one swatch per legend entry
    shown = [c for c in legend if pixels.get(c, 0) > image.width * image.height * 0.002]
    assert len(shown) >= drawn, (legend, shown)


def test_funding_legend_shows_the_classes_of_the_cercles():
    from dashboard.reports.classes import classify

    centres, funding = _demo()
    cercles = compute_indicators(centres, funding, "cercle", TAZA)
    classes = classify(cercles["funding_per_capita_mad"], "quantiles", 5)
    text = _slide_text(_open(_deck(TAZA, "fr")).slides[5])
    assert i18n.number(classes.edges[0], "fr", 2) in text
    assert i18n.number(classes.edges[-1], "fr", 2) in text
    assert i18n.t("MAD per inhabitant", "fr") in text


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_underserved_table_lists_the_first_ten(lang):
    centres, _ = _demo()
    gaps = underserved(centres, within=REGION, filters=DEFAULT_FILTERS).head(10)
    slide = _open(_deck(REGION, lang)).slides[7]
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    assert len(table.rows) == len(gaps) + 1
    names = {_flat(cell.text) for row in table.rows for cell in row.cells}
    for record in gaps.to_dict("records"):
        assert _flat(i18n.unit_name(record, lang)) in names


def test_sources_slide_credits_the_census():
    text = _slide_text(_open(_deck(TAZA, "fr")).slides[-1])
    assert _flat(credit("fr")) in text
    assert "mapclassify" in text


def _paragraphs(deck):
    for slide in deck.slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            for frame in frames:
                yield from frame.paragraphs


def test_arabic_paragraphs_run_right_to_left_with_a_complex_script_font():
    checked = 0
    for paragraph in _paragraphs(_open(_deck(TAZA, "ar"))):
        if not ARABIC.search(paragraph.text):
            continue
        properties = paragraph._p.pPr
        assert properties is not None and properties.get("rtl") == "1", paragraph.text
        assert properties.get("algn") in ("r", "l")  # the reading start, or numbers' end
        for run in paragraph.runs:
            complex_script = run._r.rPr.find(qn("a:cs"))
            assert complex_script is not None and complex_script.get("typeface")
            assert run._r.rPr.get("lang") == "ar-MA"
        checked += 1
    assert checked > 50


def test_arabic_text_is_stored_as_typed_not_pre_shaped():
    text = " ".join(p.text for p in _paragraphs(_open(_deck(TAZA, "ar"))))
    assert resolve_territory(TAZA).name_ar in text
    assert not re.search(r"[\ufb50-\ufdff\ufe70-\ufeff]", text)  # no presentation forms


def test_french_paragraphs_are_left_to_right():
    for paragraph in _paragraphs(_open(_deck(TAZA, "fr"))):
        if paragraph.text and not ARABIC.search(paragraph.text):
            assert paragraph._p.pPr is None or paragraph._p.pPr.get("rtl") != "1"


def test_added_slides_take_their_slot_before_the_sources():
    centres, funding = _demo()

    def changes(deck: Deck) -> None:
        slide = deck.new_slide(i18n.t("Since the last version — {name}", deck.lang, name=deck.name))
        deck.text(slide, Box(0.5, 1.5, 6, 1), f"{deck.extras['gained']} gained", 18)

    data = build_deck(centres, funding, TAZA, "fr", illustrative=True,
                      builders={"changes": changes}, extras={"gained": 3})
    deck = _open(data)
    assert len(deck.slides) == 11
    assert "3 gained" in _slide_text(deck.slides[9])
    assert _texts(deck.slides[10])[0] == i18n.t("Sources and method", "fr")
    assert "proposed_sites" in SLIDE_ORDER


def test_unknown_slot_and_bad_language_are_value_errors():
    centres, funding = _demo()
    with pytest.raises(ValueError, match="slot"):
        build_deck(centres, funding, TAZA, builders={"appendix": None})
    with pytest.raises(ValueError, match="lang"):
        build_deck(centres, funding, TAZA, "de")
