"""The address a request really came from, kept before the server rewrites it.

Streamlit serves the app with uvicorn, whose ``ProxyHeadersMiddleware`` replaces the
connection's peer with the ``X-Forwarded-For`` address when the peer is in
``FORWARDED_ALLOW_IPS`` (``127.0.0.1`` by default). Behind nginx on the same host (the
documented deployment, ``TAGHTIA_TRUSTED_PROXY=127.0.0.1``), ``st.context.ip_address``
is then the user's address, never the proxy's, and the app could not tell a request that
came through the trusted proxy from one that did not.

:func:`install` (called by :mod:`dashboard.app.serve` before Streamlit starts, so in the
server's own process) wraps uvicorn's loaded application, outermost: for every HTTP and
websocket request it drops any ``X-Taghtia-Peer`` header the client sent and adds one
holding the socket's peer address, before any other layer reads or rewrites the request.
:func:`socket_peer` reads it back from a request's headers, **only** in a process where
:func:`install` ran (elsewhere the header could come from anyone and is ignored). uvicorn's
own handling (``X-Forwarded-Proto`` and ``-For``) stays in effect.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

PEER_HEADER = "X-Taghtia-Peer"
_PEER_KEY = PEER_HEADER.lower().encode("latin-1")
_installed = False

__all__ = ["PEER_HEADER", "install", "installed", "record_peer", "socket_peer"]


def record_peer(scope: dict[str, Any]) -> dict[str, Any]:
    """A copy of an ASGI ``scope`` whose headers carry the socket peer in
    :data:`PEER_HEADER` (any copy sent by the client dropped)."""
    headers = [(key, value) for key, value in scope.get("headers", [])
               if key.lower() != _PEER_KEY]
    client = scope.get("client")
    if client and client[0]:
        headers.append((_PEER_KEY, str(client[0]).encode("latin-1", "replace")))
    return {**scope, "headers": headers}


class PeerRecorder:
    """ASGI application recording the socket peer (:func:`record_peer`) before ``app``."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any],
                       send: Callable[..., Any]) -> None:
        if scope.get("type") in ("http", "websocket"):
            scope = record_peer(scope)
        await self.app(scope, receive, send)


def install(*layers: Callable[[Callable[..., Any]], Callable[..., Any]]) -> bool:
    """Make every uvicorn server of this process record the socket peer (see the module
    docstring); True when uvicorn is there to wrap.

    ``layers`` wrap Streamlit's application inside the recorder, first one innermost
    (:class:`dashboard.app.deep_links.PageIndex`)."""
    global _installed
    try:
        from uvicorn.config import Config
    except ImportError:
        return False
    if getattr(Config.load, "_taghtia_peer", False):
        _installed = True
        return True
    original = Config.load

    def load(self: Config) -> None:
        original(self)
        app = self.loaded_app
        for layer in layers:
            app = layer(app)
        self.loaded_app = PeerRecorder(app)

    load._taghtia_peer = True  # type: ignore[attr-defined]
    Config.load = load  # type: ignore[method-assign]
    _installed = True
    return True


def installed() -> bool:
    """Whether this process's server records the socket peer."""
    return _installed


def socket_peer(headers: Mapping[str, str]) -> str | None:
    """The socket peer recorded by :func:`install` in ``headers``; None when this process
    does not record it (the header is then anybody's) or the request has none."""
    if not _installed:
        return None
    for key, value in headers.items():
        if key.lower() == PEER_HEADER.lower():
            return str(value).strip() or None
    return None
