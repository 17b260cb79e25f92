"""The board pack's proposed-sites slide: the same sites and figures as `taghtia plan`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation

from dashboard import i18n
from dashboard.calc.indicators import Filters
from dashboard.calc.location import plan_sites
from dashboard.cli import main
from dashboard.reports.planning_slide import PLAN_KEY, proposed_sites_slide
from dashboard.reports.pptx import build_deck
from tests.support.territories import TAZA

KINDERGARTENS = Filters(types=("kindergarten",))


@pytest.fixture(scope="module")
def demo():
    from dashboard.app.datasets import demo_dataset

    return demo_dataset()


def slide_texts(pptx: bytes, title_start: str) -> tuple[list[str], list[list[str]]]:
    """Text boxes and table rows of the first slide whose title starts with ``title_start``."""
    for slide in Presentation(io.BytesIO(pptx)).slides:
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        if texts and texts[0].startswith(title_start):
            rows = [[cell.text for cell in row.cells] for shape in slide.shapes
                    if shape.has_table for row in shape.table.rows]
            return texts, rows
    raise AssertionError(f"no slide titled {title_start!r}")


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_slide_lists_the_plan(demo, lang: str) -> None:
    plan = plan_sites(demo.centres_frame, TAZA, KINDERGARTENS, add=3, radius_km=10,
                      demand="under_15")
    deck = build_deck(demo.centres_frame, demo.funding_frame, TAZA, lang, KINDERGARTENS,
                      illustrative=True, builders={"proposed_sites": proposed_sites_slide},
                      extras={PLAN_KEY: plan})
    title = i18n.t("Proposed sites — {name}", lang, name="")
    texts, rows = slide_texts(deck, title.rstrip())
    codes = [row[2] for row in rows[1:]]  # the middle column, mirrored or not
    assert codes == plan.sites["code"].tolist()
    served = i18n.number(plan.summary["demand_served_after"], lang)
    assert any(served in text for text in texts)


def test_deck_without_the_slot_has_no_proposed_sites(demo) -> None:
    deck = build_deck(demo.centres_frame, demo.funding_frame, TAZA, "fr", illustrative=True)
    with pytest.raises(AssertionError, match="no slide titled"):
        slide_texts(deck, "Sites proposés")


def test_report_command_adds_the_sites_taghtia_plan_chooses(tmp_path: Path) -> None:
    options = ["--within", TAZA, "--types", "kindergarten", "--demand", "under_15",
               "--radius-km", "10"]
    assert main(["plan", *options, "--add", "3", "--out", str(tmp_path / "plan.csv")]) == 0
    assert main(["report", *options, "--add", "3", "--out", str(tmp_path / "deck.pptx")]) == 0
    sites = pd.read_csv(tmp_path / "plan.csv", dtype={"code": str}, encoding="utf-8-sig")
    summary = json.loads((tmp_path / "plan.json").read_text())
    texts, rows = slide_texts((tmp_path / "deck.pptx").read_bytes(), "Sites proposés")
    assert [row[2] for row in rows[1:]] == sites["code"].tolist()
    assert any(i18n.number(summary["demand_served_after"], "fr") in text for text in texts)


def test_report_add_needs_a_deck(tmp_path: Path, capsys) -> None:
    assert main(["report", "--add", "2", "--out", str(tmp_path / "r.pdf")]) == 2
    assert "--out must end in .pptx" in capsys.readouterr().err


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_slide_in_places_gives_the_plan_people_served(demo, tmp_path: Path, lang: str) -> None:
    """`taghtia report --add 2 --places 150`: the same sites and people as `taghtia plan`."""
    out = tmp_path / f"ouarzazate-{lang}.pptx"
    assert main(["report", "--within", "08.401", "--types", "disability", "--demand",
                 "disability", "--radius-km", "10", "--add", "2", "--places", "150",
                 "--lang", lang, "--out", str(out)]) == 0
    plan = plan_sites(demo.centres_frame, "08.401", Filters(types=("disability",)), add=2,
                      radius_km=10, demand="disability", places=150)
    texts, rows = slide_texts(out.read_bytes(),
                              i18n.t("Proposed sites — {name}", lang, name="").rstrip())
    assert [row[2] for row in rows[1:]] == plan.sites["code"].tolist()
    heading = i18n.t("People served", lang)
    column = rows[0].index(heading)
    assert [row[column] for row in rows[1:]] == [
        i18n.number(v, lang) for v in plan.sites["people_served"]]
    summary = plan.summary
    for figure in (summary["demand_served_before"], summary["demand_served_after"]):
        assert any(text.startswith(i18n.number(figure, lang) + " (") for text in texts)
    assert i18n.t("Centres without capacity", lang) in texts
    assert any(i18n.t("{add} new centres of {places} places for: {group}, within {radius} km",
                      lang, add="2", places="150", group="§", radius="").split("§")[0]
               in text for text in texts)


def test_report_places_needs_add(tmp_path: Path, capsys) -> None:
    assert main(["report", "--places", "150", "--out", str(tmp_path / "x.pptx")]) == 2
    assert "give --add K as well" in capsys.readouterr().err
