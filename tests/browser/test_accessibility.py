"""Readable captions, a visible focus ring and the keyboard path told to screen readers, on
every page in French, Arabic and English."""

from __future__ import annotations

import pytest

from dashboard.app.pages import PAGES, path_of
from tests.support.browser import wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# WCAG contrast ratio of an element's text colour on white
_CONTRAST_JS = """(element) => {
    const rgb = getComputedStyle(element).color.match(/[\\d.]+/g).map(Number);
    const alpha = rgb.length > 3 ? rgb[3] : 1;
    const channel = (value) => {
        const mixed = (value * alpha + 255 * (1 - alpha)) / 255;
        return mixed <= 0.03928 ? mixed / 12.92 : ((mixed + 0.055) / 1.055) ** 2.4;
    };
    const lum = 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
    return 1.05 / (lum + 0.05);
}"""


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_captions_focus_ring_and_keyboard_hint(server, browser, lang):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        for name in PAGES:
            page.goto(f"{server}/{path_of(name)}?lang={lang}")
            wait_ready(page)
            caption = page.locator('[data-testid="stCaptionContainer"]').first
            assert caption.evaluate(_CONTRAST_JS) >= 4.5, f"{name}: caption contrast"
            hint = page.locator(".taghtia-sr-only")
            hint.first.wait_for(state="attached", timeout=30_000)
            assert hint.count() == 1 and hint.inner_text().strip(), name
            assert hint.bounding_box()["width"] <= 1  # for screen readers only
        link = page.locator('[data-testid="stSidebarNav"] a').first
        link.focus()
        page.keyboard.press("Tab")
        page.keyboard.press("Shift+Tab")  # focus from the keyboard: :focus-visible
        ring = link.evaluate("e => [getComputedStyle(e).outlineStyle, "
                             "parseFloat(getComputedStyle(e).outlineWidth)]")
        assert ring[0] != "none" and ring[1] >= 2, ring
    finally:
        context.close()
