"""The board pack: an editable 16:9 PowerPoint deck of one territory (French, Arabic, English).

:func:`build_deck` reuses the report's content (:func:`dashboard.reports.content.report_content`:
the same figures as the PDF, the app and the command line) and lays it out with python-pptx:

1. title (territory in French and Arabic, date, dataset, filters, "illustrative data");
2. key figures (the headline sentence and the cards of the PDF);
3. coverage map of urban / rural communes covered or not, legend drawn as slide shapes;
4. services per unit (cercles of a region or province): native bar chart and table;
5. funding density map, classes from :func:`dashboard.reports.classes.classify`;
6. the top underserved communes;
7. sources and method.

Every slide has a title, a source line and its number; on the generated demo data every
slide also says the data are illustrative. Maps are pictures without text (rendered by
:mod:`dashboard.reports.static_map`); every word is slide text, so it stays editable.

Arabic
------
Paragraphs are right to left (``<a:pPr rtl="1">``) and right-aligned, runs are tagged
``ar-MA`` and name a complex-script font (``<a:cs typeface="Arial"/>``); PowerPoint and
LibreOffice shape Arabic themselves, so the text is stored as typed. Tables and the slide
layout are mirrored (the first column and the map on the right).

Extending
---------
Slides are built by functions ``builder(deck: Deck) -> None`` named in :data:`SLIDE_ORDER`.
Two slots are empty by default, to be filled by other modules without touching this one:
``"proposed_sites"`` (planning) and ``"changes"`` (what changed since the previous dataset
version). Pass them to :func:`build_deck` through ``builders={"changes": my_builder}`` and
their data through ``extras``; :meth:`Deck.new_slide`, :meth:`Deck.text`,
:meth:`Deck.table`, :meth:`Deck.picture` and :meth:`Deck.legend` (:mod:`dashboard.reports.deck`)
give them the deck's look.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping

import pandas as pd

from dashboard import i18n
from dashboard.calc.indicators import DEFAULT_FILTERS, Filters
from dashboard.i18n import N_, t
from dashboard.i18n.labels import LEVELS, SCHEME_NAMES, UNIT_LINES, label_of
from dashboard.reports import map_image
from dashboard.reports.content import (
    credit,
    filters_line,
    headline_sentence,
    key_figures,
    of_total,
    plain_text,
    report_content,
    underserved_rows,
)
from dashboard.reports.deck import (
    BODY_BOTTOM,
    BODY_TOP,
    FONT,
    HEIGHT_IN,
    MARGIN_IN,
    TABLE_ROWS,
    WIDTH_IN,
    Box,
    Deck,
    emu,
    slide_colour,
)
from dashboard.reports.palette import (
    CARD_FILL,
    CATEGORICAL,
    INK,
    MUTED,
    NOTICE,
    RULE,
)

SlideBuilder = Callable[[Deck], None]

# --------------------------------------------------------------------------------------------
# Slides
# --------------------------------------------------------------------------------------------

_BODY_WIDTH = WIDTH_IN - 2 * MARGIN_IN


def title_slide(deck: Deck) -> None:
    """Territory in French and Arabic, report title, date, dataset and filters."""
    territory, lang = deck.content.territory, deck.lang
    slide = deck.new_slide("Taghtia · " + t("Board pack", lang))
    name_fr = territory.name_fr if territory.code else t("Morocco", "fr")
    name_ar = territory.name_ar if territory.code else t("Morocco", "ar")
    first, second = (name_ar, name_fr) if deck.rtl else (name_fr, name_ar)
    deck.text(slide, Box(MARGIN_IN, 1.7, _BODY_WIDTH, 1.0), first, 44, bold=True)
    deck.text(slide, Box(MARGIN_IN, 2.75, _BODY_WIDTH, 0.9), second, 36, bold=True,
              colour=MUTED, rtl=second == name_ar)
    level_text = (label_of(UNIT_LINES, territory.level, lang, code=territory.code)
                  if territory.level else t("Kingdom of Morocco", lang))
    grants = deck.extras.get("grants", 0)
    centres = deck.extras.get("centres", 0)
    lines = [t("Social coverage report", lang) + f" · {level_text}", deck.date_text,
             t("Dataset: {name} — {centres} centres, {grants} grants", lang,
               name=plain_text(deck.dataset_label, 90),
               centres=i18n.number(centres, lang), grants=i18n.number(grants, lang)),
             filters_line(deck.filters, lang)]
    deck.text(slide, Box(MARGIN_IN, 3.9, _BODY_WIDTH, 2.0), lines, 16, colour=INK,
              space_after=6)
    if deck.illustrative:
        deck.text(slide, Box(MARGIN_IN, 5.9, _BODY_WIDTH, 0.8),
                  t("Illustrative data: the centres and grants shown are generated (demo), not "
                    "the real registry. Boundaries and census figures are real.", lang), 14,
                  bold=True, colour=NOTICE)


def key_figures_slide(deck: Deck) -> None:
    """The headline sentence and eight cards (same as the PDF)."""
    lang, content = deck.lang, deck.content
    slide = deck.new_slide(t("Key figures — {name}", lang, name=deck.name))
    deck.text(slide, Box(MARGIN_IN, BODY_TOP + 0.05, _BODY_WIDTH, 0.9),
              headline_sentence(content.headline, deck.name, lang), 20, bold=True)
    cards = key_figures(content.headline, lang, deck.filters)
    per_row, gap = 4, 0.25
    width = (_BODY_WIDTH - gap * (per_row - 1)) / per_row
    height = 1.85
    for index, (label, value, detail) in enumerate(cards):
        row, column = divmod(index, per_row)
        box = Box(MARGIN_IN + column * (width + gap), 2.45 + row * (height + gap), width, height)
        deck.rectangle(slide, box, CARD_FILL, line=RULE)
        deck.text(slide, Box(box.x + 0.15, box.y + 0.12, width - 0.3, 0.45), label, 14,
                  colour=MUTED)
        deck.text(slide, Box(box.x + 0.15, box.y + 0.58, width - 0.3, 0.7), value,
                  30 if len(value) <= 10 else 24 if len(value) <= 14 else 20, bold=True)
        if detail:
            deck.text(slide, Box(box.x + 0.15, box.y + 1.3, width - 0.3, 0.45), detail, 12,
                      colour=MUTED)


_MAP_BOX = Box(MARGIN_IN, BODY_TOP, 8.3, BODY_BOTTOM - BODY_TOP)
_LEGEND_BOX = Box(MARGIN_IN + 8.6, BODY_TOP + 0.2, _BODY_WIDTH - 8.6, BODY_BOTTOM - BODY_TOP - 0.2)


def _map_slide(deck: Deck, kind: str, title: str) -> None:
    picture = map_image.map_picture(deck.content, kind, deck.lang)
    slide = deck.new_slide(title)
    png = map_image.render_picture_png(picture, _MAP_BOX.w * 25.4, _MAP_BOX.h * 25.4)
    deck.picture(slide, png, _MAP_BOX)
    deck.legend(slide, _LEGEND_BOX, picture.legend_title, picture.legend, picture.note)


def coverage_slide(deck: Deck) -> None:
    """Communes covered or not, urban and rural, with the legend as slide shapes."""
    _map_slide(deck, "coverage", t("Communes with and without a centre — {name}", deck.lang,
                                   name=deck.name))


def funding_slide(deck: Deck) -> None:
    """Funding per inhabitant, classed (quantiles, 5 classes) like the app's funding page."""
    _map_slide(deck, "funding", t("Funding density — {name}", deck.lang, name=deck.name))


