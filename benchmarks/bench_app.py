"""Benchmarks of the app as people use it: map payload, first paint, reruns, RSS, cold start.

Every figure is measured in the same run on the same data as its baseline, so the ratios hold
on any machine even when absolute times do not.

* :func:`payload` — bytes of the map our app sends (the ``st_folium`` component arguments,
  exactly as Streamlit serialises them) against the naive map the folium documentation shows
  (``folium.GeoJson`` of full-detail boundaries with a ``GeoJsonTooltip``, centres as
  ``CircleMarker`` in a ``MarkerCluster``), same communes, same columns, same centres.
* :func:`first_paint` — headless Chromium, navigation to every unit of the map drawn, ours
  against naive, interleaved, median of ``runs``: the naive map's SVG paths present, ours
  units drawn on its canvas as its runtime reports them (``window.taghtiaUnits()``).
* :func:`rerun_cost` — server time of a script rerun after a filter change (``AppTest``).
* :func:`browser_session` — ``taghtia run`` started for real (:mod:`tests.support.server`, the
  tests' own harness): cold start (health endpoint, then the map drawn), bytes the server
  sends for one filter change, reruns caused by a pan and a zoom, peak RSS after every page.

The maps come from :mod:`benchmarks.bench_maps` (``our_map``, the Coverage page's own builder,
and ``naive_map``).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.bench_maps import coverage_spec, naive_map, our_map
from dashboard.app.pages import PAGES, PLANNER_PAGES, page_file
from tests.support.browser import CHROMIUM_ARGS, MAP_IFRAME, ctrl_wheel
from tests.support.server import Server, free_port
from tests.support.territories import TAZA

ROOT = Path(__file__).resolve().parent.parent
APP_SCRIPT = ROOT / "dashboard" / "app" / "streamlit_app.py"
STATIC_DIR = ROOT / "dashboard" / "app" / "static"
CHROMIUM = "/usr/bin/chromium"
# Counting units drawn. The naive map (folium's documented way) draws every unit as one SVG
# path in Leaflet's overlay pane: counted as paths present. Ours draws them on a canvas,
# which has no element per unit: counted from its runtime's hook (``taghtiaUnits`` in
# dashboard/app/static/js/taghtia.js), which lists a unit only once its canvas has redrawn
# since the unit was last changed (the canvas counts its redraws) and it shows in the map.
PATHS_JS = "document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive').length"
UNITS_JS = "(window.taghtiaUnits ? window.taghtiaUnits().length : 0)"
DRAWN_JS = f"(window.taghtiaUnits ? window.taghtiaUnits().length : {PATHS_JS})"

__all__ = [
    "TAZA",
    "browser_session",
    "cold_starts",
    "component_payload",
    "first_paint",
    "launch_browser",
    "memory_mb",
    "naive_app_reruns",
    "payload",
    "payload_parts",
    "rerun_cost",
    "values_bytes",
]


def _layer_bytes(layer, units=None) -> int:
    """Bytes of a boundary layer: its static file (a ``GeoLayer``) or its inline text; none
    for outlines drawn from the arcs of ``units`` (an ``ArcOutlines``)."""
    from dashboard.app.map_files import ArcOutlines

    if isinstance(layer, ArcOutlines):
        layer = None if layer.derivable(units) else layer.fallback
    if layer is None:
        return 0
    text = getattr(layer, "text", layer)
    return len(str(text).encode("utf-8"))


def payload_parts(within: str | None = None, lang: str = "fr") -> dict:
    """What each part of our map weighs, in bytes: the ``geometry`` and ``context`` boundary
    files (fetched once), the centre ``points`` (measured in the component payload by
    leaving them out), the per-rerun ``values`` table as the script carries it, and the
    ``total``."""
    import dataclasses

    from dashboard.app import map_files, maps

    spec = coverage_spec(within, lang)
    total = component_payload(maps.build_map(spec))
    return {
        "geometry": _layer_bytes(spec.geojson),
        "context": _layer_bytes(spec.context, spec.geojson),
        "values": len(map_files.script_json(maps._values_table(spec)).encode("utf-8")),
        "points": total - component_payload(maps.build_map(dataclasses.replace(spec,
                                                                               points=()))),
        "points_count": len(spec.points),
        "total": total,
    }


def values_bytes(within: str | None = None, lang: str = "fr") -> dict:
    """Size of what a filter change really changes on the coverage map: the per-commune
    values (colour and tooltip values), and the colours alone."""
    from dashboard.app import map_files

    spec = coverage_spec(within, lang)
    styles = {str(code): list(value) for code, value in spec.styles.items()}
    colours = {code: value[0] for code, value in styles.items()}
    return {"styles_bytes": len(map_files.script_json(styles).encode("utf-8")),
            "colours_bytes": len(map_files.script_json(colours).encode("utf-8"))}


# --------------------------------------------------------------------------------------------
# 1. Payload
# --------------------------------------------------------------------------------------------


def component_payload(m) -> int:
    """Bytes of the arguments ``st_folium`` sends to the browser for map ``m``.

    Reproduces what ``streamlit_folium.st_folium`` does (render, then split the figure into
    header, html and Leaflet script, collect the JS/CSS links) and serialises the arguments
    with ``json.dumps`` as Streamlit's custom components do, plus any data file under
    ``/app/static/`` the script fetches. ``m`` is consumed (its element ids are rewritten),
    so pass a map built for this purpose.
    """
    import branca
    import folium
    import streamlit_folium as sf

    m.get_root().render()
    m.render()
    html = sf._get_html(m)
    header = sf._get_header(m)
    script = sf._get_map_string(m)
    css: list[str] = []
    js: list[str] = []

    def walk(element):
        if isinstance(element, folium.elements.JSCSSMixin | branca.colormap.ColorMap):
            yield element
        for child in getattr(element, "_children", {}).values():
            yield from walk(child)

    for element in walk(m):
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    args = {"script": script, "header": header, "html": html, "id": sf.get_full_id(m),
            "key": "0" * 64, "height": 560, "width": None, "returned_objects": [],
            "default": {}, "zoom": None, "center": None, "feature_group": None,
            "return_on_hover": False, "layer_control": None, "pixelated": False,
            "css_links": list(dict.fromkeys(css)), "js_links": list(dict.fromkeys(js)),
            "wrap_longitude": False}
    return len(json.dumps(args).encode("utf-8")) + static_data_bytes(header + html + script)


_STATIC_DATA = re.compile(r"/app/static/(?P<path>[\w./-]+\.(?:json|geojson|topojson|pbf|bin))")


def static_data_bytes(script: str) -> int:
    """Bytes of data files under ``dashboard/app/static/`` that a map script fetches (geometry
    served as a static file is still sent, once): counted with the payload so that moving
    bytes out of the component arguments does not hide them."""
    total = 0
    for path in set(match.group("path") for match in _STATIC_DATA.finditer(script)):
        file = (STATIC_DIR / path).resolve()
        if STATIC_DIR.resolve() in file.parents and file.is_file():
            total += file.stat().st_size
    return total


def payload(within: str | None = None, *, html_dir: Path | None = None) -> dict:
    """Bytes of our map and of the naive one for a territory (None = Morocco).

    Returns the component payload (what goes over the websocket) and the size of the full
    HTML document of each map; writes both documents into ``html_dir`` when given (they are
    what :func:`first_paint` loads).
    """
    timings = {}
    sizes = {}
    for name, builder in (("ours", our_map), ("naive", naive_map)):
        start = time.perf_counter()
        document = builder(within).get_root().render()
        timings[name] = time.perf_counter() - start
        sizes[name] = component_payload(builder(within))
        if html_dir is not None:
            Path(html_dir, f"{name}.html").write_text(document, encoding="utf-8")
        sizes[f"{name}_document"] = len(document.encode("utf-8"))
    if html_dir is not None:
        Path(html_dir, "blank.html").write_text(blank_map_html(), encoding="utf-8")
    return {
        "territory": within or "MA",
        "builders": "benchmarks.bench_maps",
        "ours_bytes": sizes["ours"],
        "naive_bytes": sizes["naive"],
        "ratio": round(sizes["naive"] / sizes["ours"], 1),
        "ours_document_bytes": sizes["ours_document"],
        "naive_document_bytes": sizes["naive_document"],
        "ours_build_s": round(timings["ours"], 3),
        "naive_build_s": round(timings["naive"], 3),
    }


def blank_map_html() -> str:
    """An empty map with our Leaflet and our decorations: the floor of any first paint."""
    from dashboard.app import maps

    spec = maps.MapSpec(geojson='{"type":"FeatureCollection","features":[]}', styles={},
                        bounds=(27.6, -13.2, 35.9, -1.0))
    return maps.build_map(spec).get_root().render()


# --------------------------------------------------------------------------------------------
# 2. First paint
# --------------------------------------------------------------------------------------------


def launch_browser(playwright):
    """Headless Debian Chromium with the project's flags."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                      args=CHROMIUM_ARGS)


