"""The page addresses answered with Streamlit's page plus where its server is."""

from __future__ import annotations

import asyncio
import re

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
    for path in ("/", *(f"/{name}" for name in PAGES)):
        start, body = _get(app, path)
        assert start["status"] == 200, path
        html = body["body"].decode("utf-8")
        assert html.index("BACKEND_BASE_URL") < html.index('src="./static/js/index.')
    assert _get(app, "/prefix/coverage")[0]["status"] == 200


def test_the_index_preloads_the_map_frame_s_chunk_in_its_head():
    html = deep_links.streamlit_index().decode("utf-8")
    chunk = re.search(r'<link rel="modulepreload" crossorigin '
                      r'href="\./static/js/ComponentInstance\.[\w-]+\.js">', html)
    assert chunk is not None
    assert html.index('src="./static/js/index.') < chunk.start() < html.index("</head>")


def test_the_links_go_at_the_end_of_the_head():
    html = deep_links.page_index("<html><head><script src=x></script></head><body></body>"
                                 "</html>", ["coverage"], links="<link rel=modulepreload>")
    assert html.index("<script src=x>") < html.index("<link rel=modulepreload>\n</head>")


def test_other_addresses_go_to_streamlit():
    app = deep_links.PageIndex(_streamlit)
    for path in ("/_stcore/health", "/coverage/_stcore/health", "/coverage/",
                 "/static/js/x.js", "/app/static/leaflet/leaflet.js", "/nowhere"):
        assert _get(app, path)[0]["status"] == 299, path


def test_the_script_strips_the_page_from_the_address():
    html = deep_links.page_index("<html><head><script src=x></script></head></html>",
                                 ["coverage"])
    assert html.index("__streamlit") < html.index("<script src=x>")
    assert '["coverage"]' in html
