"""One Taghtia server and one headless Chromium per test worker for the browser suite.

The browser tests are two groups of about the same length (``xdist_group``: ``browser``,
the app's features; ``browser-pages``, every page's layout, accessibility and languages), so
that ``make test``'s two workers each take one and fill the rest of their time with the
other tests: one group alone was the suite's longest path.

The server and the waits come from :mod:`tests.support` (shared with the benchmarks). The
browser tests need Debian's chromium (``/usr/bin/chromium``, or the path in
``TAGHTIA_CHROMIUM``) and the Playwright Python package; without them they are skipped,
unless ``TAGHTIA_REQUIRE_BROWSER=1`` (``make test``, CI), where they fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.server import Server, ServerError

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def server(chromium: str, tmp_path_factory: pytest.TempPathFactory):
    """Base URL of a Taghtia dashboard started with ``taghtia run`` on a free port, with a
    Taghtia home (so a store) of its own; the session fails (never skips) when it does not
    start."""
    dashboard = Server(env={"TAGHTIA_HOME": str(tmp_path_factory.mktemp("server-home"))})
    try:
        dashboard.start()
    except ServerError as error:
        pytest.fail(f"taghtia run did not start: {error}")
    yield dashboard.url
    dashboard.stop()


class Watched:
    """A page whose requests, console errors and dialogs are recorded."""

    def __init__(self, page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

        def on_dialog(dialog) -> None:
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        self.errors.append(f"{message.text} ({url})")

    def foreign_hosts(self) -> set[str]:
        hosts = set()
        for url in self.requests:
            if url.startswith(("http://", "https://", "ws://", "wss://")):
                host = url.split("/")[2].rsplit(":", 1)[0].strip("[]")
                if host not in ("localhost", "127.0.0.1", "::1"):
                    hosts.add(host)
        return hosts


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 2200}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield Watched(page)
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
