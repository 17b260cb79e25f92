"""Corrected georeferencing: GPS points of town centres land in their own commune."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

import geodata
from tools.geodata_build.georef import correct_coordinates

# Town centres (latitude, longitude in WGS84) and the HCP code of their commune, from Tanger
# in the north to Dakhla in the south.
TOWN_CENTRES = [
    ("Tanger", 35.7595, -5.8340, "01.511.01.0"),
    ("Tétouan", 35.5785, -5.3684, "01.571.01.11"),
    ("Larache", 35.1932, -6.1557, "01.331.01.03"),
    ("Al Hoceima", 35.2517, -3.9372, "01.051.01.01"),
    ("Nador", 35.1681, -2.9335, "02.381.01.05"),
    ("Oujda", 34.6814, -1.9086, "02.411.01.23"),
    ("Figuig", 32.1167, -1.2269, "02.251.01.03"),
    ("Taza", 34.2100, -4.0100, "03.561.01.11"),
    ("Fès", 34.0331, -5.0003, "03.231.01.0"),
    ("Meknès", 33.8935, -5.5473, "03.061.01.01"),
    ("Ifrane", 33.5228, -5.1106, "03.271.01.03"),
    ("Kénitra", 34.2610, -6.5802, "04.281.01.01"),
    ("Rabat", 34.0209, -6.8416, "04.421.01.0"),
    ("Salé", 34.0531, -6.7985, "04.441.01.0"),
    ("Khénifra", 32.9394, -5.6675, "05.301.01.01"),
    ("Béni Mellal", 32.3373, -6.3498, "05.091.01.01"),
    ("Azilal", 31.9617, -6.5716, "05.081.01.01"),
    ("Casablanca", 33.5731, -7.5898, "06.141.01.0"),
    ("El Jadida", 33.2316, -8.5007, "06.181.01.03"),
    ("Settat", 33.0010, -7.6166, "06.461.01.15"),
    ("Marrakech", 31.6295, -7.9811, "07.351.01.0"),
    ("Safi", 32.2994, -9.2372, "07.431.01.03"),
    ("Essaouira", 31.5085, -9.7595, "07.211.01.05"),
    ("Ouarzazate", 30.9335, -6.9370, "08.401.01.07"),
    ("Errachidia", 31.9314, -4.4244, "08.201.01.05"),
    ("Agadir", 30.4278, -9.5981, "09.001.01.01"),
    ("Taroudant", 30.4703, -8.8770, "09.541.01.13"),
    ("Tiznit", 29.6974, -9.7316, "09.581.01.07"),
    ("Guelmim", 28.9870, -10.0574, "10.261.01.03"),
    ("Smara", 26.7384, -11.6719, "11.221.01.01"),
    ("Laâyoune", 27.1536, -13.2033, "11.321.01.03"),
    ("Dakhla", 23.6848, -15.9580, "12.391.01.01"),
]


@pytest.fixture(scope="module")
def communes() -> gpd.GeoDataFrame:
    return geodata.load_units("commune", "full").set_index("code")


@pytest.mark.parametrize(("town", "lat", "lon", "code"), TOWN_CENTRES,
                         ids=[t[0] for t in TOWN_CENTRES])
def test_town_centre_lies_in_its_commune(communes, town, lat, lon, code) -> None:
    point = shapely.Point(lon, lat)
    assert communes.loc[code, "geometry"].contains(point), town
    containing = communes.index[communes.contains(point)]
    assert list(containing) == [code]


def test_town_centres_span_the_country() -> None:
    latitudes = [lat for _, lat, _, _ in TOWN_CENTRES]
    assert len(TOWN_CENTRES) >= 15
    assert max(latitudes) > 35.5 and min(latitudes) < 24


def test_correction_moves_points_south_by_14_to_20_km() -> None:
    raw = np.array([[-15.95, 23.70], [-6.84, 34.05], [-5.83, 35.80]])
    fixed = correct_coordinates(raw)
    assert np.allclose(fixed[:, 0], raw[:, 0])
    shift_km = (raw[:, 1] - fixed[:, 1]) * 111.0
    assert (shift_km > 13).all() and (shift_km < 21).all()
    assert shift_km[0] < shift_km[1] < shift_km[2]
