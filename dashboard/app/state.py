"""Shareable view state: what goes into the URL query string and back.

A copied link reopens the same view: the page is in the URL path (``/coverage``), and
language, territory, level, filters and map options are query parameters
(``?lang=ar&territory=03.491&types=eps,cef&years=2020-2022``). Parsing is tolerant: an
unknown or malformed value falls back to its default instead of failing the page.
No Streamlit here; the router copies ``st.query_params`` in and out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from dashboard.app.maps import SCHEMES
from dashboard.i18n import LANGUAGES
from loaders.vocabulary import (
    CENTRE_TYPE_KEYS,
    FUNDING_SOURCE_KEYS,
    MANAGEMENT_MODE_KEYS,
    STATUS_KEYS,
)

LEVELS: tuple[str, ...] = ("region", "province", "cercle", "commune")
VIEWS: tuple[str, ...] = ("communes", "rate")
RATE_KINDS: tuple[str, ...] = ("all", "urban", "rural")
FUNDING_METRICS: tuple[str, ...] = (
    "funding_per_capita_mad",
    "funding_per_km2_mad",
    "funding_per_centre_mad",
    "funding_mad",
)
SERVICE_METRICS: tuple[str, ...] = ("services", "centres")
SPLITS: tuple[str, ...] = ("type", "mode")
KINDS: tuple[str, ...] = ("all", "rural", "urban")


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
    statuses: tuple[str, ...] = ("operating",)
    years: tuple[int, int] | None = None
    sources: tuple[str, ...] | None = None
    metric: str = "funding_per_capita_mad"
    scheme: str = "quantiles"
    k: int = 5
    service_metric: str = "services"
    split: str = "type"
    kind: str = "all"
    present: bool = False  # presentation mode (?present=1): pages as full-screen slides


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
}


def _first(value: str | list[str] | None) -> str | None:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _key_tuple(text: str, accepted: tuple[str, ...]) -> tuple[str, ...] | None:
    keys = tuple(dict.fromkeys(k.strip() for k in text.split(",") if k.strip() in accepted))
    return keys or None


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
                 "split", "kind"):
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
            if keys is not None:
                values[name] = keys
    years = _first(params.get("years"))
    if years:
        values["years"] = _years(years)
    if _first(params.get("present")) in ("1", "true", "yes"):
        values["present"] = True
    k = _first(params.get("k"))
    if k and k.isdigit() and 2 <= int(k) <= 7:
        values["k"] = int(k)
    return replace(_DEFAULT, **values)


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
                   years=state.years, sources=state.sources)
