"""The printed coverage map: the app's colours, one per commune kind and coverage state."""

from __future__ import annotations

import io
from collections import Counter

import numpy as np
import pytest
from PIL import Image

import geodata
from dashboard.reports.palette import COVERAGE_COLOURS
from dashboard.reports.static_map import CONTEXT_FILL, coverage_colours, render_coverage_map
from tests.support.territories import TAZA


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def _pixels(png: bytes) -> Counter:
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)
    colours, counts = np.unique(image, axis=0, return_counts=True)
    return Counter({tuple(int(v) for v in c): int(n) for c, n in zip(colours, counts,
                                                                     strict=True)})


@pytest.fixture(scope="module")
def taza():
    communes = geodata.load_units("commune", "web")
    return communes, communes[communes["province_code"] == TAZA]


def test_colours_are_the_app_palette():
    assert coverage_colours(["urban", "urban", "rural", "rural"],
                            [True, False, True, False]) == [
        COVERAGE_COLOURS[("urban", True)], COVERAGE_COLOURS[("urban", False)],
        COVERAGE_COLOURS[("rural", True)], COVERAGE_COLOURS[("rural", False)],
    ]


def test_map_shows_each_state_in_its_colour(taza):
    everything, communes = taza
    rural = communes[communes["kind"] == "rural"]["code"].tolist()
    urban = communes[communes["kind"] == "urban"]["code"].tolist()
    covered = rural[: len(rural) // 2] + urban[:1]
    png = render_coverage_map(communes, covered, context=everything, dpi=60)
    assert png.startswith(b"\x89PNG")
    pixels = _pixels(png)
    total = sum(pixels.values())
    for kind, flag in [("rural", True), ("rural", False), ("urban", True)]:
        share = pixels[_rgb(COVERAGE_COLOURS[(kind, flag)])] / total
        assert share > (0.01 if kind == "rural" else 0.00005), (kind, flag, share)
    assert pixels[_rgb(CONTEXT_FILL)] / total > 0.05  # neighbours drawn around the province


def test_nothing_covered_means_only_pale_fills(taza):
    _, communes = taza
    pixels = _pixels(render_coverage_map(communes, [], dpi=60))
    assert pixels[_rgb(COVERAGE_COLOURS[("rural", True)])] == 0
    assert pixels[_rgb(COVERAGE_COLOURS[("urban", True)])] == 0
    assert pixels[_rgb(COVERAGE_COLOURS[("rural", False)])] > 0


def test_empty_territory_is_refused(taza):
    _, communes = taza
    with pytest.raises(ValueError, match="communes"):
        render_coverage_map(communes.iloc[0:0], [])
