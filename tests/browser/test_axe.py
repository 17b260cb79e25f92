"""axe-core on every page in French, Arabic and English: no serious or critical violation;
the keyboard path told to screen readers on every page, Streamlit's own words in French and
Arabic, the map's buttons where reading starts, and a visible focus ring.

The vendored axe-core (``vendor/axe-core``, tests only) is injected into the page and into
each of its frames (the map is a component's iframe of the same origin, so axe checks the
map's own controls too) once the page has run and its map has drawn; every rule runs, and
the violations of impact ``serious`` or ``critical`` fail the test with their rule, impact,
count and first elements. One browser context per language, kept for the module, and one
page load per page and language.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.app.chrome import CHROME_WORDS
from dashboard.app.pages import MAP_PAGES, PAGES, path_of
from dashboard.i18n import t
from tests.support.browser import map_frame, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-pages")]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
LANGUAGES = ("fr", "ar", "en")
BLOCKING = ("serious", "critical")
"""Impacts that fail the test (axe's ``minor`` and ``moderate`` are reported, not failed)."""

_RUN_AXE = """async () => {
    const result = await axe.run(document, {iframes: true});
    const framed = result.passes.reduce((count, rule) => count + rule.nodes.filter(
        node => node.target.length > 1).length, 0);  // [iframe, element]: checked in a frame
    return {framed, violations: result.violations.map(rule => ({
        id: rule.id, impact: rule.impact, help: rule.help,
        targets: rule.nodes.map(node => node.target.flat().join(' >> ')),
    }))};
}"""

# Whether the screen-reader hint comes just before the sidebar's region selector (``arg``: its
# label), so that it is read on the way to the selectors
_BEFORE_REGION_JS = """(label) => {
    const hint = document.querySelector('.taghtia-sr-only');
    const boxes = [...document.querySelectorAll(
        '[data-testid="stSidebar"] [data-testid="stSelectbox"]')].filter(
        box => (box.querySelector('label') || {}).textContent === label);
    return boxes.length === 1
        && !!(hint.compareDocumentPosition(boxes[0]) & Node.DOCUMENT_POSITION_FOLLOWING);
}"""


@pytest.fixture(scope="module")
def tab_per_language(server, browser):
    """One page (tab) per language, each in its own context, shared by the module's tests."""
    contexts, tabs = [], {}

    def tab(lang: str):
        if lang not in tabs:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            contexts.append(context)
            tabs[lang] = context.new_page()
            tabs[lang].set_default_timeout(60_000)
        return tabs[lang]

    yield tab
    for context in contexts:
        context.close()


def run_axe(page) -> dict:
    """axe-core on ``page`` and its frames (each gets axe too, so that ``iframes: true``
    reaches them): ``{"violations": [{"id", "impact", "help", "targets"}, ...], "framed":
    number of elements checked inside a frame}``."""
    for frame in page.frames:
        if not frame.is_detached() and frame.evaluate("() => !window.axe"):
            frame.add_script_tag(path=str(AXE))
    return page.evaluate(_RUN_AXE)


def test_axe_is_vendored_with_its_licence() -> None:
    assert AXE.stat().st_size > 100_000
    assert "Mozilla Public License" in (AXE.parent / "LICENSE").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_serious_or_critical_violation(tab_per_language, server, lang, name):
    page = tab_per_language(lang)
    page.goto(f"{server}/{path_of(name)}?lang={lang}")
    wait_ready(page)
    if name in MAP_PAGES:
        _assert_controls_where_reading_starts(map_frame(page), lang)  # axe reads it drawn
    result = run_axe(page)
    violations = result["violations"]
    if name in MAP_PAGES:
        assert result["framed"] > 0, "axe did not reach inside the map's frame"
    assert page.evaluate("() => axe.version").startswith("4.")
    counts = {impact: sum(len(rule["targets"]) for rule in violations
                          if rule["impact"] == impact)
              for impact in ("minor", "moderate", "serious", "critical")}
    print(f"axe {lang} {name}: {counts} "
          f"{sorted({rule['id'] for rule in violations})}")  # shown with -s / -rP
    blocking = [f"{rule['id']} ({rule['impact']}, {len(rule['targets'])}): {rule['help']}; "
                f"{rule['targets'][:3]}" for rule in violations if rule["impact"] in BLOCKING]
    assert blocking == [], f"{lang} {name}:\n" + "\n".join(blocking)
    _assert_keyboard_hint(page, name, lang)
    if lang != "en":
        _assert_streamlit_words_translated(page, name, lang)


def _assert_streamlit_words_translated(page, name: str, lang: str) -> None:
    """None of Streamlit's own English phrases is left in what a screen reader reads (names
    of links, buttons, regions; the upload widget's text), and the skip link shows the page's
    language."""
    said = page.locator("body").aria_snapshot()
    english = [word for word in CHROME_WORDS if f'"{word}"' in said or f": {word}\n" in said]
    assert english == [], (lang, name, english)
    assert "MB per file" not in said, (lang, name)
    skip = page.locator('[data-testid="stSkipToContent"]')
    assert skip.text_content() == t("Skip to main content", lang), name


def _assert_controls_where_reading_starts(frame, lang: str) -> None:
    """The zoom buttons (named in the page's language) and, under them, the "back to the
    territory" button (⌂) in the map's top right corner in Arabic, top left otherwise."""
    side = "right" if lang == "ar" else "left"
    corner = frame.locator(f".leaflet-top.leaflet-{side}")
    assert corner.locator(".leaflet-control-zoom").count() == 1, lang
    assert corner.locator(".taghtia-home").count() == 1, lang
    for button, said in ((".leaflet-control-zoom-in", "Zoom in"),
                         (".leaflet-control-zoom-out", "Zoom out")):  # in the page's language
        assert corner.locator(button).get_attribute("aria-label") == t(said, lang), lang
        assert corner.locator(button).get_attribute("title") == t(said, lang), lang
    zoom = corner.locator(".leaflet-control-zoom").bounding_box()
    home = corner.locator(".taghtia-home").bounding_box()
    assert home["y"] >= zoom["y"] + zoom["height"] - 1, (zoom, home)  # under the zoom
    width = frame.evaluate("() => window.innerWidth")
    middle = home["x"] + home["width"] / 2 - frame.frame_element().bounding_box()["x"]
    assert (middle > width / 2) == (lang == "ar"), (lang, middle, width)


def _assert_keyboard_hint(page, name: str, lang: str) -> None:
    """The map's units take no keyboard focus: a hint for screen readers only says that
    the territory selectors drill down instead. It is in the accessibility tree (what a
    screen reader reads), placed before the region selector, and takes no room on screen."""
    hint = page.locator(".taghtia-sr-only")
    assert hint.count() == 1, name
    text = hint.inner_text().strip()
    assert len(text) > 20, name
    box = hint.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1, (name, box)
    sidebar = page.locator('[data-testid="stSidebar"]').aria_snapshot()
    assert text in sidebar, (name, sidebar[:400])
    assert page.evaluate(_BEFORE_REGION_JS, t("Region", lang)), name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_focus_ring_on_a_menu_link(tab_per_language, server, lang):
    page = tab_per_language(lang)
    if not page.url.startswith(server):
        page.goto(f"{server}/?lang={lang}")
        wait_ready(page)
    link = page.locator('[data-testid="stSidebarNav"] a').first
    link.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")  # focus from the keyboard: :focus-visible
    ring = link.evaluate("e => [getComputedStyle(e).outlineStyle, "
                         "parseFloat(getComputedStyle(e).outlineWidth)]")
    assert ring[0] != "none" and ring[1] >= 2, ring


# Points of a 390 px wide phone screen that lie inside the sidebar (none when it is folded)
_SIDEBAR_POINTS_JS = """() => {
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    const hits = [];
    for (let x = 5; x < window.innerWidth; x += 10) {
        for (let y = 100; y < window.innerHeight; y += 40) {
            if (sidebar.contains(document.elementFromPoint(x, y))) { hits.push([x, y]); }
        }
    }
    return hits;
}"""


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_folded_sidebar_leaves_the_phone_screen_clear(server, browser, lang):
    """On a phone the sidebar starts folded away: none of it shows over the page (in Arabic
    Streamlit moved it off to the left of its right-hand place, leaving a strip of labels
    and selectors over the text)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{server}/data?lang={lang}")
        wait_ready(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        assert sidebar.get_attribute("data-collapsed") == "true"
        assert page.evaluate(_SIDEBAR_POINTS_JS) == []
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        # unfolded: wait until its slide has brought it wholly on screen
        page.wait_for_function(
            """() => {
                const sidebar = document.querySelector('[data-testid="stSidebar"]');
                const box = sidebar.getBoundingClientRect();
                return sidebar.getAttribute('data-collapsed') === 'false' && box.width > 200
                    && box.left >= 0 && box.right <= window.innerWidth + 1;
            }""", polling="raf")
        assert len(page.evaluate(_SIDEBAR_POINTS_JS)) > 50  # unfolded, it is on screen
    finally:
        context.close()