@contextlib.contextmanager
def _serve(directory: Path, timeout_s: float = 30.0) -> Iterator[str]:
    """The map documents and the app's static files, served by a process of its own
    (:mod:`benchmarks.static_server`)."""
    import subprocess
    import urllib.request

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.static_server",
                                str(directory), str(port)], cwd=ROOT)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                with urllib.request.urlopen(f"{base}/app/static/README.md", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the benchmark's file server did not start ({base})") from None
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


_VENDORED = {
    "leaflet.js": ("leaflet/leaflet.js", "application/javascript"),
    "leaflet.css": ("leaflet/leaflet.css", "text/css"),
    "leaflet.markercluster.js": ("markercluster/leaflet.markercluster.js",
                                 "application/javascript"),
    "MarkerCluster.css": ("markercluster/MarkerCluster.css", "text/css"),
    "MarkerCluster.Default.css": ("markercluster/MarkerCluster.Default.css", "text/css"),
}


def _offline_route(route) -> None:
    """Requests leaving localhost: Leaflet and markercluster from the vendored copies (the same
    files ours loads), anything else (tiles, Bootstrap, jQuery, fonts) answered empty at once.
    This favours the naive map: it never waits for a CDN or a tile server."""
    url = route.request.url
    if url.startswith(("http://127.0.0.1", "http://localhost")):
        route.continue_()
        return
    name = url.split("?", 1)[0].rsplit("/", 1)[-1]
    if name in _VENDORED:
        relative, mime = _VENDORED[name]
        route.fulfill(status=200, body=(STATIC_DIR / relative).read_bytes(), content_type=mime,
                      headers={"Access-Control-Allow-Origin": "*"})
    else:
        route.fulfill(status=200, body=b"", headers={"Access-Control-Allow-Origin": "*"})


BLANK_READY_JS = "document.querySelector('.leaflet-control-zoom') !== null"


def _paint_once(browser, url: str, n_paths: int, timeout_s: float) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        context.route("**/*", _offline_route)
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        if url.endswith("/blank.html"):
            ready = BLANK_READY_JS
        elif url.endswith("/naive.html"):
            ready = f"{PATHS_JS} >= {n_paths}"
        else:
            ready = f"{UNITS_JS} >= {n_paths}"
        # the check runs in every animation frame's callbacks, before the frame is painted:
        # the first frame at which it holds is the one that shows the map; its time is read
        # as the check starts, so that the check's own work (ours lists every unit drawn,
        # 10-25 ms) is not counted. (The animation frame's timestamp would not do: Chromium
        # stamps a frame when it is scheduled, before a long task that delays it.)
        shown = page.wait_for_function(
            f"(() => {{ const at = performance.now(); return ({ready}) && at; }})()",
            timeout=timeout_s * 1000, polling="raf").json_value()
        wall = time.perf_counter() - start
        # a frame after one more round trip to this process, as earlier rounds read it: later
        # by whatever the page runs meanwhile (ours: the outlines and centres drawn after)
        after_poll = page.evaluate("new Promise(r => requestAnimationFrame(() => "
                                   "r(performance.now())))")
        return {"wall_s": wall, "navigation_s": shown / 1000.0,
                "after_poll_s": after_poll / 1000.0}
    finally:
        context.close()


def first_paint(html_dir: Path, n_paths: int, runs: int = 5, timeout_s: float = 180.0) -> dict:
    """Median time from navigation to ``n_paths`` units drawn, ours against naive, and the
    median of the per-run ratios naive / ours (``ratio``; runs are paired).

    "Drawn": for the naive map, its ``n_paths`` SVG paths are in the document; for ours, its
    canvas renderer has drawn ``n_paths`` units on screen, as ``window.taghtiaUnits()``
    lists them (see :data:`UNITS_JS`; a unit is listed once its canvas has redrawn since it
    was last changed and its bounds lie in the map).

    ``html_dir`` holds ``ours.html`` and ``naive.html`` (see :func:`payload`), and
    ``blank.html``, an empty map, timed as the floor (Leaflet loaded, nothing drawn). Runs are
    interleaved (ours first on even runs, naive first on odd ones), each in a fresh browser
    context (empty cache), after one uncounted warm-up of each. Time is the browser's
    ``performance.now()`` since navigation start, read on the first animation frame after
    the paths are present: the check runs in each frame's callbacks and returns the time
    its run began in the first frame at which it holds. ``*_after_poll_s`` read it as
    earlier rounds did, on the animation frame after one more round trip to this process
    (later by whatever the page runs meanwhile).
    """
    from playwright.sync_api import sync_playwright

    names = ["ours", "naive"] + (["blank"] if Path(html_dir, "blank.html").is_file() else [])
    times: dict[str, list[float]] = {name: [] for name in names}
    walls: dict[str, list[float]] = {name: [] for name in names}
    after_poll: dict[str, list[float]] = {name: [] for name in names}
    with _serve(Path(html_dir)) as base, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        try:
            for name in names:  # warm-up, not counted: the browser's first page is slower
                _paint_once(browser, f"{base}/{name}.html", n_paths, timeout_s)
            for i in range(runs):
                order = names if i % 2 == 0 else names[::-1]
                for name in order:
                    result = _paint_once(browser, f"{base}/{name}.html", n_paths, timeout_s)
                    times[name].append(result["navigation_s"])
                    walls[name].append(result["wall_s"])
                    after_poll[name].append(result["after_poll_s"])
        finally:
            browser.close()
    ours, naive = statistics.median(times["ours"]), statistics.median(times["naive"])
    paired = _paired_ratio(times["naive"], times["ours"])
    return {
        "runs": runs,
        "paths": n_paths,
        "ours_s": round(ours, 3),
        "naive_s": round(naive, 3),
        "ratio": round(paired, 2),
        "ratio_of_medians": round(naive / ours, 2) if ours else None,
        "ours_all_s": [round(v, 3) for v in times["ours"]],
        "naive_all_s": [round(v, 3) for v in times["naive"]],
        "ours_wall_s": round(statistics.median(walls["ours"]), 3),
        "naive_wall_s": round(statistics.median(walls["naive"]), 3),
        "blank_s": round(statistics.median(times["blank"]), 3) if times.get("blank") else None,
        "ours_after_poll_s": round(statistics.median(after_poll["ours"]), 3),
        "naive_after_poll_s": round(statistics.median(after_poll["naive"]), 3),
        "ratio_after_poll": round(_paired_ratio(after_poll["naive"], after_poll["ours"]), 2),
    }


def _paired_ratio(naive: list[float], ours: list[float]) -> float:
    """Median of the per-run ratios naive / ours."""
    return statistics.median(n / o for n, o in zip(naive, ours, strict=True))


# --------------------------------------------------------------------------------------------
# 3a. Rerun cost on the server (AppTest)
# --------------------------------------------------------------------------------------------


def _filter_values(n: int) -> list[list[str]]:
    from loaders.vocabulary import CENTRE_TYPE_KEYS

    values = [[key] for key in CENTRE_TYPE_KEYS]
    values += [list(pair) for pair in itertools.pairwise(CENTRE_TYPE_KEYS)]
    return values[:n]


def rerun_cost(page: str = "coverage", changes: int = 5, profile_to: Path | None = None,
               timeout_s: float = 600.0) -> dict:
    """Server time of a rerun after a filter change, national commune map, with ``AppTest``.

    The app is run once (caches warm, as for a user who has the page open), then the centre
    type filter is set to ``changes`` different values in turn; each change is a cache miss
    for the indicators, which is what a user triggers. Also times a rerun with nothing
    changed. With ``profile_to``, one more filter change runs under pyinstrument and its text
    report is written there. A page that computes on request (Planning's "Propose sites") is
    asked once first (``asked_run_s``), so the reruns show its result.
    """
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP_SCRIPT), default_timeout=timeout_s)
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    at.switch_page(page_file(page))
    at.run()
    _raise_app_errors(at)
    asked = _press_asking_buttons(at)
    start = time.perf_counter()
    at.run()
    unchanged = time.perf_counter() - start
    timings, cpu = [], []
    values = _filter_values(changes + 1)
    for value in values[:changes]:
        at.multiselect(key="app.types@fr").set_value(value)
        start, start_cpu = time.perf_counter(), time.process_time()
        at.run()
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        _raise_app_errors(at)
    profile_top = None
    if profile_to is not None:
        profile_top = _profile_rerun(at, values[-1], Path(profile_to))
    return {
        "page": page,
        "first_run_s": round(first, 3),
        "asked_run_s": None if asked is None else round(asked, 3),
        "unchanged_rerun_s": round(unchanged, 3),
        "filter_rerun_s": round(statistics.median(timings), 3),
        "filter_rerun_all_s": [round(v, 3) for v in timings],
        # CPU seconds of the process during each rerun: what the rerun costs whatever else
        # the machine runs (the wall time above grows with other processes' load)
        "filter_rerun_cpu_s": round(statistics.median(cpu), 3),
        "profile": str(profile_to) if profile_to else None,
        "profile_top": profile_top,
    }


