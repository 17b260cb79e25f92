"""Presentation mode in headless Chromium at 1920 x 1080: no chrome, arrow keys, Esc."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import Watched
from tests.support.browser import map_frame, wait_ready
from tests.support.territories import TAZA

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]



@pytest.fixture
def screen(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield Watched(page)
    context.close()


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url).split("?")[0]


def _query(url: str) -> str:
    return url.split("?", 1)[1] if "?" in url else ""


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_presentation_mode_moves_between_slides_with_the_keyboard(server, screen, screenshots,
                                                                 lang):
    page = screen.page
    page.goto(f"{server}/coverage?territory={TAZA}&present=1&lang={lang}")
    wait_ready(page)
    frame = map_frame(page)
    assert frame.locator(".taghtia-legend").count() == 1
    # no Streamlit chrome, no sidebar; large type; the map as wide as the page
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.locator('header[data-testid="stHeader"]').is_visible()
    title_size = page.locator("h1").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert title_size >= 36
    map_width = page.locator('iframe[title*="folium"]').first.bounding_box()["width"]
    assert map_width > 1920 * 0.85
    page.wait_for_timeout(1500)
    page.screenshot(path=str(screenshots / f"present-coverage-{lang}.png"))
    coverage_title = page.locator("h1").first.inner_text()

    page.keyboard.press("ArrowRight")  # no click first
    page.wait_for_url(re.compile(r"/services\?"))
    assert f"territory={TAZA}" in _query(page.url) and "present=1" in _query(page.url)
    wait_ready(page)
    assert page.locator("h1").first.inner_text() != coverage_title
    map_frame(page)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(screenshots / f"present-services-{lang}.png"))

    box = page.locator('iframe[title*="folium"]').first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)  # the click gave the keyboard to the map
    page.keyboard.press("ArrowLeft")  # heard by the slides, not panned by the map
    page.wait_for_url(re.compile(r"/coverage\?"))
    wait_ready(page)
    assert page.locator("h1").first.inner_text() == coverage_title

    page.keyboard.press("Escape")
    page.wait_for_url(lambda url: "present=1" not in url)
    wait_ready(page)
    assert _path(page.url) == "/coverage" and f"territory={TAZA}" in _query(page.url)
    assert page.locator('[data-testid="stSidebar"]').is_visible()
    page.keyboard.press("ArrowRight")  # keys do nothing outside presentation mode
    page.wait_for_timeout(1500)
    assert _path(page.url) == "/coverage"
    assert screen.foreign_hosts() == set()
    assert screen.errors == []


def test_sidebar_button_starts_presentation_mode_and_the_link_keeps_the_slide(server, screen):
    page = screen.page
    page.goto(f"{server}/funding?territory={TAZA}")
    wait_ready(page)
    page.get_by_role("button", name="Mode présentation").click()
    page.wait_for_url(re.compile(r"present=1"))
    wait_ready(page)
    assert _path(page.url) == "/funding"
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    link = page.url
    other = page.context.new_page()  # the copied link opens on the same slide
    other.goto(link)
    wait_ready(other)
    assert other.locator("h1").first.inner_text() == page.locator("h1").first.inner_text()
    assert not other.locator('[data-testid="stSidebar"]').is_visible()
    other.close()
    page.get_by_role("button", name="Quitter (Échap)").click()
    page.wait_for_url(lambda url: "present=1" not in url)
    assert screen.foreign_hosts() == set()
