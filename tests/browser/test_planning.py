"""The Planning page in headless Chromium: the access map, then, once the planner presses
"Propose sites", the plan map with its numbered sites."""

from __future__ import annotations

import time

import pytest

from dashboard.i18n import t
from tests.support.browser import frames_drawing, map_frame, wait_ready
from tests.support.territories import TAZA

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TAZA_COMMUNES = 38
QUESTION = "centre_type=kindergarten&group=under_15&radius=10&add=3"


def frames_with(page, selector: str, count: int, timeout: float = 90) -> list:
    """Frames holding exactly ``count`` elements matching ``selector`` (waits for one)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = []
        for frame in page.frames:
            try:
                if frame.locator(selector).count() == count:
                    found.append(frame)
            except Exception:  # frame detached while re-rendering
                continue
        if found:
            return found
        time.sleep(0.4)
    raise AssertionError(f"no frame with {count} elements {selector!r} appeared")


def propose_sites(page, lang: str, communes: int, sites: int):
    """Press "Propose sites", wait for the access map and the plan map to draw all
    ``communes``; the frame showing the ``sites`` numbered sites."""
    page.get_by_role("button", name=t("Propose sites", lang)).click()
    deadline = time.monotonic() + 90
    while len(frames_drawing(page, communes, exact=True)) < 2:
        assert time.monotonic() < deadline, f"the two maps did not both draw {communes} units"
        time.sleep(0.5)
    return frames_with(page, ".taghtia-site", sites)[0]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_planning_for_taza_draws_communes_and_proposed_sites(server, watched, screenshots,
                                                              lang) -> None:
    page = watched.page
    page.goto(f"{server}/planning?territory={TAZA}&{QUESTION}&lang={lang}")
    wait_ready(page)
    # the access map is drawn; no plan is solved until the planner asks for one
    map_frame(page, TAZA_COMMUNES)
    assert page.get_by_text(t("Choose the number of centres and the candidate communes, then "
                              "press “Propose sites”: the exact solve takes a few seconds for the "
                              "whole of Morocco.", lang)[:40]).count() == 1
    assert all(frame.locator(".taghtia-site").count() == 0 for frame in page.frames)
    # then the access map and the plan map each draw every commune of Taza
    sites = propose_sites(page, lang, TAZA_COMMUNES, 3)
    assert sorted(sites.locator(".taghtia-site").all_inner_texts()) == ["1", "2", "3"]
    sites.wait_for_function("() => window.taghtiaCentres().length > 0")  # existing centres
    legend = sites.locator(".taghtia-legend").inner_text()
    assert ("Site proposé" if lang == "fr" else "موقع مقترح") in legend
    time.sleep(2.0)
    page.screenshot(path=str(screenshots / f"planning-taza-{lang}.png"), full_page=True)
    assert watched.foreign_hosts() == set()
    assert watched.errors == []
    assert page.locator(".stApp").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")


OUARZAZATE = "08.401"
OUARZAZATE_COMMUNES = 17
PLACES_QUESTION = ("centre_type=disability&group=disability&radius=10&add=2&supply=capacity"
                   "&places=150")


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_planning_in_places_for_ouarzazate(server, watched, screenshots, lang) -> None:
    """Two disability centres of 150 places in Ouarzazate within 10 km: the access map in
    places per 1,000, the two sites with the people each would serve, the cards."""
    page = watched.page
    page.goto(f"{server}/planning?territory={OUARZAZATE}&{PLACES_QUESTION}&lang={lang}")
    wait_ready(page)
    map_frame(page, OUARZAZATE_COMMUNES)
    unit = t("Access: places per 1,000 {group}", lang, group="§").split("§")[0].strip()
    assert any(frame.get_by_text(unit).count() > 0 for frame in page.frames), unit
    sites = propose_sites(page, lang, OUARZAZATE_COMMUNES, 2)
    assert sorted(sites.locator(".taghtia-site").all_inner_texts()) == ["1", "2"]
    assert page.get_by_text(t("People served today", lang)).count() == 1
    assert page.get_by_text(t("Centres without capacity", lang)
                            ).count() == 1
    time.sleep(2.0)
    page.screenshot(path=str(screenshots / f"planning-places-ouarzazate-{lang}.png"),
                    full_page=True)
    assert watched.errors == []
