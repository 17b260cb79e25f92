"""An import never blocks the registry's readers, on SQLite and on PostgreSQL + PostGIS: while
a delegate's import is held inside its transaction (rows and territory claims written, not
committed), the registry opens and its status reads, as they were before; once the import is
gone (killed), its territory is free."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from dashboard import sources
from dashboard.cli import main
from dashboard.store import close_store, open_store
from tests.store.samples import province_centres, province_inputs
from tests.store.test_faults import ROOT, _wait_for
from tests.support.together import run_together

TAZA, KHENIFRA = "03.561", "05.301"


def test_readers_are_not_blocked_by_an_import(store_url, tmp_path, capsys) -> None:
    open_store(store_url).save("taza", province_inputs({TAZA: 3}), territory=TAZA)
    path = tmp_path / "khenifra.csv"
    province_centres({KHENIFRA: 40}).to_csv(path, index=False)
    marker = tmp_path / "inside-the-transaction"
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "datasets", "import", str(path), "--name",
         "khenifra", "--territory", KHENIFRA], cwd=ROOT,
        env=dict(os.environ, TAGHTIA_TEST_HOLD_WRITE=str(marker)),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for(marker, process)
        # read in threads that must finish while the import holds its transaction
        opened, status = run_together([sources.from_registry, sources.registry_status],
                                      timeout=90)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    assert not isinstance(opened, BaseException), opened
    assert not isinstance(status, BaseException), status
    assert opened.name == "registry (1/75)" and len(opened.centres_frame) == 3
    states = status.set_index("province_code")["state"]
    assert states[TAZA] == "current" and states[KHENIFRA] == "missing"
    close_store(store_url)
    capsys.readouterr()
    assert main(["datasets", "import", str(path), "--name", "khenifra", "--territory",
                 KHENIFRA]) == 0
    assert capsys.readouterr().out.startswith("khenifra v1: 40 centres accepted")
