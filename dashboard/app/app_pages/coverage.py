"""Coverage: communes covered or not (urban / rural), or coverage rates; click to drill down."""

import streamlit as st

from dashboard.app import cache, map_panel, reference, tables, ui, view
from dashboard.app.state import filters_of
from dashboard.i18n import N_, t
from dashboard.i18n.labels import COVERAGE_RATES, COVERAGE_VIEWS, LEVELS, label_of

state, lang, name = ui.header(N_("Coverage — {name}"))
terr = reference.territories()
filters = filters_of(state)
territory_level = terr.level_of(state.territory)
views = ["communes", "rate"] if view.lower_levels(territory_level) else ["communes"]
shown_view = state.view if state.view in views else "communes"

controls = st.columns(3)
ui.keyed_radio(controls[0], "coverage.view", t("Show", lang), views, shown_view,
               lambda v: label_of(COVERAGE_VIEWS, v, lang), field="view")
if shown_view == "rate":
    levels = view.lower_levels(territory_level)
    level = view.coverage_level(territory_level, state.level)
    ui.keyed_radio(controls[1], "coverage.level", t("Level", lang), levels, level,
                   lambda v: label_of(LEVELS, v, lang), field="level")
    ui.keyed_radio(controls[2], "coverage.rate", t("Rate", lang),
                   ["all", "urban", "rural"], state.rate,
                   lambda v: label_of(COVERAGE_RATES, v, lang), field="rate")

left, right = st.columns([3, 2])
if shown_view == "communes":
    spec = cache.coverage_map(state.territory, filters, lang)
    table = cache.indicators("commune", state.territory, filters)
    shown = view.commune_coverage_table(table, reference.communes(state.territory), lang)
    drill = False
else:
    points, cluster = cache.centre_layer(state.territory, filters, lang)
    context = reference.context(state.territory)
    table = cache.indicators(level, state.territory, filters)
    column = "coverage_rate" if state.rate == "all" else f"coverage_rate_{state.rate}"
    geometry, bounds = reference.geometry(level, state.territory)
    spec = view.choropleth_spec(
        table, column, geometry, bounds, lang, scheme="equal_interval", k=5,
        title=t("Coverage rate ({which})", lang, which=label_of(COVERAGE_RATES, state.rate, lang)),
        note=t("Share of communes with at least one centre.",
               lang), points=points, cluster=cluster, context=context,
        extra_columns=("communes_total", "communes_covered", "centres", "services"))
    shown = view.display_table(table, ["communes_total", "communes_covered", "coverage_rate",
                                       "coverage_rate_urban", "coverage_rate_rural",
                                       "centres", "services"], lang)
    drill = True
with left:
    map_panel.show_map(spec, key="coverage.map", drill=drill)
tables.show_table(shown, f"taghtia-coverage-{state.territory or 'maroc'}", height=spec.height,
                  collapse_above=tables.TABLE_ROWS_SHOWN,
                  container=right)
