"""The dataset every page uses: centres and grants, loaded and validated by :mod:`loaders`.

A :class:`Dataset` is either the committed illustrative demo (``dashboard.demo``), the files
given to ``taghtia run --centres/--funding`` (environment ``TAGHTIA_CENTRES`` /
``TAGHTIA_FUNDING``), or files uploaded on the Data page. No Streamlit here.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

ENV_CENTRES = "TAGHTIA_CENTRES"
ENV_FUNDING = "TAGHTIA_FUNDING"


@dataclass
class Dataset:
    """Loaded centres and grants with their validation results.

    Attributes
    ----------
    name : str
        What the pages say they are using ("illustrative demo", a file name).
    is_demo : bool
        True for the generated illustrative data (every page then shows a notice).
    centres : loaders LoadResult
    funding : loaders LoadResult or None
    token : str
        Content fingerprint, the cache key of everything computed from this dataset.
    """

    name: str
    is_demo: bool
    centres: Any
    funding: Any | None
    token: str
    files: dict[str, str] = field(default_factory=dict)

    @property
    def centres_frame(self) -> pd.DataFrame:
        return self.centres.accepted

    @property
    def funding_frame(self) -> pd.DataFrame | None:
        return None if self.funding is None else self.funding.accepted


def _fingerprint(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def load_dataset(centres: bytes, funding: bytes | None, *, centres_name: str,
                 funding_name: str | None = None, name: str | None = None,
                 is_demo: bool = False, centres_map: dict[str, str] | None = None,
                 funding_map: dict[str, str] | None = None) -> Dataset:
    """Validate and match centre and funding file contents through :mod:`loaders`.

    Raises
    ------
    loaders.errors.TaghtiaError
        When a file cannot be read at all (bad rows never raise).
    """
    import io

    from loaders import load_centres, load_funding

    res = load_centres(io.BytesIO(centres), column_map=centres_map or None, name=centres_name)
    fund = None
    if funding is not None:
        fund = load_funding(io.BytesIO(funding), centres=res.accepted,
                            column_map=funding_map or None, name=funding_name)
    token = _fingerprint(centres, funding or b"", repr(sorted((centres_map or {}).items())),
                         repr(sorted((funding_map or {}).items())))
    files = {"centres": centres_name}
    if funding_name:
        files["funding"] = funding_name
    return Dataset(name or centres_name, is_demo, res, fund, token, files)


def _read(path: Path) -> bytes:
    from loaders.errors import FileReadError

    try:
        return path.read_bytes()
    except OSError as error:
        raise FileReadError(f"cannot read {path}: {error.strerror or error}") from error


def demo_dataset() -> Dataset:
    """The committed illustrative demo files, loaded through the loaders."""
    from dashboard.demo import demo_paths, generate_demo, to_csv_text

    centres_path, funding_path = demo_paths()
    if not (centres_path.is_file() and funding_path.is_file()):  # same seeded data, in memory
        centres, funding = generate_demo()
        return load_dataset(to_csv_text(centres).encode(), to_csv_text(funding).encode(),
                            centres_name=centres_path.name, funding_name=funding_path.name,
                            name="demo", is_demo=True)
    return load_dataset(_read(centres_path), _read(funding_path),
                        centres_name=centres_path.name, funding_name=funding_path.name,
                        name="demo", is_demo=True)


def default_dataset() -> Dataset:
    """Files named by ``taghtia run --centres/--funding`` if any, else the demo."""
    centres = os.environ.get(ENV_CENTRES)
    if not centres:
        return demo_dataset()
    funding = os.environ.get(ENV_FUNDING)
    centres_path = Path(centres)
    funding_path = Path(funding) if funding else None
    return load_dataset(_read(centres_path), _read(funding_path) if funding_path else None,
                        centres_name=centres_path.name,
                        funding_name=funding_path.name if funding_path else None)


def file_headers(content: bytes, name: str) -> list[str]:
    """Column headers of the first table of a file (first row with text), for column mapping."""
    from loaders.read import read_tables

    tables, _ = read_tables(content, name=name)
    for table in tables:
        for row in table.rows[:20]:
            cells = [str(c).strip() for c in row if c is not None and str(c).strip()]
            if len(cells) >= 2:
                return cells
    return []


def unknown_headers(content: bytes, name: str, recognised: dict[str, str]) -> list[str]:
    """Headers of a file that the loaders did not recognise as any field."""
    known = {str(h).strip() for h in recognised.values()}
    return [h for h in file_headers(content, name) if h not in known]
