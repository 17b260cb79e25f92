"""The deck next to the PDF on the Overview page, and every map's picture download."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from dashboard.app import cache, downloads, reference, view
from dashboard.app.pages import page_file
from dashboard.calc.indicators import Filters
from dashboard.i18n import t
from dashboard.reports.palette import KIND_COLOURS
from tests.support.apptest import APP
from tests.support.territories import TAZA


def _labels(at: AppTest) -> list[str]:
    return [element.proto.label for element in at.get("download_button")]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_overview_offers_the_deck_beside_the_report(lang):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["territory"] = TAZA
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    labels = _labels(at)
    assert t("Board report (PDF)", lang) in labels and t("Board pack (PowerPoint)", lang) in labels
    assert t("Download image (PNG)", lang) in labels  # the page's map as a picture


@pytest.mark.parametrize("page", ["coverage", "funding", "underserved"])
def test_every_map_has_a_picture_download(page):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["territory"] = TAZA
    at.switch_page(page_file(page))
    at.run()
    assert not at.exception
    labels = _labels(at)
    assert labels.count(t("Download image (PNG)",
                          "fr")) == labels.count(t("Download this map (HTML)", "fr"))
    assert labels.count(t("Download image (PNG)", "fr")) >= 1


def test_board_pack_bytes_are_a_deck_of_the_territory():
    deck = Presentation(io.BytesIO(cache.board_pack(TAZA, "ar", Filters())))
    assert len(deck.slides) == 10
    title = " ".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    assert "تازة" in title


def test_map_picture_has_the_colours_of_the_page_map():
    geometry, bounds = reference.geometry("commune", TAZA)
    spec = view.kind_spec(reference.communes(TAZA), geometry, bounds, "fr")
    image = Image.open(io.BytesIO(downloads.map_png(spec, "fr", TAZA))).convert("RGB")
    assert image.width >= 1600
    pixels = np.asarray(image).reshape(-1, 3)
    for colour in KIND_COLOURS.values():
        rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
        assert (pixels == rgb).all(axis=1).sum() > 500, colour


def test_map_picture_draws_the_centres_of_the_page_map():
    from dashboard.app.map_files import Point
    from dashboard.reports.palette import CENTRE_COLOUR

    geometry, bounds = reference.geometry("commune", TAZA)
    communes = reference.communes(TAZA)
    plain = view.kind_spec(communes, geometry, bounds, "fr")
    centres = [Point(lat, lon, "Centre") for lat, lon in
               zip(communes["point_lat"], communes["point_lon"], strict=True)]
    marked = view.kind_spec(communes, geometry, bounds, "fr", points=centres)

    def dark(spec) -> int:
        image = Image.open(io.BytesIO(downloads.map_png(spec, "fr", TAZA))).convert("RGB")
        pixels = np.asarray(image).reshape(-1, 3).astype(int)
        rgb = np.array([int(CENTRE_COLOUR[i:i + 2], 16) for i in (1, 3, 5)])
        return int((np.abs(pixels - rgb).sum(axis=1) < 30).sum())

    # one dot of about 40 pixels per commune's centre, and its legend entry
    assert dark(marked) - dark(plain) > 20 * len(centres)


def test_map_picture_says_the_active_filters_under_its_title():
    geometry, bounds = reference.geometry("commune", TAZA)
    spec = view.kind_spec(reference.communes(TAZA), geometry, bounds, "fr")

    def pixels(filters: str) -> np.ndarray:
        picture = Image.open(io.BytesIO(downloads.map_png(spec, "fr", TAZA, filters)))
        return np.asarray(picture.convert("L")).astype(int)

    plain, filtered = pixels(""), pixels("Types de centres : Jardin d'enfants · Années : 2021–2021")
    changed = np.flatnonzero((plain != filtered).any(axis=1))
    height = plain.shape[0]
    assert changed.size > 0  # "Filtres : aucun" became the filters
    assert 0.06 * height < changed.min() and changed.max() < 0.13 * height  # under the title
