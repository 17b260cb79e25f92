"""The board report: one territory on 1-3 A4 pages, as a PDF in French, Arabic or English.

:func:`build_report` computes every figure through the same functions as the app and the
command line (:func:`~dashboard.calc.indicators.compute_indicators`,
:func:`~dashboard.calc.planning.underserved`), draws a static coverage map
(:mod:`dashboard.reports.static_map`) and lays the pages out with fpdf2. It is pure: it takes the
accepted frames of :mod:`loaders` and returns the PDF as bytes; the only file it reads is
the font.

Text
----
All text is set in DejaVu Sans, the font bundled with matplotlib, which covers Latin and
Arabic; a fresh machine needs no system font. Arabic is shaped (joined letters) with
HarfBuzz (``uharfbuzz``) through fpdf2's text shaping, and laid out right to left: text
aligned right, key-figure cards and table columns mirrored. Unit and centre names from the
data are written as plain text (no markup is interpreted; control characters are replaced
with spaces).

Pages
-----
1. Title with the territory's French and Arabic names, date, dataset line and the filters;
   the headline sentence; key-figure cards; the coverage map with its legend.
2. The child units (regions of Morocco, provinces of a region, cercles of a province with
   the "municipalities" group, communes of a cercle; the centres of a commune), then the
   top underserved communes.

Every page ends with the credit line in the report's language
(:func:`~dashboard.reports.content.credit`) and, for the generated demo data, the notice
:data:`~dashboard.reports.content.ILLUSTRATIVE_NOTICE`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd

from dashboard import i18n
from dashboard.calc.indicators import DEFAULT_FILTERS, Filters
from dashboard.i18n import N_, t
from dashboard.i18n.labels import COMMUNE_COVERAGE, LEVELS, UNIT_LINES, label_of
from dashboard.reports import palette
from dashboard.reports.changes import VersionChanges
from dashboard.reports.content import (
    ILLUSTRATIVE_NOTICE,
    ReportContent,
    centre_rows,
    child_rows,
    credit,
    filters_line,
    headline_sentence,
    key_figures,
    plain_text,
    report_content,
    underserved_rows,
)
from dashboard.reports.palette import COVERAGE_COLOURS, rgb
from dashboard.reports.service_content import as_of_sentence

FONT_FAMILY = "dejavu"

# Page geometry (mm, A4 portrait)
_MARGIN = 12.0
_PAGE_WIDTH = 210.0
_CONTENT_WIDTH = _PAGE_WIDTH - 2 * _MARGIN
_FOOTER_HEIGHT = 16.0
_PAGE_HEIGHT = 297.0
_MAP_HEIGHT = (90.0, 150.0)  # the map takes the rest of page 1, within these bounds
_BELOW_MAP = 17.0  # legend and note

# Colours (RGB, from the palette)
_INK = rgb(palette.INK)
_MUTED = rgb(palette.MUTED)
_RULE = rgb(palette.RULE)
_CARD_FILL = rgb(palette.CARD_FILL)
_ZEBRA = rgb(palette.ZEBRA)
_HEAD_FILL = rgb(palette.HEAD_FILL)
_NOTICE = rgb(palette.NOTICE)
_CONTEXT_FILL = rgb(palette.CONTEXT_FILL)

_TOTAL_PAGES = "\ue000"  # private-use character, never in data text (plain_text drops it)


# --------------------------------------------------------------------------------------------
# Fonts
# --------------------------------------------------------------------------------------------


def font_paths() -> tuple[Path, Path]:
    """Regular and bold DejaVu Sans, as bundled with matplotlib (Latin and Arabic glyphs)."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"


# --------------------------------------------------------------------------------------------
# Map
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _map_png(code: str | None, level: str | None, covered: frozenset[str],
             height_mm: float) -> bytes:
    from dashboard.reports.static_map import coverage_colours, map_frames, render_units_map

    frames = map_frames(code, level, "commune")
    flags = frames.units["code"].astype(str).isin(covered).to_numpy()
    colours = coverage_colours(frames.units["kind"].astype(str), flags)
    return render_units_map(frames, colours, width_mm=_CONTENT_WIDTH, height_mm=height_mm)


