"""Two ``taghtia run`` replicas behind nginx (``deploy/nginx.conf``, ``ip_hash``,
``auth_basic``) sharing one PostGIS store: a dataset imported with the command line is shown
by both, and a new version reaches both without a restart; nginx's user is an editor or a
viewer on the Data page, and a browser going round nginx is an anonymous viewer.

Everything is started by the test on 127.0.0.1 free ports and stopped after
(:mod:`tests.support.replicas`): a throwaway PostgreSQL cluster, the two replicas, nginx
(Debian's, with the shipped server block and a config of its own in a temporary folder) and
headless Chromium. Missing nginx or Chromium skip the test, unless
``TAGHTIA_REQUIRE_BROWSER=1`` (``make test``), where they fail.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.cli import main
from tests.store.samples import workbook_bytes
from tests.support.browser import chromium_path, frames_drawing
from tests.support.replicas import USERS, Cluster, nginx_binary, replicas_behind_nginx
from tests.support.required import unavailable

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"

pytestmark = pytest.mark.browser


def _unavailable(reason: str) -> None:
    unavailable(reason, "replica test")


@pytest.fixture
def tools() -> str:
    """Chromium's path, once nginx, Chromium and Playwright are known to be there."""
    if nginx_binary() is None:
        _unavailable("Debian's nginx is not installed (make nginx)")
    chromium = chromium_path()
    if chromium is None:
        _unavailable("Debian's chromium is not installed")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    return str(chromium)


@pytest.fixture
def cluster_of_replicas(postgis_url, tools) -> Iterator[Cluster]:
    """Two replicas and nginx in front, on the test's PostGIS store."""
    with replicas_behind_nginx(2) as cluster:
        yield cluster


class _Contexts:
    """Browser contexts of one test on the process's shared browser, closed together."""

    def __init__(self, browser) -> None:
        self.browser = browser
        self.opened: list = []

    def new(self, **options):
        context = self.browser.new_context(**options)
        self.opened.append(context)
        return context

    def login(self, user: str = "amina"):
        """A context signed in to nginx as ``user`` (see deploy/nginx.conf)."""
        return self.new(viewport={"width": 1300, "height": 900},
                        http_credentials={"username": user, "password": USERS[user]})

    def close(self) -> None:
        for context in self.opened:
            context.close()


