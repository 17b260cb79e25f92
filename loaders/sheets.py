"""Collecting the rows of a sheet under the limits, whatever the format that holds them.

Every reader (CSV, XLSX, ODS, XLS, point layers) hands its rows to one
:class:`SheetBuilder`, which leaves out empty rows, trims empty cells at the end of a row and
refuses the file as soon as a sheet has too many rows or columns, or the file too many cells
(:mod:`loaders.limits`). A bounded read (``max_rows``) stops quietly instead: it is how
header detection and previews read only the first rows of a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.limits import Limits, refuse
from loaders.messages import Message

__all__ = ["CellBudget", "HeadReached", "SheetBuilder", "is_blank_cell"]

_SPLIT = Message("split the file")


def is_blank_cell(value: object) -> bool:
    """True for a cell that holds nothing: ``None`` or text made only of spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


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
