"""A page opened by its address (``/coverage``, a shared link, a reload) finds its server at
once, without the two failed requests Streamlit's front end makes otherwise; every page,
the root's too, names the client's code its map waits for (:mod:`dashboard.app.preloads`).

Streamlit's client looks for its server under the page's own path first
(``/coverage/_stcore/health`` and ``/coverage/_stcore/host-config``, both answered 404 and
logged as console errors), then one level up. Told where the server is
(``window.__streamlit.BACKEND_BASE_URL``, read once when its script starts), it asks there
only. :class:`PageIndex` answers the root (``/``) and the address of every page of
:data:`dashboard.app.pages.PAGES` with Streamlit's own ``index.html`` plus a script setting
that address: the page's URL less its last segment, so it holds behind any path prefix (a
proxy's or ``server.baseUrlPath``), and the preloads at the end of its head. Every other
request goes to Streamlit unchanged (the root under a ``server.baseUrlPath`` too: that page
works the same, without the preloads). :mod:`dashboard.app.serve` installs it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from dashboard.app import preloads
from dashboard.app.pages import PAGES

_BASE_SCRIPT = """<script>
(function () {
  var pages = %(pages)s, path = location.pathname.replace(/\\/+$/, "");
  var last = path.slice(path.lastIndexOf("/") + 1);
  if (pages.indexOf(last) >= 0) { path = path.slice(0, path.lastIndexOf("/")); }
  window.__streamlit = Object.assign({}, window.__streamlit,
                                     {BACKEND_BASE_URL: location.origin + path + "/"});
})();
</script>
"""

__all__ = ["PageIndex", "page_index", "streamlit_index"]


def page_index(html: str, pages: Sequence[str] = PAGES, links: str = "") -> str:
    """Streamlit's ``index.html`` with the script that tells its client where the server is
    (before the client's own script, which reads it when it starts) and ``links`` at the
    end of its head (:func:`dashboard.app.preloads.preload_links`)."""
    script = _BASE_SCRIPT % {"pages": json.dumps(list(pages))}
    if links:
        end = html.find("</head>")
        if end < 0:
            raise ValueError("not an HTML page: no </head>")
        html = html[:end] + links + "\n" + html[end:]
    head = html.find("<script")
    if head < 0:
        head = html.find("</head>")
    if head < 0:
        raise ValueError("not an HTML page: no <script> nor </head>")
    return html[:head] + script + html[head:]


@functools.cache
def streamlit_index() -> bytes:
    """:func:`page_index` of the ``index.html`` of the installed Streamlit, encoded."""
    import streamlit

    html = (Path(streamlit.__file__).parent / "static" / "index.html").read_text("utf-8")
    return page_index(html, links=preloads.streamlit_preload_links()).encode("utf-8")


def is_page_address(path: str, pages: Sequence[str] = PAGES) -> bool:
    """Whether the URL ``path`` is the address of one of ``pages`` (its last segment)."""
    return path.rstrip("/").rsplit("/", 1)[-1] in pages


class PageIndex:
    """ASGI application: a ``GET`` of a page's address is answered with
    :func:`streamlit_index`; everything else goes to ``app``."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any],
                       send: Callable[..., Any]) -> None:
        path = scope.get("path", "")
        if (scope.get("type") != "http" or scope.get("method") != "GET"
                or not (path == "/" or (is_page_address(path) and not path.endswith("/")))):
            await self.app(scope, receive, send)
            return
        body = streamlit_index()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/html; charset=utf-8"),
                                (b"content-length", str(len(body)).encode("ascii")),
                                (b"cache-control", b"no-cache")]})
        await send({"type": "http.response.body", "body": body})
