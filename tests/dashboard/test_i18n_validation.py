"""Every validation message the loaders write on messy files is a message id with values,
translated through the catalogs; stored reports keep their ids, older ones their English."""

from __future__ import annotations

import io
import pickle
import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard.i18n import NC_, error_text, message_text, t
from dashboard.i18n.labels import COLUMNS, label_of
from dashboard.i18n.validation import issues_in, report_in
from dashboard.store.errors import UnknownDatasetError
from loaders import load_centres, load_funding
from loaders.errors import FileReadError, LimitError
from loaders.messages import Message, decode_frame, encode_frame

CENTRES = """ID,Nom du centre,Type,Code commune,Latitude,Longitude,Commune,Province,Services,\
Mode de gestion,Statut,Année d'ouverture,Capacité
C1,Centre bon,eps,03.561.01.11,,,,,1,,,,
C2,Type inconnu,zzz,03.561.01.11,,,,,1,,,,
C3,Type vide,,03.561.01.11,,,,,1,,,,
C4,Mauvais code,eps,99.999.99.99,,,,,1,,,,
C5,Code de province,eps,05.301,,,,,1,,,,
C6,Code 2014,eps,01.051.05.01,,,,,1,,,,
C7,Arrondissement,eps,01.511.01.05,,,,,1,,,,
C8,Inversé,eps,,-4.01,34.21,,,1,,,,
C9,Paris,eps,,48.85,2.35,,,1,,,,
C10,Longitude positive,eps,,33.5,7.6,,,1,,,,
C11,En mer,eps,,35.79,-5.95,,,1,,,,
C12,Ambigu,eps,,,,Ajdir,,1,,,,
C13,Approché,eps,,,,Khenifraa,,1,,,,
C14,Inconnu,eps,,,,Xyzzyville,,1,,,,
C1,Doublon,eps,03.561.01.11,,,,,1,,,,
C16,Capacité énorme,eps,03.561.01.11,,,,,1,,,,99999999999
C17,Statut,eps,03.561.01.11,,,,,1,,bizarre,,
C18,Mode,eps,03.561.01.11,,,,,1,bizarre,,,
C19,Désaccord,eps,03.561.01.11,33.57,-7.59,,,1,,,,
C20,Année,eps,03.561.01.11,,,,,1,,,1700,
C21,Mètres,eps,,350000,400000,,,1,,,,
C22,Province,eps,03.561.01.11,,,,Khenifra,1,,,,
C23,Nom,eps,03.561.01.11,,,Assilah,,1,,,,
C24,Sans lieu,eps,,,,,,1,,,,
C25,Latitude seule,eps,,34.2,,Taza,,1,,,,
C26,Province inconnue,eps,,,,Taza,Nowhere,1,,,,
C27,Coordonnée,eps,03.561.01.11,abc,-4.01,,,1,,,,
C28,Services,eps,03.561.01.11,,,,,5000,,,,
,Sans id,eps,03.561.01.11,,,,,1,,,,
C30,,eps,03.561.01.11,,,,,1,,,,
C31,Code faux point bon,eps,88.888.88.88,34.21,-4.01,,,1,,,,
C32,Point faux code bon,eps,03.561.01.11,48.85,2.35,,,1,,,,
C33,Orthographe,kindergarden,03.561.01.11,,,,,1,,,,
C34,Degrés,eps,,95,-200,,,1,,,,
C35,Code faux nom bon,eps,77.777.77.77,,,Taza,,1,,,,
"""

NO_ID = """Nom du centre,Type,Code commune
Centre,eps,03.561.01.11
"""

FUNDING = """ID centre,Année,Montant (DH),Source,Code commune
C1,2021,1000,,
C1,1800,1000,,
C1,,1000,,
C1,2021,abc,,
C1,2021,-5,,
C1,2021,0,,
C1,2021,,,
ZZZ,2021,1000,,
ZZZ,2021,1000,,03.561.01.11
C1,2021,1000,bizarre,
"""

