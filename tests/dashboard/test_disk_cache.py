"""Values derived once are read back at the next start, never when what they depend on
changed, and a damaged cache file is computed again."""

from __future__ import annotations

import pytest
import streamlit as st

from dashboard import disk_cache
from tests.support.territories import TAZA


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(disk_cache.ENV_CACHE_DIR, str(tmp_path))
    return tmp_path


def _refuse():
    raise AssertionError("computed again")


def test_a_value_is_computed_once_per_key(cache_dir) -> None:
    assert disk_cache.remembered("sum", ("a", 1), lambda: {"total": 3}) == {"total": 3}
    assert disk_cache.remembered("sum", ("a", 1), _refuse) == {"total": 3}
    assert disk_cache.remembered("sum", ("a", 2), lambda: None) is None  # another key
    assert disk_cache.remembered("sum", ("a", 2), _refuse) is None  # None is a value too
    assert len(list((cache_dir / "derived").glob("sum-*.pickle"))) == 2


def test_a_damaged_file_or_new_code_computes_again(cache_dir, monkeypatch) -> None:
    disk_cache.remembered("sum", ("a",), lambda: 1)
    (kept,) = (cache_dir / "derived").glob("sum-*.pickle")
    kept.write_bytes(b"not a pickle")
    assert disk_cache.remembered("sum", ("a",), lambda: 2) == 2
    assert disk_cache.remembered("sum", ("a",), _refuse) == 2
    monkeypatch.setattr(disk_cache, "code_fingerprint", lambda: "other code")
    assert disk_cache.remembered("sum", ("a",), lambda: 3) == 3


def test_an_unwritable_folder_only_costs_the_computation(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(disk_cache.ENV_CACHE_DIR, str(blocker / "cache"))
    assert disk_cache.remembered("sum", ("a",), lambda: 1) == 1
    assert disk_cache.remembered("sum", ("a",), lambda: 2) == 2  # nothing kept


def test_the_maps_derived_files_are_read_back_at_the_next_start(cache_dir, monkeypatch) -> None:
    from dashboard.app import cache, map_files, reference, view
    from dashboard.app.state import ViewState, filters_of

    st.cache_resource.clear()
    layer, bounds = reference.geometry("commune", TAZA)
    outlines = reference.context(TAZA)
    filters = filters_of(ViewState())
    markers = cache.centre_points(TAZA, filters, "fr")
    st.cache_resource.clear()  # a new server process: its memory caches are empty
    for name in ("geo_layer", "point_layer"):
        monkeypatch.setattr(map_files, name, lambda *args, **kwargs: _refuse())
    monkeypatch.setattr(view, "centre_points", lambda *args, **kwargs: _refuse())
    again, again_bounds = reference.geometry("commune", TAZA)
    assert (again.name, again.text, again.codes, again_bounds) == (
        layer.name, layer.text, layer.codes, bounds)
    assert reference.context(TAZA).text == outlines.text
    markers_again = cache.centre_points(TAZA, filters, "fr")
    assert markers_again.layer.text == markers.layer.text
    assert (markers_again.mask() == markers.mask())
    for served in (again, reference.context(TAZA), markers_again.layer):
        assert served.served()  # the static file the browser fetches is there


def test_an_uploads_centres_are_not_written_to_the_cache_folder(cache_dir) -> None:
    from dashboard import sources
    from dashboard.app import cache

    st.cache_resource.clear()
    demo = sources.demo()
    upload = sources.from_inputs(demo.inputs, name="upload.xlsx")
    assert not upload.is_demo and upload.stored is None
    assert cache._centre_file(upload.token, TAZA, "fr", upload) is not None
    assert not list((cache_dir / "derived").glob("centres-*.pickle"))
    st.cache_resource.clear()  # the same rows: the same token in memory
    assert cache._centre_file(demo.token, TAZA, "fr", demo) is not None
    assert len(list((cache_dir / "derived").glob("centres-*.pickle"))) == 1


def test_the_figures_of_a_view_are_read_back_at_the_next_start(cache_dir, monkeypatch) -> None:
    from dashboard.app import cache
    from dashboard.app.state import ViewState, filters_of
    from dashboard.reports import service_content

    st.cache_data.clear()
    filters = filters_of(ViewState())
    table = cache.indicators("cercle", TAZA, filters)
    trend, run_out = cache.trend(TAZA, filters)
    st.cache_data.clear()  # a new server process
    monkeypatch.setattr(cache, "compute_indicators", lambda *args, **kwargs: _refuse())
    monkeypatch.setattr(service_content, "trend_table", lambda *args, **kwargs: _refuse())
    assert cache.indicators("cercle", TAZA, filters).equals(table)
    again, again_run_out = cache.trend(TAZA, filters)
    assert again.equals(trend) and again_run_out == run_out
    other = filters_of(ViewState(types=("kindergarten",)))
    with pytest.raises(AssertionError, match="computed again"):  # other filters: computed
        cache.indicators("cercle", TAZA, other)


def test_figures_under_a_partner_filter_or_of_an_upload_are_not_kept(cache_dir) -> None:
    from dashboard import sources
    from dashboard.app import cache
    from dashboard.calc.filters import Filters
    from loaders.partners import partner_id

    demo = sources.demo()
    upload = sources.from_inputs(demo.inputs, name="upload.xlsx")
    partner = demo.centres_frame["partner"].dropna().iloc[0]
    kept = []
    for data, filters in ((upload, Filters()), (demo, Filters(partners=(partner_id(partner),)))):
        assert cache._kept(data, "indicators", ("cercle", TAZA, filters), lambda: 1,
                           filters) == 1
        kept.append(list((cache_dir / "derived").glob("indicators-*.pickle")))
    assert kept == [[], []]
    cache._kept(demo, "indicators", ("cercle", TAZA, Filters()), lambda: 1, Filters())
    assert len(list((cache_dir / "derived").glob("indicators-*.pickle"))) == 1
