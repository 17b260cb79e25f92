"""An import killed half-way (``kill -9`` inside its transaction) leaves no half version, and
the next import works — on SQLite and on PostgreSQL + PostGIS.

The import is held inside its transaction, after writing its rows and before the commit, by
the test hook ``TAGHTIA_TEST_HOLD_WRITE`` (:mod:`dashboard.store.repository`): the command
writes the file it names and waits there to be killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from dashboard.cli import main
from dashboard.store import close_store, open_store
from tests.store.samples import workbook_bytes

ROOT = Path(__file__).resolve().parents[2]


def _wait_for(marker: Path, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if process.poll() is not None:
            raise AssertionError(f"the import ended ({process.returncode}) before writing: "
                                 f"{process.stderr.read().decode()[-2000:]}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("the import did not reach its transaction")
        time.sleep(0.1)


def test_import_killed_inside_its_transaction_leaves_nothing(store_url, tmp_path,
                                                             capsys) -> None:
    first, big, next_ = (tmp_path / name for name in ("v1.xlsx", "big.xlsx", "next.xlsx"))
    first.write_bytes(workbook_bytes(count=12))
    big.write_bytes(workbook_bytes(count=30))
    next_.write_bytes(workbook_bytes(count=20))
    assert main(["datasets", "import", str(first), "--name", "taza"]) == 0
    marker = tmp_path / "inside-the-transaction"
    env = dict(os.environ, TAGHTIA_TEST_HOLD_WRITE=str(marker))
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "datasets", "import", str(big), "--name",
         "taza"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for(marker, process)
    os.kill(process.pid, signal.SIGKILL)  # kill -9 with its rows written, not committed
    assert process.wait(timeout=30) == -signal.SIGKILL
    close_store(store_url)  # a fresh connection, as another process would have
    store = open_store(store_url)
    history = store.history("taza")
    assert [(v.number, v.centres_accepted) for v in history] == [(1, 12)]
    assert store.in_force("taza") == 1
    assert len(store.open("taza").inputs.centres_frame) == 12
    capsys.readouterr()
    assert main(["datasets", "import", str(next_), "--name", "taza"]) == 0  # not blocked
    assert capsys.readouterr().out.startswith("taza v2: 20 centres accepted")
    assert [v.number for v in open_store(store_url).history("taza")] == [1, 2]
