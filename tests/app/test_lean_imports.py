"""What the server imports: the first pages leave the store, the planning solver and the
scientific stacks out; ``taghtia run`` reaches the server without pandas.

Each check runs in a fresh interpreter (a module imported by another test of this process
would hide a regression), with an empty ``TAGHTIA_HOME`` (no store: the common start).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app" / "streamlit_app.py"

HEAVY = ("sqlalchemy", "alembic", "sklearn", "scipy", "matplotlib", "mapclassify", "pulp",
         "spopt", "libpysal", "networkx", "altair", "jsonschema")
"""Packages none of the overview, coverage, services and funding pages needs (their charts
are plain Vega-Lite specifications: no chart library, no schema validation)."""

_PAGES_SCRIPT = """
import json, sys
from streamlit.testing.v1 import AppTest
from dashboard.app.pages import page_file
for page in sys.argv[2:]:
    at = AppTest.from_file(sys.argv[1], default_timeout=300)
    if page != "overview":
        at.switch_page(page_file(page))
    at.run()
    assert not at.exception, [e.message for e in at.exception]
print(json.dumps(sorted(sys.modules)))
"""

DEFERRED = ("streamlit.emojis", "dashboard.reports.pdf")
"""Modules the overview's first run does without: Streamlit's emoji catalogue (loaded by an
emoji icon; the app's icons are Material symbols) and the board report's builder (imported
when the report is asked for)."""


def _modules_after(code: str, *args: str, home: Path) -> set[str]:
    env = dict(os.environ, TAGHTIA_HOME=str(home), PYTHONPATH=str(ROOT))
    env.pop("TAGHTIA_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("pages", [("overview",), ("coverage", "services", "funding")])
def test_first_pages_leave_heavy_packages_out(tmp_path: Path, pages: tuple[str, ...]) -> None:
    modules = _modules_after(_PAGES_SCRIPT, str(APP), *pages, home=tmp_path)
    loaded = {name.split(".")[0] for name in modules}
    assert "streamlit" in loaded and "pandas" in loaded  # the pages did run
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    if pages == ("overview",):
        assert not modules & set(DEFERRED), sorted(modules & set(DEFERRED))


def test_taghtia_run_reaches_the_server_without_pandas(tmp_path: Path) -> None:
    code = ("import json, sys\n"
            "from dashboard.cli import build_parser\n"
            "from dashboard.commands.run import streamlit_command\n"
            "args = build_parser('run').parse_args(['run', '--port', '8599'])\n"
            "assert args.handler is not None and streamlit_command(8599)\n"
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n")
    loaded = _modules_after(code, home=tmp_path)
    assert "dashboard" in loaded
    assert not loaded & {"pandas", "numpy", "geopandas", "sqlalchemy", "scipy"}, loaded


def test_no_store_is_found_without_sqlalchemy(tmp_path: Path) -> None:
    code = ("import json, sys\n"
            "from dashboard import sources\n"
            "assert sources.default_ref() is None\n"
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n")
    assert "sqlalchemy" not in _modules_after(code, home=tmp_path)
