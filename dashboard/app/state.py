"""Shareable view state: what goes into the URL query string and back.

A copied link reopens the same view: the page is in the URL path (``/coverage``), and
language, territory, level, filters and map options are query parameters
(``?lang=ar&territory=03.491&types=eps,cef&years=2020-2022``). Parsing is tolerant: an
unknown or malformed value falls back to its default instead of failing the page.
No Streamlit here; the router copies ``st.query_params`` in and out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace

from dashboard.choices import (
    CANDIDATE_SETS,
    DEFAULT_DEMAND,
    DEFAULT_RADIUS_KM,
    DEFAULT_STATUSES,
    DEMAND_GROUPS,
    SUPPLY_MEASURES,
)
from dashboard.i18n import LANGUAGES
from dashboard.reports.classes import SCHEMES
from geodata.hierarchy import LEVELS
from loaders.vocabulary import (
    CENTRE_TYPE_KEYS,
    FUNDING_SOURCE_KEYS,
    MANAGEMENT_MODE_KEYS,
    STATUS_KEYS,
)

VIEWS: tuple[str, ...] = ("communes", "rate")
MEASURES: tuple[str, ...] = ("covered", "places_per_1000", "occupancy")
"""What Coverage and Overview colour the units by: communes covered or not (the coverage
views), places per 1,000 inhabitants, or occupancy (people reached per place)."""
FIRST_AS_OF = 1950
RATE_KINDS: tuple[str, ...] = ("all", "urban", "rural")
FUNDING_METRICS: tuple[str, ...] = (
    "funding_per_capita_mad",
    "funding_per_km2_mad",
    "funding_per_centre_mad",
    "funding_mad",
)
SERVICE_METRICS: tuple[str, ...] = ("services", "centres", "capacity", "beneficiaries")
SPLITS: tuple[str, ...] = ("type", "mode")
KINDS: tuple[str, ...] = ("all", "rural", "urban")
PLAN_TYPES: tuple[str, ...] = ("all", *CENTRE_TYPE_KEYS)
PLAN_GROUPS: tuple[str, ...] = tuple(DEMAND_GROUPS)
PLAN_SHADES: tuple[str, ...] = ("access", "e2sfca", "nearest_km")  # 2SFCA, E2SFCA, distance
PLAN_CANDIDATES: tuple[str, ...] = CANDIDATE_SETS
PLAN_RADII: tuple[int, ...] = (5, 10, 15, 20, 30)
PLAN_ADD_MAX = 20
PLAN_SUPPLIES: tuple[str, ...] = SUPPLY_MEASURES  # centres, services or places
PLAN_PLACES_MAX = 10_000
"""Most places per new (or hypothetical) centre the Planning page takes."""
SCENARIO_MAX = 20  # hypothetical centres, or centres switched off, kept in a link
_COMMUNE_CODE = re.compile(r"^\d{2}\.\d{3}\.\d{2}\.\d{1,2}$")
_PARTNER_ID = re.compile(r"^P-[0-9a-f]{8}$")


@dataclass(frozen=True)
class ViewState:
    """Everything a link must carry to reopen a view (defaults are left out of the URL)."""

    lang: str = "fr"
    territory: str | None = None  # region, province or cercle code; None = Morocco
    level: str | None = None  # coverage detail level; None = the territory's next level
    view: str = "communes"  # coverage: communes covered / not, or rate per unit
    rate: str = "all"
    types: tuple[str, ...] | None = None
    modes: tuple[str, ...] | None = None
    statuses: tuple[str, ...] = DEFAULT_STATUSES
    years: tuple[int, int] | None = None
    sources: tuple[str, ...] | None = None
    partner: str | None = None  # one partner's centres only (its id, loaders.partners)
    metric: str = "funding_per_capita_mad"
    scheme: str = "quantiles"
    k: int = 5
    service_metric: str = "services"
    split: str = "type"
    kind: str = "all"
    centre_type: str = "all"  # planning: one centre type, or the sidebar's filters
    group: str = DEFAULT_DEMAND  # planning: target group weighting the demand
    radius: int = int(DEFAULT_RADIUS_KM)  # planning: catchment, km along the estimated road
    shade: str = "access"  # planning: access score or distance to the nearest centre
    add: int = 3  # planning: number of new sites
    candidates: str = "all"  # planning: candidate communes
    supply: str = "centres"  # planning: what a centre supplies (centres, services, places)
    places: int = 50  # planning, in places: places of each new or hypothetical centre
    hypothetical: tuple[str, ...] | None = None  # what-if: communes given a new centre
    switched_off: tuple[str, ...] | None = None  # what-if: centre ids left out
    dataset: str | None = None  # stored dataset, NAME or NAME@VERSION; None = the default
    present: bool = False  # presentation mode (?present=1): pages as full-screen slides
    measure: str = "covered"  # coverage and overview: covered or not, places, occupancy
    as_of: int | None = None  # the network at the end of this year; None = today
    demand: str = DEFAULT_DEMAND  # coverage and overview: whose places per 1,000


_DEFAULT = ViewState()
_KEYS: dict[str, tuple[str, ...]] = {
    "types": CENTRE_TYPE_KEYS,
    "modes": MANAGEMENT_MODE_KEYS,
    "statuses": STATUS_KEYS,
    "sources": FUNDING_SOURCE_KEYS,
}
_CHOICES: dict[str, tuple[str, ...]] = {
    "lang": LANGUAGES,
    "level": LEVELS,
    "view": VIEWS,
    "rate": RATE_KINDS,
    "metric": FUNDING_METRICS,
    "scheme": SCHEMES,
    "service_metric": SERVICE_METRICS,
    "split": SPLITS,
    "kind": KINDS,
    "centre_type": PLAN_TYPES,
    "group": PLAN_GROUPS,
    "shade": PLAN_SHADES,
    "candidates": PLAN_CANDIDATES,
    "supply": PLAN_SUPPLIES,
    "measure": MEASURES,
    "demand": PLAN_GROUPS,
}


def _first(value: str | list[str] | None) -> str | None:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _key_tuple(text: str, accepted: tuple[str, ...]) -> tuple[str, ...] | None:
    return tuple(dict.fromkeys(k.strip() for k in text.split(",") if k.strip() in accepted))


def filter_keys(field: str, keys: Sequence[str]) -> tuple[str, ...] | None:
    """The value of vocabulary filter ``field`` (``types``, ``modes``, ``statuses``,
    ``sources``) for the chosen ``keys``: None (no filter) when nothing is chosen or, except
    for the statuses, when every term of the vocabulary is.

    Every type listed is not the same filter as none: grants and centres without a type
    would drop out, so choosing them all must give the unfiltered figures. The statuses keep
    an explicit list, their default being some statuses, not all.

    Parameters
    ----------
    field : str
        A key of the vocabulary filters (``types``...).
    keys : sequence of str
        The chosen terms' keys, in order, unknown ones already left out.

    Returns
    -------
    tuple of str or None
        The keys, each once, or None for no filter.
    """
    chosen = tuple(dict.fromkeys(keys))
    if not chosen or (field != "statuses" and set(_KEYS[field]) <= set(chosen)):
        return None
    return chosen


def _years(text: str) -> tuple[int, int] | None:
    parts = text.replace("–", "-").split("-")
    try:
        first, last = (int(parts[0]), int(parts[-1]))
    except (ValueError, IndexError):
        return None
    if not (1950 <= first <= 2100 and 1950 <= last <= 2100):
        return None
    return (min(first, last), max(first, last))


def from_query(params: Mapping[str, str | list[str]], known_codes: frozenset[str] | None = None
               ) -> ViewState:
    """ViewState from query parameters; unknown or malformed values keep their default.

    Parameters
    ----------
    params : mapping
        ``st.query_params`` (or any mapping of name to text).
    known_codes : frozenset of str, optional
        Codes accepted as ``territory`` (regions, provinces, cercles); others are ignored.
    """
    values: dict[str, object] = {}
    for name in ("lang", "level", "view", "rate", "metric", "scheme", "service_metric",
                 "split", "kind", "centre_type", "group", "shade", "candidates", "supply",
                 "measure", "demand"):
        text = _first(params.get(name))
        if text in _CHOICES[name]:
            values[name] = text
    territory = _first(params.get("territory"))
    if territory and (known_codes is None or territory in known_codes):
        values["territory"] = territory
    for name, accepted in _KEYS.items():
        text = _first(params.get(name))
        if text is not None:
            keys = _key_tuple(text, accepted)
            if keys:
                values[name] = filter_keys(name, keys)
    partner = _first(params.get("partner"))
    if partner and _PARTNER_ID.match(partner):
        values["partner"] = partner
    years = _first(params.get("years"))
    if years:
        values["years"] = _years(years)
    if _first(params.get("present")) in ("1", "true", "yes"):
        values["present"] = True
    k = _first(params.get("k"))
    if k and k.isdigit() and 2 <= int(k) <= 7:
        values["k"] = int(k)
    radius = _first(params.get("radius"))
    if radius and radius.isdigit() and int(radius) in PLAN_RADII:
        values["radius"] = int(radius)
    add = _first(params.get("add"))
    if add and add.isdigit() and 1 <= int(add) <= PLAN_ADD_MAX:
        values["add"] = int(add)
    places = _first(params.get("places"))
    if places and places.isdigit() and 1 <= int(places) <= PLAN_PLACES_MAX:
        values["places"] = int(places)
    as_of = _first(params.get("as_of"))
    if as_of and as_of.isdigit() and FIRST_AS_OF <= int(as_of) <= _this_year():
        values["as_of"] = int(as_of)
    values.update(_scenario(params))
    values.update(_dataset(_first(params.get("dataset"))))
    return replace(_DEFAULT, **values)


def _this_year() -> int:
    import datetime as dt

    return dt.date.today().year


def _scenario(params: Mapping[str, str | list[str]]) -> dict[str, tuple[str, ...]]:
    """What-if lists: commune codes of the right shape, centre ids of a sensible length."""
    values = {}
    for name, valid in (("hypothetical", lambda v: bool(_COMMUNE_CODE.match(v))),
                        ("switched_off", lambda v: 0 < len(v) <= 64)):
        text = _first(params.get(name))
        if text:
            kept = tuple(dict.fromkeys(v.strip() for v in text.split(",") if valid(v.strip())))
            if kept:
                values[name] = kept[:SCENARIO_MAX]
    return values


def _dataset(text: str | None) -> dict[str, str]:
    """``{"dataset": ref}`` for a well-formed ``NAME[@VERSION]``, else nothing (whether it is
    stored is for the page to say)."""
    from dashboard.store.names import InvalidNameError, format_ref, parse_ref

    if not text:
        return {}
    try:
        return {"dataset": format_ref(*parse_ref(text))}
    except InvalidNameError:
        return {}


def to_query(state: ViewState) -> dict[str, str]:
    """Query parameters for ``state``, defaults left out so links stay short."""
    query: dict[str, str] = {}
    for item in fields(ViewState):
        value = getattr(state, item.name)
        if value == getattr(_DEFAULT, item.name) or value is None:
            continue
        if item.name == "years":
            query["years"] = f"{value[0]}-{value[1]}"
        elif isinstance(value, bool):
            query[item.name] = "1"
        elif isinstance(value, tuple):
            query[item.name] = ",".join(value)
        else:
            query[item.name] = str(value)
    return query


def filters_of(state: ViewState):  # -> dashboard.calc.indicators.Filters
    """Indicator filters of a view state."""
    from dashboard.calc.indicators import Filters

    return Filters(types=state.types, modes=state.modes, statuses=state.statuses,
                   years=state.years, sources=state.sources,
                   partners=(state.partner,) if state.partner else None, as_of=state.as_of)
