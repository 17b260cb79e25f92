"""File names of everything the app lets people download: what, where and when.

``taghtia-<page>[-<what>]-<territory>-<YYYY-MM-DD>.<ext>``: the page (and the export when a
page has several of one kind), the territory's French name in ASCII (``maroc`` for the whole
country), the day of the download, so that two files saved from two views never share a name.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date


def slug(text: str) -> str:
    """``text`` in lower-case ASCII words joined by ``-`` ("Fès-Meknès" → "fes-meknes")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def export_stem(page: str, territory_name: str | None, what: str = "") -> str:
    """``taghtia-<page>[-<what>]-<territory>`` (``maroc`` when ``territory_name`` is None)."""
    parts = ["taghtia", page, what, territory_name or "maroc"]
    return "-".join(slug(part) for part in parts if part and slug(part))


def dated(stem: str, ext: str, day: date | None = None) -> str:
    """``<stem>-<YYYY-MM-DD>.<ext>``, the day of the download by default."""
    return f"{stem}-{(day or date.today()).isoformat()}.{ext}"


def current_stem(page: str, what: str = "") -> str:
    """:func:`export_stem` of the territory on screen (the app's session)."""
    from dashboard.app import reference
    from dashboard.app.session import current

    code = current().territory
    return export_stem(page, reference.territories().name(code, "fr") if code else None, what)
