"""What a page shows of a file before loading it: its first rows and its column headers.

Both read only the first rows of each sheet (:func:`loaders.read.read_head`), so a preview of
a file of any length costs what its first rows cost; the limits of :mod:`loaders.limits`
still apply to what is read.
"""

from __future__ import annotations

from loaders.read import HEAD_ROWS, RawTable, Source, read_head

__all__ = ["file_headers", "preview_tables"]


def preview_tables(source: Source, name: str | None = None,
                   rows: int = HEAD_ROWS) -> list[RawTable]:
    """The first ``rows`` non-empty rows of every sheet or layer of a file.

    Raises
    ------
    loaders.errors.FileReadError
        The file cannot be read at all.
    """
    tables, _ = read_head(source, name, rows)
    return tables


def file_headers(source: Source, name: str | None = None) -> list[str]:
    """Column headers of the first table of a file: the first row holding two texts or more
    among its first rows, for mapping columns by hand.

    Raises
    ------
    loaders.errors.FileReadError
        The file cannot be read at all.
    """
    for table in preview_tables(source, name):
        for row in table.rows:
            cells = [str(cell).strip() for cell in row
                     if cell is not None and str(cell).strip()]
            if len(cells) >= 2:
                return cells
    return []
