"""The dashboard in headless Chromium: offline, one shape per commune, drill-down, RTL, escaping."""

from __future__ import annotations

import json
import re
import time
from datetime import date
from pathlib import Path

import pytest

from dashboard.app import topology
from dashboard.app.pages import PAGES, WITHOUT_MAP, path_of
from tests.support.browser import (
    SETTLED_JS,
    centre_point,
    centre_points,
    drawn_units,
    map_frame,
    map_view,
    on_next_frame,
    unit_point,
    wait_ready,
    when_settled,
)
from tests.support.territories import TAZA

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

HOSTILE_NAME = "<img src=x onerror=alert(1)>"
CHARTS = {"overview": 1, "coverage": 1, "services": 1, "funding": 3, "partners": 1}
"""Vega-Lite charts each page draws for Taza (the trend, the bars, the Lorenz curve)."""
CHARTS_DRAWN_JS = """() => Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"]'),
    chart => chart.querySelectorAll('svg.marks .mark-line path, svg.marks .mark-rect path')
        .length)"""
"""Per chart of the page, the lines and bars Vega drew (none when it refused the chart)."""
TABLES_DRAWN_JS = """() => Array.from(document.querySelectorAll('[data-testid="stDataFrame"]'))
    .filter(grid => !grid.closest('details:not([open])'))
    .every(grid => Array.from(grid.querySelectorAll('canvas')).some(c => c.width > 0))"""
"""Whether every table shown has drawn its grid (a canvas with a size); a table in a closed
expander is drawn when the expander opens."""
FORMULA_NAME = '=HYPERLINK("http://evil.example","x")'
HOSTILE_CSV = f'''ID,Nom du centre,Type,Code commune,Latitude,Longitude,Services,Statut
H1,{HOSTILE_NAME},eps,03.561.01.11,34.2100,-4.0100,2,operating
H2,M'diq,cef,03.561.03.01,,,1,
H3,"{FORMULA_NAME.replace('"', '""')}",kindergarten,03.561.03.03,,,1,
H4,Centre sans type,,03.561.03.05,,,1,
H5,Commune inconnue,eps,99.999.99.99,,,1,
'''


@pytest.mark.parametrize("lang", ["fr", "ar"])
@pytest.mark.parametrize("page_name", PAGES)
def test_every_page_loads_offline_without_console_errors(server, watched, screenshots,
                                                         page_name, lang) -> None:
    """Each page opened by its address (as a shared link is) in each language: its map's
    legend, its charts and its tables drawn, nothing asked of another host, no console
    error, and the client asks for its server at the app's root only (never
    ``/<page>/_stcore/...``, :mod:`dashboard.app.deep_links`)."""
    page = watched.page
    page.goto(f"{server}/{path_of(page_name)}?territory={TAZA}&lang={lang}")
    wait_ready(page)
    if page_name not in WITHOUT_MAP:
        assert_legend(map_frame(page))
    expected = CHARTS.get(page_name, 0)
    page.wait_for_function(f"() => ({CHARTS_DRAWN_JS})().filter(Boolean).length >= {expected}",
                           timeout=60_000)
    assert len(page.evaluate(CHARTS_DRAWN_JS)) == expected  # every chart drawn, none other
    page.wait_for_function(TABLES_DRAWN_JS, timeout=60_000)
    time.sleep(0.5)  # the last frames painted before the screenshot
    page.screenshot(path=str(screenshots / f"{page_name}-{lang}.png"), full_page=True)
    assert watched.foreign_hosts() == set()
    assert watched.errors == []
    assert page.locator(".stApp").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    under_page = [url for url in watched.requests
                  if "/_stcore/" in url and url.split("/_stcore/")[0] != server]
    assert under_page == []
    assert f"{server}/_stcore/health" in watched.requests


def assert_legend(frame) -> None:
    """One visible legend with its entries: a coloured swatch and a label each."""
    legend = frame.locator(".taghtia-legend")
    assert legend.count() == 1
    assert legend.is_visible()
    entries = legend.evaluate("""legend => Array.from(
        legend.querySelectorAll('.taghtia-legend-label'), label => ({
            text: label.textContent.trim(),
            swatch: label.previousElementSibling
                ? getComputedStyle(label.previousElementSibling).backgroundColor : ''}))""")
    assert len(entries) >= 2, entries  # e.g. covered / not covered, or the classes
    for entry in entries:
        assert entry["text"], entries
        assert entry["swatch"] not in ("", "rgba(0, 0, 0, 0)", "transparent"), entries
    assert len({entry["swatch"] for entry in entries}) == len(entries), entries


