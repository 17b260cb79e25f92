"""The loaders benchmark runs on a small sample (its figures are not asserted here)."""

from __future__ import annotations

import importlib

import pytest


def test_bench_loaders_runs(capsys: pytest.CaptureFixture[str]) -> None:
    bench = importlib.import_module("benchmarks.bench_loaders")
    assert capsys.readouterr().out == ""  # importing has no side effects
    result = bench.run(2000)
    assert result["n_rows"] == 2000
    assert result["point_matched"] == 2000
    assert result["name_correct"] > 1800
    assert result["load_by_point_accepted"] == 2000
    assert "name_match_s" in capsys.readouterr().out
