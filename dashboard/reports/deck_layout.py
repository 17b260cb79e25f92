"""The board pack's look: slide size, margins, body box, fonts and :class:`Box` (its colours are
:mod:`dashboard.reports.palette`'s).

Kept apart from :mod:`dashboard.reports.pptx` (the deck and its slides) so that the slides
and charts other modules add (:mod:`dashboard.reports.service_slides`,
:mod:`dashboard.reports.deck_charts`) use the same look without importing the deck back.
"""

from __future__ import annotations

from dataclasses import dataclass

FONT = "Arial"
"""Latin font named in every run (PowerPoint's default; LibreOffice substitutes a metric twin)."""
COMPLEX_FONT = "Arial"
"""Complex-script font named for Arabic runs (Arial has Arabic glyphs on every PowerPoint)."""

WIDTH_IN, HEIGHT_IN = 12_192_000 / 914_400, 7.5  # 16:9, PowerPoint's widescreen size
MARGIN_IN = 0.5
TITLE_TOP, TITLE_HEIGHT = 0.3, 0.85
BODY_TOP, BODY_BOTTOM = 1.3, 6.75
FOOTER_TOP = 6.95
TABLE_ROWS = 12  # units shown in the services chart and table


def emu(inches: float) -> int:
    """Inches in EMU, the unit of OOXML positions."""
    return round(inches * 914_400)


def rgb(colour: str):
    """A python-pptx colour from a palette colour, "#RRGGBB"."""
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide in inches, measured from the reading start (left in LTR)."""

    x: float
    y: float
    w: float
    h: float
