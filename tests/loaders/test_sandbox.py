"""Reading in a worker process: results come back, time and memory are bounded."""

from __future__ import annotations

import io

import pytest

from loaders import load_centres
from loaders.errors import FileMemoryError, FileTimeoutError, LimitError
from loaders.sandbox import load_centres_isolated, load_workbook_isolated, run_isolated
from tests.loaders.hostile_files import allocate, fail_unexpectedly, ods_repeat_bomb, sleep_for
from tests.loaders.loader_samples import FRENCH_REGISTRY, csv_bytes


def test_results_come_back_as_in_process() -> None:
    data = csv_bytes(FRENCH_REGISTRY)
    isolated = load_centres_isolated(io.BytesIO(data), name="taza.csv")
    direct = load_centres(data, name="taza.csv")
    assert isolated.source_name == "taza.csv"
    assert isolated.accepted.equals(direct.accepted)
    assert isolated.issues.equals(direct.issues)


def test_loader_errors_are_raised_again_as_they_were() -> None:
    with pytest.raises(LimitError, match="TAGHTIA_MAX_"):
        load_workbook_isolated(ods_repeat_bomb(), name="bomb.ods")


def test_a_reading_that_takes_too_long_is_stopped() -> None:
    with pytest.raises(FileTimeoutError, match=r"more than 3 s .*TAGHTIA_MAX_SECONDS"):
        run_isolated(sleep_for, 120, timeout_s=3)


def test_a_reading_that_needs_too_much_memory_is_stopped() -> None:
    with pytest.raises(FileMemoryError, match=r"more than 2,500 MB .*TAGHTIA_MAX_MEMORY_MB"):
        run_isolated(allocate, 3_000, memory_mb=2_500)
    assert run_isolated(allocate, 10, memory_mb=2_500) == 10 * 1024 * 1024


def test_an_unexpected_error_keeps_its_type_and_the_child_traceback() -> None:
    with pytest.raises(ZeroDivisionError) as error:
        run_isolated(fail_unexpectedly)
    assert "fail_unexpectedly" in "".join(error.value.__notes__)
