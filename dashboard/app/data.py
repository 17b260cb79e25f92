"""The only Streamlit cache wrappers of the app.

Geometry is cached as a *resource*, once per process: the boundaries of a (level,
territory) pair are encoded the first time they are drawn, written as a static file the
browser fetches once, and reused by every session and rerun; only the small per-unit values
table changes. Indicator tables are
cached as *data*, keyed by the dataset's content token, level, territory and filters.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st

import geodata
from dashboard import i18n, sources
from dashboard.app import datasets, maps, view
from dashboard.calc.indicators import Filters, compute_indicators, is_member, reference_units
from dashboard.calc.territories import Territories
from dashboard.disk_cache import remembered
from dashboard.i18n import t
from dashboard.store.names import format_ref
from geodata.hierarchy import units_within
from loaders.errors import TaghtiaError

CACHE_TTL_S = 3600
"""Results computed for a dataset, filters and territory are dropped an hour after they
were made (and the oldest beyond each cache's ``max_entries``): an upload's tables do not
outlive the sessions that used it by long."""
DATASET_KEY = "data.dataset"  # an upload validated but not saved: this tab only
PROBLEM_KEY = "data.dataset_problem"


@st.cache_resource(show_spinner=False)
def territories() -> Territories:
    """Lookup of every unit (codes, names, parents)."""
    return Territories(reference_units())


@st.cache_resource(show_spinner=False)
def _units(level: str):
    return geodata.load_units(level, detail="web")


def communes(within: str | None = None) -> pd.DataFrame:
    """Commune attributes (no geometry) inside a territory."""
    return _attributes("commune", within)


@st.cache_resource(show_spinner=False)
def _attributes(level: str, within: str | None) -> pd.DataFrame:
    frame = geodata.load_attributes(level)  # no boundaries read: a table draws nothing
    return units_within(frame, within).reset_index(drop=True)


@st.cache_data(show_spinner=False, max_entries=8)
def place_labels(within: str | None, lang: str) -> list[tuple[float, float, str]]:
    """Names drawn on a map at the territory's own zoom: the provinces of Morocco or of a
    region, most populous first (nothing below a region: the units are named themselves)."""
    if within is not None and territories().level_of(within) != "region":
        return []
    provinces = _attributes("province", within).sort_values("population_2024",
                                                            ascending=False)
    return [(float(lat), float(lon), i18n.unit_name(row, lang)) for lat, lon, row in zip(
        provinces["point_lat"], provinces["point_lon"],
        provinces[["code", "name_fr", "name_ar"]].to_dict("records"), strict=True)]


@st.cache_resource(show_spinner=False, max_entries=64)
def geometry(level: str, within: str | None
             ) -> tuple[maps.GeoLayer, tuple[float, float, float, float]]:
    """Boundaries of the units of ``level`` inside ``within`` and their bounds.

    Encoded once per process (:func:`dashboard.app.maps.geo_layer`, with the units' names and
    population for tooltips) and written as a static file under ``dashboard/app/static/geo/``
    that the browser fetches once and caches; reruns only send per-unit values.
    """
    def encode() -> maps.GeoLayer:
        return maps.geo_layer(units_within(_units(level), within), f"{level}-{within or 'MA'}")

    layer = remembered("geometry", (level, within), encode)  # encoded at an earlier start
    layer.save()
    return layer, layer.bounds


CONTEXT_TOLERANCE_DEG = 0.01  # context outlines are thin non-interactive lines


@st.cache_resource(show_spinner=False, max_entries=64)
def context(within: str | None) -> maps.GeoLayer:
    """Province outlines around a territory, drawn for context (non-interactive).

    One line layer: the borders of the provinces touching the territory's bounding box, each
    border once, clipped to the padded box the map shows and simplified further; nationally
    the borders of every province, simplified. Kept on disk between starts.
    """
    layer = remembered("context", (within,), lambda: _context_outlines(within))
    layer.save()
    return layer


def _context_outlines(within: str | None) -> maps.GeoLayer:
    import shapely

    provinces = _units("province")
    if within is None:
        tolerance, box = CONTEXT_TOLERANCE_DEG / 2, None
    else:
        _, (south, west, north, east) = geometry("commune", within)
        pad_lat, pad_lon = (north - south) * 0.6 + 0.2, (east - west) * 0.6 + 0.2
        provinces = provinces.cx[west:east, south:north]  # those touching the territory
        tolerance = CONTEXT_TOLERANCE_DEG
        box = shapely.box(west - pad_lon, south - pad_lat, east + pad_lon, north + pad_lat)
    # each border once (shared borders are not drawn twice), clipped as lines (no edge
    # along the clipping box), simplified: thin lines under the units
    borders = shapely.line_merge(shapely.union_all(provinces.geometry.boundary.to_numpy()))
    if box is not None:
        borders = shapely.intersection(borders, box)
    borders = shapely.simplify(borders, tolerance, preserve_topology=True)
    lines = [g for g in shapely.get_parts(borders) if g.geom_type == "LineString"
             and not g.is_empty]
    outlines = gpd.GeoDataFrame({"code": ["context"]},
                                geometry=[shapely.MultiLineString(lines)], crs="EPSG:4326")
    return maps.geo_layer(outlines, f"context-{within or 'MA'}", text=False)


@st.cache_resource(show_spinner="…")
def _files_or_demo() -> datasets.Dataset:
    return sources.files_or_demo()


@st.cache_resource(show_spinner="…", max_entries=4)
def _stored(url: str, name: str, number: int) -> datasets.Dataset:
    """A stored version, read once per process (versions never change once stored)."""
    return sources.from_store(format_ref(name, number))


def stored(ref: str) -> datasets.Dataset:
    """Stored dataset ``NAME`` (its version in force now) or ``NAME@VERSION``.

    Raises
    ------
    dashboard.store.StoreError
        Unknown dataset or version, or the store cannot be reached.
    """
    from dashboard.store import database_url, open_store, parse_ref

    name, number = parse_ref(ref)
    if number is None:
        number = open_store().in_force(name)  # one small query: follows `datasets use`
    return _stored(database_url(), name, number)


def dataset() -> datasets.Dataset:
    """The dataset this view shows: an upload not saved yet (this tab only), else the stored
    dataset of the URL (``?dataset=NAME[@N]``), else what ``taghtia run`` was given, else
    the store's default dataset, else the demo."""
    uploaded = st.session_state.get(DATASET_KEY)
    if uploaded is not None:
        return uploaded
    from dashboard.app import ui

    ref = ui.current().dataset
    try:
        ref = ref or sources.start_ref()
        if ref:
            found = stored(ref)
            st.session_state.pop(PROBLEM_KEY, None)
            return found
    except TaghtiaError as error:  # shown by the page header; the default data is shown
        st.session_state[PROBLEM_KEY] = error.message or str(error)  # translated when shown
    return _files_or_demo()


def dataset_problem() -> str | None:
    """Why the dataset asked for could not be opened (None when it was): a
    :class:`loaders.messages.Message` (``dashboard.i18n.message_text`` translates it)."""
    return st.session_state.get(PROBLEM_KEY)


def use_dataset(new: datasets.Dataset | None) -> None:
    """Make ``new`` (an upload not saved yet) the session's dataset (None = none)."""
    if new is None:
        st.session_state.pop(DATASET_KEY, None)
    else:
        st.session_state[DATASET_KEY] = new


@st.cache_data(show_spinner=False, max_entries=64, ttl=CACHE_TTL_S)
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
    attributes = geodata.load_attributes("commune")
    if {"point_lon", "point_lat"} <= set(attributes.columns):  # precomputed by geodata
        return {code: (float(lat), float(lon)) for code, lat, lon in zip(
            attributes["code"], attributes["point_lat"], attributes["point_lon"],
            strict=True)}
    units = _units("commune")
    points = units.geometry.representative_point()
    return {code: (float(p.y), float(p.x)) for code, p in zip(units["code"], points,
                                                               strict=True)}


MARKERS_AT_MOST = 5_000
"""Above this many centres in a territory, its maps show one marker per commune with the
number of centres there (a 400,000-centre registry would otherwise send tens of MB)."""


@st.cache_resource(show_spinner=False, max_entries=12, ttl=CACHE_TTL_S)
def _centre_file(token: str, within: str | None, lang: str, _data: datasets.Dataset
                 ) -> tuple[maps.PointLayer, np.ndarray] | None:
    """Every centre of a territory whatever the filters, as a static file the browser fetches
    once (:func:`dashboard.app.maps.point_layer`), and their rows in the dataset's centres
    frame; None above :data:`MARKERS_AT_MOST` centres. One per dataset, territory and
    language; filters only pick which of them are drawn (:class:`dashboard.app.maps.Markers`).
    Kept on disk between starts for the demo and stored datasets (not for an upload)."""
    if _data.is_demo or _data.stored:
        found = remembered("centres", (token, within, lang),
                           lambda: _centres_of(_data, within, lang))
    else:
        found = _centres_of(_data, within, lang)
    if found is not None:
        found[0].save()
    return found


def _centres_of(data: datasets.Dataset, within: str | None, lang: str
                ) -> tuple[maps.PointLayer, np.ndarray] | None:
    frame = data.centres_frame
    anchors = commune_anchors()
    inside = is_member(frame["commune_code"], communes(within)["code"])
    if "latitude" in frame.columns and "longitude" in frame.columns:
        placed = (frame["latitude"].notna() & frame["longitude"].notna()).to_numpy()
    else:
        placed = np.zeros(len(frame), dtype=bool)
    drawable = inside & (placed | is_member(frame["commune_code"], anchors))
    rows = np.flatnonzero(drawable)
    if len(rows) > MARKERS_AT_MOST:
        return None
    points = view.centre_points(frame.iloc[rows], lang, communes(within), anchors)
    layer = maps.point_layer(points, f"centres-{within or 'MA'}-{lang}")
    if len(layer.points) != len(rows):  # a position that is not a number: drawn inline
        return None
    return layer, rows


def _commune_markers(centres: pd.DataFrame, within: str | None, lang: str) -> list:
    """One marker per commune with counted centres, at its representative point, saying how
    many (for territories above :data:`MARKERS_AT_MOST` centres)."""
    counts = centres["commune_code"].value_counts()
    names = communes(within).set_index("code")
    anchors = commune_anchors()
    label = t("Centres", lang)
    points = []
    for code, count in counts.items():
        if code not in anchors or code not in names.index:
            continue
        row = names.loc[code]
        points.append(maps.Point(*anchors[code], i18n.unit_name(
            {"code": code, "name_fr": row["name_fr"], "name_ar": row["name_ar"]}, lang),
            rows=((label, i18n.number(int(count), lang)),)))
    return points


def centre_points(within: str | None, filters: Filters, lang: str):
    """Map markers of the counted centres of a territory: a :class:`dashboard.app.maps.Markers`
    (every centre sent once as a static file, a bitmask per rerun), or one marker per commune
    above :data:`MARKERS_AT_MOST` centres."""
    from dashboard.calc.indicators import counted_mask

    data = dataset()
    found = _centre_file(data.token, within, lang, data)
    if found is None:
        return _commune_markers(centres_within(within, filters), within, lang)
    layer, rows = found
    return maps.Markers(layer, counted_mask(data.centres_frame, filters)[rows])


CLUSTER_ABOVE = 400
"""Centres are clustered nationally, and in a territory with more markers than this."""


def centre_layer(within: str | None, filters: Filters, lang: str):
    """The centre markers of a territory's map, and whether to cluster them."""
    points = centre_points(within, filters, lang)
    return points, within is None or len(points) > CLUSTER_ABOVE


def coverage_map(within: str | None, filters: Filters, lang: str) -> maps.MapSpec:
    """The Coverage page's map of communes covered or not (urban / rural), with the centres
    and the province outlines: the one builder of that map, used by the page and the
    benchmarks (:mod:`benchmarks.bench_maps`)."""
    table = indicators("commune", within, filters)
    boundaries, bounds = geometry("commune", within)
    points, cluster = centre_layer(within, filters, lang)
    return view.coverage_spec(communes(within), view.covered_series(table), boundaries, bounds,
                              lang, points=points, cluster=cluster, context=context(within),
                              centres_per_commune=table.set_index("code")["centres"])


def centres_within(within: str | None, filters: Filters) -> pd.DataFrame:
    """Counted centres of the session's dataset lying in a territory."""
    from dashboard.calc.indicators import counted_centres

    data = dataset()
    centres = counted_centres(data.centres_frame, filters)
    return centres[is_member(centres["commune_code"], communes(within)["code"])]


@st.cache_data(show_spinner=False, max_entries=64, ttl=CACHE_TTL_S)
def _breakdown(token: str, name: str, within: str | None, filters: Filters,
               _data: datasets.Dataset) -> pd.DataFrame:
    from dashboard.calc import breakdowns

    function = getattr(breakdowns, name)
    if name.startswith("counts_by"):
        return function(_data.centres_frame, within, filters)
    return function(_data.centres_frame, _data.funding_frame, within, filters)


FUNDING_TABLES = ("funding_by_source", "funding_by_year", "urban_rural_funding")
"""Breakdowns computed together (:func:`dashboard.calc.breakdowns.funding_tables`)."""


@st.cache_data(show_spinner=False, max_entries=64, ttl=CACHE_TTL_S)
def _funding_tables(token: str, within: str | None, filters: Filters,
                    _data: datasets.Dataset) -> dict[str, pd.DataFrame]:
    from dashboard.calc.breakdowns import funding_tables

    return funding_tables(_data.centres_frame, _data.funding_frame, within, filters)


def breakdown(name: str, within: str | None, filters: Filters) -> pd.DataFrame:
    """A :mod:`dashboard.calc.breakdowns` table (``counts_by_type``, ``funding_by_year``…);
    the funding ones are computed together, once per dataset, territory and filters."""
    data = dataset()
    if name in FUNDING_TABLES:
        return _funding_tables(data.token, within, filters, data)[name]
    return _breakdown(data.token, name, within, filters, data)


@st.cache_data(show_spinner=False, max_entries=32, ttl=CACHE_TTL_S)
def _underserved(token: str, within: str | None, filters: Filters,
                 _data: datasets.Dataset) -> pd.DataFrame:
    from dashboard.calc.planning import underserved as planning_underserved

    return planning_underserved(_data.centres_frame, within, filters)


def underserved(within: str | None, filters: Filters) -> pd.DataFrame:
    """Ranked communes without a counted centre (:func:`dashboard.calc.planning.underserved`)."""
    data = dataset()
    return _underserved(data.token, within, filters, data)


@st.cache_data(show_spinner=False, max_entries=8)
def _row_report(token: str, kind: str, lang: str, _data: datasets.Dataset) -> pd.DataFrame:
    from dashboard.i18n.validation import report_in

    result = _data.centres if kind == "centres" else _data.funding
    return report_in(result, lang)


def row_report(kind: str, lang: str = "en") -> pd.DataFrame:
    """The loaders' row-by-row report (``centres`` or ``funding``) of the session's dataset,
    its messages in ``lang`` (cached per dataset and language: one translation per row)."""
    data = dataset()
    return _row_report(data.token, kind, lang, data)


@st.cache_data(show_spinner=False, max_entries=8)
def _board_pack(token: str, within: str | None, lang: str, filters: Filters, today: str,
                _data: datasets.Dataset) -> bytes:
    from dashboard.reports.pptx import build_deck

    return build_deck(_data.centres_frame, _data.funding_frame, within, lang, filters,
                      dataset_label=_data.name, illustrative=_data.is_demo)


def board_pack(within: str | None, lang: str, filters: Filters) -> bytes:
    """The board pack (PPTX bytes) of the session's dataset, cached per territory, language,
    filters and day (the deck is dated)."""
    import datetime as dt

    data = dataset()
    return _board_pack(data.token, within, lang, filters, dt.date.today().isoformat(), data)


# --------------------------------------------------------------------------------------------
# Planning: access (2SFCA) and maximal covering, for a scenario of the session's dataset
# --------------------------------------------------------------------------------------------


def _scenario_centres(data: datasets.Dataset, scenario: tuple[tuple[str, ...], tuple[str, ...]],
                      filters: Filters) -> pd.DataFrame:
    from dashboard.calc.location import with_scenario

    hypothetical, switched_off = scenario
    return with_scenario(data.centres_frame, hypothetical, switched_off, filters)


@st.cache_data(show_spinner=False, max_entries=32, ttl=CACHE_TTL_S)
def _access(token: str, within: str | None, filters: Filters, radius_km: float, group: str,
            scenario: tuple, method: str, _data: datasets.Dataset) -> pd.DataFrame:
    from dashboard.calc.access import accessibility

    return accessibility(_scenario_centres(_data, scenario, filters), within, filters,
                         radius_km=radius_km, demand=group, method=method)


def access_table(within: str | None, filters: Filters, radius_km: float, group: str,
                 scenario: tuple = ((), ()), method: str = "2sfca") -> pd.DataFrame:
    """:func:`dashboard.calc.access.accessibility` of the session's dataset, in a what-if
    ``scenario`` = (hypothetical commune codes, switched-off centre ids)."""
    data = dataset()
    return _access(data.token, within, filters, radius_km, group, scenario, method, data)


@st.cache_data(show_spinner="…", max_entries=16, ttl=CACHE_TTL_S)
def _plan(token: str, within: str | None, filters: Filters, add: int, radius_km: float,
          group: str, candidates: str, scenario: tuple, _data: datasets.Dataset):
    from dashboard.calc.location import plan_sites

    return plan_sites(_scenario_centres(_data, scenario, filters), within, filters, add=add,
                      radius_km=radius_km, demand=group, candidates=candidates)


def plan(within: str | None, filters: Filters, add: int, radius_km: float, group: str,
         candidates: str, scenario: tuple = ((), ())):
    """:func:`dashboard.calc.location.plan_sites` of the session's dataset and scenario."""
    data = dataset()
    return _plan(data.token, within, filters, add, radius_km, group, candidates, scenario, data)


def scenario_centres_within(within: str | None, filters: Filters,
                            scenario: tuple = ((), ())) -> pd.DataFrame:
    """Counted centres of a territory in a what-if scenario (hypothetical ones included)."""
    from dashboard.calc.indicators import counted_centres

    centres = counted_centres(_scenario_centres(dataset(), scenario, filters), filters)
    return centres[is_member(centres["commune_code"], communes(within)["code"])]


def scenario_centre_points(within: str | None, filters: Filters, lang: str,
                           scenario: tuple = ((), ())):
    """Markers of the counted centres of a territory in a what-if scenario: without one,
    the territory's centre file and a bitmask (:func:`centre_points`, as on other pages);
    with one, a list of points."""
    from dashboard.calc.location import HYPOTHETICAL_PREFIX
    from dashboard.i18n import t

    if not any(scenario):
        return centre_points(within, filters, lang)
    centres = scenario_centres_within(within, filters, scenario).copy()
    added = centres["centre_id"].astype(str).str.startswith(HYPOTHETICAL_PREFIX)
    centres.loc[added, "name"] = t("Hypothetical centre", lang)
    return view.centre_points(centres, lang, communes(within), commune_anchors())


def planning_deck(within: str | None, filters: Filters, lang: str, plan):
    """A callable building the board pack with the proposed-sites slide of ``plan`` (PPTX
    bytes), for a download button: built only when clicked."""

    def build() -> bytes:
        from dashboard.reports.planning_slide import PLAN_KEY, proposed_sites_slide
        from dashboard.reports.pptx import build_deck

        current = dataset()
        return build_deck(current.centres_frame, current.funding_frame, within, lang, filters,
                          dataset_label=None if current.is_demo else current.name,
                          illustrative=current.is_demo,
                          builders={"proposed_sites": proposed_sites_slide},
                          extras={PLAN_KEY: plan})

    return build
