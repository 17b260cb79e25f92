"""Where the data of a page or a command comes from: a stored dataset, files, or the demo.

Every path goes through :func:`loaders.load_inputs` (files) or the store (which saved what
that function returned), so a workbook's funding sheet is read everywhere; files a person
gave (commands' ``--centres``, ``taghtia run --centres``, uploads) are read in a worker
process bounded in time and memory (:func:`from_untrusted_files`). The order when
nothing is named: the store's default dataset, else the illustrative demo — written once,
here (:func:`demo`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.disk_cache import cache_dir, fingerprint, read_pickle, write_pickle

if TYPE_CHECKING:  # pandas and the loaders are imported where data is read
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
        ``name@version`` when the data comes from the store (``registry`` for the registry).
    provinces : pandas.DataFrame or None
        For the registry: where each province's rows come from
        (:func:`dashboard.store.registry.sources`: dataset, version, imported_at,
        imported_by); None otherwise.
    """

    name: str
    is_demo: bool
    inputs: Inputs
    token: str
    stored: str | None = None
    provinces: pd.DataFrame | None = None

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


def from_untrusted_files(centres: Source, funding: Source | None = None, *,
                         name: str | None = None, **options) -> Dataset:
    """:func:`from_files` for files a person gave: read in a worker process bounded in time
    and memory (:func:`loaders.sandbox.load_inputs_isolated`, ``TAGHTIA_MAX_SECONDS``,
    ``TAGHTIA_MAX_MEMORY_MB``), so a file that gets past the readers' own limits costs the
    worker, never the command or the server.

    Raises
    ------
    loaders.errors.TaghtiaError
        A file cannot be read, or is over a limit.
    """
    from loaders.sandbox import load_inputs_isolated

    return from_inputs(load_inputs_isolated(centres, funding, **options), name=name)


def _demo_key(paths: tuple[Path, ...]) -> str:
    """Fingerprint of everything the validated demo depends on: the demo files, the code
    of the loaders and of this module, the reference geography files and the library
    versions that write and read the cached frames."""
    import platform

    import pandas as pd

    import loaders
    from geodata import DATA_DIR

    code = [*sorted(Path(loaders.__file__).parent.rglob("*.py")), Path(__file__)]
    return fingerprint([*paths, *code], stat_only=sorted(DATA_DIR.glob("*")),
                       extra=f"{platform.python_version()} {pd.__version__}")


def _validated_demo(centres_path: Path, funding_path: Path) -> Dataset:
    """The committed demo files validated and matched once, then read back from the cache
    (:func:`dashboard.disk_cache.cache_dir`, a pickle named by :func:`_demo_key`): a start
    opens the accepted rows instead of validating 4,000 rows again. A cache that cannot be
    read or written is skipped (the files are validated as before)."""
    try:
        path: Path | None = cache_dir() / f"demo-{_demo_key((centres_path, funding_path))}.pickle"
    except (OSError, RuntimeError):  # no home directory, a file that cannot be read
        path = None
    if path is not None:
        found = read_pickle(path)
        if isinstance(found, Dataset):
            return found
    found = from_files(centres_path, funding_path, name="demo", is_demo=True)
    if path is not None:
        write_pickle(path, found)  # replaces a damaged or foreign file
    return found


def demo() -> Dataset:
    """The illustrative demo: the embedded files (validated once, then read back from the
    cache: :func:`_validated_demo`)."""
    from dashboard.demo import demo_paths

    return _validated_demo(*demo_paths())


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
    from dashboard.store.names import REGISTRY

    name, version = parse_ref(ref)
    if name == REGISTRY:
        if version is not None:
            from dashboard.store.errors import N_, StoreError

            raise StoreError.of(N_("The registry has no versions: open it as it is now "
                                   "(registry), or compare it between two dates (taghtia "
                                   "compare --dataset registry --from DATE --to DATE)."))
        return from_registry()
    opened = open_store().open(name, version)
    info = opened.info
    return Dataset(stored_label(name, info.number), False, opened.inputs,
                   info.fingerprint[:16], stored=info.ref)


def registry_moment(day: dt.date | None) -> dt.datetime | None:
    """The end of ``day`` (UTC), the moment the registry is read at for that date."""
    if day is None:
        return None
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)


def from_registry(day: dt.date | None = None) -> Dataset:
    """The national registry (:mod:`dashboard.store.registry`): now, or as it stood at the
    end of ``day``.

    Raises
    ------
    dashboard.store.StoreError
        An empty registry (no dataset with a territory), or no store.
    """
    from dashboard.store import open_store
    from dashboard.store.names import REGISTRY
    from dashboard.store.registry import token

    provinces, inputs = open_store().open_registry(registry_moment(day))
    supplied = int(provinces["dataset"].notna().sum())
    label = f"{REGISTRY} ({supplied}/{len(provinces)})" + (f" {day.isoformat()}" if day else "")
    return Dataset(label, False, inputs, token(provinces)[:16], stored=REGISTRY,
                   provinces=provinces)


def registry_status(stale_days: int | None = None):
    """The registry's status now (:func:`dashboard.calc.registry.registry_status`), from the
    configured store: the command ``taghtia registry status`` and the Data page."""
    from dashboard.calc.registry import DEFAULT_STALE_DAYS
    from dashboard.calc.registry import registry_status as status_of
    from dashboard.store import open_store

    store = open_store()
    provinces = store.registry()
    return status_of(provinces, store.registry_counts(provinces),
                     stale_days=DEFAULT_STALE_DAYS if stale_days is None else stale_days)


def default_ref() -> str | None:
    """The store's default dataset, or None (no store yet, or no default set)."""
    from dashboard.store import default_dataset

    return default_dataset()


def resolve(*, centres: str | Path | None = None, funding: str | Path | None = None,
            dataset: str | None = None, **options) -> Dataset:
    """The data a command or the app was asked for.

    ``dataset`` (a stored ``name[@version]``), else the files ``centres`` (+ ``funding``),
    else the store's default dataset, else the demo.
    """
    if dataset:
        return from_store(dataset)
    if centres is not None:
        return from_untrusted_files(centres, funding, **options)
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
    return from_untrusted_files(Path(centres), Path(os.environ[ENV_FUNDING])
                                if os.environ.get(ENV_FUNDING) else None)


def started_with() -> Dataset:
    """The data ``taghtia run`` was started on (``--dataset``, or ``--centres/--funding``
    files), else the store's default dataset, else the demo."""
    ref = start_ref()
    return from_store(ref) if ref else files_or_demo()
