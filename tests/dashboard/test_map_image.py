"""Map pictures: ``taghtia map`` and :mod:`dashboard.reports.map_image`, read back as pixels.

Colours are checked against the classes computed here with the indicators and
:func:`dashboard.reports.classes.classify`, never against hard-coded values.
"""

from __future__ import annotations

import io
from functools import cache

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from dashboard.calc.indicators import compute_indicators
from dashboard.cli import main
from dashboard.reports.classes import classify
from dashboard.reports.content import report_content
from dashboard.reports.map_image import map_picture, render_map_image, scale_bar_km
from dashboard.reports.palette import COVERAGE_COLOURS
from tests.support.territories import TAZA


@cache
def _demo() -> tuple[pd.DataFrame, pd.DataFrame]:
    from dashboard.app.datasets import demo_dataset

    dataset = demo_dataset()
    return dataset.centres_frame, dataset.funding_frame


@cache
def _content(within: str | None):
    centres, funding = _demo()
    return report_content(centres, funding, within)


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def _pixels(image: Image.Image) -> dict[tuple[int, int, int], int]:
    array = np.asarray(image.convert("RGB")).reshape(-1, 3)
    colours, counts = np.unique(array, axis=0, return_counts=True)
    return {tuple(int(v) for v in c): int(n) for c, n in zip(colours, counts, strict=True)}


def _image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


@pytest.mark.parametrize("kind", ["coverage", "services", "funding"])
def test_png_is_wide_coloured_and_has_its_legend(kind):
    picture = map_picture(_content(TAZA), kind, "fr")
    image = _image(render_map_image(picture, "fr"))
    assert image.width >= 1600
    pixels = _pixels(image)
    area = image.width * image.height
    assert sum(1 for n in pixels.values() if n > area * 0.002) >= 4  # not blank
    legend_part = _pixels(image.crop((int(image.width * 0.7), 0, image.width, image.height)))
    for colour, _label in picture.legend:
        assert legend_part.get(_rgb(colour), 0) > 200, colour  # every swatch drawn


def test_funding_classes_are_those_of_the_cercles():
    centres, funding = _demo()
    cercles = compute_indicators(centres, funding, "cercle", TAZA)
    classes = classify(cercles["funding_per_capita_mad"], "quantiles", 5)
    picture = map_picture(_content(TAZA), "funding", "fr")
    assert [colour for colour, _ in picture.legend] == list(classes.colours)
    assert len(picture.colours) == len(cercles)
    pixels = _pixels(_image(render_map_image(picture, "fr")))
    for colour in classes.colours:
        assert pixels.get(_rgb(colour), 0) > 1000


def test_coverage_colours_follow_the_covered_communes():
    content = _content(TAZA)
    picture = map_picture(content, "coverage", "fr")
    covered = set(content.communes.loc[content.communes["communes_covered"] > 0, "code"])
    units = picture.frames.units
    for code, kind, colour in zip(units["code"], units["kind"], picture.colours, strict=True):
        assert colour == COVERAGE_COLOURS[(kind, code in covered)]


def test_arabic_puts_the_legend_on_the_left():
    picture = map_picture(_content(TAZA), "funding", "ar")
    image = _image(render_map_image(picture, "ar"))
    left = _pixels(image.crop((0, 0, int(image.width * 0.3), image.height)))
    for colour, _label in picture.legend:
        assert left.get(_rgb(colour), 0) > 200


@pytest.mark.parametrize(("fmt", "start"), [("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_vector_formats(fmt, start):
    picture = map_picture(_content(TAZA), "coverage", "fr")
    assert render_map_image(picture, "fr", fmt=fmt).startswith(start)


def test_unknown_map_and_format_are_value_errors():
    with pytest.raises(ValueError, match="coverage"):
        map_picture(_content(TAZA), "density", "fr")
    picture = map_picture(_content(TAZA), "coverage", "fr")
    with pytest.raises(ValueError, match="png"):
        render_map_image(picture, "fr", fmt="gif")


@pytest.mark.parametrize(("width_deg", "latitude"), [(1.2, 34.0), (9.0, 31.0), (0.05, 33.5)])
def test_scale_bar_is_a_round_length_near_a_fifth_of_the_width(width_deg, latitude):
    km = scale_bar_km(width_deg, latitude)
    width_km = width_deg * 111.32 * np.cos(np.radians(latitude))
    assert 0.08 * width_km <= km <= 0.22 * width_km
    mantissa = km / 10 ** np.floor(np.log10(km))
    assert round(mantissa, 6) in (1, 2, 5)


def test_map_command_writes_a_png(tmp_path, capsys):
    out = tmp_path / "taza.png"
    assert main(["map", "--within", TAZA, "--map", "services", "--lang", "ar", "--out",
                 str(out)]) == 0
    image = Image.open(out)
    assert image.width >= 1600
    assert "map written" in capsys.readouterr().out


def test_map_command_dpi_scales_the_picture(tmp_path):
    out = tmp_path / "taza.png"
    assert main(["map", "--within", TAZA, "--dpi", "100", "--out", str(out)]) == 0
    assert Image.open(out).width == 800


@pytest.mark.parametrize("args", [["--out", "x.gif"], ["--within", "99.999", "--out", "x.png"],
                                  ["--dpi", "5", "--out", "x.png"]])
def test_map_command_errors_are_one_line(tmp_path, capsys, args):
    args = [a if not a.startswith("x.") else str(tmp_path / a) for a in args]
    assert main(["map", *args]) == 2
    error = capsys.readouterr().err
    assert error.startswith("taghtia map") and error.count("\n") == 1
