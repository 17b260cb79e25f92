"""``python -m tools.demo``: another illustrative set from a seed (``make demo`` rewrites the
embedded one, checked against a fresh generation by :mod:`tests.tools.test_demo_generator`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.demo import demo_paths
from tools.demo.__main__ import main


@pytest.mark.slow
def test_another_seed_generates_new_files(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path), "--seed", "11"]) == 0
    written = tmp_path / demo_paths()[0].name
    assert written.read_bytes() != demo_paths()[0].read_bytes()
    assert written.read_text(encoding="utf-8").splitlines()[0].endswith(",illustrative")
