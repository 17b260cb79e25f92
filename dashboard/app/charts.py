"""Chart specifications (Altair), built without Streamlit: bars per cercle, Lorenz curve.

Colours are colour-blind safe (Okabe & Ito, from :mod:`dashboard.reports.palette`); labels
come translated from the caller. Axis numbers use the page's language (grouping and decimal
signs from babel, through Vega's ``config.locale``). In Arabic the charts are mirrored:
category labels on the right, value axes growing leftwards, legends on the right.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
from babel.numbers import get_decimal_symbol, get_group_symbol

from dashboard import i18n
from dashboard.reports.palette import ACCENT, CATEGORICAL, UNKNOWN_COLOUR


def number_locale(lang: str) -> dict:
    """Vega's number locale for ``lang`` (same signs as the cards and tables)."""
    locale = i18n.LOCALES[i18n.check_lang(lang)]
    return {"decimal": get_decimal_symbol(locale), "thousands": get_group_symbol(locale),
            "grouping": [3], "currency": ["", ""], "percent": "\u202f%" if lang != "en"
            else "%"}


def localised(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """``chart`` with the number locale of ``lang`` and room for long labels."""
    return chart.configure(locale={"number": number_locale(lang)}).configure_axis(
        labelLimit=260, labelOverlap=True, labelPadding=6,
    ).configure_legend(labelLimit=260, symbolType="square")



def stacked_bars(frame: pd.DataFrame, *, category: str, value: str, part: str,
                 lang: str = "fr") -> alt.TopLevelMixin:
    """Horizontal stacked bars, categories sorted by their total (largest on top).

    Parameters
    ----------
    frame : DataFrame
        Long form: one row per (category, part) with a numeric ``value``.
    category, value, part : str
        Column names (already translated: they are the axis titles).
    """
    rtl = lang == "ar"
    order = (frame.groupby(category)[value].sum().sort_values(ascending=False).index.tolist())
    parts = list(dict.fromkeys(frame[part]))
    colour = alt.Color(f"{part}:N", scale=alt.Scale(domain=parts,
                                                   range=[CATEGORICAL[i % len(CATEGORICAL)]
                                                          for i in range(len(parts))]),
                       legend=alt.Legend(orient="bottom", direction="vertical", title=None,
                                         columns=1))
    chart = alt.Chart(frame).mark_bar().encode(
        y=alt.Y(f"{category}:N", sort=order, title=None,
                axis=alt.Axis(orient="right" if rtl else "left")),
        x=alt.X(f"sum({value}):Q", title=value, scale=alt.Scale(reverse=rtl),
                axis=alt.Axis(format=",d", tickMinStep=1)),
        color=colour,
        tooltip=[category, part, alt.Tooltip(f"{value}:Q", format=",d")],
    )
    # Streamlit fits the whole chart, legend included, into this height
    return localised(chart.properties(height=60 + 30 * len(order) + 18 * len(parts)), lang)


def lorenz(curve: pd.DataFrame, *, x_title: str, y_title: str,
           lang: str = "fr") -> alt.TopLevelMixin:
    """Lorenz curve with the equality line (mirrored in Arabic)."""
    rtl = lang == "ar"
    x = alt.X("population_share:Q", title=x_title, scale=alt.Scale(reverse=rtl),
              axis=alt.Axis(format=".0%"))
    y = alt.Y("funding_share:Q", title=y_title,
              axis=alt.Axis(format=".0%", orient="right" if rtl else "left"))
    line = alt.Chart(curve).mark_line(point=True, color=ACCENT).encode(x=x, y=y)
    diagonal = alt.Chart(pd.DataFrame({"population_share": [0, 1], "funding_share": [0, 1]})
                         ).mark_line(strokeDash=[4, 4], color=UNKNOWN_COLOUR).encode(x=x, y=y)
    return localised((diagonal + line).properties(height=300), lang)


def bars(frame: pd.DataFrame, *, category: str, value: str, lang: str = "fr",
         digits: int = 0) -> alt.TopLevelMixin:
    """Simple vertical bars (e.g. funding per year or per inhabitant urban vs rural).

    Categories read from the right in Arabic; labels stay horizontal.
    """
    rtl = lang == "ar"
    number = f",.{digits}f"
    chart = alt.Chart(frame).mark_bar(color=ACCENT).encode(
        x=alt.X(f"{category}:N", title=None, sort=list(reversed(frame[category].tolist()))
                if rtl else None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{value}:Q", title=value,
                axis=alt.Axis(format=number, orient="right" if rtl else "left")),
        tooltip=[category, alt.Tooltip(f"{value}:Q", format=number)],
    )
    return localised(chart.properties(height=260), lang)
