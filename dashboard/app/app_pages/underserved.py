"""Underserved: communes without a centre, ranked by population, need and distance."""

import pandas as pd
import streamlit as st

from dashboard import i18n
from dashboard.app import cache, map_panel, reference, tables, ui, view
from dashboard.app.maps import LegendEntry
from dashboard.app.state import KINDS, filters_of
from dashboard.i18n import t

state, lang, name = ui.header("underserved.title")
filters = filters_of(state)
ui.keyed_radio(st, "underserved.kind", t("underserved.kind", lang), list(KINDS), state.kind,
               lambda v: t("underserved.kind_all", lang) if v == "all" else t(f"kind.{v}", lang)
               + ("s" if lang == "fr" else ""), field="kind")

table = cache.underserved(state.territory, filters)
if state.kind != "all":
    table = table[table["kind"] == state.kind]
st.markdown("**" + t("underserved.count", lang, count=i18n.number(len(table), lang),
                     population=i18n.number(table["population_2024"].sum(), lang)) + "**")

communes = reference.communes(state.territory)
geometry, bounds = reference.geometry("commune", state.territory)
ranked = communes.merge(table[["code", "priority_rank", "priority_score", "distance_km",
                               "need_score"]], on="code", how="left")
spec = view.choropleth_spec(
    ranked, "priority_score", geometry, bounds, lang, scheme="quantiles", k=5,
    title=t("col.priority_score", lang), note=t("underserved.note", lang),
    extra_columns=("priority_rank", "population_2024", "distance_km", "need_score"),
    points=cache.centre_points(state.territory, filters, lang),
    cluster=False, context=reference.context(state.territory))  # groups would hide the communes
spec.legend_entries = [e for e in spec.legend_entries if e.colour != "#d9d9d9"] + [
    LegendEntry("#d9d9d9", t("underserved.map_other", lang))]
map_panel.show_map(spec, key="underserved.map", drill=False)

shown = pd.DataFrame({
    t("col.priority_rank", lang): table["priority_rank"].to_numpy(),
    t("col.name", lang): i18n.unit_names(table, lang),
    t("col.population_2024", lang): table["population_2024"].to_numpy(),
    t("col.distance_km", lang): table["distance_km"].to_numpy(),
    t("col.need_score", lang): table["need_score"].to_numpy(),
    t("col.kind", lang): [t(f"kind.{k}", lang) for k in table["kind"]],
    t("col.province", lang): table["province_name_ar" if lang == "ar" else
                                   "province_name_fr"].to_numpy(),
    t("col.code", lang): table["code"].to_numpy(),
})
tables.show_table(shown, f"taghtia-underserved-{state.territory or 'maroc'}",
                  collapse_above=tables.TABLE_ROWS_SHOWN)
