"""The committed reference files under ``geodata/data/``, each read once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

DATA_DIR = Path(__file__).parent / "data"


@lru_cache(maxsize=16)
def read_units(level: str, detail: str) -> gpd.GeoDataFrame:
    """The boundaries ``data/<level>.<detail>.parquet`` (shared: copy before modifying)."""
    return gpd.read_parquet(DATA_DIR / f"{level}.{detail}.parquet")


@lru_cache(maxsize=16)
def read_attributes(level: str, detail: str) -> pd.DataFrame:
    """The columns of ``data/<level>.<detail>.parquet`` but its boundaries, read without
    them (shared: copy before modifying)."""
    import pyarrow.parquet as pq

    path = DATA_DIR / f"{level}.{detail}.parquet"
    columns = [name for name in pq.read_schema(path).names if name != "geometry"]
    return pd.read_parquet(path, columns=columns)


@lru_cache(maxsize=8)
def read_table(name: str) -> pd.DataFrame:
    """The attribute table ``data/<name>.parquet`` (shared: copy before modifying)."""
    return pd.read_parquet(DATA_DIR / f"{name}.parquet")
