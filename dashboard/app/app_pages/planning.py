"""Planning: who can reach a centre (2SFCA), where the next centres should go (MCLP), what if."""

import streamlit as st

from dashboard import i18n
from dashboard.app import cache, map_panel, planning_sites, planning_view, reference, tables, ui
from dashboard.app.export_names import current_stem
from dashboard.app.state import (
    PLAN_GROUPS,
    PLAN_RADII,
    PLAN_SHADES,
    PLAN_SUPPLIES,
    PLAN_TYPES,
    filters_of,
)
from dashboard.i18n import N_, t
from dashboard.i18n.labels import SHADE_NAMES, SUPPLIES, label_of
from loaders.vocabulary import CENTRE_TYPES

state, lang, name = ui.header(N_("Planning — {name}"))
filters = planning_view.planning_filters(filters_of(state), state.centre_type)
# the centre type's widest choice, "all (sidebar filters)", read whole at 1400 px
controls = st.columns([4, 2, 2, 3, 2])
ui.keyed_select(controls[0], "planning.type", t("Centre type", lang), list(PLAN_TYPES),
                state.centre_type, lambda v: t("all (sidebar filters)", lang) if v == "all"
                else i18n.term_label(CENTRE_TYPES, v, lang), field="centre_type")
ui.keyed_select(controls[1], "planning.group", t("Target group", lang), list(PLAN_GROUPS),
                state.group, lambda v: planning_view.group_label(v, lang), field="group")
ui.keyed_select(controls[2], "planning.radius", t("Radius (road km, estimated)", lang),
                list(PLAN_RADII),
                state.radius, lambda v: t("{value} km", lang, value=v),
                field="radius")
ui.keyed_radio(controls[3], "planning.shade", t("Map colour", lang), list(PLAN_SHADES),
               state.shade, lambda v: label_of(SHADE_NAMES, v, lang), field="shade")
ui.keyed_radio(controls[4], "planning.supply", t("Supply counted", lang), list(PLAN_SUPPLIES),
               state.supply, lambda v: label_of(SUPPLIES, v, lang), field="supply")
in_places = state.supply == "capacity"
places = state.places if in_places else None  # of each new or hypothetical centre

baseline = cache.access_table(state.territory, filters, state.radius, state.group,
                              supply=state.supply, places=places)
with st.expander(t("What if… add or close centres (scenario)", lang),
                 expanded=bool(state.hypothetical
                                                           or state.switched_off)):
    names = reference.commune_names(state.territory, lang)
    ui.keyed_multiselect(st, "planning.hypothetical", t("Hypothetical centre in the commune", lang),
                         list(names), state.hypothetical,
                         lambda c: f"{names.get(c, c)} ({c})", field="hypothetical",
                         placeholder=t("Type or pick communes", lang))
    centre_names = cache.centre_names(state.territory, filters)
    ui.keyed_multiselect(st, "planning.switched_off", t("Existing centres switched off", lang),
                         list(centre_names), state.switched_off,
                         lambda c: f"{centre_names.get(c, c)} ({c})", field="switched_off",
                         placeholder=t("Type or pick centres", lang))
    if in_places:
        st.caption(t("Each hypothetical centre has {places} places (places per new centre, "
                     "below).", lang, places=i18n.number(state.places, lang)))
scenario = (tuple(c for c in state.hypothetical or () if c in names),
            tuple(c for c in state.switched_off or () if c in centre_names))
method = "e2sfca" if state.shade == "e2sfca" else "2sfca"
table = baseline if method == "2sfca" and not any(scenario) else cache.access_table(
    state.territory, filters, state.radius, state.group, scenario, method=method,
    supply=state.supply, places=places)

served, total = table.loc[table["served"], "demand"].sum(), table["demand"].sum()
was = baseline.loc[baseline["served"], "demand"].sum()
counted = cache.scenario_centres_within(state.territory, filters, scenario, places)
cards = st.columns(4 if in_places else 3)
cards[0].metric(t("Communes served (≤ {radius} km)", lang, radius=state.radius),
                t("{count} of {total}", lang, count=i18n.number(table["served"].sum(), lang),
                  total=i18n.number(len(table), lang)))
group_name = planning_view.group_label(state.group, lang)
cards[1].metric(t("Within reach of a centre: {group}", lang, group=group_name) if in_places
                else t("Served: {group}", lang, group=group_name),
                planning_view.served_share(served, total, lang),
                delta=i18n.number(served - was, lang) if any(scenario) else None)
cards[2].metric(t("Centres counted", lang), i18n.number(len(counted), lang))
if in_places:  # what the centres offer, against the people within their reach
    cards[3].metric(t("Places counted", lang), i18n.number(
        planning_view.places_counted(counted), lang))

geometry, bounds = reference.geometry("commune", state.territory)
context, cluster = reference.context(state.territory), state.territory is None
points = cache.scenario_centre_points(state.territory, filters, lang, scenario)
map_panel.show_map(planning_view.access_spec(table, state.shade, geometry, bounds, lang,
                                             radius_km=state.radius, group=state.group,
                                             points=points, cluster=cluster, context=context,
                                             supply=state.supply),
                   key="planning.map", drill=False)
if in_places:  # the centres counted without places, for a delegate to fix in the file
    unknown = cache.capacity_unknown(state.territory, filters, scenario, places)
    if unknown.empty:
        st.caption(t("Every counted centre reports its capacity (places).", lang))
    else:
        st.warning(t("{count} counted centres report no capacity: they supply no places here.",
                     lang, count=i18n.number(len(unknown), lang)))
        with st.expander(t("Centres without a capacity ({count})", lang,
                           count=i18n.number(len(unknown), lang))):
            tables.show_table(planning_view.capacity_unknown_table(unknown, lang),
                              current_stem("planning", "capacity-unknown"),
                              what=t("Centres without a capacity ({count})", lang,
                                     count=i18n.number(len(unknown), lang)))
            st.page_link("app_pages/data.py", label=t("Fix them in the file: the Data page's "
                                                      "row-by-row report", lang),
                         query_params=st.query_params.to_dict(), icon=":material/table:")

planning_sites.show_sites(state, lang, filters, scenario, places)
