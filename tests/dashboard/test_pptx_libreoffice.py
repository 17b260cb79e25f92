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
