"""One loading path: the centres (and grants) a caller gets from one or two files.

Every caller — the Data page, ``taghtia run --centres``, every command, the store's import —
loads files through :func:`load_inputs`, so a workbook's funding sheet (``financements``,
``تمويل``, ``funding``…) is found everywhere or nowhere. The bytes of each file are read
once and kept, with their SHA-256, so that the store can keep exactly what was validated.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from loaders.read import Source, source_bytes
from loaders.validate import LoadResult

__all__ = ["InputFile", "Inputs", "load_inputs"]


@dataclass(frozen=True)
class InputFile:
    """One file as it was read: its role, name and bytes.

    Attributes
    ----------
    role : str
        ``centres`` or ``funding`` (a workbook holding both sheets is one ``centres`` file).
    name : str
        File name (of the path, or of the upload).
    content : bytes
        The bytes validated.
    """

    role: str
    name: str
    content: bytes = field(repr=False)

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of :attr:`content`."""
        return hashlib.sha256(self.content).hexdigest()


@dataclass
class Inputs:
    """Validated centres and grants of one or two files.

    Attributes
    ----------
    centres : LoadResult
    funding : LoadResult or None
        ``None`` when there is no funding file and the centres file has no funding sheet.
    files : tuple of InputFile
        What was read, centres file first.
    options : dict
        How the files were read (``sheet``, ``column_map``, ``funding_column_map``), for
        reproducing the load.
    """

    centres: LoadResult
    funding: LoadResult | None
    files: tuple[InputFile, ...] = ()
    options: dict[str, object] = field(default_factory=dict)

    @property
    def centres_frame(self) -> pd.DataFrame:
        """Accepted centres."""
        return self.centres.accepted

    @property
    def funding_frame(self) -> pd.DataFrame | None:
        """Accepted grants, or ``None`` without funding."""
        return None if self.funding is None else self.funding.accepted

    @property
    def file_names(self) -> list[str]:
        """Names of the files read, centres first."""
        return [file.name for file in self.files]

    @property
    def fingerprint(self) -> str:
        """SHA-256 over the files' bytes and the reading options: equal fingerprints mean
        the same rows."""
        digest = hashlib.sha256()
        for file in self.files:
            digest.update(f"{file.role}\0{file.sha256}\0".encode())
        digest.update(repr(sorted((k, repr(v)) for k, v in self.options.items())).encode())
        return digest.hexdigest()


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
    from loaders import load_centres, load_funding, load_workbook

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
