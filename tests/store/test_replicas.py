"""Two ``taghtia run`` replicas behind nginx (``deploy/nginx.conf``, ``ip_hash``) sharing one
PostGIS store: a dataset imported with the command line is shown by both, and a new version
reaches both without a restart.

Everything is started by the test on 127.0.0.1 free ports and stopped after: a throwaway
PostgreSQL cluster, the two replicas, nginx (Debian's, with the shipped server block and a
config of its own in a temporary folder) and headless Chromium. Missing nginx or Chromium
skip the test, unless ``TAGHTIA_REQUIRE_BROWSER=1`` (``make test``), where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from samples import workbook_bytes

from dashboard.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]

pytestmark = pytest.mark.browser


def _unavailable(reason: str) -> None:
    if os.environ.get("TAGHTIA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"replica test required (TAGHTIA_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _wait(url: str, process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not _healthy(url):
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"{url} did not answer; log:\n{log.read_text()[-1500:]}")
        time.sleep(0.5)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


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
    chromium = os.environ.get("TAGHTIA_CHROMIUM") or shutil.which("chromium") or \
        "/usr/bin/chromium"
    if not Path(chromium).exists():
        _unavailable("Debian's chromium is not installed")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    return nginx, chromium


@pytest.fixture
def cluster_of_replicas(postgis_url, tools, tmp_path) -> Iterator[dict[str, str]]:
    """Two replicas and nginx in front; yields their base URLs."""
    nginx, _ = tools
    processes: list[subprocess.Popen] = []
    ports = [_free_port(), _free_port()]
    urls: dict[str, str] = {}
    try:
        for index, port in enumerate(ports, start=1):
            log = tmp_path / f"replica{index}.log"
            with open(log, "w") as out:
                processes.append(subprocess.Popen(
                    [sys.executable, "-m", "dashboard.cli", "run", "--port", str(port),
                     "--address", "127.0.0.1"], cwd=ROOT, stdout=out,
                    stderr=subprocess.STDOUT, start_new_session=True))
            urls[f"replica{index}"] = f"http://127.0.0.1:{port}"
        for index, process in enumerate(processes, start=1):
            _wait(urls[f"replica{index}"], process, tmp_path / f"replica{index}.log")
        folder = tmp_path / "nginx"
        folder.mkdir()
        port = _free_port()
        config = nginx_config(folder, port, ports)
        check = subprocess.run([nginx, "-t", "-p", str(folder), "-c", str(config)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        log = folder / "stdout.log"
        with open(log, "w") as out:
            processes.append(subprocess.Popen(
                [nginx, "-p", str(folder), "-c", str(config), "-g", "daemon off;"],
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True))
        urls["nginx"] = f"http://127.0.0.1:{port}"
        _wait(urls["nginx"], processes[-1], folder / "error.log", timeout=30)
        yield urls
    finally:
        for process in reversed(processes):
            _stop(process)


def _map_drawn(page, timeout: float = 90) -> None:
    """Wait for the Leaflet map of Taza's 38 communes (drawn in the component's frame)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                if frame.locator("path.taghtia-unit").count() >= 38:
                    return
            except Exception:  # frame detached while re-rendering
                continue
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


def test_replicas_behind_nginx_share_the_store(cluster_of_replicas, tools, tmp_path,
                                               capsys) -> None:
    from playwright.sync_api import sync_playwright

    first, second = tmp_path / "taza.xlsx", tmp_path / "taza_v2.xlsx"
    first.write_bytes(workbook_bytes(count=12))
    second.write_bytes(workbook_bytes(count=8))
    assert main(["datasets", "import", str(first), "--name", "taza"]) == 0
    capsys.readouterr()
    v1 = "Jeu de données : taza v1 — 12 centres, 12 subventions"
    v2 = "Jeu de données : taza v2 — 8 centres, 8 subventions"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=tools[1], args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            for name, url in cluster_of_replicas.items():
                assert _view(page, url, v1, f"replicas-{name}-v1.png") == (v1, "12")
            assert main(["datasets", "import", str(second), "--name", "taza"]) == 0
            for name, url in cluster_of_replicas.items():  # no restart: the store is shared
                assert _view(page, url, v2, f"replicas-{name}-v2.png") == (v2, "8")
        finally:
            browser.close()