def _map_drawn(page, timeout: float = 90) -> None:
    """Wait for the Leaflet map of Taza's 38 communes (drawn in the component's frame)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if frames_drawing(page, 38):
            return
        time.sleep(0.4)
    raise AssertionError("the map of Taza was not drawn")


def _view(page, url: str, expected: str, shot: str) -> tuple[str, str]:
    """Open Taza on ``url`` with ``?dataset=taza``; the dataset line and the operating
    centres card once the page has drawn ``expected`` and its map."""
    page.goto(f"{url}/?dataset=taza&territory=03.561")
    page.get_by_text(expected).first.wait_for(timeout=90_000)
    card = page.locator('[data-testid="stMetric"]', has_text="Centres en activité")
    card.locator('[data-testid="stMetricValue"]').wait_for(timeout=60_000)
    _map_drawn(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / shot), full_page=False)
    line = page.get_by_text(re.compile(r"^Jeu de données : taza v\d")).first.inner_text()
    return line, card.locator('[data-testid="stMetricValue"]').inner_text()


def test_replicas_behind_nginx_share_the_store(cluster_of_replicas, browser, tmp_path,
                                               capsys) -> None:
    first, second = tmp_path / "taza.xlsx", tmp_path / "taza_v2.xlsx"
    first.write_bytes(workbook_bytes(count=12))
    second.write_bytes(workbook_bytes(count=8))
    assert main(["datasets", "import", str(first), "--name", "taza"]) == 0
    capsys.readouterr()
    v1 = "Jeu de données : taza v1 — 12 centres, 12 subventions"
    v2 = "Jeu de données : taza v2 — 8 centres, 8 subventions"
    contexts = _Contexts(browser)
    try:
        page = contexts.login().new_page()
        for name, url in cluster_of_replicas.urls().items():
            assert _view(page, url, v1, f"replicas-{name}-v1.png") == (v1, "12")
        assert main(["datasets", "import", str(second), "--name", "taza"]) == 0
        for name, url in cluster_of_replicas.urls().items():  # no restart: shared store
            assert _view(page, url, v2, f"replicas-{name}-v2.png") == (v2, "8")
    finally:
        contexts.close()


def _data_page_caption(context, url: str) -> str:
    page = context.new_page()
    page.goto(f"{url}/data?dataset=taza")
    caption = page.get_by_text(re.compile(r"^(Connecté·e|Consultation) : ")).first
    caption.wait_for(timeout=90_000)
    text = caption.inner_text()
    page.close()
    return text


def test_nginx_user_is_an_editor_or_a_viewer(cluster_of_replicas, browser, tmp_path,
                                             capsys) -> None:
    """amina (group taghtia-editors in deploy/nginx.conf) edits, karim reads; a browser
    that goes round nginx and forges the headers is an anonymous viewer; without a password
    nginx answers 401."""
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(cluster_of_replicas.url, timeout=30)
    assert refused.value.code == 401

    workbook = tmp_path / "taza.xlsx"
    workbook.write_bytes(workbook_bytes(count=12))
    assert main(["datasets", "import", str(workbook), "--name", "taza"]) == 0
    capsys.readouterr()
    contexts = _Contexts(browser)
    try:
        assert _data_page_caption(contexts.login("amina"), cluster_of_replicas.url) \
            .startswith("Connecté·e : amina")
        assert _data_page_caption(contexts.login("karim"), cluster_of_replicas.url) \
            .startswith("Consultation : karim")
        forged = contexts.new(extra_http_headers={
            "X-Forwarded-User": "amina", "X-Forwarded-Groups": "taghtia-editors"})
        direct = cluster_of_replicas.replicas[0].url
        assert _data_page_caption(forged, direct).startswith("Consultation : anonymous")
    finally:
        contexts.close()


def _with_websocket(cluster: Cluster) -> list:
    """The replicas holding a connection from nginx (a websocket: nginx closes its other
    upstream connections after each request)."""
    import psutil

    from tests.support.replicas import PROXY_ADDRESS

    ports = {c.laddr.port for c in psutil.net_connections(kind="tcp")
             if c.status == psutil.CONN_ESTABLISHED and c.raddr
             and c.raddr.ip == PROXY_ADDRESS}
    return [r for r in cluster.replicas if r.port in ports]


def test_killed_replica_hands_the_view_to_the_other(cluster_of_replicas, browser, tmp_path,
                                                    capsys) -> None:
    """kill -9 the replica serving a browser: the page reconnects through nginx to the other
    replica and shows the same view (dataset, territory) from its URL."""
    import signal

    workbook = tmp_path / "taza.xlsx"
    workbook.write_bytes(workbook_bytes(count=12))
    assert main(["datasets", "import", str(workbook), "--name", "taza"]) == 0
    capsys.readouterr()
    v1 = "Jeu de données : taza v1 — 12 centres, 12 subventions"
    contexts = _Contexts(browser)
    try:
        page = contexts.login().new_page()
        assert _view(page, cluster_of_replicas.url, v1, "failover-before.png") == (v1, "12")
        url = page.url
        [victim] = _with_websocket(cluster_of_replicas)
        [survivor] = [r for r in cluster_of_replicas.replicas if r is not victim]
        os.killpg(victim.process.pid, signal.SIGKILL)
        victim.process.wait(timeout=30)
        # Streamlit's page reconnects by itself; nginx sends it to the live replica
        deadline = time.monotonic() + 120
        while _with_websocket(cluster_of_replicas) != [survivor]:
            if time.monotonic() > deadline:
                raise AssertionError("the page did not reconnect to the other replica")
            time.sleep(0.5)
        card = page.locator('[data-testid="stMetric"]', has_text="Centres en activité")
        card.locator('[data-testid="stMetricValue"]').wait_for(timeout=90_000)
        _map_drawn(page)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "failover-after.png"))
        assert page.url == url and "territory=03.561" in url
        assert page.get_by_text(v1).first.inner_text() == v1
        assert card.locator('[data-testid="stMetricValue"]').inner_text() == "12"
    finally:
        contexts.close()
