"""Files named by their content's hash (the map files, the map component's build) are kept by
the browser: a new map frame loads them from its cache without asking the server again."""

from __future__ import annotations

import asyncio
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import streamlit_folium

from dashboard.app.cache_headers import IMMUTABLE, ImmutableFiles, is_hashed
from tests.support.server import running

COMPONENT_JS = sorted((Path(streamlit_folium.__file__).parent / "frontend" / "build" / "static"
                       / "js").glob("main.*.js"))


@pytest.mark.parametrize("path", [
    "/app/static/geo/commune-MA-26dcaf59ff50.json", "/app/static/geo/map-2ea3d0f0327e.js",
    "/taghtia/app/static/geo/centres-03-fr-b007ee75c462.json",  # behind a path prefix
    "/component/streamlit_folium.st_folium/static/js/main.521860b0.js",
])
def test_hashed_names_are_recognised(path: str) -> None:
    assert is_hashed(path)


@pytest.mark.parametrize("path", [
    "/", "/coverage", "/app/static/leaflet/leaflet.js", "/app/static/geo/commune-MA.json",
    "/component/streamlit_folium.st_folium/index.html", "/_stcore/health",
    "/app/static/geo/commune-MA-26dcaf59ff50.json.tmp",
])
def test_other_paths_are_not(path: str) -> None:
    assert not is_hashed(path)


def _answer(path: str, status: int = 200, method: str = "GET") -> dict:
    sent: list[dict] = []

    async def app(scope, receive, send) -> None:
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"cache-control", b"public")]})
        await send({"type": "http.response.body", "body": b"{}"})

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "headers": []}
    asyncio.run(ImmutableFiles(app)(scope, None, send))
    return dict(sent[0]["headers"])


def test_a_hashed_file_is_cached_for_a_year_and_the_rest_as_before() -> None:
    assert _answer("/app/static/geo/map-2ea3d0f0327e.js")[b"cache-control"] == IMMUTABLE
    assert _answer("/app/static/geo/map-2ea3d0f0327e.js", method="HEAD")[
        b"cache-control"] == IMMUTABLE
    assert _answer("/app/static/leaflet/leaflet.js")[b"cache-control"] == b"public"
    assert _answer("/app/static/geo/map-2ea3d0f0327e.js", status=404)[
        b"cache-control"] == b"public"  # an error is not kept


def _when_served(url: str, timeout_s: float = 120.0):
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as reply:
                return reply
        except urllib.error.HTTPError as error:
            if error.code != 404 or time.monotonic() > deadline:
                raise
        time.sleep(0.2)


def test_the_server_sends_the_component_build_to_be_kept() -> None:
    assert COMPONENT_JS, "streamlit-folium's build has no main.<hash>.js"
    name = COMPONENT_JS[0].name
    with running() as server:
        component = f"{server.url}/component/streamlit_folium.st_folium/static/js/{name}"
        reply = _when_served(component)  # the warm-up registers the component
        assert reply.headers["Cache-Control"] == IMMUTABLE.decode()
        page = f"{server.url}/component/streamlit_folium.st_folium/index.html"
        with urllib.request.urlopen(page, timeout=30) as reply:
            assert "immutable" not in (reply.headers["Cache-Control"] or "")
