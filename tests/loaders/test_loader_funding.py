"""load_funding and load_workbook: French amounts, links to centres, years, sources."""

from __future__ import annotations

import pandas as pd
import pytest

from loaders import LoadResult, load_centres, load_funding, load_workbook
from loaders.errors import HeaderError
from loaders.validate import ACCEPTED_FUNDING_COLUMNS
from loaders.vocabulary import FUNDING_SOURCE_KEYS
from tests.loaders.loader_samples import (
    FRENCH_REGISTRY,
    FUNDING_FRENCH,
    TAZA,
    csv_bytes,
    frame_from_csv,
    xlsx_bytes,
)


@pytest.fixture(scope="module")
def centres() -> pd.DataFrame:
    return load_centres(csv_bytes(FRENCH_REGISTRY)).accepted


def _check(result: LoadResult) -> None:
    assert len(result.accepted) + result.rejected_count == result.rows_read
    assert list(result.accepted.columns) == list(ACCEPTED_FUNDING_COLUMNS)
    report = result.report()
    assert list(report.columns[:5]) == ["row", "centre_id", "year", "amount_mad", "status"]
    assert len(report) == result.rows_read


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_french_amounts_linked_by_centre_id(centres: pd.DataFrame, encoding: str) -> None:
    text = FUNDING_FRENCH if encoding != "cp1252" else FUNDING_FRENCH.replace("\u202f", "\xa0")
    result = load_funding(csv_bytes(text, encoding), centres=centres, name="f.csv")
    _check(result)
    assert result.rejected_count == 0
    assert result.accepted["amount_mad"].tolist() == [3_000_000.0, 160_000.0, 1_468_411.0,
                                                      2_780_000.0]
    assert result.accepted["year"].tolist() == [2021, 2021, 2021, 2020]
    assert result.accepted["source"].tolist() == ["entraide_nationale", "entraide_nationale",
                                                  "indh", "local_authority"]
    assert (result.accepted["match_method"] == "centre_id").all()
    by_id = centres.set_index("centre_id")["commune_code"]
    assert result.accepted["commune_code"].tolist() == by_id[result.accepted["centre_id"]].tolist()
    assert set(result.accepted["source"]) <= set(FUNDING_SOURCE_KEYS)


def _funding(rows: list[str]) -> bytes:
    return csv_bytes("\n".join(["Année;ID;Montant (DH);Source;Code commune", *rows]) + "\n")


def test_bad_amounts_and_years_are_rejected(centres: pd.DataFrame) -> None:
    result = load_funding(_funding([
        "2021;T01;-5 000;;",
        "2021;T01;0;;",
        "2021;T01;beaucoup;;",
        "2021;T01;;;",
        "1900;T01;100;;",
        "2099;T01;100;;",
        "deux mille;T01;100;;",
        "2021;T01;1 000;;",
    ]), centres=centres)
    _check(result)
    assert result.rejected_count == 7
    problems = result.issues.set_index("row")["problem"]
    assert "negative" in problems[2] and "zero" in problems[3]
    assert "not a number" in problems[4] and "empty" in problems[5]
    assert all("year" in problems[row] for row in (6, 7, 8))
    report = result.report().set_index("row")
    assert report.at[2, "amount_mad"] == -5000.0  # shown as read
    assert report.at[9, "status"] == "accepted"


def test_unknown_centre_id_and_location_fallback(centres: pd.DataFrame) -> None:
    result = load_funding(_funding([
        "2021;NOPE;100;;",
        "2021;NOPE;100;;03.561.01.11",
        "2021;;100;;053010101",
        "2021;;100;;",
    ]), centres=centres)
    _check(result)
    assert result.accepted["row"].tolist() == [3, 4]
    assert result.accepted["match_method"].tolist() == ["code", "code"]
    assert result.accepted["commune_code"].tolist()[0] == TAZA
    issues = result.issues.set_index("row")
    assert issues.at[2, "severity"] == "error" and "NOPE" in issues.at[2, "problem"]
    assert issues.at[3, "severity"] == "warning"
    assert issues.at[5, "problem"] == "no location"


def test_without_centres_an_id_alone_is_not_enough() -> None:
    result = load_funding(_funding(["2021;T01;100;;"]))
    assert result.rejected_count == 1
    assert "no centres were loaded" in result.issues.at[0, "problem"]


def test_unknown_source_becomes_other_with_a_warning(centres: pd.DataFrame) -> None:
    result = load_funding(_funding(["2021;T01;100;Mécène anonyme;"]), centres=centres)
    assert result.accepted["source"].tolist() == ["other"]
    assert result.issues.at[0, "severity"] == "warning"
    assert "other" in result.issues.at[0, "problem"]


def test_funding_header_errors() -> None:
    with pytest.raises(HeaderError, match="amount_mad"):
        load_funding(csv_bytes("Année;ID;Source\n2021;T01;EN\n"))
    with pytest.raises(HeaderError, match="location"):
        load_funding(csv_bytes("Année;Montant;Source\n2021;100;EN\n"))


def _book() -> bytes:
    centres = frame_from_csv(FRENCH_REGISTRY.split("\n", 1)[1])
    funding = frame_from_csv(FUNDING_FRENCH)
    notes = pd.DataFrame({"Remarque": ["Données de la délégation"]})
    return xlsx_bytes({"Lisez-moi": notes, "Centres": centres, "Financements": funding})


def test_workbook_with_centres_and_financements_sheets() -> None:
    book = load_workbook(_book(), name="taza.xlsx")
    assert book.centres.sheet == "Centres" and book.funding is not None
    assert book.funding.sheet == "Financements"
    assert book.centres.rows_read == 8 and book.centres.rejected_count == 0
    assert book.funding.rows_read == 4 and book.funding.rejected_count == 0
    assert book.funding.accepted["amount_mad"].sum() == pytest.approx(7_408_411.0)


def test_workbook_sheets_by_header_and_arabic_name() -> None:
    centres = frame_from_csv(FRENCH_REGISTRY.split("\n", 1)[1])
    funding = frame_from_csv(FUNDING_FRENCH)
    book = load_workbook(xlsx_bytes({"Feuil1": centres, "تمويل": funding}))
    assert book.funding is not None and book.funding.sheet == "تمويل"
    book = load_workbook(xlsx_bytes({"Feuil1": centres, "Feuil2": funding}))
    assert book.funding is not None and book.funding.sheet == "Feuil2"
    assert load_workbook(csv_bytes(FRENCH_REGISTRY)).funding is None


def test_sheet_choice_by_name_or_index() -> None:
    data = _book()
    assert load_centres(data, sheet="centres").sheet == "Centres"
    assert load_centres(data, sheet=1).sheet == "Centres"
    assert load_funding(data, sheet="FINANCEMENTS").sheet == "Financements"
    assert load_funding(data).sheet == "Financements"
    with pytest.raises(HeaderError, match="Financements"):
        load_centres(data, sheet="Budget 2030")


def test_header_without_rows() -> None:
    from loaders.errors import EmptyFileError

    with pytest.raises(EmptyFileError, match="no data rows"):
        load_centres(csv_bytes("ID;Nom du centre;Type;Code commune\n"))
    with pytest.raises(EmptyFileError, match="no data rows"):
        load_funding(csv_bytes("ID;Année;Montant\n"))
    centres = frame_from_csv(FRENCH_REGISTRY.split("\n", 1)[1])
    empty_funding = pd.DataFrame(columns=["ID", "Année", "Montant (DH)"])
    book = load_workbook(xlsx_bytes({"centres": centres, "financements": empty_funding}))
    assert book.funding is not None and book.funding.rows_read == 0