def services_slide(deck: Deck) -> None:
    """Services per unit: stacked bars by centre type and the table, most services first."""
    lang, content = deck.lang, deck.content
    level_label = label_of(LEVELS, content.services_level, lang)
    slide = deck.new_slide(t("Services per unit — {level}", lang, level=level_label))
    units = content.services.head(TABLE_ROWS)
    if units.empty:
        deck.text(slide, Box(MARGIN_IN, BODY_TOP, _BODY_WIDTH, 1),
                  t("No data for this territory.", lang), 18)
        return
    if len(content.services) > TABLE_ROWS:
        deck.text(slide, Box(MARGIN_IN, BODY_TOP, _BODY_WIDTH, 0.4),
                  t("The first {shown} of {count} units, by number of services.", lang,
                    shown=i18n.number(TABLE_ROWS, lang),
                    count=i18n.number(len(content.services), lang)), 12, colour=MUTED)
    top = BODY_TOP + 0.45
    _services_chart(deck, slide, units, Box(MARGIN_IN, top, 6.0, BODY_BOTTOM - top))
    headings = [t("Name", lang), t("Communes covered", lang), t("Centres", lang),
                t("Services", lang), t("Coverage rate", lang)]
    rows = [[plain_text(i18n.unit_name(r, lang), 34),
             of_total(r.get("communes_covered"), r.get("communes_total"), lang),
             i18n.number(r.get("centres"), lang), i18n.number(r.get("services"), lang),
             i18n.percent(r.get("coverage_rate"), lang)] for r in units.to_dict("records")]
    deck.table(slide, Box(MARGIN_IN + 6.25, top, _BODY_WIDTH - 6.25, BODY_BOTTOM - top),
               headings, rows, [34, 20, 14, 14, 20], [False, True, True, True, True],
               size=12 if len(rows) <= 8 else 11)


