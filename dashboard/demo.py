"""The embedded illustrative demo data: where its files are, and copying them out.

The two files under ``dashboard/demo_data/`` are generated (seeded, calibrated on published
figures, labelled illustrative on every row) by the demo generator, a build-time tool kept
out of the package (``make demo``, :mod:`tools.demo`; ``dashboard/demo_data/README.md``
says how they are made). The app, the commands and the store read them from here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

DEMO_DIR = Path(__file__).parent / "demo_data"
CENTRES_FILE = "centres_illustrative.csv"
FUNDING_FILE = "funding_illustrative.csv"
DEFAULT_SEED = 2024
"""The seed of the embedded files."""


def demo_paths() -> tuple[Path, Path]:
    """Paths of the embedded illustrative files ``(centres, funding)``."""
    return DEMO_DIR / CENTRES_FILE, DEMO_DIR / FUNDING_FILE


def write_demo(directory: str | Path) -> tuple[Path, Path]:
    """Copy the embedded illustrative centre and funding files into ``directory``.

    Parameters
    ----------
    directory : str or Path
        Created if missing.

    Returns
    -------
    (Path, Path)
        The centre and funding files written.

    Raises
    ------
    OSError
        The directory cannot be created or written.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    targets = (directory / CENTRES_FILE, directory / FUNDING_FILE)
    for source, target in zip(demo_paths(), targets, strict=True):
        shutil.copyfile(source, target)
    return targets
