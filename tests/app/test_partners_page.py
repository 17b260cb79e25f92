"""The Partners page (AppTest): partners ranked, one partner's centres, the 3W, overlaps, the
review of likely duplicates saved as a new version; the partner filter on other pages."""

from __future__ import annotations

from pathlib import Path

from dashboard.cli import main
from dashboard.store import open_store
from dashboard.store.partners_map import decisions_of
from tests.app.test_pages import metrics, run
from tests.dashboard.test_partners_commands import _files
from tests.support.territories import TAZA

AL_WAFAE_TAZA = "P-0144a8e8"  # partner_id("association al wafae taza")
AL_MOSTAKBAL_TAZA = "P-ba3d3219"  # written three ways in the demo


def _markdown(at) -> list[str]:
    return [m.value for m in at.markdown]


def test_taza_demo_each_association_once_and_the_one_typo_proposed() -> None:
    at = run("partners", {"territory": TAZA})
    assert at.title[0].value == "Partenaires — Taza"
    assert "**14 partenaires gèrent 28 des 34 centres.**" in _markdown(at)
    ranked = at.dataframe[0].value
    assert len(ranked) == 14 and ranked["Centres"].sum() == 28
    review = at.dataframe[-1].value
    assert review[["Graphie A", "Graphie B"]].values.tolist() == [
        ["Association Al Wafaa Taza", "Association Al Wafae Taza"]]
    assert review["Score"].tolist() == [92]  # whole points: no decimal sign to translate
    # the demo is not a stored dataset: nothing to save the decision with, so no button
    assert not [b for b in at.button if b.key and b.key.startswith("partners.")]
    assert any("jeu de données enregistré" in c.value for c in at.caption)


def test_an_editor_decides_the_national_review_twenty_pairs_at_a_time(tmp_path: Path) -> None:
    from dashboard.app import partners_view
    from dashboard.demo import demo_paths

    centres, funding = demo_paths()
    assert main(["datasets", "import", str(centres), "--funding", str(funding),
                 "--name", "national"]) == 0
    at = run("partners", {"dataset": "national"})
    pairs = len(at.dataframe[-1].value)
    assert pairs > partners_view.DECISIONS_SHOWN  # the demo's national review
    confirms = [b for b in at.button if b.key and b.key.startswith("partners.confirm.")]
    assert len(confirms) == partners_view.DECISIONS_SHOWN and not confirms[0].disabled
    assert any(f"Les 20 premières paires sur {pairs}" in c.value for c in at.caption)



def test_the_partners_ranking_counts_every_centre_whatever_the_type_filter() -> None:
    # the table counts each partner's centres of every type and status; only the funding
    # follows the years and sources: a type filter leaves it as it is (and reuses it)
    plain = run("partners", {"territory": TAZA}).dataframe[0].value
    typed = run("partners", {"territory": TAZA, "types": "kindergarten"}).dataframe[0].value
    assert len(plain) == 14 and plain.equals(typed)
    dated = run("partners", {"territory": TAZA, "years": "2021-2021"}).dataframe[0].value
    assert dated["Centres"].tolist() == plain["Centres"].tolist()


def test_arabic_page_and_a_chosen_partner() -> None:
    at = run("partners", {"territory": TAZA, "lang": "ar", "partner": AL_MOSTAKBAL_TAZA})
    assert at.title[0].value == "الشركاء — تازة"
    assert at.selectbox(key="partners.chosen@ar").value == AL_MOSTAKBAL_TAZA
    centres = at.dataframe[1].value
    assert len(centres) == 3
    assert set(centres["الشريك كما كتب"]) == {
        "ASSOCIATION AL MOSTAKBAL TAZA", "Assoc. Al Mostakbal Taza",
        "Association Al Mostakbal Taza"}


def test_the_partner_filter_reaches_every_page() -> None:
    at = run("overview", {"territory": TAZA, "partner": AL_WAFAE_TAZA})
    assert metrics(at)["Centres en activité"] == "2"
    at = run("overview", {"territory": TAZA})
    assert metrics(at)["Centres en activité"] == "32"
    assert any("14 partenaires gèrent 26 des 32 centres." in m for m in _markdown(at))


def test_the_partner_selector_and_its_chip_follow_a_choice_from_the_sidebar() -> None:
    at = run("overview", {"territory": TAZA})
    at.selectbox(key="app.partner@fr").set_value(AL_WAFAE_TAZA).run()
    assert metrics(at)["Centres en activité"] == "2"
    at.selectbox(key="app.partner@fr").set_value("").run()
    assert metrics(at)["Centres en activité"] == "32"


def test_the_sidebar_selectors_are_the_same_message_from_the_first_rerun() -> None:
    # an unchanged element is sent as a reference to the browser's copy only when its
    # message is identical: the ~30 KB list of partners must not differ after a filter
    # change, nor the region's and the other filters' selectors
    def messages(at) -> list[bytes]:
        return [widget.proto.SerializeToString(deterministic=True) for widget in (
            at.selectbox(key="app.partner@fr"), at.selectbox(key="app.region@fr"),
            at.multiselect(key="app.modes@fr"))]

    at = run("coverage", {})
    first = messages(at)
    at.multiselect(key="app.types@fr").set_value(["kindergarten"]).run()
    assert len(first[0]) > 1000 and messages(at) == first


def test_an_editor_confirms_a_proposal_saved_as_a_new_version(tmp_path: Path) -> None:
    centres, funding = _files(tmp_path)
    assert main(["datasets", "import", str(centres), "--funding", str(funding),
                 "--name", "taza"]) == 0
    at = run("partners", {"dataset": "taza", "territory": TAZA})
    assert len(at.dataframe[0].value) == 5
    confirm = at.button(key="partners.confirm.0")
    assert not confirm.disabled
    confirm.click().run()
    assert not at.exception
    assert any("taza v2" in s.value for s in at.success)
    store = open_store()
    decisions = decisions_of(store.version("taza").options)
    assert decisions.resolve("association al wifak") == decisions.resolve("association al wifaq")
    assert len(at.dataframe[0].value) == 4  # the page shows the new version
    assert any("Aucun nom de partenaire n'est assez proche" in c.value for c in at.caption)
