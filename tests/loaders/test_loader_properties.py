"""Property: whatever a file holds, every row read is accepted or rejected, never lost."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import load_centres, load_funding
from loaders.errors import TaghtiaError

CELLS = st.one_of(
    st.sampled_from([
        "", " ", "03.561.01.11", "035610701", "53010101", "03.561", "99.99", "01.511.01.05",
        "Taza", "تازة", "Beni Frassen", "Ajdir", "EPS", "CEF", "Dar Taliba", "روض الأطفال",
        "Piscine", "En activité", "Fermé", "???", "34,21", "-4,01", "48,85", "1 468 411,00",
        "-5", "0", "2021", "1900", "=HYPERLINK(\"x\")", "<script>", "M'diq", '"', ";", "\t",
        "C1", "C2", "C1 ", "nan", "None", "1e309", "٣٤٫٢",
    ]),
    st.text(alphabet=string.printable + "éèàçïÂ،؛ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوي",
            max_size=12),
)
CENTRE_HEADERS = ["ID", "Nom du centre", "Type", "Code commune", "Commune", "Province",
                  "Latitude", "Longitude", "Statut", "Mode de gestion", "Nb services",
                  "Année d'ouverture", "Capacité"]
FUNDING_HEADERS = ["ID", "Année", "Montant (DH)", "Source", "Code commune", "Commune",
                   "Latitude", "Longitude"]


def _file(headers: list[str], rows: list[list[str]], delimiter: str) -> bytes:
    def quote(cell: str) -> str:
        if any(ch in cell for ch in (delimiter, '"', "\n", "\r")):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    lines = [delimiter.join(headers)] + [delimiter.join(quote(c) for c in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def _rows(width: int) -> st.SearchStrategy[list[list[str]]]:
    return st.lists(st.lists(CELLS, min_size=width, max_size=width), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=_rows(len(CENTRE_HEADERS)), delimiter=st.sampled_from([";", ",", "\t", "|"]))
def test_centres_every_row_accounted_for(rows: list[list[str]], delimiter: str) -> None:
    try:
        result = load_centres(_file(CENTRE_HEADERS, rows, delimiter), name="h.csv")
    except TaghtiaError as error:
        assert "\n" not in str(error)
        return
    assert len(result.accepted) + result.rejected_count == result.rows_read
    errors = result.issues[result.issues["severity"] == "error"]
    assert errors["row"].nunique() == result.rejected_count
    assert set(errors["row"]).isdisjoint(result.accepted["row"])
    assert len(result.report()) == result.rows_read
    assert result.accepted["centre_id"].is_unique


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=_rows(len(FUNDING_HEADERS)))
def test_funding_every_row_accounted_for(rows: list[list[str]]) -> None:
    try:
        result = load_funding(_file(FUNDING_HEADERS, rows, ";"), name="f.csv")
    except TaghtiaError:
        return
    assert len(result.accepted) + result.rejected_count == result.rows_read
    assert (result.accepted["amount_mad"] > 0).all()
    assert result.accepted["year"].between(1956, 2100).all()


@settings(max_examples=80, deadline=None)
@given(data=st.binary(max_size=400),
       name=st.sampled_from(["x.csv", "x.xlsx", "x.geojson", "x.ods", "x.txt", "upload"]))
def test_random_bytes_never_crash(data: bytes, name: str) -> None:
    try:
        result = load_centres(data, name=name)
    except TaghtiaError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert len(result.accepted) + result.rejected_count == result.rows_read


def _communes() -> list[tuple[str, str, str, str]]:
    from loaders.match import reference

    frame = reference().communes
    return list(zip(frame["code"], frame["name_fr"], frame["name_ar"], frame["province_code"],
                    strict=True))


_SPELLINGS = st.sampled_from([
    str.upper, str.lower, str.title,
    lambda s: f"Commune de {s}",
    lambda s: f"  {s}  ",
    lambda s: s.replace(" ", "-"),
    lambda s: s.replace("Bni ", "Beni ").replace("Oulad ", "Ouled ").replace("Ait ", "Aït "),
    lambda s: s.replace("'", "’"),
])


@settings(max_examples=150, deadline=None)
@given(index=st.integers(min_value=0, max_value=1502), spell=_SPELLINGS,
       arabic=st.booleans())
def test_any_spelling_of_a_real_commune_finds_it_in_its_province(index: int, spell,
                                                                  arabic: bool) -> None:
    from loaders.match import match_names

    code, name_fr, name_ar, province = _communes()[index]
    name = f"جماعة {name_ar}" if arabic else spell(name_fr)
    (found,) = match_names([name], [province])
    assert found.code == code, (name, found)
    assert found.method == "name" and found.score == 100.0
