"""Ten people at once: concurrent browser sessions on one ``taghtia run`` server.

:func:`concurrent_sessions` starts the app (the tests' harness, :mod:`tests.support.server`),
opens ``sessions`` Chromium contexts at the same time (Playwright's async API, one browser)
and has each visit every page at national level and change the centre-type filter twice on
the Coverage page (as links, ``?types=eps`` then ``?types=cef``: each a script run with new
filters; the sidebar's list, clicked by ten pages at once, did not open reliably). It
reports the server's peak resident memory (``VmHWM``), every script
run's time as the browser sees it (from the page asking for a run to the server saying it
finished: server time plus loopback), its median and 95th percentile, and the errors seen
(an exception box on a page, a page that never finished).
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import time

from benchmarks.bench_app import CHROMIUM, memory_mb
from dashboard.app.pages import PAGES, path_of
from tests.support.browser import CHROMIUM_ARGS
from tests.support.server import Server

__all__ = ["concurrent_sessions"]

FILTER_CHANGES = ("eps", "cef")  # centre types picked on the Coverage page, in turn
ERRORS_JS = ("document.querySelectorAll(\"[data-testid='stException'], "
             "[data-testid='stAlertContentError']\").length")


class _Runs:
    """Script runs of one page, from the websocket: rerun asked (BackMsg ``rerun_script``)
    to ``script_finished`` (ForwardMsg)."""

    def __init__(self, durations: list[float]) -> None:
        self.durations = durations
        self.asked: float | None = None
        self.finished = 0

    def attach(self, page) -> None:
        page.on("websocket", lambda ws: (ws.on("framesent", self._sent),
                                         ws.on("framereceived", self._received)))

    def _sent(self, payload) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        with contextlib.suppress(Exception):
            message = BackMsg()
            message.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
            if message.WhichOneof("type") == "rerun_script":
                self.asked = time.perf_counter()

    def _received(self, payload) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        with contextlib.suppress(Exception):
            message = ForwardMsg()
            message.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
            if message.WhichOneof("type") == "script_finished":
                self.finished += 1
                if self.asked is not None:
                    self.durations.append(time.perf_counter() - self.asked)
                    self.asked = None

    async def wait(self, count: int, timeout_s: float) -> None:
        deadline = time.perf_counter() + timeout_s
        while self.finished < count:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"a script run did not finish within {timeout_s:.0f} s")
            await asyncio.sleep(0.1)


async def _session(browser, url: str, pages: tuple[str, ...], durations: list[float],
                   errors: list[str], timeout_s: float) -> None:
    context = await browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        for name in pages:
            page = await context.new_page()
            runs = _Runs(durations)
            runs.attach(page)
            try:
                await page.goto(f"{url}/{path_of(name)}", wait_until="commit")
                await runs.wait(1, timeout_s)
                if name == "coverage":  # two filter changes, as links: each a new run
                    for types in FILTER_CHANGES:
                        done = runs.finished
                        await page.goto(f"{url}/{path_of(name)}?types={types}", wait_until="commit")
                        await runs.wait(done + 1, timeout_s)
                await page.wait_for_timeout(300)
                shown = await page.evaluate(ERRORS_JS)
                if shown:
                    errors.append(f"{name}: {shown} error box(es)")
            except Exception as error:  # counted, the other sessions go on
                errors.append(f"{name}: {type(error).__name__}: {error}".splitlines()[0])
            finally:
                await page.close()
    finally:
        await context.close()


async def _all_sessions(server: Server, sessions: int, pages: tuple[str, ...],
                        timeout_s: float) -> dict:
    from playwright.async_api import async_playwright

    durations: list[float] = []
    errors: list[str] = []
    peak = {"rss_mb": 0.0}

    async def sample() -> None:
        while True:
            peak["rss_mb"] = max(peak["rss_mb"], memory_mb(server)["rss_mb"])
            await asyncio.sleep(0.5)

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                   args=CHROMIUM_ARGS)
        sampler = asyncio.ensure_future(sample())
        start = time.perf_counter()
        try:
            await asyncio.gather(*(_session(browser, server.url, pages, durations, errors,
                                            timeout_s) for _ in range(sessions)))
        finally:
            sampler.cancel()
            await browser.close()
        elapsed = time.perf_counter() - start
    ordered = sorted(durations)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] \
        if ordered else None
    return {"sessions": sessions, "pages": list(pages), "seconds": round(elapsed, 1),
            "script_runs": len(durations),
            "rerun_median_s": round(statistics.median(ordered), 3) if ordered else None,
            "rerun_p95_s": round(p95, 3) if p95 is not None else None,
            "rerun_max_s": round(ordered[-1], 3) if ordered else None,
            "errors": errors, "sampled_rss_mb": round(peak["rss_mb"], 1)}


def concurrent_sessions(sessions: int = 10, pages: tuple[str, ...] = PAGES,
                        timeout_s: float = 300.0) -> dict:
    """Start the app and run ``sessions`` browser sessions at once (see the module).

    Returns
    -------
    dict
        ``peak_rss_mb`` (VmHWM of the server), ``rerun_median_s``, ``rerun_p95_s``,
        ``rerun_max_s``, ``script_runs``, ``errors`` (list of str), ``seconds``.
    """
    server = Server()
    try:
        server.start(timeout_s)
        result = asyncio.run(_all_sessions(server, sessions, pages, timeout_s))
        result.update(memory_mb(server))
        result["server_alive"] = server.process is not None and server.process.poll() is None
    finally:
        server.stop()
    return result
