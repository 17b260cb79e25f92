"""What the app shows of places, occupancy and time, built without Streamlit.

The measure a map colours units by (places per 1,000 inhabitants or occupancy, classed, with
its unit in the legend), the line saying which year the figures describe and how many
centres were left out of it, the trend chart of the communes covered (a Vega-Lite
specification), and the Centres table of a territory (places, people reached, occupancy,
flags). The numbers come from :mod:`dashboard.calc.service` and
:mod:`dashboard.calc.trend`, as on the command line.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard import i18n
from dashboard.app.charts import Spec, channel, localised, palette_scale, plain, side, view
from dashboard.calc.service import UNDER_USED_BELOW, centre_service
from dashboard.choices import DEFAULT_DEMAND
from dashboard.i18n import N_, t
from dashboard.i18n.labels import COLUMNS, DEMAND_GROUPS, label_of
from dashboard.reports.palette import COVERAGE_COLOURS, MUTED
from loaders.vocabulary import CENTRE_TYPES, STATUSES

MEASURE_LABELS: dict[str, str] = {
    "covered": N_("Communes covered or not"),
    "places_per_1000": N_("Places per 1,000 inhabitants"),
    "occupancy": N_("Occupancy"),
}
"""Label of each measure of :data:`dashboard.app.state.MEASURES`."""
MEASURE_SCHEMES: dict[str, tuple[str, int]] = {
    "places_per_1000": ("natural_breaks", 5),
    "occupancy": ("equal_interval", 5),
}
"""Classification of each classed measure (scheme, classes)."""
MEASURE_NOTES: dict[str, str] = {
    "places_per_1000": N_("Places of the counted centres per 1,000 inhabitants (RGPH 2024); "
                          "centres without places given count none."),
    "occupancy": N_("People reached in the year ÷ places, over the centres that report both "
                    "(100 % = full)."),
}
"""The unit and meaning of each classed measure, under its legend."""
GROUP_PLACES_NOTE = N_("Places of the counted centres per 1,000 {group} (RGPH 2024 population "
                       "× the census share of the group); centres without places given count "
                       "none.")
"""The note under the places map for a demand group other than all inhabitants."""
FLAGS: dict[str, str] = {"over_capacity": N_("over capacity"), "under_used": N_("under-used")}
"""Flags of a centre in the Centres table."""


def places_label(demand: str, lang: str) -> str:
    """"Places per 1,000 inhabitants", or per 1,000 of a demand group of
    :data:`dashboard.choices.DEMAND_GROUPS` ("Places per 1,000 children under 15")."""
    if demand == DEFAULT_DEMAND:
        return t(MEASURE_LABELS["places_per_1000"], lang)
    return t("Places per 1,000 {group}", lang, group=label_of(DEMAND_GROUPS, demand, lang))


def measure_words(measure: str, demand: str, lang: str) -> tuple[str, str]:
    """The label and the note of ``measure``, places per 1,000 of ``demand``'s group."""
    if measure == "places_per_1000" and demand != DEFAULT_DEMAND:
        return (places_label(demand, lang),
                t(GROUP_PLACES_NOTE, lang, group=label_of(DEMAND_GROUPS, demand, lang)))
    return t(MEASURE_LABELS[measure], lang), t(MEASURE_NOTES.get(measure, ""), lang)


def as_of_line(headline: Mapping[str, object], as_of: int | None, lang: str) -> str:
    """"As of 2015: the network at the end of 2015. 12 centres have no opening year…" ("" for
    today's network)."""
    from dashboard.calc.indicators import Filters
    from dashboard.reports.service_content import as_of_sentence

    return as_of_sentence(headline, Filters(as_of=as_of), lang) if as_of else ""


def year_label(year: int | None, lang: str) -> str:
    """"today" or "as of 2015", the options of the year control."""
    return t("today", lang) if year is None else t("as of {year}", lang, year=year)


