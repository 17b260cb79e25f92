"""The defaults and choices a user can set, in one place: the app, the command line and the
reports import them from here (a default spelled twice drifts).

Plain Python, no import beyond the standard library: ``taghtia run`` reads it before the
scientific stack is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable

DEFAULT_STATUSES: tuple[str, ...] = ("operating",)
"""Statuses of the centres counted by default (coverage, centres, services)."""

DEFAULT_RADIUS_KM = 15.0
"""Catchment radius of the access scores and of the planned sites, km."""
DEFAULT_DETOUR = 1.3
"""Road distance over straight-line distance (1 = straight lines)."""

DEMAND_GROUPS: dict[str, str | None] = {
    "population": None,
    "under_15": "share_under_15",
    "60_plus": "share_60_plus",
    "disability": "disability_prevalence",
    "illiteracy": "illiteracy_rate_10_plus",
}
"""Target groups: key -> census share column of :func:`geodata.census` (None = everyone)."""
DEFAULT_DEMAND = "population"

SUPPLY_MEASURES: tuple[str, ...] = ("centres", "services", "capacity")
"""What a centre offers in the access scores: itself, its services or its places."""
ACCESS_METHODS: tuple[str, ...] = ("2sfca", "e2sfca")
"""Access score methods: two-step floating catchment, and its enhanced (distance-decay) form."""
CANDIDATE_SETS: tuple[str, ...] = ("all", "uncovered")
"""Communes a plan may put a new site in: any, or those without a counted centre."""

DEFAULT_DPI = 200
"""Resolution of map images and of the maps in the board report."""
MAP_FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
"""Formats of a map image (``taghtia map``)."""
INDICATOR_FORMATS: tuple[str, ...] = ("csv", "json", "geojson", "xlsx")
"""Formats of an indicator table (``taghtia indicators``)."""
ACCESS_FORMATS: tuple[str, ...] = ("csv", "xlsx", "geojson", "json")
"""Formats of the access scores (``taghtia access``)."""
PLAN_FORMATS: tuple[str, ...] = ("csv", "xlsx", "geojson")
"""Formats of a plan's sites (``taghtia plan``)."""
TREND_FORMATS: tuple[str, ...] = ("csv", "xlsx", "json")
"""Formats of a trend table (``taghtia trend``)."""
COMPARE_FORMATS: tuple[str, ...] = ("csv", "xlsx")
"""Formats of a comparison of two versions (``taghtia compare``)."""


def check_choice(name: str, value: object, accepted: Iterable[object]) -> object:
    """``value`` when it is one of ``accepted``, else a ValueError naming the argument and
    the accepted values.

    Parameters
    ----------
    name : str
        The argument's name, as the caller knows it (``demand``, ``--format``…).
    value : object
        The value given.
    accepted : iterable
        The accepted values (a tuple, or the keys of a mapping).

    Raises
    ------
    ValueError
        ``"<name> must be one of a, b, c; got 'x'"``.
    """
    accepted = tuple(accepted)
    if value not in accepted:
        raise ValueError(f"{name} must be one of {', '.join(map(str, accepted))}; got {value!r}")
    return value
