"""An AppTest for every page: default data, a filtered view, an uploaded file with rejected rows.

AppTest cannot drive the upload widget, so the uploaded dataset is loaded through the same
function the Data page calls (:func:`dashboard.app.datasets.load_dataset`) and put in the
session, exactly where the Data page puts it.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import i18n
from dashboard.app.datasets import demo_dataset, load_dataset
from dashboard.app.pages import PAGES, page_file
from dashboard.calc.indicators import Filters, compute_indicators
from dashboard.i18n.labels import PAGE_TITLES, label_of
from tests.support.apptest import open_page
from tests.support.territories import KHENIFRA, TAZA

HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_CSV = f'''ID,Nom du centre,Type,Code commune,Latitude,Longitude,Services,Statut
H1,{HOSTILE_NAME},eps,03.561.01.11,34.2100,-4.0100,2,operating
H2,M'diq,cef,03.561.03.01,,,1,
H3,"=HYPERLINK(""http://evil.example"",""x"")",kindergarten,03.561.03.03,,,1,
H4,Centre sans type,,03.561.03.05,,,1,
H5,Commune inconnue,eps,99.999.99.99,,,1,
'''


@pytest.fixture(scope="module")
def demo():
    return demo_dataset()


@pytest.fixture(scope="module")
def hostile():
    return load_dataset(HOSTILE_CSV.encode(), None, centres_name="hostile.csv")


def run(page: str, query: dict[str, str] | None = None, dataset=None) -> AppTest:
    return open_page(page, query, dataset)


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("page", PAGES)
def test_default_data(page: str) -> None:
    query = {"territory": TAZA} if page == "services" else None
    at = run(page, query)
    assert at.title[0].value.startswith(label_of(PAGE_TITLES, page, "fr").split(" par ")[0][:8])
    assert any("illustratives" in w.value for w in at.warning)  # the demo notice
    assert any(c.startswith("Jeu de données : démo illustrative") for c in captions(at))


@pytest.mark.parametrize("page", PAGES)
def test_filtered_view(page: str) -> None:
    at = run(page, {"territory": TAZA, "types": "eps,kindergarten", "lang": "ar",
                    "years": "2021-2022"})
    title = at.title[0].value
    assert title == "البيانات" if page == "data" else "تازة" in title
    assert at.query_params["territory"] in (TAZA, [TAZA])
    assert at.query_params["types"] in ("eps,kindergarten", ["eps,kindergarten"])
    assert at.multiselect(key="app.types@ar").value == ["eps", "kindergarten"]
    # an empty one would show Streamlit's own "Choose options", in English
    assert all(widget.proto.placeholder for widget in at.multiselect), page
    if page == "funding":
        assert at.slider(key="funding.years@ar").value == (2021, 2022)


@pytest.mark.parametrize("page", PAGES)
def test_uploaded_file_with_rejected_rows(page: str, hostile) -> None:
    at = run(page, {"territory": TAZA}, dataset=hostile)
    assert not any("illustratives" in w.value for w in at.warning)
    assert any("hostile.csv" in c for c in captions(at))
    if page == "data":
        assert any(m.value == "5 lignes lues : 3 acceptées, 2 rejetées." for m in at.markdown)
    if page == "overview":
        assert metrics(at)["Centres en activité"] == "3"


def test_overview_numbers_match_the_indicators(demo) -> None:
    at = run("overview", {"territory": TAZA})
    row = compute_indicators(demo.centres_frame, demo.funding_frame, level="province",
                             within="03").set_index("code").loc[TAZA]
    expected = (f"Taza : {row.communes_covered} communes sur {row.communes_total} ont un "
                f"centre ({row.communes_covered_urban} sur {row.communes_urban} urbaines, "
                f"{row.communes_covered_rural} sur {row.communes_rural} rurales).")
    # the summary, then who runs the centres (the partners, tests/app/test_partners_page.py)
    assert any(m.value.startswith(f"**{expected}** ") and "partenaires gèrent" in m.value
               for m in at.markdown)
    assert metrics(at)["Centres en activité"] == i18n.number(row.centres, "fr")
    assert row.communes_total == 38


def test_overview_filtered_by_type(demo) -> None:
    at = run("overview", {"territory": KHENIFRA, "types": "kindergarten"})
    row = compute_indicators(demo.centres_frame, demo.funding_frame, level="province",
                             within="05", filters=Filters(types=("kindergarten",))
                             ).set_index("code").loc[KHENIFRA]
    assert metrics(at)["Centres en activité"] == i18n.number(row.centres, "fr")


def test_services_cercles_add_up_to_the_province(demo) -> None:
    at = run("services", {"territory": TAZA})
    line = next(c for c in captions(at) if c.startswith("Total des cercles"))
    cercles, province = line.split(" · ")[0].removeprefix("Total des cercles : ").split(
        " — total de Taza : ")
    assert cercles == province


def test_funding_per_inhabitant_for_khenifra_in_2021(demo) -> None:
    at = run("funding", {"territory": KHENIFRA, "years": "2021-2021"})
    row = compute_indicators(demo.centres_frame, demo.funding_frame, level="province",
                             within="05", filters=Filters(years=(2021, 2021))
                             ).set_index("code").loc[KHENIFRA]
    shown = metrics(at)["DH par habitant (2021)"]
    assert shown == i18n.money(row.funding_per_capita_mad, "fr", 2)


def test_underserved_rural_communes_of_taza(demo) -> None:
    from dashboard.calc.planning import underserved

    at = run("underserved", {"territory": TAZA, "kind": "rural"})
    table = underserved(demo.centres_frame, TAZA)
    count = int((table["kind"] == "rural").sum())
    assert any(m.value.startswith(f"**{count} communes sans centre") for m in at.markdown)


def test_coverage_rate_view_and_level() -> None:
    at = run("coverage", {"view": "rate", "level": "province", "rate": "rural"})
    assert at.radio(key="coverage.view@fr").value == "rate"
    assert at.radio(key="coverage.level@fr").value == "province"


def test_language_switch_reaches_the_url() -> None:
    at = run("overview")
    at.selectbox(key="app.lang").set_value("ar").run()
    assert at.title[0].value == "نظرة عامة — المغرب"
    assert at.query_params["lang"] in ("ar", ["ar"])


def test_overview_table_waits_behind_a_toggle_that_stays_open() -> None:
    at = run("overview")
    assert not at.dataframe  # the data grid is not loaded on the first page until asked
    csv = i18n.t("Download this table (CSV)", "fr")
    assert csv in [b.proto.label for b in at.get("download_button")]  # downloads stay
    toggle = at.toggle(key="overview.table.open@fr")
    assert toggle.label == "Afficher le tableau (12 lignes)" == i18n.tn(
        "Show the table ({count} row)", "Show the table ({count} rows)", 12, "fr", count="12")
    toggle.set_value(True).run()
    assert len(at.dataframe[0].value) == 12  # the regions
    at.selectbox(key="app.region@fr").set_value("03").run()  # Fès-Meknès
    assert at.toggle(key="overview.table.open@fr").value
    assert len(at.dataframe[0].value) == 9  # its provinces and prefectures
    # still open after another page and in another language
    at.switch_page(page_file("coverage")).run()
    at.switch_page(page_file("overview")).run()
    at.selectbox(key="app.lang").set_value("ar").run()
    assert not at.exception
    assert at.toggle(key="overview.table.open@ar").value
    assert len(at.dataframe[0].value) == 9


def test_services_ranks_the_regions_nationally() -> None:
    at = run("services")
    assert not at.exception and not at.info
    assert i18n.t("Nationally the regions are ranked; choose a region or a province (or click the "
                  "map) to see its cercles.", "fr") in [c.value for c in at.caption]
    assert i18n.t("Regions ranked", "fr") in " ".join(m.value for m in at.markdown)
    assert len(at.dataframe[0].value) == 12  # the regions


def test_services_asks_for_a_larger_territory_below_the_province() -> None:
    at = run("services", {"territory": "03.561.03"})
    assert at.info[0].value == i18n.t("Choose a region or a province in the sidebar.", "fr")


def test_geometry_is_encoded_once_per_process(monkeypatch, tmp_path) -> None:
    from dashboard import disk_cache
    from dashboard.app import map_files, reference

    monkeypatch.setenv(disk_cache.ENV_CACHE_DIR, str(tmp_path))  # nothing from a last start

    calls: list[tuple[str, int]] = []
    original = map_files.geo_layer

    def counting(units, stem, **kwargs):
        calls.append((stem, len(units)))
        return original(units, stem, **kwargs)

    monkeypatch.setattr(map_files, "geo_layer", counting)
    reference.geometry.clear()
    reference.context.clear()
    at = run("coverage", {"territory": TAZA})
    first = len(calls)
    assert ("commune-" + TAZA, 38) in calls  # Taza's communes (plus the context outlines)
    at.multiselect(key="app.types@fr").set_value(["eps"]).run()  # a filter change reruns
    at.radio(key="coverage.view@fr").set_value("rate").run()
    at.radio(key="coverage.view@fr").set_value("communes").run()
    assert not at.exception
    assert [stem for stem, _ in calls[first:]] == ["cercle-" + TAZA]  # the rate view, new
    layer, _ = reference.geometry("commune", TAZA)
    assert (map_files.GEO_DIR / f"{layer.name}.json").read_text(encoding="utf-8") == layer.text


def test_a_filter_change_sends_values_not_geometry() -> None:
    at = run("coverage", {"territory": TAZA})
    before = list(at.get("component_instance"))
    at.multiselect(key="app.types@fr").set_value(["eps"]).run()
    after = list(at.get("component_instance"))
    assert before and after
    for element in after:
        args = element.proto.json_args
        assert "/app/static/geo/commune-03.561-" in args  # fetched, once, by the browser
        assert "/app/static/geo/centres-03.561-fr-" in args  # every centre, once, too
        assert "taghtia_points(" in args and "rowsets" not in args  # no marker re-sent
        assert len(args.encode()) < 12_000  # values, legend and which centres are shown


def test_planning_answers_the_taza_kindergarten_question(demo) -> None:
    """Three new kindergartens, children under 15, Taza, 10 km: the same as `taghtia plan`."""
    from dashboard.calc.location import plan_sites

    at = run("planning", {"territory": TAZA, "centre_type": "kindergarten", "group": "under_15",
                          "radius": "10", "add": "3"})
    assert not at.dataframe  # no plan until the planner asks for one
    at.button(key="planning.propose@fr").click().run()
    plan = plan_sites(demo.centres_frame, TAZA, Filters(types=("kindergarten",)), add=3,
                      radius_km=10, demand="under_15")
    shown = at.dataframe[0].value
    assert shown["Code"].tolist() == plan.sites["code"].tolist()
    assert shown["Rang"].tolist() == [1, 2, 3]
    cards = metrics(at)
    summary = plan.summary
    assert cards["Desservis aujourd'hui"].startswith(
        i18n.number(summary["demand_served_before"], "fr") + " (")
    assert cards["Desservis avec les nouveaux centres"].startswith(
        i18n.number(summary["demand_served_after"], "fr") + " (")
    assert cards["Nouvellement desservis"] == i18n.number(  # the difference of the shown
        round(summary["demand_served_after"]) - round(summary["demand_served_before"]), "fr")


def test_planning_what_if_kept_in_the_link(demo) -> None:
    from dashboard.calc.access import accessibility
    from dashboard.calc.location import with_scenario

    far = "03.561.03.07"  # Jbarna: no centre within 15 km in the demo data
    at = run("planning", {"territory": TAZA, "hypothetical": far})
    assert at.query_params["hypothetical"] in (far, [far])
    assert at.multiselect(key="planning.hypothetical@fr").value == [far]
    before = accessibility(demo.centres_frame, TAZA)
    after = accessibility(with_scenario(demo.centres_frame, (far,)), TAZA)
    assert not before.set_index("code").loc[far, "served"]
    assert after.set_index("code").loc[far, "served"]
    card = next(m for m in at.metric if m.label.startswith("Desservis : "))
    gained = after.loc[after["served"], "demand"].sum() - before.loc[before["served"],
                                                                      "demand"].sum()
    assert gained > 0 and card.delta == i18n.number(gained, "fr")
    from dashboard.calc.indicators import communes_within, counted_centres

    taza = set(communes_within(TAZA)["code"])
    counted = counted_centres(demo.centres_frame)["commune_code"].isin(taza).sum()
    assert metrics(at)["Centres comptés"] == i18n.number(counted + 1, "fr")
    at.multiselect(key="planning.hypothetical@fr").set_value([]).run()
    assert "hypothetical" not in at.query_params


def test_planning_survives_a_language_switch() -> None:
    at = run("planning", {"territory": TAZA, "centre_type": "eps"})
    at.selectbox(key="app.lang").set_value("ar").run()
    assert not at.exception
    assert at.title[0].value == "التخطيط — تازة"
    assert at.selectbox(key="planning.type@ar").value == "eps"
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_language_switch_then_filters_and_pages(lang: str) -> None:
    at = run("coverage", {"territory": TAZA})
    at.selectbox(key="app.lang").set_value(lang).run()
    at.multiselect(key=f"app.types@{lang}").set_value(["eps"]).run()
    at.selectbox(key=f"app.province@{lang}").set_value("").run()
    assert not at.exception
    assert at.query_params["lang"] in (lang, [lang])
    assert at.query_params["territory"] in ("03", ["03"])  # the region of Taza
    for page in PAGES:
        at.switch_page(page_file(page)).run()
        assert not at.exception, page
        assert not at.error, page


def test_unexpected_error_is_one_translated_line_with_a_way_back() -> None:
    at = run("overview", {"lang": "ar", "territory": TAZA})
    from dashboard.app import cache

    def broken(*args, **kwargs):
        raise RuntimeError("/srv/secret/path.py exploded")

    with pytest.MonkeyPatch.context() as patch:  # only this fault, not the test's home
        patch.setattr(cache, "indicators", broken)
        at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [i18n.t("Something went wrong showing this view; no "
                                                  "data was changed. The details were written to "
                                                  "the server log.", "ar")]
    assert "secret" not in " ".join(m.value for m in at.markdown)
    at.button(key="app.error_back").click().run()  # the fault is gone: back to a working view
    assert not at.exception and not at.error
    assert at.query_params.get("territory") in (None, [])
    assert at.query_params["lang"] in ("ar", ["ar"])


def test_planning_access_map_offers_e2sfca() -> None:
    at = run("planning", {"territory": TAZA, "shade": "e2sfca"})
    assert at.radio(key="planning.shade@fr").value == "e2sfca"
    at.button(key="planning.propose@fr").click().run()
    maps = [element.proto.json_args for element in at.get("component_instance")]
    assert any("E2SFCA (Luo et Qi 2009)" in args for args in maps)
    assert any("Couverture maximale exacte" in args for args in maps)
