"""The app's controls and panels for places, occupancy and time (Coverage, Overview,
Services): the measure switch, the year control, the measure map, the trend chart and the
Centres table. The figures come from :mod:`dashboard.app.data` (cached), the words and
charts from :mod:`dashboard.app.service_view`."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from dashboard import i18n
from dashboard.app import cache, reference, session, tables, ui, view
from dashboard.app.export_names import current_stem
from dashboard.app.service_view import (
    MEASURE_LABELS,
    MEASURE_SCHEMES,
    as_of_line,
    centres_table,
    flag_counts,
    measure_words,
    trend_chart,
    year_label,
)
from dashboard.app.state import MEASURES, PLAN_GROUPS, ViewState
from dashboard.calc.indicators import Filters
from dashboard.choices import DEFAULT_DEMAND
from dashboard.i18n import t
from dashboard.i18n.labels import COLUMNS, DEMAND_GROUPS, label_of

TODAY = 0
"""The year control's option for today's network."""


def measure_control(container, state: ViewState, lang: str) -> str:
    """The measure switch (covered or not / places per 1,000 / occupancy), and for places
    per 1,000 the group they are counted for (all inhabitants by default); the measure shown."""
    ui.keyed_radio(container, "service.measure", t("Measure", lang), list(MEASURES),
                   state.measure, lambda m: t(MEASURE_LABELS[m], lang), field="measure")
    measure = session.current().measure
    if measure == "places_per_1000":
        ui.keyed_select(container, "service.demand", t("Target group", lang),
                        list(PLAN_GROUPS), state.demand,
                        lambda g: label_of(DEMAND_GROUPS, g, lang), field="demand")
    return measure


def demand_of(measure: str, state: ViewState) -> str:
    """The demand group behind ``measure`` (the chosen one for places per 1,000, else all
    inhabitants, which the other measures do not depend on)."""
    return state.demand if measure == "places_per_1000" else DEFAULT_DEMAND


def year_control(container, state: ViewState, lang: str) -> None:
    """The year control: "today" or the network as of a year since the first opening year."""
    years = cache.opening_years()
    if years is None:
        return
    last = dt.date.today().year
    options = [*range(min(years[0], last), last + 1), TODAY]
    key = session.scoped("service.as_of")
    wanted = TODAY if state.as_of is None else state.as_of
    if st.session_state.get(key) not in options or st.session_state.get(key) != wanted:
        st.session_state[key] = wanted if wanted in options else TODAY

    def on_change() -> None:
        chosen = st.session_state[key]
        session.update(as_of=None if chosen == TODAY else int(chosen))

    container.select_slider(t("Network", lang), options, key=key, on_change=on_change,
                            format_func=lambda y: year_label(None if y == TODAY else y, lang))


def as_of_caption(headline, state: ViewState, lang: str) -> None:
    """Which year the figures describe and how many centres were left out of it."""
    line = as_of_line(headline, state.as_of, lang)
    if line:
        st.caption(line)


def measure_spec(measure: str, level: str, state: ViewState, filters: Filters, lang: str):
    """The map of ``measure`` per unit of ``level`` in the territory, classed, its unit under
    the legend (places per 1,000 of the chosen group), the centres on top; the title says the
    year."""
    demand = demand_of(measure, state)
    table = cache.indicators(level, state.territory, filters, demand)
    geometry, bounds = reference.geometry(level, state.territory)
    points, cluster = cache.centre_layer(state.territory, filters, lang)
    scheme, k = MEASURE_SCHEMES[measure]
    label, note = measure_words(measure, demand, lang)
    title = f"{label} ({label_of(COLUMNS, level, lang).lower()})"
    if state.as_of is not None:
        title = t("{title} — as of {year}", lang, title=title, year=state.as_of)
    left_out = as_of_line(table.sum(numeric_only=True), state.as_of, lang)
    spec = view.choropleth_spec(
        table, measure, geometry, bounds, lang, scheme=scheme, k=k, title=title,
        note=f"{left_out} {note}".strip(), points=points, cluster=cluster,
        context=reference.context(state.territory),
        extra_columns=("capacity", "beneficiaries", "centres", "occupancy"))
    return replace(spec, labels=(label, *spec.labels[1:]))  # the tooltip names the group


def trend_panel(state: ViewState, filters: Filters, lang: str) -> None:
    """The chart of the communes covered, urban and rural, year by year."""
    found = cache.trend(state.territory, filters)
    st.markdown("**" + t("Communes covered, year by year", lang) + "**")
    if found is None:
        st.caption(t("No centre has an opening year: the network cannot be placed in time.",
                     lang))
        return
    table, run_out = found
    st.vega_lite_chart(trend_chart(table, run_out, lang), width="stretch")
    left_out = int(table["centres_no_opening_year"].iloc[-1])
    if left_out:
        st.caption(t("Centres without an opening year, left out: {count}.", lang,
                     count=i18n.number(left_out, lang)))


def centres_panel(state: ViewState, filters: Filters, lang: str) -> None:
    """The Centres table of the territory: sortable, flagged, with its downloads."""
    centres = cache.centres_within(state.territory, filters)
    st.header(t("Centres", lang))
    over, under = flag_counts(centres)
    st.caption(t("{over} over capacity (more people reached than places), {under} under-used "
                 "(occupancy below 50 %).", lang, over=i18n.number(over, lang),
                 under=i18n.number(under, lang)))
    tables.show_table(centres_table(centres, reference.communes(state.territory), lang),
                      current_stem("coverage", "centres"), what=t("Centres", lang),
                      collapse_above=tables.TABLE_ROWS_SHOWN, toggle_key="service.centres.open")


def dated(spec, headline, state: ViewState, lang: str):
    """``spec`` whose legend title says the year and whose note says how many centres were
    left out of it (``spec`` itself for today's network)."""
    if state.as_of is None:
        return spec
    return replace(spec, legend_title=t("{title} — as of {year}", lang, title=spec.legend_title,
                                        year=state.as_of),
                   legend_note=f"{as_of_line(headline, state.as_of, lang)} {spec.legend_note}")
