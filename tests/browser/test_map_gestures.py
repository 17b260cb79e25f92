"""Maps stay put under the page's own gestures: the wheel and one finger scroll the page (a
hint says how to zoom or pan), Ctrl + wheel zooms, and a button brings the territory back."""

from __future__ import annotations

import pytest

from tests.support.browser import ctrl_wheel, map_frame, map_view, wait_ready
from tests.support.territories import TAZA

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# How far the page has scrolled (Streamlit scrolls its main section, not the window)
_SCROLLED_JS = """() => Math.max(window.scrollY,
    ...[...document.querySelectorAll(
        '[data-testid="stMain"], [data-testid="stAppViewContainer"]')].map(e => e.scrollTop))"""


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def _over_map(page, frame) -> tuple[float, float]:
    frame.frame_element().evaluate("e => e.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(500)
    box = frame.locator(".leaflet-container").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_the_wheel_scrolls_the_page_and_ctrl_wheel_zooms_the_map(server, laptop, screenshots):
    page = laptop
    page.goto(f"{server}/coverage?territory={TAZA}&lang=fr")
    wait_ready(page)
    frame = map_frame(page)
    page.mouse.move(*_over_map(page, frame))
    page.wait_for_timeout(500)
    start, scrolled = map_view(frame), page.evaluate(_SCROLLED_JS)
    page.mouse.wheel(0, 300)
    page.wait_for_function(f"({_SCROLLED_JS})() > {scrolled}", timeout=10_000)
    page.wait_for_timeout(1000)  # a zoom, had there been one, would be done
    assert map_view(frame)["zoom"] == start["zoom"]

    page.mouse.move(*_over_map(page, frame))  # the page scrolled: back over the map
    page.wait_for_timeout(500)
    for _ in range(3):  # a few turns of the wheel, as a person gives
        page.mouse.wheel(0, 60)
        page.wait_for_timeout(100)
    frame.wait_for_function("() => document.querySelector('.leaflet-container')"
                            ".classList.contains('taghtia-gesture-hint')", timeout=5_000,
                            polling="raf")  # the hint shows for 1.5 s
    page.screenshot(path=str(screenshots / "map-wheel-hint-fr.png"))
    assert frame.locator(".leaflet-container").get_attribute("data-gesture-hint") == (
        "Utilisez Ctrl + molette pour zoomer sur la carte")
    assert map_view(frame)["zoom"] == start["zoom"]

    page.mouse.move(*_over_map(page, frame))
    for _ in range(3):
        ctrl_wheel(page, -100)
        page.wait_for_timeout(100)
    frame.wait_for_function("zoom => Object.values(window).some(value => { try {"
                            " return value instanceof L.Map && value.getZoom() > zoom; }"
                            " catch (error) { return false; } })", arg=start["zoom"],
                            timeout=10_000)


def test_back_to_the_territory_after_a_pan(server, laptop):
    page = laptop
    page.goto(f"{server}/coverage?territory={TAZA}&lang=fr")
    wait_ready(page)
    frame = map_frame(page)
    x, y = _over_map(page, frame)
    page.wait_for_timeout(1000)  # fitted to the legend
    start = map_view(frame)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 400, y + 250, steps=10)
    page.mouse.up()
    ctrl_wheel(page, -300)
    page.wait_for_timeout(1000)
    moved = map_view(frame)
    assert (moved["lat"], moved["lng"], moved["zoom"]) != (start["lat"], start["lng"],
                                                          start["zoom"])
    frame.get_by_role("button", name="Revenir au territoire").click()
    page.wait_for_timeout(500)
    back = map_view(frame)
    assert back["zoom"] == start["zoom"]
    assert abs(back["lat"] - start["lat"]) < 0.01 and abs(back["lng"] - start["lng"]) < 0.01


def test_one_finger_scrolls_the_page_on_a_phone(server, browser, screenshots):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ar",
                                  has_touch=True, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{server}/coverage?territory={TAZA}&lang=ar")
        wait_ready(page)
        frame = map_frame(page)
        x, y = _over_map(page, frame)
        page.wait_for_timeout(1000)
        start, scrolled = map_view(frame), page.evaluate(_SCROLLED_JS)
        touch = page.context.new_cdp_session(page)
        touch.send("Input.dispatchTouchEvent", {"type": "touchStart",
                                                "touchPoints": [{"x": x, "y": y}]})
        for step in range(1, 11):
            touch.send("Input.dispatchTouchEvent", {
                "type": "touchMove", "touchPoints": [{"x": x, "y": y - 25 * step}]})
        touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        page.wait_for_timeout(1500)
        after = map_view(frame)
        assert (after["lat"], after["lng"]) == (start["lat"], start["lng"])
        assert page.evaluate(_SCROLLED_JS) > scrolled
        assert frame.locator(".leaflet-container").get_attribute(
            "data-gesture-hint") == "استخدم إصبعين لتحريك الخريطة"
        page.screenshot(path=str(screenshots / "map-phone-ar.png"))
    finally:
        context.close()
