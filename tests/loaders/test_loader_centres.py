"""load_centres end to end: dialects, matching methods, rejections, hostile text, formats."""

from __future__ import annotations

import io

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, Polygon

from loaders import LoadResult, load_centres
from loaders.errors import HeaderError
from loaders.validate import ACCEPTED_CENTRE_COLUMNS, ISSUE_COLUMNS
from loaders.vocabulary import CENTRE_TYPE_KEYS, MANAGEMENT_MODE_KEYS, STATUS_KEYS
from tests.loaders.loader_samples import (
    ARABIC_REGISTRY,
    FRENCH_REGISTRY,
    FRENCH_REGISTRY_EXPECTED,
    HOSTILE_NAMES,
    KHENIFRA,
    TAZA,
    csv_bytes,
    frame_from_csv,
    xlsx_bytes,
)


def _check_invariants(result: LoadResult) -> None:
    assert len(result.accepted) + result.rejected_count == result.rows_read
    assert list(result.accepted.columns) == list(ACCEPTED_CENTRE_COLUMNS)
    assert list(result.issues.columns) == list(ISSUE_COLUMNS)
    assert set(result.issues["severity"]) <= {"error", "warning"}
    rejected_rows = set(result.issues.loc[result.issues["severity"] == "error", "row"])
    assert rejected_rows.isdisjoint(result.accepted["row"])
    assert len(rejected_rows) == result.rejected_count
    report = result.report()
    assert len(report) == result.rows_read
    assert (report["status"] == "accepted").sum() == len(result.accepted)


def test_french_excel_registry() -> None:
    result = load_centres(csv_bytes(FRENCH_REGISTRY), name="taza.csv")
    _check_invariants(result)
    assert result.rows_read == 8 and result.rejected_count == 0
    accepted = result.accepted.set_index("centre_id")
    for centre_id, (code, method) in FRENCH_REGISTRY_EXPECTED.items():
        assert (accepted.at[centre_id, "commune_code"], accepted.at[centre_id, "match_method"]) \
            == (code, method), centre_id
    assert accepted["row"].tolist() == list(range(3, 11))  # title on line 1, header on 2
    assert accepted.at["T03", "latitude"] == pytest.approx(34.21)
    assert accepted.at["T03", "longitude"] == pytest.approx(-4.01)
    assert accepted.at["T01", "centre_type"] == "eps"
    assert accepted.at["T02", "centre_type"] == "cef"
    assert accepted.at["T04", "centre_type"] == "kindergarten"
    assert accepted.at["T01", "management_mode"] == "delegated"
    assert accepted.at["T04", "management_mode"] == "delegated"
    assert accepted.at["T02", "management_mode"] == "co_management"
    assert accepted.at["T03", "status"] == "licensing"
    assert accepted.at["T05", "status"] == "licensing"
    assert accepted.at["T07", "status"] == "closed"
    assert accepted.at["T06", "status"] == "operating"  # default
    assert accepted.at["T01", "services"] == 3 and accepted.at["T06", "services"] == 1
    assert set(result.accepted["centre_type"]) <= set(CENTRE_TYPE_KEYS)
    assert set(result.accepted["status"]) <= set(STATUS_KEYS)
    assert set(result.accepted["management_mode"].dropna()) <= set(MANAGEMENT_MODE_KEYS)
    assert (result.accepted["match_score"] == 100).all()


def test_accepted_dtypes() -> None:
    accepted = load_centres(csv_bytes(FRENCH_REGISTRY)).accepted
    assert accepted["row"].dtype == "int64"
    assert accepted["services"].dtype == "int64"
    for column in ("opened_year", "capacity", "beneficiaries"):
        assert str(accepted[column].dtype) == "Int64"
    for column in ("latitude", "longitude", "match_score"):
        assert accepted[column].dtype == "float64"


def test_cp1256_arabic_registry() -> None:
    result = load_centres(csv_bytes(ARABIC_REGISTRY, "cp1256"), name="ar.csv")
    _check_invariants(result)
    accepted = result.accepted.set_index("centre_id")
    assert accepted.at["A1", "commune_code"] == "03.561.01.01"  # Aknoul
    assert accepted.at["A1", "centre_type"] == "eps"
    assert accepted.at["A1", "management_mode"] == "co_management"
    assert accepted.at["A2", "status"] == "licensing"
    assert accepted.at["A2", "centre_type"] == "literacy"
    assert accepted.at["A3", "commune_code"] == KHENIFRA
    assert accepted.at["A1", "name"] == "دار الطالبة أكنول"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8"])