# --------------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------------


class _Document:
    """fpdf2 document with the report's fonts, direction and footer."""

    def __init__(self, lang: str, footer_lines: Sequence[tuple[str, bool]], stamp: str) -> None:
        from fpdf import FPDF

        regular, bold = font_paths()
        outer = self

        class _PDF(FPDF):
            def footer(self) -> None:  # fpdf2 hook, called on every page
                outer._footer()

        self.pdf = _PDF(orientation="P", unit="mm", format="A4")
        self.pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
        self.pdf.set_auto_page_break(True, margin=_FOOTER_HEIGHT + 4)
        self.pdf.add_font(FONT_FAMILY, "", str(regular))
        self.pdf.add_font(FONT_FAMILY, "B", str(bold))
        self.rtl = i18n.direction(lang) == "rtl"
        self.pdf.set_text_shaping(True, direction="rtl" if self.rtl else "ltr")
        self.pdf.set_creator("Taghtia")
        # fpdf2 replaces "{nb}" by the page count anywhere; data text must stay as typed.
        self.pdf.alias_nb_pages(_TOTAL_PAGES)
        self.lang = lang
        self.footer_lines = footer_lines
        self.stamp = stamp

    # -- primitives -----------------------------------------------------------------------

    @property
    def start(self) -> str:
        return "R" if self.rtl else "L"

    def font(self, size: float, bold: bool = False, colour: tuple[int, int, int] = _INK
             ) -> None:
        self.pdf.set_font(FONT_FAMILY, "B" if bold else "", size)
        self.pdf.set_text_color(*colour)

    def line(self, text: str, size: float, *, bold: bool = False, colour=_INK,
             height: float | None = None, align: str | None = None) -> None:
        """A paragraph across the content width, wrapped, aligned to the reading start."""
        self.font(size, bold, colour)
        self.pdf.set_x(_MARGIN)
        self.pdf.multi_cell(_CONTENT_WIDTH, height or size * 0.5, text,
                            align=align or self.start, new_x="LMARGIN", new_y="NEXT")

    def x_of(self, left: float, width: float) -> float:
        """Mirror a box's left edge (measured from the reading start) for right to left."""
        return _PAGE_WIDTH - _MARGIN - left - width if self.rtl else _MARGIN + left

    def _footer(self) -> None:
        pdf = self.pdf
        pdf.set_y(-_FOOTER_HEIGHT)
        pdf.set_draw_color(*_RULE)
        pdf.line(_MARGIN, pdf.get_y(), _PAGE_WIDTH - _MARGIN, pdf.get_y())
        pdf.ln(1.2)
        for text, notice in self.footer_lines:
            self.font(7.5 if notice else 6.5, bold=notice, colour=_NOTICE if notice else _MUTED)
            pdf.set_x(_MARGIN)
            pdf.cell(_CONTENT_WIDTH, 3.6, text, align="C", new_x="LMARGIN", new_y="NEXT")
        self.font(6.5, colour=_MUTED)
        pdf.set_x(_MARGIN)
        page = t("page {page} / {pages}", self.lang, page=pdf.page_no(), pages=_TOTAL_PAGES)
        pdf.cell(_CONTENT_WIDTH, 3.6, f"{self.stamp} · {page}", align="C")

    # -- blocks ---------------------------------------------------------------------------

    def section(self, title: str) -> None:
        self.pdf.ln(2)
        self.line(title, 11.5, bold=True, height=6)
        self.pdf.set_draw_color(*_RULE)
        self.pdf.line(_MARGIN, self.pdf.get_y(), _PAGE_WIDTH - _MARGIN, self.pdf.get_y())
        self.pdf.ln(1.5)

    def cards(self, cards: Sequence[tuple[str, str, str]], per_row: int = 4) -> None:
        pdf = self.pdf
        gap, height = 3.0, 21.0
        width = (_CONTENT_WIDTH - gap * (per_row - 1)) / per_row
        top = pdf.get_y()
        for index, (label, value, detail) in enumerate(cards):
            row, column = divmod(index, per_row)
            x = self.x_of(column * (width + gap), width)
            y = top + row * (height + gap)
            pdf.set_fill_color(*_CARD_FILL)
            pdf.set_draw_color(*_RULE)
            pdf.rect(x, y, width, height, style="DF")
            inner = width - 4
            self.font(7, colour=_MUTED)
            pdf.set_xy(x + 2, y + 1.5)
            pdf.cell(inner, 4, label, align=self.start)
            size = 14.0
            self.font(size, bold=True)
            while size > 8 and pdf.get_string_width(value) > inner:
                size -= 0.5
                self.font(size, bold=True)
            pdf.set_xy(x + 2, y + 6.5)
            pdf.cell(inner, 7, value, align=self.start)
            if detail:
                self.font(6.8, colour=_MUTED)
                pdf.set_xy(x + 2, y + 14.5)
                pdf.cell(inner, 4, detail, align=self.start)
        rows = (len(cards) + per_row - 1) // per_row
        pdf.set_xy(_MARGIN, top + rows * (height + gap))

    def legend(self, entries: Sequence[tuple[tuple[int, int, int], str]]) -> None:
        pdf = self.pdf
        self.font(7.5)
        y = pdf.get_y() + 1
        offset = 0.0
        for colour, label in entries:
            text_width = pdf.get_string_width(label) + 1
            box = 4.0
            x = self.x_of(offset, box + 1.5 + text_width)
            swatch_x = x + text_width + 1.5 if self.rtl else x
            text_x = x if self.rtl else x + box + 1.5
            pdf.set_fill_color(*colour)
            pdf.set_draw_color(*_RULE)
            pdf.rect(swatch_x, y + 0.3, box, 3.4, style="DF")
            pdf.set_xy(text_x, y)
            pdf.cell(text_width, 4, label, align=self.start)
            offset += box + 1.5 + text_width + 5
        pdf.set_xy(_MARGIN, y + 5.5)

    def table(self, headings: Sequence[str], rows: Sequence[Sequence[str]],
              widths: Sequence[float], numeric: Sequence[bool],
              bold_last: bool = False) -> None:
        """A table over the content width; columns mirrored for right to left."""
        from fpdf.fonts import FontFace

        order = list(range(len(headings)))
        if self.rtl:
            order.reverse()
        end = "L" if self.rtl else "R"  # numbers to the line's end, text to its start
        aligns = tuple(end if numeric[i] else self.start for i in order)
        self.font(7.3)
        heading_face = FontFace(emphasis="BOLD", fill_color=_HEAD_FILL, size_pt=7.3)
        total_face = FontFace(emphasis="BOLD")
        with self.pdf.table(
            col_widths=tuple(widths[i] for i in order),
            width=_CONTENT_WIDTH,
            text_align=aligns,
            line_height=4.2,
            headings_style=heading_face,
            borders_layout="HORIZONTAL_LINES",
            cell_fill_color=_ZEBRA,
            cell_fill_mode="ROWS",
            padding=(0.8, 1.2),
            repeat_headings=1,
        ) as table:
            header = table.row()
            for i in order:
                header.cell(headings[i])
            for index, values in enumerate(rows):
                style = total_face if bold_last and index == len(rows) - 1 else None
                row = table.row(style=style)
                for i in order:
                    row.cell(values[i])
        self.pdf.ln(1)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


