"""What changed between two versions: the per-commune table, ``taghtia compare`` on a real
(SQLite) store, and the board pack's "since the last version" slide.

The second version is the first with the centres of some Taza communes closed and one centre
opened in a commune that had none; every expected figure is computed here from those edits
and :func:`compute_indicators`, never hard-coded.
"""

from __future__ import annotations

import io
from functools import cache

import pandas as pd
import pytest
from pptx import Presentation

from dashboard import i18n
from dashboard.calc.compare import CHANGES, COLUMNS, change_summary, compare_versions
from dashboard.calc.indicators import compute_indicators
from dashboard.cli import main
from dashboard.demo import demo_paths
from dashboard.store.config import database_url
from tests.support.territories import TAZA


@cache
def _files() -> tuple[pd.DataFrame, pd.DataFrame]:
    centres_path, funding_path = demo_paths()
    centres = pd.read_csv(centres_path, dtype=str, keep_default_na=False)
    funding = pd.read_csv(funding_path, dtype=str, keep_default_na=False)
    centres = centres[centres["commune_code"].str.startswith(TAZA + ".")]
    return centres, funding[funding["centre_id"].isin(centres["centre_id"])]


@cache
def _edits() -> tuple[set[str], str]:
    """Communes whose centres close in version 2, and the commune given a new centre."""
    from dashboard.calc.planning import underserved
    from loaders import load_centres

    centres = load_centres(io.StringIO(_files()[0].to_csv(index=False))).accepted
    table = compute_indicators(centres, None, "commune", TAZA)
    covered = table.loc[table["communes_covered"] > 0, "code"].tolist()
    return set(covered[:3]), str(underserved(centres, within=TAZA).iloc[0]["code"])


def _version_two() -> pd.DataFrame:
    centres = _files()[0].copy()
    closing, opening = _edits()
    centres.loc[centres["commune_code"].isin(closing), "status"] = "closed"
    new = centres.iloc[[0]].copy()
    new["centre_id"], new["commune_code"], new["status"] = "NEW-1", opening, "operating"
    new["latitude"] = new["longitude"] = ""
    return pd.concat([centres, new], ignore_index=True)


def _loaded(frame: pd.DataFrame) -> pd.DataFrame:
    from loaders import load_centres

    return load_centres(io.StringIO(frame.to_csv(index=False))).accepted


def test_table_has_one_row_per_commune_and_the_documented_columns():
    before = _loaded(_files()[0])
    table = compare_versions((before, None), (_loaded(_version_two()), None), TAZA)
    reference = compute_indicators(before, None, "commune", TAZA)
    assert tuple(table.columns) == COLUMNS
    assert sorted(table["code"]) == sorted(reference["code"])
    assert set(table["change"]) <= set(CHANGES)


def test_closed_communes_are_lost_and_the_new_one_gained():
    closing, opening = _edits()
    before, after = _loaded(_files()[0]), _loaded(_version_two())
    table = compare_versions((before, None), (after, None), TAZA).set_index("code")
    now = compute_indicators(after, None, "commune", TAZA).set_index("code")
    lost = {code for code in closing if now.loc[code, "communes_covered"] == 0}
    assert lost  # at least one closed commune had no other centre
    assert set(table.index[table["change"] == "lost"]) == lost
    assert set(table.index[table["change"] == "gained"]) == {opening}
    assert table.loc[opening, "centres_after"] == table.loc[opening, "centres_before"] + 1
    assert (table["centres_after"] == now["centres"].reindex(table.index)).all()
    summary = change_summary(table.reset_index())
    assert summary["covered_after"] == summary["covered_before"] - len(lost) + 1


def test_same_version_changes_nothing():
    before = _loaded(_files()[0])
    table = compare_versions((before, None), (before, None), TAZA)
    assert (table["change"] == "same").all()
    assert (table["services_before"] == table["services_after"]).all()


@pytest.fixture
def stored(tmp_path, store_snapshots) -> str:
    """Dataset ``taza``, two versions with their grants, in the test's SQLite store (imported
    once per test process, then copied)."""

    def build() -> None:
        centres, funding = _files()
        one, two = tmp_path / "v1.csv", tmp_path / "v2.csv"
        centres.to_csv(one, index=False)
        _version_two().to_csv(two, index=False)
        grants = tmp_path / "subventions.csv"
        funding.to_csv(grants, index=False)
        for path in (one, two):
            assert main(["datasets", "import", str(path), "--funding", str(grants), "--name",
                         "taza"]) == 0

    store_snapshots.restore("compare_taza", database_url(), build)
    return "taza"


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_compare_command_writes_the_table(stored, tmp_path, capsys, suffix):
    out = tmp_path / f"diff.{suffix}"
    assert main(["compare", "--dataset", stored, "--from", "1", "--to", "2", "--within", TAZA,
                 "--out", str(out)]) == 0
    table = (pd.read_csv(out, dtype={"code": str}) if suffix == "csv"
             else pd.read_excel(out, dtype={"code": str}))
    assert tuple(table.columns) == COLUMNS
    assert set(table.loc[table["change"] == "gained", "code"]) == {_edits()[1]}
    printed = capsys.readouterr().out
    assert "taza v1 -> taza v2" in printed and "1 gained" in printed


@pytest.mark.parametrize("args", [
    ["--dataset", "absent", "--from", "1"], ["--dataset", "taza@2", "--from", "1"],
    ["--dataset", "taza", "--from", "0"], ["--dataset", "taza", "--from", "7"],
])
def test_compare_errors_are_one_line(stored, tmp_path, capsys, args):
    assert main(["compare", *args, "--out", str(tmp_path / "d.csv")]) == 2
    error = capsys.readouterr().err
    assert error.startswith("taghtia compare") and error.count("\n") == 1


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_deck_since_a_version_has_the_changes_slide(stored, tmp_path, lang):
    out = tmp_path / "taza.pptx"
    assert main(["report", "--dataset", stored, "--since", "1", "--within", TAZA, "--lang",
                 lang, "--out", str(out)]) == 0
    deck = Presentation(io.BytesIO(out.read_bytes()))
    assert len(deck.slides) == 11
    slide = deck.slides[9]
    texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    assert texts[0] == i18n.t("Since the last version — {name}", lang,
                              name="Taza" if lang != "ar" else "تازة")
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    cells = {cell.text for row in table.rows for cell in row.cells}
    assert i18n.t("gained", lang) in cells
    assert i18n.t("lost", lang) in cells


def test_since_needs_a_stored_dataset(stored, tmp_path, capsys):
    assert main(["report", "--since", "1", "--out", str(tmp_path / "x.pptx")]) == 2
    assert main(["report", "--dataset", stored, "--since", "9", "--out",
                 str(tmp_path / "x.pptx")]) == 2
    assert capsys.readouterr().err.count("\n") == 2


def test_pdf_since_a_version_ends_with_the_changes(stored, tmp_path):
    import re

    import pypdf

    out = tmp_path / "taza.pdf"
    assert main(["report", "--dataset", stored, "--since", "1", "--within", TAZA, "--out",
                 str(out)]) == 0
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    text = re.sub(r"[\s\u00a0\u202f]+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert i18n.t("Since the last version — {name}", "fr", name="Taza") in text
    table = compare_versions(*[(_loaded(frame), None) for frame in (_files()[0],
                                                                   _version_two())], TAZA)
    for record in table[table["change"] != "same"].to_dict("records"):
        assert record["name_fr"] in text
    assert i18n.t("gained", "fr") in text
