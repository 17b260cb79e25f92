"""Territory change as a person feels it: from the click on a region in the sidebar to the
region's communes drawn on the map, in Chromium.

``taghtia run`` is started for real; for each run a new browser context (a new user: empty
cache) opens the app, waits for the national map to be drawn and the page to settle, then
opens the sidebar's region selector and clicks a region's option. The time is the browser's:
from the click event on the option (``performance.timeOrigin + event.timeStamp``, recorded by a
capturing listener in the page) to the moment the map's canvas recorded drawing the region's
communes (``window.taghtiaDrawnAt()`` in the map's frame, once ``window.taghtiaUnits()`` lists
exactly the region's communes). Each run picks another region, so the server meets each one
for the first time too.

Each run also records a timeline, in the same clock (the machine's): the ``rerun_script``
message sent, the first and last messages of the server's run (``new_session``,
``script_finished``), the map component's message, the map frame's document and the data files
it fetched; :func:`run` returns them so that the time can be split into the server's run, the
round trips and the browser's work.
"""

from __future__ import annotations

import contextlib
import statistics
import time

from benchmarks.bench_app import CHROMIUM
from tests.support.browser import CHROMIUM_ARGS
from tests.support.server import running

REGIONS: tuple[tuple[str, str], ...] = (("03", "Fès-Meknès"), ("02", "Oriental"),
                                       ("09", "Souss-Massa"), ("05", "Béni Mellal-Khénifra"),
                                       ("01", "Tanger-Tétouan-Al Hoceïma"))
NATIONAL_UNITS = 1503
SIDEBAR_SELECT = '[data-testid="stSidebar"] [data-testid="stSelectbox"]'
CLICK_JS = """() => {
  window.__taghtiaClicks = [];
  document.addEventListener('click', function (event) {
    window.__taghtiaClicks.push(performance.timeOrigin + event.timeStamp);
  }, true);
}"""
FRAME_STATE_JS = """() => [window.taghtiaUnits ? window.taghtiaUnits().length : -1,
                         window.taghtiaDrawnAt ? window.taghtiaDrawnAt() : null]"""

__all__ = ["REGIONS", "run"]


class _Timeline:
    """What happened when, in seconds since the epoch (this machine's clock)."""

    def __init__(self) -> None:
        self.events: list[tuple[float, str]] = []

    def mark(self, what: str) -> None:
        self.events.append((time.time(), what))

    def attach(self, page) -> None:
        page.on("websocket", self._on_socket)
        page.on("request", lambda r: self.mark(f"request {_short(r.url)}"))
        page.on("requestfinished", lambda r: self.mark(f"fetched {_short(r.url)}"))
        page.on("frameattached", lambda f: self.mark("frame attached"))

    def _on_socket(self, ws) -> None:
        ws.on("framereceived", self._received)
        ws.on("framesent", self._sent)

    def _received(self, payload) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        with contextlib.suppress(Exception):
            message = ForwardMsg()
            message.ParseFromString(payload if isinstance(payload, bytes)
                                    else payload.encode("utf-8"))
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element.WhichOneof("type")
                if element == "component_instance":
                    self.mark(f"received map component ({len(payload):,} bytes)")
            elif kind in ("new_session", "script_finished"):
                self.mark(f"received {kind}")

    def _sent(self, payload) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        with contextlib.suppress(Exception):
            message = BackMsg()
            message.ParseFromString(payload if isinstance(payload, bytes)
                                    else payload.encode("utf-8"))
            self.mark(f"sent {message.WhichOneof('type')}")

    def since(self, origin: float) -> list[tuple[float, str]]:
        return [(round(at - origin, 3), what) for at, what in self.events if at >= origin]


def _short(url: str) -> str:
    path = url.split("?", 1)[0]
    return path.rsplit("/", 1)[-1] or path


def _drawn(page, units: int, after_s: float) -> float | None:
    """When a frame of ``page`` drew exactly ``units`` units, after ``after_s`` (epoch s)."""
    for frame in page.frames:
        with contextlib.suppress(Exception):
            count, drawn_at = frame.evaluate(FRAME_STATE_JS)
            if count == units and drawn_at and drawn_at / 1000 >= after_s:
                return drawn_at / 1000
    return None


def _wait_drawn(page, units: int, after_s: float, timeout_s: float) -> float:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        at = _drawn(page, units, after_s)
        if at is not None:
            return at
        page.wait_for_timeout(25)
    raise TimeoutError(f"{units} units not drawn within {timeout_s:.0f} s")


def _settle(page, quiet_ms: int = 1000, timeout_s: float = 60.0) -> None:
    """Wait until no request nor websocket frame for ``quiet_ms`` (the page has finished
    loading what its first view needs)."""
    last = [time.monotonic()]

    def seen(*_args) -> None:
        last[0] = time.monotonic()

    page.on("request", seen)
    page.on("requestfinished", seen)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and time.monotonic() - last[0] < quiet_ms / 1000:
        page.wait_for_timeout(100)
    page.remove_listener("request", seen)
    page.remove_listener("requestfinished", seen)


def _one_change(browser, url: str, code: str, name: str, units: int,
                timeout_s: float) -> dict:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        page = context.new_page()
        timeline = _Timeline()
        timeline.attach(page)
        page.goto(url, wait_until="commit")
        _wait_drawn(page, NATIONAL_UNITS, 0, timeout_s)
        _settle(page)
        page.evaluate(CLICK_JS)
        page.locator(SIDEBAR_SELECT).nth(1).click()
        option = page.get_by_role("option", name=name, exact=True)
        option.wait_for(timeout=timeout_s * 1000)
        page.evaluate("() => { window.__taghtiaClicks = []; }")
        option.click()
        clicks = page.evaluate("() => window.__taghtiaClicks")
        if not clicks:
            raise RuntimeError("the click on the region's option was not seen by the page")
        clicked = clicks[0] / 1000
        drawn = _wait_drawn(page, units, clicked, timeout_s)
        events = timeline.since(clicked)
        message = next((at for at, what in events if what.startswith("received map")), None)
        return {"region": code, "name": name, "units": units,
                "click_to_drawn_s": round(drawn - clicked, 3), "map_message_s": message,
                "timeline": [*events, (round(drawn - clicked, 3),
                                                        "region's communes drawn")]}
    finally:
        context.close()


def run(runs: int = 3, timeout_s: float = 120.0, chromium: str = CHROMIUM) -> dict:
    """``runs`` territory changes (Morocco → a region), each by a new user and to a region
    not shown before on this server; the median and every run's time and timeline."""
    from playwright.sync_api import sync_playwright

    import geodata
    from geodata.hierarchy import units_within

    communes = geodata.load_units("commune", detail="web")
    changes = []
    with running() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            for code, name in REGIONS[:runs]:
                changes.append(_one_change(browser, server.url, code, name,
                                           len(units_within(communes, code)), timeout_s))
        finally:
            browser.close()
    times = [c["click_to_drawn_s"] for c in changes]
    return {"runs": len(changes), "click_to_drawn_s": round(statistics.median(times), 3),
            "all_s": times, "changes": changes}
