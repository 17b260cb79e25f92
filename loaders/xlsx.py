"""XLSX workbooks read as a stream, within the limits.

The reader decompresses one part at a time through :mod:`loaders.archive` and parses it with
:mod:`loaders.xml_stream`, so memory follows the rows kept, not the size of the sheet, and a
sheet over the rows, columns or cells limit is refused as soon as the limit is crossed.

Cell values: shared and inline text, numbers (``int`` when whole), booleans, dates (cells
whose number format is a date), and for a formula the value the spreadsheet last computed
(its text, ``=…``, when none was saved). A cell whose content does not fit its declared type
(text in a number cell) is kept as its text, so validation reports it like any other value.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import zipfile
from datetime import datetime
from xml.etree.ElementTree import Element

from loaders.archive import open_part
from loaders.errors import FileReadError
from loaders.limits import Limits, refuse
from loaders.messages import Message
from loaders.sheets import CellBudget, HeadReached, SheetBuilder
from loaders.xml_stream import local, stream_elements

__all__ = ["read_xlsx"]

_RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRICT_RELATIONSHIPS = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
_ADVICE = Message("open it in Excel and save it again as .xlsx")
_VALUE_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:v|is)[\s/>]")
_CHUNK = 1024 * 1024


def _text_of(element: Element) -> str:
    """Text of a shared or inline string: its ``t`` runs, phonetic hints left out."""
    parts: list[str] = []
    for child in element:
        name = local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(run.text or "" for run in child if local(run.tag) == "t")
    return "".join(parts)


def _part_path(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _relationships(archive: zipfile.ZipFile, limits: Limits) -> dict[str, tuple[str, str]]:
    """Workbook relationships: id → (type suffix, part path)."""
    name = "xl/_rels/workbook.xml.rels"
    if name not in archive.NameToInfo:
        return {}
    found: dict[str, tuple[str, str]] = {}
    with open_part(archive, name, limits) as stream:
        for _, element in stream_elements(stream, Message("workbook's list of parts")):
            if local(element.tag) == "Relationship":
                kind = element.get("Type", "").rpartition("/")[2]
                found[element.get("Id", "")] = (
                    kind, _part_path("xl/workbook.xml", element.get("Target", ""))
                )
    return found


def _sheets(archive: zipfile.ZipFile, limits: Limits,
            relationships: dict[str, tuple[str, str]]) -> tuple[list[tuple[str, str]], bool]:
    """``[(sheet name, part path)]`` in workbook order, and whether dates count from 1904."""
    sheets: list[tuple[str, str]] = []
    date1904 = False
    with open_part(archive, "xl/workbook.xml", limits) as stream:
        for _, element in stream_elements(stream, Message("workbook")):
            name = local(element.tag)
            if name == "workbookPr":
                date1904 = element.get("date1904", "0").lower() in ("1", "true")
            elif name == "sheet":
                key = element.get(_RELATIONSHIPS) or element.get(_STRICT_RELATIONSHIPS) or ""
                kind, path = relationships.get(key, ("", ""))
                if kind == "worksheet" and path in archive.NameToInfo:
                    sheets.append((element.get("name", ""), path))
    return sheets, date1904


def _shared_strings(archive: zipfile.ZipFile, limits: Limits, path: str | None) -> list[str]:
    if not path or path not in archive.NameToInfo:
        return []
    strings: list[str] = []
    with open_part(archive, path, limits) as stream:
        for _, element in stream_elements(stream, Message("workbook's text")):
            if local(element.tag) == "si":
                if len(strings) >= limits.cells:  # every text is used by a cell at least once
                    raise refuse("cells", limits.cells, Message("texts"),
                                 Message("split the file"))
                strings.append(_text_of(element))
                element.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile, limits: Limits, path: str | None) -> set[int]:
    """Indexes of the cell styles whose number format is a date or a time."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    if not path or path not in archive.NameToInfo:
        return set()
    formats: dict[int, str] = dict(BUILTIN_FORMATS)
    dates: set[int] = set()
    in_cell_formats = False
    index = 0
    with open_part(archive, path, limits) as stream:
        for event, element in stream_elements(stream, Message("workbook's styles"),
                                                ("start", "end")):
            name = local(element.tag)
            if name == "cellXfs":
                in_cell_formats = event == "start"
            elif event == "end" and name == "numFmt":
                formats[_int(element.get("numFmtId"), -1)] = element.get("formatCode", "")
            elif event == "end" and name == "xf" and in_cell_formats:
                if is_date_format(formats.get(_int(element.get("numFmtId"), 0), "")):
                    dates.add(index)
                index += 1
    return dates


def _int(text: str | None, default: int) -> int:
    if not text:
        return default
    try:
        return int(text or "")
    except ValueError:
        return default


def _column_of(reference: str | None) -> int:
    """1-based column of a cell reference (``AB12`` → 28); 0 when there is none."""
    column = 0
    for char in reference or "":
        if "A" <= char <= "Z":
            column = column * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            column = column * 26 + ord(char) - 96
        else:
            break
    return column


