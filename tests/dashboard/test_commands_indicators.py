"""``taghtia indicators`` end to end: delegation files in the French Excel dialect -> table.

Reproduces two published delegation profiles through loaders + indicators + the command:
Taza 2011 (29 communes covered, 4 urban and 25 rural, in 5 cercles, 79 services) and
Khénifra's 2021 subsidies (3,000,000 + 160,000 + 1,468,411 MAD) per inhabitant.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

import geodata
from dashboard.cli import main
from dashboard.commands.options import write_output
from tests.support.territories import KHENIFRA, TAZA


def _french_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """``;``-separated, UTF-8 with BOM, CRLF: what French-locale Excel saves."""
    lines = [";".join(header)] + [";".join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    return path


def _decimal_comma(value: float) -> str:
    return f"{value:.5f}".replace(".", ",")


def taza_registry(path: Path) -> Path:
    """32 operating centres (79 services) in 4 towns and 25 of the 34 rural communes."""
    communes = geodata.load_units("commune", "full")
    communes = communes[communes["province_code"] == TAZA].sort_values("code")
    towns = communes[communes["kind"] == "urban"]
    covered_rural, gaps = [], []
    for _, group in communes[communes["kind"] == "rural"].groupby("cercle_code"):
        n_gaps = 1 if group["cercle_code"].iloc[0].endswith("13") else 2
        covered_rural += list(group.iloc[:-n_gaps].itertuples())
        gaps += list(group.iloc[-n_gaps:].itertuples())
    assert (len(towns), len(covered_rural), len(gaps)) == (4, 25, 9)

    places = list(towns.itertuples()) + covered_rural
    places += [next(towns.itertuples())] * 3  # three more centres in Taza city
    services = [3] * 15 + [2] * 17  # 79 services
    types = ["Établissement de protection sociale", "Centre d'éducation et de formation",
             "Jardin d'enfants", "Centre d'alphabétisation"]
    modes = ["Gestion déléguée", "Cogestion", "Gestion directe", "Gestion déléguée"]
    rows = []
    for i, (place, n_services) in enumerate(zip(places, services, strict=True)):
        code, latitude, longitude = place.code, "", ""
        if i % 8 == 5:  # located by a point with a decimal comma
            point = place.geometry.representative_point()
            code, latitude, longitude = "", _decimal_comma(point.y), _decimal_comma(point.x)
        elif i % 3 == 0:
            code = place.code_digits  # 9-digit form
        rows.append([f"TZ-{i + 1:03d}", f"Centre {place.name_fr} {i + 1}", types[i % 4], code,
                     latitude, longitude, str(n_services), modes[i % 4], "En activité"])
    # not counted: a closed centre and one being licensed, both in uncovered communes
    rows.append(["TZ-900", "Dar Taliba fermée", "Établissement de protection sociale",
                 gaps[0].code, "", "", "4", "Cogestion", "Fermé"])
    rows.append(["TZ-901", "Futur centre", "Centre d'éducation et de formation",
                 gaps[1].code, "", "", "2", "Gestion déléguée", "En cours d'autorisation"])
    header = ["Identifiant", "Nom du centre", "Type", "Code commune", "Latitude", "Longitude",
              "Nombre de services", "Mode de gestion", "Statut"]
    return _french_csv(path, header, rows)


def khenifra_files(directory: Path) -> tuple[Path, Path]:
    centres = _french_csv(
        directory / "centres_khenifra.csv",
        ["Identifiant", "Nom du centre", "Type", "Code commune", "Mode de gestion"],
        [
            ["KH-01", "Dar Taliba Khénifra", "Établissement de protection sociale",
             "05.301.01.01", "Gestion déléguée"],
            ["KH-02", "Centre social de proximité M'rirt", "Centre social de proximité",
             "053010105", "Cogestion"],
            ["KH-03", "Centre pour personnes handicapées", "Centre pour personnes en situation "
             "de handicap", "05.301.01.01", "Gestion déléguée"],
        ],
    )
    funding = _french_csv(
        directory / "subventions_khenifra.csv",
        ["Identifiant", "Année", "Montant (DH)", "Source de financement", "Objet"],
        [
            ["KH-01", "2021", "3 000 000,00", "Entraide Nationale",
             "Subvention aux associations gérant les EPS"],
            ["KH-02", "2021", "160 000,00", "Entraide Nationale",
             "Centre social de proximité"],
            ["KH-03", "2021", "1\u00a0468\u00a0411,00", "Entraide Nationale",
             "Associations des personnes en situation de handicap"],
            ["KH-01", "2020", "2 900 000,00", "Entraide Nationale", "EPS 2020"],
        ],
    )
    return centres, funding


def run(*argv: str) -> int:
    return main(list(argv))


def test_taza_profile_end_to_end(tmp_path: Path) -> None:
    registry = taza_registry(tmp_path / "registre_taza.csv")
    out = tmp_path / "taza_cercles.csv"
    assert run("indicators", "--centres", str(registry), "--level", "cercle",
               "--within", TAZA, "--out", str(out)) == 0
    cercles = pd.read_csv(out, dtype={"code": str}, encoding="utf-8-sig")
    assert len(cercles) == 6  # the 5 cercles and the municipalities of Taza
    municipalities = cercles[cercles["code"] == "03.561.01"].iloc[0]
    assert municipalities["communes_covered_urban"] == 4
    rural = cercles[cercles["code"] != "03.561.01"]
    assert (rural["communes_covered"] > 0).sum() == 5
    assert rural["communes_covered_rural"].sum() == 25
    assert cercles["services"].sum() == 79

    out = tmp_path / "taza.json"
    assert run("indicators", "--centres", str(registry), "--level", "province",
               "--within", "03561", "--out", str(out)) == 0
    (taza,) = json.loads(out.read_text(encoding="utf-8"))
    assert (taza["communes_covered"], taza["communes_covered_urban"],
            taza["communes_covered_rural"]) == (29, 4, 25)
    assert taza["services"] == 79
    assert taza["centres"] == 32
    assert taza["coverage_rate_urban"] == 1.0
    assert taza["coverage_rate_rural"] == pytest.approx(25 / 34)


def test_taza_closed_centre_counts_with_all_statuses(tmp_path: Path) -> None:
    registry = taza_registry(tmp_path / "registre_taza.csv")
    out = tmp_path / "taza_all.csv"
    assert run("indicators", "--centres", str(registry), "--level", "province", "--within",
               TAZA, "--statuses", "all", "--out", str(out)) == 0
    row = pd.read_csv(out, encoding="utf-8-sig").iloc[0]
    assert row["communes_covered_rural"] == 27
    assert row["services"] == 79 + 4 + 2


def _province_population(code: str) -> int:
    provinces = geodata.load_units("province", "web").set_index("code")
    return int(provinces.loc[code, "population_2024"])


def test_khenifra_2021_subsidies_per_inhabitant(tmp_path: Path) -> None:
    centres, funding = khenifra_files(tmp_path)
    out = tmp_path / "khenifra.csv"
    assert run("indicators", "--centres", str(centres), "--funding", str(funding),
               "--level", "province", "--within", KHENIFRA, "--years", "2021-2021",
               "--out", str(out)) == 0
    row = pd.read_csv(out, encoding="utf-8-sig").iloc[0]
    total = 3_000_000 + 160_000 + 1_468_411
    assert row["funding_mad"] == pytest.approx(total)
    population = _province_population(KHENIFRA)
    assert row["population_2024"] == population
    assert row["funding_per_capita_mad"] == pytest.approx(total / population)
    assert row["funding_per_centre_mad"] == pytest.approx(total / 3)

    out_all = tmp_path / "khenifra_all.csv"
    assert run("indicators", "--centres", str(centres), "--funding", str(funding),
               "--level", "province", "--within", KHENIFRA, "--out", str(out_all)) == 0
    assert pd.read_csv(out_all, encoding="utf-8-sig").iloc[0]["funding_mad"] == pytest.approx(
        total + 2_900_000
    )


def test_workbook_funding_sheet_supplies_the_grants(tmp_path: Path) -> None:
    book = tmp_path / "registre_khenifra.xlsx"
    centres = pd.DataFrame(
        {
            "Identifiant": ["KH-01", "KH-02", "KH-03"],
            "Nom du centre": ["Dar Taliba", "Centre de proximité", "Centre handicap"],
            "Type": ["eps", "proximity_centre", "disability"],
            "Code commune": ["05.301.01.01", "05.301.01.05", "05.301.01.01"],
        }
    )
    grants = pd.DataFrame(
        {
            "Identifiant": ["KH-01", "KH-02", "KH-03"],
            "Année": [2021, 2021, 2021],
            "Montant (DH)": [3_000_000, 160_000, 1_468_411],
        }
    )
    with pd.ExcelWriter(book) as writer:
        centres.to_excel(writer, sheet_name="Centres", index=False)
        grants.to_excel(writer, sheet_name="Financements", index=False)
    out = tmp_path / "khenifra.xlsx"
    assert run("indicators", "--centres", str(book), "--level", "commune", "--within",
               KHENIFRA, "--out", str(out)) == 0
    table = pd.read_excel(out, dtype={"code": str})
    assert len(table) == 22
    assert table["funding_mad"].sum() == pytest.approx(4_628_411)
    assert table.set_index("code").loc["05.301.01.05", "funding_mad"] == pytest.approx(160_000)


def test_geojson_output_has_geometry(tmp_path: Path) -> None:
    centres, funding = khenifra_files(tmp_path)
    out = tmp_path / "cercles.geojson"
    assert run("indicators", "--centres", str(centres), "--funding", str(funding), "--level",
               "cercle", "--within", KHENIFRA, "--types", "eps,disability", "--out",
               str(out)) == 0
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 4  # municipalities + 3 cercles
    first = collection["features"][0]
    assert first["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert first["properties"]["code"] == "05.301.01"
    assert first["properties"]["centres"] == 2
    assert first["properties"]["funding_mad"] == pytest.approx(3_000_000 + 1_468_411 + 2_900_000)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--level", "country"], "invalid choice"),
        (["--level", "province", "--years", "2022-2019"], "--years must run forward"),
        (["--level", "province", "--years", "last"], "--years must look like"),
        (["--level", "province", "--within", "77.777"], "within must be the code"),
        (["--level", "province", "--types", "school"], "--types takes"),
        (["--level", "province", "--modes", "private"], "--modes takes"),
        (["--level", "province", "--statuses", "open"], "--statuses takes"),
        (["--level", "province", "--sources", "bank"], "--sources takes"),
        (["--level", "province", "--centres", "no-such-file.csv"], "no-such-file.csv"),
    ],
)
def test_bad_options_give_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    out = ["--out", str(tmp_path / "x.csv")]
    try:
        status = run("indicators", *argv, *out)
    except SystemExit as exit_:  # argparse errors
        status = exit_.code
    assert status == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert message in err
    assert not (tmp_path / "x.csv").exists()


def test_bad_output_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("indicators", "--level", "province", "--out", str(tmp_path / "x.txt")) == 2
    assert "--out must end in .csv, .json, .geojson, .xlsx" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["indicators", "underserved", "demo"])
def test_help_explains_with_an_example(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as excinfo:
        run(command, "--help")
    assert excinfo.value.code == 0
    text = capsys.readouterr().out
    assert "examples:" in text and f"taghtia {command} --" in text


def test_csv_output_neutralises_formulas(tmp_path: Path) -> None:
    frame = pd.DataFrame({"code": ["=HYPERLINK(\"http://x\")"], "centres": [1]})
    out = tmp_path / "t.csv"
    write_output(frame, str(out), "commune", io.StringIO())
    text = out.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text


def test_demo_data_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "regions.csv"
    assert run("indicators", "--level", "region", "--out", str(out)) == 0
    assert "illustrative" in capsys.readouterr().out
    regions = pd.read_csv(out, encoding="utf-8-sig")
    assert len(regions) == 12 and regions["communes_total"].sum() == 1503


@pytest.mark.parametrize(
    ("within", "city"),
    [("06.141.01.01", "06.141.01.0"),  # Anfa, an arrondissement of Casablanca
     ("061410120", "06.141.01.0"),  # préfecture Aïn-Sebaâ-Hay Mohammadi, 9-digit form
     ("03.231.01.11", "03.231.01.0")],  # El Mariniyine, an arrondissement of Fès
)
def test_within_an_arrondissement_gives_its_city(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], within: str, city: str
) -> None:
    for level in ("commune", "province"):
        by_arrondissement = tmp_path / f"arrondissement_{level}.json"
        by_city = tmp_path / f"city_{level}.json"
        assert run("indicators", "--level", level, "--within", within,
                   "--out", str(by_arrondissement)) == 0
        assert f"--within {within} is an arrondissement" in capsys.readouterr().out
        assert run("indicators", "--level", level, "--within", city, "--out", str(by_city)) == 0
        assert "is an arrondissement" not in capsys.readouterr().out
        rows = json.loads(by_arrondissement.read_text(encoding="utf-8"))
        assert rows == json.loads(by_city.read_text(encoding="utf-8"))
        expected = city if level == "commune" else city[:6]
        assert [row["code"] for row in rows] == [expected]
