"""Collecting the rows of a sheet under the limits, whatever the format that holds them.

Every reader (CSV, XLSX, ODS, XLS, point layers) hands its rows to one
:class:`SheetBuilder`, which leaves out empty rows, trims empty cells at the end of a row and
refuses the file as soon as a sheet has too many rows or columns, or the file too many cells
(:mod:`loaders.limits`). A bounded read (``max_rows``) stops quietly instead: it is how
header detection and previews read only the first rows of a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.errors import LimitError
from loaders.limits import Limits, refuse
from loaders.messages import Message

__all__ = ["CellBudget", "HeadReached", "SheetBuilder", "cell_name", "check_cell_lengths",
           "is_blank_cell"]

_SPLIT = Message("split the file")


def is_blank_cell(value: object) -> bool:
    """True for a cell that holds nothing: ``None`` or text made only of spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def cell_name(row: int, column: int) -> str:
    """A spreadsheet's name of a cell: ``cell_name(14, 3)`` → ``C14`` (1-based column)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def check_cell_lengths(rows: list[list[object]], row_numbers: list[int], limits: Limits,
                       sheet: str | None = None, *, features: bool = False) -> None:
    """Refuse a table with a text cell longer than ``limits.cell_chars``, naming the cell
    (``features``: a point layer's, by feature number and property, its first row being the
    names of the properties).

    Raises
    ------
    LimitError
        ``sheet "Centres", cell C14: 40,000,000 characters > 32,767: shorten the cell or
        raise TAGHTIA_MAX_CELL_CHARS``.
    """
    limit = limits.cell_chars
    for number, cells in zip(row_numbers, rows, strict=True):
        for column, value in enumerate(cells, start=1):
            if value.__class__ is str and len(value) > limit:  # type: ignore[arg-type]
                where = Message('sheet "{sheet}", ', sheet=sheet) if sheet else ""
                cell = (Message("feature {number}, property {name}", number=number,
                                name=rows[0][column - 1]) if features
                        else Message("cell {cell}", cell=cell_name(number, column)))
                problem = refuse("cell_chars", limit, Message("characters"),
                                 Message("shorten the cell"), len(value))  # type: ignore[arg-type]
                raise LimitError(Message("{where}{cell}: {problem}", where=where, cell=cell,
                                         problem=problem.message))


class HeadReached(Exception):  # noqa: N818 - a signal, not an error
    """Raised by :meth:`SheetBuilder.add` when a bounded read has all the rows it wants."""


@dataclass
class CellBudget:
    """Cells left for the whole file (all sheets together)."""

    limits: Limits
    used: int = 0

    def spend(self, count: int) -> None:
        """Count ``count`` more cells; refuse the file past ``limits.cells``."""
        self.used += count
        if self.used > self.limits.cells:
            raise refuse("cells", self.limits.cells, Message("cells"), _SPLIT)


@dataclass
class SheetBuilder:
    """Rows of one sheet, checked against the limits as they arrive.

    Parameters
    ----------
    budget : CellBudget
        Shared by every sheet of the file.
    max_rows : int, optional
        Stop after this many non-empty rows (raise :class:`HeadReached`) instead of reading
        the whole sheet.
    """

    budget: CellBudget
    max_rows: int | None = None
    rows: list[list[object]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)

    @property
    def limits(self) -> Limits:
        """The limits in force."""
        return self.budget.limits

    def check_column(self, column: int) -> None:
        """Refuse a sheet with a value in column ``column`` (1-based) past the limit."""
        if column > self.limits.columns:
            raise refuse("columns", self.limits.columns, Message("columns"),
                         Message("keep only the columns Taghtia reads"), column)

    def add(self, number: int, cells: list[object]) -> None:
        """Add row ``number`` (as the user sees it) unless it is empty.

        Raises
        ------
        LimitError
            Over the rows, columns or cells limit.
        HeadReached
            A bounded read has its rows.
        """
        end = len(cells)
        while end and is_blank_cell(cells[end - 1]):
            end -= 1
        if not end:
            return
        self.check_column(end)
        if self.max_rows is not None and len(self.rows) >= self.max_rows:
            raise HeadReached
        if len(self.rows) > self.limits.rows:  # the header row comes on top of the data rows
            raise refuse("rows", self.limits.rows, Message("rows"), _SPLIT)
        self.budget.spend(end)
        self.rows.append(cells[:end] if end < len(cells) else cells)
        self.row_numbers.append(number)
