"""Properties of the indicators on random registries over the test territory, and the benchmark."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_indicators import COMMUNES, UNITS

from dashboard.calc.indicators import TYPE_COLUMNS, Filters, compute_indicators
from geodata.hierarchy import LEVELS
from loaders.vocabulary import CENTRE_TYPE_KEYS, MANAGEMENT_MODE_KEYS, STATUS_KEYS

CODES = [c[0] for c in COMMUNES]

centre_rows = st.lists(
    st.tuples(
        st.sampled_from(CODES),
        st.sampled_from(CENTRE_TYPE_KEYS),
        st.integers(0, 6),
        st.sampled_from((*MANAGEMENT_MODE_KEYS, None)),
        st.sampled_from(STATUS_KEYS),
    ),
    max_size=40,
)
grant_rows = st.lists(
    st.tuples(
        st.integers(-1, 39),  # index of the centre, -1 = no centre
        st.sampled_from(CODES),
        st.integers(2017, 2024),
        st.floats(1, 1e7),
    ),
    max_size=40,
)


def frames(centres: list[tuple], grants: list[tuple]) -> tuple[pd.DataFrame, pd.DataFrame]:
    centre_frame = pd.DataFrame(
        centres, columns=["commune_code", "centre_type", "services", "management_mode",
                          "status"],
    )
    centre_frame["centre_id"] = [f"C{i}" for i in range(len(centre_frame))]
    ids = [f"C{i}" if 0 <= i < len(centres) else None for i, *_ in grants]
    grant_frame = pd.DataFrame(
        {
            "centre_id": pd.array(ids, dtype="str"),
            "commune_code": [g[1] for g in grants],
            "year": [g[2] for g in grants],
            "amount_mad": [g[3] for g in grants],
            "source": "entraide_nationale",
        }
    )
    return centre_frame, grant_frame


@settings(max_examples=60, deadline=None)
@given(centre_rows, grant_rows, st.sampled_from([Filters(), Filters(statuses=None),
                                                  Filters(types=("eps", "cef")),
                                                  Filters(years=(2019, 2021))]))
def test_levels_nest_and_rates_are_fractions(
    centres: list[tuple], grants: list[tuple], filters: Filters
) -> None:
    centre_frame, grant_frame = frames(centres, grants)
    tables = {
        level: compute_indicators(centre_frame, grant_frame, level, filters=filters,
                                  units=UNITS)
        for level in LEVELS
    }
    numeric = ["communes_total", "communes_covered", "communes_covered_urban",
               "communes_covered_rural", "centres", "services", *TYPE_COLUMNS, "funding_mad"]
    totals = [tables[level][numeric].sum() for level in tables]
    for total in totals[1:]:
        pd.testing.assert_series_equal(total, totals[0], check_exact=False, rtol=1e-9)
    for table in tables.values():
        for column in ("coverage_rate", "coverage_rate_urban", "coverage_rate_rural"):
            rate = table[column].dropna()
            assert ((rate >= 0) & (rate <= 1)).all()
        assert (table["communes_covered"] <= table["communes_total"]).all()
        assert (table[list(TYPE_COLUMNS)].sum(axis=1) == table["centres"]).all()
        no_centre = table["centres"] == 0
        assert table.loc[no_centre, "people_per_centre"].isna().all()
    if filters.types is None and filters.modes is None and filters.years is None:
        assert totals[0]["funding_mad"] == pytest.approx(grant_frame["amount_mad"].sum())


def _benchmark():  # benchmarks/ is not an installed package: load it from its file
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_indicators.py"
    spec = importlib.util.spec_from_file_location("bench_indicators", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_runs_small() -> None:
    figures = _benchmark().run(n_centres=2_000, n_grants=20_000, repeat=1)
    assert figures["rows"] == 1503
    assert figures["seconds_best"] > 0
