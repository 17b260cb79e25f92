"""Services per cercle: map and ranked bars by type or management mode (province or region);
nationally, the regions ranked the same way."""

import pandas as pd
import streamlit as st

from dashboard import i18n
from dashboard.app import cache, charts, map_panel, reference, tables, ui, view
from dashboard.app.state import filters_of
from dashboard.i18n import t
from loaders.vocabulary import CENTRE_TYPES, MANAGEMENT_MODES

state, lang, name = ui.header("services.title")
terr = reference.territories()
level = terr.level_of(state.territory)
if level not in (None, "region", "province"):
    st.info(t("services.need_territory", lang))
    st.stop()
unit_level = "region" if level is None else "cercle"
filters = filters_of(state)

controls = st.columns(2)
ui.keyed_radio(controls[0], "services.metric", t("services.metric", lang),
               ["services", "centres"], state.service_metric,
               lambda v: t(f"col.{v}", lang), field="service_metric")
ui.keyed_radio(controls[1], "services.by", t("services.by", lang), ["type", "mode"],
               state.split, lambda v: t(f"services.by_{v}", lang), field="split")
metric = state.service_metric

table = cache.indicators(unit_level, state.territory, filters)
if level is None:
    st.caption(t("services.national", lang))
else:
    whole = cache.indicators(level, terr.units[state.territory].parent_code, filters)
    whole = whole[whole["code"] == state.territory]
    st.caption(t("services.total", lang, value=i18n.number(table[metric].sum(), lang),
                 name=name, total=i18n.number(whole[metric].sum(), lang))
               + " · " + t("services.note", lang))

geometry, bounds = reference.geometry(unit_level, state.territory)
spec = view.choropleth_spec(
    table, metric, geometry, bounds, lang, scheme="natural_breaks", k=5,
    title=t(f"services.legend_{unit_level}", lang, metric=t(f"col.{metric}", lang)),
    note=t("services.note", lang) if level else "", context=reference.context(state.territory),
    extra_columns=("centres", "services", "communes_total"))
left, right = st.columns([1, 1])
with left:
    map_panel.show_map(spec, key="services.map", drill=level is None)

split = view.split_per_unit(cache.centres_within(state.territory, filters),
                            reference.communes(state.territory), state.split, metric, unit_level)
vocabulary = CENTRE_TYPES if state.split == "type" else MANAGEMENT_MODES
names = {row.code: i18n.unit_name(row._asdict(), lang) for row in table.itertuples()}
long = split.stack().rename("value").reset_index()
long.columns = ["cercle_code", "key", "value"]
part_label = t("col.type" if state.split == "type" else "col.mode", lang)
value_label = t(f"col.{metric}", lang)
cercle_label = t(f"col.{unit_level}", lang)
chart_frame = pd.DataFrame({
    cercle_label: long["cercle_code"].map(names),
    part_label: [t("col.unknown", lang) if k == "unknown" else
                 i18n.term_label(vocabulary, k, lang) for k in long["key"]],
    value_label: long["value"].to_numpy(),
})
with right:
    st.markdown(f"**{t(f'services.chart_{unit_level}', lang)}**")
    st.altair_chart(charts.stacked_bars(chart_frame[chart_frame[value_label] > 0],
                                        category=cercle_label, value=value_label,
                                        part=part_label, lang=lang), width="stretch")

type_columns = [c for c in table.columns if c.startswith("centres_") and c != "centres_per_100k"]
shown = view.display_table(table.sort_values(metric, ascending=False),
                           ["communes_total", "centres", "services", "coverage_rate"], lang)
for column in type_columns:
    key = column.removeprefix("centres_")
    shown[i18n.term_label(CENTRE_TYPES, key, lang)] = table.sort_values(
        metric, ascending=False)[column].to_numpy()
shown[t("col.code", lang)] = shown.pop(t("col.code", lang))  # the code last
tables.show_table(shown, f"taghtia-services-{state.territory or 'maroc'}")
