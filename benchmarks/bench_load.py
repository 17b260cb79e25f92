"""Load: concurrent browser sessions through nginx and two replicas.

The deployment of ``deploy/`` started on this machine (:func:`tests.support.replicas.
replicas_behind_nginx`: two ``taghtia run`` replicas sharing one store, nginx in front with the
shipped configuration), then ``sessions`` Chromium sessions (one browser, one context per
session, Playwright's async API; they arrive over ``ramp_s`` seconds), each signed in
through nginx's ``auth_basic`` and, until ``seconds`` have passed, opening a page and
changing a filter (a centre type in the sidebar).

Measured: errors (a page or a rerun that did not finish in time, an error box of the app, an
HTTP 5xx from nginx), the time of each filter change (from the click to the server's
``script_finished`` message on the session's websocket), how the sessions spread over the
replicas (most websockets each held at once), the peak resident memory of each replica
(``VmHWM``) and its resident memory ``settle_s`` after the sessions closed.

Every client of this benchmark comes from 127.0.0.1, and the shipped ``ip_hash`` keeps a whole
/24 on one replica: the benchmark's nginx hashes on a per-session cookie instead
(``hash $cookie_taghtia_load consistent``), the same affinity per client that ``ip_hash``
gives distinct users.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import statistics
import tempfile
import time
from pathlib import Path

from dashboard.app.pages import MAP_PAGES, PLANNER_PAGES, path_of
from tests.support.browser import CHROMIUM_ARGS
from tests.support.replicas import USERS, replicas_behind_nginx

CHROMIUM = "/usr/bin/chromium"
AFFINITY = "hash $cookie_taghtia_load consistent;"
BROWSED = tuple(page for page in MAP_PAGES if page not in PLANNER_PAGES)

__all__ = ["run"]


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _memory(pid: int) -> dict[str, float]:
    rss = peak = 0.0
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return {"rss_mb": round(rss, 1), "peak_rss_mb": round(max(rss, peak), 1)}


class _Session:
    """One user: a browser context, its websocket's finished scripts, its errors."""

    def __init__(self, index: int) -> None:
        self.index = index
        self.finished = 0
        self.errors: list[str] = []
        self.filter_s: list[float] = []
        self.pages = 0

    def on_frame(self, payload) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        data = payload if isinstance(payload, bytes) else payload.encode("utf-8")
        with contextlib.suppress(Exception):
            message = ForwardMsg()
            message.ParseFromString(data)
            if message.WhichOneof("type") == "script_finished":
                self.finished += 1

    def on_response(self, response) -> None:
        if response.status >= 500:
            self.errors.append(f"HTTP {response.status} {response.url}")

    async def wait_finished(self, page, count: int, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while self.finished < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no script_finished within {timeout_s:.0f} s")
            await page.wait_for_timeout(25)


async def _app_errors(page) -> int:
    return await page.locator('[data-testid="stException"]').count() + await page.get_by_text(
        re.compile(r"Un problème est survenu en affichant cette vue")).count()


async def _open_filter(page, timeout_s: float) -> object:
    sidebar = page.locator("[data-testid='stSidebar']")
    select = sidebar.locator("[data-testid='stMultiSelect']").first
    options = page.locator("[role='option']")
    for _ in range(4):
        if not await select.is_visible():
            await sidebar.locator("[data-testid='stExpander'] summary").first.click()
            await select.wait_for(state="visible", timeout=timeout_s * 1000)
        await select.click()
        try:
            await options.first.wait_for(timeout=timeout_s * 1000)
            break
        except Exception:  # the sidebar re-rendered under the click; try again
            await page.keyboard.press("Escape")
            await page.wait_for_timeout(500)
    else:
        raise TimeoutError("the centre-type list did not open")
    if "all" in (await options.first.inner_text()).lower() and await options.count() > 1:
        return options.nth(1)
    return options.first


async def _user(browser, url: str, session: _Session, deadline: float,
                timeout_s: float, delay_s: float) -> None:
    await asyncio.sleep(delay_s)  # users arrive one after another, not in the same instant
    user = "karim"  # a viewer: what most sessions are
    context = await browser.new_context(
        viewport={"width": 1300, "height": 900},
        http_credentials={"username": user, "password": USERS[user]})
    await context.add_cookies([{"name": "taghtia_load", "value": f"session-{session.index}",
                                "url": url}])
    context.set_default_timeout(timeout_s * 1000)
    page = await context.new_page()
    page.on("websocket", lambda ws: ws.on("framereceived", session.on_frame))
    page.on("response", session.on_response)
    turn = session.index
    try:
        while time.monotonic() < deadline:
            name = BROWSED[turn % len(BROWSED)]
            turn += 1
            try:
                before = session.finished
                await page.goto(f"{url}/{path_of(name)}", wait_until="commit",
                                timeout=timeout_s * 1000)
                await session.wait_finished(page, before + 1, timeout_s)
                session.pages += 1
                option = await _open_filter(page, timeout_s / 4)
                await page.wait_for_timeout(300)
                before = session.finished
                start = time.perf_counter()
                await option.click()
                await session.wait_finished(page, before + 1, timeout_s)
                session.filter_s.append(time.perf_counter() - start)
                await page.keyboard.press("Escape")
                if await _app_errors(page):
                    session.errors.append(f"error box on {name}")
            except Exception as error:  # counted, and the session goes on
                session.errors.append(f"{name}: {type(error).__name__}: "
                                      f"{str(error).splitlines()[0][:160]}")
    finally:
        await context.close()


async def _drive(url: str, sessions: list[_Session], seconds: float, timeout_s: float,
                 chromium: str, ramp_s: float) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium,
                                                   args=CHROMIUM_ARGS)
        try:
            deadline = time.monotonic() + ramp_s + seconds
            step = ramp_s / max(1, len(sessions))
            await asyncio.gather(*(_user(browser, url, s, deadline, timeout_s, i * step)
                                   for i, s in enumerate(sessions)))
        finally:
            await browser.close()


