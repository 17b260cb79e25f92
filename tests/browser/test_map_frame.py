"""A territory change redraws the map in the same frame: the new territory's communes only,
one legend and one set of controls, hover and tooltips still answering."""

from __future__ import annotations

import pytest

from tests.support.browser import drawn_units, map_frame, unit_point, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-pages")]

NATIONAL_UNITS = 1503
CONTROLS_JS = """() => ({
  legends: document.querySelectorAll('.taghtia-legend').length,
  homes: document.querySelectorAll('.taghtia-home').length,
  scales: document.querySelectorAll('.leaflet-control-scale').length,
  attributions: document.querySelectorAll('.leaflet-control-attribution').length,
  canvases: document.querySelectorAll('canvas').length,
  marked: window.__sameFrame === true
})"""


def test_territory_change_redraws_in_the_same_frame(server, watched) -> None:
    page = watched.page
    page.goto(f"{server}/coverage")
    wait_ready(page)
    frame = map_frame(page, NATIONAL_UNITS)
    frame.wait_for_function("() => window.taghtiaCentres().length > 0")
    before = frame.evaluate(CONTROLS_JS)
    frame.evaluate("() => { window.__sameFrame = true; }")
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(1).click()
    page.get_by_role("option", name="Fès-Meknès").click()
    frame.wait_for_function(
        "() => { var u = window.taghtiaUnits(); return u.length > 0 && "
        "u.every(function (d) { return d.code.startsWith('03.'); }); }", timeout=90_000)
    wait_ready(page)
    frame.wait_for_function("() => window.taghtiaCentres().length > 0")
    after = frame.evaluate(CONTROLS_JS)
    assert after["marked"]  # the frame that drew Morocco drew the region
    assert before == {**after, "marked": False}
    assert after["legends"] == after["homes"] == after["scales"] == 1
    region = drawn_units(frame)
    assert 0 < len(region) < NATIONAL_UNITS
    code = region[len(region) // 2]["code"]
    page.mouse.move(*unit_point(frame, code))  # hit-tested on the region's canvas
    tooltip = frame.locator(".leaflet-tooltip").last
    tooltip.wait_for()
    assert tooltip.text_content().strip()
    assert watched.errors == []
