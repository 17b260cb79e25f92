"""A table's data rows, as columns of raw cells, and the issues found in them.

Shared by the validation of centres and grants (:mod:`loaders.validate`) and the location
cascade (:mod:`loaders.locate`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

from loaders.columns import ColumnMapping
from loaders.messages import MESSAGE_COLUMNS
from loaders.numbers import is_blank
from loaders.read import RawTable

__all__ = ["ISSUE_COLUMNS", "Issues", "Table", "cell_text", "shown"]

ISSUE_COLUMNS: tuple[str, ...] = ("row", "column", "value", "problem", "what_to_do", "severity")


def cell_text(value: object) -> str | None:
    """Text of a cell as the user typed it (numbers without a spurious ``.0``); None if empty."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    text = str(value)
    return text.strip(" \u00a0") or None


class Issues:
    """Issues of one table, and which rows they reject."""

    def __init__(self, row_numbers: Sequence[int]) -> None:
        self.row_numbers = list(row_numbers)
        self.rejected = np.zeros(len(row_numbers), dtype=bool)
        self.lines: list[tuple[int, str, str, str, str, str]] = []

    # ``problem`` and ``what`` are loaders.messages.Message (English text with its template)
    def error(self, index: int, column: str, value: object, problem: str, what: str = "") -> None:
        self.rejected[index] = True
        self.lines.append((self.row_numbers[index], column, shown(value), problem, what, "error"))

    def warning(self, index: int, column: str, value: object, problem: str,
                what: str = "") -> None:
        self.lines.append((self.row_numbers[index], column, shown(value), problem, what,
                           "warning"))

    def file_warning(self, row: int, column: str, problem: str, what: str = "") -> None:
        self.lines.append((row, column, "", problem, what, "warning"))

    def frame(self) -> pd.DataFrame:
        """The issues as a table; ``problem`` and ``what_to_do`` of ``object`` dtype, so that
        their :class:`~loaders.messages.Message` objects stay messages (a ``str`` column
        would keep their English text only)."""
        frame = pd.DataFrame(self.lines, columns=list(ISSUE_COLUMNS))
        for position, column in enumerate(ISSUE_COLUMNS):
            if column in MESSAGE_COLUMNS:
                frame[column] = pd.Series([line[position] for line in self.lines],
                                          dtype=object, index=frame.index)
        frame["row"] = frame["row"].astype("int64")
        return frame.sort_values("row", kind="stable").reset_index(drop=True)


def shown(value: object) -> str:
    text = cell_text(value)
    return "" if text is None else text


@dataclass
class Table:
    """Data rows of a table with its column mapping, as columns of raw cells."""

    raw: RawTable
    mapping: ColumnMapping
    row_numbers: list[int]
    cells: dict[str, list[object]]
    header_row: int

    @property
    def size(self) -> int:
        return len(self.row_numbers)

    def column(self, field_name: str) -> list[object]:
        return self.cells.get(field_name, [None] * self.size)

    def header_of(self, field_name: str) -> str:
        position = self.mapping.positions.get(field_name)
        return field_name if position is None else self.mapping.header[position]
