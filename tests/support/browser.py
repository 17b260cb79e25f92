"""Driving the dashboard in Debian's Chromium through Playwright: waits that fail on timeout.

Every helper waits on something the page does (an element appearing, Streamlit's status
widget staying away, the map's units being drawn) and raises :class:`AssertionError` with
what it was waiting for when that does not happen in time; none returns silently.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
MAP_IFRAME = "iframe[title='streamlit_folium.st_folium']"
# The map draws its units and centres on a canvas (no element per unit): its runtime lists
# those drawn on screen (``taghtiaUnits`` / ``taghtiaCentres`` in static/js/taghtia.js).
# Asked on an animation frame, after the canvas's own redraw of that frame (a redraw asked
# by a hover or a resize is pending between frames, and a unit counts only once drawn).
UNITS_JS = """(options) => new Promise(done => requestAnimationFrame(() =>
    done(window.taghtiaUnits ? window.taghtiaUnits(options) : [])))"""
CENTRES_JS = """() => new Promise(done => requestAnimationFrame(() =>
    done(window.taghtiaCentres ? window.taghtiaCentres() : [])))"""
SETTLED_JS = """() => new Promise(done => requestAnimationFrame(() =>
    requestAnimationFrame(() => done(true))))"""
"""Two animation frames later: what a scroll or a change asked for has been drawn."""
FRAME_WAIT_MS = 5000
"""How long a frame is given to answer one of these. A frame that does not render (being
replaced by a rerun, say) never reaches its next animation frame, and ``evaluate`` has no
timeout of its own: the test would wait for ever."""


def on_next_frame(frame, script: str, arg: object = None) -> object:
    """What ``script`` (a function returning a promise) answers in ``frame``, or None when
    it has not answered within :data:`FRAME_WAIT_MS` (Playwright's own timeout, kept by the
    driver however stuck the frame is: a function whose promise is the condition of
    ``wait_for_function``)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        return frame.wait_for_function(script, arg=arg, timeout=FRAME_WAIT_MS).json_value()
    except PlaywrightTimeout:
        return None

# Streamlit shows its status widget while a script runs; the app is ready once the widget
# has stayed away for ``quiet`` milliseconds (polled on animation frames in the page).
_QUIET_JS = """(quiet) => {
    const now = performance.now();
    if (document.querySelector('[data-testid="stStatusWidget"]')) {
        window.__taghtiaBusyAt = now;
        return false;
    }
    if (window.__taghtiaBusyAt === undefined) { window.__taghtiaBusyAt = now; }
    return now - window.__taghtiaBusyAt >= quiet;
}"""

# The Leaflet map of a folium page: the global that is an L.Map (``map`` in streamlit-folium)
_VIEW_JS = """() => {
    const name = Object.keys(window).find((key) => {
        try { return window[key] instanceof L.Map; } catch (error) { return false; }
    });
    if (!name) { return null; }
    const map = window[name], centre = map.getCenter();
    return {lat: centre.lat, lng: centre.lng, zoom: map.getZoom()};
}"""

__all__ = ["CHROMIUM_ARGS", "MAP_IFRAME", "centre_point", "centre_points", "chromium_path",
           "ctrl_wheel", "drawn_units", "frames_drawing", "map_frame", "map_view", "unit_point",
           "wait_ready", "when_settled"]