def test_other_encodings_give_the_same_result(encoding: str) -> None:
    reference = load_centres(csv_bytes(ARABIC_REGISTRY, "cp1256")).accepted
    other = load_centres(csv_bytes(ARABIC_REGISTRY, encoding)).accepted
    pd.testing.assert_frame_equal(reference, other)


def _registry(rows: list[str]) -> bytes:
    header = "ID;Nom du centre;Type;Code commune;Commune;Latitude;Longitude;Statut;Mode de gestion"
    return csv_bytes("\n".join([header, *rows]) + "\n")


def _only_issue(result: LoadResult, severity: str) -> pd.Series:
    issues = result.issues[result.issues["severity"] == severity]
    assert len(issues) == 1, issues
    return issues.iloc[0]


def test_duplicate_ids_reject_later_rows_naming_the_first() -> None:
    result = load_centres(_registry(["C1;A;EPS;03.561.01.11;;;;;", "C1;B;EPS;03.561.01.11;;;;;"]))
    _check_invariants(result)
    assert result.accepted["name"].tolist() == ["A"]
    issue = _only_issue(result, "error")
    assert issue["row"] == 3 and "row 2" in issue["problem"]


def test_unknown_type_is_rejected_listing_accepted_values() -> None:
    result = load_centres(_registry(["C1;A;Piscine;03.561.01.11;;;;;"]))
    issue = _only_issue(result, "error")
    assert issue["value"] == "Piscine"
    assert "eps" in issue["what_to_do"] and "kindergarten" in issue["what_to_do"]


def test_typo_in_type_is_read_with_a_warning() -> None:
    result = load_centres(_registry(["C1;A;Etablissement de protection socaile;03.561.01.11;;;;;"]))
    assert result.accepted.at[0, "centre_type"] == "eps"
    assert "close spelling" in _only_issue(result, "warning")["problem"]


@pytest.mark.parametrize("huge", ["1E100", "99999999999999999999999"])
def test_huge_numbers_are_reported_not_overflowing(huge: str) -> None:
    header = "ID;Nom du centre;Type;Code commune;Nb services;Capacité;Bénéficiaires"
    rows = [f"C1;A;EPS;03.561.01.11;2;{huge};{huge}", f"C2;B;EPS;03.561.01.11;{huge};10;20"]
    result = load_centres(csv_bytes("\n".join([header, *rows]) + "\n"))
    _check_invariants(result)
    assert result.accepted["centre_id"].tolist() == ["C1"]
    assert pd.isna(result.accepted.at[0, "capacity"])
    assert pd.isna(result.accepted.at[0, "beneficiaries"])
    errors = result.issues[result.issues["severity"] == "error"]
    assert errors["row"].tolist() == [3] and "services" in errors.iloc[0]["problem"]
    warnings = result.issues[result.issues["severity"] == "warning"]
    assert sorted(warnings["column"]) == ["Bénéficiaires", "Capacité"]


def test_unknown_status_rejected_unknown_mode_warned() -> None:
    result = load_centres(_registry([
        "C1;A;EPS;03.561.01.11;;;;Peut-être;",
        "C2;B;EPS;03.561.01.11;;;;;Mystère",
    ]))
    _check_invariants(result)
    assert result.accepted["centre_id"].tolist() == ["C2"]
    assert pd.isna(result.accepted.at[0, "management_mode"])
    assert _only_issue(result, "warning")["row"] == 3


def test_missing_id_column_generates_ids_with_a_warning() -> None:
    data = csv_bytes("Nom du centre;Type;Code commune\nA;EPS;03.561.01.11\nB;CEF;053010101\n")
    result = load_centres(data)
    assert result.accepted["centre_id"].tolist() == ["row-2", "row-3"]
    issue = _only_issue(result, "warning")
    assert issue["column"] == "centre_id" and issue["row"] == 1


