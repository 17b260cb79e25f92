"""Files whose name changes with their content are kept by the browser for a year.

A map is drawn in a frame of its own (the map component's), and a new frame asks again for
what the last one loaded: the component's script, the map's script bundle, the boundary and
centre files. Streamlit serves the component's files with ``Cache-Control: public`` and no
date nor validator, and the app's static files with validators only, so the browser either
downloads them again or asks whether they changed, one round trip each, on every territory
or filter change; on a slow line that is most of the wait.

These files carry a hash of their content in their name, so a name never points to other
content: the map files the app writes (``/app/static/geo/<stem>-<12 hex digits>.<ext>``,
:mod:`dashboard.app.map_files`) and the component's build (``.../static/js/main.<8 hex
digits>.js``). :class:`ImmutableFiles` answers them with ``Cache-Control: public,
max-age=31536000, immutable``; every other response goes out unchanged.
:mod:`dashboard.app.serve` installs it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

IMMUTABLE = b"public, max-age=31536000, immutable"
HASHED_PATHS = (
    re.compile(r"/app/static/geo/[^/]+-[0-9a-f]{12}\.(?:json|js)$"),
    re.compile(r"/component/[^/]+/static/(?:js|css)/[^/]+\.[0-9a-f]{8}\.(?:js|css)$"),
)

__all__ = ["IMMUTABLE", "ImmutableFiles", "is_hashed"]


def is_hashed(path: str) -> bool:
    """Whether the URL ``path`` names a file whose name carries a hash of its content."""
    return any(pattern.search(path) for pattern in HASHED_PATHS)


class ImmutableFiles:
    """ASGI application: successful ``GET``/``HEAD`` answers for :func:`is_hashed` paths get
    :data:`IMMUTABLE` as their ``Cache-Control``; everything else goes to ``app`` as is."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any],
                       send: Callable[..., Any]) -> None:
        if (scope.get("type") != "http" or scope.get("method") not in ("GET", "HEAD")
                or not is_hashed(str(scope.get("path", "")))):
            await self.app(scope, receive, send)
            return

        async def send_cached(message: dict[str, Any]) -> None:
            if message.get("type") == "http.response.start" and message.get("status") == 200:
                headers = [(key, value) for key, value in message.get("headers", [])
                           if key.lower() != b"cache-control"]
                message = {**message, "headers": [*headers, (b"cache-control", IMMUTABLE)]}
            await send(message)

        await self.app(scope, receive, send_cached)
