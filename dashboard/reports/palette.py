"""Colours shared by the app's maps, the PDF report and static map images.

Urban and rural hues are Okabe & Ito (2008), colour-blind safe; classes use ColorBrewer's
sequential YlGnBu.
"""

from __future__ import annotations

BACKGROUND = "#e9edf1"
NO_DATA_COLOUR = "#d9d9d9"
OUTLINE_COLOUR = "#ffffff"
CONTEXT_COLOUR = "#5b6770"

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
CENTRE_COLOUR = "#1b1b1b"

# ColorBrewer YlGnBu, sequential and colour-blind safe; index by number of classes
SEQUENTIAL: dict[int, tuple[str, ...]] = {
    2: ("#edf8b1", "#2c7fb8"),
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
    7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
}

# Okabe & Ito (2008) then Paul Tol's muted hues: one per centre type, in vocabulary order
CATEGORICAL: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#882255",
    "#44AA99", "#332288", "#999999",
)

# the registry's states: Okabe & Ito bluish green (current), vermillion (stale), grey (missing)
REGISTRY_STATE_COLOURS: dict[str, str] = {"current": "#009E73", "stale": "#D55E00",
                                          "missing": NO_DATA_COLOUR}
