"""Class breaks of a choropleth (mapclassify) and their colours, for the app and the reports.

One classification serves the app's funding and services maps, the slides of the board pack
and the printable map images, so a legend reads the same everywhere. It lives with the
reports (not in :mod:`dashboard.calc`) because each class carries its colour from
:mod:`dashboard.reports.palette`; the app imports it from here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.reports.palette import NO_DATA_COLOUR, SEQUENTIAL

SCHEMES: tuple[str, ...] = ("quantiles", "natural_breaks", "equal_interval")
"""Classification schemes offered (mapclassify Quantiles, NaturalBreaks, EqualInterval)."""


@dataclass(frozen=True)
class Classes:
    """Result of :func:`classify`: a class index per value and the class edges."""

    index: pd.Series  # Int64, <NA> where the value is missing
    edges: tuple[float, ...]  # k + 1 edges, lowest first
    colours: tuple[str, ...]  # one per class

    @property
    def k(self) -> int:
        return len(self.colours)

    def colour_of(self) -> pd.Series:
        """Colour per value, :data:`NO_DATA_COLOUR` where missing."""
        palette = dict(enumerate(self.colours))
        return self.index.map(lambda i: NO_DATA_COLOUR if pd.isna(i) else palette[int(i)])


def classify(values: Sequence[float] | pd.Series, scheme: str = "quantiles", k: int = 5) -> Classes:
    """Class breaks with mapclassify, for a choropleth and its legend.

    Parameters
    ----------
    values : sequence of float
        One value per unit; NaN or None are "no data".
    scheme : {"quantiles", "natural_breaks", "equal_interval"}
    k : int
        Wanted number of classes (2–7); fewer when there are fewer distinct values.

    Returns
    -------
    Classes
    """
    import mapclassify

    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {', '.join(SCHEMES)}; got {scheme!r}")
    if not 2 <= k <= 7:
        raise ValueError(f"k must be between 2 and 7; got {k!r}")
    series = pd.to_numeric(pd.Series(values), errors="coerce").astype(float)
    series = series.replace([np.inf, -np.inf], np.nan)
    present = series.dropna()
    index = pd.Series(pd.NA, index=series.index, dtype="Int64")
    if present.empty:
        return Classes(index, (), ())
    distinct = present.nunique()
    if distinct == 1:
        index[present.index] = 0
        value = float(present.iloc[0])
        return Classes(index, (value, value), (SEQUENTIAL[2][1],))
    k = min(k, distinct)
    k = max(k, 2)
    data = present.to_numpy()
    if scheme == "quantiles":
        classifier = mapclassify.Quantiles(data, k=k)
    elif scheme == "natural_breaks":
        classifier = mapclassify.NaturalBreaks(data, k=k)
    else:
        classifier = mapclassify.EqualInterval(data, k=k)
    bins = [float(b) for b in classifier.bins]
    # mapclassify may merge classes when values tie; keep what it found
    used = len(bins)
    colours = SEQUENTIAL[max(used, 2)][:used] if used >= 2 else (SEQUENTIAL[2][1],)
    index[present.index] = np.asarray(classifier.yb, dtype=int)
    edges = (float(data.min()), *bins)
    return Classes(index, tuple(edges), tuple(colours))


def class_labels(classes: Classes, fmt: Callable[[float], str]) -> list[str]:
    """Legend label of each class: "a – b", or "a" when a class holds one value."""
    labels = []
    for i in range(classes.k):
        low, high = classes.edges[i], classes.edges[i + 1]
        labels.append(fmt(low) if low == high else f"{fmt(low)} – {fmt(high)}")
    return labels
