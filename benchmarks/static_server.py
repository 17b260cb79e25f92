"""``python -m benchmarks.static_server DIRECTORY PORT``: the first-paint benchmark's web
server, in a process of its own (the benchmark's process, with the naive map's tens of MB
in memory and Playwright's thread, is not in the way of either map's files).

Serves ``DIRECTORY`` (the map documents) and the app's static files at ``/app/static/``,
as the app does.
"""

from __future__ import annotations

import functools
import http.server
import sys
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent.parent / "dashboard" / "app" / "static"


class Handler(http.server.SimpleHTTPRequestHandler):
    """The map documents, and the vendored Leaflet at ``/app/static/``."""

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if clean.startswith("/app/static/"):
            return str(STATIC_DIR / clean.removeprefix("/app/static/"))
        return super().translate_path(path)

    def log_message(self, *args) -> None:
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # the browser closing a connection early (favicon, context closed) is not news


def main(argv: list[str] | None = None) -> int:
    directory, port = (sys.argv[1:] if argv is None else argv)
    handler = functools.partial(Handler, directory=directory)
    with QuietServer(("127.0.0.1", int(port)), handler) as server:
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