def _websockets(ports: list[int]) -> list[int]:
    """Connections from nginx held by each replica now (its sessions' websockets: nginx
    closes its other upstream connections after each request), from ``/proc/net/tcp``."""
    from tests.support.replicas import PROXY_ADDRESS

    proxy = "".join(f"{int(part):02X}" for part in reversed(PROXY_ADDRESS.split(".")))
    held: list[int] = []
    with contextlib.suppress(OSError):
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            fields = line.split()
            local, remote, state = fields[1], fields[2], fields[3]
            if state == "01" and remote.startswith(proxy + ":"):
                held.append(int(local.split(":")[1], 16))
    return [held.count(port) for port in ports]


class ReplicaWatch:
    """Each replica's peak resident memory and most websockets held at once, read every second
    while a load runs (:meth:`during`)."""

    def __init__(self, pids: list[int], ports: list[int]) -> None:
        self.pids, self.ports = pids, ports
        self.peaks = [0.0 for _ in pids]
        self.sockets = [0 for _ in pids]

    async def during(self, work) -> None:
        """Await ``work`` (a coroutine), sampling until it ends."""
        done = asyncio.Event()

        async def sample() -> None:
            while not done.is_set():
                for i, (pid, held) in enumerate(zip(self.pids, _websockets(self.ports),
                                                    strict=True)):
                    self.peaks[i] = max(self.peaks[i], _memory(pid)["peak_rss_mb"])
                    self.sockets[i] = max(self.sockets[i], held)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(done.wait(), 1)

        sampler = asyncio.create_task(sample())
        try:
            await work
        finally:
            done.set()
            await sampler


def run(sessions: int = 20, seconds: float = 90.0, settle_s: float = 60.0,
        timeout_s: float = 180.0, ramp_s: float = 30.0, chromium: str = CHROMIUM) -> dict:
    """Run the load and return its figures (see the module docstring): the sessions start
    over ``ramp_s`` seconds, then all run together for ``seconds``."""
    home = Path(tempfile.mkdtemp(prefix="taghtia-load-home-"))
    users = [_Session(i) for i in range(sessions)]
    with replicas_behind_nginx(2, env={"TAGHTIA_HOME": str(home)},
                               affinity=AFFINITY) as cluster:
        pids = [r.process.pid for r in cluster.replicas]
        ports = [r.port for r in cluster.replicas]
        started = [_memory(pid) for pid in pids]
        watch = ReplicaWatch(pids, ports)

        async def main() -> None:
            await watch.during(_drive(cluster.url, users, seconds, timeout_s, chromium, ramp_s))

        begin = time.perf_counter()
        asyncio.run(main())
        elapsed = time.perf_counter() - begin
        closed = [_memory(pid) for pid in pids]
        time.sleep(settle_s)
        settled = [_memory(pid) for pid in pids]
    changes = [s for user in users for s in user.filter_s]
    errors = [e for user in users for e in user.errors]
    return {
        "sessions": sessions, "seconds": seconds, "ramp_s": ramp_s,
        "elapsed_s": round(elapsed, 1),
        "settle_s": settle_s, "pages_opened": sum(u.pages for u in users),
        "filter_changes": len(changes), "errors": len(errors), "error_samples": errors[:10],
        "filter_p50_s": _round(statistics.median(changes) if changes else None),
        "filter_p95_s": _round(_percentile(changes, 0.95)),
        "filter_max_s": _round(max(changes) if changes else None),
        "replicas": [{"start_rss_mb": s["rss_mb"],
                      "peak_rss_mb": round(max(p, c["peak_rss_mb"]), 1),
                      "rss_at_close_mb": c["rss_mb"], "rss_after_settle_mb": a["rss_mb"]}
                     for s, p, c, a in zip(started, watch.peaks, closed, settled, strict=True)],
        "websockets_per_replica": watch.sockets,
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