def test_national_first_page(server, watched, screenshots) -> None:
    page = watched.page
    page.goto(server)
    wait_ready(page)
    frame = map_frame(page, 1503)
    assert len(drawn_units(frame)) == 1503
    time.sleep(1.0)
    page.screenshot(path=str(screenshots / "overview-morocco-fr.png"), full_page=True)
    assert watched.foreign_hosts() == set()
    assert watched.errors == []


def test_coverage_map_has_one_shape_per_commune_of_taza(server, watched) -> None:
    page = watched.page
    page.goto(f"{server}/coverage?territory={TAZA}")
    wait_ready(page)
    frame = map_frame(page)
    codes = [unit["code"] for unit in drawn_units(frame)]
    assert len(codes) == 38
    assert len(set(codes)) == 38 and all(code.startswith(TAZA + ".") for code in codes)


def test_map_units_leave_and_rejoin_the_map_as_leaflet_layers(server, watched) -> None:
    # the runtime adds a file's shapes in one pass (taghtia_add_shapes); Leaflet's own
    # removal and addition must then work on them as on any layer of the map
    page = watched.page
    page.goto(f"{server}/coverage?territory={TAZA}")
    wait_ready(page)
    frame = map_frame(page)
    first = drawn_units(frame)[0]["code"]
    left = frame.evaluate('''(code) => {
        const units = taghtia_registry.units[0], map = units._map;
        const shape = units.getLayers().find((s) => s.feature.properties.code === code);
        units.clearLayers();
        const gone = !map.hasLayer(shape) && !shape._map && units.getLayers().length === 0;
        units.addLayer(shape);
        return gone && map.hasLayer(shape);
    }''', first)
    assert left
    on_next_frame(frame, SETTLED_JS)
    assert [unit["code"] for unit in drawn_units(frame)] == [first]


def test_clicking_a_province_drills_down(server, watched, screenshots) -> None:
    page = watched.page
    page.goto(f"{server}/coverage?view=rate&level=province")
    wait_ready(page)
    frame = map_frame(page, 75)
    assert len(drawn_units(frame)) == 75
    time.sleep(1.5)
    page.screenshot(path=str(screenshots / "coverage-rate-provinces-fr.png"), full_page=True)
    page.mouse.click(*unit_point(frame, TAZA))  # inside Taza's shape, as a person clicks
    page.wait_for_function("() => document.querySelector('h1') && "
                           "document.querySelector('h1').textContent.includes('Taza')")
    page.wait_for_url(f"**territory={TAZA}**")
    wait_ready(page)
    frame = map_frame(page)
    codes = [unit["code"] for unit in drawn_units(frame)]
    assert codes and all(code.startswith(TAZA + ".") for code in codes)  # Taza's cercles
    # the breadcrumb leads back up
    page.get_by_role("button", name="Maroc").click()
    page.wait_for_function("() => document.querySelector('h1').textContent.includes('Maroc')")
    assert watched.errors == []


def test_switching_to_arabic_sets_rtl(server, watched) -> None:
    page = watched.page
    page.goto(f"{server}/?territory={TAZA}")
    wait_ready(page)
    page.wait_for_selector('.stApp[dir="ltr"]')
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="العربية").click()
    page.wait_for_selector('.stApp[dir="rtl"]')
    page.wait_for_function("() => document.querySelector('h1').textContent.includes('تازة')")
    page.wait_for_url("**lang=ar**")  # the URL follows at the end of the rerun
    page.wait_for_selector('html[lang="ar"]', state="attached")


def pick_file(page, path: Path, attempts: int = 3) -> None:
    """Choose a file in the first upload widget as a person does, then wait until the app
    has taken it (the run that follows finished, the check button enabled).

    A file chosen while the page is being redrawn can land in a picker that is replaced a
    moment later; a person sees the check button stay disabled and chooses the file again,
    and so does this, up to ``attempts`` times. The failure names what was seen.
    """
    uploads: list[str] = []
    page.on("response", lambda response: uploads.append(f"{response.request.method} "
                                                        f"{response.status}")
            if "/_stcore/upload_file" in response.url else None)
    listed = page.locator('[data-testid="stFileUploader"]', has_text=path.name)
    enabled = page.get_by_role("button", name="Vérifier ces fichiers").and_(
        page.locator(":enabled"))

    def choose() -> None:
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(
            str(path))
        enabled.wait_for(timeout=30_000)

    if not when_settled(page, choose, attempts):
        raise AssertionError(f"{path.name} not taken after {attempts} choices: listed under "
                             f"the picker: {listed.count() > 0}, upload responses: {uploads}")
    wait_ready(page)


