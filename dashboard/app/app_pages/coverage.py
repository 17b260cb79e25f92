"""Coverage: communes covered or not (urban / rural), coverage rates, places per 1,000 or
occupancy, today or as of a year; the trend of communes covered and the Centres table."""

import streamlit as st

from dashboard.app import cache, map_panel, reference, service_panel, tables, ui, view
from dashboard.app.export_names import current_stem
from dashboard.app.service_view import places_label
from dashboard.app.state import filters_of
from dashboard.i18n import N_, t
from dashboard.i18n.labels import COLUMNS, COVERAGE_RATES, COVERAGE_VIEWS, LEVELS, label_of

state, lang, name = ui.header(N_("Coverage — {name}"))
terr = reference.territories()
filters = filters_of(state)
territory_level = terr.level_of(state.territory)
levels = view.lower_levels(territory_level)
views = ["communes", "rate"] if levels else ["communes"]
shown_view = state.view if state.view in views else "communes"

top = st.columns([3, 2])
measure = service_panel.measure_control(top[0], state, lang)
service_panel.year_control(top[1], state, lang)
if measure != "covered" and not levels:
    measure = "covered"  # a commune has no units below it to colour
controls = st.columns(3)
if measure == "covered":
    ui.keyed_radio(controls[0], "coverage.view", t("Show", lang), views, shown_view,
                   lambda v: label_of(COVERAGE_VIEWS, v, lang), field="view")
level = view.coverage_level(territory_level, state.level) if levels else "commune"
if measure != "covered" or shown_view == "rate":
    ui.keyed_radio(controls[1], "coverage.level", t("Level", lang), levels, level,
                   lambda v: label_of(LEVELS, v, lang), field="level")
if measure == "covered" and shown_view == "rate":
    ui.keyed_radio(controls[2], "coverage.rate", t("Rate", lang),
                   ["all", "urban", "rural"], state.rate,
                   lambda v: label_of(COVERAGE_RATES, v, lang), field="rate")

left, right = st.columns([3, 2])
drill = True
if measure != "covered":
    demand = service_panel.demand_of(measure, state)
    table = cache.indicators(level, state.territory, filters, demand)
    spec = service_panel.measure_spec(measure, level, state, filters, lang)
    columns = ["centres", "capacity", "capacity_unknown", "places_per_1000", "beneficiaries",
               "occupancy", "over_capacity"]
    shown = view.display_table(table, columns, lang).rename(columns={
        label_of(COLUMNS, "places_per_1000", lang): places_label(demand, lang)})
elif shown_view == "communes":
    table = cache.indicators("commune", state.territory, filters)
    spec = service_panel.dated(cache.coverage_map(state.territory, filters, lang),
                               table.sum(numeric_only=True), state, lang)
    shown = view.commune_coverage_table(table, reference.communes(state.territory), lang)
    drill = False
else:
    points, cluster = cache.centre_layer(state.territory, filters, lang)
    table = cache.indicators(level, state.territory, filters)
    column = "coverage_rate" if state.rate == "all" else f"coverage_rate_{state.rate}"
    geometry, bounds = reference.geometry(level, state.territory)
    spec = service_panel.dated(view.choropleth_spec(
        table, column, geometry, bounds, lang, scheme="equal_interval", k=5,
        title=t("Coverage rate ({which})", lang, which=label_of(COVERAGE_RATES, state.rate, lang)),
        note=t("Share of communes with at least one centre.",
               lang), points=points, cluster=cluster, context=reference.context(state.territory),
        extra_columns=("communes_total", "communes_covered", "centres", "services")),
        table.sum(numeric_only=True), state, lang)
    shown = view.display_table(table, view.COVERAGE_TABLE_COLUMNS, lang)
with left:
    map_panel.show_map(spec, key="coverage.map", drill=drill)
# rates by unit (urban beside rural) take the page's width below the map: beside it they
# would scroll sideways at 1400 px
rates = measure == "covered" and shown_view == "rate"
tables.show_table(shown, current_stem("coverage"), height=None if rates else spec.height,
                  collapse_above=tables.TABLE_ROWS_SHOWN, container=None if rates else right)
service_panel.as_of_caption(table.sum(numeric_only=True), state, lang)
service_panel.trend_panel(state, filters, lang)
service_panel.centres_panel(state, filters, lang)
