"""The map's files in the browser (``js/files.js``): the header's prefetch is the only request
for a file, handed over once the asking script has ended and before the next frame; and a
map drawn from it shows all its units in its first frame, before their Leaflet layers
exist, which follow for hover and clicks."""

from __future__ import annotations

import mimetypes
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from dashboard.app import map_files, maps, view

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-pages")]

ORIGIN = "http://taghtia.test"
DOC = "/app/static/geo/doc.json"
MISSING = "/app/static/geo/missing.json"

# every animation frame until the units' layers exist: [units listed drawn, their layers]
FRAMES_JS = """
window.taghtiaFrames = [];
(function tick() {
  var layer = window.taghtia_registry && taghtia_registry.units[0];
  if (layer && window.taghtiaUnits) {
    taghtiaFrames.push([taghtiaUnits().length, Object.keys(layer._layers).length]);
  }
  if (!(layer && layer.taghtiaLoaded)) { requestAnimationFrame(tick); }
})();
"""


class _Origin:
    """A routed origin: a page, the app's static files, a JSON file; requests counted."""

    def __init__(self, page, html: str) -> None:
        self.requests: list[str] = []
        self.html = html
        page.route(f"{ORIGIN}/**", self._answer)

    def _answer(self, route) -> None:
        path = route.request.url.removeprefix(ORIGIN)
        self.requests.append(path)
        if path == "/":
            route.fulfill(status=200, body=self.html, content_type="text/html")
        elif path == DOC:
            route.fulfill(status=200, body='{"answer": 42}', content_type="application/json")
        elif path.startswith("/app/static/") and (file := _static(path)) is not None:
            mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            route.fulfill(status=200, body=file.read_bytes(), content_type=mime)
        else:
            route.fulfill(status=404, body="")


def _static(path: str) -> Path | None:
    file = (map_files.STATIC_DIR / path.removeprefix("/app/static/")).resolve()
    inside = file.is_relative_to(map_files.STATIC_DIR.resolve())
    return file if inside and file.is_file() else None


@pytest.fixture()
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def _files_page(page) -> _Origin:
    script = (map_files.STATIC_DIR / maps.FILES_JS[1]).read_text(encoding="utf-8")
    origin = _Origin(page, f"<!DOCTYPE html><html><head><script>{script}\n"
                           f"taghtia_prefetch({DOC!r});</script></head><body></body></html>")
    page.goto(f"{ORIGIN}/")
    page.wait_for_function("(url) => window.taghtiaFiles[url].doc", arg=DOC)
    return origin


def test_a_prefetched_file_is_fetched_once_and_handed_over_before_the_next_frame(
        page) -> None:
    origin = _files_page(page)
    order = page.evaluate("""(url) => new Promise((done) => {
      const order = [];
      taghtia_file(url, (doc) => order.push("file " + doc.answer));
      order.push("script ended");
      requestAnimationFrame(() => { order.push("frame"); done(order); });
    })""", DOC)
    assert order == ["script ended", "file 42", "frame"]
    assert origin.requests.count(DOC) == 1
    # taken once: asked again (a later rerun), it is fetched again, from the browser's cache
    again = page.evaluate("(url) => new Promise((done) => taghtia_file(url, done))", DOC)
    assert again == {"answer": 42}
    assert origin.requests.count(DOC) == 2


def test_a_file_the_server_refuses_says_its_status(page) -> None:
    _files_page(page)
    message = page.evaluate("""(url) => taghtia_fetch(url).then(
      () => "fetched", (error) => error.message)""", MISSING)
    assert message == "map data: HTTP 404"


def _map_html() -> tuple[str, int]:
    n = 12
    units = gpd.GeoDataFrame(
        {"code": [f"01.001.01.{i:02d}" for i in range(n)],
         "name_fr": [f"Commune {i}" for i in range(n)],
         "name_ar": ["" for _ in range(n)],
         "kind": ["urban" if i % 3 == 0 else "rural" for i in range(n)],
         "population_2024": [1000 * (i + 1) for i in range(n)]},
        geometry=[box(-6 + 0.25 * (i % 4), 34 + 0.25 * (i // 4),
                      -5.75 + 0.25 * (i % 4), 34.25 + 0.25 * (i // 4)) for i in range(n)],
        crs="EPSG:4326")
    layer = map_files.geo_layer(units, "test-prefetch")
    assert layer.save() is not None
    spec = view.kind_spec(pd.DataFrame(units.drop(columns="geometry")), layer, layer.bounds,
                          "fr")
    return maps.build_map(spec).get_root().render(), n


def test_a_map_shows_all_its_units_in_one_frame_before_their_layers_exist(page) -> None:
    html, n = _map_html()
    origin = _Origin(page, html)
    page.add_init_script(FRAMES_JS)
    page.goto(f"{ORIGIN}/")
    page.wait_for_function("window.taghtia_registry && taghtia_registry.units[0] &&"
                           " taghtia_registry.units[0].taghtiaLoaded")
    frames = page.evaluate("taghtiaFrames")
    shown = [frame for frame in frames if frame[0]]
    assert shown, f"no frame showed the units: {frames}"
    # the first frame that shows units shows all of them, drawn from the file alone
    assert shown[0] == [n, 0]
    assert all(listed == n for listed, _ in shown)
    # then each unit drawn has its layer: the units answer the pointer
    pointed = page.evaluate("taghtiaUnits({points: true})")
    assert len(pointed) == n and all(unit["point"] for unit in pointed)
    x, y = pointed[0]["point"]
    page.mouse.move(x, y)
    page.wait_for_selector(".leaflet-tooltip", timeout=5000)
    units_file = next(path for path in origin.requests if "/geo/test-prefetch-" in path)
    assert origin.requests.count(units_file) == 1  # the header's fetch, not a second one
