"""The session's dataset and what is computed from it, cached (Streamlit data and resources).

Which dataset a view shows (an upload of this tab, the stored dataset of the URL, what
``taghtia run`` was given, the store's default, the demo), and its indicator tables,
breakdowns, centre markers and planning results, cached as *data* keyed by the dataset's
content token, level, territory and filters. The reference geography (boundaries, names,
the territory lookup) is cached once per process by :mod:`dashboard.app.reference`; with
this module, those are the app's only Streamlit cache wrappers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import i18n, sources
from dashboard.app import datasets, map_files, maps, reference, session, view
from dashboard.calc.indicators import Filters, compute_indicators, is_member
from dashboard.choices import DEFAULT_DEMAND
from dashboard.disk_cache import remembered
from dashboard.i18n import t
from dashboard.store.names import format_ref
from loaders.errors import TaghtiaError

T = TypeVar("T")

CACHE_TTL_S = 3600
"""Results computed for a dataset, filters and territory are dropped an hour after they
were made (and the oldest beyond each cache's ``max_entries``): an upload's tables do not
outlive the sessions that used it by long."""
DATASET_KEY = "data.dataset"  # an upload validated but not saved: this tab only
PROBLEM_KEY = "data.dataset_problem"


@st.cache_resource(show_spinner="…")
def _files_or_demo() -> tuple[datasets.Dataset, object | None]:
    """What ``taghtia run`` was given, or the demo; with why the files given could not be
    read (a :class:`loaders.messages.Message` or text; None when they were or when none
    was given), the demo being shown then. Read once per process, failure included."""
    try:
        return sources.files_or_demo(), None
    except TaghtiaError as error:
        return sources.demo(), error.message or str(error)


def files_problem() -> object | None:
    """Why the files ``taghtia run`` was given could not be read (None when they were, or
    when it was given none); the page header says it (the demo is shown meanwhile)."""
    return _files_or_demo()[1]


@st.cache_resource(show_spinner="…", max_entries=4)
def _stored(url: str, name: str, number: int) -> datasets.Dataset:
    """A stored version, read once per process (versions never change once stored), its
    centres carrying their partner ids with the version's confirmed merges."""
    return datasets.with_partner_decisions(sources.from_store(format_ref(name, number)))


@st.cache_resource(show_spinner="…", max_entries=2)
def _registry(url: str, token: str) -> datasets.Dataset:
    """The registry of one composition (``token``: which version supplies which province),
    read once per process."""
    return sources.from_registry()


def stored(ref: str) -> datasets.Dataset:
    """Stored dataset ``NAME`` (its version in force now) or ``NAME@VERSION``.

    Raises
    ------
    dashboard.store.StoreError
        Unknown dataset or version, or the store cannot be reached.
    """
    from dashboard.store import database_url, open_store, parse_ref
    from dashboard.store.names import REGISTRY

    name, number = parse_ref(ref)
    if name == REGISTRY and number is None:
        from dashboard.store.registry import token

        # one small query: follows every import, roll back and deletion of a territory
        return _registry(database_url(), token(open_store().registry()))
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
    ref = session.current().dataset
    try:
        ref = ref or sources.start_ref()
        if ref:
            found = stored(ref)
            st.session_state.pop(PROBLEM_KEY, None)
            return found
    except TaghtiaError as error:  # shown by the page header; the default data is shown
        st.session_state[PROBLEM_KEY] = error.message or str(error)  # translated when shown
    return _files_or_demo()[0]


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
def _indicators(token: str, level: str, within: str | None, filters: Filters, demand: str,
                _data: datasets.Dataset) -> pd.DataFrame:
    return _kept(_data, "indicators", (level, within, filters, demand), lambda: compute_indicators(
        _data.centres_frame, _data.funding_frame, level=level, within=within, filters=filters,
        demand=demand), filters)


def indicators(level: str, within: str | None, filters: Filters,
               demand: str = DEFAULT_DEMAND) -> pd.DataFrame:
    """Indicator table of the session's dataset (cached per dataset, level, territory, filters
    and the demand group behind ``places_per_1000``, :data:`dashboard.choices.DEMAND_GROUPS`)."""
    data = dataset()
    return _indicators(data.token, level, within, filters, demand, data)


@st.cache_data(show_spinner=False, max_entries=32, ttl=CACHE_TTL_S)
def _trend(token: str, within: str | None, filters: Filters, _data: datasets.Dataset):
    from dashboard.reports.service_content import trend_table

    return _kept(_data, "trend", (within, filters), lambda: trend_table(
        _data.centres_frame, _data.funding_frame, within, filters), filters)


def _kept(data: datasets.Dataset, name: str, key: tuple, compute: Callable[[], T],
          filters: Filters | None = None) -> T:
    """``compute()``, kept on disk between starts (:func:`dashboard.disk_cache.remembered`)
    for the demo and stored datasets, whose token names their content, when the value does
    not depend on the session's partner merges (no partner filter); computed for an upload.
    A server's start then reads the default view's figures instead of computing them."""
    if (data.is_demo or data.stored) and (filters is None or filters.partners is None):
        return remembered(name, (data.token, *key), compute)
    return compute()


def trend(within: str | None, filters: Filters):  # -> (pandas.DataFrame, int) or None
    """The territory's communes covered year by year since the first year with data, and the
    year the opening years run out (:func:`~dashboard.reports.service_content.trend_table`);
    ``filters.as_of`` is not looked at."""
    from dataclasses import replace

    data = dataset()
    return _trend(data.token, within, replace(filters, as_of=None), data)


def opening_years() -> tuple[int, int] | None:
    """First and last opening years of the session's registry (None when none is known)."""
    from dashboard.calc.trend import registry_years

    return registry_years(dataset().centres_frame)


MARKERS_AT_MOST = 5_000
"""Above this many centres in a territory, its maps show one marker per commune with the
number of centres there (a 400,000-centre registry would otherwise send tens of MB)."""


@st.cache_resource(show_spinner=False, max_entries=12, ttl=CACHE_TTL_S)
def _centre_file(token: str, within: str | None, lang: str, _data: datasets.Dataset
                 ) -> tuple[map_files.PointLayer, np.ndarray] | None:
    """Every centre of a territory whatever the filters, as a static file the browser fetches
    once (:func:`dashboard.app.maps.point_layer`), and their rows in the dataset's centres
    frame; None above :data:`MARKERS_AT_MOST` centres. One per dataset, territory and
    language; filters only pick which of them are drawn (:class:`dashboard.app.maps.Markers`).
    Kept on disk between starts for the demo and stored datasets (not for an upload)."""
    found = _kept(_data, "centres", (within, lang), lambda: _centres_of(_data, within, lang))
    if found is not None:
        found[0].save()
    return found


def _centres_of(data: datasets.Dataset, within: str | None, lang: str
                ) -> tuple[map_files.PointLayer, np.ndarray] | None:
    frame = data.centres_frame
    anchors = reference.commune_anchors()
    inside = is_member(frame["commune_code"], reference.communes(within)["code"])
    if "latitude" in frame.columns and "longitude" in frame.columns:
        placed = (frame["latitude"].notna() & frame["longitude"].notna()).to_numpy()
    else:
        placed = np.zeros(len(frame), dtype=bool)
    drawable = inside & (placed | is_member(frame["commune_code"], anchors))
    rows = np.flatnonzero(drawable)
    if len(rows) > MARKERS_AT_MOST:
        return None
    points = view.centre_points(frame.iloc[rows], lang, reference.communes(within), anchors)
    layer = map_files.point_layer(points, f"centres-{within or 'MA'}-{lang}")
    if len(layer.points) != len(rows):  # a position that is not a number: drawn inline
        return None
    return layer, rows


def _commune_markers(centres: pd.DataFrame, within: str | None, lang: str) -> list:
    """One marker per commune with counted centres, at its representative point, saying how
    many (for territories above :data:`MARKERS_AT_MOST` centres)."""
    counts = centres["commune_code"].value_counts()
    names = reference.communes(within).set_index("code")
    anchors = reference.commune_anchors()
    label = t("Centres", lang)
    points = []
    for code, count in counts.items():
        if code not in anchors or code not in names.index:
            continue
        row = names.loc[code]
        points.append(map_files.Point(*anchors[code], i18n.unit_name(
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
    return map_files.Markers(layer, counted_mask(data.centres_frame, filters)[rows])


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
    boundaries, bounds = reference.geometry("commune", within)
    points, cluster = centre_layer(within, filters, lang)
    return view.coverage_spec(reference.communes(within), view.covered_series(table),
                              boundaries, bounds, lang, points=points, cluster=cluster,
                              context=reference.context(within),
                              centres_per_commune=table.set_index("code")["centres"])


def centres_within(within: str | None, filters: Filters) -> pd.DataFrame:
    """Counted centres of the session's dataset lying in a territory."""
    return _counted_within(dataset(), within, filters)


def _counted_within(data: datasets.Dataset, within: str | None,
                    filters: Filters) -> pd.DataFrame:
    return _counted_in(data.centres_frame, within, filters)


def _counted_in(centres: pd.DataFrame, within: str | None, filters: Filters) -> pd.DataFrame:
    """The rows of ``centres`` counted under ``filters`` whose commune lies in ``within``,
    selected at once (not the counted centres copied, then those inside copied again)."""
    from dashboard.calc.indicators import counted_mask

    inside = is_member(centres["commune_code"], reference.communes(within)["code"])
    return centres[counted_mask(centres, filters) & inside]


@st.cache_resource(show_spinner=False, max_entries=16, ttl=CACHE_TTL_S)
def _centre_names(token: str, within: str | None, filters: Filters,
                  _data: datasets.Dataset) -> dict[str, str]:
    centres = _counted_within(_data, within, filters)
    return dict(zip(centres["centre_id"].astype(str).tolist(),
                    centres["name"].astype(str).tolist(), strict=True))


def centre_names(within: str | None, filters: Filters) -> dict[str, str]:
    """Centre id -> name of the counted centres of a territory (:func:`centres_within`),
    one dictionary per dataset, territory and filters, shared by the sessions: read it,
    never change it (the planning scenario lists them on every rerun)."""
    data = dataset()
    return _centre_names(data.token, within, filters, data)


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
    from dashboard.reports.province_sources import PROVINCES_KEY

    return build_deck(_data.centres_frame, _data.funding_frame, within, lang, filters,
                      dataset_label=None if _data.is_demo else _data.name,
                      illustrative=_data.is_demo,
                      extras=None if _data.provinces is None else {
                          PROVINCES_KEY: _data.provinces})


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
                      filters: Filters, places: int | None = None) -> pd.DataFrame:
    from dashboard.calc.location import with_scenario

    hypothetical, switched_off = scenario
    return with_scenario(data.centres_frame, hypothetical, switched_off, filters, places)


@st.cache_data(show_spinner=False, max_entries=32, ttl=CACHE_TTL_S)
def _access(token: str, within: str | None, filters: Filters, radius_km: float, group: str,
            scenario: tuple, method: str, supply: str, places: int | None,
            _data: datasets.Dataset) -> pd.DataFrame:
    from dashboard.calc.access import accessibility

    return accessibility(_scenario_centres(_data, scenario, filters, places), within, filters,
                         radius_km=radius_km, demand=group, method=method, supply=supply)


def access_table(within: str | None, filters: Filters, radius_km: float, group: str,
                 scenario: tuple = ((), ()), method: str = "2sfca", supply: str = "centres",
                 places: int | None = None) -> pd.DataFrame:
    """:func:`dashboard.calc.access.accessibility` of the session's dataset, in a what-if
    ``scenario`` = (hypothetical commune codes, switched-off centre ids); counted in
    ``supply`` (centres, services or places: then each hypothetical centre has ``places``)."""
    data = dataset()
    places = places if supply == "capacity" else None
    return _access(data.token, within, filters, radius_km, group, scenario, method, supply,
                   places, data)


@st.cache_data(show_spinner="…", max_entries=16, ttl=CACHE_TTL_S)
def _plan(token: str, within: str | None, filters: Filters, add: int, radius_km: float,
          group: str, candidates: str, scenario: tuple, places: int | None,
          _data: datasets.Dataset):
    from dashboard.calc.location import plan_sites

    return plan_sites(_scenario_centres(_data, scenario, filters, places), within, filters,
                      add=add, radius_km=radius_km, demand=group, candidates=candidates,
                      places=places)


def plan(within: str | None, filters: Filters, add: int, radius_km: float, group: str,
         candidates: str, scenario: tuple = ((), ()), places: int | None = None):
    """:func:`dashboard.calc.location.plan_sites` of the session's dataset and scenario;
    with ``places``, every centre serves at most its places (new and hypothetical ones
    ``places`` each)."""
    data = dataset()
    return _plan(data.token, within, filters, add, radius_km, group, candidates, scenario,
                 places, data)


def capacity_unknown(within: str | None, filters: Filters, scenario: tuple = ((), ()),
                     places: int | None = None) -> pd.DataFrame:
    """Counted centres of a territory (in a what-if scenario) that report no capacity, with
    the row of the registry file they come from (``row``, when the loaders kept it)."""
    from dashboard.calc.access import capacity_unknown as unknown_of

    data = dataset()
    centres = _scenario_centres(data, scenario, filters, places)
    unknown = unknown_of(centres, within, filters)
    if "row" in centres.columns:
        ids = centres["centre_id"].astype(str)
        rows = pd.Series(centres["row"].to_numpy(), index=ids)
        rows = rows[~rows.index.duplicated()]
        unknown.insert(0, "row", unknown["centre_id"].map(rows).to_numpy())
    return unknown


def scenario_centres_within(within: str | None, filters: Filters,
                            scenario: tuple = ((), ()), places: int | None = None
                            ) -> pd.DataFrame:
    """Counted centres of a territory in a what-if scenario (hypothetical ones included, of
    ``places`` places each when given)."""
    return _counted_in(_scenario_centres(dataset(), scenario, filters, places), within, filters)


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
    return view.centre_points(centres, lang, reference.communes(within),
                              reference.commune_anchors())


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


# --------------------------------------------------------------------------------------------
# Partners (dashboard.calc.partners, dashboard.calc.three_w)
# --------------------------------------------------------------------------------------------


def partner_decisions():  # -> loaders.partners.PartnerDecisions
    """The partners map of the session's dataset (a stored version's review decisions)."""
    from dashboard.store.partners_map import decisions_of

    return decisions_of(dataset().inputs.options)


@st.cache_data(show_spinner=False, max_entries=64, ttl=CACHE_TTL_S)
def _partners(token: str, name: str, within: str | None, filters: Filters,
              _data: datasets.Dataset) -> pd.DataFrame:
    from dashboard.calc import partners, three_w
    from dashboard.store.partners_map import decisions_of
    from loaders.partners import with_partner_ids

    decisions = decisions_of(_data.inputs.options)
    centres = with_partner_ids(_data.centres_frame, decisions)
    if name == "table":
        return partners.partner_table(centres, _data.funding_frame, within, filters)
    if name == "review":
        return partners.duplicate_review(centres, within, decisions)
    if name == "options":
        return partners.partner_options(centres)
    if name == "centres":
        return partners.partner_centres(centres, within)
    if name == "overlaps":
        return three_w.overlaps(_partners(token, "three_w", within, filters, _data))
    return three_w.three_w(centres, within)


@st.cache_resource(show_spinner=False, max_entries=8, ttl=CACHE_TTL_S)
def _partner_names(token: str, _data: datasets.Dataset) -> dict[str, str]:
    options = _partners(token, "options", None, Filters(statuses=None), _data)
    return dict(zip(options["partner_id"].tolist(), options["name"].tolist(), strict=True))


def partner_names() -> dict[str, str]:
    """Partner id -> name of every partner of the session's dataset, in the ``options``
    table's order (the sidebar's partner filter, the chips). One dictionary per dataset,
    shared by the sessions (read it, never change it): every rerun draws the filter, and
    copying the options table out of the data cache then reading its 2,000 rows took a
    tenth of a rerun."""
    data = dataset()
    return _partner_names(data.token, data)


def partners(name: str, within: str | None = None, filters: Filters | None = None
             ) -> pd.DataFrame:
    """A partners table of the session's dataset: ``table`` (one row per partner),
    ``review`` (likely duplicates), ``options`` (every partner, for the filter), ``centres``
    (centres with a partner), ``three_w`` (partner x type x commune) or ``overlaps`` (the
    communes where two partners run centres of one type, from the ``three_w``).

    The ``table`` reads only the funding's years and sources of ``filters``: it is cached
    on those, so a change of centre type or status finds it ready."""
    data = dataset()
    filters = filters or Filters(statuses=None)
    if name == "table":
        filters = Filters(statuses=None, years=filters.years, sources=filters.sources)
    return _partners(data.token, name, within, filters, data)
