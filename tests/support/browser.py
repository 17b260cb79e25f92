"""Driving the dashboard in Debian's Chromium through Playwright: waits that fail on timeout.

Every helper waits on something the page does (an element appearing, Streamlit's status
widget staying away, the map's shapes being drawn) and raises :class:`AssertionError` with
what it was waiting for when that does not happen in time; none returns silently.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
MAP_IFRAME = "iframe[title='streamlit_folium.st_folium']"
UNIT = "path.taghtia-unit"

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

__all__ = ["CHROMIUM_ARGS", "MAP_IFRAME", "chromium_path", "map_frame", "map_view",
           "wait_ready"]


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


def map_frame(page, minimum: int = 1, timeout: float = 90):
    """The frame of the page's map once it draws at least ``minimum`` unit shapes.

    Waits through reruns (the map's iframe may be replaced while it waits).

    Raises
    ------
    AssertionError
        When the map does not show ``minimum`` shapes within ``timeout`` seconds.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    shapes = page.frame_locator(MAP_IFRAME).first.locator(UNIT)
    try:
        shapes.nth(minimum - 1).wait_for(state="attached", timeout=timeout * 1000)
        frame = page.locator(MAP_IFRAME).first.element_handle(timeout=timeout * 1000)
    except PlaywrightTimeout:
        raise AssertionError(f"no map with {minimum} unit shapes after {timeout} s") from None
    content = frame.content_frame()
    if content is None:
        raise AssertionError("the map's iframe has no document")
    return content


def map_view(frame) -> dict[str, float]:
    """Centre (``lat``, ``lng``) and ``zoom`` of the Leaflet map in ``frame``."""
    view = frame.evaluate(_VIEW_JS)
    if view is None:
        raise AssertionError("no Leaflet map in the frame")
    return view
