"""Writing tables for people to open in a spreadsheet, safely.

Every CSV or XLSX Taghtia writes goes through :func:`write_table` (or
:func:`write_workbook`), which neutralises spreadsheet formulas: a text cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so that
Excel or LibreOffice shows it as text instead of running it (CSV/formula injection).
Numbers are left as numbers. The data in memory is never changed.

CSV files are written in UTF-8 with a byte-order mark, so that Excel shows Arabic and
accented text correctly.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

import pandas as pd

__all__ = ["FORMULA_PREFIXES", "neutralise_formulas", "write_table", "write_workbook"]

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
FORMATS: tuple[str, ...] = ("csv", "xlsx")


def _neutralise_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``frame`` whose text cells cannot be run as spreadsheet formulas.

    Text cells (and column names) starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
    return are prefixed with ``'``. Numeric, boolean and date columns are unchanged.

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


def _clean_for_excel(frame: pd.DataFrame) -> pd.DataFrame:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def clean(value: object) -> object:
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(clean)
    return out


def write_table(
    frame: pd.DataFrame,
    target: str | Path | BinaryIO,
    fmt: str | None = None,
    *,
    sheet_name: str = "data",
    sep: str = ",",
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

    Raises
    ------
    ValueError
        If the format is not ``csv`` or ``xlsx``.
    """
    fmt = _format_of(target, fmt)
    if fmt == "xlsx":
        write_workbook({sheet_name: frame}, target)
        return
    safe = neutralise_formulas(frame)
    data = safe.to_csv(index=False, sep=sep, lineterminator="\r\n").encode("utf-8-sig")
    if isinstance(target, (str, Path)):
        Path(target).write_bytes(data)
    else:
        target.write(data)


def write_workbook(sheets: Mapping[str, pd.DataFrame], target: str | Path | BinaryIO) -> None:
    """Write several tables as the sheets of one XLSX workbook, formulas neutralised.

    Parameters
    ----------
    sheets : mapping of str to DataFrame
        Sheet name → table, in order (names are cut to Excel's 31 characters).
    target : str, Path or binary file object
    """
    if not sheets:
        raise ValueError("sheets must hold at least one table")
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            safe = _clean_for_excel(neutralise_formulas(frame))
            safe.to_excel(writer, sheet_name=str(name)[:31], index=False)
    data = buffer.getvalue()
    if isinstance(target, (str, Path)):
        Path(target).write_bytes(data)
    else:
        target.write(data)
