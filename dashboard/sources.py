"""Where the data of a page or a command comes from: a stored dataset, files, or the demo.

Every path goes through :func:`loaders.load_inputs` (files) or the store (which saved what
that function returned), so a workbook's funding sheet is read everywhere. The order when
nothing is named: the store's default dataset, else the illustrative demo — written once,
here (:func:`demo`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from loaders.inputs import Inputs
from loaders.read import Source
from loaders.validate import LoadResult

ENV_CENTRES = "TAGHTIA_CENTRES"  # set by `taghtia run --centres`
ENV_FUNDING = "TAGHTIA_FUNDING"  # set by `taghtia run --funding`
ENV_DATASET = "TAGHTIA_DATASET"  # set by `taghtia run --dataset`


@dataclass
class Dataset:
    """Validated centres and grants, and what they are.

    Attributes
    ----------
    name : str
        What pages and reports say they show: ``khenifra v3``, a file name, ``demo``.
    is_demo : bool
        True for the generated illustrative data (every page then shows a notice).
    inputs : loaders.inputs.Inputs
    token : str
        Content fingerprint, the cache key of everything computed from this dataset.
    stored : str or None
        ``name@version`` when the data comes from the store.
    """

    name: str
    is_demo: bool
    inputs: Inputs
    token: str
    stored: str | None = None

    @property
    def centres(self) -> LoadResult:
        return self.inputs.centres

    @property
    def funding(self) -> LoadResult | None:
        return self.inputs.funding

    @property
    def centres_frame(self) -> pd.DataFrame:
        return self.inputs.centres_frame

    @property
    def funding_frame(self) -> pd.DataFrame | None:
        return self.inputs.funding_frame

    @property
    def files(self) -> dict[str, str]:
        """File name per role (``centres``, ``funding``)."""
        return {file.role: file.name for file in self.inputs.files}


def from_inputs(inputs: Inputs, *, name: str | None = None, is_demo: bool = False) -> Dataset:
    """A :class:`Dataset` of freshly loaded files (named after them unless ``name``)."""
    label = name or " + ".join(inputs.file_names) or "upload"
    return Dataset(label, is_demo, inputs, inputs.fingerprint[:16])


def from_files(centres: Source, funding: Source | None = None, *, name: str | None = None,
               is_demo: bool = False, **options) -> Dataset:
    """Load files through :func:`loaders.load_inputs` (``options``: its keywords).

    Raises
    ------
    loaders.errors.FileReadError
        A file cannot be read at all.
    """
    from loaders import load_inputs

    return from_inputs(load_inputs(centres, funding, **options), name=name, is_demo=is_demo)


def demo() -> Dataset:
    """The illustrative demo: the committed files, else the same seeded data generated."""
    from dashboard.demo import demo_paths, generate_demo, to_csv_text

    centres_path, funding_path = demo_paths()
    if centres_path.is_file() and funding_path.is_file():
        return from_files(centres_path, funding_path, name="demo", is_demo=True)
    centres, funding = generate_demo()
    return from_files(to_csv_text(centres).encode(), to_csv_text(funding).encode(),
                      centres_name=centres_path.name, funding_name=funding_path.name,
                      name="demo", is_demo=True)


def stored_label(name: str, version: int) -> str:
    """``khenifra v3``: how pages and reports name a stored version."""
    return f"{name} v{version}"


def from_store(ref: str) -> Dataset:
    """A stored dataset, ``name`` (version in force) or ``name@version``.

    Raises
    ------
    dashboard.store.StoreError
        Unknown dataset or version (the message lists the known names), or no store.
    """
    from dashboard.store import open_store, parse_ref

    name, version = parse_ref(ref)
    opened = open_store().open(name, version)
    info = opened.info
    return Dataset(stored_label(name, info.number), False, opened.inputs,
                   info.fingerprint[:16], stored=info.ref)


def default_ref() -> str | None:
    """The store's default dataset, or None (no store yet, or no default set)."""
    from dashboard.store import open_store, store_exists

    if not store_exists():
        return None
    return open_store().default()


def resolve(*, centres: str | Path | None = None, funding: str | Path | None = None,
            dataset: str | None = None, **options) -> Dataset:
    """The data a command or the app was asked for.

    ``dataset`` (a stored ``name[@version]``), else the files ``centres`` (+ ``funding``),
    else the store's default dataset, else the demo.
    """
    if dataset:
        return from_store(dataset)
    if centres is not None:
        return from_files(centres, funding, **options)
    ref = default_ref()
    return from_store(ref) if ref else demo()


def start_ref() -> str | None:
    """The stored dataset to open when none is asked for: ``taghtia run --dataset``, else
    (unless ``run`` was given files) the store's default dataset; None for files or demo."""
    import os

    named = os.environ.get(ENV_DATASET)
    if named:
        return named
    if os.environ.get(ENV_CENTRES):
        return None
    return default_ref()


def files_or_demo() -> Dataset:
    """The files ``taghtia run --centres/--funding`` was given, else the demo."""
    import os

    centres = os.environ.get(ENV_CENTRES)
    if not centres:
        return demo()
    return from_files(Path(centres), Path(os.environ[ENV_FUNDING])
                      if os.environ.get(ENV_FUNDING) else None)


def started_with() -> Dataset:
    """The data ``taghtia run`` was started on (``--dataset``, or ``--centres/--funding``
    files), else the store's default dataset, else the demo."""
    ref = start_ref()
    return from_store(ref) if ref else files_or_demo()
