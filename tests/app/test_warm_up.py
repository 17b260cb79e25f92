"""The server's warm-up (``dashboard.app.serve``) leaves the default page nothing to compute."""

from __future__ import annotations

import pytest
import streamlit as st

from dashboard.app import data, serve, view
from dashboard.app.state import ViewState, filters_of


def _refuse(*args, **kwargs):
    raise AssertionError("computed again: the warm-up did not fill this cache")


def test_default_view_is_served_from_what_the_warm_up_computed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve, "_import_map_component", lambda: None)  # needs a runtime
    st.cache_resource.clear()
    serve._prepare_default_view(data)
    monkeypatch.setattr(view, "centre_points", _refuse)
    monkeypatch.setattr(data, "compute_indicators", _refuse)
    state = ViewState()
    filters = filters_of(state)
    points = data.centre_points(state.territory, filters, state.lang)
    assert len(points) > 1000  # every counted centre of the demo, from the cache
    table = data.indicators("region", state.territory, filters)
    assert len(table) == 12
    with pytest.raises(AssertionError, match="computed again"):  # the check can fail
        data.indicators("region", state.territory, filters_of(ViewState(types=("kindergarten",))))
