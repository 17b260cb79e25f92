"""What the pages show, computed without Streamlit: territories, map specifications, tables.

Pages call these functions with data they got from :mod:`dashboard.app.cache` and
:mod:`dashboard.app.reference` and draw the result; everything here is testable without a
browser.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from dashboard import i18n
from dashboard.app.exports import numbers_shown
from dashboard.app.map_files import Point
from dashboard.app.maps import LegendEntry, MapSpec
from dashboard.i18n import t
from dashboard.i18n.columns import format_values
from dashboard.i18n.labels import COLUMNS, COMMUNE_KINDS, label_of
from dashboard.reports.classes import Classes, class_labels, classify, shown_digits, value_step
from dashboard.reports.palette import (
    CENTRE_COLOUR,
    CLUSTER_COLOUR,
    COVERAGE_COLOURS,
    KIND_COLOURS,
    NO_DATA_COLOUR,
    UNKNOWN_COLOUR,
)
from geodata.hierarchy import CODE_COLUMN, LEVELS
from loaders.vocabulary import CENTRE_TYPES, MANAGEMENT_MODES, STATUSES

# --------------------------------------------------------------------------------------------
# Map specifications
# --------------------------------------------------------------------------------------------


def _count(value: object, lang: str) -> str:
    """A small count as text; plain digits below 1,000 (the same in every language)."""
    if isinstance(value, int | np.integer) and 0 <= value < 1000:
        return str(int(value))
    return i18n.number(value, lang)


def _locale(lang: str) -> str:
    return {"fr": "fr-FR", "ar": "ar-MA-u-nu-latn", "en": "en-GB"}.get(lang, lang)


def _spec(lang: str, *, geometry, styles: dict, bounds, title: str,
          entries: list[LegendEntry], note: str, labels: tuple[str, ...],
          population: bool = True, points: Sequence[Point] = (), cluster: bool = False,
          context=None) -> MapSpec:
    """A :class:`MapSpec` in ``lang``: the centres' legend entry when points are drawn, the
    population line in tooltips when asked, right-to-left and number locale of the language."""
    if points:
        entries = [*entries, LegendEntry(CENTRE_COLOUR, t("Centre kept by the filters", lang),
                                         "circle")]
        if cluster:
            entries.append(LegendEntry(CLUSTER_COLOUR, t("Group of centres (count)", lang),
                                       "circle"))
    return MapSpec(geojson=geometry, styles=styles, bounds=bounds, legend_title=title,
                   legend_entries=entries, legend_note=note, context=context, points=points,
                   cluster=cluster, rtl=lang == "ar", labels=labels,
                   population_label=t("Population 2024", lang) if population else "",
                   locale=_locale(lang), lang=lang)


def kind_spec(communes: pd.DataFrame, geometry, bounds, lang: str, *,
              points: Sequence[Point] = (), cluster: bool = False,
              context=None) -> MapSpec:
    """Communes coloured urban / rural, names FR and AR on hover (the first page's map).

    ``geometry`` and ``context`` come from :func:`dashboard.app.reference.geometry` and
    :func:`dashboard.app.reference.context` (a :class:`dashboard.app.map_files.GeoLayer`, or
    GeoJSON text).
    """
    labels = {kind: label_of(COMMUNE_KINDS, kind, lang) for kind in ("urban", "rural")}
    styles = {str(code): (KIND_COLOURS.get(kind, UNKNOWN_COLOUR), labels.get(kind, str(kind)))
              for code, kind in zip(communes["code"], communes["kind"], strict=True)}
    entries = [LegendEntry(KIND_COLOURS["urban"], t("Urban commune", lang)),
               LegendEntry(KIND_COLOURS["rural"], t("Rural commune", lang))]
    return _spec(lang, geometry=geometry, styles=styles, bounds=bounds,
                 title=t("Communes", lang), entries=entries,
                 note=t("Population 2024 (RGPH, HCP)", lang), labels=(t("Commune type", lang),),
                 points=points, cluster=cluster, context=context)


def coverage_spec(communes: pd.DataFrame, covered: pd.Series, geometry, bounds,
                  lang: str, *, points: Sequence[Point] = (), cluster: bool = False,
                  context=None, centres_per_commune: pd.Series | None = None
                  ) -> MapSpec:
    """Communes covered / not covered, urban and rural in distinct colour-blind-safe hues.

    Parameters
    ----------
    communes : DataFrame
        Commune rows (``code``, ``kind``; names and population travel with the geometry).
    covered : Series
        Boolean per commune code.
    """
    counts = centres_per_commune if centres_per_commune is not None else pd.Series(dtype=int)
    count_of = counts.to_dict()
    covered_of = covered.to_dict()
    kinds = {kind: label_of(COMMUNE_KINDS, kind, lang) for kind in ("urban", "rural")}
    answers = {True: t("yes", lang), False: t("no", lang)}
    styles: dict[str, tuple[str, str, str, str]] = {}
    for code, kind in zip(communes["code"], communes["kind"], strict=True):
        is_covered = bool(covered_of.get(code, False))
        styles[str(code)] = (COVERAGE_COLOURS.get((kind, is_covered), UNKNOWN_COLOUR),
                             kinds.get(kind, str(kind)), answers[is_covered],
                             _count(count_of.get(code, 0), lang))
    entries = [LegendEntry(COVERAGE_COLOURS[("urban", True)], t("Urban, covered", lang)),
               LegendEntry(COVERAGE_COLOURS[("urban", False)], t("Urban, no centre", lang)),
               LegendEntry(COVERAGE_COLOURS[("rural", True)], t("Rural, covered", lang)),
               LegendEntry(COVERAGE_COLOURS[("rural", False)], t("Rural, no centre", lang))]
    return _spec(lang, geometry=geometry, styles=styles, bounds=bounds,
                 title=t("Communes", lang), entries=entries,
                 note=t("Covered = at least one centre kept by the filters. Source: RGPH 2024 "
                        "(HCP).", lang),
                 labels=(t("Commune type", lang), t("Covered", lang), t("Centres", lang)),
                 points=points, cluster=cluster, context=context)


def value_kind(column: str) -> str:
    """How an indicator column is written: "percent" (rates), "money" (``_mad``), "number"."""
    if column.startswith("coverage_rate") or column == "occupancy":
        return "percent"
    if column.endswith("_mad"):
        return "money"
    return "number"


def value_formatter(column: str, lang: str):
    """Formatter for an indicator column (rates as %, money in DH, counts as integers)."""
    digits = shown_digits(column)
    kind = value_kind(column)
    if kind == "percent":
        return lambda v: i18n.percent(v, lang, digits)
    if kind == "money":
        return lambda v: i18n.money(v, lang, digits)
    return lambda v: i18n.number(v, lang, digits)


def value_texts(values, column: str, lang: str) -> list[str]:
    """Every value of an indicator column as :func:`value_formatter` writes it, at once
    (:func:`dashboard.i18n.columns.format_values`: the same strings, numpy-fast)."""
    return format_values(values, value_kind(column), lang, shown_digits(column))


def class_legend(classes: Classes, fmt, step: float = 0.0) -> list[LegendEntry]:
    """Legend entries of a choropleth's classes (see :func:`class_labels`)."""
    return [LegendEntry(colour, label) for colour, label in
            zip(classes.colours, class_labels(classes, fmt, step), strict=True)]


def choropleth_spec(table: pd.DataFrame, column: str, geometry, bounds, lang: str, *,
                    title: str, note: str = "", scheme: str = "quantiles", k: int = 5,
                    extra_columns: Sequence[str] = ("centres", "services"),
                    points: Sequence[Point] = (), cluster: bool = False,
                    context=None) -> MapSpec:
    """Units classed by ``column`` with mapclassify, legend showing the classes.

    The tooltip shows the value, then ``extra_columns``; the population (static text of the
    geometry) is shown last when it is one of them.
    """
    classes = classify(table[column].reset_index(drop=True), scheme, k)
    colours = classes.colour_of().to_numpy()
    shown = [column, *(c for c in extra_columns if c != column and c in table.columns
                       and c != "population_2024")]
    formatted = [value_texts(table[name].to_numpy(), name, lang) for name in shown]
    styles = dict(zip(table["code"].astype(str).tolist(),
                      zip(colours.tolist(), *formatted, strict=True), strict=True))
    entries = class_legend(classes, value_formatter(column, lang), value_step(column))
    if table[column].isna().any():
        entries.append(LegendEntry(NO_DATA_COLOUR, t("No data", lang)))
    return _spec(lang, geometry=geometry, styles=styles, bounds=bounds, title=title,
                 entries=entries, note=note,
                 labels=tuple(label_of(COLUMNS, name, lang) for name in shown),
                 population="population_2024" in extra_columns
                 and column != "population_2024",
                 points=points, cluster=cluster, context=context)


def centre_points(centres: pd.DataFrame, lang: str, communes: pd.DataFrame | None = None,
                  anchors: Mapping[str, tuple[float, float]] | None = None) -> list[Point]:
    """Centre markers with escaped tooltips (name, commune, type, mode, status, services).

    Centres without coordinates are drawn at their commune's representative point
    (``anchors``: code -> (lat, lon)), spread a little when several share a commune, and
    their tooltip says the position is the commune's.
    """
    points = []
    names = {}
    if communes is not None:
        names = dict(zip(communes["code"], communes["name_fr" if lang != "ar" else "name_ar"],
                         strict=False))
    anchors = anchors or {}
    stacked: dict[str, int] = {}
    services = format_values(centres["services"].to_numpy(), "number", lang)
    # the words of the tooltips, translated once (not once per centre)
    heading = {"type": t("Type", lang), "position": t("Position", lang),
               "mode": t("Management mode", lang), "status": t("Statuses", lang),
               "services": t("Services", lang)}
    position_commune = t("commune centre (no coordinates)", lang)

    def column(name: str) -> list:  # plain Python values, read a column at a time
        return centres[name].tolist() if name in centres else [None] * len(centres)

    for (name, commune, kind, mode, status, lat, lon), served in zip(
            zip(*(column(name) for name in ("name", "commune_code", "centre_type",
                                            "management_mode", "status", "latitude",
                                            "longitude")), strict=True),
            services, strict=True):
        rows = [(heading["type"], i18n.term_label(CENTRE_TYPES, kind, lang))]
        if lat is None or lon is None or pd.isna(lat) or pd.isna(lon):
            anchor = anchors.get(commune)
            if anchor is None:
                continue
            k = stacked[commune] = stacked.get(commune, -1) + 1
            angle, radius = k * 2.4, 0.006 * math.sqrt(k)
            lat, lon = anchor[0] + radius * math.sin(angle), anchor[1] + radius * math.cos(angle)
            rows.append((heading["position"], position_commune))
        if mode is not None and not pd.isna(mode):
            rows.append((heading["mode"], i18n.term_label(MANAGEMENT_MODES, mode, lang)))
        rows.append((heading["status"], i18n.term_label(STATUSES, status, lang)))
        rows.append((heading["services"], served))
        subtitle = names.get(commune) or ""
        points.append(Point(float(lat), float(lon), str(name), str(subtitle), tuple(rows)))
    return points


# --------------------------------------------------------------------------------------------
# Tables and sentences
# --------------------------------------------------------------------------------------------


def display_table(table: pd.DataFrame, columns: Sequence[str], lang: str) -> pd.DataFrame:
    """Indicator table with the unit name in ``lang``, translated headers, the code last.

    Values stay numeric (sortable, raw in downloads); :func:`cell_formats` formats them for
    the screen in the page's language.
    """
    frame = pd.DataFrame({t("Name", lang): i18n.unit_names(table, lang)})
    for column in columns:
        if column in table.columns:
            frame[label_of(COLUMNS, column, lang)] = table[column].to_numpy()
    frame[t("Code", lang)] = table["code"].astype(str).to_numpy()
    return frame


URBAN_RURAL_COLUMNS: tuple[str, ...] = ("communes_covered_urban", "coverage_rate_urban",
                                        "communes_covered_rural", "coverage_rate_rural")
"""Urban then rural coverage, side by side in a unit's row: communes covered and the rate."""
COVERAGE_TABLE_COLUMNS: tuple[str, ...] = ("coverage_rate", *URBAN_RURAL_COLUMNS)
"""The Coverage page's table of rates by unit (narrow enough for 1400 px, no sideways scroll)."""
OVERVIEW_TABLE_COLUMNS: tuple[str, ...] = ("centres", "coverage_rate", *URBAN_RURAL_COLUMNS)
"""The Overview's breakdown by unit: centres and coverage (urban beside rural), narrow enough
for 1400 px; population and funding have their table on the Funding page, capacity and
occupancy on the Coverage page (by measure)."""


def cell_formats(frame: pd.DataFrame, lang: str) -> dict[str, object]:
    """Formatter per numeric column of a displayed table, in ``lang``'s number format.

    Each column is written as :func:`dashboard.app.exports.numbers_shown` says (the rule its
    export is rounded with): fractions as percentages, amounts and counts as whole numbers
    with the language's grouping sign, a few ratios with decimals; years and ranks stay plain
    digits. Missing values show "—".
    """
    formats: dict[str, object] = {}
    for header, shown in numbers_shown(frame, lang).items():
        if shown.kind == "plain":
            formats[header] = lambda v: i18n.MISSING if pd.isna(v) else str(int(v))
        else:
            formats[header] = _formatted(frame[header], shown.kind, lang, shown.digits)
    return formats


def _formatted(column: pd.Series, kind: str, lang: str, digits: int):
    """A cell formatter of ``column`` whose texts are written at once
    (:func:`~dashboard.i18n.columns.format_values`), looked up per cell; a value it has
    not seen (or cannot look up) is formatted by the scalar function."""
    values = column.to_numpy()
    known = {value: text for value, text in zip(values.tolist(), format_values(
        values, kind, lang, digits), strict=True) if value == value}  # NaN: the scalar path
    scalar = i18n.percent if kind == "percent" else i18n.number

    def cell(value: object) -> str:
        try:
            return known[value]
        except (KeyError, TypeError):
            return scalar(value, lang, digits)

    return cell


# --------------------------------------------------------------------------------------------
# Page helpers
# --------------------------------------------------------------------------------------------


def lower_levels(level: str | None) -> list[str]:
    """Levels strictly below ``level`` (None = Morocco), communes excluded."""
    start = 0 if level is None else LEVELS.index(level) + 1
    return [lv for lv in LEVELS[start:] if lv != "commune"]


def coverage_level(territory_level: str | None, wanted: str | None) -> str:
    """Level a coverage-rate map shows: the wanted one if below the territory, else the next."""
    options = lower_levels(territory_level)
    if wanted in options:
        return wanted  # type: ignore[return-value]
    return options[0] if options else "commune"


def commune_coverage_table(table: pd.DataFrame, communes: pd.DataFrame, lang: str
                           ) -> pd.DataFrame:
    """Per-commune table (name, kind, covered, centres, services, population), sortable."""
    kinds = communes.set_index("code")["kind"]
    frame = pd.DataFrame({
        t("Name", lang): i18n.unit_names(table, lang),
        t("Covered", lang): [t("yes", lang) if c > 0 else t("no", lang)
                             for c in table["communes_covered"]],
        t("Commune type", lang): [label_of(COMMUNE_KINDS, k, lang)
                                  for k in table["code"].map(kinds)],
        t("Centres", lang): table["centres"].to_numpy(),
        t("Services", lang): table["services"].to_numpy(),
        t("Population 2024", lang): table["population_2024"].to_numpy(),
        t("Code", lang): table["code"].to_numpy(),
    })
    # compact types: this table is re-sent on every filter change (1,503 rows nationally);
    # plain strings travel with 32-bit offsets, repeated words as categories
    for column in (t("Name", lang), t("Code", lang)):
        frame[column] = frame[column].astype(object)
    for column in (t("Commune type", lang), t("Covered", lang)):
        frame[column] = frame[column].astype("category")
    for column in (t("Centres", lang), t("Services", lang),
                   t("Population 2024", lang)):
        frame[column] = pd.to_numeric(frame[column], downcast="integer")
    return frame


def split_per_unit(centres: pd.DataFrame, communes: pd.DataFrame, split: str,
                   metric: str, level: str = "cercle") -> pd.DataFrame:
    """Centres or services per unit (cercle by default) and per type (or mode), units as rows.

    Parameters
    ----------
    centres : DataFrame
        Counted centres (``commune_code``, ``centre_type``, ``management_mode``, ``services``).
    communes : DataFrame
        Communes of the territory with ``cercle_code`` (``<province>.01`` for urban ones).
    split : {"type", "mode"}
    metric : {"centres", "services", "capacity", "beneficiaries"}
        Centres counted, their services (1 when not given), places or people reached
        (0 when not given).
    level : {"cercle", "province", "region"}
        Units of the rows (``communes`` must carry their ``CODE_COLUMN[level]``).
    """
    column = "centre_type" if split == "type" else "management_mode"
    unit_of = communes.set_index("code")[CODE_COLUMN[level]]
    frame = centres.assign(unit_code=centres["commune_code"].map(unit_of))
    frame = frame.dropna(subset=["unit_code"])
    key = frame[column].astype("object").where(frame[column].notna(), "unknown")
    if metric == "centres":
        values = pd.Series(1, index=frame.index)
    else:
        values = pd.to_numeric(frame[metric], errors="coerce").fillna(0).astype("int64")
    return values.groupby([frame["unit_code"], key]).sum().unstack(fill_value=0)


def covered_series(table: pd.DataFrame) -> pd.Series:
    """Covered flag per commune code from a commune-level indicator table."""
    return pd.Series(table["communes_covered"].to_numpy() > 0, index=table["code"].to_numpy())


def years_label(years: tuple[int, int] | None) -> str:
    """" (2021)" or " (2019–2022)" after a money label: the period it covers, always said
    (empty only when no grant is loaded at all)."""
    if not years:
        return ""
    return f" ({years[0]})" if years[0] == years[1] else f" ({years[0]}–{years[1]})"


def funding_period(grants: pd.DataFrame | None, chosen: tuple[int, int] | None
                   ) -> tuple[int, int] | None:
    """Years the funding figures cover: the chosen ones within the loaded grants' years
    (all of them when none are chosen); None when no grant is loaded."""
    if grants is None or grants.empty or "year" not in grants.columns:
        return None
    first, last = int(grants["year"].min()), int(grants["year"].max())
    if chosen is None:
        return first, last
    return max(first, chosen[0]), min(last, chosen[1])
