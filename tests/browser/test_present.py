"""Presentation mode in headless Chromium at 1920 x 1080: no chrome, arrow keys, Esc."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import Watched
from tests.support.browser import drawn_units, map_frame, wait_ready
from tests.support.territories import TAZA

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-pages")]



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


# Pixels of the map's canvases that are painted (not transparent): a blank map has none.
_PAINTED_JS = """() => {
    let painted = 0;
    for (const canvas of document.querySelectorAll('.leaflet-pane canvas')) {
        if (!canvas.width || !canvas.height) { continue; }
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width,
                                                          canvas.height).data;
        for (let i = 3; i < data.length; i += 16) { if (data[i]) { painted++; } }
    }
    return painted;
}"""


def _painted_map(page) -> int:
    """Painted pixels of the page's map (waits for its units to be drawn first)."""
    frame = map_frame(page)
    frame.wait_for_function(f"({_PAINTED_JS})() > 1000", timeout=30_000)
    return frame.evaluate(_PAINTED_JS)


def test_the_first_slide_map_is_drawn_every_time_presentation_mode_is_entered(server, screen,
                                                                               screenshots):
    page = screen.page
    page.goto(f"{server}/?territory={TAZA}&lang=fr")
    wait_ready(page)
    for entry in range(5):
        page.get_by_role("button", name="Mode présentation").click()
        page.wait_for_url(re.compile(r"present=1"))
        wait_ready(page)
        assert _painted_map(page) > 1000, f"entry {entry + 1}: the map is blank"
        if entry == 4:
            page.screenshot(path=str(screenshots / "present-entered-fifth-time.png"))
        page.keyboard.press("Escape")
        page.wait_for_url(lambda url: "present=1" not in url)
        wait_ready(page)
    assert screen.errors == []


def _box(locator) -> dict:
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not laid out"
    return box


@pytest.mark.parametrize("size", [(1400, 900), (1920, 1080)])
def test_each_slide_fits_the_screen_above_the_slide_bar(server, browser, screenshots, size):
    from dashboard.app.pages import path_of
    from dashboard.app.present import SLIDE_PAGES

    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height},
                                  locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        for name in SLIDE_PAGES:
            page.goto(f"{server}/{path_of(name)}?territory={TAZA}&present=1&lang=fr")
            wait_ready(page)
            frame = map_frame(page)
            bar = page.locator('[data-testid="stHorizontalBlock"]:has(.st-key-present-exit)')
            page.wait_for_function(
                """() => {
                    const exit = document.querySelector('.st-key-present-exit');
                    const bar = exit && exit.closest('[data-testid="stHorizontalBlock"]');
                    const map = document.querySelector('iframe[title*="folium"]');
                    const legend = map && map.contentDocument.querySelector('.taghtia-legend');
                    if (!bar || !legend) { return false; }
                    const limit = bar.getBoundingClientRect().top;
                    return map.getBoundingClientRect().bottom <= limit &&
                        map.getBoundingClientRect().top + legend.getBoundingClientRect().bottom
                        <= limit;
                }""", timeout=30_000)
            page.wait_for_timeout(1000)  # the map redrawn at its new size
            limit = _box(bar)["y"]
            parts = {"title": page.locator("h1").first,
                     "map": page.locator('iframe[title*="folium"]').first,
                     "legend": frame.locator(".taghtia-legend").first}
            metrics = page.locator('[data-testid="stMetric"]:visible')
            if metrics.count():
                parts["figures"] = metrics.first
            for part, locator in parts.items():
                box = _box(locator)
                assert box["y"] >= 0 and box["x"] >= 0, f"{name}: {part} off the screen"
                assert box["x"] + box["width"] <= width + 1, f"{name}: {part} off the side"
                assert box["y"] + box["height"] <= limit + 1, f"{name}: {part} under the bar"
            # one row of figures, and the demo banner on one line
            tops = {round(_box(metrics.nth(i))["y"]) for i in range(metrics.count())}
            assert len(tops) <= 1, f"{name}: {len(tops)} rows of figures"
            banner = page.locator('[data-testid="stAlert"] p').first
            line = banner.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
            assert _box(banner)["height"] < 1.5 * line, f"{name}: banner on several lines"
            assert len(drawn_units(frame)) > 0
            page.screenshot(path=str(screenshots / f"present-fit-{name}-{width}.png"))
    finally:
        context.close()
