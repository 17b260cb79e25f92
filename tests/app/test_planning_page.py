"""The Planning page solves a plan only when the planner presses "Propose sites": a rerun
(a filter, a setting, the language) shows the last plan and says when it no longer matches."""

from __future__ import annotations

import json
import re

import pytest

from dashboard import i18n
from dashboard.app import cache
from tests.app.test_pages import TAZA, run

QUESTION = {"territory": TAZA, "centre_type": "kindergarten", "group": "under_15",
            "radius": "10", "add": "3"}


@pytest.fixture
def solves(monkeypatch) -> list[tuple]:
    """Every call the page makes to :func:`dashboard.app.cache.plan` (the solve), in order."""
    calls: list[tuple] = []
    original = cache.plan

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(cache, "plan", counted)
    return calls


def sites(at) -> list[str]:
    return at.dataframe[0].value["Code"].tolist() if at.dataframe else []


def plan_maps(at) -> int:
    note = "Couverture maximale exacte"
    return sum(note in element.proto.json_args for element in at.get("component_instance"))


def stale(at, lang: str = "fr") -> bool:
    """Whether the page says the plan shown no longer matches the filters and settings."""
    start = i18n.t("The filters or settings changed since this plan (computed for {where}): press "
                   "“Propose sites” to recompute it.", lang, where="§").split("§")[0]
    return any(w.value.startswith(start) for w in at.warning)


def test_no_solve_until_asked_then_the_plan_stays(solves) -> None:
    at = run("planning", QUESTION)
    assert solves == [] and not sites(at) and plan_maps(at) == 0
    assert [i.value for i in at.info] == [i18n.t("Choose the number of centres and the candidate "
                                                 "communes, then press “Propose sites”: the exact "
                                                 "solve takes a few seconds for the whole of "
                                                 "Morocco.", "fr")]

    at.button(key="planning.propose@fr").click().run()
    assert len(solves) == 1 and solves[0][0] == TAZA and solves[0][2] == 3
    first = sites(at)
    assert len(first) == 3 and plan_maps(at) == 1 and not stale(at)

    # a setting changes: no solve, the same plan still shown, and a line saying so
    at.selectbox(key="planning.radius@fr").set_value(15).run()
    assert not at.exception
    assert len(solves) == 1 and sites(at) == first and plan_maps(at) == 1
    assert stale(at)
    at.multiselect(key="app.modes@fr").set_value(["direct"]).run()
    assert len(solves) == 1 and stale(at)

    # asked again: solved for the new settings, the line goes
    at.button(key="planning.propose@fr").click().run()
    assert len(solves) == 2 and solves[1][3] == 15
    assert not stale(at) and len(sites(at)) == 3


def test_plan_survives_a_language_switch_without_solving(solves) -> None:
    at = run("planning", QUESTION)
    at.button(key="planning.propose@fr").click().run()
    shown = sites(at)
    at.selectbox(key="app.lang").set_value("ar").run()
    assert not at.exception and len(solves) == 1
    assert at.dataframe[0].value["الرمز"].tolist() == shown
    assert not stale(at, "ar")


def test_too_many_sites_is_said_once_asked(solves) -> None:
    at = run("planning", {"territory": "03.561.03", "add": "20"})  # a cercle of 6 communes
    too_many = i18n.t("Not enough candidate communes for {add} new centres.", "fr", add=20)
    assert all(w.value != too_many for w in at.warning)
    at.button(key="planning.propose@fr").click().run()
    assert not at.exception and len(solves) == 1
    assert any(w.value == too_many for w in at.warning) and not sites(at)


def test_communes_served_grouped_as_every_count() -> None:
    at = run("planning", {})  # the whole of Morocco: 1,503 communes
    served = next(m for m in at.metric if m.label.startswith("Communes desservies"))
    count, total = served.value.split(" sur ")
    assert total == i18n.number(1503, "fr"), served.value
    assert count == i18n.number(int(re.sub(r"\D", "", count)), "fr"), served.value


def map_scripts(at) -> list[str]:
    """The script each map of the page draws this rerun (access map first, then the plan's)."""
    return [json.loads(element.proto.json_args)["feature_group"]
            for element in at.get("component_instance")]


def test_plan_map_follows_its_plan_and_language_not_the_filters(solves) -> None:
    at = run("planning", QUESTION)
    at.button(key="planning.propose@fr").click().run()
    access, plan = map_scripts(at)
    assert i18n.t("Communes and proposed sites", "fr") in plan

    # a filter change: the access map changes, the plan's map (same plan) is drawn as it was
    at.multiselect(key="app.modes@fr").set_value(["direct"]).run()
    assert not at.exception and stale(at)
    access_after, plan_after = map_scripts(at)
    assert access_after != access and plan_after == plan

    # another language: the same plan's map, in that language
    at.selectbox(key="app.lang").set_value("ar").run()
    arabic = map_scripts(at)[1]
    assert i18n.t("Communes and proposed sites", "ar") in arabic
    assert i18n.t("Communes and proposed sites", "fr") not in arabic

    # a new plan (another radius): its own map
    at.selectbox(key="planning.radius@ar").set_value(15).run()
    assert map_scripts(at)[1] == arabic
    at.button(key="planning.propose@ar").click().run()
    assert len(solves) == 2 and not stale(at, "ar")
    assert map_scripts(at)[1] != arabic