ASKING_BUTTONS = ("planning.propose@fr",)
"""Buttons a person presses before changing filters (the Planning page's plan is solved
when asked): pressed once, so the reruns measured show the page with its result, as a
planner sees it after a filter change."""


def _press_asking_buttons(at) -> float | None:
    """Press the first of :data:`ASKING_BUTTONS` the page has; the seconds that run took."""
    for button in at.button:
        if button.key in ASKING_BUTTONS:
            start = time.perf_counter()
            button.click().run()
            _raise_app_errors(at)
            return time.perf_counter() - start
    return None


def _raise_app_errors(at) -> None:
    if len(at.exception):
        raise RuntimeError(f"the app raised: {at.exception[0].value}")


def _profile_rerun(at, value: list[str], path: Path) -> list[dict]:
    """Profile one filter-change rerun; write the text report, return the slowest functions
    of the app's own code.

    ``AppTest`` runs the script in a thread of its own, and pyinstrument samples one thread,
    so every thread started during the run is profiled from inside; the longest is the script.
    """
    from pyinstrument import Profiler

    profilers: list = []
    original = threading.Thread.run

    def profiled(thread: threading.Thread) -> None:
        profiler = Profiler(interval=0.001, async_mode="disabled")
        profiler.start()
        try:
            original(thread)
        finally:
            profiler.stop()
            profilers.append(profiler)

    at.multiselect(key="app.types@fr").set_value(value)
    threading.Thread.run = profiled  # type: ignore[method-assign]
    try:
        at.run()
    finally:
        threading.Thread.run = original  # type: ignore[method-assign]
    if not profilers:
        return []
    script = max(profilers, key=lambda p: p.last_session.duration if p.last_session else 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(script.output_text(unicode=True, color=False, show_all=False),
                    encoding="utf-8")
    return _own_frames(script)


def _own_frames(profiler, limit: int = 12) -> list[dict]:
    """Total time per function of the project's code (dashboard, loaders, geodata)."""
    session = profiler.last_session
    root = session.root_frame() if session else None
    totals: dict[str, float] = {}

    def visit(frame, stack: frozenset[str]) -> None:
        path = frame.file_path or ""
        key = None
        if "/site-packages/" not in path and any(
                part in path for part in ("/dashboard/", "/loaders/", "/geodata/")):
            key = f"{Path(path).relative_to(ROOT) if path.startswith(str(ROOT)) else path}:" \
                  f"{frame.function}"
            # a recursive call counts once; whole modules (the page itself) are not functions
            if key not in stack and frame.function != "<module>":
                totals[key] = totals.get(key, 0.0) + frame.time
                stack = stack | {key}
        for child in frame.children:
            visit(child, stack)

    if root is not None:
        visit(root, frozenset())
    ranked = sorted(totals.items(), key=lambda item: item[1], reverse=True)[:limit]
    return [{"function": name, "seconds": round(seconds, 3)} for name, seconds in ranked]


# --------------------------------------------------------------------------------------------
# 3b, 4, 5. The app for real: cold start, bytes per filter change, pan/zoom reruns, RSS
# --------------------------------------------------------------------------------------------


def memory_mb(server: Server) -> dict:
    """Current (psutil) and peak (``VmHWM``, the kernel's high-water mark) resident memory of
    the Streamlit server, in MiB (``taghtia run`` replaces itself with Streamlit, so the
    server's process is Streamlit's)."""
    import psutil

    if server.process is None:
        raise RuntimeError("not started")
    pid = server.process.pid
    rss = psutil.Process(pid).memory_info().rss / 1024 / 1024
    peak = rss
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return {"rss_mb": round(rss, 1), "peak_rss_mb": round(max(peak, rss), 1)}


class _Wire:
    """Websocket frames between the page and the Streamlit server, decoded as protobuf."""

    def __init__(self) -> None:
        self.received_bytes = 0
        self.received = 0
        self.sent = 0
        self.script_runs = 0  # ForwardMsg.new_session: one per script run
        self.finished = 0  # ForwardMsg.script_finished
        self.reruns_requested = 0  # BackMsg.rerun_script
        self.static_data_bytes = 0  # data files fetched from /app/static/ (not JS, CSS, images)
        self.static_files: list[tuple[str, int]] = []  # (file name, bytes) of those fetches
        self.last_frame = time.perf_counter()

    def reset(self) -> None:
        self.__init__()

    def attach(self, page) -> None:
        page.on("websocket", self._on_socket)
        page.on("requestfinished", self._on_finished)

    def _on_finished(self, request) -> None:
        """Bytes of a data file really transferred (a file the browser had cached counts 0:
        the boundary and centre files are fetched once, not on every rerun)."""
        url = request.url.split("?", 1)[0]
        if "/app/static/" in url and not url.endswith((".js", ".css", ".png", ".svg")):
            with contextlib.suppress(Exception):
                size = int(request.sizes()["responseBodySize"])  # -1: from the cache
                if size > 0:
                    self.static_data_bytes += size
                    self.static_files.append((url.rsplit("/", 1)[-1], size))

    def _on_socket(self, ws) -> None:
        ws.on("framereceived", self._on_received)
        ws.on("framesent", self._on_sent)

    def _on_received(self, payload) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        data = payload if isinstance(payload, bytes) else payload.encode("utf-8")
        self.received_bytes += len(data)
        self.received += 1
        self.last_frame = time.perf_counter()
        with contextlib.suppress(Exception):
            message = ForwardMsg()
            message.ParseFromString(data)
            kind = message.WhichOneof("type")
            if kind == "new_session":
                self.script_runs += 1
            elif kind == "script_finished":
                self.finished += 1

    def _on_sent(self, payload) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        data = payload if isinstance(payload, bytes) else payload.encode("utf-8")
        self.sent += 1
        self.last_frame = time.perf_counter()
        with contextlib.suppress(Exception):
            message = BackMsg()
            message.ParseFromString(data)
            if message.WhichOneof("type") == "rerun_script":
                self.reruns_requested += 1

    def wait_quiet(self, page, quiet_s: float = 1.5, timeout_s: float = 120.0,
                   finished: int = 0) -> None:
        """Wait until ``finished`` script runs have ended and no frame has passed for
        ``quiet_s``."""
        deadline = time.perf_counter() + timeout_s
        while time.perf_counter() < deadline:
            page.wait_for_timeout(100)
            if self.finished >= finished and time.perf_counter() - self.last_frame >= quiet_s:
                return
        raise TimeoutError("the app kept running")


def _unit_paths(page) -> int:
    """Most units drawn in any frame of the page (the map lives in an iframe): those our
    runtime lists as drawn, or SVG paths in a map without it (the naive app)."""
    best = 0
    for frame in page.frames:
        with contextlib.suppress(Exception):
            best = max(best, int(frame.evaluate(DRAWN_JS)))
    return best


def _wait_for_map(page, n_paths: int, timeout_s: float) -> float:
    start = time.perf_counter()
    deadline = start + timeout_s
    while time.perf_counter() < deadline:
        if _unit_paths(page) >= n_paths:
            return time.perf_counter()
        page.wait_for_timeout(50)
    raise TimeoutError(f"the map did not show {n_paths} paths within {timeout_s:.0f} s")


def _drawn_at(page) -> float | None:
    """When the map's canvas drew its units (seconds since the epoch, the page's clock, which
    is this machine's): ``window.taghtiaDrawnAt()`` in the map's frame; None without it."""
    for frame in page.frames:
        with contextlib.suppress(Exception):
            at = frame.evaluate("window.taghtiaDrawnAt ? window.taghtiaDrawnAt() : null")
            if at:
                return float(at) / 1000.0
    return None


def _map_box(page) -> dict:
    frame = page.locator(MAP_IFRAME).first
    frame.scroll_into_view_if_needed()
    box = frame.bounding_box()
    if box is None:
        raise RuntimeError("map iframe not found")
    return box


def _change_filter(page, attempts: int = 4):
    """Open the sidebar filters and the centre-type list; return the option to click."""
    sidebar = page.locator("[data-testid='stSidebar']")
    select = sidebar.locator("[data-testid='stMultiSelect']").first
    options = page.locator("[role='option']")
    for _ in range(attempts):
        if not select.is_visible():
            sidebar.locator("[data-testid='stExpander'] summary").first.click()
            select.wait_for(state="visible", timeout=5_000)
        select.click()
        try:
            options.first.wait_for(timeout=5_000)
            break
        except Exception:  # the sidebar re-rendered under the click; try again
            page.keyboard.press("Escape")
            page.wait_for_timeout(500)
    else:
        raise TimeoutError("the centre-type list did not open")
    # Streamlit lists "Select all" first; take the first real centre type
    if "all" in options.first.inner_text().lower() and options.count() > 1:
        return options.nth(1)
    return options.first


def _cold_start(browser, server: Server, n_paths: int, timeout_s: float) -> tuple:
    """Start ``server`` and open the app in a tab of ``browser`` until the national map is
    drawn; returns the context, the page, its websocket recorder and the timings: to the
    health endpoint, to the map drawn (the wall-clock time the map's canvas recorded drawing
    every unit, :func:`_drawn_at`, from the launch) and to the poll that saw every unit listed
    as drawn (up to one 50 ms poll, plus its calls into a busy page, later).

    The tab is open before the server starts, as for a person whose browser is: the cold
    start is the app's, not Chromium's time to make a tab."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    wire = _Wire()
    wire.attach(page)
    health = server.start(timeout_s)
    page.goto(server.url, wait_until="commit")
    noticed = _wait_for_map(page, n_paths, timeout_s) - server.started_at
    drawn_at = _drawn_at(page)
    drawn = noticed if drawn_at is None else drawn_at - server.started_wall
    return context, page, wire, {"health_s": round(health, 3),
                                 "cold_start_map_s": round(drawn, 3),
                                 "cold_start_noticed_s": round(noticed, 3)}


def cold_starts(n_paths: int, runs: int, timeout_s: float = 180.0) -> list[dict]:
    """``runs`` more cold starts as :func:`browser_session` measures its first: each a new
    server process and a new tab, from ``taghtia run`` to the national map drawn."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        try:
            for _ in range(runs):
                server = Server()
                try:
                    context, _page, _wire, started = _cold_start(browser, server, n_paths,
                                                                 timeout_s)
                    context.close()
                    results.append(started)
                finally:
                    server.stop()
        finally:
            browser.close()
    return results




def browser_session(n_paths: int, *, pages: tuple[str, ...] = PAGES,
                    timeout_s: float = 180.0) -> dict:
    """Start the app, open it in Chromium and measure what a user triggers.

    Returns cold start (seconds to the health endpoint, and to the national map drawn),
    bytes received over the websocket for one filter change (decoded payload; the wire is
    deflate-compressed on top), script runs caused by one pan and one wheel zoom, and the
    Streamlit server's resident memory after each page, with the peak (VmHWM).
    """
    from playwright.sync_api import sync_playwright

    server = Server()
    result: dict = {}
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        try:
            context, page, wire, started = _cold_start(browser, server, n_paths, timeout_s)
            result.update(started)
            result["memory_after"] = {"start": memory_mb(server)}
            wire.wait_quiet(page, timeout_s=timeout_s, finished=1)
            result["first_page_bytes"] = wire.received_bytes
            result["memory_after"]["overview"] = memory_mb(server)

            wire.reset()
            page.goto(f"{server.url}/coverage", wait_until="commit")
            _wait_for_map(page, n_paths, timeout_s)
            wire.wait_quiet(page, timeout_s=timeout_s, finished=1)
            result["coverage_page_bytes"] = wire.received_bytes + wire.static_data_bytes
            result["coverage_page_static_data_bytes"] = wire.static_data_bytes
            result["memory_after"]["coverage"] = memory_mb(server)
            try:
                option = _change_filter(page)
                wire.wait_quiet(page, quiet_s=0.5, timeout_s=timeout_s)
                wire.reset()
                option.click()
                page.keyboard.press("Escape")
                wire.wait_quiet(page, timeout_s=timeout_s, finished=1)
                result["filter_change"] = {"bytes": wire.received_bytes
                                           + wire.static_data_bytes,
                                           "static_data_bytes": wire.static_data_bytes,
                                           "static_files": wire.static_files,
                                           "frames": wire.received,
                                           "script_runs": wire.script_runs}
            except Exception as error:  # the other figures stand without this one
                result["filter_change"] = {"error": f"{type(error).__name__}: {error}"}
            try:
                result["pan_zoom"] = _pan_and_zoom(page, wire, timeout_s)
            except Exception as error:
                result["pan_zoom"] = {"error": f"{type(error).__name__}: {error}"}

            # the planning tools last: the viewer's pages have a peak of their own
            # the planners' pages last: the viewer's pages' peak memory is read on its own
            for name in sorted(pages, key=lambda name: name in PLANNER_PAGES):
                wire.reset()
                page.goto(f"{server.url}/{name}", wait_until="commit")
                wire.wait_quiet(page, timeout_s=timeout_s, finished=1)
                result["memory_after"][name] = memory_mb(server)
            result["peak_rss_mb"] = max(v["peak_rss_mb"] for v in result["memory_after"].values())
            context.close()
        finally:
            browser.close()
            server.stop()
    return result


_NAIVE_APP = """
import sys
sys.path.insert(0, {root!r})
import streamlit as st
from streamlit_folium import st_folium
from benchmarks.bench_maps import naive_map

st.title("naive")
st_folium(naive_map({within!r}), width=900, height=560)
"""


def naive_app_reruns(within: str | None = TAZA, timeout_s: float = 180.0) -> dict:
    """Script runs caused by one pan + one zoom in the naive app: ``st_folium(m)`` with its
    defaults (no ``returned_objects``, no ``key``), the way its README shows it."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="taghtia-naive-") as directory:
        script = Path(directory, "naive_app.py")
        script.write_text(_NAIVE_APP.format(root=str(ROOT), within=within), encoding="utf-8")
        port = free_port()
        server = Server(port=port, command=[
            sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.port", str(port),
            "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"])
        with sync_playwright() as playwright:
            browser = launch_browser(playwright)
            try:
                server.start(timeout_s)
                context = browser.new_context(viewport={"width": 1440, "height": 1000})
                context.route("**/*", _offline_route)
                page = context.new_page()
                wire = _Wire()
                wire.attach(page)
                page.goto(server.url, wait_until="commit")
                _wait_for_map(page, 1, timeout_s)
                wire.wait_quiet(page, timeout_s=timeout_s, finished=1)
                result = _pan_and_zoom(page, wire, timeout_s)
                context.close()
            finally:
                browser.close()
                server.stop()
    return result


def _pan_and_zoom(page, wire: _Wire, timeout_s: float) -> dict:
    """One mouse drag and one wheel zoom in the middle of the map; what it caused."""
    box = _map_box(page)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    wire.wait_quiet(page, timeout_s=timeout_s)
    wire.reset()
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 160, y + 90, steps=12)
    page.mouse.up()
    page.wait_for_timeout(1500)
    page.mouse.move(x, y)
    ctrl_wheel(page, -500)  # the wheel alone scrolls the page
    page.wait_for_timeout(2500)
    wire.wait_quiet(page, timeout_s=timeout_s)
    return {"script_runs": wire.script_runs, "rerun_requests": wire.reruns_requested,
            "frames_sent": wire.sent, "bytes_received": wire.received_bytes}
