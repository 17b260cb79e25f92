"""``taghtia partners`` and ``taghtia 3w`` on a delegation's files: one association written
many ways, a typo proposed (not merged), funding adding up, the 3W read back with libhxl, and
a review decision that survives a re-import."""

from __future__ import annotations

from pathlib import Path

import hxl
import pandas as pd
import pytest

from dashboard.calc.indicators import compute_indicators
from dashboard.calc.partners import partner_table
from dashboard.calc.three_w import three_w
from dashboard.cli import main
from dashboard.sources import from_files
from loaders.partners import normalise_partner, partner_id, with_partner_ids
from tests.support.territories import TAZA

TAZA_COMMUNES = ("03.561.03.05", "03.561.11.01", "03.561.09.01", "03.561.03.03")

# (centre id, partner as typed, centre type, commune, status, mode, places, people)
CENTRES = [
    ("C1", "Association Annour Ouazzane", "Jardin d'enfants", 0, "En activité", "Cogestion",
     40, 50),
    ("C2", "ASSOCIATION ANNOUR OUAZZANE", "Jardin d'enfants", 1, "En activité", "Cogestion",
     30, 35),
    ("C3", "Assoc. Annour-Ouazzane", "Centre d'alphabétisation", 1, "Fermé", "Gestion déléguée",
     20, 10),
    ("C4", "Association Annour Mokrisset", "Jardin d'enfants", 1, "En activité",
     "Gestion déléguée", 25, 30),
    ("C5", "Association Al Wifaq", "Jardin d'enfants", 1, "En activité", "Gestion déléguée",
     60, 80),
    ("C6", "Association Al Wifak", "Centre d'alphabétisation", 2, "En activité",
     "Gestion déléguée", 15, 40),
    ("C7", "جمعية الأمل", "Jardin d'enfants", 2, "En activité", "Cogestion", 35, 20),
    ("C8", "جمعيـة الامل", "Jardin d'enfants", 3, "En projet", "Cogestion", 35, ""),
    ("C9", "", "Centre d'alphabétisation", 3, "En activité", "Gestion directe", 50, 70),
]
# (centre id, year, amount, source)
GRANTS = [("C1", 2021, "100 000,00", "INDH"), ("C2", 2022, "50 000,00", "Entraide Nationale"),
          ("C3", 2021, "20 000,00", "INDH"), ("C4", 2021, "30 000,00", "INDH"),
          ("C5", 2022, "40 000,00", "INDH"), ("C6", 2023, "5 000,00", "INDH"),
          ("C7", 2021, "70 000,00", "Entraide Nationale"), ("C9", 2021, "9 000,00", "INDH"),
          ("", 2021, "1 000,00", "INDH")]


def _files(folder: Path) -> tuple[Path, Path]:
    centres = folder / "centres.csv"
    rows = ["Identifiant;Nom du centre;Type;Code commune;Statut;Mode de gestion;Partenaire;"
            "Capacité;Bénéficiaires"]
    for cid, partner, ctype, commune, status, mode, places, people in CENTRES:
        rows.append(f"{cid};Centre {cid};{ctype};{TAZA_COMMUNES[commune]};{status};{mode};"
                    f"{partner};{places};{people}")
    centres.write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-8-sig"))
    funding = folder / "subventions.csv"
    rows = ["Identifiant;Année;Montant (DH);Source;Code commune"]
    rows += [f"{cid};{year};{amount};{source};{TAZA_COMMUNES[0]}"
             for cid, year, amount, source in GRANTS]
    funding.write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-8-sig"))
    return centres, funding


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return _files(tmp_path)


def _run(*argv: str) -> int:
    return main(list(argv))


def test_partners_one_row_per_association_whatever_its_spelling(files, tmp_path):
    centres, funding = files
    out, review = tmp_path / "partners.csv", tmp_path / "review.csv"
    assert _run("partners", "--centres", str(centres), "--funding", str(funding),
                "--within", TAZA, "--out", str(out), "--review", str(review)) == 0
    table = pd.read_csv(out, encoding="utf-8-sig", dtype={"partner_id": str})
    assert list(table.columns) == ["partner_id", "name", "spellings", "centres", "operating",
                                   "communes", "types", "modes", "capacity", "beneficiaries",
                                   "funding_mad"]
    assert len(table) == 5  # Annour Ouazzane, Annour Mokrisset, Al Wifaq, Al Wifak, Al Amal
    rows = table.set_index("partner_id")
    ouazzane = rows.loc[partner_id("association annour ouazzane")]
    assert ouazzane["name"] == "Association Annour Ouazzane"  # each once: the first met
    assert set(ouazzane["spellings"].split("|")) == {
        "Association Annour Ouazzane", "ASSOCIATION ANNOUR OUAZZANE", "Assoc. Annour-Ouazzane"}
    assert (ouazzane["centres"], ouazzane["operating"], ouazzane["communes"]) == (3, 2, 2)
    assert ouazzane["types"] == "kindergarten|literacy"
    assert ouazzane["modes"] == "co_management|delegated"
    assert (ouazzane["capacity"], ouazzane["beneficiaries"]) == (90, 95)
    assert ouazzane["funding_mad"] == pytest.approx(170_000)
    amal = rows.loc[partner_id(normalise_partner("جمعية الأمل"))]
    assert (amal["centres"], amal["operating"], amal["funding_mad"]) == (2, 1, 70_000)

    proposals = pd.read_csv(review, encoding="utf-8-sig")
    assert len(proposals) == 1  # the typo, not the two Annour associations
    pair = set(proposals.loc[0, ["spelling_a", "spelling_b"]])
    assert pair == {"Association Al Wifaq", "Association Al Wifak"}
    assert 80 <= proposals.loc[0, "score"] < 100


