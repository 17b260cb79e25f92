"""One Taghtia server and one headless Chromium for the whole browser suite.

The browser tests need Debian's chromium (``/usr/bin/chromium``, or the path in
``TAGHTIA_CHROMIUM``) and the Playwright Python package; without them they are skipped,
unless ``TAGHTIA_REQUIRE_BROWSER=1`` (``make test``, CI), where they fail.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


def _unavailable(reason: str) -> None:
    if os.environ.get("TAGHTIA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests required (TAGHTIA_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = (os.environ.get("TAGHTIA_CHROMIUM") or shutil.which("chromium")
            or "/usr/bin/chromium")
    if not Path(path).exists():
        _unavailable("Debian's chromium is not installed (apt-get install -y chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(chromium_path: str):
    """Base URL of a Taghtia dashboard started with ``taghtia run`` on a free port."""
    port = _free_port()
    log = (ROOT / "artifacts")
    log.mkdir(exist_ok=True)
    out = open(log / "browser-server.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "run", "--port", str(port)],
        cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGTERM)
            pytest.fail(f"taghtia run did not start; see {log / 'browser-server.log'}")
        time.sleep(0.5)
    yield url
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    out.close()


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


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
        # Opened at a page URL (/coverage), Streamlit's client first looks for its server
        # under that path (/coverage/_stcore/host-config, .../health) and then at the root:
        # those two 404s are its base-path discovery, not a failure of the page.
        if url.endswith(("/_stcore/host-config", "/_stcore/health")) and "404" in message.text:
            return
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