def trend_chart(table: pd.DataFrame, run_out: int | None, lang: str) -> Spec:
    """Communes covered, urban and rural, year by year; a dashed rule where the registry's
    opening years run out (after its last known opening year).

    Parameters
    ----------
    table : DataFrame
        ``year``, ``communes_covered_urban`` and ``communes_covered_rural``, one row per year
        (:func:`dashboard.reports.service_content.trend_table`).
    run_out : int or None
        The last year with a known opening year; the rule stands there when later years are
        shown.
    lang : str
        The page's language: in Arabic the years read from the right, the counts' axis on the
        right and the rule's note runs leftwards.

    Returns
    -------
    dict
        The Vega-Lite specification (:mod:`dashboard.app.charts`): the two lines, then the rule
        and its note when the opening years run out.
    """
    urban, rural = t("Urban communes covered", lang), t("Rural communes covered", lang)
    year, count, kind = t("Year", lang), t("Communes covered", lang), t("Commune type", lang)
    years = [plain(y) for y in table["year"].tolist()]
    values = [{year: y, count: plain(n), kind: label}
              for column, label in (("communes_covered_urban", urban),
                                    ("communes_covered_rural", rural))
              for y, n in zip(years, table[column].tolist(), strict=True)]
    rtl = lang == "ar"
    colours = [COVERAGE_COLOURS[("urban", True)], COVERAGE_COLOURS[("rural", True)]]
    lines = view(values, {"type": "line", "point": True}, {
        "color": channel(kind, "nominal", scale=palette_scale([urban, rural], colours),
                         legend={"orient": "bottom", "title": None}),
        "tooltip": [channel(year, "quantitative"), channel(kind, "nominal"),
                    channel(count, "quantitative", format=",d")],
        "x": channel(year, "ordinal", title=None, scale={"reverse": rtl},
                     axis={"labelAngle": -45}),
        "y": channel(count, "quantitative", axis={"format": ",d", "orient": side(rtl)}),
    })
    layers = [lines]
    if run_out is not None and run_out in years and run_out < max(years):
        note = t("Opening years run out after {year}", lang, year=run_out)
        marker, at_run_out = [{year: plain(run_out)}], channel(year, "ordinal")
        rule = view(marker, {"type": "rule", "strokeDash": [4, 4], "color": MUTED},
                    {"x": at_run_out})
        text = view(marker, {"type": "text", "align": "left" if rtl else "right", "dx": -4,
                             "color": MUTED},
                    {"x": at_run_out, "y": {"value": 12}, "text": {"value": note}})
        layers += [rule, text]
    return localised({"layer": layers, "height": 280}, lang)


def centres_table(centres: pd.DataFrame, communes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The Centres table of a territory: name, type, commune, places, people reached,
    occupancy, opening year, status and a flag (over capacity: more people reached than
    places; under-used: occupancy below 50 %), translated headers, values left numeric so
    the table sorts and downloads raw."""
    service = centre_service(centres)
    names = dict(zip(communes["code"], i18n.unit_names(communes, lang), strict=True))
    flags = [t(FLAGS["over_capacity"], lang) if over else
             t(FLAGS["under_used"], lang) if under else ""
             for over, under in zip(service["over_capacity"], service["under_used"],
                                    strict=True)]

    def heading(name: str) -> str:
        return label_of(COLUMNS, name, lang)

    frame = pd.DataFrame({
        heading("name"): centres["name"].astype(object).to_numpy(),
        heading("type"): [i18n.term_label(CENTRE_TYPES, k, lang) for k in centres["centre_type"]],
        heading("commune"): centres["commune_code"].map(names).to_numpy(),
        heading("capacity"): service["capacity"].array,
        heading("beneficiaries"): service["beneficiaries"].array,
        heading("occupancy"): service["occupancy"].to_numpy(),
        heading("opened_year"): pd.array(centres.get("opened_year", pd.Series(
            [None] * len(centres))), dtype="Int64"),
        heading("status"): [i18n.term_label(STATUSES, k, lang) for k in centres["status"]],
        heading("flag"): flags,
    })
    return frame.reset_index(drop=True)


def flag_counts(centres: pd.DataFrame) -> tuple[int, int]:
    """(over capacity, under-used) centres among ``centres``."""
    service = centre_service(centres)
    return int(service["over_capacity"].sum()), int(service["under_used"].sum())


__all__ = [
    "FLAGS",
    "GROUP_PLACES_NOTE",
    "MEASURE_LABELS",
    "MEASURE_NOTES",
    "MEASURE_SCHEMES",
    "UNDER_USED_BELOW",
    "as_of_line",
    "centres_table",
    "flag_counts",
    "measure_words",
    "places_label",
    "trend_chart",
    "year_label",
]
