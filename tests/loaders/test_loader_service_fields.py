"""Reading the service and time fields of centres: closed_year (FR/AR/EN headers, checked
against the opening year), capacity and beneficiaries (whole numbers >= 0). A bad value is a
row warning, the field is left empty and the row is kept."""

from __future__ import annotations

import pandas as pd
import pytest

from loaders import load_centres
from tests.loaders.loader_samples import TAZA, csv_bytes


@pytest.mark.parametrize("header", [
    "closed_year", "Année de fermeture", "annee de fermeture", "Date de fermeture",
    "Closed year", "Year closed", "سنة الإغلاق", "تاريخ الإغلاق",
])
def test_closed_year_headers(header: str) -> None:
    text = f"id,name,centre_type,commune_code,opened_year,{header}\nA,A,EPS,{TAZA},2001,2012\n"
    result = load_centres(csv_bytes(text))
    assert result.columns["closed_year"] == header
    assert result.accepted["closed_year"].tolist() == [2012]
    assert str(result.accepted["closed_year"].dtype) == "Int64"


def _warnings(result, column: str) -> pd.DataFrame:
    issues = result.issues
    return issues[(issues["severity"] == "warning") & (issues["column"] == column)]


def test_closed_year_checked_like_opened_year() -> None:
    text = (
        "id,name,centre_type,commune_code,Année d'ouverture,Année de fermeture\n"
        f"A,A,EPS,{TAZA},2010,2005\n"  # before opening: left empty
        f"B,B,EPS,{TAZA},2010,2010\n"  # same year: kept
        f"C,C,EPS,{TAZA},,1999\n"  # no opening year: nothing to compare with
        f"D,D,EPS,{TAZA},2010,1066\n"  # not a plausible year
        f"E,E,EPS,{TAZA},2010,soon\n"  # not a year
        f"F,F,EPS,{TAZA},2010,\n"  # empty
    )
    result = load_centres(csv_bytes(text))
    assert len(result.accepted) == 6 and result.rejected_count == 0
    closed = dict(zip(result.accepted["centre_id"], result.accepted["closed_year"],
                      strict=True))
    assert pd.isna(closed["A"]) and closed["B"] == 2010 and closed["C"] == 1999
    assert pd.isna(closed["D"]) and pd.isna(closed["E"]) and pd.isna(closed["F"])
    warnings = _warnings(result, "Année de fermeture")
    assert warnings["row"].tolist() == [2, 5, 6]
    assert "before opened_year 2010" in warnings["problem"].iloc[0]
    assert "left empty" in warnings["problem"].iloc[0]


@pytest.mark.parametrize("field, header", [("capacity", "Capacité"),
                                           ("beneficiaries", "Bénéficiaires")])
def test_counts_are_whole_numbers_not_below_zero(field: str, header: str) -> None:
    text = (
        f"id,name,centre_type,commune_code,{header}\n"
        f"A,A,EPS,{TAZA},40\nB,B,EPS,{TAZA},-3\nC,C,EPS,{TAZA},12.5\n"
        f"D,D,EPS,{TAZA},beaucoup\nE,E,EPS,{TAZA},0\nF,F,EPS,{TAZA},\n"
    )
    result = load_centres(csv_bytes(text))
    assert len(result.accepted) == 6
    values = result.accepted[field].tolist()
    assert values[0] == 40 and values[4] == 0
    assert all(pd.isna(v) for v in (values[1], values[2], values[3], values[5]))
    assert _warnings(result, header)["row"].tolist() == [3, 4, 5]


def test_translated_closed_year_warning() -> None:
    from dashboard.i18n import message_text
    from loaders.messages import Message

    problem = Message("closed_year {last} is before opened_year {first}; left empty",
                      last=2005, first=2010)
    assert problem == "closed_year 2005 is before opened_year 2010; left empty"
    french = message_text(problem, "fr")
    assert "2005" in french and "2010" in french and french != problem
    assert message_text(problem, "ar") != problem
