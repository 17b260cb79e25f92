"""Nothing cut at 1400×900: key figures, button labels, table titles and the choices shown
in select boxes are read whole, in Arabic and in French, and the rate tables (urban beside
rural) need no sideways scroll.

One browser page visits the Overview, Coverage (rates by unit), Funding and Planning pages of
Taza (whose Arabic amounts, "14,6 مليون درهم", are the widest key figures) and the national rates
by cercle in both languages. Screenshots go to
``artifacts/screenshots/nothing-cut-<page>[-maroc]-<lang>.png``.
"""

from __future__ import annotations

import pytest

from dashboard import i18n
from dashboard.app.pages import path_of
from tests.support.browser import wait_ready
from tests.support.territories import TAZA

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-pages")]

# Texts that must be read whole. A text is cut when it (or an element inside it) is wider
# than its box and hides the rest: an ellipsis, or a box that clips what overflows.
_CUT_JS = """() => {
    const selectors = ['[data-testid="stMetricValue"]', '[data-testid="stMetricLabel"]',
                       '[data-testid="stMetricDelta"]', 'button',
                       '[data-testid="stWidgetLabel"]', 'h1', 'h2', 'h3'];
    const texts = [], cut = [];
    for (const element of document.querySelectorAll(selectors.join(','))) {
        if (element.closest('[data-testid="stSidebar"]') || !element.innerText.trim()
                || element.getBoundingClientRect().width === 0) { continue; }
        texts.push(element.innerText.trim());
        for (const node of [element, ...element.querySelectorAll('*')]) {
            const style = getComputedStyle(node);
            const hides = style.textOverflow === 'ellipsis' || style.overflowX !== 'visible';
            if (hides && node.scrollWidth > node.clientWidth + 1) {
                cut.push(`${element.innerText.trim()} (${node.scrollWidth} > ${node.clientWidth})`);
                break;
            }
        }
    }
    // a select box shows its choice in an input, whose width says nothing of its text's
    const ruler = document.createElement('canvas').getContext('2d');
    for (const input of document.querySelectorAll('[data-testid="stMain"] '
                                                  + '[data-testid="stSelectbox"] input')) {
        const style = getComputedStyle(input);
        ruler.font = style.font;
        const room = input.clientWidth - parseFloat(style.paddingLeft)
            - parseFloat(style.paddingRight);
        const width = Math.ceil(ruler.measureText(input.value).width);
        texts.push(input.value);
        if (width > room + 1) { cut.push(`${input.value} (${width} > ${room})`); }
    }
    return {texts: texts, cut: cut};
}"""

# Each data grid's scrolling box (in page order): its content's width against its own.
_GRIDS_JS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')]
    .map(box => ({scroll: box.scrollWidth, client: box.clientWidth}))"""

PAGES = (("overview", f"&territory={TAZA}"), ("coverage", f"&territory={TAZA}&view=rate"),
         ("coverage", "&view=rate&level=cercle"), ("funding", f"&territory={TAZA}"),
         ("planning", f"&territory={TAZA}"))
"""Taza's pages, and the national table of cercles (the longest names: "Municipalités de
El Kelâa Des-Sraghna"), and the Planning page's choices ("all (sidebar filters)")."""


def _open_table(page) -> None:
    """Switch on the toggle that holds the Overview's breakdown back, as a person clicks it."""
    toggle = page.locator('[data-testid="stCheckbox"]:has(input[role="switch"])').last
    toggle.wait_for()
    if not toggle.locator("input").is_checked():
        toggle.locator("label").click()
    wait_ready(page)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_key_figures_buttons_and_tables_are_whole(server, browser, screenshots, lang) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        for name, query in PAGES:
            page.goto(f"{server}/{path_of(name)}?lang={lang}{query}")
            wait_ready(page)
            page.locator('[data-testid="stMetricValue"], [data-testid="stDataFrame"]').first \
                .wait_for()
            if name == "overview":
                _open_table(page)
            if name in ("overview", "coverage"):
                grid = page.locator('[data-testid="stDataFrame"] .dvn-scroller').first
                grid.wait_for()
                grid.scroll_into_view_if_needed()
            national = "" if "territory" in query else "-maroc"
            page.screenshot(path=str(screenshots / f"nothing-cut-{name}{national}-{lang}.png"))
            found = page.evaluate(_CUT_JS)
            # the probe saw the page's own labels (the check reads the texts it must)
            wanted = "Centre type" if name == "planning" else "Download this table (CSV)"
            assert i18n.t(wanted, lang) in found["texts"], name
            assert found["cut"] == [], f"{name}: {found['cut']}"
            if name in ("overview", "coverage"):  # the rate table: the page's first grid
                grid = page.evaluate(_GRIDS_JS)[0]
                assert grid["scroll"] <= grid["client"], f"{name}: {grid}"
    finally:
        context.close()
