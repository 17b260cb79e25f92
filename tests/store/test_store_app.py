"""The app shows stored datasets: ``?dataset=NAME[@N]``, the default dataset, the Data page's
list, save and "use this version" — on SQLite and on PostgreSQL + PostGIS."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.app.datasets import load_dataset
from dashboard.store import open_store
from tests.store.samples import workbook_bytes
from tests.support.apptest import open_page
from tests.support.territories import TAZA


def run(page: str, query: dict[str, str] | None = None, upload=None) -> AppTest:
    return open_page(page, query, upload)


def dataset_line(at: AppTest) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Jeu de données"))


def operating_centres(at: AppTest) -> str:
    return {m.label: m.value for m in at.metric}["Centres en activité"]


def test_url_names_the_dataset_and_its_version(taza_versions) -> None:
    at = run("overview", {"territory": TAZA, "dataset": "taza"})
    assert dataset_line(at) == "Jeu de données : taza v2 — 8 centres, 8 subventions"
    assert operating_centres(at) == "8"
    assert not any("illustratives" in w.value for w in at.warning)
    at = run("overview", {"territory": TAZA, "dataset": "taza@1"})
    assert dataset_line(at) == "Jeu de données : taza v1 — 12 centres, 12 subventions"
    assert operating_centres(at) == "12"
    assert at.query_params["dataset"] in ("taza@1", ["taza@1"])  # the link stays shareable


@pytest.mark.parametrize("page", ["coverage", "funding", "underserved", "data"])
def test_every_page_says_which_version(taza_versions, page) -> None:
    at = run(page, {"territory": TAZA, "dataset": "taza@1"})
    assert dataset_line(at).startswith("Jeu de données : taza v1")
    if page == "data":  # the version shown is the one picked in the versions list
        assert at.selectbox(key="data.version.taza").value == 1


def test_default_dataset_replaces_the_demo(taza_versions) -> None:
    assert "illustratives" in " ".join(w.value for w in run("overview").warning)
    open_store().set_default("taza")
    at = run("overview", {"territory": TAZA})
    assert dataset_line(at).startswith("Jeu de données : taza v2")
    open_store().use("taza", 1)  # rolled back for everyone: the next view follows
    assert dataset_line(run("overview", {"territory": TAZA})).startswith(
        "Jeu de données : taza v1")


def test_unknown_dataset_in_the_url_is_said_and_the_default_shown(taza_versions) -> None:
    at = run("overview", {"dataset": "nope"})
    # the store's message in the page's language, the dataset names as they are
    assert any("aucun jeu de données nommé 'nope' ; jeux de données connus : taza" in e.value
               for e in at.error)
    assert "démo illustrative" in dataset_line(at)


def test_data_page_lists_versions_and_puts_one_in_force(taza_versions) -> None:
    at = run("data", {"dataset": "taza"})
    listing = at.dataframe[0].value
    assert list(listing["Nom"]) == ["taza"] and list(listing["En vigueur"]) == ["v2"]
    versions = at.dataframe[1].value
    assert list(versions["Version"]) == ["v2 — en vigueur", "v1"]
    assert list(versions["Centres acceptés"]) == [8, 12]
    at.selectbox(key="data.version.taza").set_value(1).run()
    at.button(key="data.store_use").click().run()
    assert not at.exception
    assert open_store().in_force("taza") == 1
    assert any("taza v1 est maintenant en vigueur" in s.value for s in at.success)
    assert dataset_line(at).startswith("Jeu de données : taza v1")


def test_checked_upload_is_saved_as_a_new_dataset_then_as_a_version(store_url) -> None:
    upload = load_dataset(workbook_bytes(count=10), None, centres_name="Registre Taza.xlsx")
    at = run("data", upload=upload)
    assert at.text_input(key="data.save_name").value == "registre-taza"
    at.button(key="data.save").click().run()
    assert not at.exception
    assert open_store().names() == ["registre-taza"]
    assert any("Enregistré : registre-taza v1" in s.value for s in at.success)
    assert at.query_params["dataset"] in ("registre-taza", ["registre-taza"])
    assert dataset_line(at) == "Jeu de données : registre-taza v1 — 10 centres, 10 subventions"
    second = load_dataset(workbook_bytes(count=6), None, centres_name="taza-2.xlsx")
    at = run("data", upload=second)
    assert at.radio(key="data.save_mode").value == "existing"
    at.button(key="data.save").click().run()
    info = open_store().version("registre-taza")
    assert (info.number, info.centres_accepted, info.files) == (2, 6, ["taza-2.xlsx"])
    assert info.imported_by.endswith("(app)")
