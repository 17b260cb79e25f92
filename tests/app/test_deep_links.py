"""The page addresses answered with Streamlit's page plus where its server is."""

from __future__ import annotations

import asyncio

from dashboard.app import deep_links
from dashboard.app.pages import PAGES


def _get(app, path: str) -> list[dict]:
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b""}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(app({"type": "http", "method": "GET", "path": path}, receive, send))
    return sent


async def _streamlit(scope, receive, send) -> None:
    await send({"type": "http.response.start", "status": 299, "headers": []})


def test_a_page_address_gets_the_index_with_the_server_address_before_the_client():
    app = deep_links.PageIndex(_streamlit)
    for name in PAGES:
        start, body = _get(app, f"/{name}")
        assert start["status"] == 200
        html = body["body"].decode("utf-8")
        assert html.index("BACKEND_BASE_URL") < html.index('src="./static/js/index.')
    assert _get(app, "/prefix/coverage")[0]["status"] == 200


def test_other_addresses_go_to_streamlit():
    app = deep_links.PageIndex(_streamlit)
    for path in ("/", "/_stcore/health", "/coverage/_stcore/health", "/coverage/",
                 "/static/js/x.js", "/app/static/leaflet/leaflet.js", "/nowhere"):
        assert _get(app, path)[0]["status"] == 299, path


def test_the_script_strips_the_page_from_the_address():
    html = deep_links.page_index("<html><head><script src=x></script></head></html>",
                                 ["coverage"])
    assert html.index("__streamlit") < html.index("<script src=x>")
    assert '["coverage"]' in html
