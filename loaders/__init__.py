"""Reading, validating and matching user data (centres, funding) to communes.

Public API
----------
load_centres(source, *, sheet=None, column_map=None, name=None) -> LoadResult
    A registry of centres, each row matched to one of the 1,503 communes.
load_funding(source, *, centres=None, sheet=None, column_map=None, name=None) -> LoadResult
    Grants, linked to the accepted centres by ``centre_id`` or located like centres.
load_workbook(source, name=None) -> WorkbookResult
    A workbook holding a centres sheet and, optionally, a funding sheet
    (``financements``, ``funding``, ``تمويل``…), or a single centres file.
load_inputs(centres, funding=None, *, sheet=None, column_map=None, ...) -> Inputs
    The one loading path of the app, the commands and the store: a centres file and its
    grants (the funding file, else the workbook's funding sheet), with the bytes read.

Each has an ``*_isolated`` twin in :mod:`loaders.sandbox` that reads the file in a worker
process bounded in time and memory: use those for files from outside (uploads, the command
line). Every reader applies the limits of :mod:`loaders.limits` (size, rows, cells, columns,
ZIP inflation, JSON nesting), listed in ``docs/limits.md``. To show a file before loading
it, :mod:`loaders.preview` reads only its first rows (``preview_tables``, ``file_headers``).

``source`` is a path, bytes or a binary file object (an upload); ``name`` is the file name
of an upload, used in messages. A file that cannot be read at all raises a
:class:`loaders.errors.FileReadError` (one-line message); a bad *row* never raises, it is
rejected with its reasons in ``LoadResult.issues``. ``len(accepted) + rejected_count ==
rows_read`` always.

Accepted centres columns: ``row, centre_id, name, centre_type, services, management_mode,
status, partner, opened_year, capacity, beneficiaries, latitude, longitude, commune_code,
match_method, match_score``. Accepted funding columns: ``row, centre_id, year, amount_mad,
source, partner, purpose, commune_code, match_method, match_score``. See
:mod:`loaders.validate` for the rules and :mod:`loaders.match` for matching.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from loaders.api import (
        InputFile,
        Inputs,
        LoadResult,
        WorkbookResult,
        load_centres,
        load_funding,
        load_inputs,
        load_workbook,
    )

__all__ = [
    "InputFile",
    "Inputs",
    "LoadResult",
    "WorkbookResult",
    "load_centres",
    "load_funding",
    "load_inputs",
    "load_workbook",
]

_PUBLIC = frozenset((*__all__, "CENTRE_SHEET_NAMES", "FUNDING_SHEET_NAMES"))


def __getattr__(name: str):
    """The loading functions on first use (:mod:`loaders.api` imports pandas and the
    readers); submodules (``from loaders import sandbox``) import as usual."""
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from loaders import api

    value = getattr(api, name)
    globals()[name] = value
    return value
