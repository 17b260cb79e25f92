"""The validated demo is kept between starts: the same rows, read back instead of validated."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import disk_cache, sources


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(disk_cache.ENV_CACHE_DIR, str(tmp_path))
    return tmp_path


def test_second_start_reads_the_validated_rows_back(cache, monkeypatch) -> None:
    first = sources.demo()
    kept = list(cache.glob("demo-*.pickle"))
    assert len(kept) == 1

    def no_validation(*args, **kwargs):
        raise AssertionError("the demo files were validated again")

    monkeypatch.setattr(sources, "from_files", no_validation)
    again = sources.demo()
    assert again.token == first.token and again.is_demo and again.name == "demo"
    pd.testing.assert_frame_equal(again.centres_frame, first.centres_frame)
    pd.testing.assert_frame_equal(again.funding_frame, first.funding_frame)
    pd.testing.assert_frame_equal(again.centres.report(), first.centres.report())


def test_a_damaged_or_foreign_cache_file_is_validated_again(cache) -> None:
    first = sources.demo()
    (kept,) = cache.glob("demo-*.pickle")
    kept.write_bytes(b"not a pickle")
    again = sources.demo()
    pd.testing.assert_frame_equal(again.centres_frame, first.centres_frame)
    assert kept.read_bytes() != b"not a pickle"  # replaced by the validated rows


def test_the_key_follows_the_files(tmp_path) -> None:
    from dashboard.demo import demo_paths

    centres, funding = demo_paths()
    copy = tmp_path / centres.name
    copy.write_bytes(centres.read_bytes())
    key = sources._demo_key((copy, funding))
    assert key == sources._demo_key((copy, funding))
    copy.write_bytes(centres.read_bytes() + b"\n")
    assert sources._demo_key((copy, funding)) != key
