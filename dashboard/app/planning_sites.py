"""The Planning page's second part: where the next centres should go, solved when asked.

A plan (:func:`dashboard.app.cache.plan`, an exact maximal-covering solve: seconds for the
whole of Morocco) is made only when the planner presses "Propose sites"; the page keeps the
last one with its request, says when the filters or settings no longer match it, and draws
its map, its sites and their downloads.
"""

from __future__ import annotations

import streamlit as st

from dashboard.app import cache, map_panel, planning_view, reference, session, tables, ui
from dashboard.app.export_names import dated, export_stem
from dashboard.app.maps import MapSpec
from dashboard.app.state import PLAN_ADD_MAX, PLAN_CANDIDATES, PLAN_PLACES_MAX, ViewState
from dashboard.calc.indicators import Filters
from dashboard.calc.location import Plan, sites_geojson
from dashboard.i18n import t
from dashboard.i18n.labels import CANDIDATES, label_of

LAST_PLAN = "planning.last_plan"  # (PlanRequest, Plan or None): the plan last asked for
PLAN_MAP = "planning.plan_map"  # (Plan, (language, dataset token), MapSpec): its map


def plan_map(asked: planning_view.PlanRequest, plan: Plan, lang: str) -> MapSpec:
    """The map of the plan last asked for, in its territory with its centres; built once
    per plan, language and dataset, then drawn again as it is (a filter change, which
    does not change the plan, reruns the page without building it again)."""
    key = (lang, cache.dataset().token)
    memo = st.session_state.get(PLAN_MAP)
    if memo is not None and memo[0] is plan and memo[1] == key:
        return memo[2]
    geometry, bounds = reference.geometry("commune", asked.territory)
    centres = cache.scenario_centre_points(asked.territory, asked.filters, lang, asked.scenario)
    spec = planning_view.plan_spec(plan.communes, plan.sites, geometry, bounds, lang,
                                   radius_km=asked.radius_km, status=plan.summary["status"],
                                   centres=centres, cluster=asked.territory is None,
                                   context=reference.context(asked.territory),
                                   places=asked.places)
    st.session_state[PLAN_MAP] = (plan, key, spec)
    return spec


def show_sites(state: ViewState, lang: str, filters: Filters,
               scenario: tuple[tuple[str, ...], tuple[str, ...]], places: int | None) -> None:
    """The section "Where should the next centres go?": the plan's settings, the button that
    solves it, then the last plan (its cards, map, sites and downloads).

    Parameters
    ----------
    state : ViewState
        The page's view (territory, radius, group, number of sites, candidates, supply).
    lang : str
    filters : Filters
        The centres counted (the sidebar's, with the page's centre type).
    scenario : (hypothetical commune codes, switched-off centre ids)
        The what-if scenario of the page's first part.
    places : int or None
        Places of each new or hypothetical centre when counted in places, else None.
    """
    in_places = state.supply == "capacity"
    st.header(t("Where should the next centres go?", lang))
    controls = st.columns([2, 2, 2, 1.5] if in_places else [2, 2, 1], vertical_alignment="bottom")
    ui.keyed_select(controls[0], "planning.add", t("New centres", lang),
                    list(range(1, PLAN_ADD_MAX + 1)), state.add, str, field="add")
    if in_places:
        ui.keyed_number(controls[-2], "planning.places", t("Places per new centre", lang),
                        state.places, field="places", max_value=PLAN_PLACES_MAX, step=10)
    ui.keyed_radio(controls[1], "planning.candidates", t("Candidate communes", lang),
                   list(PLAN_CANDIDATES), state.candidates,
                   lambda v: label_of(CANDIDATES, v, lang), field="candidates")
    request = planning_view.PlanRequest(cache.dataset().token, state.territory, filters, state.add,
                                        state.radius, state.group, state.candidates, scenario,
                                        places)
    # a plan is an exact solve (seconds nationally): made when the planner asks, never on a rerun
    if controls[-1].button(t("Propose sites", lang), key=session.scoped("planning.propose"),
                           type="primary"):
        try:
            proposed = cache.plan(*request.plan_arguments())
        except ValueError:  # more sites than candidate communes
            proposed = None
        st.session_state[LAST_PLAN] = (request, proposed)
    asked, plan = st.session_state.get(LAST_PLAN, (None, None))
    if asked is None:
        st.info(t("Choose the number of centres and the candidate communes, then press “Propose "
                  "sites”: the exact solve takes a few seconds for the whole of Morocco.", lang))
    elif asked != request:
        st.warning(t("The filters or settings changed since this plan (computed for {where}): "
                     "press “Propose sites” to recompute it.", lang,
                     where=reference.territories().name(asked.territory, lang)))
    if asked is not None and plan is None:
        st.warning(t("Not enough candidate communes for {add} new centres.", lang, add=asked.add))
    if asked is not None and plan is not None:
        summary = plan.summary
        cards = planning_view.plan_cards(summary, lang)
        for card, (label, value) in zip(st.columns(len(cards)), cards, strict=True):
            card.metric(label, value)
        map_panel.show_map(plan_map(asked, plan, lang), key="planning.plan_map", drill=False)

        stem = export_stem("planning", reference.territories().name(asked.territory, "fr")
                           if asked.territory else None, "sites")
        tables.show_table(planning_view.sites_table(plan.sites, lang), stem)
        downloads = st.columns(2)
        downloads[0].download_button(t("Download the sites (GeoJSON)", lang),
                                     sites_geojson(plan.sites), file_name=dated(stem, "geojson"),
                                     mime="application/geo+json", key="planning.sites_geojson",
                                     on_click="ignore")
        downloads[1].download_button(
            t("Board pack with these sites (PowerPoint)", lang),
            cache.planning_deck(asked.territory, asked.filters, lang, plan),
            file_name=dated(f"{stem}-{lang}", "pptx"), key="planning.deck", on_click="ignore",
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation")
