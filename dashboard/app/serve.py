"""``python -m dashboard.app.serve run <app> [options]``: Streamlit's own command line, with the
app's first page prepared while the server starts.

``taghtia run`` starts this in place of ``python -m streamlit``. Once Streamlit listens, a
thread imports the app's modules and fills the process-wide caches the first page needs (the
dataset ``taghtia run`` was given or the demo, the national boundaries and outlines, the
default view's centres and indicators) while the browser loads Streamlit's front end, so the
first script run finds them ready. The server is the same; a warm-up that fails is
forgotten (the page then does the work itself).
"""

from __future__ import annotations

import contextlib
import gc
import sys
import threading

THREAD_NAME = "taghtia-warm-up"
REGIONS_AFTER_S = 60.0
"""The regions are prepared once a first page has been drawn, or after this many seconds."""
REGIONS_PAUSE_S = 1.5
"""Seconds between the first page's run and the regions' preparation: the browser then
fetches the map's frame and files from a server not busy with them."""
START_GC_THRESHOLD = 100_000
"""Allocations between two young collections while the server starts (Python's default is
700): importing the app and loading its data makes millions of objects that all live on,
and collecting them again and again took a quarter of the warm-up."""


class _QuietWarmUp:
    """Log filter: drops the warnings the warm-up thread causes (cached functions called
    outside a script run: "missing ScriptRunContext"); errors still show."""

    @staticmethod
    def filter(record) -> bool:
        import logging

        return record.threadName != THREAD_NAME or record.levelno >= logging.ERROR


def warm_up(collection_thresholds: tuple[int, ...] = (700, 10, 10)) -> None:
    """Import the app's data layer and fill the caches of the default page at national
    level (its inputs, then its view: :func:`_prepare_default_view`), once Streamlit
    listens: the server's own start comes first (the browser can do nothing before it),
    then this work runs while the browser loads Streamlit's front end. What it loaded is
    then frozen out of the garbage collector's walks, and, once a first page is drawn, each
    region's view is prepared (:func:`_prepare_regions`). The garbage collector's
    ``collection_thresholds`` are set back once the default view is ready."""
    try:
        import logging
        import time

        from streamlit.runtime import Runtime

        deadline = time.monotonic() + 120
        while not Runtime.exists():
            if time.monotonic() > deadline:
                return
            time.sleep(0.05)
        _wait_until_listening(deadline)

        from dashboard import sources
        from dashboard.app import cache, reference

        for name in list(logging.Logger.manager.loggerDict):
            if name.startswith("streamlit"):
                logging.getLogger(name).addFilter(_QuietWarmUp)
        reference.territories()
        reference.geometry("commune", None)
        reference.context(None)
        reference.commune_anchors()
        if not sources.start_ref():
            cache._files_or_demo()
        _prepare_default_view()
    except Exception:  # the first page does the same work itself
        pass
    finally:
        _freeze_what_stays()
        gc.set_threshold(*collection_thresholds)
    try:
        _prepare_regions()
    except Exception:  # each region's first view does the same work itself
        pass
    finally:
        _freeze_what_stays()


def _freeze_what_stays() -> None:
    """Move every object alive now (the modules, the national reference data, the demo) out
    of the garbage collector's sight (``gc.freeze``): they live as long as the server, and a
    full collection, which walked them all each time, now walks only what sessions create."""
    gc.collect()
    gc.freeze()


