"""The active filters said under the title of every page, each removable."""

from __future__ import annotations

import pytest

from dashboard.app.filter_chips import active_filters, filters_line
from dashboard.app.pages import PAGES
from dashboard.app.state import ViewState
from dashboard.i18n import t
from tests.app.test_pages import run


def _chips(at) -> dict[str, object]:
    return {button.key: button for button in at.button if str(button.key).startswith("chip.")}


def test_no_chip_for_the_default_view():
    assert active_filters(ViewState(), "fr") == []
    assert filters_line(ViewState(), "fr") == ""


def test_each_filter_is_said_in_the_language():
    state = ViewState(types=("eps",), statuses=("operating", "closed"), years=(2020, 2022))
    said = dict(active_filters(state, "fr"))
    assert said["types"].startswith(t("Centre types", "fr") + ": ")
    assert said["statuses"].startswith(t("Statuses", "fr") + ": ")
    assert said["years"] == f"{t('Years', 'fr')}: 2020–2022"
    assert "types" in dict(active_filters(state, "ar"))
    assert dict(active_filters(state, "ar"))["types"].startswith(t("Centre types", "ar"))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_the_filter_and_a_chip_removes_it(page):
    at = run(page, {"types": "eps", "lang": "fr"})
    chips = _chips(at)
    assert "chip.types" in chips, f"{page}: {list(chips)}"
    assert chips["chip.types"].label.startswith(t("Centre types", "fr"))
    chips["chip.types"].click().run()
    assert not at.exception
    assert "chip.types" not in _chips(at)
    assert "types" not in at.query_params
