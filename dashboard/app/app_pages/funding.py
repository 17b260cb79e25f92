"""Funding density: per inhabitant, per km², per centre; class breaks; urban vs rural; Lorenz."""

import pandas as pd
import streamlit as st

from dashboard import i18n
from dashboard.app import cache, charts, map_panel, reference, tables, ui, view
from dashboard.app.export_names import current_stem
from dashboard.app.state import FUNDING_METRICS, filters_of
from dashboard.calc.indicators import totals
from dashboard.i18n import N_, t
from dashboard.i18n.labels import COLUMNS, COMMUNE_KINDS, LEVELS, SCHEME_NAMES, label_of
from dashboard.reports.classes import SCHEMES
from loaders.vocabulary import FUNDING_SOURCES

state, lang, name = ui.header(N_("Funding density — {name}"))
terr = reference.territories()
filters = filters_of(state)
territory_level = terr.level_of(state.territory)
levels = [*view.lower_levels(territory_level), "commune"]

period = ui.years_filter()
if period is None:
    st.info(t("No funding is loaded: import a grants file (Data page) to see amounts per "
              "inhabitant, per km² and per centre.", lang))
    st.stop()
controls = st.columns(4)
ui.keyed_select(controls[0], "funding.metric", t("Indicator", lang), list(FUNDING_METRICS),
                state.metric, lambda v: label_of(COLUMNS, v, lang), field="metric")
ui.keyed_select(controls[1], "funding.scheme", t("Classes", lang), list(SCHEMES),
                state.scheme, lambda v: label_of(SCHEME_NAMES, v, lang), field="scheme")
ui.keyed_select(controls[2], "funding.k", t("Number of classes", lang), [3, 4, 5, 6, 7], state.k,
                str,
                field="k")
ui.keyed_select(controls[3], "funding.level", t("Map units", lang), levels,
                state.level if state.level in levels else levels[0],
                lambda v: label_of(LEVELS, v, lang), field="level")
level = state.level if state.level in levels else levels[0]

whole = cache.indicators(territory_level or "region", None if state.territory is None else
                         terr.units[state.territory].parent_code, filters)
total = totals(whole if state.territory is None else
                    whole[whole["code"] == state.territory])
years = view.years_label(period)
cards = st.columns(4)
cards[0].metric(t("Funding (MAD)", lang) + years,
                i18n.money(total["funding_mad"], lang, compact=True))
cards[1].metric(t("MAD per inhabitant", lang) + years,
                i18n.money(total["funding_per_capita_mad"], lang, 2))
cards[2].metric(t("MAD per km²", lang) + years,
                i18n.money(total["funding_mad"] / total["area_km2"], lang))
cards[3].metric(t("MAD per centre", lang) + years,
                i18n.money(total["funding_mad"] / total["centres"] if total["centres"] else None,
                           lang))

table = cache.indicators(level, state.territory, filters)
geometry, bounds = reference.geometry(level, state.territory)
spec = view.choropleth_spec(table, state.metric, geometry, bounds, lang, scheme=state.scheme,
                            k=state.k, title=label_of(COLUMNS, state.metric, lang) + years,
                            note=t("Grants located through their centre or commune.",
                                   lang), context=reference.context(state.territory),
                            extra_columns=("funding_mad", "population_2024", "centres"))
map_panel.show_map(spec, key="funding.map", drill=level != "commune")

left, right = st.columns(2)
with left:
    st.markdown("**" + t("Per inhabitant: urban and rural", lang) + "**")
    split = cache.breakdown("urban_rural_funding", state.territory, filters)
    kind_label, value_label = t("Commune type", lang), t("MAD per inhabitant", lang)
    frame = pd.DataFrame({kind_label: [label_of(COMMUNE_KINDS, k, lang) for k in split["kind"]],
                          value_label: split["funding_per_capita_mad"].to_numpy()})
    st.vega_lite_chart(charts.bars(frame, category=kind_label, value=value_label, lang=lang,
                                   digits=2), width="stretch")
    st.caption(" · ".join(f"{r[kind_label]} : {i18n.money(r[value_label], lang, 2)}"
                          for r in frame.to_dict("records")))
with right:
    from dashboard.calc.breakdowns import funding_equity

    equity = funding_equity(table)
    st.markdown("**" + t("Lorenz curve (per-inhabitant distribution)", lang) + "**")
    st.vega_lite_chart(charts.lorenz(equity.lorenz,
                                     x_title=t("Cumulative share of population", lang),
                                     y_title=t("Cumulative share of funding", lang),
                                     lang=lang), width="stretch")
    st.caption(t("Gini index: {value}", lang, value=i18n.number(equity.gini, lang, 2)))

st.markdown("**" + t("By source and year", lang) + "**")
by_source = cache.breakdown("funding_by_source", state.territory, filters)
by_year = cache.breakdown("funding_by_year", state.territory, filters)
cols = st.columns(2)
sources = pd.DataFrame({
    t("Source", lang): [i18n.term_label(FUNDING_SOURCES, k, lang) for k in by_source["source"]],
    t("Funding (MAD)", lang): by_source["funding_mad"].to_numpy(),
})
tables.show_table(sources, container=cols[0])
per_year = pd.DataFrame({t("Year", lang): by_year["year"].astype(str).to_numpy(),
                         t("Funding (MAD)", lang): by_year["funding_mad"].to_numpy()})
if len(per_year):
    cols[1].vega_lite_chart(charts.bars(per_year, category=t("Year", lang),
                                        value=t("Funding (MAD)", lang), lang=lang),
                            width="stretch")

shown = view.display_table(table, ["population_2024", "area_km2", "centres", "funding_mad",
                                   "funding_per_capita_mad", "funding_per_km2_mad",
                                   "funding_per_centre_mad"], lang)
tables.show_table(shown, current_stem("funding"))
