"""A manager's tour: choose a territory, switch language, then keep clicking.

Every page, a filter and the page's own controls, in each language reached by switching
from another one; no step may show an exception box. Screenshots of every page in French
and Arabic at the two screen sizes people use are written to ``artifacts/screenshots``.
"""

from __future__ import annotations

from functools import partial

import pytest
from playwright.sync_api import expect

from dashboard.app.pages import DEFAULT_PAGE, PAGES
from dashboard.i18n import t
from tests.support.browser import wait_ready, when_settled
from tests.support.territories import TAZA

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-pages")]

LANGUAGE_NAMES = {"fr": "Français", "ar": "العربية", "en": "English"}
FIRST_LANGUAGE = {"ar": "fr", "en": "ar", "fr": "en"}


def no_exception(page, step: str) -> None:
    wait_ready(page, timeout=60)
    boxes = page.locator('[data-testid="stException"]')
    assert boxes.count() == 0, f"{step}: {boxes.first.inner_text()[:300]}"
    assert "Traceback" not in page.locator(".stApp").inner_text(), step


def choose_language(page, lang: str) -> None:
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=LANGUAGE_NAMES[lang]).click()


def keeps_view(page, lang: str) -> None:
    """The address bar keeps the language and the territory (fails after 20 s)."""
    wanted = [f"territory={TAZA}"] + ([f"lang={lang}"] if lang != "fr" else [])
    page.wait_for_function(
        "(wanted) => wanted.every((part) => location.search.includes(part))", arg=wanted,
        timeout=20_000)


def open_page(page, name: str) -> None:
    link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{name}"]')
    if name == DEFAULT_PAGE and link.count() == 0:
        link = page.locator('[data-testid="stSidebarNav"] a').first
    link.first.click()


def change_a_filter(page, lang: str) -> None:
    """Open the filters and pick the first centre type offered (after Streamlit's "Select
    all", said in the page's language); its chip appears under the title."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    expander = sidebar.locator('[data-testid="stExpander"] summary').first
    types = sidebar.locator('[data-testid="stMultiSelect"]').first
    if types.is_hidden():
        expander.click()
    types.wait_for(state="visible")
    options = page.get_by_role("option")

    def open_the_list() -> None:  # a rerun ending as it opens closes it: opened again
        types.click()
        options.first.wait_for(state="visible", timeout=5_000)

    assert when_settled(page, open_the_list), "the centre types' list did not open"
    expect(options.first).to_have_text(t("Select all", lang))
    chosen = options.nth(1).inner_text().strip()
    options.nth(1).click()
    page.keyboard.press("Escape")
    chips = page.locator('[data-testid="stMain"] .st-key-filter-chips button:visible')
    expect(chips.filter(has_text=chosen)).to_have_count(1, timeout=30_000)


# the users' two languages (English pages are checked by the accessibility test)
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_switch_language_then_click_everything(server, watched, lang) -> None:
    page = watched.page
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{server}/coverage?territory={TAZA}&lang={FIRST_LANGUAGE[lang]}")
    no_exception(page, "first view")
    choose_language(page, lang)
    no_exception(page, f"switch to {lang}")
    keeps_view(page, lang)
    for name in PAGES:
        open_page(page, name)
        no_exception(page, f"{lang} {name}")
        keeps_view(page, lang)
    open_page(page, "coverage")
    no_exception(page, f"{lang} coverage again")
    change_a_filter(page, lang)
    no_exception(page, f"{lang} filter")
    for name in ("coverage", "funding", "overview"):
        open_page(page, name)
        no_exception(page, f"{lang} {name} after the filter")
        radios = page.locator('[data-testid="stMain"] [data-testid="stRadio"] label')
        if radios.count() > 1:
            assert when_settled(page, partial(radios.nth(1).click, timeout=20_000)), \
                f"{lang} {name}: the radio was never clicked"
            no_exception(page, f"{lang} {name} control")
    assert watched.foreign_hosts() == set()
