"""The browser reads a boundary file as :func:`dashboard.app.topology.decode_document` does:
the same rings per unit (holes and islands kept, arcs walked backwards where a ring does),
the same units on each arc, and boxes that hold every vertex."""

from __future__ import annotations

import json

import pytest

from dashboard.app import map_files, topology
from dashboard.app.maps import LEAFLET_JS, MAP_JS, TOPOLOGY_JS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-pages")]

READ_JS = """(doc) => {
  const d = taghtia_decode(doc), units = [], boxes = [], uses = [];
  for (let u = 0; u < d.codes.length; u++) {
    units.push(taghtia_unit_polygons(d, u).map(
      (rings) => rings.map((ring) => Array.from(ring.ll))));
    boxes.push(Array.from(d.unitBoxes.slice(4 * u, 4 * u + 4)));
  }
  for (let a = 0; a + 1 < d.arcStarts.length; a++) {
    uses.push([d.arcUses[a], d.arcUsers[2 * a], d.arcUsers[2 * a + 1]]);
  }
  return {codes: d.codes, pop: d.pop, units: units, boxes: boxes, uses: uses};
}"""


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!DOCTYPE html><html><head></head><body></body></html>")
    for part in (LEAFLET_JS[1], TOPOLOGY_JS[1], MAP_JS[1]):
        page.add_script_tag(content=(map_files.STATIC_DIR / part).read_text(encoding="utf-8"))
    yield page
    context.close()


def _drawn(polygons: list) -> list:
    """Python's reading with what the browser leaves out: rings of fewer than two vertices,
    then polygons without a ring; vertices as lat, lng, lat, lng..."""
    out = []
    for rings in polygons:
        kept = [[value for lon, lat in ring for value in (lat, lon)] for ring in rings
                if len(ring) >= 2]
        if kept:
            out.append(kept)
    return out


def _assert_read_alike(page, doc: dict) -> None:
    python, browser = topology.decode_document(doc), page.evaluate(READ_JS, doc)
    assert browser["codes"] == python["codes"]
    if python["pop"] is not None:
        assert browser["pop"] == python["pop"]
    assert len(browser["units"]) == len(python["units"])
    for ours, theirs, box in zip(browser["units"], python["units"], browser["boxes"],
                                 strict=True):
        expected = _drawn(theirs)
        assert [[len(ring) for ring in rings] for rings in ours] == \
            [[len(ring) for ring in rings] for rings in expected]
        for rings, expected_rings in zip(ours, expected, strict=True):
            for ring, expected_ring in zip(rings, expected_rings, strict=True):
                assert ring == pytest.approx(expected_ring, abs=1e-9)
                south, west, north, east = box
                assert all(south <= lat <= north for lat in ring[0::2])
                assert all(west <= lng <= east for lng in ring[1::2])
    assert [[uses, *[u for u in users if u >= 0]] for uses, *users in browser["uses"]] == \
        [[len(units), *units[:2]] for units in python["arc_units"]]


def test_holes_enclaves_and_shared_borders_are_read_alike(page) -> None:
    from shapely.geometry import MultiPolygon, Polygon

    outer = Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (1, 2), (2, 2), (2, 1)]])
    enclave = Polygon([(1, 1), (2, 1), (2, 2), (1, 2)])
    islands = MultiPolygon([Polygon([(4, 0), (6, 0), (6, 4), (4, 4)]),
                            Polygon([(7, 0), (8, 0), (8, 1)])])
    shapes = topology.build_topology([outer, None, enclave, islands, None])
    doc = {"scale": topology.SCALE,
           "codes": topology.shared_prefixes(["a", "b", "c", "d", "e"]),
           "arcs": shapes.arc_text(), "units": shapes.unit_text()}
    _assert_read_alike(page, doc)


def test_a_region_s_communes_are_read_alike(page) -> None:
    import geodata

    communes = geodata.load_units("commune", detail="web")
    taza = communes[communes["code"].str.startswith("03.")]
    _assert_read_alike(page, json.loads(map_files.geo_layer(taza, "test-fes-meknes").text))


def test_the_metres_are_leaflet_s_projection_of_the_degrees_to_the_last_bit(page) -> None:
    """The reader projects each vertex inline (no call per vertex) and a unit's box with
    ``taghtia_mercator_x``/``_y``: both give the numbers ``L.Projection.SphericalMercator``
    gives, so the pixels the map fills, the box it tests and Leaflet's own agree."""
    import geodata

    communes = geodata.load_units("commune", detail="web")
    doc = json.loads(map_files.geo_layer(communes[communes["code"].str.startswith("03.")],
                                         "test-fes-meknes").text)
    differ = page.evaluate("""(doc) => {
      const d = taghtia_decode(doc), off = [];
      for (let i = 0; i < d.metres.length; i += 2) {
        const p = L.Projection.SphericalMercator.project(
          L.latLng(d.degrees[i], d.degrees[i + 1]));
        if (p.x !== d.metres[i] || p.y !== d.metres[i + 1] ||
            taghtia_mercator_x(d.degrees[i + 1]) !== p.x ||
            taghtia_mercator_y(d.degrees[i]) !== p.y) { off.push(i / 2); }
      }
      return [off.length, d.metres.length / 2];
    }""", doc)
    assert differ[1] > 1000 and differ[0] == 0
