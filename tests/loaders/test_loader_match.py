"""Matching to communes by code, point and name, against the reference tables."""

from __future__ import annotations

import numpy as np
import pytest

from loaders.match import SNAP_KM, match_codes, match_names, match_points, reference
from tests.loaders.loader_samples import BNI_FRASSEN, KHENIFRA, TANGER, TAZA, TAZA_POINT


@pytest.mark.parametrize("code", ["05.301.01.01", "053010101", 53010101, "53010101", 53010101.0,
                                  " 05.301.01.01 "])
def test_code_forms(code: object) -> None:
    (found,) = match_codes([code])
    assert found.code == KHENIFRA
    assert found.warning is None and found.error is None


def test_split_city_code_shape() -> None:
    assert match_codes(["01.511.01.0"])[0].code == TANGER
    assert match_codes(["001511010"])[0].code == TANGER


def test_arrondissement_code_goes_to_its_city_with_a_warning() -> None:
    (found,) = match_codes(["01.511.01.05"])
    assert found.code == TANGER
    assert "Mghogha" in found.warning and "arrondissement" in found.warning


@pytest.mark.parametrize("code", ["06.141.01.00", "06.141.01.10", "061410170"])
def test_casablanca_prefecture_code_goes_to_the_city_with_a_warning(code: str) -> None:
    (found,) = match_codes([code])
    assert found.code == "06.141.01.0" and found.error is None
    assert "préfecture d'arrondissements of Casablanca" in found.warning


def test_2014_code_is_crosswalked_with_a_warning() -> None:
    walk = reference().crosswalk
    old = next(code for code in walk if "." in code)
    new, _ = walk[old]
    for form in (old, old.replace(".", "")):
        (found,) = match_codes([form])
        assert found.code == new
        assert "2014" in found.warning


@pytest.mark.parametrize(
    ("code", "kind"),
    [("03.561", "province"), ("03.561.03", "cercle"), ("03", "region")],
)
def test_codes_of_other_levels_are_rejected(code: str, kind: str) -> None:
    (found,) = match_codes([code])
    assert found.code is None
    assert kind in found.error and "not of a commune" in found.error


def test_unknown_code() -> None:
    (found,) = match_codes(["99.999.99.99"])
    assert found.code is None and "not in the HCP reference" in found.error


def test_empty_codes_are_none() -> None:
    assert match_codes([None, "", "  ", float("nan")]) == [None, None, None, None]


def test_points_inside_and_swapped() -> None:
    lat, lon = TAZA_POINT
    inside, swapped, missing = match_points([lat, lon, np.nan], [lon, lat, -4.0])
    assert inside.code == TAZA and inside.warning is None
    assert swapped.code == TAZA and "swapped" in swapped.warning
    assert missing is None


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        (35.7806, -5.8139, TANGER),  # Tanger city centre
        (32.9350, -5.6686, KHENIFRA),  # Khénifra
        (33.5731, -7.5898, "06.141.01.0"),  # Casablanca
        (23.6848, -15.9580, None),  # Dakhla: checked below to be a commune of 12.391
    ],
)
def test_well_known_towns(lat: float, lon: float, expected: str | None) -> None:
    (found,) = match_points([lat], [lon])
    assert found.code is not None
    if expected:
        assert found.code == expected
    else:
        assert found.code.startswith("12.391")


def test_point_in_the_sea_near_the_coast_snaps_with_distance() -> None:
    (found,) = match_points([34.03], [-6.85])  # a few hundred metres off Rabat
    assert found.code == "04.421.01.0"
    assert "km outside" in found.warning
    distance = float(found.warning.split(" lies ")[1].split(" km")[0])
    assert 0 < distance <= SNAP_KM


