"""Writing tables for people to open in a spreadsheet, safely.

Every CSV or XLSX Taghtia writes goes through :func:`write_table` (or
:func:`write_workbook`), which neutralises spreadsheet formulas. First, control characters
(C0 and C1, tab and line feed excepted) are removed from every text cell, so none can hide
what follows; then a text cell that starts, after any spaces, with ``=``, ``+``, ``-``,
``@`` or their full-width forms ``＝ ＋ － ＠``, or starts with a tab, gets a leading ``'`` so
that Excel or LibreOffice shows it as text instead of running it (CSV/formula injection).
Numbers are left as numbers. The data in memory is never changed.

CSV files are written in UTF-8 with a byte-order mark, so that Excel shows Arabic and
accented text correctly. A file is written beside its final name and renamed into place, so
a report is never left half-written and a reader never sees one.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from loaders.safe_text import strip_controls

__all__ = [
    "FORMULA_PREFIXES",
    "neutralise_formulas",
    "replace_file",
    "write_table",
    "write_workbook",
]

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
FORMATS: tuple[str, ...] = ("csv", "xlsx")


def _neutralise_cell(value: object) -> object:
    if not isinstance(value, str):
        return value
    text = strip_controls(value)
    if text.startswith("\t") or text.lstrip().startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``frame`` whose text cells cannot be run as spreadsheet formulas.

    Control characters are removed from text cells (and column names); those that then
    start with a tab, or after any spaces with ``=``, ``+``, ``-``, ``@`` or a full-width
    form of them, are prefixed with ``'``. Numeric, boolean and date columns are unchanged.

    Parameters
    ----------
    frame : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame; got {type(frame).__name__}")
    safe = frame.copy()
    for column in safe.columns:
        series = safe[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        if pd.api.types.is_datetime64_any_dtype(series):
            continue
        safe[column] = series.map(_neutralise_cell).astype(object)
    safe.columns = [_neutralise_cell(str(column)) for column in safe.columns]
    return safe


def _format_of(target: str | Path | BinaryIO, fmt: str | None) -> str:
    if fmt is None:
        if isinstance(target, (str, Path)):
            fmt = Path(target).suffix.lower().lstrip(".")
        else:
            fmt = Path(str(getattr(target, "name", ""))).suffix.lower().lstrip(".") or "csv"
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}; got {fmt!r}")
    return fmt


def _new_file_mode() -> int:
    """Permissions of a file created by ``open``: read-write under the process's umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def replace_file(data: bytes, path: str | Path) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, renamed into
    place (a reader never sees a half-written file; a failure leaves the old one).

    A symbolic link is followed: the file it points at is replaced, the link kept.

    Parameters
    ----------
    data : bytes
    path : str or Path

    Returns
    -------
    Path
        The file written (links resolved).
    """
    final = Path(os.path.realpath(path))
    handle, temporary = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp",
                                         dir=final.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, _new_file_mode())
        os.replace(temporary, final)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return final


def _write_bytes(data: bytes, target: str | Path | BinaryIO) -> None:
    """Write ``data`` to a buffer, or to a path through :func:`replace_file`."""
    if not isinstance(target, (str, Path)):
        target.write(data)
        return
    replace_file(data, target)


def write_table(
    frame: pd.DataFrame,
    target: str | Path | BinaryIO,
    fmt: str | None = None,
    *,
    sheet_name: str = "data",
    sep: str = ",",
    title: Sequence[str] = (),
    number_formats: Mapping[str, str] | None = None,
) -> None:
    """Write one table as CSV or XLSX, formulas neutralised.

    Parameters
    ----------
    frame : pandas.DataFrame
    target : str, Path or binary file object
        Where to write (a ``BytesIO`` for a download button).
    fmt : {"csv", "xlsx"}, optional
        Taken from the file name when omitted; ``csv`` for a buffer without a name.
    sheet_name : str
        Sheet name for XLSX.
    sep : str
        CSV delimiter (``,`` by default; ``;`` suits French-locale Excel).
    title : sequence of str
        XLSX only: lines written above the table (the first in bold) and kept as the
        workbook's title and description.
    number_formats : mapping of str to str, optional
        XLSX only: a spreadsheet number format (``"0%"``, ``"#,##0.0"``) per column header.

    Raises
    ------
    ValueError
        If the format is not ``csv`` or ``xlsx``.
    """
    fmt = _format_of(target, fmt)
    if fmt == "xlsx":
        write_workbook({sheet_name: frame}, target, title=title,
                       number_formats=number_formats)
        return
    safe = neutralise_formulas(frame)
    _write_bytes(safe.to_csv(index=False, sep=sep, lineterminator="\r\n").encode("utf-8-sig"),
                 target)


def write_workbook(sheets: Mapping[str, pd.DataFrame], target: str | Path | BinaryIO, *,
                   title: Sequence[str] = (),
                   number_formats: Mapping[str, str] | None = None) -> None:
    """Write several tables as the sheets of one XLSX workbook, formulas neutralised.

    Parameters
    ----------
    sheets : mapping of str to DataFrame
        Sheet name → table, in order (names are cut to Excel's 31 characters).
    target : str, Path or binary file object
    title : sequence of str
        Lines written above every table (the first in bold, a blank row before the
        header) and kept as the workbook's title (the first) and description (the others).
    number_formats : mapping of str to str, optional
        A spreadsheet number format per column header (columns of other names keep the
        default).
    """
    if not sheets:
        raise ValueError("sheets must hold at least one table")
    lines = [str(_neutralise_cell(strip_controls(str(line)))) for line in title]
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            safe = neutralise_formulas(frame)
            start = len(lines) + 1 if lines else 0
            safe.to_excel(writer, sheet_name=str(name)[:31], index=False, startrow=start)
            sheet = writer.sheets[str(name)[:31]]
            _decorate(sheet, lines, start, list(frame.columns), number_formats or {})
        if lines:
            writer.book.properties.title = lines[0]
            writer.book.properties.description = "\n".join(lines[1:]) or None
    _write_bytes(buffer.getvalue(), target)


def _decorate(sheet, lines: Sequence[str], start: int, headers: list,
              number_formats: Mapping[str, str]) -> None:
    """Title lines above a sheet's table, its header row frozen, its number formats."""
    from openpyxl.styles import Font

    for row, line in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=line)
        if row == 1:
            cell.font = Font(bold=True)
    sheet.freeze_panes = sheet.cell(row=start + 2, column=1)
    for position, header in enumerate(headers, start=1):
        fmt = number_formats.get(str(header))
        if not fmt:
            continue
        for (cell,) in sheet.iter_rows(min_row=start + 2, min_col=position, max_col=position):
            cell.number_format = fmt
