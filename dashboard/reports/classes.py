"""Class breaks of a choropleth and their colours, for the app and the reports.

One classification serves the app's funding and services maps, the slides of the board pack
and the printable map images, so a legend reads the same everywhere. It lives with the
reports (not in :mod:`dashboard.calc`) because each class carries its colour from
:mod:`dashboard.reports.palette`; the app imports it from here.

Quantiles and equal intervals are mapclassify's, computed with numpy alone by
:mod:`dashboard.reports.breaks` (importing mapclassify imports scikit-learn, scipy.stats and
matplotlib: +130 MB resident in the server); natural breaks are :func:`natural_breaks`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.choices import check_choice
from dashboard.reports.breaks import bin_index, equal_interval_bins, quantile_bins
from dashboard.reports.palette import NO_DATA_COLOUR, SEQUENTIAL

SCHEMES: tuple[str, ...] = ("quantiles", "natural_breaks", "equal_interval")
"""Classification schemes offered (mapclassify's Quantiles and EqualInterval, see
:mod:`dashboard.reports.breaks`; natural breaks found exactly by :func:`natural_breaks`)."""


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
        palette = np.array([*self.colours, NO_DATA_COLOUR], dtype=object)  # -1: no data
        return pd.Series(palette[self.index.to_numpy("int64", na_value=-1)],
                         index=self.index.index)


def classify(values: Sequence[float] | pd.Series, scheme: str = "quantiles", k: int = 5) -> Classes:
    """Class breaks (mapclassify's, or :func:`natural_breaks`), for a choropleth and its legend.

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
    check_choice("scheme", scheme, SCHEMES)
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
    if scheme == "natural_breaks":
        upper = natural_breaks(data, k)
    elif scheme == "quantiles":
        upper = quantile_bins(data, k)
    else:
        upper = equal_interval_bins(data, k)
    classes = bin_index(data, upper)  # mapclassify's bin1d
    bins = [float(b) for b in upper]
    # quantiles may merge classes when values tie; keep what was found
    used = len(bins)
    colours = SEQUENTIAL[max(used, 2)][:used] if used >= 2 else (SEQUENTIAL[2][1],)
    index[present.index] = np.asarray(classes, dtype=int)
    edges = (float(data.min()), *bins)
    return Classes(index, tuple(edges), tuple(colours))


def natural_breaks(values: Sequence[float] | np.ndarray, k: int) -> np.ndarray:
    """Upper edges of the ``k`` natural-breaks classes of ``values`` (Jenks): the grouping
    of the sorted values into ``k`` runs with the least sum of squared deviations from each
    run's mean.

    This is the optimum mapclassify's ``NaturalBreaks`` looks for with k-means (ten random
    starts through scikit-learn: 0.1 s for twelve regions, 0.7 s for 1,503 communes, and
    not always the same answer); here it is found exactly by dynamic programming over the
    distinct values (weighted by how often each occurs, so equal values share a class),
    in milliseconds.

    Parameters
    ----------
    values : array-like of float
        Finite values, at least ``k`` of them distinct.
    k : int
        Number of classes.

    Returns
    -------
    numpy.ndarray
        ``k`` increasing upper edges, the largest value last.
    """
    distinct, counts = np.unique(np.asarray(values, dtype="float64"), return_counts=True)
    n = len(distinct)
    if not 1 <= k <= n:
        raise ValueError(f"k must be between 1 and the number of distinct values ({n}); "
                         f"got {k!r}")
    # centred and scaled: sums of squares of large amounts keep their precision
    spread = float(distinct.std()) or 1.0
    x = (distinct - distinct.mean()) / spread
    w = counts.astype("float64")
    s0, s1, s2 = (np.concatenate(([0.0], np.cumsum(v))) for v in (w, w * x, w * x * x))
    start, end = np.arange(n)[:, None], np.arange(n)[None, :]  # a run of x[start..end]
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = s0[end + 1] - s0[start]
        linear = s1[end + 1] - s1[start]
        cost = np.where(end >= start, s2[end + 1] - s2[start] - linear * linear / weight,
                        np.inf)
    best = cost[0].copy()  # best[j]: least cost of x[0..j] in the classes so far
    first: list[np.ndarray] = []  # per added class: where its run starts, per end
    for _ in range(1, k):
        before = np.concatenate(([np.inf], best[:-1]))  # x[0..start-1] in one class fewer
        total = before[:, None] + cost
        first.append(np.argmin(total, axis=0))
        best = total[first[-1], np.arange(n)]
    ends = [n - 1]
    for starts in reversed(first):
        ends.append(int(starts[ends[-1]]) - 1)
    return distinct[np.array(ends[::-1], dtype=int)]


def shown_digits(column: str) -> int:
    """Digits after the decimal sign an indicator is shown with (of the percent for rates)."""
    if column in ("funding_per_capita_mad", "access"):  # access: centres per 10,000 people
        return 2
    if column in ("centres_per_100k", "distance_km", "need_score", "priority_score",
                  "nearest_km", "places_per_1000"):
        return 1
    return 0


def value_step(column: str) -> float:
    """Smallest difference two shown values of ``column`` can have (0.01 for 1 %)."""
    step = 10.0 ** -shown_digits(column)
    return step / 100 if column.startswith("coverage_rate") or column == "occupancy" else step


def class_labels(classes: Classes, fmt: Callable[[float], str], step: float = 0.0
                 ) -> list[str]:
    """Legend label of each class, read as ranges without overlap: "8 – 10", "11 – 14", ...

    Classes are closed on the right (mapclassify: ``low < v <= high`` above the first):
    with a ``step`` (1 for counts, 0.01 for two decimals, see :func:`value_step`) edges are
    cut down to the grid of shown values and each class after the first starts one step
    above the previous upper edge. A class holding a single shown value is that value.
    """
    labels = []
    for i in range(classes.k):
        low, high = classes.edges[i], classes.edges[i + 1]
        if step:
            high = max(_shown_floor(high, step), low)
            if i > 0:
                low = min(_shown_floor(low, step) + step, high)
        labels.append(fmt(low) if fmt(low) == fmt(high) else f"{fmt(low)} – {fmt(high)}")
    return labels


def _shown_floor(value: float, step: float) -> float:
    """The largest value on the grid of ``step`` not above ``value``."""
    return math.floor(value / step + 1e-9) * step
