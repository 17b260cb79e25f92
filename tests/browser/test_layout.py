"""What a presenter shows: every page in French and Arabic at the two usual screen sizes,
with no map legend over the territory it explains.

Screenshots go to ``artifacts/screenshots/layout-<page>-<territory>-<lang>-<width>.png``.
"""

from __future__ import annotations

import time

import pytest

from dashboard.app.pages import MAP_PAGES, path_of
from tests.support.browser import wait_ready
from tests.support.territories import TAZA

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-pages")]

SIZES = ((1400, 900), (1920, 1080))

_BOXES = """() => {
    const legend = document.querySelector('.taghtia-legend');
    let units = null;
    for (const unit of (window.taghtiaUnits ? window.taghtiaUnits() : [])) {
        const [left, top, right, bottom] = unit.box;  // as drawn on the map's canvas
        units = units ? {left: Math.min(units.left, left), top: Math.min(units.top, top),
                         right: Math.max(units.right, right),
                         bottom: Math.max(units.bottom, bottom)}
                      : {left: left, top: top, right: right, bottom: bottom};
    }
    const l = legend && legend.getBoundingClientRect();
    return {units: units, legend: l && {left: l.left, top: l.top, right: l.right,
                                        bottom: l.bottom}};
}"""


def _map_boxes(page, timeout: float = 60) -> dict:
    """Bounding boxes of the drawn units and of the legend, once the map has settled."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        for frame in page.frames:
            if frame.is_detached():
                continue
            boxes = frame.evaluate(_BOXES)
            if boxes["units"] and boxes["legend"]:
                if boxes == last:  # the fit to the legend has been applied
                    return boxes
                last = boxes
        time.sleep(0.5)
    raise AssertionError("no map with units and a legend settled")


def _overlap(a: dict, b: dict) -> float:
    width = min(a["right"], b["right"]) - max(a["left"], b["left"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return max(width, 0) * max(height, 0)


# every map page in both languages and at both scales, paired (French on a province,
# Arabic on the whole country): the legend's side follows the language, its size the scale
@pytest.mark.parametrize("lang, territory", [("fr", TAZA), ("ar", None)])
@pytest.mark.parametrize("page_name", MAP_PAGES)
def test_legend_leaves_the_territory_visible(server, watched, screenshots, page_name, lang,
                                             territory) -> None:
    page = watched.page
    query = f"?lang={lang}" + (f"&territory={territory}" if territory else "")
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{server}/{path_of(page_name)}{query}")
        wait_ready(page)
        boxes = _map_boxes(page)
        assert _overlap(boxes["legend"], boxes["units"]) == 0, (width, boxes)
        page.screenshot(path=str(screenshots / f"layout-{page_name}-{territory or 'maroc'}-"
                                               f"{lang}-{width}.png"))
    assert watched.errors == []


_BOTTOM_CONTROLS = """() => {
    const box = e => { const r = e.getBoundingClientRect();
                       return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
    const legend = document.querySelector('.taghtia-legend');
    const controls = [...document.querySelectorAll(
        '.leaflet-control-attribution, .leaflet-control-scale')];
    return legend && controls.length === 2 ? {legend: box(legend), controls: controls.map(box)}
                                           : null;
}"""


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_on_a_phone_the_attribution_and_scale_leave_the_legend_readable(
        server, browser, screenshots, lang) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{server}/coverage?territory={TAZA}&lang={lang}")
        wait_ready(page)
        _map_boxes(page)  # the map has settled
        frame = next(f for f in page.frames if not f.is_detached()
                     and f.evaluate(_BOTTOM_CONTROLS))
        boxes = frame.evaluate(_BOTTOM_CONTROLS)
        for control in boxes["controls"]:
            assert _overlap(boxes["legend"], control) == 0, boxes
        frame.frame_element().evaluate("e => e.scrollIntoView({block: 'center'})")
        page.screenshot(path=str(screenshots / f"layout-coverage-phone-{lang}.png"))
    finally:
        context.close()
