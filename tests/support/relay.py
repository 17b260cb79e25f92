"""A TCP relay that makes a local client come from another loopback address.

Chromium cannot choose the address it connects from; :func:`loopback_relay` listens on
``127.0.0.1`` and forwards every connection, byte for byte, to a target port from
``source`` (``127.0.0.2`` by default: any 127.x address is the loopback on Linux). The
server behind sees the browser as a user on another machine would look: a peer address that
is not the proxy's.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

from tests.support.server import HOST

USER_ADDRESS = "127.0.0.2"

__all__ = ["USER_ADDRESS", "loopback_relay"]


def _pipe(source: socket.socket, target: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            target.sendall(chunk)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            target.shutdown(socket.SHUT_WR)


def _serve(listener: socket.socket, target_port: int, source: str,
           opened: list[socket.socket]) -> None:
    while True:
        try:
            client, _ = listener.accept()
        except OSError:  # the listener was closed
            return
        upstream = socket.socket()
        try:
            upstream.bind((source, 0))
            upstream.connect((HOST, target_port))
        except OSError:
            client.close()
            upstream.close()
            continue
        opened += [client, upstream]
        for one, other in ((client, upstream), (upstream, client)):
            threading.Thread(target=_pipe, args=(one, other), daemon=True).start()


@contextlib.contextmanager
def loopback_relay(target_port: int, source: str = USER_ADDRESS) -> Iterator[str]:
    """Relay ``http://127.0.0.1:<port>`` to ``127.0.0.1:target_port`` from ``source``;
    yields the relay's base URL, closes every connection on leaving."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((HOST, 0))
    listener.listen(64)
    opened: list[socket.socket] = []
    thread = threading.Thread(target=_serve, args=(listener, target_port, source, opened),
                              daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{listener.getsockname()[1]}"
    finally:
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)
        listener.close()
        for connection in opened:
            with contextlib.suppress(OSError):
                connection.close()
        thread.join(timeout=10)