def test_location_fallback_and_rejection_messages() -> None:
    result = load_centres(_registry([
        "C1;A;EPS;99.999.99.99;Taza;;;;",  # bad code, good name -> name with a warning
        "C2;B;EPS;;;48,8566;2,3522;;",  # Paris -> rejected with the coordinates
        "C3;C;EPS;;;;;;",  # nothing -> rejected
        "C4;D;EPS;03.561.01.11;;32,935;-5,6686;;",  # code + point disagree -> code kept
        "C5;E;EPS;;;-4,01;34,21;;",  # swapped
        "C6;F;EPS;03.561;;;;;",  # province code
        "C7;G;EPS;12.345.67.89;;34,21;-4,01;;",  # bad code, good point -> point with a warning
        "C8;H;EPS;;;34°12'36\" N;4°0'36\" W;;",  # degrees, minutes, seconds
    ]))
    _check_invariants(result)
    accepted = result.accepted.set_index("centre_id")
    assert accepted.at["C1", "match_method"] == "name"
    assert accepted.at["C4", "commune_code"] == TAZA
    assert accepted.at["C5", "commune_code"] == TAZA
    issues = result.issues.set_index("row")
    assert "the commune name was used" in issues.loc[2, "problem"]
    assert "48.8566" in issues.loc[3, "problem"] and issues.loc[3, "severity"] == "error"
    assert issues.loc[4, "problem"] == "no location"
    assert "km from commune" in issues.loc[5, "problem"] and issues.loc[5, "severity"] == \
        "warning"
    assert "swapped" in issues.loc[6, "problem"]
    assert "province" in issues.loc[7, "problem"] and issues.loc[7, "severity"] == "error"
    assert result.rejected_count == 3
    assert accepted.at["C7", "match_method"] == "point"
    assert accepted.at["C8", "commune_code"] == TAZA
    assert accepted.at["C8", "longitude"] == pytest.approx(-4.01)
    assert "the point was used instead" in issues.loc[8, "problem"]


def test_hostile_cells_are_kept_as_data() -> None:
    frame = pd.DataFrame({
        "ID": [f"H{i}" for i in range(len(HOSTILE_NAMES))],
        "Nom du centre": list(HOSTILE_NAMES),
        "Type": "EPS",
        "Code commune": TAZA,
        "Partenaire": list(HOSTILE_NAMES),
    })
    for data, name in ((frame.to_csv(index=False, sep=";").encode("utf-8-sig"), "h.csv"),
                       (xlsx_bytes({"centres": frame}), "h.xlsx")):
        result = load_centres(data, name=name)
        assert result.rejected_count == 0
        assert result.accepted["name"].tolist() == list(HOSTILE_NAMES)
        assert result.accepted["partner"].tolist() == list(HOSTILE_NAMES)


def test_xlsx_with_numbers_typed_by_excel() -> None:
    frame = pd.DataFrame({
        "Identifiant": [1, 2],
        "Nom": ["A", "B"],
        "Catégorie": ["EPS", "CEF"],
        "Code commune": [53010101, 35610111],  # codes typed as numbers lose the leading 0
        "Latitude": [None, None],
        "Nombre de services": [2.0, None],
        "Année d'ouverture": [2015, 1066],
    })
    result = load_centres(xlsx_bytes({"Feuil1": frame}), name="centres.xlsx")
    _check_invariants(result)
    assert result.accepted["centre_id"].tolist() == ["1", "2"]
    assert result.accepted["commune_code"].tolist() == [KHENIFRA, TAZA]
    assert result.accepted["services"].tolist() == [2, 1]
    assert result.accepted["opened_year"].tolist()[0] == 2015
    assert pd.isna(result.accepted["opened_year"].tolist()[1])
    assert "plausible year" in _only_issue(result, "warning")["problem"]


