"""Nothing cut at 1400×900: key figures, button labels and table titles are read whole, in
Arabic and in French, and the rate tables (urban beside rural) need no sideways scroll.

One browser page visits the Overview, Coverage (rates by unit) and Funding pages of Taza
(whose Arabic amounts, "14,6 مليون درهم", are the widest key figures) and the national rates
by cercle in both languages. Screenshots go to
``artifacts/screenshots/nothing-cut-<page>[-maroc]-<lang>.png``.
"""

from __future__ import annotations

import pytest

from dashboard import i18n
from dashboard.app.pages import path_of
from tests.support.browser import wait_ready
from tests.support.territories import TAZA

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

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
    return {texts: texts, cut: cut};
}"""

# Each data grid's scrolling box (in page order): its content's width against its own.
_GRIDS_JS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')]
    .map(box => ({scroll: box.scrollWidth, client: box.clientWidth}))"""

PAGES = (("overview", f"&territory={TAZA}"), ("coverage", f"&territory={TAZA}&view=rate"),
         ("coverage", "&view=rate&level=cercle"), ("funding", f"&territory={TAZA}"))
"""Taza's pages, and the national table of cercles (the longest names: "Municipalités de
El Kelâa Des-Sraghna")."""


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
            assert i18n.t("Download this table (CSV)", lang) in found["texts"], name
            assert found["cut"] == [], f"{name}: {found['cut']}"
            if name in ("overview", "coverage"):  # the rate table: the page's first grid
                grid = page.evaluate(_GRIDS_JS)[0]
                assert grid["scroll"] <= grid["client"], f"{name}: {grid}"
    finally:
        context.close()
