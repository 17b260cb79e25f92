"""Every colour of Taghtia, in one place: the app's maps and charts, the PDF report, the deck
and the static map images read them from here (a colour typed twice drifts; a test refuses a
hex colour literal anywhere else in the Python code).

Urban and rural hues are Okabe & Ito (2008), colour-blind safe; classes use ColorBrewer's
sequential YlGnBu. Colours are ``#rrggbb`` text; :func:`rgb` gives the PDF its triplets.
"""

from __future__ import annotations

# --- maps: background, units, outlines --------------------------------------------------------
BACKGROUND = "#e9edf1"
NO_DATA_COLOUR = "#d9d9d9"
OUTLINE_COLOUR = "#ffffff"
CONTEXT_COLOUR = "#5b6770"
"""Province outlines drawn around a territory on the app's maps."""
CONTEXT_FILL = "#f2f2f2"
"""Fill of the communes around the territory on a static map (context only)."""
CONTEXT_EDGE = "#c8c8c8"
INNER_EDGE = "#4d4d4d"
"""Outlines of the units inside a territory on a static map."""
UNKNOWN_COLOUR = "#999999"
"""A unit or a line whose kind is not known (and the charts' equality line)."""

# Okabe & Ito (2008) colour-blind-safe hues; uncovered communes in a pale tint of the same hue
URBAN = "#0072B2"
RURAL = "#E69F00"
KIND_COLOURS: dict[str, str] = {"urban": URBAN, "rural": RURAL}
COVERAGE_COLOURS: dict[tuple[str, bool], str] = {
    ("urban", True): URBAN,
    ("urban", False): "#B9D7EC",
    ("rural", True): RURAL,
    ("rural", False): "#F8E2B3",
}

# --- markers ------------------------------------------------------------------------------------
CENTRE_COLOUR = "#1b1b1b"
CLUSTER_COLOUR = INNER_EDGE
"""A group of centres on the app's maps (its legend swatch; the bubbles are in map.css)."""
SITE_COLOUR = "#D55E00"
"""Okabe & Ito vermillion: the proposed sites of a plan."""
NEWLY_SERVED_COLOUR = "#009E73"
"""Okabe & Ito bluish green: communes a plan brings within reach."""
SERVED_COLOUR = COVERAGE_COLOURS[("urban", False)]
"""Pale blue: communes within reach today."""

# --- legends of the app's maps ------------------------------------------------------------------
LEGEND_SWATCH_EDGE = "#888888"
LEGEND_NOTE = "#555555"

# --- the app's own page look -------------------------------------------------------------------
FOCUS_RING = "#1a5fb4"
"""The outline of what has the keyboard focus (7:1 on white)."""

# --- documents: the PDF report, the deck, map images ------------------------------------------
INK = CENTRE_COLOUR
MUTED = "#5a6268"
RULE = "#c8cdd2"
CARD_FILL = "#f3f6f9"
ZEBRA = "#f7f9fb"
HEAD_FILL = "#e2e8ee"
NOTICE = "#aa3c00"
ACCENT = URBAN
WHITE = "#ffffff"

# ColorBrewer YlGnBu, sequential and colour-blind safe; index by number of classes
SEQUENTIAL: dict[int, tuple[str, ...]] = {
    2: ("#edf8b1", "#2c7fb8"),
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
    7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
}

# Okabe & Ito (2008) then Paul Tol's muted hues: one per centre type, in vocabulary order, and
# the parts of the app's stacked bars
CATEGORICAL: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#882255",
    "#44AA99", "#332288", "#999999",
)

# the registry's states: Okabe & Ito bluish green (current), vermillion (stale), grey (missing)
REGISTRY_STATE_COLOURS: dict[str, str] = {"current": NEWLY_SERVED_COLOUR,
                                          "stale": SITE_COLOUR, "missing": NO_DATA_COLOUR}


def rgb(colour: str) -> tuple[int, int, int]:
    """``(red, green, blue)`` of a ``#rrggbb`` colour, 0-255 each (the PDF's colours)."""
    text = colour.lstrip("#")
    if len(text) != 6:
        raise ValueError(f"colour must be #rrggbb; got {colour!r}")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