# --------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------


def _hex_rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _outline_label(level: str | None, lang: str) -> str:
    from dashboard.reports.static_map import OUTLINE_LEVEL

    inner = OUTLINE_LEVEL.get(level)
    return t("Grey lines: {units}.", lang, units=label_of(LEVELS, inner, lang)) if inner else ""


# --------------------------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------------------------


def build_report(
    centres: pd.DataFrame,
    funding: pd.DataFrame | None,
    within: str | None,
    lang: str = "fr",
    filters: Filters = DEFAULT_FILTERS,
    dataset_label: str | None = None,
    illustrative: bool = False,
    *,
    today: dt.date | None = None,
    changes: VersionChanges | None = None,
    trend_from: int | None = None,
    provinces: pd.DataFrame | None = None,
) -> bytes:
    """The board report of one territory as PDF bytes (A4 portrait, 2 pages usually).

    Parameters
    ----------
    centres : pandas.DataFrame
        Accepted centres (``loaders.load_centres(...).accepted``).
    funding : pandas.DataFrame or None
        Accepted grants (``loaders.load_funding(...).accepted``); ``None`` = no funding.
    within : str or None
        Code of a region, province, cercle or commune, dotted or 9-digit; ``None`` = Morocco.
    lang : {"fr", "ar", "en"}
        Language of the report; Arabic is laid out right to left.
    filters : Filters
        Which centres and grants count (default: operating centres, every grant).
    dataset_label : str, optional
        What the dataset is called on the title page (file names); default: the
        illustrative-demo label when ``illustrative`` else "—".
    illustrative : bool
        True for the generated demo data: every page then carries
        :data:`ILLUSTRATIVE_NOTICE`.
    today : datetime.date, optional
        Date printed on the report (default: today).
    changes : VersionChanges, optional
        What changed since an earlier version of the dataset
        (:mod:`dashboard.reports.changes`): a last section "since the last version".
    trend_from : int, optional
        First year of the "since YEAR" trend section (default: the first year with data,
        the registry's first opening year).
    provinces : pandas.DataFrame, optional
        For the national registry, where each province comes from
        (:func:`dashboard.store.registry.sources`): a last section lists the territory's
        provinces with their dataset, version and date.

    Returns
    -------
    bytes
        The PDF document (starts with ``%PDF``).

    Raises
    ------
    ValueError
        If ``lang`` is not fr, ar or en, ``within`` is not a unit code, or a centre or grant
        carries a commune code absent from the reference.
    """
    i18n.check_lang(lang)
    if not isinstance(filters, Filters):
        raise ValueError(f"filters must be a Filters instance; got {type(filters).__name__}")
    content = report_content(centres, funding, within, filters)
    covered = frozenset(content.communes.loc[content.communes["communes_covered"] > 0, "code"])

    def draw_map(height_mm: float) -> bytes:
        return _map_png(content.territory.code, content.territory.level, covered,
                        round(height_mm))

    output = _render(content, draw_map, centres, funding, lang, filters, dataset_label,
                     illustrative, today or dt.date.today())
    _service_sections(output, content, centres, funding, lang, trend_from, today)
    _partners_section(output, content, content.territory.name(lang), lang)
    if changes is not None:
        _changes_section(output, changes, content.territory.name(lang), lang)
    if provinces is not None:
        _sources_section(output, provinces, content.territory.code, lang)
    return output.output()


