"""Places, occupancy and the network through the years, as the reports and the app word them.

Language-aware pieces built on :mod:`dashboard.calc.service` and :mod:`dashboard.calc.trend`
(the same numbers as ``taghtia indicators`` and ``taghtia trend``): the sentence saying which
year the figures describe and how many centres were left out, the service cards, the table
of places and occupancy per unit, the trend's span and its chart (matplotlib, Arabic laid
out by libraqm as in :mod:`dashboard.reports.map_image`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping

import pandas as pd

from dashboard import i18n
from dashboard.calc.indicators import Filters
from dashboard.calc.trend import registry_years, trend
from dashboard.i18n import N_, t, tn
from dashboard.reports.content import plain_text
from dashboard.reports.palette import COVERAGE_COLOURS, HEAD_FILL, MUTED


def as_of_sentence(headline: Mapping[str, object], filters: Filters, lang: str) -> str:
    """"As of 2010: 12 centres have no opening year and are not in 2010's figures." ("" when
    the figures are today's)."""
    year = filters.as_of
    if year is None:
        return ""
    count = int(headline.get("centres_no_opening_year") or 0)
    left_out = tn("{count} centre has no opening year and is not in {year}'s figures.",
                  "{count} centres have no opening year and are not in {year}'s figures.",
                  count, lang, count=i18n.number(count, lang), year=year)
    return t("As of {year}: the network at the end of {year}.", lang, year=year) + " " + left_out


def places_per_1000_label(lang: str, group: str | None = None) -> str:
    """"Places per 1,000 inhabitants" (or "… per 1,000 <group>")."""
    if group is None:
        return t("Places per 1,000 inhabitants", lang)
    return t("Places per 1,000 ({group})", lang, group=group)


def service_cards(headline: Mapping[str, object], lang: str) -> list[tuple[str, str, str]]:
    """(label, value, detail): places, places per 1,000, people reached, occupancy."""
    number, percent = i18n.number, i18n.percent
    unknown = int(headline.get("capacity_unknown") or 0)
    return [
        (t("Places", lang), number(headline.get("capacity"), lang),
         tn("{count} centre without places given", "{count} centres without places given",
            unknown, lang, count=number(unknown, lang)) if unknown else ""),
        (places_per_1000_label(lang), number(headline.get("places_per_1000"), lang, 1), ""),
        (t("People reached", lang), number(headline.get("beneficiaries"), lang), ""),
        (t("Occupancy", lang), percent(headline.get("occupancy"), lang),
         t("{count} over capacity", lang, count=number(headline.get("over_capacity"), lang))),
    ]


def service_rows(units: pd.DataFrame, lang: str) -> tuple[list[str], list[list[str]],
                                                         list[float], list[bool]]:
    """Headings, rows, relative widths and numeric flags of the places table per unit."""
    number, percent = i18n.number, i18n.percent
    headings = [t("Name", lang), t("Centres", lang), t("Places", lang),
                places_per_1000_label(lang), t("People reached", lang), t("Occupancy", lang),
                t("Centres over capacity", lang)]
    rows = [[plain_text(i18n.unit_name(r, lang), 40), number(r.get("centres"), lang),
             number(r.get("capacity"), lang), number(r.get("places_per_1000"), lang, 1),
             number(r.get("beneficiaries"), lang), percent(r.get("occupancy"), lang),
             number(r.get("over_capacity"), lang)] for r in units.to_dict("records")]
    return headings, rows, [44, 16, 18, 26, 22, 22, 22], [False, *([True] * 6)]


def trend_span(centres: pd.DataFrame, first: int | None = None,
               today: dt.date | None = None) -> tuple[int, int, int] | None:
    """(first, last, run_out) years of the trend: from ``first`` (default: the registry's
    first opening year) to this year; ``run_out`` is the last known opening year, after
    which the registry's opening years have run out. None when no opening year is known."""
    years = registry_years(centres)
    if years is None:
        return None
    last = (today or dt.date.today()).year
    start = years[0] if first is None else int(first)
    return min(start, last), last, years[1]


def trend_table(centres: pd.DataFrame, funding: pd.DataFrame | None, within: str | None,
                filters: Filters, first: int | None = None,
                today: dt.date | None = None) -> tuple[pd.DataFrame, int] | None:
    """The trend since ``first`` (default: the first year with data, the first year a counted
    centre stood in the territory) and the year the opening years run out; None when no
    centre has an opening year (or, by default, none ever stood in the territory)."""
    span = trend_span(centres, first, today)
    if span is None:
        return None
    start, last, run_out = span
    table = trend(centres, funding, within, start, last, filters)
    if first is None:
        standing = table.index[table["centres"] > 0]
        if not len(standing):
            return None
        table = table.loc[standing[0]:].reset_index(drop=True)
    return table, run_out


def trend_sentence(table: pd.DataFrame, lang: str) -> str:
    """"Communes covered: 569 in 2000, 993 in 2024 (rural: 410 → 761)."""
    first, last = table.iloc[0], table.iloc[-1]
    number = i18n.number
    return t("Communes covered: {first} in {first_year}, {last} in {last_year} (urban: "
             "{urban_first} → {urban_last}; rural: {rural_first} → {rural_last}).", lang,
             first=number(first["communes_covered"], lang), first_year=int(first["year"]),
             last=number(last["communes_covered"], lang), last_year=int(last["year"]),
             urban_first=number(first["communes_covered_urban"], lang),
             urban_last=number(last["communes_covered_urban"], lang),
             rural_first=number(first["communes_covered_rural"], lang),
             rural_last=number(last["communes_covered_rural"], lang))


def trend_png(table: pd.DataFrame, run_out: int | None, lang: str, width_mm: float,
              height_mm: float, dpi: int = 200) -> bytes:
    """Line chart of the communes covered, urban and rural, year by year, with the year the
    registry's opening years run out marked (a dashed line)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rtl = i18n.direction(lang) == "rtl"
    figure = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.09, 0.16, 0.88, 0.72))
    years = table["year"].to_numpy()
    for kind, label in (("urban", N_("Urban communes covered")),
                        ("rural", N_("Rural communes covered"))):
        axes.plot(years, table[f"communes_covered_{kind}"].to_numpy(), marker="o",
                  markersize=2.5, linewidth=2, color=COVERAGE_COLOURS[(kind, True)],
                  label=t(label, lang))
    if run_out is not None and years.min() <= run_out < years.max():
        axes.axvline(run_out + 0.5, color=MUTED, linestyle="--", linewidth=1)
        axes.text(run_out + 0.4, axes.get_ylim()[1] * 0.5,
                  t("Opening years run out after {year}", lang, year=run_out),
                  ha="right", va="center", fontsize=7, color=MUTED,
                  bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", color=HEAD_FILL)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=7)
    axes.yaxis.set_major_formatter(lambda value, _: i18n.number(value, lang))
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.legend(loc="upper left" if not rtl else "upper right", fontsize=7, frameon=False)
    figure.text(0.98 if rtl else 0.02, 0.97, t("Communes covered, year by year", lang),
                ha="right" if rtl else "left", va="top", fontsize=9, fontweight="bold")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()
