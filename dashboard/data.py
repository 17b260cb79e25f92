"""The only Streamlit cache wrappers of the app.

Geometry is cached as a *resource*, once per process: the boundaries of a (level,
territory) pair are serialised to GeoJSON text the first time they are drawn and reused by
every session and rerun; only the small per-unit style table changes. Indicator tables are
cached as *data*, keyed by the dataset's content token, level, territory and filters.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import geodata
from dashboard import datasets, maps, view
from dashboard.indicators import Filters, compute_indicators, reference_units

DATASET_KEY = "data.dataset"


@st.cache_resource(show_spinner=False)
def territories() -> view.Territories:
    """Lookup of every unit (codes, names, parents)."""
    return view.Territories(reference_units())


@st.cache_resource(show_spinner=False)
def _units(level: str):
    return geodata.load_units(level, detail="web")


def communes(within: str | None = None) -> pd.DataFrame:
    """Commune attributes (no geometry) inside a territory."""
    return _attributes("commune", within)


@st.cache_resource(show_spinner=False)
def _attributes(level: str, within: str | None) -> pd.DataFrame:
    units = _units(level)
    frame = pd.DataFrame(units.drop(columns="geometry"))
    return frame[_inside(frame, within)].reset_index(drop=True)


_KEY_OF_LEVEL = {"region": "region_code", "province": "province_code",
                 "cercle": "cercle_code", "commune": "code"}


def _inside(frame: pd.DataFrame, within: str | None) -> pd.Series:
    """Rows of a unit table lying in ``within`` (a unit inside itself included)."""
    if within is None:
        return pd.Series(True, index=frame.index)
    key = _KEY_OF_LEVEL[territories().level_of(within)]
    if key not in frame.columns:  # the cercle table has no cercle_code: its own code
        key = "code"
    return frame[key] == within


@st.cache_resource(show_spinner=False)
def geometry(level: str, within: str | None) -> tuple[str, tuple[float, float, float, float]]:
    """GeoJSON text of the units of ``level`` inside ``within``, and their bounds."""
    units = _units(level)
    if within is not None:
        units = units[_inside(units, within).to_numpy()]
    west, south, east, north = units.total_bounds
    return maps.geojson_text(units), (float(south), float(west), float(north), float(east))


@st.cache_resource(show_spinner=False)
def context(within: str | None) -> str:
    """Province outlines around a territory, drawn for context (non-interactive)."""
    provinces = _units("province")
    if within is not None:
        _, (south, west, north, east) = geometry("commune", within)
        pad_lat, pad_lon = (north - south) * 0.6 + 0.2, (east - west) * 0.6 + 0.2
        provinces = provinces.cx[west - pad_lon:east + pad_lon, south - pad_lat:north + pad_lat]
    return maps.geojson_text(provinces)


@st.cache_resource(show_spinner="…")
def _default_dataset() -> datasets.Dataset:
    return datasets.default_dataset()


def dataset() -> datasets.Dataset:
    """The dataset in use in this session: an upload, else the files given at start, else demo."""
    uploaded = st.session_state.get(DATASET_KEY)
    return uploaded if uploaded is not None else _default_dataset()


def use_dataset(new: datasets.Dataset | None) -> None:
    """Make ``new`` the session's dataset (None = back to the default)."""
    if new is None:
        st.session_state.pop(DATASET_KEY, None)
    else:
        st.session_state[DATASET_KEY] = new


@st.cache_data(show_spinner=False, max_entries=256)
def _indicators(token: str, level: str, within: str | None, filters: Filters,
                _data: datasets.Dataset) -> pd.DataFrame:
    return compute_indicators(_data.centres_frame, _data.funding_frame, level=level,
                              within=within, filters=filters)


def indicators(level: str, within: str | None, filters: Filters) -> pd.DataFrame:
    """Indicator table of the session's dataset (cached per dataset, level, territory, filters)."""
    data = dataset()
    return _indicators(data.token, level, within, filters, data)


@st.cache_resource(show_spinner=False)
def commune_anchors() -> dict[str, tuple[float, float]]:
    """Representative point (inside the polygon) of every commune: code -> (lat, lon)."""
    units = _units("commune")
    points = units.geometry.representative_point()
    return {code: (float(p.y), float(p.x)) for code, p in zip(units["code"], points,
                                                               strict=True)}


def centre_points(within: str | None, filters: Filters, lang: str) -> list:
    """Map markers of the counted centres of a territory."""
    return view.centre_points(centres_within(within, filters), lang, communes(within),
                              commune_anchors())


def centres_within(within: str | None, filters: Filters) -> pd.DataFrame:
    """Counted centres of the session's dataset lying in a territory."""
    from dashboard.indicators import counted_centres

    data = dataset()
    centres = counted_centres(data.centres_frame, filters)
    codes = set(communes(within)["code"])
    return centres[centres["commune_code"].isin(codes)]


@st.cache_data(show_spinner=False, max_entries=64)
def _breakdown(token: str, name: str, within: str | None, filters: Filters,
               _data: datasets.Dataset) -> pd.DataFrame:
    from dashboard import breakdowns

    function = getattr(breakdowns, name)
    if name.startswith("counts_by"):
        return function(_data.centres_frame, within, filters)
    return function(_data.centres_frame, _data.funding_frame, within, filters)


def breakdown(name: str, within: str | None, filters: Filters) -> pd.DataFrame:
    """A :mod:`dashboard.breakdowns` table (``counts_by_type``, ``funding_by_year``…)."""
    data = dataset()
    return _breakdown(data.token, name, within, filters, data)


@st.cache_data(show_spinner=False, max_entries=64)
def _underserved(token: str, within: str | None, filters: Filters,
                 _data: datasets.Dataset) -> pd.DataFrame:
    from dashboard.planning import underserved as planning_underserved

    return planning_underserved(_data.centres_frame, within, filters)


def underserved(within: str | None, filters: Filters) -> pd.DataFrame:
    """Ranked communes without a counted centre (:func:`dashboard.planning.underserved`)."""
    data = dataset()
    return _underserved(data.token, within, filters, data)


@st.cache_data(show_spinner=False, max_entries=8)
def _row_report(token: str, kind: str, _data: datasets.Dataset) -> pd.DataFrame:
    result = _data.centres if kind == "centres" else _data.funding
    return result.report()


def row_report(kind: str) -> pd.DataFrame:
    """The loaders' row-by-row report (``centres`` or ``funding``) of the session's dataset."""
    data = dataset()
    return _row_report(data.token, kind, data)
