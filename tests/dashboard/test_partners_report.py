"""The board pack's partners slide and the PDF report's partners section (FR and AR)."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pypdf import PdfReader

from dashboard.app.datasets import demo_dataset
from dashboard.calc.partners import partner_table
from dashboard.reports.pdf import build_report
from dashboard.reports.pptx import SLIDE_ORDER, build_deck
from tests.support.territories import TAZA

TITLES = {"fr": "Partenaires — Taza", "ar": "الشركاء — تازة"}
SENTENCES = {"fr": "14 partenaires gèrent 26 des 32 centres.",
             "ar": "14 شريكًا يسيّرون 26 من أصل 32 من المراكز."}


@pytest.fixture(scope="module")
def demo():
    data = demo_dataset()
    return data.centres_frame, data.funding_frame


def _texts(slide) -> list[str]:
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(" ".join(shape.text_frame.text.split()))
        if shape.has_table:
            texts.extend(" ".join(c.text.split()) for row in shape.table.rows for c in row.cells)
    return texts


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_deck_has_a_partners_slide_with_the_top_partners(demo, lang):
    centres, funding = demo
    deck = Presentation(io.BytesIO(build_deck(centres, funding, TAZA, lang, illustrative=True)))
    slide = deck.slides[SLIDE_ORDER.index("partners")]  # after the underserved communes
    texts = _texts(slide)
    assert texts[0] == TITLES[lang]
    assert SENTENCES[lang] in texts
    top = partner_table(centres, funding, TAZA).head(10)
    for name in top["name"]:
        assert name in texts
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    assert len(table.rows) == 11
    if lang == "ar":  # right to left, as every Arabic slide
        title = slide.shapes[0].text_frame.paragraphs[0]
        assert title._p.pPr is not None and title._p.pPr.get("rtl") == "1"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_pdf_has_a_partners_section(demo, lang):
    centres, funding = demo
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(build_report(
        centres, funding, TAZA, lang, illustrative=True))).pages)
    flat = " ".join(text.split())
    if lang == "fr":
        assert "Partenaires — Taza" in flat and SENTENCES["fr"] in flat
        assert "Association Azetta Taza" in flat and "Gestion déléguée" in flat
    else:  # shaped Arabic comes back in visual order: look for the words, not the sentence
        assert "الشركاء" in flat and "Association Azetta Taza" in flat
