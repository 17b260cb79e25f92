"""Underserved: communes without a centre, ranked by population, need and distance."""

import pandas as pd
import streamlit as st

from dashboard import i18n
from dashboard.app import cache, map_panel, reference, tables, ui, view
from dashboard.app.export_names import current_stem
from dashboard.app.maps import LegendEntry
from dashboard.app.state import KINDS, filters_of
from dashboard.i18n import N_, t, tn
from dashboard.i18n.labels import COMMUNE_FILTER, COMMUNE_KINDS, label_of
from dashboard.reports.palette import NO_DATA_COLOUR

state, lang, name = ui.header(N_("Communes without a centre — {name}"))
filters = filters_of(state)
ui.keyed_radio(st, "underserved.kind", t("Communes", lang), list(KINDS), state.kind,
               lambda v: label_of(COMMUNE_FILTER, v, lang), field="kind")

table = cache.underserved(state.territory, filters)
if state.kind != "all":
    table = table[table["kind"] == state.kind]
st.markdown("**" + tn("{count} commune without a centre, {population} inhabitants.",
                      "{count} communes without a centre, {population} inhabitants.",
                      len(table), lang, count=i18n.number(len(table), lang),
                      population=i18n.number(table["population_2024"].sum(), lang)) + "**")

communes = reference.communes(state.territory)
geometry, bounds = reference.geometry("commune", state.territory)
ranked = communes.merge(table[["code", "priority_rank", "priority_score", "distance_km",
                               "need_score"]], on="code", how="left")
spec = view.choropleth_spec(
    ranked, "priority_score", geometry, bounds, lang, scheme="quantiles", k=5,
    title=t("Priority score", lang), note=t("Ranking: population and need (RGPH 2024).", lang),
    extra_columns=("priority_rank", "population_2024", "distance_km", "need_score"),
    points=cache.centre_points(state.territory, filters, lang),
    cluster=False, context=reference.context(state.territory))  # groups would hide the communes
spec.legend_entries = [e for e in spec.legend_entries if e.colour != NO_DATA_COLOUR] + [
    LegendEntry(NO_DATA_COLOUR, t("Commune with a centre", lang))]
map_panel.show_map(spec, key="underserved.map", drill=False)

shown = pd.DataFrame({
    t("Priority rank", lang): table["priority_rank"].to_numpy(),
    t("Name", lang): i18n.unit_names(table, lang),
    t("Population 2024", lang): table["population_2024"].to_numpy(),
    t("Distance to nearest centre (km)", lang): table["distance_km"].to_numpy(),
    t("Need score", lang): table["need_score"].to_numpy(),
    t("Commune type", lang): [label_of(COMMUNE_KINDS, k, lang) for k in table["kind"]],
    t("Province", lang): table["province_name_ar" if lang == "ar" else
                                   "province_name_fr"].to_numpy(),
    t("Code", lang): table["code"].to_numpy(),
})
tables.show_table(shown, current_stem("underserved"),
                  collapse_above=tables.TABLE_ROWS_SHOWN)