MORE = """ID,Nom du centre,Type,Type,Code commune,Commune,Province
D1,Région,eps,eps,05,,
D2,Cercle,eps,eps,01.051.03,,
D3,Préfecture,eps,eps,06.141.01.10,,
D4,Ailleurs,eps,eps,,Ajdir,Khénifra
D5,Arrondissement,eps,eps,,Mghogha,
D6,Proche,kindergarte,eps,03.561.01.11,,
D7,Approché,eps,eps,,Sidi Boubkerr,
"""

GEOJSON = """{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"id": "G1", "name": "Poly", "type": "eps",
 "commune_code": "03.561.01.11"},
 "geometry": {"type": "Polygon", "coordinates": [[[-4, 34], [-4, 34.1], [-3.9, 34.1], [-4, 34]]]}},
{"type": "Feature", "properties": {"id": "G2", "name": "Sans", "type": "eps",
 "commune_code": "03.561.01.11"}, "geometry": null}]}
"""

ARABIC = re.compile(r"[\u0600-\u06FF]")


def _load(text: str, name: str = "centres.csv"):
    return load_centres(io.BytesIO(text.encode()), name=name)


@pytest.fixture(scope="module")
def results():
    centres = _load(CENTRES)
    funding = load_funding(io.BytesIO(FUNDING.encode()), centres=centres.accepted,
                           name="funding.csv")
    unchecked = load_funding(io.BytesIO(FUNDING.encode()), centres=None, name="funding.csv")
    return [centres, _load(NO_ID, "no_id.csv"), funding, unchecked, _load(MORE, "more.csv"),
            _load(GEOJSON, "points.geojson")]


def _messages(results) -> list[Message]:
    found = {}
    for result in results:
        for column in ("problem", "what_to_do"):
            found.update({str(m): m for m in result.issues[column] if m})
    return [found[text] for text in sorted(found)]


def _texts(results) -> list[str]:
    return [str(m) for m in _messages(results)]


def test_every_message_carries_its_id_and_values(results) -> None:
    messages = _messages(results)
    plain = [m for m in messages if not isinstance(m, Message)]
    assert not plain, f"messages written as plain text, with no id to translate: {plain}"
    swapped = next(m for m in messages if "look swapped" in m)
    assert swapped.values["lat"] == "-4.01" and "{lat}" in swapped.template
    assert str(swapped) == swapped.template.format(**swapped.values)


def test_the_messy_files_produce_many_kinds_of_message(results) -> None:
    texts = _texts(results)
    joined = "\n".join(texts)
    for fragment in ("unknown centre_type 'zzz'", "centre_type is empty", "99.999.99.99",
                     "is the code of a province", "2014 commune code", "arrondissement",
                     "look swapped", "point outside Morocco", "km outside the commune",
                     "communes with this name", "matched approximately",
                     "not even a close spelling", "already used on row", "no centre_id column",
                     "not a plausible year", "is not among the accepted centres",
                     "cannot be checked", "the amount is negative", "is not a number",
                     "unknown status", "unknown management_mode", "the code was kept",
                     "not a position on Earth", "the point was used instead",
                     "the commune code was used", "not recognised", "no location",
                     "the commune name was used instead", "counted as 'other'",
                     "code of a region", "code of a cercle", "préfecture d'arrondissements",
                     "the name exists elsewhere", "Mghogha is an arrondissement",
                     "close spelling", "communes equally close", "second column for",
                     "the geometry is a Polygon", "the feature has no geometry"):
        assert fragment in joined, fragment
    assert len(texts) > 40


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_every_message_is_translated(results, lang: str) -> None:
    messages = _messages(results)
    missing = [m for m in messages if message_text(m, lang) == m]
    assert not missing, missing
    if lang == "ar":
        assert all(ARABIC.search(message_text(m, lang)) for m in messages)
    else:
        leftovers = [m for m in messages
                     if re.search(r"\b(the|is not|commune code|give|check)\b",
                                  message_text(m, lang))]
        assert not leftovers, leftovers


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_user_values_are_kept(results, lang: str) -> None:
    def one(fragment: str) -> str:
        found = [m for m in _messages(results) if fragment in m]
        assert found, fragment
        return message_text(found[0], lang)

    assert "'99.999.99.99'" in one("99.999.99.99")
    assert "'zzz'" in one("'zzz'")
    if lang == "ar":
        assert "latitude -4.01, longitude 34.21" not in one("look swapped")
    swapped = one("look swapped")
    assert "-4.01" in swapped and "34.21" in swapped
    outside = one("point outside Morocco (latitude 48.85")
    assert "48.85" in outside and "2.35" in outside
    assert "'Xyzzyville'" in one("Xyzzyville")
    assert "'C1'" in one("already used on row")
    assert "'abc'" in one("the amount 'abc'")
    assert "'1700'" in one("'1700'")
    assert "'Nowhere'" in one("Nowhere")
    assert "01.051.05.01" in one("2014 commune code")
    assert "05.301" in one("is the code of a province")


