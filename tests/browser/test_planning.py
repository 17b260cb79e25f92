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
    page.get_by_role("button", name=t("Propose sites", lang)).click()
    # then the access map and the plan map each draw every commune of Taza
    deadline = time.monotonic() + 90
    while len(frames_drawing(page, TAZA_COMMUNES, exact=True)) < 2:
        assert time.monotonic() < deadline, "the two maps did not both draw Taza's communes"
        time.sleep(0.5)
    sites = frames_with(page, ".taghtia-site", 3)[0]
    assert sorted(sites.locator(".taghtia-site").all_inner_texts()) == ["1", "2", "3"]
    sites.wait_for_function("() => window.taghtiaCentres().length > 0")  # existing centres
    legend = sites.locator(".taghtia-legend").inner_text()
    assert ("Site proposé" if lang == "fr" else "موقع مقترح") in legend
    time.sleep(2.0)
    page.screenshot(path=str(screenshots / f"planning-taza-{lang}.png"), full_page=True)
    assert watched.foreign_hosts() == set()
    assert watched.errors == []
    assert page.locator(".stApp").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
