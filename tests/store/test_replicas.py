"""Two ``taghtia run`` replicas behind nginx (``deploy/nginx.conf``, ``ip_hash``) sharing one
PostGIS store: a dataset imported with the command line is shown by both, and a new version
reaches both without a restart.

Everything is started by the test on 127.0.0.1 free ports (:mod:`tests.support.server`) and
stopped after: a throwaway
PostgreSQL cluster, the two replicas, nginx (Debian's, with the shipped server block and a
config of its own in a temporary folder) and headless Chromium. Missing nginx or Chromium
skip the test, unless ``TAGHTIA_REQUIRE_BROWSER=1`` (``make test``), where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.cli import main
from tests.store.samples import workbook_bytes
from tests.support.browser import chromium_path, map_frame
from tests.support.server import Server, free_port

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"

pytestmark = pytest.mark.browser


def _unavailable(reason: str) -> None:
    if os.environ.get("TAGHTIA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"replica test required (TAGHTIA_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(reason)


def nginx_config(folder: Path, port: int, replicas: list[int]) -> Path:
    """A complete nginx.conf around the shipped ``deploy/nginx.conf`` blocks: the replicas'
    ports, a loopback listen port, and logs, pid and temporary files in ``folder``."""
    shipped = (ROOT / "deploy" / "nginx.conf").read_text()
    servers = "".join(f"    server 127.0.0.1:{p};\n" for p in replicas)
    blocks = re.sub(r"(    server 127\.0\.0\.1:\d+;\n)+", servers, shipped)
    blocks = blocks.replace("listen 80;", f"listen 127.0.0.1:{port};")
    assert "ip_hash;" in blocks and servers in blocks and f":{port};" in blocks
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / name).mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""
    config = folder / "nginx.conf"
    config.write_text(f"""{user}worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
{blocks}
}}
""")
    return config


@pytest.fixture
def tools() -> tuple[str, str]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        _unavailable("Debian's nginx is not installed (make nginx)")
    chromium = chromium_path()
    if chromium is None:
        _unavailable("Debian's chromium is not installed")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    return nginx, str(chromium)


@pytest.fixture
def cluster_of_replicas(postgis_url, tools, tmp_path) -> Iterator[dict[str, str]]:
    """Two replicas and nginx in front (each in its own process group, see
    :mod:`tests.support.server`); yields their base URLs."""
    nginx, _ = tools
    replicas = [Server(), Server()]
    servers = list(replicas)
    try:
        for replica in replicas:  # side by side, then each waited for
            replica.launch()
        for replica in replicas:
            replica.wait_healthy()
        folder = tmp_path / "nginx"
        folder.mkdir()
        port = free_port()
        config = nginx_config(folder, port, [replica.port for replica in replicas])
        check = subprocess.run([nginx, "-t", "-p", str(folder), "-c", str(config)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        proxy = Server(port=port, command=[nginx, "-p", str(folder), "-c", str(config),
                                           "-g", "daemon off;"])
        servers.append(proxy)
        proxy.start(timeout_s=30)
        yield {"replica1": replicas[0].url, "replica2": replicas[1].url, "nginx": proxy.url}
    finally:
        for server in reversed(servers):
            server.stop()


def _view(page, url: str, expected: str, shot: str) -> tuple[str, str]:
    """Open Taza on ``url`` with ``?dataset=taza``; the dataset line and the operating
    centres card once the page has drawn ``expected`` and its map."""
    page.goto(f"{url}/?dataset=taza&territory=03.561")
    page.get_by_text(expected).first.wait_for(timeout=90_000)
    card = page.locator('[data-testid="stMetric"]', has_text="Centres en activité")
    card.locator('[data-testid="stMetricValue"]').wait_for(timeout=60_000)
    map_frame(page, 38)
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
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    try:
        page = context.new_page()
        for name, url in cluster_of_replicas.items():
            assert _view(page, url, v1, f"replicas-{name}-v1.png") == (v1, "12")
        assert main(["datasets", "import", str(second), "--name", "taza"]) == 0
        for name, url in cluster_of_replicas.items():  # no restart: the store is shared
            assert _view(page, url, v2, f"replicas-{name}-v2.png") == (v2, "8")
    finally:
        context.close()