def _services_chart(deck: Deck, slide, units: pd.DataFrame, box: Box) -> None:
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
        series.format.fill.fore_color.rgb = slide_colour(colour)


def underserved_slide(deck: Deck) -> None:
    """The communes without a centre that come first for planning (top 10)."""
    lang, content = deck.lang, deck.content
    slide = deck.new_slide(t("Priority communes without a centre — {name}", lang, name=deck.name))
    if content.underserved_total == 0:
        deck.text(slide, Box(MARGIN_IN, BODY_TOP, _BODY_WIDTH, 1),
                  t("Every commune of the territory has at least one centre.", lang), 18)
        return
    shown = len(content.underserved)
    key = (N_("The first {shown} of {count} communes without a centre:")
           if shown < content.underserved_total
           else N_("The {count} communes without a centre:"))
    deck.text(slide, Box(MARGIN_IN, BODY_TOP, _BODY_WIDTH, 0.45),
              t(key, lang, shown=i18n.number(shown, lang),
                count=i18n.number(content.underserved_total, lang)), 15, bold=True)
    headings, rows, widths, numeric = underserved_rows(content, lang)
    height = min(0.4 * (len(rows) + 1), 4.6)
    deck.table(slide, Box(MARGIN_IN, BODY_TOP + 0.55, _BODY_WIDTH, height), headings, rows,
               widths, numeric, size=13)
    deck.text(slide, Box(MARGIN_IN, BODY_TOP + 0.65 + height, _BODY_WIDTH, 0.6),
              t("Priority: 2024 population, need score (illiteracy, disability, under 15, 60 and "
                "over; RGPH 2024) and distance to the nearest centre.", lang), 11, colour=MUTED)


def sources_slide(deck: Deck) -> None:
    """Sources, the dataset and filters, and how each figure is computed."""
    lang = deck.lang
    slide = deck.new_slide(t("Sources and method", lang), source=deck.source_line())
    classes = t("{scheme}, {k} classes", lang,
                scheme=label_of(SCHEME_NAMES, map_image.FUNDING_SCHEME, lang),
                k=i18n.number(map_image.FUNDING_CLASSES, lang))
    grants = deck.extras.get("grants", 0)
    lines = [
        t("Sources: {credit}", lang, credit=credit(lang)),
        t("Dataset: {name} — {centres} centres, {grants} grants", lang,
          name=plain_text(deck.dataset_label, 90),
          centres=i18n.number(deck.extras.get("centres", 0), lang),
          grants=i18n.number(grants, lang)),
        filters_line(deck.filters, lang),
        t("Covered commune: at least one counted centre in the commune (by default the operating "
          "centres).", lang),
        t("Services: sum of the services declared by the counted centres (1 when not given).",
          lang),
        t("Funding per inhabitant: grants located in the unit ÷ 2024 population (RGPH); map "
          "classes: {classes} (mapclassify).", lang, classes=classes),
        t("Priority: 2024 population, need score (illiteracy, disability, under 15, 60 and over; "
          "RGPH 2024) and distance to the nearest centre.", lang),
        t("Made with Taghtia on {date}.", lang, date=deck.date_text),
    ]
    if deck.illustrative:
        lines.append(t("Illustrative data: the centres and grants shown are generated (demo), not "
                       "the real registry. Boundaries and census figures are real.", lang))
    deck.text(slide, Box(MARGIN_IN, BODY_TOP + 0.1, _BODY_WIDTH, BODY_BOTTOM - BODY_TOP),
              lines, 15, space_after=9)