def _wait_until_listening(deadline: float) -> None:
    """Return once the server accepts connections on its address and port (or at
    ``deadline``, ``time.monotonic()``)."""
    import socket
    import time

    from streamlit import config

    port = int(config.get_option("server.port"))
    address = config.get_option("server.address") or "127.0.0.1"
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((address, port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)


def _import_map_component() -> None:
    """Import ``streamlit_folium`` and register its component with the runtime, as its import
    does inside a script run (outside one, Streamlit declares the component without
    registering it, and the browser would not find its files)."""
    import streamlit_folium
    from streamlit.runtime import Runtime

    Runtime.instance().component_registry.register_component(streamlit_folium._component_func)


def _prepare_default_view() -> None:
    """What the default page (the overview of Morocco, in its default language and filters)
    computes beyond the inputs, in the order the page needs it: the entry script's modules,
    the sidebar's partners, the modules that draw the page, the map's place names and centres
    (file and mask), the locale's number formats, then the indicators of its figures, its
    trend, and the formatter of its table (pandas' Styler, whose templates compile on
    import)."""
    import importlib

    from dashboard import i18n
    from dashboard.app import cache, reference
    from dashboard.app.state import ViewState, filters_of

    state = ViewState()
    filters = filters_of(state)
    for module in ("dashboard.app.present", "dashboard.app.sidebar", "dashboard.app.style",
                   "dashboard.app.ui", "dashboard.app.pages"):  # the entry script's
        importlib.import_module(module)
    cache.partner_names()  # the sidebar's partner filter, drawn before any page
    _import_map_component()
    for module in ("dashboard.app.service_panel", "dashboard.app.map_panel",
                   "dashboard.app.tables"):  # and what they use
        importlib.import_module(module)
    reference.communes(state.territory)
    reference.place_labels(state.territory, state.lang)
    cache.centre_points(state.territory, filters, state.lang)
    i18n.number(0, state.lang)  # the locale's data, read on first use
    importlib.import_module("dashboard.reports.content")
    level = reference.territories().child_level(state.territory)
    cache.indicators(level, state.territory, filters)
    cache.trend(state.territory, filters)
    importlib.import_module("pandas.io.formats.style")  # the table's (templates compiled)


def _prepare_regions() -> None:
    """What the default page computes for each of the twelve regions, once the national
    view is ready: the region's boundaries, outlines and centres (their map files written),
    the indicators of its provinces and its trend. The first person to pick a region then
    waits for its map only, not for its figures (a territory change is what people do
    first after the national map)."""
    import time

    from dashboard.app import cache, reference, session
    from dashboard.app.state import ViewState, filters_of

    if session.FIRST_RUN_DONE.wait(REGIONS_AFTER_S):  # the first page first, then its map
        time.sleep(REGIONS_PAUSE_S)
    state = ViewState()
    filters = filters_of(state)
    terr = reference.territories()
    for region in terr.of_level("region"):
        code = region.code
        reference.communes(code)
        reference.geometry("commune", code)
        reference.context(code)
        cache.centre_points(code, filters, state.lang)
        cache.indicators(terr.child_level(code), code, filters)
        cache.trend(code, filters)


def _skip_component_scan() -> None:
    """Spare the server's start Streamlit's search of every installed distribution for
    components of its second API (a manifest in the package's pyproject.toml): the app uses
    one component, streamlit-folium's, of the first API, declared on import. Reading the
    metadata of the hundred-odd packages of a test install took 0.2 s before the server
    listened. Where Streamlit names that step otherwise, its start is left as it is."""
    with contextlib.suppress(ImportError, AttributeError):
        from streamlit.components.v2.component_manager import BidiComponentManager

        if callable(BidiComponentManager.discover_and_register_components):
            BidiComponentManager.discover_and_register_components = _no_packaged_components


def _no_packaged_components(self, *, start_file_watching: bool = True) -> None:
    """Stands for ``BidiComponentManager.discover_and_register_components``: none to find."""


def main(argv: list[str] | None = None) -> int:
    """Start the warm-up thread and the memory sweep (:mod:`dashboard.app.memory`), then
    Streamlit's command line with ``argv`` (without its search for packaged components)."""
    from streamlit.web import cli

    from dashboard.app import cache_headers, deep_links, memory, peer, unknown_paths

    # the trusted proxy is recognised by its socket address (peer.py); a page opened by its
    # address finds the server at once (deep_links.py); /a/b is the overview saying so; the
    # files named by their content's hash are cached by browsers (cache_headers.py)
    peer.install(deep_links.PageIndex, unknown_paths.RedirectUnknownPaths,
                 cache_headers.ImmutableFiles)
    _skip_component_scan()
    thresholds = gc.get_threshold()
    gc.set_threshold(START_GC_THRESHOLD, *thresholds[1:])  # set back by the warm-up
    threading.Thread(target=warm_up, args=(thresholds,), name=THREAD_NAME,
                     daemon=True).start()
    memory.start()
    sys.argv = ["streamlit", *(sys.argv[1:] if argv is None else argv)]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