def test_years_and_sources_filter_a_partners_funding(files, tmp_path):
    centres, funding = files
    out = tmp_path / "partners.json"
    assert _run("partners", "--centres", str(centres), "--funding", str(funding),
                "--years", "2021-2021", "--sources", "indh", "--out", str(out)) == 0
    table = pd.read_json(out).set_index("partner_id")
    assert table.loc[partner_id("association annour ouazzane"), "funding_mad"] == 120_000
    assert table.loc[partner_id(normalise_partner("جمعية الأمل")), "funding_mad"] == 0


def test_partners_funding_adds_up_to_the_territorys(files):
    centres, funding = files
    data = from_files(centres, funding)
    table = partner_table(data.centres_frame, data.funding_frame, within=TAZA)
    indicators = compute_indicators(data.centres_frame, data.funding_frame, level="province",
                                    within=TAZA)
    territory = indicators["funding_mad"].sum()
    # the grants that reach no partner: the centre without a partner, the grant naming none
    assert table["funding_mad"].sum() + 9_000 + 1_000 == pytest.approx(territory)
    assert territory == pytest.approx(325_000)


def test_three_w_read_back_with_libhxl(files, tmp_path):
    centres, _ = files
    out = tmp_path / "3w.csv"
    assert _run("3w", "--centres", str(centres), "--within", TAZA, "--out", str(out)) == 0
    dataset = hxl.data(str(out), hxl.InputOptions(allow_local=True)).cache()
    tags = dataset.display_tags
    for tag in ("#org+name", "#org+id", "#sector", "#adm1+code", "#adm1+name", "#adm2+code",
                "#adm2+name", "#adm3+code", "#adm3+name", "#reached"):
        assert tag in tags, tag
    rows = list(dataset)
    # operating centres with a partner: C1, C2, C4, C5, C6, C7 -> 6 (partner, type, commune)
    assert len(rows) == 6
    by_commune = {(r.get("#org+id"), r.get("#sector"), r.get("#adm3+code")): r for r in rows}
    ouazzane = partner_id("association annour ouazzane")
    first = by_commune[(ouazzane, "kindergarten", TAZA_COMMUNES[0])]
    assert first.get("#adm2+code") == TAZA and first.get("#adm1+code") == "03"
    assert first.get("#adm2+name") == "Taza" and first.get("#reached") == "50"
    assert sum(int(r.get("#reached")) for r in rows) == 50 + 35 + 30 + 80 + 40 + 20
    assert sum(int(r.get("#indicator+centres")) for r in rows) == 6


def test_three_w_workbook_has_the_tags_on_its_second_row(files, tmp_path):
    centres, _ = files
    out = tmp_path / "3w.xlsx"
    assert _run("3w", "--centres", str(centres), "--out", str(out)) == 0
    sheet = pd.read_excel(out, header=None, dtype=str)
    assert sheet.iloc[1].tolist()[:3] == ["#org+id", "#org+name", "#sector"]
    assert len(sheet) == 2 + 6
    dataset = hxl.data(str(out), hxl.InputOptions(allow_local=True)).cache()
    assert len(list(dataset)) == 6


def test_overlaps_are_communes_with_two_partners_of_one_type(files, tmp_path):
    centres, _ = files
    out = tmp_path / "overlaps.csv"
    assert _run("3w", "--centres", str(centres), "--overlaps", "--out", str(out)) == 0
    table = pd.read_csv(out, encoding="utf-8-sig")
    # commune 1: kindergartens of Annour Ouazzane (C2), Annour Mokrisset (C4), Al Wifaq (C5)
    assert table[["commune_code", "centre_type", "partners", "centres"]].values.tolist() == [
        [TAZA_COMMUNES[1], "kindergarten", 3, 3]]


def test_three_w_counts_only_operating_centres():
    frame = pd.DataFrame({
        "centre_id": ["a", "b"], "partner": ["Assoc. X", "Association X"],
        "centre_type": ["kindergarten", "kindergarten"],
        "commune_code": [TAZA_COMMUNES[0]] * 2, "status": ["operating", "planned"],
        "capacity": [10, 20], "beneficiaries": [5, None]})
    table = three_w(with_partner_ids(frame))
    assert table[["centres", "places", "people_reached"]].values.tolist() == [[1, 10, 5]]