SLIDE_ORDER: tuple[str, ...] = ("title", "key_figures", "coverage", "services", "funding",
                                "underserved", "proposed_sites", "changes", "sources")
"""Slots of the deck in order; a slot without a builder is left out."""

SLIDE_BUILDERS: Mapping[str, SlideBuilder | None] = {
    "title": title_slide,
    "key_figures": key_figures_slide,
    "coverage": coverage_slide,
    "services": services_slide,
    "funding": funding_slide,
    "underserved": underserved_slide,
    "proposed_sites": None,  # planning: proposed sites (filled by the planning module)
    "changes": None,  # since the last version (filled by the dataset store's comparison)
    "sources": sources_slide,
}
"""Default builder of each slot of :data:`SLIDE_ORDER`."""


# --------------------------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------------------------


def build_deck(
    centres: pd.DataFrame,
    funding: pd.DataFrame | None,
    within: str | None,
    lang: str = "fr",
    filters: Filters = DEFAULT_FILTERS,
    dataset_label: str | None = None,
    illustrative: bool = False,
    *,
    today: dt.date | None = None,
    builders: Mapping[str, SlideBuilder | None] | None = None,
    extras: Mapping[str, object] | None = None,
) -> bytes:
    """The board pack of one territory as PPTX bytes (16:9, 7 slides by default).

    Parameters
    ----------
    centres, funding, within, lang, filters, dataset_label, illustrative, today
        As in :func:`dashboard.reports.pdf.build_report`.
    builders : mapping, optional
        Builders replacing or filling slots of :data:`SLIDE_ORDER` (e.g.
        ``{"changes": changes_slide}``); ``None`` as a value leaves a slot out.
    extras : mapping, optional
        Data for the added slides, available as ``deck.extras``.

    Returns
    -------
    bytes
        The .pptx file (a ZIP starting with ``PK``).

    Raises
    ------
    ValueError
        If ``lang`` is not fr, ar or en, ``within`` is not a unit code, a slot name is
        unknown, or a centre or grant carries a commune code absent from the reference.
    """
    from pptx import Presentation

    i18n.check_lang(lang)
    if not isinstance(filters, Filters):
        raise ValueError(f"filters must be a Filters instance; got {type(filters).__name__}")
    chosen = dict(SLIDE_BUILDERS)
    for slot, builder in (builders or {}).items():
        if slot not in SLIDE_ORDER:
            raise ValueError(f"unknown slide slot {slot!r}; slots are {', '.join(SLIDE_ORDER)}")
        chosen[slot] = builder
    content = report_content(centres, funding, within, filters)
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = emu(WIDTH_IN), emu(HEIGHT_IN)
    label = dataset_label or (t("illustrative demo", lang) if illustrative else i18n.MISSING)
    data = {"centres": len(centres), "grants": 0 if funding is None else len(funding),
            **(extras or {})}
    deck = Deck(presentation, content, lang, filters, label, illustrative,
                today or dt.date.today(), data)
    for slot in SLIDE_ORDER:
        builder = chosen[slot]
        if builder is not None:
            builder(deck)
    properties = presentation.core_properties
    properties.title = " — ".join(("Taghtia", t("Board pack", lang), deck.name))
    properties.language = {"fr": "fr-MA", "ar": "ar-MA", "en": "en"}[lang]
    properties.author = "Taghtia"
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()