def test_geojson_points_are_the_location() -> None:
    layer = gpd.GeoDataFrame(
        {"id": ["G1", "G2", "G3"], "nom": ["Taza", "Khénifra", "Polygone"],
         "type": ["EPS", "CEF", "EPS"]},
        geometry=[Point(-4.01, 34.21), Point(-5.6686, 32.935),
                  Polygon([(-4, 34), (-4.1, 34), (-4.1, 34.1)])],
        crs="EPSG:4326",
    )
    result = load_centres(io.BytesIO(layer.to_json().encode()), name="centres.geojson")
    _check_invariants(result)
    assert result.accepted["commune_code"].tolist() == [TAZA, KHENIFRA]
    assert result.accepted["row"].tolist() == [1, 2]
    assert result.accepted["match_method"].tolist() == ["point", "point"]
    errors = result.issues[result.issues["severity"] == "error"]
    assert errors["row"].tolist() == [3]
    assert "Polygon" in " ".join(result.issues["problem"])


def test_column_map_for_unrecognised_headers() -> None:
    data = csv_bytes("Réf;Libellé;Catégorie EN;Lieu\nX1;A;EPS;Taza\n")
    with pytest.raises(HeaderError):
        load_centres(data)
    result = load_centres(data, column_map={"centre_id": "Réf", "name": "Libellé",
                                            "centre_type": "Catégorie EN", "commune": "Lieu"})
    assert result.accepted["commune_code"].tolist() == [TAZA]
    with pytest.raises(ValueError, match="accepted fields"):
        load_centres(data, column_map={"nom": "Libellé"})
    with pytest.raises(HeaderError, match="not found"):
        load_centres(data, column_map={"name": "Absent"})


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("a;b;c\n1;2;3\n", "no recognisable header"),
        ("ID;Nom du centre;Code commune\n1;A;03.561.01.11\n", "centre_type"),
        ("ID;Nom du centre;Type\n1;A;EPS\n", "location"),
    ],
)
def test_header_errors(text: str, match: str) -> None:
    with pytest.raises(HeaderError, match=match):
        load_centres(csv_bytes(text))


def test_frame_from_csv_sample_has_all_rows() -> None:
    frame = frame_from_csv(FRENCH_REGISTRY.split("\n", 1)[1])
    assert len(frame) == 8


def test_commune_name_contradicting_the_code_is_warned() -> None:
    data = csv_bytes("ID;Nom;Type;Code commune;Commune\n1;A;EPS;03.561.01.11;Taza\n"
                     "2;B;EPS;03.561.01.11;Khénifra\n")
    result = load_centres(data)
    assert result.accepted["commune_code"].tolist() == [TAZA, TAZA]
    issue = _only_issue(result, "warning")
    assert issue["row"] == 3 and KHENIFRA in issue["problem"]


def test_geometry_wins_over_coordinate_properties() -> None:
    layer = gpd.GeoDataFrame({"id": ["G1"], "nom": ["A"], "type": ["EPS"],
                              "latitude": [0.0], "longitude": [0.0]},
                             geometry=[Point(-4.01, 34.21)], crs="EPSG:4326")
    result = load_centres(layer.to_json().encode(), name="c.geojson")
    assert result.accepted["commune_code"].tolist() == [TAZA]
    assert "ignored" in " ".join(result.issues["problem"])


def test_province_contradicting_the_code_is_warned() -> None:
    data = csv_bytes("ID;Nom;Type;Code commune;Province\n1;A;EPS;03.561.01.11;Taza\n"
                     "2;B;EPS;03.561.01.11;Khénifra\n")
    result = load_centres(data)
    assert result.rejected_count == 0
    issue = _only_issue(result, "warning")
    assert issue["row"] == 3 and "Khénifra" in issue["problem"]


def test_direction_marks_from_arabic_editors_are_ignored() -> None:
    rlm, lrm = "\u200f", "\u200e"
    data = csv_bytes(f"{rlm}المعرف;{rlm}اسم المركز;نوع المركز;رمز الجماعة;الجماعة;"
                     "خط العرض;خط الطول\n"
                     f"1;مركز;{rlm}روض الأطفال{rlm};{lrm}03.561.01.11{lrm};;;\n"
                     f"2;مركز;روض الأطفال;;{rlm}تازة{rlm};;\n"
                     f"3;مركز;روض الأطفال;;;{lrm}34,21{lrm};{lrm}-4,01{lrm}\n")
    result = load_centres(data)
    assert result.rejected_count == 0
    assert result.accepted["commune_code"].tolist() == [TAZA] * 3
    assert result.accepted["match_method"].tolist() == ["code", "name", "point"]