@pytest.mark.parametrize(
    ("lat", "lon", "hint"),
    [
        (48.8566, 2.3522, "outside Morocco"),  # Paris
        (34.2, -7.5, "outside Morocco"),  # Atlantic, 40 km off the coast
        (0.0, 0.0, "outside Morocco"),
        (34.21, 4.01, "negative"),  # sign of the longitude forgotten
        (380000.0, 510000.0, "metres"),  # Lambert coordinates
    ],
)
def test_points_outside_morocco_are_rejected_with_coordinates(lat: float, lon: float,
                                                              hint: str) -> None:
    (found,) = match_points([lat], [lon])
    assert found.code is None
    assert f"{lat:g}" in found.error
    assert hint in found.error + found.what_to_do


def test_point_matching_is_bulk_and_ordered() -> None:
    lat, lon = TAZA_POINT
    lats = np.array([lat, 32.9350] * 500)
    lons = np.array([lon, -5.6686] * 500)
    codes = [m.code for m in match_points(lats, lons)]
    assert codes == [TAZA, KHENIFRA] * 500


@pytest.mark.parametrize(
    ("name", "province", "code", "method"),
    [
        ("Taza", None, TAZA, "name"),
        ("تازة", None, TAZA, "name"),
        ("TAZA", "Taza", TAZA, "name"),
        ("Commune de Bni Frassen", None, BNI_FRASSEN, "name"),
        ("Beni Frassen", "Taza", BNI_FRASSEN, "name"),
        ("بني فراسن", "تازة", BNI_FRASSEN, "name"),
        ("Ouled Chrif", "Province de Taza", "03.561.13.13", "name"),
        ("Ait Ishaq", None, "05.301.03.01", "name"),
        ("آيت إسحاق", None, "05.301.03.01", "name"),
        ("Gouzate", "Taza", "03.561.11.05", "name"),  # El Gouzate without its article
        ("كوزات", "Taza", "03.561.11.05", "name"),  # الكوزات without its article
        ("Khenifara", "Khénifra", KHENIFRA, "fuzzy_name"),
        ("Bni Frasen", "03.561", BNI_FRASSEN, "fuzzy_name"),
    ],
)
def test_names(name: str, province: str | None, code: str, method: str) -> None:
    (found,) = match_names([name], [province])
    assert (found.code, found.method) == (code, method)
    assert found.score == 100.0 if method == "name" else 88 <= found.score < 100


def test_arrondissement_name_goes_to_its_city() -> None:
    (found,) = match_names(["Mghogha"])
    assert found.code == TANGER and "arrondissement" in found.warning


def test_same_name_in_two_provinces_is_rejected_listing_both() -> None:
    (found,) = match_names(["Ajdir"])
    assert found.code is None
    assert "01.051.01.09" in found.error and "03.561.03.01" in found.error
    assert "province" in found.what_to_do
    (scoped,) = match_names(["Ajdir"], ["Taza"])
    assert scoped.code == "03.561.03.01"


def test_name_in_the_wrong_province_points_to_where_it_is() -> None:
    (found,) = match_names(["Taza"], ["Khénifra"])
    assert found.code is None and "03.561.01.11" in found.error


def test_unknown_province_falls_back_to_morocco_with_a_warning() -> None:
    (found,) = match_names(["Taza"], ["Atlantide"])
    assert found.code == TAZA and "not recognised" in found.warning


def test_unknown_name() -> None:
    (found,) = match_names(["Xyzzyville"])
    assert found.code is None and "no commune named" in found.error


@pytest.mark.parametrize("column", ["name_fr", "name_ar"])
def test_every_commune_is_found_by_its_name_in_its_province(column: str) -> None:
    communes = reference().communes
    found = match_names(communes[column].tolist(), communes["province_code"].tolist())
    assert [m.code for m in found] == communes["code"].tolist()
    assert {m.method for m in found} == {"name"}


def test_every_commune_code_in_both_forms() -> None:
    communes = reference().communes
    for column in ("code", "code_digits"):
        assert [m.code for m in match_codes(communes[column].tolist())] == \
            communes["code"].tolist()


def test_a_point_inside_every_commune_finds_it() -> None:
    communes = reference().communes
    inside = communes.geometry.representative_point()
    found = match_points(inside.y.to_numpy(), inside.x.to_numpy())
    assert [m.code for m in found] == communes["code"].tolist()
    assert all(m.warning is None for m in found)