def _render(content: ReportContent, draw_map: Callable[[float], bytes], centres: pd.DataFrame,
            funding: pd.DataFrame | None, lang: str, filters: Filters,
            dataset_label: str | None, illustrative: bool, today: dt.date) -> _Document:
    from babel.dates import format_date

    territory = content.territory
    name = territory.name(lang)
    date_text = format_date(today, "long", locale=i18n.LOCALES[lang])
    footer = [(t("Sources: {credit}", lang, credit=credit(lang)), False)]
    if illustrative:
        footer.append((ILLUSTRATIVE_NOTICE, True))
    title = t("Social coverage report", lang)
    stamp = f"Taghtia — {title} — {name} — {date_text}"
    doc = _Document(lang, footer, stamp)
    pdf = doc.pdf
    pdf.set_title(f"Taghtia — {title} — {name}")
    pdf.set_lang({"fr": "fr-MA", "ar": "ar-MA", "en": "en"}[lang])
    pdf.add_page()

    # Title block
    doc.line(f"Taghtia · {title}", 9, colour=_MUTED, height=4.5)
    other = territory.name_fr if lang == "ar" else territory.name_ar
    doc.line(f"{name} · {other}" if other and other != name else name, 20, bold=True,
             height=10)
    level_text = (label_of(UNIT_LINES, territory.level, lang, code=territory.code)
                  if territory.level else t("Kingdom of Morocco", lang))
    doc.line(f"{level_text} · {date_text}", 9, colour=_MUTED, height=4.5)
    label = dataset_label or (t("illustrative demo", lang) if illustrative else i18n.MISSING)
    grants = 0 if funding is None else len(funding)
    doc.line(t("Dataset: {name} — {centres} centres, {grants} grants", lang,
               name=plain_text(label, 90),
               centres=i18n.number(len(centres), lang), grants=i18n.number(grants, lang)),
             8, colour=_MUTED, height=4.2)
    doc.line(filters_line(filters, lang), 8, colour=_MUTED, height=4.2)
    as_of = as_of_sentence(content.headline, filters, lang)
    if as_of:
        doc.line(as_of, 8, bold=True, height=4.2)
    if illustrative:
        doc.line(t("Illustrative data: the centres and grants shown are generated (demo), not the "
                   "real registry. Boundaries and census figures are real.", lang),
                 7.5, colour=_NOTICE, height=3.8)

    # Headline and cards
    pdf.ln(2.5)
    doc.line(headline_sentence(content.headline, name, lang), 12, bold=True, height=6)
    pdf.ln(2)
    doc.cards(key_figures(content.headline, lang, filters))

    # Map
    doc.section(t("Communes with and without a centre", lang))
    top = pdf.get_y()
    room = _PAGE_HEIGHT - pdf.b_margin - top - _BELOW_MAP
    height = round(min(max(room, _MAP_HEIGHT[0]), _MAP_HEIGHT[1]))
    pdf.image(io.BytesIO(draw_map(height)), x=_MARGIN, y=top, w=_CONTENT_WIDTH, h=height)
    pdf.set_xy(_MARGIN, top + height + 1)
    entries = [(_hex_rgb(COVERAGE_COLOURS[(kind, flag)]),
                label_of(COMMUNE_COVERAGE, f"{kind}_{state}", lang))
               for kind in ("urban", "rural")
               for flag, state in ((True, "covered"), (False, "uncovered"))]
    if territory.code is not None:
        entries.append((_CONTEXT_FILL, t("Outside the territory", lang)))
    doc.legend(entries)
    note = t("Covered = at least one counted centre in the commune. Black line: the territory.",
             lang)
    outlines = _outline_label(territory.level, lang)
    doc.line(f"{note} {outlines}".strip(), 7, colour=_MUTED, height=3.6)

    # Child units, or the centres of a commune
    pdf.add_page()
    if content.child_level is None:
        doc.section(t("Centres counted — {name}", lang, name=name))
        if content.centres_here is not None and len(content.centres_here):
            doc.table(*centre_rows(content.centres_here, lang))
        else:
            doc.line(t("No counted centre in this commune.", lang), 9)
    else:
        doc.section(t("{level} — {name}", lang, level=label_of(LEVELS, content.child_level, lang),
                      name=name))
        headings, rows, widths, numeric = child_rows(content, lang)
        doc.table(headings, rows, widths, numeric, bold_last=True)
        if content.child_level == "cercle":
            doc.line(t('Urban communes form the "Municipalities" group.', lang), 7, colour=_MUTED,
                     height=3.6)

    # Underserved communes
    doc.section(t("Communes without a centre, by priority", lang))
    if content.underserved_total == 0:
        doc.line(t("Every commune of the territory has at least one centre.", lang), 9)
    else:
        shown = len(content.underserved)
        key = (N_("The first {shown} of {count} communes without a centre:")
               if shown < content.underserved_total
               else N_("The {count} communes without a centre:"))
        doc.line(t(key, lang, shown=i18n.number(shown, lang),
                   count=i18n.number(content.underserved_total, lang)), 8.5, height=4.5)
        pdf.ln(1)
        doc.table(*underserved_rows(content, lang))
        doc.line(t("Priority: 2024 population, need score (illiteracy, disability, under 15, 60 "
                   "and over; RGPH 2024) and distance to the nearest centre.", lang),
                 7, colour=_MUTED, height=3.6)
    return doc


