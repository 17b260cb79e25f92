"""French and international number formats, and the property that formatting round-trips."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loaders.numbers import parse_coordinate, parse_integer, parse_number, parse_year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 468 411,00", 1468411.0),
        ("1\u00a0468\u00a0411,00", 1468411.0),
        ("1\u202f468\u202f411,00", 1468411.0),
        ("1.468.411,00", 1468411.0),
        ("1,468,411.00", 1468411.0),
        ("1 468 411,00 DH", 1468411.0),
        ("3 000 000 MAD", 3000000.0),
        ("160000", 160000.0),
        ("34,2100", 34.21),
        ("-4,0100", -4.01),
        ("−4,01", -4.01),
        ("٣٤٫٢١", 34.21),
        ("2 966 500", 2966500.0),
        ("1.5e3", 1500.0),
        (12, 12.0),
        (12.5, 12.5),
    ],
)
def test_parse_number_accepts_common_styles(text: object, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["abc", "12abc", "1 46 8", "1,2,3", "1.2.3,4,5", "--4", "=1+1",
                                  "1,5.2,3"])
def test_parse_number_rejects_text(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize("blank", ["", "   ", None, float("nan")])
def test_blank_is_nan(blank: object) -> None:
    assert math.isnan(parse_number(blank))


def test_integer_and_year() -> None:
    assert parse_integer("1 200") == 1200
    assert parse_integer("") is None
    with pytest.raises(ValueError):
        parse_integer("2,5")
    assert parse_year("2021") == 2021
    assert parse_year(2021.0) == 2021
    assert parse_year("2021-03-01") == 2021
    assert parse_year("01/03/2021") == 2021
    with pytest.raises(ValueError):
        parse_year("2021/2022")


def _french(value: int, cents: int, space: str) -> str:
    grouped = f"{value:,}".replace(",", space)
    return f"{grouped},{cents:02d}"


@given(
    value=st.integers(min_value=0, max_value=10**12),
    cents=st.integers(min_value=0, max_value=99),
    space=st.sampled_from([" ", "\u00a0", "\u202f", "."]),
)
def test_french_amounts_round_trip(value: int, cents: int, space: str) -> None:
    assert parse_number(_french(value, cents, space)) == pytest.approx(value + cents / 100)


@given(value=st.integers(min_value=0, max_value=10**12), cents=st.integers(0, 99))
def test_english_amounts_round_trip(value: int, cents: int) -> None:
    assert parse_number(f"{value:,}.{cents:02d}") == pytest.approx(value + cents / 100)


@given(st.floats(min_value=-180, max_value=180, allow_nan=False).map(lambda x: round(x, 6)))
def test_decimal_comma_coordinates_round_trip(value: float) -> None:
    text = f"{value:.6f}"
    assert parse_number(text.replace(".", ",")) == pytest.approx(value)
    assert parse_number(text) == pytest.approx(value)


@given(st.text(max_size=30))
def test_parse_number_only_raises_value_error(text: str) -> None:
    try:
        result = parse_number(text)
    except ValueError:
        return
    assert isinstance(result, float)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("34°12'36\" N", 34.21),
        ("4°0'36\"W", -4.01),
        ("4°0'36\" O", -4.01),
        ("34° 12.6'", 34.21),
        ("34:12:36", 34.21),
        ("4,01 W", -4.01),
        ("W 4.01", -4.01),
        ("-4,0100", -4.01),
        ("", math.nan),
    ],
)
def test_parse_coordinate(text: str, expected: float) -> None:
    value = parse_coordinate(text)
    if math.isnan(expected):
        assert math.isnan(value)
    else:
        assert value == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("text", ["abc", "-4 W", "34°75'", "4.01 W N"])
def test_parse_coordinate_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_coordinate(text)