def chromium_path() -> Path | None:
    """Debian's chromium (``TAGHTIA_CHROMIUM`` overrides), or None when absent."""
    path = os.environ.get("TAGHTIA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return Path(path) if Path(path).exists() else None


def wait_ready(page, timeout: float = 90, quiet_ms: int = 600) -> None:
    """Wait for the page title and for Streamlit to finish running the script.

    Raises
    ------
    AssertionError
        When no ``h1`` appears, or the app is still running, after ``timeout`` seconds.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_selector("h1", timeout=timeout * 1000)
    except PlaywrightTimeout:
        raise AssertionError(f"no page title after {timeout} s") from None
    page.evaluate("() => { window.__taghtiaBusyAt = undefined; }")
    try:
        page.wait_for_function(_QUIET_JS, arg=quiet_ms, timeout=timeout * 1000, polling="raf")
    except PlaywrightTimeout:
        raise AssertionError(f"the app was still running after {timeout} s") from None


def drawn_units(frame, points: bool = False) -> list[dict]:
    """Units the map in ``frame`` has drawn on screen: ``{"code", "box"}`` each, ``box`` as
    ``[left, top, right, bottom]`` in the frame's CSS pixels (and ``"point"``, a point inside
    the unit, with ``points``); an empty list when the frame has no Taghtia map."""
    return on_next_frame(frame, UNITS_JS, {"points": points}) or []


def _to_page(frame, x: float, y: float) -> tuple[float, float]:
    """A point of ``frame``'s viewport in the page's (where the mouse moves)."""
    if not frame.parent_frame:
        return x, y
    box = frame.frame_element().bounding_box()
    if box is None:
        raise AssertionError("the map's iframe is not laid out")
    return x + box["x"], y + box["y"]


def _in_view(frame) -> None:
    """Scroll the page so that the map's iframe is in the middle of the window (the mouse
    can only reach what is on screen), and let the map settle."""
    if frame.parent_frame:
        frame.frame_element().evaluate(
            "element => element.scrollIntoView({block: 'center', inline: 'center'})")
        on_next_frame(frame, SETTLED_JS)


def unit_point(frame, code: str, room: float = 3.0) -> tuple[float, float]:
    """A point inside unit ``code`` as drawn, in the page's coordinates, the map scrolled
    into view: where a person puts the pointer to hover or click it, at least ``room``
    pixels from its outline and from any centre marker. A unit too small for that on
    screen is zoomed in on first (Ctrl + the mouse wheel over it), as a person would."""
    _in_view(frame)
    for _ in range(4):
        units = on_next_frame(frame, UNITS_JS, {"points": True, "code": code}) or []
        if not units:
            raise AssertionError(f"unit {code} is not drawn on the map")
        unit = units[0]
        if unit.get("point") and unit["room"] >= room:
            return _to_page(frame, *unit["point"])
        left, top, right, bottom = unit["box"]
        frame.page.mouse.move(*_to_page(frame, (left + right) / 2, (top + bottom) / 2))
        ctrl_wheel(frame.page, -240)  # zoom in, centred on the unit
        frame.page.wait_for_timeout(800)
        map_frame(frame.page)  # drawn again
    raise AssertionError(f"unit {code} leaves no room for the pointer, even zoomed in")


def ctrl_wheel(page, delta_y: float) -> None:
    """Turn the mouse wheel with Ctrl held, where the mouse is: a map zooms only so (the
    wheel alone scrolls the page)."""
    page.keyboard.down("Control")
    try:
        page.mouse.wheel(0, delta_y)
    finally:
        page.keyboard.up("Control")


def centre_point(frame, centre: list[float]) -> tuple[float, float]:
    """The centre of a marker from :func:`centre_points`, in the page's coordinates (call
    :func:`centre_points` after the map is in view: see :func:`unit_point`)."""
    return _to_page(frame, centre[0], centre[1])


def centre_points(frame) -> list[list[float]]:
    """Centre markers the map in ``frame`` has drawn, the map scrolled into view: ``[x, y,
    radius]`` in the frame's CSS pixels."""
    _in_view(frame)
    return on_next_frame(frame, CENTRES_JS) or []


def frames_drawing(page, count: int, exact: bool = False) -> list:
    """Frames of ``page`` whose map has drawn at least (``exact``: exactly) ``count`` units."""
    found = []
    for frame in page.frames:
        try:
            if frame.is_detached():
                continue
            drawn = len(drawn_units(frame))
        except Exception:  # a frame replaced or navigated while it was asked
            continue
        if drawn == count or (drawn >= count and not exact):
            found.append(frame)
    return found


def map_frame(page, minimum: int = 1, timeout: float = 90):
    """The frame of the page's map once it has drawn at least ``minimum`` units.

    Waits through reruns (the map's iframe may be replaced while it waits).

    Raises
    ------
    AssertionError
        When the map does not draw ``minimum`` units within ``timeout`` seconds.
    """
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            handle = page.locator(MAP_IFRAME).first.element_handle(timeout=1000)
            content = handle.content_frame() if handle else None
            if content is not None and len(drawn_units(content)) >= minimum:
                return content
        except PlaywrightError:  # no iframe yet, or replaced while it was asked
            pass
        time.sleep(0.2)
    raise AssertionError(f"no map with {minimum} units drawn after {timeout} s")


def map_view(frame) -> dict[str, float]:
    """Centre (``lat``, ``lng``) and ``zoom`` of the Leaflet map in ``frame``."""
    view = frame.evaluate(_VIEW_JS)
    if view is None:
        raise AssertionError("no Leaflet map in the frame")
    return view


def when_settled(page, action, attempts: int = 3) -> bool:
    """Run ``action()`` once the page is quiet; when it times out because a rerun replaced
    what it acted on (a click or a chosen file landing during a redraw), wait for quiet and
    run it again, as a person whose action went unseen does. Returns whether it succeeded
    within ``attempts``."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(attempts):
        wait_ready(page)
        try:
            action()
            return True
        except PlaywrightTimeout:
            continue
    return False
