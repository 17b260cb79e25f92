"""``taghtia indicators --as-of / --demand`` and ``taghtia trend`` end to end, on a small
registry of Taza (03.561) written as a delegation would: French headers, opening and closing
years, places and people reached."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from dashboard.cli import main

TAZA_CITY = "03.561.01.11"
BNI_FRASSEN = "03.561.07.01"
HEADER = ("ID;Nom du centre;Type;Code commune;Statut;Année d'ouverture;Année de fermeture;"
          "Capacité;Bénéficiaires")
ROWS = [
    "A;Dar Taliba;EPS;{city};En activité;2005;;40;30",
    "B;Jardin;Jardin d'enfants;{city};En activité;2012;;20;",  # places, nobody reported
    "C;CEF;CEF;{rural};En activité;;;;15",  # no opening year
    "D;Foyer;EPS;{rural};Fermé;2000;2009;30;35",  # closed before 2010
    "E;Complexe;EPS;{rural};Fermé;2001;2015;10;12",  # closed after 2010
    "F;Projet;EPS;{rural};En cours d'autorisation;2008;;50;",
]
GRANTS = "ID centre;Année;Montant\nA;2010;1 000,00\nA;2011;500,00\nE;2010;250,00\n"


def registry(tmp_path: Path) -> tuple[Path, Path]:
    centres = tmp_path / "registre.csv"
    text = "\n".join([HEADER, *(r.format(city=TAZA_CITY, rural=BNI_FRASSEN) for r in ROWS)])
    centres.write_text(text + "\n", encoding="utf-8-sig")
    funding = tmp_path / "subventions.csv"
    funding.write_text(GRANTS, encoding="utf-8-sig")
    return centres, funding


def run(*argv: str) -> int:
    try:
        return main(list(argv))
    except SystemExit as exit_:
        return int(exit_.code)


def test_indicators_as_of_2010(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    centres, funding = registry(tmp_path)
    out = tmp_path / "taza_2010.json"
    assert run("indicators", "--centres", str(centres), "--funding", str(funding),
               "--level", "province", "--within", "03.561", "--as-of", "2010",
               "--out", str(out)) == 0
    (taza,) = json.loads(out.read_text(encoding="utf-8"))
    assert taza["centres"] == 2  # A and E
    assert taza["capacity"] == 50 and taza["beneficiaries"] == 42
    assert taza["occupancy"] == pytest.approx(42 / 50)
    assert taza["over_capacity"] == 1
    assert taza["funding_mad"] == 1750  # funding is not affected by --as-of
    assert taza["centres_no_opening_year"] == 1
    assert "1 counted centre(s) have no opening year and are not in 2010's figures" in (
        capsys.readouterr().out)


def test_indicators_today_and_demand_group(tmp_path: Path) -> None:
    centres, _ = registry(tmp_path)
    today, group = tmp_path / "today.json", tmp_path / "under_15.json"
    assert run("indicators", "--centres", str(centres), "--level", "province",
               "--within", "03.561", "--out", str(today)) == 0
    assert run("indicators", "--centres", str(centres), "--level", "province",
               "--within", "03.561", "--demand", "under_15", "--out", str(group)) == 0
    (taza,) = json.loads(today.read_text(encoding="utf-8"))
    (young,) = json.loads(group.read_text(encoding="utf-8"))
    assert (taza["capacity"], taza["capacity_unknown"], taza["beneficiaries"]) == (60, 1, 45)
    assert taza["occupancy"] == pytest.approx(30 / 40)
    assert taza["places_per_1000"] == pytest.approx(60_000 / taza["population_2024"])
    assert "demand_population" not in taza
    assert 0 < young["demand_population"] < taza["population_2024"]
    assert young["places_per_1000"] == pytest.approx(60_000 / young["demand_population"])


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "json"])
def test_trend_rows_are_the_indicators_as_of_each_year(tmp_path: Path, suffix: str) -> None:
    centres, funding = registry(tmp_path)
    out = tmp_path / f"trend.{suffix}"
    assert run("trend", "--centres", str(centres), "--funding", str(funding),
               "--within", "03.561", "--from", "2008", "--to", "2016", "--out", str(out)) == 0
    frame = (pd.read_json(out) if suffix == "json" else pd.read_excel(out)
             if suffix == "xlsx" else pd.read_csv(out, encoding="utf-8-sig"))
    frame = frame.set_index("year")
    assert list(frame.index) == list(range(2008, 2017))
    assert frame.loc[2008, "centres"] == 3 and frame.loc[2010, "centres"] == 2
    assert frame.loc[2016, "centres"] == 2  # A and B
    assert frame.loc[2010, "funding_mad"] == 1250 and frame.loc[2011, "funding_mad"] == 500
    assert frame.loc[2009, "funding_mad"] == 0
    assert (frame["centres_no_opening_year"] == 1).all()
    for year in (2008, 2010, 2016):
        one = tmp_path / f"as_of_{year}.json"
        assert run("indicators", "--centres", str(centres), "--level", "province",
                   "--within", "03.561", "--as-of", str(year), "--out", str(one)) == 0
        (taza,) = json.loads(one.read_text(encoding="utf-8"))
        for column in ("centres", "capacity", "communes_covered_urban",
                       "communes_covered_rural"):
            assert frame.loc[year, column] == taza[column]
        assert frame.loc[year, "places_per_1000"] == pytest.approx(taza["places_per_1000"])


def test_trend_types_filter(tmp_path: Path) -> None:
    centres, _ = registry(tmp_path)
    out = tmp_path / "kindergartens.csv"
    assert run("trend", "--centres", str(centres), "--within", "03.561", "--from", "2011",
               "--to", "2013", "--types", "kindergarten", "--out", str(out)) == 0
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert frame["centres"].tolist() == [0, 1, 1]


@pytest.mark.parametrize("argv, message", [
    (["trend", "--from", "2010", "--to", "2005"], "--from must not be after --to"),
    (["trend", "--from", "soon", "--to", "2005"], "--from must be a year"),
    (["trend", "--from", "2000", "--to", "2005", "--within", "99.999"], "within must be"),
    (["indicators", "--level", "province", "--as-of", "2010", "--statuses", "all"],
     "--statuses cannot be combined with --as-of"),
    (["indicators", "--level", "province", "--as-of", "20100"], "--as-of must be a year"),
    (["indicators", "--level", "province", "--demand", "children"], "invalid choice"),
])
def test_bad_options_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     argv: list[str], message: str) -> None:
    out = tmp_path / "x.csv"
    assert run(*argv, "--out", str(out)) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err
    assert not out.exists()


def test_trend_refuses_to_write_over_its_input(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    centres, _ = registry(tmp_path)
    before = centres.read_bytes()
    copy = tmp_path / "registre.csv"
    assert run("trend", "--centres", str(centres), "--from", "2000", "--to", "2001",
               "--out", str(copy)) == 2
    assert centres.read_bytes() == before
    assert "--out" in capsys.readouterr().err


def test_trend_of_the_demo_says_where_opening_years_run_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "trend.csv"
    assert run("trend", "--from", "2020", "--to", "2030", "--out", str(out)) == 0
    assert "opening years run out after" in capsys.readouterr().out
    assert len(pd.read_csv(out, encoding="utf-8-sig")) == 11


def test_report_as_of_and_trend_from(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    import pypdf
    from pptx import Presentation

    centres, _ = registry(tmp_path)
    deck = tmp_path / "taza.pptx"
    assert run("report", "--centres", str(centres), "--within", "03.561",
               "--trend-from", "2006", "--out", str(deck)) == 0
    titles = [next(s for s in slide.shapes if s.has_text_frame).text_frame.text
              for slide in Presentation(io.BytesIO(deck.read_bytes())).slides]
    assert "Depuis 2006 — Taza" in titles
    pdf = tmp_path / "taza_2010.pdf"
    assert run("report", "--centres", str(centres), "--within", "03.561", "--as-of", "2010",
               "--out", str(pdf)) == 0
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "1 centre n'a pas d'année d'ouverture" in " ".join(text.split())
    png = tmp_path / "taza_2010.png"
    assert run("map", "--centres", str(centres), "--within", "03.561", "--as-of", "2010",
               "--out", str(png)) == 0
    assert "1 counted centre(s) have no opening year" in capsys.readouterr().out
