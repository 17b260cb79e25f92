"""The server's warm-up (``dashboard.app.serve``) leaves the default page nothing to compute."""

from __future__ import annotations

import pytest
import streamlit as st

from dashboard.app import cache, serve, view
from dashboard.app.state import ViewState, filters_of
from dashboard.calc import partners
from dashboard.reports import service_content


def _refuse(*args, **kwargs):
    raise AssertionError("computed again: the warm-up did not fill this cache")


def test_default_view_is_served_from_what_the_warm_up_computed(
        monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from dashboard import disk_cache

    monkeypatch.setenv(disk_cache.ENV_CACHE_DIR, str(tmp_path))  # nothing kept from before
    monkeypatch.setattr(serve, "_import_map_component", lambda: None)  # needs a runtime
    st.cache_resource.clear()
    serve._prepare_default_view()
    monkeypatch.setattr(view, "centre_points", _refuse)
    monkeypatch.setattr(cache, "compute_indicators", _refuse)
    monkeypatch.setattr(partners, "partner_options", _refuse)
    monkeypatch.setattr(service_content, "trend_table", _refuse)
    state = ViewState()
    filters = filters_of(state)
    assert len(cache.partners("options")) > 100  # the sidebar's partners, from the cache
    table, _ = cache.trend(state.territory, filters)
    assert table["year"].is_monotonic_increasing and len(table) > 10
    points = cache.centre_points(state.territory, filters, state.lang)
    assert len(points) > 1000  # every counted centre of the demo, from the cache
    table = cache.indicators("region", state.territory, filters)
    assert len(table) == 12
    with pytest.raises(AssertionError, match="computed again"):  # the check can fail
        cache.indicators("region", state.territory, filters_of(ViewState(types=("kindergarten",))))


def test_the_warm_up_waits_for_the_server_to_listen(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket
    import time

    from streamlit import config

    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        port = listening.getsockname()[1]
        options = {"server.port": port, "server.address": "127.0.0.1"}
        monkeypatch.setattr(config, "get_option", options.__getitem__)
        start = time.monotonic()
        serve._wait_until_listening(start + 30)
        assert time.monotonic() - start < 5  # at once: the port answers
    start = time.monotonic()
    serve._wait_until_listening(start + 0.5)  # nothing listens any more: until the deadline
    assert time.monotonic() - start >= 0.5


def test_the_server_start_skips_the_packaged_component_search(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.components.v2.component_manager import BidiComponentManager

    original = BidiComponentManager.discover_and_register_components
    monkeypatch.setattr(BidiComponentManager, "discover_and_register_components", original)
    serve._skip_component_scan()  # the step is still there, under this name, in Streamlit
    assert BidiComponentManager.discover_and_register_components is serve._no_packaged_components
    BidiComponentManager().discover_and_register_components(start_file_watching=False)


def test_what_the_warm_up_loaded_is_kept_out_of_full_collections() -> None:
    import gc

    assert gc.get_freeze_count() == 0
    try:
        serve._freeze_what_stays()
        assert gc.get_freeze_count() > 10_000  # the modules and data loaded so far
        frozen = gc.get_freeze_count()
        gc.collect()
        assert gc.get_freeze_count() == frozen  # a collection leaves them where they are
    finally:
        gc.unfreeze()


def test_each_region_is_prepared_once_a_first_page_is_drawn(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve, "REGIONS_AFTER_S", 0.0)  # no page drawn in this test
    serve._prepare_regions()
    monkeypatch.setattr(view, "centre_points", _refuse)
    monkeypatch.setattr(cache, "compute_indicators", _refuse)
    monkeypatch.setattr(service_content, "trend_table", _refuse)
    filters = filters_of(ViewState())
    for region in ("01", "03", "12"):
        assert len(cache.indicators("province", region, filters)) > 1
        assert len(cache.centre_points(region, filters, "fr")) > 10
        assert cache.trend(region, filters) is not None
    rare = filters_of(ViewState(types=("apprenticeship",), modes=("delegated",)))
    with pytest.raises(AssertionError, match="computed again"):  # the check can fail
        cache.indicators("commune", "12", rare)
