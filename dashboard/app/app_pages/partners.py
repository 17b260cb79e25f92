"""Partners: who runs which centres where (3W), and one partner whatever its spelling."""

import streamlit as st

from dashboard import i18n
from dashboard.app import (
    cache,
    charts,
    map_panel,
    partners_view,
    reference,
    session,
    store_panel,
    tables,
    ui,
    view,
)
from dashboard.app.export_names import current_stem
from dashboard.app.permissions import current_actor
from dashboard.app.state import filters_of
from dashboard.calc.indicators import Filters
from dashboard.calc.partners import partner_funding_by_year
from dashboard.calc.three_w import with_hxl_row
from dashboard.i18n import N_, t
from dashboard.reports.partners_content import partners_sentence
from loaders.vocabulary import CENTRE_TYPES

state, lang, name = ui.header(N_("Partners — {name}"))
store_panel.flash()
filters = filters_of(state)
table = cache.partners("table", state.territory, filters)
run_by = cache.partners("centres", state.territory)
every_centre = len(cache.centres_within(state.territory, Filters(statuses=None)))
st.markdown("**" + partners_sentence(len(table), int(table["centres"].sum()), every_centre,
                                     lang) + "**")
if table.empty:
    st.info(t("No centre of this territory names a partner association.", lang))
    st.stop()

by = st.radio(t("Rank partners by", lang), list(partners_view.RANKINGS), horizontal=True,
              key=session.scoped("partners.rank"),
              format_func=lambda k: {"centres": t("Centres", lang), "places": t("Places", lang),
                                     "funding": t("Funding (MAD)", lang)}[k])
tables.show_table(partners_view.ranked(table, by, lang), current_stem("partners"),
                  collapse_above=15, toggle_key="partners.table.open")

# ------------------------------------------------------------------ one partner
st.header(t("Where a partner works", lang))
order = partners_view.in_order(table, by)
names = dict(zip(order["partner_id"], order["name"], strict=True))
chosen = st.selectbox(t("Partner", lang), list(names), key=session.scoped("partners.chosen"),
                      index=list(names).index(state.partner) if state.partner in names else 0,
                      format_func=names.__getitem__)
own = run_by[(run_by["partner_id"] == chosen).to_numpy(dtype=bool)]
communes = reference.communes(state.territory)
geometry, bounds = reference.geometry("commune", state.territory)
spec = view.choropleth_spec(partners_view.commune_counts(communes, own), "centres", geometry,
                            bounds, lang, title=t("Centres of {partner}", lang,
                                                  partner=names[chosen]),
                            scheme="equal_interval", k=3, extra_columns=("centres",),
                            context=reference.context(state.territory))
map_panel.show_map(spec, key="partners.map", drill=False)
left, right = st.columns([3, 2])
with left:
    tables.show_table(partners_view.centres_shown(own, communes, lang),
                      current_stem("partners", names[chosen]), filtered=False,
                      what=t("Centres of {partner}", lang, partner=names[chosen]))
with right:
    dataset = cache.dataset()
    per_year = partner_funding_by_year(run_by, dataset.funding_frame, chosen, state.territory,
                                       filters)
    if per_year.empty:
        st.caption(t("No grant reaches this partner's centres.", lang))
    else:
        frame = per_year.rename(columns={"year": t("Year", lang),
                                         "amount_mad": t("Funding (MAD)", lang)})
        frame[t("Year", lang)] = frame[t("Year", lang)].astype(str)
        st.vega_lite_chart(charts.bars(frame, category=t("Year", lang),
                                       value=t("Funding (MAD)", lang), lang=lang),
                           width="stretch")

# ------------------------------------------------------------------ 3W and overlaps
st.header(t("Who does what where (3W)", lang))
three_w = cache.partners("three_w", state.territory)
tables.show_table(partners_view.matrix(three_w, lang), None, collapse_above=15,
              toggle_key="partners.matrix.open")
types = sorted(three_w["centre_type"].unique())
if types:
    kind = st.selectbox(t("Centre type", lang), types, key=session.scoped("partners.type"),
                        format_func=lambda k: i18n.term_label(CENTRE_TYPES, k, lang))
    rows = three_w[three_w["centre_type"] == kind]
    tables.show_grid(rows[["partner", "commune_code", "commune_ar" if lang == "ar" else
                           "commune_fr", "centres", "places", "people_reached"]])
tables.table_downloads(with_hxl_row(three_w), current_stem("partners", "3w"), filtered=False,
                       what=t("Who does what where (3W)", lang))
overlap = cache.partners("overlaps", state.territory)
st.markdown("**" + t("Overlaps: {count} communes where two or more partners run centres of "
                     "the same type.", lang, count=i18n.number(overlap["commune_code"]
                                                               .nunique(), lang)) + "**")
if not overlap.empty:
    tables.show_table(overlap, current_stem("partners", "overlaps"), collapse_above=10,
                      toggle_key="partners.overlaps.open", filtered=False,
                      what=t("Overlaps", lang))

# ------------------------------------------------------------------ review
st.header(t("Likely duplicates", lang))
review = cache.partners("review", state.territory)
if review.empty:
    st.caption(t("No two partners' names are close enough to be one.", lang))
else:
    tables.show_grid(partners_view.review_shown(review, lang))
    can_save = current_actor().can_edit and bool(cache.dataset().stored)
    if not can_save:  # the pairs are in the table; no button a viewer cannot press
        st.caption(t("Editors confirm or reject these on a stored dataset (Data page).", lang))
    else:
        deciding = review.head(partners_view.DECISIONS_SHOWN)
        for i, row in deciding.iterrows():
            fewer, more = ((row.spelling_a, row.spelling_b) if row.centres_a <= row.centres_b
                           else (row.spelling_b, row.spelling_a))
            cols = st.columns([4, 1, 1])
            cols[0].markdown(f"{fewer} → {more} ({i18n.number(row.score, lang)})")
            cols[1].button(t("Same partner", lang), key=f"partners.confirm.{i}",
                           on_click=store_panel.review_partners, args=(fewer, more, True, lang))
            cols[2].button(t("Different", lang), key=f"partners.reject.{i}",
                           on_click=store_panel.review_partners, args=(fewer, more, False, lang))
        if len(deciding) < len(review):
            st.caption(t("The first {shown} of {count} pairs: decide them to see the next "
                         "ones.", lang, shown=i18n.number(len(deciding), lang),
                         count=i18n.number(len(review), lang)))
if st.session_state.get("partners.error"):
    st.error(st.session_state.pop("partners.error"))
