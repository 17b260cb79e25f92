"""The board report and the board pack of the national registry name each province's source
(dataset, version, date), from the command line and from the app's cached deck; a single
dataset keeps its one dataset line."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from pptx import Presentation

from dashboard import i18n
from dashboard.cli import main
from dashboard.reports.province_sources import sources_line, sources_table
from dashboard.store import open_store
from tests.store.samples import province_inputs
from tests.support.territories import FES, FES_MEKNES, SEFROU, TAZA


@pytest.fixture
def registry(taghtia_home):
    """Taza from its own dataset (imported twice: version 2), the rest of Fès-Meknès from
    the region's dataset; the registry's sources by province."""
    store = open_store()
    store.save("taza", province_inputs({TAZA: 3}), territory=TAZA)
    store.save("taza", province_inputs({TAZA: 4}), territory=TAZA)
    store.save("fes-meknes", province_inputs({SEFROU: 1, FES: 2}, prefix="R"),
               territory=FES_MEKNES)
    provinces, _ = store.open_registry(None)
    return provinces


def _dates(provinces) -> dict[str, str]:
    return {row.province_code: row.imported_at.strftime("%Y-%m-%d")
            for row in provinces.dropna(subset=["dataset"]).itertuples()}


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return re.sub(r"[\s\u00a0\u202f]+", " ", " ".join(p.extract_text() for p in reader.pages))


def _deck_text(data: bytes) -> str:
    return "\n".join(shape.text_frame.text for slide in Presentation(io.BytesIO(data)).slides
                     for shape in slide.shapes if shape.has_text_frame)


def test_sources_table_lists_the_territory_provinces(registry) -> None:
    dates = _dates(registry)
    headings, rows, widths, numeric = sources_table(registry, FES_MEKNES, "fr")
    assert headings == ["Province", "Jeu de données", "Version", "Importé le"]
    assert len(widths) == len(numeric) == 4
    by_code = {row[0].split(" ")[0]: row[1:] for row in rows}
    assert by_code[TAZA] == ["taza", "2", dates[TAZA]]
    assert by_code[SEFROU] == ["fes-meknes", "1", dates[SEFROU]]
    assert all(code.startswith("03.") for code in by_code)  # Fès-Meknès' provinces only
    # a province's own territory: its row only
    assert [row[0] for row in sources_table(registry, TAZA, "fr")[1]] == [f"{TAZA} Taza"]


def test_pdf_of_the_registry_names_each_province_source(registry, tmp_path) -> None:
    dates = _dates(registry)
    out = tmp_path / "fes.pdf"
    assert main(["report", "--dataset", "registry", "--within", FES_MEKNES, "--out",
                 str(out)]) == 0
    text = _pdf_text(out.read_bytes())
    assert i18n.t("Sources by province", "fr") in text
    assert re.search(rf"{TAZA} Taza taza 2 {dates[TAZA]}", text)
    assert re.search(rf"{SEFROU} Sefrou fes-meknes 1 {dates[SEFROU]}", text)
    out = tmp_path / "maroc.pdf"  # Morocco: the nine supplied provinces, then the others' count
    assert main(["report", "--dataset", "registry", "--out", str(out)]) == 0
    text = _pdf_text(out.read_bytes())
    assert re.search(rf"{TAZA} Taza taza 2 {dates[TAZA]}", text)
    assert i18n.t("no data: {count} provinces", "fr", count=66) in text
    assert "01.051" not in text


def test_deck_of_the_registry_names_each_province_source(registry, tmp_path) -> None:
    dates = _dates(registry)
    out = tmp_path / "taza.pptx"
    assert main(["report", "--dataset", "registry", "--within", TAZA, "--out", str(out)]) == 0
    text = _deck_text(out.read_bytes())
    assert f"Taza: taza v2 ({dates[TAZA]})" in text
    assert sources_line(registry, TAZA, "fr", at_most=6) in text


def test_single_dataset_report_has_no_province_sources(registry, tmp_path) -> None:
    out = tmp_path / "taza.pdf"
    assert main(["report", "--dataset", "taza", "--within", TAZA, "--out", str(out)]) == 0
    assert i18n.t("Sources by province", "fr") not in _pdf_text(out.read_bytes())
    deck = tmp_path / "taza.pptx"
    assert main(["report", "--dataset", "taza", "--within", TAZA, "--out", str(deck)]) == 0
    assert "Taza: taza v2" not in _deck_text(deck.read_bytes())


def test_app_board_pack_of_the_registry_names_each_province_source(registry) -> None:
    from dashboard import sources
    from dashboard.app import cache
    from dashboard.calc.indicators import Filters

    data = sources.from_registry()
    deck = cache._board_pack(data.token, FES_MEKNES, "ar", Filters(), "2026-12-07", data)
    line = sources_line(registry, FES_MEKNES, "ar", at_most=6)
    assert line in _deck_text(deck)
    # nine provinces in Fès-Meknès: six named (Sefrou among them), then "and 3 more"
    assert f"صفرو: fes-meknes v1 ({_dates(registry)[SEFROU]})" in line
    assert line.endswith(i18n.t("and {count} more", "ar", count=3))
