"""OpenDocument spreadsheets (ODS) read as a stream, within the limits.

``content.xml`` is parsed with :mod:`loaders.xml_stream`, one row at a time. Repeated rows and
cells (``table:number-rows-repeated``, ``table:number-columns-repeated``) are never expanded
when empty (LibreOffice writes a million empty rows at the end of every sheet); repeats of a
non-empty cell or row are counted against the limits *before* being expanded, so an
830-byte file that declares a billion cells is refused at once.

Cell values: numbers (``int`` when whole), dates and times, booleans and text (paragraphs
joined by line breaks, ``text:s`` spaces and tabs restored, comments left out).
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from xml.etree.ElementTree import Element

from loaders.archive import open_part
from loaders.errors import FileReadError
from loaders.limits import Limits, refuse
from loaders.messages import Message
from loaders.sheets import CellBudget, HeadReached, SheetBuilder
from loaders.xml_stream import local, stream_elements

__all__ = ["read_ods"]

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ROWS_REPEATED = f"{{{_TABLE}}}number-rows-repeated"
_COLUMNS_REPEATED = f"{{{_TABLE}}}number-columns-repeated"
_VALUE_TYPE = f"{{{_OFFICE}}}value-type"
_SPACES = f"{{{_TEXT}}}c"
_SKIPPED = frozenset({"annotation", "note", "tracked-changes"})


def _repeats(element: Element, attribute: str) -> int:
    try:
        return max(1, int(element.get(attribute, "1")))
    except ValueError:
        return 1


def _paragraph(element: Element) -> str:
    """Text of a paragraph or span, ``text:s`` / ``text:tab`` / ``text:line-break`` restored."""
    parts = [element.text or ""]
    for child in element:
        name = local(child.tag)
        if name == "s":
            parts.append(" " * min(_repeats(child, _SPACES), 1000))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        elif name not in _SKIPPED:
            parts.append(_paragraph(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _number(text: str | None) -> object:
    try:
        number = float(text or "")
    except ValueError:
        return text
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _cell_value(cell: Element) -> object:
    kind = cell.get(_VALUE_TYPE)
    if kind in ("float", "percentage", "currency"):
        return _number(cell.get(f"{{{_OFFICE}}}value"))
    if kind == "date":
        text = cell.get(f"{{{_OFFICE}}}date-value", "")
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            return text
    if kind == "boolean":
        return cell.get(f"{{{_OFFICE}}}boolean-value", "").lower() == "true"
    paragraphs = [_paragraph(child) for child in cell if local(child.tag) == "p"]
    if kind == "time" and not paragraphs:
        return cell.get(f"{{{_OFFICE}}}time-value")
    return "\n".join(paragraphs) if paragraphs else None


class _Row:
    """Cells of the row being read; empty repeats are only counted, never expanded."""

    def __init__(self, builder: SheetBuilder) -> None:
        self.builder = builder
        self.values: list[object] = []
        self.width = 0  # columns seen, empty ones included

    def add(self, value: object, repeats: int) -> None:
        if value is None or value == "":
            self.width += repeats
            return
        self.builder.check_column(self.width + repeats)
        self.builder.budget.spend(repeats)  # counted before being expanded
        self.values.extend([None] * (self.width - len(self.values)))
        self.values.extend([value] * repeats)
        self.width += repeats


def _add_rows(builder: SheetBuilder, first: int, values: list[object], repeats: int) -> None:
    if not values:
        return
    limits = builder.limits
    if repeats > 1:
        if len(builder.rows) + repeats > limits.rows + 1:
            raise refuse("rows", limits.rows, Message("rows"), Message("split the file"),
                         len(builder.rows) + repeats)
        builder.budget.spend(len(values) * (repeats - 1))
    for offset in range(repeats):
        builder.add(first + offset, list(values) if offset else values)


def _read_tables(stream: object, limits: Limits,
                 max_rows: int | None) -> list[tuple[str, SheetBuilder]]:
    budget = CellBudget(limits)
    result: list[tuple[str, SheetBuilder]] = []
    builder: SheetBuilder | None = None
    table: Element | None = None
    row: _Row | None = None
    row_number = 0
    depth = 0  # nesting of cells (a cell may hold a sub-table)
    done = False
    for event, element in stream_elements(stream, Message("ODS workbook"), ("start", "end")):
        name = local(element.tag)
        if event == "start":
            if name == "table" and depth == 0:
                builder = SheetBuilder(budget, max_rows)
                table, done = element, False
                result.append((element.get(f"{{{_TABLE}}}name", ""), builder))
                row_number = 0
            elif name == "table-row" and depth == 0 and builder is not None:
                row = _Row(builder)
            elif name in ("table-cell", "covered-table-cell"):
                depth += 1
            continue
        if name in ("table-cell", "covered-table-cell"):
            depth -= 1
            if depth == 0 and row is not None:
                if not done:  # past the rows of a head read, cells are neither kept nor counted
                    row.add(_cell_value(element) if name == "table-cell" else None,
                            _repeats(element, _COLUMNS_REPEATED))
                element.clear()
        elif name == "table-row" and depth == 0 and row is not None and builder is not None:
            repeats = _repeats(element, _ROWS_REPEATED)
            if not done:
                try:
                    _add_rows(builder, row_number + 1, row.values, repeats)
                except HeadReached:
                    done = True
            row_number += repeats
            row = None
            (table if table is not None else element).clear()  # rows read are dropped
        elif name == "table" and depth == 0:
            element.clear()
    return result


def read_ods(archive: zipfile.ZipFile, limits: Limits,
             max_rows: int | None = None) -> list[tuple[str, SheetBuilder]]:
    """Rows of every table of an ODS archive already checked by :mod:`loaders.archive`.

    Parameters
    ----------
    archive : zipfile.ZipFile
    limits : Limits
    max_rows : int, optional
        Read only the first ``max_rows`` non-empty rows of each table.

    Returns
    -------
    list of (str, SheetBuilder)
        Table name and rows, in document order.

    Raises
    ------
    FileReadError
        The document is damaged, or (``LimitError``) over a limit.
    """
    if "content.xml" not in archive.NameToInfo:
        raise FileReadError(Message("the OpenDocument (.ods) workbook has no content; save it "
                                    "again as .ods or .xlsx"))
    with open_part(archive, "content.xml", limits) as stream:
        return _read_tables(stream, limits, max_rows)
