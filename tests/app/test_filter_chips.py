"""The active filters said under the title of every page, each removable."""

from __future__ import annotations

import pytest

from dashboard.app.filter_chips import active_filters, filters_line
from dashboard.app.pages import PAGES
from dashboard.app.state import ViewState, from_query
from dashboard.i18n import t
from loaders.vocabulary import CENTRE_TYPE_KEYS, FUNDING_SOURCE_KEYS, STATUS_KEYS
from tests.app.test_pages import metrics, run
from tests.support.territories import TAZA


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


def test_choosing_every_centre_type_is_no_filter():
    # grants not tied to a typed centre must not drop: all 11 types = the unfiltered figures
    at = run("overview", {"territory": TAZA, "lang": "fr"})
    unfiltered = metrics(at)
    every = list(at.multiselect(key="app.types@fr").options)
    at.multiselect(key="app.types@fr").set_value(
        [o for o in every if o]).run()  # the options as the user sees them
    assert metrics(at) == unfiltered
    assert "chip.types" not in _chips(at)
    assert at.multiselect(key="app.types@fr").value == []


def test_a_link_listing_every_type_or_source_is_no_filter():
    every = ",".join(CENTRE_TYPE_KEYS)
    assert from_query({"types": every}).types is None
    assert from_query({"types": "eps"}).types == ("eps",)
    assert from_query({"sources": ",".join(FUNDING_SOURCE_KEYS)}).sources is None
    assert from_query({"statuses": ",".join(STATUS_KEYS)}).statuses == STATUS_KEYS