def test_hostile_upload_shows_names_as_text(server, watched, tmp_path, screenshots) -> None:
    page = watched.page
    upload = tmp_path / "hostile.csv"
    upload.write_text(HOSTILE_CSV, encoding="utf-8")
    page.goto(f"{server}/data?territory={TAZA}")
    wait_ready(page)
    pick_file(page, upload)
    page.get_by_role("button", name="Vérifier ces fichiers").click()
    page.get_by_text("5 lignes lues : 3 acceptées, 2 rejetées.").wait_for()
    wait_ready(page)
    page.screenshot(path=str(screenshots / "data-upload-fr.png"), full_page=True)
    page.get_by_role("link", name="Vue d'ensemble").click()
    wait_ready(page)
    frame = map_frame(page, 38)
    from playwright.sync_api import expect

    tooltips = []
    shown = frame.locator(".leaflet-tooltip")
    frame.wait_for_function("() => window.taghtiaCentres().length > 0")
    markers = centre_points(frame)
    for marker in markers:
        page.mouse.move(0, 0)  # off the map: the previous tooltip closes
        expect(shown).to_have_count(0)
        page.mouse.move(*centre_point(frame, marker))  # the pointer on the marker
        expect(shown).to_have_count(1)  # this marker's own tooltip, and only it
        tooltips.append(shown.text_content())
    joined = "\n".join(tooltips)
    assert HOSTILE_NAME in joined and "M'diq" in joined and FORMULA_NAME in joined
    for each in page.frames:
        assert each.locator('img[src="x"]').count() == 0
    assert watched.dialogs == []
    assert watched.errors == []
    assert watched.foreign_hosts() == set()


def test_panning_and_zooming_do_not_rerun(server, watched) -> None:
    page = watched.page
    sent: list[int] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(1)))
    page.goto(f"{server}/coverage?territory={TAZA}&view=rate")
    wait_ready(page)
    frame = map_frame(page)
    time.sleep(2.0)
    before = len(sent)
    start = map_view(frame)
    box = frame.locator(".leaflet-container").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 120, y + 60, steps=8)
    page.mouse.up()
    panned = map_view(frame)
    assert (panned["lat"], panned["lng"]) != (start["lat"], start["lng"])  # the drag moved it
    frame.locator(".leaflet-control-zoom-in").click()
    frame.wait_for_function("zoom => Object.values(window).some(value => { try {"
                            " return value instanceof L.Map && value.getZoom() > zoom; }"
                            " catch (error) { return false; } })", arg=panned["zoom"],
                            timeout=10_000)
    assert map_view(frame)["zoom"] > panned["zoom"]
    time.sleep(2.5)  # longer than streamlit-folium's 250 ms debounce
    assert len(sent) == before  # nothing went back to the server: no rerun


