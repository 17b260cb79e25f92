"""``taghtia report --out *.pptx``: the board pack from the command line, format by extension."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from dashboard.cli import main
from dashboard.i18n import t
from tests.support.territories import TAZA


def test_pptx_extension_writes_the_deck(tmp_path, capsys):
    out = tmp_path / "taza.PPTX"
    assert main(["report", "--within", TAZA, "--lang", "ar", "--years", "2021-2022",
                 "--out", str(out)]) == 0
    deck = Presentation(io.BytesIO(out.read_bytes()))
    assert len(deck.slides) == 10
    text = " ".join(shape.text_frame.text for shape in deck.slides[0].shapes
                    if shape.has_text_frame)
    assert "تازة" in text and "Taza" in text and "2021–2022" in text
    assert t("Illustrative data", "ar") in text
    assert "report written" in capsys.readouterr().out


def test_own_files_are_named_on_the_title_slide(tmp_path):
    from dashboard.demo import demo_paths

    centres, funding = demo_paths()
    out = tmp_path / "taza.pptx"
    assert main(["report", "--within", TAZA, "--centres", str(centres), "--funding",
                 str(funding), "--out", str(out)]) == 0
    text = " ".join(shape.text_frame.text for shape in
                    Presentation(io.BytesIO(out.read_bytes())).slides[0].shapes
                    if shape.has_text_frame)
    assert centres.name in text and t("Illustrative data", "fr") not in text


@pytest.mark.parametrize("name", ["taza.docx", "taza", "taza.ppt"])
def test_other_extensions_are_refused_in_one_line(tmp_path, capsys, name):
    assert main(["report", "--within", TAZA, "--out", str(tmp_path / name)]) == 2
    error = capsys.readouterr().err
    assert ".pdf or .pptx" in error and error.count("\n") == 1
    assert not (tmp_path / name).exists()
