"""Overview: cards, a one-line summary and the map of urban and rural communes (or places
per 1,000, or occupancy), today or as of a year; the trend of communes covered."""

import streamlit as st

from dashboard import i18n
from dashboard.app import (
    cache,
    downloads,
    map_panel,
    reference,
    registry_view,
    service_panel,
    tables,
    ui,
    view,
)
from dashboard.app.export_names import current_stem
from dashboard.app.state import filters_of
from dashboard.calc.indicators import totals
from dashboard.calc.partners import partner_count
from dashboard.calc.registry import registry_status
from dashboard.i18n import N_, t
from dashboard.i18n.labels import LEVELS, label_of
from dashboard.reports.content import share_text, summary_sentence
from dashboard.reports.partners_content import partners_sentence
from dashboard.reports.service_content import service_cards

state, lang, name = ui.header(N_("Overview — {name}"))
terr = reference.territories()
filters = filters_of(state)
level = terr.child_level(state.territory)

# The map is written first, in its place below the figures: its frame, Leaflet and the
# boundaries load in the browser while the figures are computed and sent.
figures = st.container()
controls = st.columns([3, 2])
measure = service_panel.measure_control(controls[0], state, lang)
service_panel.year_control(controls[1], state, lang)
table = cache.indicators(level, state.territory, filters)
total = totals(table)
if measure == "covered":
    st.header(t("Urban and rural communes, operating centres", lang))
    communes = reference.communes(state.territory)
    geometry, bounds = reference.geometry("commune", state.territory)
    national = state.territory is None
    points = cache.centre_points(state.territory, filters, lang)
    spec = service_panel.dated(view.kind_spec(communes, geometry, bounds, lang, points=points,
                                              cluster=national,
                                              context=reference.context(state.territory)),
                               total, state, lang)
    map_panel.show_map(spec, key="overview.map", drill=False)
else:
    map_panel.show_map(service_panel.measure_spec(measure, level, state, filters, lang),
                key="overview.map", drill=True)
with figures:
    run_by = partner_count(cache.centres_within(state.territory, filters))
    st.markdown(f"**{summary_sentence(total, name, lang)}** "
                + partners_sentence(*run_by, int(total.get("centres") or 0), lang))
    if cache.dataset().provinces is not None:  # the registry: how many provinces it holds
        st.markdown(registry_view.registry_line(
            registry_status(cache.dataset().provinces), lang))
    report_column, deck_column, _ = st.columns([1, 1, 2])
    with report_column:
        downloads.report_download(state.territory, filters, lang)
    with deck_column:
        downloads.deck_download(state.territory, filters, lang)
    service_panel.as_of_caption(total, state, lang)
    cards = st.columns(4)
    cards[0].metric(t("Operating centres", lang) if state.as_of is None else
                    t("Centres at the end of {year}", lang, year=state.as_of),
                    i18n.number(total.get("centres"), lang))
    cards[1].metric(t("Services", lang), i18n.number(total.get("services"), lang))
    cards[2].metric(t("Communes covered", lang), *share_text(total, "", lang),
                    delta_color="off", delta_arrow="off")
    cards[3].metric(t("People per centre", lang),
                    i18n.number(total["people_per_centre"], lang))
    cards = st.columns(4)
    cards[0].metric(t("Urban covered", lang), *share_text(total, "urban", lang),
                    delta_color="off", delta_arrow="off")
    cards[1].metric(t("Rural covered", lang), *share_text(total, "rural", lang),
                    delta_color="off", delta_arrow="off")
    period = view.funding_period(cache.dataset().funding_frame, state.years)
    if period is None:
        cards[2].metric(t("Funding", lang), i18n.MISSING, t("no funding loaded", lang),
                        delta_color="off", delta_arrow="off")
    else:
        years = view.years_label(period)
        cards[2].metric(t("Funding", lang) + years,
                        i18n.money(total.get("funding_mad"), lang, compact=True))
        cards[3].metric(t("MAD per inhabitant", lang) + years,
                        i18n.money(total["funding_per_capita_mad"], lang, 2))
    cards = st.columns(4)
    for card, (label, value, detail) in zip(cards, service_cards(total, lang), strict=True):
        card.metric(label, value, detail or None, delta_color="off", delta_arrow="off")

service_panel.trend_panel(state, filters, lang)


st.header(t("Breakdown by {level}", lang, level=label_of(LEVELS, level, lang).lower()))
shown = view.display_table(table, view.OVERVIEW_TABLE_COLUMNS, lang)
# The table waits behind a toggle (one for every territory, open once opened): the data
# grid's code is the largest the browser loads for a page, and on the app's first page it
# would be loaded and laid out while the map's frame starts (about 0.4 s later for the map).
tables.show_table(shown, current_stem("overview"), collapse_above=0,
              toggle_key="overview.table.open")