def test_downloads_of_map_and_table(server, watched, tmp_path) -> None:
    page = watched.page
    page.goto(f"{server}/coverage?territory={TAZA}")
    wait_ready(page)
    map_frame(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger cette carte (HTML)").click()
    assert info.value.suggested_filename == f"taghtia-coverage-map-taza-{date.today()}.html"
    html = Path(info.value.path()).read_text(encoding="utf-8")
    # Taza's communes, inline in the topology's encoding (codes, names, arcs)
    decoder = json.JSONDecoder()
    documents = [decoder.raw_decode(html, found.start())[0]
                 for found in re.finditer(r'\{"scale":10000,"codes":', html)]
    layers = [doc for doc in documents if "fr" in doc]
    assert len(layers) == 1  # the communes (the context outlines carry no names)
    codes = topology.decode_document(layers[0])["codes"]
    assert len(codes) == 38 and all(code.startswith(TAZA + ".") for code in codes)
    assert "taghtia-unit" in html and "<script src=" not in html
    assert "L.geoJSON" in html and "/app/static" not in html  # opens offline from a file
    # opened from the file, without a server: 38 commune shapes
    offline = tmp_path / "map.html"
    offline.write_text(html, encoding="utf-8")
    alone = page.context.new_page()
    alone.goto(offline.as_uri())
    alone.wait_for_function("window.taghtiaUnits().length === 38")
    alone.close()
    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger ce tableau (CSV)").first.click()
    assert info.value.suggested_filename == f"taghtia-coverage-taza-{date.today()}.csv"
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    title = [line for line in text.splitlines() if line.startswith("# ")]
    rows = [line for line in text.strip().splitlines() if not line.startswith("# ")]
    assert title and "Taza" in title[0]  # the view, as comment lines above the table
    assert rows[0] == "Nom,Couverte,Type de commune,Centres,Services,Population 2024,Code"
    assert len(rows) == 1 + 38


def test_board_report_download_is_a_pdf_of_the_territory(server, watched) -> None:
    page = watched.page
    page.goto(f"{server}/?territory={TAZA}&lang=ar")
    wait_ready(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="تقرير للمجلس (PDF)").click()
    download = info.value
    assert download.suggested_filename == f"taghtia-report-ar-taza-{date.today()}.pdf"
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


def test_unknown_headers_are_mapped_in_the_ui(server, watched, tmp_path) -> None:
    page = watched.page
    upload = tmp_path / "odd.csv"
    upload.write_text("Identifiant interne,Appellation,Catégorie,Code commune,Nb services\n"
                      "A1,Dar Taliba Aknoul,eps,03.561.03.01,3\n"
                      "A2,Jardin M'diq,kindergarten,03.561.03.03,1\n", encoding="utf-8")
    page.goto(f"{server}/data")
    wait_ready(page)
    pick_file(page, upload)
    load = page.get_by_role("button", name="Vérifier ces fichiers")
    load.click()
    page.get_by_text("Fichier illisible").wait_for()  # no name column recognised
    # the mapping's selectors, in the page (the sidebar's filters hold selectors too)
    selects = page.locator('[data-testid="stMain"] [data-testid="stExpander"] '
                           '[data-testid="stSelectbox"]')
    selects.nth(4).wait_for()
    for index, field in ((1, "name"), (2, "centre_type")):  # Appellation, Catégorie
        selects.nth(index).click()
        page.get_by_role("option", name=field, exact=True).click()
        wait_ready(page)
    load.click()
    page.get_by_text("2 lignes lues : 2 acceptées, 0 rejetées.").wait_for()
    page.get_by_text("Jeu de données utilisé par toutes les pages : odd.csv").wait_for()
    load.click()  # loading again keeps the mapping
    wait_ready(page)
    page.get_by_text("2 lignes lues : 2 acceptées, 0 rejetées.").wait_for()
    assert watched.errors == []


def test_newcomer_finds_the_rural_communes_of_taza_without_a_centre(server, watched) -> None:
    page = watched.page
    page.goto(server)
    wait_ready(page)
    page.get_by_role("link", name="Communes non desservies").click()
    wait_ready(page)
    sidebar = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]')
    sidebar.nth(1).click()
    page.get_by_role("option", name="Fès-Meknès").click()
    wait_ready(page)
    sidebar.nth(2).click()
    page.get_by_role("option", name="Taza", exact=True).click()
    page.wait_for_function("() => document.querySelector('h1').textContent.includes('Taza')")
    page.get_by_text("rurales", exact=True).click()
    page.wait_for_url("**kind=rural**")
    wait_ready(page)
    assert page.get_by_text("communes sans centre").first.is_visible()
    assert "territory=03.561" in page.url


def test_commune_tooltip_shows_names_values_and_population(server, watched) -> None:
    page = watched.page
    page.goto(f"{server}/coverage?territory={TAZA}")
    wait_ready(page)
    frame = map_frame(page, 38)
    frame.wait_for_function("() => window.taghtiaCentres().length > 0")  # drawn: avoided
    page.mouse.move(*unit_point(frame, f"{TAZA}.01.11"))  # the pointer on the commune
    tooltip = frame.locator(".leaflet-tooltip").last
    tooltip.wait_for()
    text = tooltip.text_content()
    assert text.startswith("Taza") and "تازة" in text  # French, then Arabic (static text)
    for label in ("Type de commune\u00a0: urbaine", "Couverte\u00a0: ", "Centres\u00a0: ",
                  "Population 2024\u00a0: "):
        assert label in text  # per-rerun values, then the population from the boundary file
    assert tooltip.locator("span[dir='rtl']").text_content() == "تازة"
    assert watched.errors == []
