"""The public loading functions, re-exported by :mod:`loaders` (see its docstring).

They live here, not in ``loaders/__init__.py``, so that ``import loaders.errors`` (the
``taghtia`` command line, the store's names) does not import pandas and the readers.
"""


from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from loaders.columns import FUNDING_FIELDS, find_header
from loaders.errors import HeaderError
from loaders.inputs import InputFile, Inputs
from loaders.messages import Message
from loaders.names import normalise_name
from loaders.read import WORKBOOK_FORMATS, RawTable, Source, read_tables, source_bytes
from loaders.validate import LoadResult, validate_centres
from loaders.validate import validate_funding as _validate_funding

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

FUNDING_SHEET_NAMES: tuple[str, ...] = (
    "financements", "financement", "funding", "fundings", "subventions", "subvention",
    "grants", "grant", "budget", "dotations", "تمويل", "التمويل", "تمويلات", "الدعم", "المنح",
    "الاعتمادات",
)
CENTRE_SHEET_NAMES: tuple[str, ...] = (
    "centres", "centre", "centers", "etablissements", "établissements", "registre",
    "المراكز", "المؤسسات",
)


@dataclass
class WorkbookResult:
    """Centres and (when the workbook has a funding sheet) grants of one file."""

    centres: LoadResult
    funding: LoadResult | None = None



def looks_like_funding(raw: RawTable) -> bool:
    """True when a table's header names an amount and a year but no centre type."""
    try:
        mapping = find_header(raw.rows, (*FUNDING_FIELDS, "centre_type", "name"),
                              header_known=raw.header_known)
    except HeaderError:
        return False
    return mapping.has("amount_mad") and not mapping.has("centre_type")


def sheet_key(name: object) -> str:
    """Normalised sheet name, for choosing sheets by name."""
    return normalise_name(name)


def _find_sheet(tables: list[RawTable], sheet: str | int, display: str) -> RawTable:
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if 0 <= sheet < len(tables):
            return tables[sheet]
    else:
        wanted = sheet_key(sheet)
        for table in tables:
            if sheet_key(table.sheet) == wanted:
                return table
    names = ", ".join(repr(table.sheet) for table in tables if table.sheet is not None)
    if not names:
        raise HeaderError(Message("{file} has no sheet {sheet}; its sheets are: none",
                                  file=display, sheet=repr(sheet)))
    raise HeaderError(Message("{file} has no sheet {sheet}; its sheets are: {names}",
                              file=display, sheet=repr(sheet), names=names))


def _is_named(table: RawTable, names: tuple[str, ...]) -> bool:
    key = sheet_key(table.sheet)
    keys = {sheet_key(name) for name in names}
    return key in keys or any(part in keys for part in key.split(" "))


def _funding_table(tables: list[RawTable]) -> RawTable | None:
    if len(tables) < 2:
        return None
    for table in tables:
        if _is_named(table, FUNDING_SHEET_NAMES) and table.rows:
            return table
    for table in tables:
        if table.rows and looks_like_funding(table):
            return table
    return None


def _centres_table(tables: list[RawTable], funding: RawTable | None) -> RawTable:
    candidates = [table for table in tables if table is not funding and table.rows]
    for table in candidates:
        if _is_named(table, CENTRE_SHEET_NAMES):
            return table
    for table in candidates:
        if not looks_like_funding(table):
            return table
    return candidates[0] if candidates else tables[0]


def _pick_table(source: Source, name: str | None, sheet: str | int | None,
                default: Callable[[list[RawTable]], RawTable]) -> tuple[RawTable, str]:
    """The table of ``source`` to load (sheet ``sheet`` when given, else ``default`` of its
    tables) and the file's name for messages."""
    tables, display = read_tables(source, name)
    if sheet is not None:
        return _find_sheet(tables, sheet, display), display
    return default(tables), display


def _check_kwargs(column_map: Mapping[str, str] | None, sheet: object) -> None:
    if column_map is not None and not isinstance(column_map, Mapping):
        raise TypeError("column_map must be a mapping {field: header as in the file}")
    if sheet is not None and not isinstance(sheet, (str, int)):
        raise TypeError(f"sheet must be a sheet name or index; got {type(sheet).__name__}")


def load_centres(
    source: Source,
    *,
    sheet: str | int | None = None,
    column_map: Mapping[str, str] | None = None,
    name: str | None = None,
) -> LoadResult:
    """Read a registry of centres and match every row to a commune.

    Parameters
    ----------
    source : str, Path, bytes or binary file object
        CSV (any of ``, ; tab |``; UTF-8, UTF-16, cp1252, cp1256), XLSX, XLS, ODS,
        GeoJSON or GeoPackage of points.
    sheet : str or int, optional
        Sheet of a workbook (name, case/accent-insensitive, or 0-based index). By default
        the sheet named like ``centres``, else the first sheet that is not a funding sheet.
    column_map : mapping, optional
        ``{field: header}`` for headers Taghtia does not recognise, e.g.
        ``{"centre_type": "Catégorie EN"}``.
    name : str, optional
        File name of an upload (for messages and format hints).

    Returns
    -------
    LoadResult

    Raises
    ------
    loaders.errors.FileReadError
        The file cannot be read at all (empty, wrong format, no recognisable header).
    """
    _check_kwargs(column_map, sheet)
    table, display = _pick_table(source, name, sheet,
                                 lambda tables: _centres_table(tables, _funding_table(tables)))
    return validate_centres(table, source_name=display, column_map=column_map)


