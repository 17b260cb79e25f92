"""Addresses that are no page (``/a/b``): redirected to the overview, which says so in the
page's language, instead of Streamlit's blank page."""

from __future__ import annotations

import asyncio

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.app.unknown_paths import RedirectUnknownPaths, redirect_target
from tests.support.apptest import APP

HTML = [(b"accept", b"text/html,application/xhtml+xml;q=0.9")]


def _scope(path: str, headers=HTML, method: str = "GET") -> dict:
    return {"type": "http", "method": method, "path": path, "headers": headers}


@pytest.mark.parametrize("path", ["/a/b", "/coverage/x", "/a/b/c/d", "/x/static/y"])
def test_a_page_at_two_segments_is_redirected(path: str) -> None:
    assert redirect_target(_scope(path)) == f"/?unknown_path={path}"


@pytest.mark.parametrize("scope", [
    _scope("/"), _scope("/coverage"), _scope("/a"),                      # pages, or one
    _scope("/_stcore/health"), _scope("/static/js/index.js"),             # Streamlit's own
    _scope("/app/static/leaflet.js"), _scope("/component/x/index.html"),
    _scope("/media/abc.png"), _scope("/a/b", headers=[(b"accept", b"*/*")]),  # not a page
    _scope("/a/b", method="POST"), {"type": "websocket", "path": "/a/_stcore/stream"},
])
def test_everything_else_reaches_streamlit(scope: dict) -> None:
    assert redirect_target(scope) is None


def test_the_redirect_is_answered_before_the_app() -> None:
    sent: list[dict] = []
    reached: list[str] = []

    async def app(scope, receive, send) -> None:
        reached.append(scope["path"])

    async def send(message: dict) -> None:
        sent.append(message)

    layer = RedirectUnknownPaths(app)
    asyncio.run(layer(_scope("/a/b"), None, send))
    asyncio.run(layer(_scope("/static/js/x.js"), None, send))
    assert sent[0]["status"] == 302
    assert (b"location", b"/?unknown_path=/a/b") in sent[0]["headers"]
    assert reached == ["/static/js/x.js"]


@pytest.mark.parametrize("lang, words", [("fr", "Il n'y a pas de page à l'adresse /a/b"),
                                         ("en", "There is no page at /a/b"),
                                         ("ar", "لا توجد صفحة في العنوان /a/b")])
def test_the_overview_says_there_is_no_such_page(lang: str, words: str) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["unknown_path"] = "/a/b"
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    warnings = [w.value for w in at.warning if words in w.value]
    assert len(warnings) == 1, [w.value for w in at.warning]