def test_english_and_plain_text_are_unchanged(results) -> None:
    for message in _messages(results):
        assert message_text(message, "en") == message
    # a report stored before messages had ids holds English text: shown as it is
    assert message_text("centre_id 'A' already used on row 3", "fr") == (
        "centre_id 'A' already used on row 3")
    assert message_text("", "fr") == "" and message_text(None, "ar") == ""
    issues = pd.DataFrame({"row": [2, 3], "problem": ["old text", "other"],
                           "what_to_do": ["", ""], "severity": ["error", "warning"]})
    out = issues_in(issues, "fr")
    assert out["problem"].tolist() == ["old text", "other"]
    assert out["severity"].tolist() == ["erreur", "avertissement"]
    assert issues_in(issues, "ar")["severity"].tolist() == ["خطأ", "تنبيه"]
    assert issues_in(issues, "en")["severity"].tolist() == ["error", "warning"]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_row_report_messages(results, lang: str) -> None:
    for result in results:
        report = result.report()
        translated_report = report_in(result, lang)
        assert list(translated_report.columns) == [label_of(COLUMNS, c, lang)
                                                   for c in report.columns]
        translated_report.columns = report.columns
        assert translated_report["row"].tolist() == report["row"].tolist()
        assert set(translated_report["status"]) <= {t(NC_("row", s), lang) for s in
                                                    ("accepted", "rejected")}
        for cell, translated in zip(report["messages"], translated_report["messages"],
                                    strict=True):
            if not cell:
                assert not translated
                continue
            assert translated.count(" | ") == cell.count(" | ")
            assert "[error]" not in translated and "[warning]" not in translated
            for item, original in zip(translated.split(" | "), cell.split(" | "),
                                      strict=True):
                assert item != original
                assert (" → " in item) == (" → " in original)
                if lang == "ar":
                    assert ARABIC.search(item)


def test_issues_table_translated(results) -> None:
    issues = results[0].issues
    out = issues_in(issues, "fr")
    assert set(out["severity"]) <= {"erreur", "avertissement"}
    assert (out["value"] == issues["value"]).all()
    assert (out["problem"] != issues["problem"]).all()


def test_stored_issues_keep_their_ids(results) -> None:
    issues = results[0].issues
    stored = encode_frame(issues)
    assert stored["problem_message"].notna().all()  # the id and values, as JSON
    back = decode_frame(stored)
    assert list(back.columns) == list(issues.columns)
    assert all(isinstance(m, Message) for m in back["problem"])
    assert back["problem"].tolist() == issues["problem"].tolist()
    assert issues_in(back, "fr")["problem"].tolist() == issues_in(issues, "fr")["problem"].tolist()
    older = stored.drop(columns=["problem_message", "what_to_do_message"]).astype(
        {"problem": str, "what_to_do": str})  # as a version stored before ids were kept
    assert decode_frame(older)["problem"].tolist() == [str(m) for m in issues["problem"]]
    assert issues_in(decode_frame(older), "fr")["problem"].tolist() == [
        str(m) for m in issues["problem"]]


