"""Chart specifications (plain Vega-Lite v6 dictionaries), built without Streamlit: bars per
cercle, Lorenz curve, simple bars, and the parts every chart shares.

A specification is a JSON-able ``dict`` (data inline under ``{"data": {"values": [...]}}``,
plain Python numbers and strings, missing values as ``None``) that ``st.vega_lite_chart``
sends as it is: no chart library is imported, nothing is validated at run time, and the same
inputs give the same dictionary (Streamlit then sends a reference to a chart it already sent).

Colours are colour-blind safe (Okabe & Ito, from :mod:`dashboard.reports.palette`); labels
come translated from the caller. Axis numbers use the page's language (grouping and decimal
signs from babel, through Vega's ``config.locale``). In Arabic the charts are mirrored:
category labels on the right, value axes growing leftwards, legends on the right.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from babel.numbers import get_decimal_symbol, get_group_symbol

from dashboard import i18n
from dashboard.reports.palette import ACCENT, CATEGORICAL, UNKNOWN_COLOUR

Spec = dict[str, Any]
"""A Vega-Lite specification (or a part of one) as a JSON-able dictionary."""
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
"""The Vega-Lite version the specifications follow (the one Streamlit's front end embeds)."""
LABEL_LIMIT_PX = 260
"""Widest axis or legend label before Vega cuts it with an ellipsis."""


def number_locale(lang: str) -> dict:
    """Vega's number locale for ``lang`` (same signs as the cards and tables)."""
    locale = i18n.LOCALES[i18n.check_lang(lang)]
    return {"decimal": get_decimal_symbol(locale), "thousands": get_group_symbol(locale),
            "grouping": [3], "currency": ["", ""], "percent": "\u202f%" if lang != "en"
            else "%"}


def localised(spec: Spec, lang: str) -> Spec:
    """``spec`` as a whole chart: its schema, the number locale of ``lang`` and room for
    long labels (axes and legends).

    Parameters
    ----------
    spec : dict
        A view or a layer of views, without ``$schema`` nor ``config``.
    lang : str
        The page's language (its decimal and grouping signs).

    Returns
    -------
    dict
        A new top-level specification (``spec`` is not modified).
    """
    return {"$schema": SCHEMA, **spec, "config": {
        "locale": {"number": number_locale(lang)},
        "axis": {"labelLimit": LABEL_LIMIT_PX, "labelOverlap": True, "labelPadding": 6},
        "legend": {"labelLimit": LABEL_LIMIT_PX, "symbolType": "square"},
    }}


def plain(value: object) -> object:
    """``value`` as JSON knows it: ``None`` for a missing or infinite number (NaN, ``pd.NA``,
    ±inf), a Python number for a NumPy one, anything else unchanged."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):  # a NumPy scalar
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, object]]:
    """The rows of ``frame``'s ``columns`` as Vega-Lite's inline values (one dict per row,
    values made :func:`plain`)."""
    values = [[plain(v) for v in frame[name].tolist()] for name in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def view(values: list[dict[str, object]], mark: Spec, encoding: Spec) -> Spec:
    """One view: inline ``values`` drawn as ``mark`` through ``encoding``."""
    return {"data": {"values": values}, "mark": mark, "encoding": encoding}


def channel(name: str, kind: str, **properties: object) -> Spec:
    """An encoding channel of field ``name`` of type ``kind`` (``"nominal"``,
    ``"ordinal"``, ``"quantitative"``) with further ``properties`` (axis, scale, title…)."""
    return {"field": name, "type": kind, **properties}


def side(rtl: bool) -> str:
    """Where a category or value axis stands: on the reading side (right in Arabic)."""
    return "right" if rtl else "left"


def palette_scale(domain: list[str], colours: list[str]) -> Spec:
    """A colour scale giving ``colours[i]`` to ``domain[i]`` (in that order)."""
    return {"domain": domain, "range": colours}


def stacked_bars(frame: pd.DataFrame, *, category: str, value: str, part: str,
                 lang: str = "fr") -> Spec:
    """Horizontal stacked bars, categories sorted by their total (largest on top).

    Parameters
    ----------
    frame : DataFrame
        Long form: one row per (category, part) with a numeric ``value``.
    category, value, part : str
        Column names (already translated: they are the axis titles).
    lang : str
        The page's language: in Arabic the bars grow leftwards from labels on the right.

    Returns
    -------
    dict
        The Vega-Lite specification; its height fits the bars and the legend (Streamlit
        fits the whole chart, legend included, into it).
    """
    rtl = lang == "ar"
    order = frame.groupby(category)[value].sum().sort_values(ascending=False).index.tolist()
    parts = list(dict.fromkeys(frame[part].tolist()))
    colours = [CATEGORICAL[i % len(CATEGORICAL)] for i in range(len(parts))]
    encoding = {
        "color": channel(part, "nominal", scale=palette_scale(parts, colours), legend={
            "orient": "bottom", "direction": "vertical", "title": None, "columns": 1}),
        "tooltip": [channel(category, "nominal"), channel(part, "nominal"),
                    channel(value, "quantitative", format=",d")],
        "x": channel(value, "quantitative", aggregate="sum", title=value,
                     scale={"reverse": rtl}, axis={"format": ",d", "tickMinStep": 1}),
        "y": channel(category, "nominal", sort=order, title=None, axis={"orient": side(rtl)}),
    }
    chart = view(records(frame, [category, part, value]), {"type": "bar"}, encoding)
    return localised({**chart, "height": 60 + 30 * len(order) + 18 * len(parts)}, lang)


def lorenz(curve: pd.DataFrame, *, x_title: str, y_title: str, lang: str = "fr") -> Spec:
    """Lorenz curve with the equality line (mirrored in Arabic).

    Parameters
    ----------
    curve : DataFrame
        ``population_share`` and ``funding_share``, cumulative, from 0 to 1
        (:func:`dashboard.calc.breakdowns.lorenz_curve`).
    x_title, y_title : str
        Axis titles, translated.
    lang : str
        The page's language: in Arabic the population grows leftwards, the shares' axis on
        the right.

    Returns
    -------
    dict
        The Vega-Lite specification: the dashed diagonal of equality under the curve.
    """
    rtl = lang == "ar"
    encoding = {
        "x": channel("population_share", "quantitative", title=x_title,
                     scale={"reverse": rtl}, axis={"format": ".0%"}),
        "y": channel("funding_share", "quantitative", title=y_title,
                     axis={"format": ".0%", "orient": side(rtl)}),
    }
    equality = [{"population_share": 0, "funding_share": 0},
                {"population_share": 1, "funding_share": 1}]
    diagonal = view(equality, {"type": "line", "strokeDash": [4, 4], "color": UNKNOWN_COLOUR},
                    encoding)
    line = view(records(curve, ["population_share", "funding_share"]),
                {"type": "line", "point": True, "color": ACCENT}, encoding)
    return localised({"layer": [diagonal, line], "height": 300}, lang)


def bars(frame: pd.DataFrame, *, category: str, value: str, lang: str = "fr",
         digits: int = 0) -> Spec:
    """Simple vertical bars (e.g. funding per year or per inhabitant urban vs rural).

    Parameters
    ----------
    frame : DataFrame
        One row per bar, in the order the bars read: ``category`` (text) and ``value``.
    category, value : str
        Column names (already translated: ``value`` is the axis title).
    lang : str
        The page's language: in Arabic the bars read from the right, the value axis on the
        right; labels stay horizontal.
    digits : int
        Decimals of the axis and tooltip numbers.

    Returns
    -------
    dict
        The Vega-Lite specification.
    """
    rtl = lang == "ar"
    number = f",.{digits}f"
    categories = frame[category].tolist()
    encoding = {
        "tooltip": [channel(category, "nominal"),
                    channel(value, "quantitative", format=number)],
        "x": channel(category, "nominal", title=None, axis={"labelAngle": 0},
                     sort=list(reversed(categories)) if rtl else None),
        "y": channel(value, "quantitative", title=value,
                     axis={"format": number, "orient": side(rtl)}),
    }
    chart = view(records(frame, [category, value]), {"type": "bar", "color": ACCENT}, encoding)
    return localised({**chart, "height": 260}, lang)
