"""Services per cercle: map and ranked bars by type or management mode (province or region);
nationally, the regions ranked the same way."""

import pandas as pd
import streamlit as st

from dashboard import i18n
from dashboard.app import cache, charts, map_panel, reference, tables, ui, view
from dashboard.app.export_names import current_stem
from dashboard.app.state import SERVICE_METRICS, filters_of
from dashboard.i18n import N_, t
from dashboard.i18n.labels import COLUMNS, SERVICE_CHARTS, SERVICE_LEGENDS, SERVICE_SPLITS, label_of
from loaders.vocabulary import CENTRE_TYPES, MANAGEMENT_MODES

state, lang, name = ui.header(N_("Services per cercle — {name}"))
terr = reference.territories()
level = terr.level_of(state.territory)
if level not in (None, "region", "province"):
    st.info(t("Choose a region or a province in the sidebar.", lang))
    st.stop()
unit_level = "region" if level is None else "cercle"
filters = filters_of(state)

controls = st.columns(2)
ui.keyed_radio(controls[0], "services.metric", t("Measure", lang),
               list(SERVICE_METRICS), state.service_metric,
               lambda v: label_of(COLUMNS, v, lang), field="service_metric")
ui.keyed_radio(controls[1], "services.by", t("Split by", lang), ["type", "mode"],
               state.split, lambda v: label_of(SERVICE_SPLITS, v, lang), field="split")
metric = state.service_metric

table = cache.indicators(unit_level, state.territory, filters)
if level is None:
    st.caption(t("Nationally the regions are ranked; choose a region or a province (or click the "
                 "map) to see its cercles.", lang))
else:
    whole = cache.indicators(level, terr.units[state.territory].parent_code, filters)
    whole = whole[whole["code"] == state.territory]
    st.caption(t("Cercles total: {value} — {name} total: {total}", lang,
                 value=i18n.number(table[metric].sum(), lang),
                 name=name, total=i18n.number(whole[metric].sum(), lang))
               + " · " + t('Urban communes form the "Municipalities" group.', lang))

geometry, bounds = reference.geometry(unit_level, state.territory)
spec = view.choropleth_spec(
    table, metric, geometry, bounds, lang, scheme="natural_breaks", k=5,
    title=label_of(SERVICE_LEGENDS, unit_level, lang, metric=label_of(COLUMNS, metric, lang)),
    note=t('Urban communes form the "Municipalities" group.',
           lang) if level else "", context=reference.context(state.territory),
    extra_columns=("centres", "services", "capacity", "beneficiaries", "communes_total"))
left, right = st.columns([1, 1])
with left:
    map_panel.show_map(spec, key="services.map", drill=level is None)

split = view.split_per_unit(cache.centres_within(state.territory, filters),
                            reference.communes(state.territory), state.split, metric, unit_level)
vocabulary = CENTRE_TYPES if state.split == "type" else MANAGEMENT_MODES
names = {row.code: i18n.unit_name(row._asdict(), lang) for row in table.itertuples()}
long = split.stack().rename("value").reset_index()
long.columns = ["cercle_code", "key", "value"]
part_label = t("Type", lang) if state.split == "type" else t("Management mode", lang)
value_label = label_of(COLUMNS, metric, lang)
cercle_label = label_of(COLUMNS, unit_level, lang)
chart_frame = pd.DataFrame({
    cercle_label: long["cercle_code"].map(names),
    part_label: [t("not given", lang) if k == "unknown" else
                 i18n.term_label(vocabulary, k, lang) for k in long["key"]],
    value_label: long["value"].to_numpy(),
})
with right:
    st.markdown(f"**{label_of(SERVICE_CHARTS, unit_level, lang)}**")
    st.vega_lite_chart(charts.stacked_bars(chart_frame[chart_frame[value_label] > 0],
                                           category=cercle_label, value=value_label,
                                           part=part_label, lang=lang), width="stretch")

type_columns = [c for c in table.columns if c.startswith("centres_") and c != "centres_per_100k"]
shown = view.display_table(table.sort_values(metric, ascending=False),
                           ["communes_total", "centres", "services", "capacity",
                            "beneficiaries", "occupancy", "coverage_rate"], lang)
for column in type_columns:
    key = column.removeprefix("centres_")
    shown[i18n.term_label(CENTRE_TYPES, key, lang)] = table.sort_values(
        metric, ascending=False)[column].to_numpy()
shown[t("Code", lang)] = shown.pop(t("Code", lang))  # the code last
tables.show_table(shown, current_stem("services"))