class _CellReader:
    """Values of the cells of one workbook."""

    def __init__(self, strings: list[str], date_styles: set[int], date1904: bool) -> None:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

        self.strings = strings
        self.date_styles = date_styles
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900

    def value(self, cell: Element) -> object:
        kind = cell.get("t", "n")
        if kind == "n" and len(cell) == 1 and local(cell[0].tag) == "v":  # most cells
            return self._number(cell[0].text or "", _int(cell.get("s"), 0))
        text = formula = None
        inline = None
        for child in cell:
            name = local(child.tag)
            if name == "v":
                text = child.text
            elif name == "f":
                formula = child.text
            elif name == "is":
                inline = child
        if kind == "inlineStr" and inline is not None:
            return _text_of(inline)
        if text is None:
            return None if formula is None else "=" + formula
        return self._typed(kind, text, _int(cell.get("s"), 0))

    def _typed(self, kind: str, text: str, style: int) -> object:
        if kind == "s":
            index = _int(text, -1)
            return self.strings[index] if 0 <= index < len(self.strings) else text
        if kind == "b":
            return {"1": True, "0": False}.get(text.strip(), text)
        if kind in ("str", "e", "inlineStr"):
            return text
        if kind == "d":
            try:
                return datetime.fromisoformat(text.strip())
            except ValueError:
                return text
        return self._number(text, style)

    def _number(self, text: str, style: int) -> object:
        from openpyxl.utils.datetime import from_excel

        try:
            number = float(text)
        except ValueError:
            return text  # text in a number cell: validation says what is wrong with it
        if style in self.date_styles:
            try:
                return from_excel(number, self.epoch)
            except (OverflowError, ValueError):
                return text
        if number.is_integer() and abs(number) < 2**53 and not any(c in text for c in ".eE"):
            return int(number)
        return number


def _read_sheet(archive: zipfile.ZipFile, path: str, cells: _CellReader,
                builder: SheetBuilder) -> None:
    row_number = 0
    values: list[object] = []
    sheet_data: Element | None = None
    with open_part(archive, path, builder.limits) as stream:
        for event, element in stream_elements(stream, Message("sheet"), ("start", "end")):
            name = local(element.tag)
            if event == "start":
                if name == "sheetData":
                    sheet_data = element
                elif name == "row":
                    row_number = _int(element.get("r"), row_number + 1)
                    values = []
                continue
            if name == "c":
                column = _column_of(element.get("r")) or len(values) + 1
                value = cells.value(element)
                if value is not None and value != "":
                    builder.check_column(column)
                    values.extend([None] * (column - 1 - len(values)))
                    values.append(value)
                element.clear()
            elif name == "row":
                builder.add(row_number, values)
                (sheet_data if sheet_data is not None else element).clear()


def _count_values(archive: zipfile.ZipFile, path: str, limits: Limits) -> int:
    """Cells holding a value in a sheet part, counted on the raw XML without parsing it
    (a fraction of the time of parsing: a sheet over the cells limit is refused first)."""
    count = 0
    tail = b""
    with open_part(archive, path, limits) as stream:
        while chunk := stream.read(_CHUNK):
            window = tail + chunk
            cut = max(0, len(window) - 16)  # a tag cut in two is counted in the next window
            count += len(_VALUE_TAG.findall(window, 0, cut))
            tail = window[cut:]
    return count + len(_VALUE_TAG.findall(tail))


def read_xlsx(archive: zipfile.ZipFile, limits: Limits,
              max_rows: int | None = None) -> list[tuple[str, SheetBuilder]]:
    """Rows of every worksheet of an XLSX archive already checked by :mod:`loaders.archive`.

    Parameters
    ----------
    archive : zipfile.ZipFile
    limits : Limits
    max_rows : int, optional
        Read only the first ``max_rows`` non-empty rows of each sheet.

    Returns
    -------
    list of (str, SheetBuilder)
        Sheet name and rows, in workbook order.

    Raises
    ------
    FileReadError
        The workbook is damaged, or (``LimitError``) over a limit.
    """
    if "xl/workbook.xml" not in archive.NameToInfo:
        raise FileReadError(Message("the Excel workbook has no list of sheets; {advice}",
                                    advice=_ADVICE))
    relationships = _relationships(archive, limits)
    by_kind = {kind: path for kind, path in relationships.values()}
    sheets, date1904 = _sheets(archive, limits, relationships)
    if not sheets:
        raise FileReadError(Message("the Excel workbook has no worksheet; {advice}",
                                    advice=_ADVICE))
    cells = _CellReader(
        _shared_strings(archive, limits, by_kind.get("sharedStrings")),
        _date_styles(archive, limits, by_kind.get("styles")),
        date1904,
    )
    if max_rows is None:
        declared = sum(_count_values(archive, path, limits) for _, path in sheets)
        if declared > limits.cells:
            raise refuse("cells", limits.cells, Message("cells"), Message("split the file"),
                         declared)
    budget = CellBudget(limits)
    result = []
    for title, path in sheets:
        builder = SheetBuilder(budget, max_rows)
        with contextlib.suppress(HeadReached):
            _read_sheet(archive, path, cells, builder)
        result.append((title, builder))
    return result
