"""Presentation mode without a browser: slide order, the URL flag, the buttons of each mode."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.app.pages import SLIDE_PAGES, page_file, path_of
from dashboard.app.present import neighbours, slides
from dashboard.app.state import ViewState, from_query, to_query
from dashboard.i18n import t
from tests.support.apptest import APP


def test_slides_follow_the_pages_the_app_has():
    assert slides(["data", "underserved", "overview", "coverage"]) == [
        "overview", "coverage", "underserved"]
    assert slides([*SLIDE_PAGES, "data"])[-1] == "planning"


@pytest.mark.parametrize(("current", "expected"), [
    ("overview", (None, "coverage")), ("coverage", ("overview", "services")),
    ("underserved", ("funding", None)), ("data", (None, "overview")),
])
def test_neighbours(current, expected):
    order = slides(["overview", "coverage", "services", "funding", "underserved", "data"])
    assert neighbours(current, order) == expected


def test_the_default_page_lives_at_the_root():
    assert path_of("overview") == "" and path_of("funding") == "funding"


def test_the_url_carries_presentation_mode():
    assert to_query(ViewState(present=True)) == {"present": "1"}
    assert from_query({"present": "1"}).present and not from_query({"present": "no"}).present
    assert "present" not in to_query(ViewState())


def _labels(at: AppTest, kind: str) -> list[str]:
    return [element.label for element in getattr(at, kind)]


@pytest.mark.parametrize("page", ["overview", "coverage", "data"])
def test_presentation_mode_shows_exit_and_slide_links(page):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["territory"] = "03.561"
    at.query_params["present"] = "1"
    if page != "overview":
        at.switch_page(page_file(page))
    at.run()
    assert not at.exception
    assert t("Leave (Esc)", "fr") in _labels(at, "button")
    assert t("Presentation mode", "fr") not in [b.label for b in at.sidebar.button]
    links = [element.proto.label for element in at.get("page_link")]
    assert t("Next →", "fr") in links


def test_normal_mode_offers_the_start_button_in_the_sidebar():
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    assert t("Presentation mode", "fr") in [b.label for b in at.sidebar.button]
    at.sidebar.button(key="app.present").click().run()
    assert at.query_params.get("present") in ("1", ["1"])
    assert t("Leave (Esc)", "fr") in _labels(at, "button")
