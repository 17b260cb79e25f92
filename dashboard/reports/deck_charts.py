"""Native charts of the board pack (editable in PowerPoint): services per unit and type,
places and occupancy per unit, and communes covered year by year.

In a right-to-left deck (Arabic) every chart is mirrored like the tables beside it: bars grow
from the right, the units' names on the right, and years run from right to left with the
value axis on the right (:func:`mirror`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from dashboard import i18n
from dashboard.i18n import t
from dashboard.reports.content import plain_text
from dashboard.reports.deck_layout import (
    FONT,
    Box,
)
from dashboard.reports.deck_layout import rgb as _rgb
from dashboard.reports.palette import CATEGORICAL, COVERAGE_COLOURS

if TYPE_CHECKING:
    from dashboard.reports.pptx import Deck


def mirror(deck: Deck, chart) -> None:
    """Mirror ``chart`` in a right-to-left deck (nothing in French or English).

    Bar charts (units down the side) get their value axis reversed: the bars start at the
    right and the category axis, crossing at zero, stands on the right with the units'
    names. Line and column charts (years along the bottom) get their categories reversed:
    the first year on the right, and the value axis, crossing at the first year, with it.
    """
    from pptx.enum.chart import XL_CHART_TYPE

    if not deck.rtl:
        return
    bars = chart.chart_type in (XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.BAR_STACKED,
                                XL_CHART_TYPE.BAR_STACKED_100)
    if bars:
        chart.value_axis.reverse_order = True
    else:
        chart.category_axis.reverse_order = not chart.category_axis.reverse_order


def services_chart(deck: Deck, slide, units: pd.DataFrame, box: Box) -> None:
    """Native stacked bar chart (editable in PowerPoint): services per unit and type."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Pt

    from loaders.vocabulary import CENTRE_TYPES

    lang = deck.lang
    split = deck.content.services_by_type.reindex(units["code"]).fillna(0)
    data = CategoryChartData()
    data.categories = [plain_text(i18n.unit_name(r, lang), 28)
                       for r in units.to_dict("records")]
    colours = []
    keys = [term.key for term in CENTRE_TYPES]
    for column in split.columns:
        if split[column].sum() <= 0:
            continue
        data.add_series(i18n.term_label(CENTRE_TYPES, column, lang),
                        [float(v) for v in split[column]])
        colours.append(CATEGORICAL[keys.index(column) % len(CATEGORICAL)
                                   if column in keys else -1])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, *deck.place(box), data)
    chart = frame.chart
    chart.font.size = Pt(11)
    chart.font.name = FONT
    chart.has_title = True
    chart.chart_title.text_frame.text = t("Services of the counted centres, by type", lang)
    chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(13)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(10)
    category_axis = chart.category_axis
    category_axis.reverse_order = True  # most services on top
    category_axis.tick_labels.font.size = Pt(11)
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.tick_labels.font.size = Pt(10)
    chart.plots[0].gap_width = 60
    chart.plots[0].overlap = 100
    for series, colour in zip(chart.series, colours, strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = _rgb(colour)
    mirror(deck, chart)


def _chart(deck: Deck, slide, kind, data, box: Box, title: str):
    """A chart over ``box`` in the deck's font, titled, legend at the bottom."""
    from pptx.enum.chart import XL_LEGEND_POSITION
    from pptx.util import Pt

    chart = slide.shapes.add_chart(kind, *deck.place(box), data).chart
    chart.font.size = Pt(11)
    chart.font.name = FONT
    chart.has_title = True
    chart.chart_title.text_frame.text = title
    chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(13)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(10)
    return chart


def places_chart(deck: Deck, slide, units: pd.DataFrame, box: Box) -> None:
    """Bars of places per 1,000 inhabitants per unit, most first."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE

    lang = deck.lang
    data = CategoryChartData()
    data.categories = [plain_text(i18n.unit_name(r, lang), 28)
                       for r in units.to_dict("records")]
    data.add_series(t("Places per 1,000 inhabitants", lang),
                    [round(float(v), 2) if pd.notna(v) else 0.0
                     for v in units["places_per_1000"]])
    chart = _chart(deck, slide, XL_CHART_TYPE.BAR_CLUSTERED, data, box,
                   t("Places per 1,000 inhabitants", lang))
    chart.has_legend = False
    chart.category_axis.reverse_order = True
    chart.plots[0].gap_width = 60
    series = chart.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = _rgb(CATEGORICAL[0])
    mirror(deck, chart)


def trend_chart(deck: Deck, slide, table: pd.DataFrame, box: Box) -> None:
    """Lines of the communes covered, urban and rural, year by year."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE

    lang = deck.lang
    data = CategoryChartData()
    data.categories = [str(int(y)) for y in table["year"]]
    for kind, label in (("urban", t("Urban communes covered", lang)),
                        ("rural", t("Rural communes covered", lang))):
        data.add_series(label, [int(v) for v in table[f"communes_covered_{kind}"]])
    chart = _chart(deck, slide, XL_CHART_TYPE.LINE_MARKERS, data, box,
                   t("Communes covered, year by year", lang))
    chart.value_axis.has_major_gridlines = True
    for series, kind in zip(chart.series, ("urban", "rural"), strict=True):
        series.format.line.color.rgb = _rgb(COVERAGE_COLOURS[(kind, True)])
        series.smooth = False
    mirror(deck, chart)