def test_errors_carry_their_message_across_processes() -> None:
    error = LimitError(Message("{head}: {advice} or raise {variable}",
                               head=Message("more than {limit} {unit}", limit="3",
                                            unit=Message("rows")),
                               advice=Message("split the file"), variable="TAGHTIA_MAX_ROWS"))
    assert str(error) == "more than 3 rows: split the file or raise TAGHTIA_MAX_ROWS"
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is LimitError and str(copy) == str(error)
    assert error_text(copy, "fr") == ("plus de 3 lignes : découpez le fichier, ou faites "
                                      "relever TAGHTIA_MAX_ROWS par l'administrateur")
    assert error_text(copy, "ar").startswith("أكثر من 3 سطر: قسّم الملف")
    unknown = UnknownDatasetError(Message("no dataset named {name}", name="'x'"), ["taza"])
    copy = pickle.loads(pickle.dumps(unknown))
    assert str(copy) == "no dataset named 'x'; known datasets: taza" and copy.known == ["taza"]
    assert error_text(copy, "fr") == ("aucun jeu de données nommé 'x' ; jeux de données "
                                      "connus : taza")
    # one line, whatever a file's name holds; an error raised with plain text stays English
    assert "\n" not in error_text(FileReadError(Message("{file} is empty", file="a\nb")), "ar")
    assert error_text(FileReadError("plain words"), "fr") == "plain words"


def test_data_page_in_french_shows_french_problems() -> None:
    from streamlit.testing.v1 import AppTest

    from dashboard.app.datasets import load_dataset

    app = str(Path(__file__).resolve().parents[2] / "dashboard" / "app" / "streamlit_app.py")
    dataset = load_dataset(CENTRES.encode(), None, centres_name="messy.csv")
    at = AppTest.from_file(app, default_timeout=120)
    at.session_state["data.dataset"] = dataset
    at.switch_page("app_pages/data.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    shown = at.dataframe[0].value
    problems = [str(p) for p in shown.iloc[:, 3]]
    assert any("n'est pas dans la table de référence du HCP" in p for p in problems)
    assert not any("is not in the HCP reference table" in p for p in problems)
    assert "erreur" in set(shown.iloc[:, 5].astype(str))


def test_data_page_in_arabic_translates_the_row_report() -> None:
    from streamlit.testing.v1 import AppTest

    from dashboard.app.datasets import load_dataset

    app = str(Path(__file__).resolve().parents[2] / "dashboard" / "app" / "streamlit_app.py")
    dataset = load_dataset(CENTRES.encode(), None, centres_name="messy.csv")
    at = AppTest.from_file(app, default_timeout=120)
    at.query_params["lang"] = "ar"
    at.session_state["data.dataset"] = dataset
    at.switch_page("app_pages/data.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    report = at.dataframe[1].value
    messages = [str(m) for m in report[label_of(COLUMNS, "messages", "ar")] if str(m)]
    assert messages and all("[error]" not in m and "[warning]" not in m for m in messages)
    assert any("'99.999.99.99'" in m and ARABIC.search(m) for m in messages)


_TAGHTIA_ERRORS = {"TaghtiaError", "FileReadError", "UnsupportedFormatError", "EmptyFileError",
                   "HeaderError", "UsageError", "LimitError", "FileTimeoutError",
                   "FileMemoryError", "StoreError", "InvalidNameError", "UnknownDatasetError",
                   "ForbiddenError", "TerritoryError"}


def _text_literal(node) -> bool:
    import ast

    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(node.value)
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.BinOp) and (_text_literal(node.left) or _text_literal(node.right))


def test_loader_and_store_messages_are_written_as_message_ids() -> None:
    """A problem, advice or error message written as plain text (a literal or an f-string)
    would reach the French and Arabic pages in English: each is a ``Message``."""
    import ast

    root = Path(__file__).resolve().parents[2]
    found = []
    paths = sorted([*(root / "loaders").glob("*.py"), *(root / "dashboard" / "store").glob("*.py")])
    assert len(paths) > 30
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                    and func.value.id == "issues" and name in ("error", "warning", "file_warning")):
                texts = node.args[3:5] if name != "file_warning" else node.args[2:4]
            elif name in _TAGHTIA_ERRORS:
                texts = node.args[:1]
            else:
                continue
            found += [f"{path.relative_to(root)}:{node.lineno}" for text in texts
                      if _text_literal(text)]
    assert not found, f"write these as loaders.messages.Message(template, **values): {found}"