def test_a_review_decision_survives_a_reimport(files, tmp_path, capsys):
    centres, funding = files
    assert _run("datasets", "import", str(centres), "--funding", str(funding),
                "--name", "taza") == 0
    out = tmp_path / "partners.csv"
    assert _run("partners", "--dataset", "taza", "--out", str(out),
                "--confirm", "Association Al Wifak=Association Al Wifaq",
                "--reject", "Association Annour Ouazzane=Association Annour Mokrisset") == 0
    assert "taza version 2" in capsys.readouterr().out
    merged = pd.read_csv(out, encoding="utf-8-sig").set_index("partner_id")
    wifaq = merged.loc[partner_id("association al wifaq")]
    assert (wifaq["centres"], len(merged)) == (2, 4)
    assert set(wifaq["spellings"].split("|")) == {"Association Al Wifaq", "Association Al Wifak"}

    # the delegation sends its files again, one centre more: a new version, same partners
    extra = tmp_path / "more"
    extra.mkdir()
    centres2, funding2 = _files(extra)
    with centres2.open("ab") as handle:
        handle.write(f"C10;Centre C10;Jardin d'enfants;{TAZA_COMMUNES[2]};En activité;"
                     "Cogestion;assoc al-wifak;10;10\r\n".encode())
    assert _run("datasets", "import", str(centres2), "--funding", str(funding2),
                "--name", "taza") == 0
    out2, review = tmp_path / "partners2.csv", tmp_path / "review2.csv"
    assert _run("partners", "--dataset", "taza", "--out", str(out2),
                "--review", str(review)) == 0
    assert "dataset taza v3" in capsys.readouterr().out
    again = pd.read_csv(out2, encoding="utf-8-sig").set_index("partner_id")
    assert again.loc[partner_id("association al wifaq"), "centres"] == 3
    assert len(again) == 4
    assert pd.read_csv(review, encoding="utf-8-sig").empty  # decided: nothing to review

    # and re-importing the very same files gives back the version that holds the map
    assert _run("datasets", "import", str(centres2), "--funding", str(funding2),
                "--name", "taza") == 0
    assert _run("partners", "--dataset", "taza", "--out", str(out2)) == 0
    assert pd.read_csv(out2, encoding="utf-8-sig").shape[0] == 4


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--confirm", "only one name"], "must look like"),
        (["--confirm", "Association Al Wifaq=ASSOC. AL-WIFAQ"], "already are one partner"),
        (["--review", "review.xlsx"], "--review must end in .csv"),
        (["--years", "2022-2021"], "--years must run forward"),
    ],
)
def test_bad_options_are_one_line(files, tmp_path, capsys, argv, message):
    centres, _ = files
    status = _run("partners", "--centres", str(centres), "--out", str(tmp_path / "p.csv"),
                  *argv)
    assert status == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_an_output_that_is_an_input_is_refused(files, capsys):
    centres, _ = files
    with_xlsx = centres.with_suffix(".xlsx")
    assert _run("3w", "--centres", str(centres), "--out", str(centres)) == 2
    assert not with_xlsx.exists()
    assert capsys.readouterr().err.count("\n") == 1


def _merged_in_store(files, capsys) -> None:
    """Taza's files stored as the province's dataset, with "Al Wifak" confirmed as
    "Al Wifaq" (the partners map of its version 2)."""
    centres, funding = files
    assert _run("datasets", "import", str(centres), "--funding", str(funding),
                "--name", "taza", "--territory", TAZA) == 0
    assert _run("partners", "--dataset", "taza", "--out", str(centres.with_name("p.csv")),
                "--confirm", "Association Al Wifak=Association Al Wifaq") == 0
    assert "taza version 2" in capsys.readouterr().out


def test_the_registry_applies_its_provinces_partner_merges(files, tmp_path, capsys):
    _merged_in_store(files, capsys)
    out = tmp_path / "registry.csv"
    assert _run("partners", "--dataset", "registry", "--out", str(out)) == 0
    assert "dataset registry (1/75)" in capsys.readouterr().out
    table = pd.read_csv(out, encoding="utf-8-sig").set_index("partner_id")
    assert len(table) == 4
    assert table.loc[partner_id("association al wifaq"), "centres"] == 2
    assert partner_id("association al wifak") not in table.index
    three = tmp_path / "3w.csv"
    assert _run("3w", "--dataset", "registry", "--out", str(three)) == 0
    rows = pd.read_csv(three, encoding="utf-8-sig").iloc[1:]  # under the HXL row
    assert set(rows["partner_id"]) == {partner_id(normalise_partner(name)) for name in (
        "Association Annour Ouazzane", "Association Annour Mokrisset",
        "Association Al Wifaq", "جمعية الأمل")}


def test_the_report_counts_the_partners_of_the_stored_map(files, tmp_path, capsys):
    from pypdf import PdfReader

    _merged_in_store(files, capsys)
    out = tmp_path / "taza.pdf"
    assert _run("report", "--dataset", "taza", "--within", TAZA, "--lang", "en",
                "--out", str(out)) == 0
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    # Annour Ouazzane, Annour Mokrisset, Al Wifaq (Al Wifak merged into it), Al Amal
    assert "4 partners run" in text and "5 partners run" not in text
