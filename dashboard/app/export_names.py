"""File names of everything the app lets people download: what, where and when.

``taghtia-<page>[-<what>]-<territory>[-<filters>]-<YYYY-MM-DD>.<ext>``: the page (and the
export when a page has several of one kind), the territory's French name in ASCII (``maroc``
for the whole country), the active filters (``kindergarten-2020-2022``; ``filtered`` when they
would make the name long), the day of the download, so that two files saved from two views
never share a name.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date


def slug(text: str) -> str:
    """``text`` in lower-case ASCII words joined by ``-`` ("Fès-Meknès" → "fes-meknes")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


FILTERS_MAX = 40
"""Longest filters part of a file name; longer filters are said ``filtered``."""


def export_stem(page: str, territory_name: str | None, what: str = "",
                filters: str = "") -> str:
    """``taghtia-<page>[-<what>]-<territory>[-<filters>]`` (``maroc`` when
    ``territory_name`` is None)."""
    parts = ["taghtia", page, what, territory_name or "maroc", filters]
    return "-".join(slug(part) for part in parts if part and slug(part))


def dated(stem: str, ext: str, day: date | None = None) -> str:
    """``<stem>-<YYYY-MM-DD>.<ext>``, the day of the download by default."""
    return f"{stem}-{(day or date.today()).isoformat()}.{ext}"


def filters_part(state) -> str:
    """The active filters of ``state`` (a :class:`dashboard.app.state.ViewState`) for a file
    name, in the chips' order: the terms' keys, the years window, ``in-<year>`` for a network
    in the past, the partner's id; ``filtered`` when longer than :data:`FILTERS_MAX`, ``""``
    when no filter is set."""
    from dashboard.app.filter_chips import active_filters

    words: list[str] = []
    for field, _ in active_filters(state, "en"):
        value = getattr(state, field)
        if field == "years":
            words.append(f"{value[0]}-{value[1]}")
        elif field == "as_of":
            words.append(f"in-{value}")
        elif isinstance(value, tuple):
            words.extend(value)
        else:
            words.append(str(value))
    part = slug("-".join(words))
    return "filtered" if len(part) > FILTERS_MAX else part


def current_stem(page: str, what: str = "") -> str:
    """:func:`export_stem` of the view on screen (the app's session): its territory and its
    filters."""
    from dashboard.app import reference
    from dashboard.app.session import current

    state = current()
    code = state.territory
    return export_stem(page, reference.territories().name(code, "fr") if code else None, what,
                       filters_part(state))
