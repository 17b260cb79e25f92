"""Addresses that are no page of the app: sent to the overview, which says so.

Streamlit answers every unknown path with its single page, whose scripts it names relative
to the address (``./static/js/…``): at ``/a/b`` the browser asks for ``/a/static/js/…``,
gets the page again instead of a script, and stays blank. :class:`RedirectUnknownPaths`, a
layer of the server's application (:mod:`dashboard.app.serve` installs it with
:func:`dashboard.app.peer.install`), sees to it that a browser asking for a page at a path of
two segments or more that is none of Streamlit's own (``/_stcore/…``, ``/static/…``,
``/app/static/…``, ``/component/…``, ``/media/…``) is
redirected to ``/?unknown_path=<the path>``; the page header
(:func:`dashboard.app.ui.header`) then says, in the page's language, that there is no such
page and that this is the overview.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

QUERY_KEY = "unknown_path"
STREAMLIT_PREFIXES = frozenset({"_stcore", "static", "app", "component", "media", "~",
                                "auth", "oauth2callback", "favicon.png", "manifest.json"})
_MAX_SHOWN = 120

__all__ = ["QUERY_KEY", "RedirectUnknownPaths", "redirect_target"]


def redirect_target(scope: dict[str, Any]) -> str | None:
    """Where to send a request for a page that does not exist, or None to serve it."""
    if scope.get("type") != "http" or scope.get("method") not in ("GET", "HEAD"):
        return None
    segments = [part for part in str(scope.get("path", "")).split("/") if part]
    if len(segments) < 2 or segments[0] in STREAMLIT_PREFIXES:
        return None
    accept = b"".join(value for key, value in scope.get("headers", [])
                      if key.lower() == b"accept")
    if b"text/html" not in accept:  # a script or a file asked for: Streamlit answers
        return None
    shown = "/" + "/".join(segments)
    return f"/?{QUERY_KEY}={quote(shown[:_MAX_SHOWN], safe='/')}"


class RedirectUnknownPaths:
    """ASGI application redirecting a page request that no page answers (see the module
    docstring) before ``app`` sees it."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any],
                       send: Callable[..., Any]) -> None:
        target = redirect_target(scope)
        if target is None:
            await self.app(scope, receive, send)
            return
        await send({"type": "http.response.start", "status": 302,
                    "headers": [(b"location", target.encode("ascii")),
                                (b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})