def _partners_section(doc: _Document, content: ReportContent, name: str, lang: str) -> None:
    """Who runs the centres: how many partners, the top partners and their modes."""
    from dashboard.reports.partners_content import (
        report_sentence,
        top_partner_rows,
        widths_and_numeric,
    )

    doc.section(t("Partners — {name}", lang, name=name))
    doc.line(report_sentence(content.partners, content.headline.get("centres"), lang), 8.5,
             height=4.5)
    if content.partners.empty:
        return
    doc.pdf.ln(1)
    doc.table(*top_partner_rows(content.partners, lang), *widths_and_numeric())


def _service_sections(doc: _Document, content: ReportContent, centres: pd.DataFrame,
                      funding: pd.DataFrame | None, lang: str, trend_from: int | None,
                      today: dt.date | None) -> None:
    """Places and occupancy (cards and the units' table) and the network since a year."""
    from dashboard.reports.service_content import (
        service_cards,
        service_rows,
        trend_png,
        trend_sentence,
        trend_table,
    )

    name = content.territory.name(lang)
    doc.section(t("Places and occupancy — {name}", lang, name=name))
    doc.cards(service_cards(content.headline, lang))
    if len(content.children):
        doc.table(*service_rows(content.children, lang))
    doc.line(t("Occupancy: people reached ÷ places, over the centres that report both; over "
               "capacity: more people reached than places.", lang), 7, colour=_MUTED,
             height=3.6)
    if content.filters.as_of is not None:
        return  # the trend is of the network through the years, not of one past year
    found = trend_table(centres, funding, content.territory.code, content.filters, trend_from,
                        today)
    if found is None:
        return
    table, run_out = found
    doc.section(t("Since {year} — {name}", lang, year=int(table["year"].iloc[0]), name=name))
    doc.line(trend_sentence(table, lang), 9, height=4.8)
    top, height = doc.pdf.get_y(), 55
    if top + height > _PAGE_HEIGHT - doc.pdf.b_margin:
        doc.pdf.add_page()
        top = doc.pdf.get_y()
    doc.pdf.image(io.BytesIO(trend_png(table, run_out, lang, _CONTENT_WIDTH, height)),
                  x=_MARGIN, y=top, w=_CONTENT_WIDTH, h=height)
    doc.pdf.set_xy(_MARGIN, top + height + 1)


