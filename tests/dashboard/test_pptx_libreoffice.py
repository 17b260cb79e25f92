"""The board pack opens in a real office suite: LibreOffice converts it, a slide is drawn.

Needs Debian's ``libreoffice-impress`` (``soffice``) and ``poppler-utils`` (``pdftoppm``),
installed by ``make test``; without them the test is skipped, unless
``TAGHTIA_REQUIRE_BROWSER=1`` (``make test``, CI), where it fails.
"""

from __future__ import annotations

import io
import shutil
import subprocess

import pypdf
import pytest
from PIL import Image

from dashboard.reports.content import resolve_territory
from dashboard.reports.pptx import build_deck
from tests.support.required import unavailable
from tests.support.territories import TAZA


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        unavailable(f"{name} is not installed (make libreoffice)", "LibreOffice rendering")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ar"])
def test_libreoffice_opens_the_deck_and_draws_its_slides(tmp_path, lang):
    soffice, pdftoppm = _tool("soffice"), _tool("pdftoppm")
    from dashboard.app.datasets import demo_dataset

    dataset = demo_dataset()
    deck = tmp_path / f"taza_{lang}.pptx"
    deck.write_bytes(build_deck(dataset.centres_frame, dataset.funding_frame, TAZA, lang,
                                illustrative=True))
    profile = tmp_path / "profile"  # a private profile: parallel runs do not share a lock
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)],
        capture_output=True, text=True, timeout=240, check=False)
    pdf = tmp_path / f"taza_{lang}.pdf"
    assert pdf.is_file(), result.stdout + result.stderr
    reader = pypdf.PdfReader(io.BytesIO(pdf.read_bytes()))
    assert len(reader.pages) == 10
    assert resolve_territory(TAZA).name_fr in reader.pages[0].extract_text()

    subprocess.run([pdftoppm, "-f", "3", "-l", "3", "-r", "80", "-png", str(pdf),
                    str(tmp_path / "slide")], check=True, timeout=120)
    [png] = sorted(tmp_path.glob("slide*.png"))
    image = Image.open(png).convert("RGB")
    assert image.width > image.height * 1.7  # 16:9
    colours = image.getcolors(maxcolors=1 << 22)
    area = image.width * image.height
    assert sum(1 for count, _ in colours if count > area * 0.003) >= 5  # map, legend, text


def _bar_rows(image: Image.Image, left: int, right: int, top: int, bottom: int
              ) -> list[tuple[int, int]]:
    """(first, last) x of the coloured pixels on each row of ``image``'s box drawn by a bar:
    at least 12 of them, nearly without a gap (the legend's swatches are small and apart)."""
    rows = []
    pixels = image.load()
    for y in range(top, bottom):
        xs = [x for x in range(left, right)
              if max(pixels[x, y]) - min(pixels[x, y]) > 60]  # saturated: a bar's colour
        if len(xs) >= 12 and len(xs) >= 0.9 * (xs[-1] - xs[0] + 1):
            rows.append((xs[0], xs[-1]))
    return rows


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_services_chart_bars_start_on_the_reading_side(tmp_path, lang):
    """As LibreOffice draws the services slide, the bars share their starting edge: the
    right one in Arabic (the chart mirrored beside its right-to-left table), the left one
    in French."""
    from dashboard.app.datasets import demo_dataset
    from dashboard.reports.deck_layout import BODY_BOTTOM, BODY_TOP, MARGIN_IN, WIDTH_IN

    soffice, pdftoppm = _tool("soffice"), _tool("pdftoppm")
    dataset = demo_dataset()
    deck = tmp_path / f"taza_{lang}.pptx"
    deck.write_bytes(build_deck(dataset.centres_frame, dataset.funding_frame, TAZA, lang,
                                illustrative=True))
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)],
        capture_output=True, text=True, timeout=240, check=False)
    subprocess.run([pdftoppm, "-f", "4", "-l", "4", "-r", "80", "-png",
                    str(tmp_path / f"taza_{lang}.pdf"), str(tmp_path / "services")],
                   check=True, timeout=120)
    [png] = sorted(tmp_path.glob("services*.png"))
    image = Image.open(png).convert("RGB")
    scale = image.width / WIDTH_IN
    chart_left = WIDTH_IN - MARGIN_IN - 6.0 if lang == "ar" else MARGIN_IN  # the chart's box
    rows = _bar_rows(image, int(chart_left * scale), int((chart_left + 6.0) * scale),
                     int((BODY_TOP + 0.5) * scale), int(BODY_BOTTOM * scale))
    assert len(rows) >= 30, "no bars drawn"  # six cercles, a dozen pixel rows each
    starts, ends = [first for first, _ in rows], [last for _, last in rows]
    aligned, ragged = (ends, starts) if lang == "ar" else (starts, ends)
    assert max(aligned) - min(aligned) <= 3, aligned
    assert max(ragged) - min(ragged) > 20, ragged
