"""The chart specifications as plain Vega-Lite dictionaries: the page's number signs, Arabic
mirroring, bars sorted by their total, colours from the palette, the rule where the opening
years run out, inline values JSON can write (no NaN, no NumPy type), the same dictionary for
the same inputs."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from dashboard.app import charts
from dashboard.app.service_view import trend_chart
from dashboard.reports.palette import (
    ACCENT,
    CATEGORICAL,
    COVERAGE_COLOURS,
    MUTED,
    UNKNOWN_COLOUR,
)

SIGNS = {"fr": (",", "\u202f"), "ar": (",", ".")}
"""Decimal and grouping signs of each language (as the cards and tables write numbers)."""


def _plain_values(spec: dict) -> list[object]:
    """Every inline value of ``spec`` and its layers."""
    views = spec.get("layer", [spec])
    return [value for view in views for row in view["data"]["values"] for value in row.values()]


def _stacked(lang: str) -> dict:
    frame = pd.DataFrame({
        "Cercle": ["Aknoul", "Aknoul", "Tahla", "Taza", "Taza"],
        "Type": ["EPS", "Crèche", "EPS", "EPS", "Crèche"],
        "Services": np.array([3, 1, 10, 2, 4], dtype=np.int64),
    })
    return charts.stacked_bars(frame, category="Cercle", value="Services", part="Type",
                               lang=lang)


def _trend_table(years: range) -> pd.DataFrame:
    return pd.DataFrame({"year": np.array(list(years), dtype=np.int64),
                         "communes_covered_urban": np.arange(len(years), dtype=np.int64),
                         "communes_covered_rural": np.arange(len(years), dtype=np.int64) * 2})


def _lorenz(lang: str) -> dict:
    curve = pd.DataFrame({"population_share": [0.0, 0.4, 1.0],
                          "funding_share": [0.0, 0.1, 1.0], "units": [0, 1, 2]})
    return charts.lorenz(curve, x_title="Population", y_title="Financement", lang=lang)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_number_signs_and_room_for_labels(lang: str) -> None:
    config = _stacked(lang)["config"]
    number = config["locale"]["number"]
    assert (number["decimal"], number["thousands"]) == SIGNS[lang]
    assert number["grouping"] == [3] and number["percent"] == "\u202f%"
    assert config["axis"] == {"labelLimit": 260, "labelOverlap": True, "labelPadding": 6}
    assert config["legend"] == {"labelLimit": 260, "symbolType": "square"}


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_stacked_bars_sorted_by_total_mirrored_in_arabic(lang: str) -> None:
    spec = _stacked(lang)
    rtl = lang == "ar"
    encoding = spec["encoding"]
    assert encoding["y"]["sort"] == ["Tahla", "Taza", "Aknoul"]  # 10, 6, 4
    assert encoding["y"]["axis"]["orient"] == ("right" if rtl else "left")
    assert encoding["x"]["scale"]["reverse"] is rtl
    assert encoding["x"]["aggregate"] == "sum" and encoding["x"]["axis"]["format"] == ",d"
    assert encoding["color"]["scale"] == {"domain": ["EPS", "Crèche"],
                                          "range": list(CATEGORICAL[:2])}
    assert encoding["color"]["legend"]["orient"] == "bottom"
    assert encoding["tooltip"][2] == {"field": "Services", "type": "quantitative",
                                      "format": ",d"}
    assert spec["height"] == 60 + 30 * 3 + 18 * 2
    assert spec["data"]["values"][0] == {"Cercle": "Aknoul", "Type": "EPS", "Services": 3}
    assert spec["mark"] == {"type": "bar"}


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_bars_read_from_the_right_in_arabic(lang: str) -> None:
    frame = pd.DataFrame({"Année": ["2021", "2022", "2023"],
                          "DH": np.array([1.5, np.nan, 3.25])})
    spec = charts.bars(frame, category="Année", value="DH", lang=lang, digits=2)
    rtl = lang == "ar"
    encoding = spec["encoding"]
    assert encoding["x"]["sort"] == (["2023", "2022", "2021"] if rtl else None)
    assert encoding["x"]["axis"] == {"labelAngle": 0}
    assert encoding["y"]["axis"] == {"format": ",.2f", "orient": "right" if rtl else "left"}
    assert encoding["tooltip"][1]["format"] == ",.2f"
    assert spec["mark"] == {"type": "bar", "color": ACCENT} and spec["height"] == 260
    assert [row["DH"] for row in spec["data"]["values"]] == [1.5, None, 3.25]  # NaN: no bar


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_lorenz_curve_over_the_equality_diagonal(lang: str) -> None:
    spec = _lorenz(lang)
    rtl = lang == "ar"
    diagonal, curve = spec["layer"]
    assert diagonal["data"]["values"] == [{"population_share": 0, "funding_share": 0},
                                          {"population_share": 1, "funding_share": 1}]
    assert diagonal["mark"] == {"type": "line", "strokeDash": [4, 4], "color": UNKNOWN_COLOUR}
    assert curve["mark"] == {"type": "line", "point": True, "color": ACCENT}
    assert curve["data"]["values"][1] == {"population_share": 0.4, "funding_share": 0.1}
    for layer in spec["layer"]:
        assert layer["encoding"]["x"]["scale"]["reverse"] is rtl
        assert layer["encoding"]["x"]["axis"]["format"] == ".0%"
        assert layer["encoding"]["y"]["axis"]["orient"] == ("right" if rtl else "left")
    assert spec["height"] == 300


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_trend_lines_and_the_rule_where_opening_years_run_out(lang: str) -> None:
    spec = trend_chart(_trend_table(range(2018, 2024)), 2020, lang)
    rtl = lang == "ar"
    lines, rule, text = spec["layer"]
    urban = "Communes urbaines couvertes" if lang == "fr" else "الجماعات الحضرية المغطاة"
    colour = lines["encoding"]["color"]
    assert colour["scale"]["domain"][0] == urban
    assert colour["scale"]["range"] == [COVERAGE_COLOURS[("urban", True)],
                                        COVERAGE_COLOURS[("rural", True)]]
    assert lines["encoding"]["x"]["scale"]["reverse"] is rtl
    assert lines["encoding"]["x"]["type"] == "ordinal"
    assert lines["encoding"]["y"]["axis"]["orient"] == ("right" if rtl else "left")
    values = lines["data"]["values"]
    assert len(values) == 12 and values[0][colour["field"]] == urban
    assert [row[lines["encoding"]["y"]["field"]] for row in values[6:]] == [0, 2, 4, 6, 8, 10]
    assert rule["mark"] == {"type": "rule", "strokeDash": [4, 4], "color": MUTED}
    assert rule["data"]["values"] == [{lines["encoding"]["x"]["field"]: 2020}]
    note = {"fr": "Pas d'année d'ouverture après 2020", "ar": "لا سنوات افتتاح بعد 2020"}
    assert text["encoding"]["text"] == {"value": note[lang]}
    assert text["mark"]["align"] == ("left" if rtl else "right")
    assert spec["height"] == 280


@pytest.mark.parametrize("run_out", [None, 2023, 2030])
def test_no_rule_when_the_opening_years_reach_the_last_year(run_out: int | None) -> None:
    spec = trend_chart(_trend_table(range(2018, 2024)), run_out, "fr")
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line"]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_specifications_are_plain_json_and_the_same_for_the_same_inputs(lang: str) -> None:
    frame = pd.DataFrame({"Type": ["urbaine", "rurale"],
                          "DH": np.array([np.inf, np.float64(2.5)])})
    builders = [lambda: _stacked(lang), lambda: _lorenz(lang),
                lambda: charts.bars(frame, category="Type", value="DH", lang=lang),
                lambda: trend_chart(_trend_table(range(2018, 2024)), 2020, lang)]
    for build in builders:
        spec = build()
        text = json.dumps(spec, allow_nan=False)  # raises on NaN or a NumPy number
        assert text == json.dumps(build(), allow_nan=False)
        assert spec["$schema"] == charts.SCHEMA
        assert all(value is None or type(value) in (int, float, str)
                   for value in _plain_values(spec))


def test_plain_values() -> None:
    assert [charts.plain(v) for v in (np.int64(3), np.float64(1.5), np.nan, pd.NA, None,
                                      -np.inf, "Taza", 7)] == [3, 1.5, None, None, None, None,
                                                               "Taza", 7]
    assert type(charts.plain(np.int64(3))) is int