def load_funding(
    source: Source,
    *,
    centres: pd.DataFrame | None = None,
    sheet: str | int | None = None,
    column_map: Mapping[str, str] | None = None,
    name: str | None = None,
) -> LoadResult:
    """Read grants and link each to a centre (by ``centre_id``) or a commune.

    Parameters
    ----------
    source : str, Path, bytes or binary file object
        As for :func:`load_centres`.
    centres : pandas.DataFrame, optional
        Accepted centres (``LoadResult.accepted``); a grant's ``centre_id`` must be one of
        them and the grant takes that centre's commune.
    sheet : str or int, optional
        Sheet of a workbook; by default the sheet named like ``financements``/``funding``/
        ``تمويل``, else the first sheet whose header names an amount.
    column_map, name
        As for :func:`load_centres`.

    Returns
    -------
    LoadResult

    Raises
    ------
    loaders.errors.FileReadError
        The file cannot be read at all.
    """
    _check_kwargs(column_map, sheet)
    if centres is not None and not isinstance(centres, pd.DataFrame):
        raise TypeError("centres must be the accepted centres DataFrame (LoadResult.accepted)")
    table, display = _pick_table(source, name, sheet,
                                 lambda tables: _funding_table(tables) or tables[0])
    return _validate_funding(table, centres=centres, source_name=display,
                             column_map=column_map)


def load_workbook(
    source: Source,
    name: str | None = None,
    *,
    sheet: str | int | None = None,
    column_map: Mapping[str, str] | None = None,
    funding_column_map: Mapping[str, str] | None = None,
) -> WorkbookResult:
    """Load the centres sheet of a file and, when there is one, its funding sheet.

    A workbook (XLSX, XLS, ODS) may hold a centres sheet and a funding sheet
    (``financements``, ``funding``, ``تمويل``, ``subventions``… or any sheet whose header
    names an amount and a year); grants are linked to the accepted centres. Any other file
    holds centres only (``funding`` is ``None``).

    Parameters
    ----------
    source, name
        As for :func:`load_centres`.
    sheet : str or int, optional
        The centres sheet, when the automatic choice is not the right one.
    column_map, funding_column_map : mapping, optional
        Explicit ``{field: header}`` for the centres and the funding sheet.

    Raises
    ------
    loaders.errors.FileReadError
        The file cannot be read at all.
    """
    _check_kwargs(column_map, sheet)
    _check_kwargs(funding_column_map, None)
    tables, display = read_tables(source, name)
    funding_table = (
        _funding_table(tables) if tables[0].file_format in WORKBOOK_FORMATS else None
    )
    if sheet is not None:
        centres_table = _find_sheet(tables, sheet, display)
        if funding_table is centres_table:
            funding_table = None
    else:
        centres_table = _centres_table(tables, funding_table)
    centres = validate_centres(centres_table, source_name=display, column_map=column_map)
    funding = None
    if funding_table is not None:
        funding = _validate_funding(funding_table, centres=centres.accepted,
                                    source_name=display, column_map=funding_column_map,
                                    allow_empty=True)
    return WorkbookResult(centres, funding)


def _mapping(value: Mapping[str, str] | None) -> dict[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise TypeError("column_map must be a mapping {field: header as in the file}")
    return dict(value) or None


def load_inputs(
    centres: Source,
    funding: Source | None = None,
    *,
    sheet: str | int | None = None,
    column_map: Mapping[str, str] | None = None,
    funding_column_map: Mapping[str, str] | None = None,
    centres_name: str | None = None,
    funding_name: str | None = None,
) -> Inputs:
    """Load a centres file and its grants: from ``funding``, else the workbook's funding sheet.

    Parameters
    ----------
    centres : str, Path, bytes or binary file object
        Centres file (CSV, XLSX, XLS, ODS, GeoJSON, GeoPackage). A workbook may also hold a
        funding sheet (``financements``, ``funding``, ``تمويل``…), loaded when ``funding``
        is not given.
    funding : str, Path, bytes or binary file object, optional
        Grants file; its rows are linked to the accepted centres.
    sheet : str or int, optional
        The centres sheet of a workbook, when the automatic choice is not the right one.
    column_map, funding_column_map : mapping, optional
        ``{field: header}`` for headers Taghtia does not recognise, in the centres and the
        funding table.
    centres_name, funding_name : str, optional
        File names of uploads (for messages and format hints).

    Returns
    -------
    Inputs

    Raises
    ------
    loaders.errors.FileReadError
        A file cannot be read at all (bad rows never raise).
    TypeError
        An argument of the wrong kind.
    """
    if sheet is not None and (isinstance(sheet, bool) or not isinstance(sheet, (str, int))):
        raise TypeError(f"sheet must be a sheet name or index; got {type(sheet).__name__}")
    centres_map, funding_map = _mapping(column_map), _mapping(funding_column_map)
    centres_bytes, centres_display = source_bytes(centres, centres_name)
    files = [InputFile("centres", centres_display, centres_bytes)]
    if funding is None:
        book = load_workbook(centres_bytes, centres_display, sheet=sheet,
                             column_map=centres_map, funding_column_map=funding_map)
        centres_result, funding_result = book.centres, book.funding
    else:
        funding_bytes, funding_display = source_bytes(funding, funding_name)
        files.append(InputFile("funding", funding_display, funding_bytes))
        centres_result = load_centres(centres_bytes, sheet=sheet, column_map=centres_map,
                                      name=centres_display)
        funding_result = load_funding(funding_bytes, centres=centres_result.accepted,
                                      column_map=funding_map, name=funding_display)
    options: dict[str, object] = {}
    if sheet is not None:
        options["sheet"] = sheet
    if centres_map:
        options["column_map"] = centres_map
    if funding_map:
        options["funding_column_map"] = funding_map
    return Inputs(centres_result, funding_result, tuple(files), options)
