"""Chart specifications (Altair), built without Streamlit: bars per cercle, Lorenz curve.

Colours are colour-blind safe (Okabe & Ito); labels come translated from the caller.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

OKABE_ITO: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
                              "#D55E00", "#F0E442", "#000000", "#999999", "#8C564B",
                              "#7F7F7F", "#BCBD22")


def stacked_bars(frame: pd.DataFrame, *, category: str, value: str, part: str,
                 rtl: bool = False) -> alt.Chart:
    """Horizontal stacked bars, categories sorted by their total (largest on top).

    Parameters
    ----------
    frame : DataFrame
        Long form: one row per (category, part) with a numeric ``value``.
    category, value, part : str
        Column names (already translated: they are the axis titles).
    """
    order = (frame.groupby(category)[value].sum().sort_values(ascending=False).index.tolist())
    parts = list(dict.fromkeys(frame[part]))
    colour = alt.Color(f"{part}:N", scale=alt.Scale(domain=parts,
                                                   range=list(OKABE_ITO[:len(parts)])),
                       legend=alt.Legend(orient="bottom", columns=2))
    chart = alt.Chart(frame).mark_bar().encode(
        y=alt.Y(f"{category}:N", sort=order, title=None,
                axis=alt.Axis(orient="right" if rtl else "left", labelLimit=220)),
        x=alt.X(f"sum({value}):Q", title=value, scale=alt.Scale(reverse=rtl)),
        color=colour,
        tooltip=[category, part, value],
    )
    # Streamlit fits the whole chart, legend included, into this height
    legend_rows = (len(parts) + 1) // 2
    return chart.properties(height=60 + 30 * len(order) + 20 * legend_rows)


def lorenz(curve: pd.DataFrame, *, x_title: str, y_title: str) -> alt.Chart:
    """Lorenz curve with the equality line."""
    line = alt.Chart(curve).mark_line(point=True, color=OKABE_ITO[0]).encode(
        x=alt.X("population_share:Q", title=x_title, axis=alt.Axis(format="%")),
        y=alt.Y("funding_share:Q", title=y_title, axis=alt.Axis(format="%")),
    )
    diagonal = alt.Chart(pd.DataFrame({"population_share": [0, 1], "funding_share": [0, 1]})
                         ).mark_line(strokeDash=[4, 4], color="#999999").encode(
        x="population_share:Q", y="funding_share:Q")
    return (diagonal + line).properties(height=300)


def bars(frame: pd.DataFrame, *, category: str, value: str) -> alt.Chart:
    """Simple vertical bars (e.g. funding per year or per inhabitant urban vs rural)."""
    return alt.Chart(frame).mark_bar(color=OKABE_ITO[0]).encode(
        x=alt.X(f"{category}:N", title=None, sort=None),
        y=alt.Y(f"{value}:Q", title=value),
        tooltip=[category, value],
    ).properties(height=260)