def _changes_section(doc: _Document, changes: VersionChanges, name: str, lang: str) -> None:
    """Since the last version: the summary and the communes that gained or lost coverage."""
    from dashboard.reports.changes import (
        between_line,
        change_cards,
        changed_count,
        changed_rows,
    )

    doc.section(t("Since the last version — {name}", lang, name=name))
    doc.line(between_line(changes, lang), 8.5, colour=_MUTED, height=4.5)
    doc.line(" · ".join(f"{label} : {value}" if lang == "fr" else f"{label}: {value}"
                        for label, value in change_cards(changes, lang)), 9, height=4.8)
    count = changed_count(changes)
    if count == 0:
        doc.line(t("No commune gained or lost coverage.", lang), 9)
        return
    headings, rows, widths, numeric = changed_rows(changes.table, lang, limit=30)
    if count > len(rows):
        doc.line(t("The first {shown} of the {count} communes that changed:", lang,
                   shown=i18n.number(len(rows), lang),
                   count=i18n.number(count, lang)), 8.5, height=4.5)
    doc.pdf.ln(1)
    doc.table(headings, rows, widths, numeric)


def _sources_section(doc: _Document, provinces: pd.DataFrame, territory: str | None,
                     lang: str) -> None:
    """The registry's sources: each province of the territory, its dataset, version, date."""
    from dashboard.reports.province_sources import missing_line, sources_table, supplied_in

    doc.section(t("Sources by province", lang))
    doc.table(*sources_table(provinces, territory, lang))
    missing = supplied_in(provinces, territory)[1]
    if missing:
        doc.line(missing_line(missing, lang), 8.5, colour=_MUTED, height=4.5)
