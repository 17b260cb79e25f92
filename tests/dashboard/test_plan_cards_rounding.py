"""A plan's cards read as the table does: "newly served" is after − before as shown."""

from __future__ import annotations

from dashboard import i18n
from dashboard.reports.planning_slide import plan_cards


def test_newly_served_is_the_difference_of_the_figures_shown():
    summary = {"demand_total": 500_000.4, "demand_served_before": 100.6,
               "demand_served_after": 18_193.2}
    cards = dict(plan_cards(summary, "fr"))
    values = list(cards.values())
    assert values[0].startswith(i18n.number(101, "fr"))
    assert values[1].startswith(i18n.number(18_193, "fr"))
    assert values[2] == i18n.number(18_193 - 101, "fr")  # 18 092, not 18 093


def test_the_same_in_places():
    summary = {"demand_total": 1000.0, "demand_served_before": 10.6,
               "demand_served_after": 30.2, "places_added": 50, "capacity_unknown": 0}
    assert list(dict(plan_cards(summary, "ar")).values())[2] == i18n.number(30 - 11, "ar")
