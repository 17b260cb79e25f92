"""The registry in the app (AppTest, SQLite): the Data page's status map and table, the
Overview's line and the source line per province, and a delegate saving their own territory
(preselected) and refused another, in one translated line."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.app import registry_view
from dashboard.app.datasets import load_dataset
from dashboard.calc.registry import registry_status
from dashboard.reports.palette import REGISTRY_STATE_COLOURS
from dashboard.store import EDITOR, Actor, open_store
from tests.store.samples import province_centres, province_inputs
from tests.support.apptest import open_page

TAZA, KHENIFRA, AZILAL = "03.561", "05.301", "05.081"


@pytest.fixture
def three_provinces(taghtia_home) -> None:
    store = open_store()
    for code, name in ((TAZA, "taza"), (KHENIFRA, "khenifra"), (AZILAL, "azilal")):
        store.save(name, province_inputs({code: 3}), territory=code,
                   actor=Actor(f"delegate-{name}", EDITOR, "proxy", (code,)))


def _page(page: str, dataset: str | None = "registry", lang: str = "fr",
          upload=None) -> AppTest:
    query = {"dataset": dataset, "lang": lang} if dataset else {"lang": lang}
    return open_page(page, query, upload, timeout=180)


def test_status_map_colours_and_tooltips(three_provinces) -> None:
    status = registry_status(open_store().registry())
    spec = registry_view.registry_spec(status, "{}", (27.0, -13.0, 36.0, -1.0), "fr")
    assert spec.styles[TAZA][0] == REGISTRY_STATE_COLOURS["current"]
    assert spec.styles[TAZA][2:] == ("taza v1", status.loc[status.province_code == TAZA,
                                     "imported_at"].iloc[0].strftime("%Y-%m-%d"),
                                     "delegate-taza")
    assert spec.styles["01.051"][:2] == (REGISTRY_STATE_COLOURS["missing"], "manquant")
    assert spec.legend_note == "données de 3 provinces sur 75 ; 0 anciennes"


def test_data_page_shows_the_registry(three_provinces) -> None:
    at = _page("data")
    assert any(h.value == "Registre national" for h in at.header)
    assert any(m.value == "données de 3 provinces sur 75 ; 0 anciennes" for m in at.markdown)
    table = next(d.value for d in at.dataframe if "Importé par" in d.value.columns)
    assert len(table) == 75 and (table["État"] == "à jour").sum() == 3
    assert set(table.loc[table["État"] == "à jour", "Importé par"]) == {
        "delegate-taza", "delegate-khenifra", "delegate-azilal"}
    arabic = _page("data", lang="ar")
    assert any(m.value == "بيانات 3 من أصل 75 إقليما؛ 0 متقادمة" for m in arabic.markdown)


def test_overview_of_the_registry(three_provinces) -> None:
    at = _page("overview")
    assert any(m.value == "données de 3 provinces sur 75 ; 0 anciennes" for m in at.markdown)
    sources = next(c.value for c in at.caption if c.value.startswith("Sources par province"))
    assert "Taza: taza v1 (" in sources and "Khénifra: khenifra v1 (" in sources
    assert sources.endswith("sans données : 72 provinces")
    assert any("registry (3/75)" in c.value and "9 centres" in c.value for c in at.caption)


def test_delegate_saves_their_territory_and_is_refused_another(three_provinces,
                                                               monkeypatch) -> None:
    delegate = Actor("delegate-taza", EDITOR, "proxy", (TAZA,))
    monkeypatch.setattr("dashboard.app.store_panel.current_actor", lambda: delegate)
    content = province_centres({KHENIFRA: 2}).to_csv(index=False).encode()
    upload = load_dataset(content, None, centres_name="khenifra-2.csv")
    at = _page("data", dataset=None, upload=upload)
    at.radio(key="data.save_mode").set_value("new").run()
    assert at.text_input(key="data.save_territory").value == TAZA  # their own, preselected
    at.text_input(key="data.save_name").input("khenifra-bis").run()
    at.text_input(key="data.save_territory").input(KHENIFRA).run()
    at.button(key="data.save").click().run()
    assert [e.value for e in at.error] == [
        "delegate-taza édite seulement le territoire 03.561, pas khenifra-bis (05.301)."]
    assert open_store().names() == ["azilal", "khenifra", "taza"]
    at.radio(key="data.save_mode").set_value("existing").run()
    at.selectbox(key="data.save_into").set_value("taza").run()
    assert any(c.value == "Territoire : 03.561" for c in at.caption)
    at.button(key="data.save").click().run()
    assert not at.exception
    latest = open_store().version("taza")
    assert (latest.number, latest.imported_by, latest.centres_rejected) == (
        2, "delegate-taza", 2)  # both rows lie outside Taza
