"""The Overview's breakdown and the Coverage page's rates by unit: urban beside rural in each
unit's row, the name column first and pinned, the figures those of the CLI's calculation."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard.app.datasets import demo_dataset
from dashboard.calc.indicators import compute_indicators
from dashboard.i18n import t
from dashboard.i18n.labels import COLUMNS, label_of
from tests.support.apptest import open_page
from tests.support.territories import TAZA

URBAN_RURAL = ["communes_covered_urban", "coverage_rate_urban", "communes_covered_rural",
               "coverage_rate_rural"]


@pytest.fixture(scope="module")
def cercles() -> pd.DataFrame:
    demo = demo_dataset()
    return compute_indicators(demo.centres_frame, demo.funding_frame, level="cercle",
                              within=TAZA).set_index("code")


def _pinned(element) -> list[str]:
    """Headers of the grid's pinned columns, as sent to the browser."""
    config = json.loads(element.proto.columns or "{}")
    return [name for name, column in config.items() if column.get("pinned")]


def _check(element, cercles: pd.DataFrame, lang: str, leading: list[str]) -> None:
    shown = element.value
    headers = [t("Name", lang), *(label_of(COLUMNS, c, lang) for c in leading + URBAN_RURAL),
               t("Code", lang)]
    assert list(shown.columns) == headers  # urban then rural, side by side
    assert _pinned(element) == [t("Name", lang)]
    assert len(shown) == len(cercles) == 6
    for _, row in shown.iterrows():
        expected = cercles.loc[row[t("Code", lang)]]
        for column in leading + URBAN_RURAL:
            value = row[label_of(COLUMNS, column, lang)]
            assert (pd.isna(value) and pd.isna(expected[column])) or value == expected[column]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_coverage_rates_urban_beside_rural(cercles, lang) -> None:
    at = open_page("coverage", {"territory": TAZA, "view": "rate", "level": "cercle",
                                "lang": lang})
    assert not at.exception
    _check(at.dataframe[0], cercles, lang, ["coverage_rate"])


def test_overview_breakdown_urban_beside_rural(cercles) -> None:
    at = open_page("overview", {"territory": TAZA})
    at.toggle(key="overview.table.open@fr").set_value(True).run()
    assert not at.exception
    _check(at.dataframe[0], cercles, "fr", ["centres", "coverage_rate"])
    # a rural-only cercle has no urban rate (no urban commune), never a zero
    assert cercles["coverage_rate_urban"].isna().any()
