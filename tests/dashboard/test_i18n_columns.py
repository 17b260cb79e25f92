"""A column formatted at once gives, value for value, the strings of the scalar formatters."""

from __future__ import annotations

import decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import i18n
from dashboard.i18n.columns import KINDS, format_values

LANGS = tuple(i18n.LANGUAGES)


def scalar(value: object, kind: str, lang: str, digits: int) -> str:
    """The Babel path the column formatter must match (an error counts as an answer)."""
    function = {"number": i18n.number, "percent": i18n.percent, "money": i18n.money}[kind]
    try:
        return function(value, lang, digits)
    except decimal.InvalidOperation as error:
        return f"error {type(error).__name__}"


def column(values: list, kind: str, lang: str, digits: int) -> list[str]:
    out = []
    for value in values:  # the column path, one value at a time, so errors are per value
        try:
            out.extend(format_values([value], kind, lang, digits))
        except decimal.InvalidOperation as error:
            out.append(f"error {type(error).__name__}")
    return out


def ties(digits: int) -> st.SearchStrategy[float]:
    """Values whose decimal text ends in 5 just past the digits kept (Babel's half-even
    cases), positive and negative, for numbers and for percentages."""
    return st.builds(lambda whole, scale, sign: sign * (whole + 0.5) / 10 ** scale,
                     st.integers(0, 10**9), st.integers(0, digits + 2),
                     st.sampled_from([1, -1]))


FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e16, max_value=1e16),
    st.floats(min_value=-2.0, max_value=2.0),
    st.integers(-10**18, 10**18).map(float),
    st.integers(-10**6, 10**6),
    ties(3),
    st.sampled_from([0.0, -0.0, 0.5, 1.5, 2.5, -0.5, 0.125, 0.005, 2.675, 1.005, 0.045,
                     1e15, 1e15 - 0.5, 999_999_999_999_999.0, 1e27, 1e-300, 5e-324,
                     float("nan"), float("inf"), -float("inf")]),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(FLOATS, min_size=1, max_size=40), kind=st.sampled_from(KINDS),
       lang=st.sampled_from(LANGS), digits=st.integers(0, 3))
def test_same_strings_as_babel(values, kind, lang, digits):
    expected = [scalar(v, kind, lang, digits) for v in values]
    assert column(values, kind, lang, digits) == expected


@settings(max_examples=100, deadline=None)
@given(values=st.lists(st.floats(min_value=-1e9, max_value=1e9), min_size=1, max_size=200),
       kind=st.sampled_from(KINDS), lang=st.sampled_from(LANGS), digits=st.integers(0, 2))
def test_whole_column_at_once(values, kind, lang, digits):
    """Finite values below 10¹⁵ never raise: the column is formatted in one call."""
    assert format_values(np.array(values), kind, lang, digits) == [
        scalar(v, kind, lang, digits) for v in values]


@pytest.mark.parametrize("lang", LANGS)
def test_half_even_on_the_decimal_text(lang):
    """Babel rounds ``str(value)``: 2.675 is 2.68 though its binary value is below the tie,
    and halves go to the even neighbour."""
    values = [2.675, 0.5, 1.5, 2.5, -2.5, 0.125, 1234567.5]
    for digits in (0, 2):
        assert format_values(values, "number", lang, digits) == [
            i18n.number(v, lang, digits) for v in values]
    assert format_values([2.675], "number", "en", 2) == ["2.68"]
    assert format_values([0.5, 1.5, 2.5], "number", "en") == ["0", "2", "2"]


def test_missing_and_text():
    """None, NaN and text that is not a number are "—" as in the scalar functions; a
    column of mixed objects goes value by value."""
    assert format_values([None, float("nan"), 3], "number", "fr") == ["—", "—", "3"]
    assert format_values(["abc", 1.5, None], "percent", "en", 1) == [
        i18n.percent(v, "en", 1) for v in ["abc", 1.5, None]]
    assert format_values([], "money", "ar") == []


def test_locales_signs():
    """fr groups with a narrow no-break space and a decimal comma, ar (Latin digits) with
    dots and a comma, en with commas and a point; money puts the currency as i18n does."""
    assert format_values([-1234567.25], "number", "fr", 2) == ["-1\u202f234\u202f567,25"]
    assert format_values([1234567.25], "number", "ar", 1) == ["1.234.567,2"]
    assert format_values([0.7634], "percent", "en", 1) == ["76.3%"]
    assert format_values([1468411], "money", "fr") == [i18n.money(1468411, "fr")]
    assert format_values([1468411], "money", "en") == ["MAD 1,468,411"]


def test_unknown_kind():
    with pytest.raises(ValueError, match="kind must be one of"):
        format_values([1.0], "currency", "fr")


@pytest.mark.parametrize("lang", LANGS)
def test_unit_names_as_unit_name_row_by_row(lang):
    import pandas as pd

    from dashboard.calc.indicators import communes_within

    frames = [communes_within("03"), pd.DataFrame({
        "code": ["a", "b", None, "d", "e"], "name_fr": ["x", None, "", float("nan"), "z"],
        "name_ar": [None, "y", "", float("nan"), "ز"]}), pd.DataFrame({"code": ["only"]})]
    for frame in frames:
        assert i18n.unit_names(frame, lang) == [i18n.unit_name(r, lang)
                                                for r in frame.to_dict("records")]


@pytest.mark.parametrize("lang", LANGS)
def test_table_cells_as_the_scalar_formatters(lang):
    """A displayed table's cells (looked up from a column formatted at once) read as the
    scalar formatters write them, numpy scalars, missing values and unseen values alike."""
    import pandas as pd

    from dashboard.app import view

    frame = pd.DataFrame({
        i18n.t("Name", lang): ["a", "b", "c", "d"],
        i18n.t("Population 2024", lang): [1234567, 0, 2500, 12],
        i18n.t("MAD per inhabitant", lang): [2.675, np.nan, -0.125, 1e9 / 7],
        i18n.t("Coverage rate", lang): [0.125, 0.5, np.nan, 1.0],
        "autre": pd.array([1, None, 3, 4], dtype="Int64"),
    })
    formats = view.cell_formats(frame, lang)
    digits = {i18n.t("Population 2024", lang): 0,
              i18n.t("MAD per inhabitant", lang): 2, "autre": 0}
    for header, cell in formats.items():
        for value in [*frame[header].to_numpy(), *frame[header].tolist(), 0.5, 7.25]:
            if header == i18n.t("Coverage rate", lang):
                assert cell(value) == i18n.percent(value, lang)
            else:
                assert cell(value) == i18n.number(value, lang, digits[header])
