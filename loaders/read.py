"""Bytes to raw tables: CSV in any common dialect, workbooks (XLSX, XLS, ODS), GeoJSON/GPKG.

Readers take ``str | Path | BinaryIO | bytes`` so the command line and the upload widget
share one path. The result is a list of :class:`RawTable`, one per sheet (one for a CSV
or a point layer), each a list of rows of raw cell values with the row numbers a user sees
in the file. Finding the header and interpreting the cells is the job of
:mod:`loaders.columns` and :mod:`loaders.validate`.

Format is decided by content first (a ZIP holding ``xl/`` is an XLSX, OLE2 is an XLS,
``SQLite format 3`` is a GeoPackage, a JSON ``FeatureCollection`` is GeoJSON) and by the
file name only to explain a mismatch: a binary renamed ``.xlsx`` raises
:class:`~loaders.errors.FileReadError`.

Text encodings: a byte-order mark decides (UTF-8, UTF-16, UTF-32); UTF-16 without a BOM is
recognised by its zero bytes; otherwise UTF-8 is tried, then the choice between the
Windows code pages used in Morocco, cp1252 (French) and cp1256 (Arabic), is made by
``charset-normalizer``, checked against the share of Arabic letters.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from loaders.errors import EmptyFileError, FileReadError, UnsupportedFormatError

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["DELIMITERS", "RawTable", "decode_text", "read_tables", "source_bytes"]

DELIMITERS: tuple[str, ...] = (";", ",", "\t", "|")
WORKBOOK_FORMATS = ("xlsx", "xls", "ods")
_MAX_BYTES = 200 * 1024 * 1024
_SNIFF_LINES = 60

Source = str | Path | BinaryIO | bytes | bytearray


@dataclass
class RawTable:
    """Rows of raw cells read from one CSV, sheet or layer.

    Attributes
    ----------
    rows : list of list
        Cell values (``str`` for text files; ``str``, ``int``, ``float``, ``datetime`` or
        ``None`` for workbooks). Entirely empty rows are left out.
    row_numbers : list of int
        For each row, its number as the user sees it (line number in a CSV, row number in
        a sheet, feature number in a point layer whose header row is numbered 0).
    file_format : str
        ``csv``, ``xlsx``, ``xls``, ``ods``, ``geojson`` or ``gpkg``.
    sheet : str or None
        Sheet or layer name.
    encoding, delimiter : str or None
        How a CSV was decoded and split.
    header_known : bool
        True when the first row is certainly the header (point layers).
    notes : dict
        Per-row notes from the reader (e.g. a geometry that is not a point).
    """

    rows: list[list[object]]
    row_numbers: list[int]
    file_format: str
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    header_known: bool = False
    notes: dict[int, list[str]] = field(default_factory=dict)


def source_bytes(source: Source, name: str | None = None) -> tuple[bytes, str]:
    """Read all bytes of ``source`` and return them with a display name.

    Raises
    ------
    FileReadError
        If the path does not exist, is a folder, or the file cannot be read.
    TypeError
        If ``source`` is not a path, bytes or a binary file-like object.
    """
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), name or "upload"
    if isinstance(source, (str, Path)):
        path = Path(source)
        display = name or path.name
        if not path.exists():
            raise FileReadError(f"file not found: {path}")
        if path.is_dir():
            raise FileReadError(f"{path} is a folder, not a file")
        if path.stat().st_size > _MAX_BYTES:
            raise FileReadError(f"{display} is larger than 200 MB; split it or keep one sheet")
        try:
            return path.read_bytes(), display
        except OSError as error:
            raise FileReadError(f"cannot open {display}: {error.strerror or error}") from None
    if hasattr(source, "read"):
        display = name or Path(str(getattr(source, "name", "") or "upload")).name
        try:
            if hasattr(source, "seek"):
                source.seek(0)
            data = source.read()
        except OSError as error:
            raise FileReadError(f"cannot read {display}: {error}") from None
        if isinstance(data, str):
            data = data.encode("utf-8")
        return bytes(data), display
    raise TypeError(
        f"source must be a path, bytes or a binary file object; got {type(source).__name__}"
    )


# ---------------------------------------------------------------------------- text files


def _plausible_share(text: str) -> float:
    def plausible(ch: str) -> bool:
        code = ord(ch)
        return (
            (32 <= code < 127)
            or ch in "\t\r\n"
            or 0xA0 <= code <= 0x24F
            or 0x600 <= code <= 0x6FF
            or 0x2000 <= code <= 0x206F
            or 0xFB50 <= code <= 0xFEFF
        )

    return sum(map(plausible, text)) / max(1, len(text))


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: zero bytes (never in UTF-8 or cp125x text) and readable text."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    sample = sample[: len(sample) // 2 * 2]
    best, best_share = None, 0.9
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            share = _plausible_share(sample.decode(encoding, errors="replace"))
        except UnicodeDecodeError:
            continue
        if share > best_share:
            best, best_share = encoding, share
    return best


def _arabic_share(data: bytes) -> float:
    """Share of non-ASCII bytes that sit next to another non-ASCII byte.

    In cp1256 every Arabic letter is a byte >= 0x80, so Arabic words are runs of such bytes;
    in French cp1252 text accented letters stand alone between ASCII letters (``Délégation``).
    """
    import numpy as np

    high = np.frombuffer(data, dtype=np.uint8) >= 0x80
    if not high.any():
        return 0.0
    neighbour = np.zeros_like(high)
    neighbour[1:] |= high[:-1]
    neighbour[:-1] |= high[1:]
    return float((high & neighbour).sum() / high.sum())


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text file; return ``(text, encoding)``.

    Raises
    ------
    UnsupportedFormatError
        If the bytes are not text in any of the accepted encodings.
    """
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise UnsupportedFormatError(
                    f"the file starts like {encoding} text but cannot be decoded; "
                    "save it again as CSV UTF-8"
                ) from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _guess_windows_code_page(data)
    return data.decode(encoding, errors="replace"), encoding


def _guess_windows_code_page(data: bytes) -> str:
    share = _arabic_share(data)
    if share >= 0.5:
        return "cp1256"
    if share <= 0.1:
        return "cp1252"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=["cp1252", "cp1256"]).best()
    except Exception:  # the guess is a hint; fall back to the byte count
        best = None
    if best is not None and best.encoding in ("cp1252", "cp1256"):
        return best.encoding
    return "cp1256" if share > 0.3 else "cp1252"


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\x0c")
    replacement = sample.count("\ufffd")
    return (controls + replacement) > max(3, len(sample) // 50)


def _split(text: str, delimiter: str) -> Iterable[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    previous_end = 0
    for record in reader:
        start = previous_end + 1
        previous_end = reader.line_num
        yield start, record


def _sniff_delimiter(text: str) -> str:
    head_lines = []
    for line in text.splitlines():
        if line.strip():
            head_lines.append(line)
        if len(head_lines) >= _SNIFF_LINES:
            break
    head = "\n".join(head_lines)
    best, best_score = DELIMITERS[0], (-1.0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = [len(row) for _, row in _split(head, delimiter) if any(c.strip() for c in row)]
        except csv.Error:
            continue
        if not widths:
            continue
        widest = max(widths)
        if widest < 2:
            continue
        # The header is the widest of the first rows (title lines above it are narrow).
        header_width = max(set(widths), key=lambda w: (widths.count(w) * (w > 1), w))
        consistent = sum(1 for w in widths if w == header_width) / len(widths)
        score = (consistent, header_width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes) -> RawTable:
    text, encoding = decode_text(data)
    if _looks_binary(text):
        raise UnsupportedFormatError(
            "the file is not a table Taghtia reads (binary content); "
            "use CSV, XLSX, ODS, GeoJSON or GeoPackage"
        )
    if not text.strip():
        raise EmptyFileError("the file is empty")
    hint = re.match(r"\s*sep=(.)\s*?\r?\n", text)  # Excel's "sep=;" first line
    skipped = 0
    if hint and hint.group(1) in DELIMITERS:
        delimiter, skipped = hint.group(1), 1
        text = text[hint.end():]
    else:
        delimiter = _sniff_delimiter(text)
    rows: list[list[object]] = []
    numbers: list[int] = []
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, 10_000_000))
    try:
        for line, record in _split(text, delimiter):
            if any(cell.strip() for cell in record):
                rows.append(list(record))
                numbers.append(line + skipped)
    except csv.Error as error:
        raise FileReadError(f"the CSV file cannot be split into columns ({error})") from None
    finally:
        csv.field_size_limit(limit)
    return RawTable(rows, numbers, "csv", encoding=encoding, delimiter=delimiter)


# ---------------------------------------------------------------------------- workbooks


def _damaged(problem: str, error: Exception, advice: str) -> FileReadError:
    """One-line error for a file its reader refused: the problem, the reader's error class
    (never its long message) and what to do."""
    return FileReadError(f"{problem} ({type(error).__name__}); {advice}")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_xlsx(data: bytes) -> list[RawTable]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # any failure means a damaged workbook
        raise _damaged("the Excel workbook cannot be opened", error,
                       "open it in Excel and save it again as .xlsx") from None
    tables: list[RawTable] = []
    formulas = False
    try:
        for sheet in book.worksheets:
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()  # some exporters write a wrong sheet size
            rows: list[list[object]] = []
            numbers: list[int] = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if all(_blank(value) for value in values):
                    continue
                cells = list(values)
                formulas = formulas or any(
                    isinstance(value, str) and value.startswith("=") for value in cells
                )
                rows.append(cells)
                numbers.append(number)
            tables.append(RawTable(rows, numbers, "xlsx", sheet=sheet.title))
    finally:
        book.close()
    if formulas:
        _use_cached_formula_values(data, tables)
    return tables


def _use_cached_formula_values(data: bytes, tables: list[RawTable]) -> None:
    """Replace formulas by the value Excel last computed, when the file keeps one."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for table, sheet in zip(tables, book.worksheets, strict=True):
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()
            wanted = {
                number: index
                for index, (number, row) in enumerate(
                    zip(table.row_numbers, table.rows, strict=True)
                )
                if any(isinstance(v, str) and v.startswith("=") for v in row)
            }
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                index = wanted.get(number)
                if index is None:
                    continue
                row = table.rows[index]
                for col, cached in enumerate(values):
                    if (
                        col < len(row)
                        and isinstance(row[col], str)
                        and row[col].startswith("=")
                        and cached is not None
                    ):
                        row[col] = cached
    finally:
        book.close()


def _read_with_pandas(data: bytes, engine: str, file_format: str) -> list[RawTable]:
    import pandas as pd

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # xlrd's deprecation notice is not the user's
            sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None,
                                   dtype=object, engine=engine)
    except Exception as error:  # any failure means a damaged workbook
        kind = "Excel 97-2003 (.xls)" if file_format == "xls" else "OpenDocument (.ods)"
        raise _damaged(
            f"the {kind} workbook cannot be opened", error,
            "it may be password-protected or damaged: save it again as .xlsx",
        ) from None
    tables = []
    for title, frame in sheets.items():
        rows: list[list[object]] = []
        numbers: list[int] = []
        for number, values in enumerate(frame.itertuples(index=False, name=None), start=1):
            cells = [None if _is_na(value) else value for value in values]
            if all(_blank(value) for value in cells):
                continue
            rows.append(cells)
            numbers.append(number)
        tables.append(RawTable(rows, numbers, file_format, sheet=str(title)))
    return tables


def _is_na(value: object) -> bool:
    try:
        import pandas as pd

        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# ---------------------------------------------------------------------------- point layers


def _read_points(data: bytes, file_format: str) -> list[RawTable]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # GDAL notes on in-memory files
            tables = _read_layers(data, file_format)
    except (FileReadError, UnsupportedFormatError):
        raise
    except Exception as error:  # GDAL reports many kinds of damage
        name = "GeoJSON" if file_format == "geojson" else "GeoPackage"
        raise _damaged(f"the {name} file cannot be read", error,
                       "export it again from your GIS in EPSG:4326") from None
    return tables


def _read_layers(data: bytes, file_format: str) -> list[RawTable]:
    import geopandas as gpd
    import pyogrio

    layers = [None]
    if file_format == "gpkg":
        listed = pyogrio.list_layers(io.BytesIO(data))
        layers = [str(name) for name, geometry_type in listed if geometry_type] or [None]
    tables = []
    for layer in layers:
        frame = gpd.read_file(io.BytesIO(data), layer=layer) if layer else gpd.read_file(
            io.BytesIO(data)
        )
        tables.append(_points_table(frame, file_format, layer))
    return tables


def _points_table(frame: gpd.GeoDataFrame, file_format: str, layer: str | None) -> RawTable:
    notes: dict[int, list[str]] = {}
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    columns = [str(column) for column in frame.columns if column != frame.geometry.name]
    # The geometry comes first: it is the location, and a property column that also
    # looks like a latitude or longitude becomes a duplicate (ignored, with a warning).
    header: list[object] = ["latitude", "longitude", *columns]
    rows: list[list[object]] = [header]
    numbers = [0]
    for number, (values, geometry) in enumerate(
        zip(frame[columns].itertuples(index=False, name=None), frame.geometry, strict=True),
        start=1,
    ):
        cells = [None if _is_na(value) else value for value in values]
        latitude = longitude = None
        if geometry is None or geometry.is_empty:
            notes[number] = ["the feature has no geometry"]
        elif geometry.geom_type == "Point":
            latitude, longitude = geometry.y, geometry.x
        elif geometry.geom_type == "MultiPoint" and len(geometry.geoms) == 1:
            latitude, longitude = geometry.geoms[0].y, geometry.geoms[0].x
        else:
            notes[number] = [f"the geometry is a {geometry.geom_type}, not a point; ignored"]
        rows.append([latitude, longitude, *cells])
        numbers.append(number)
    return RawTable(rows, numbers, file_format, sheet=layer, header_known=True, notes=notes)


# ---------------------------------------------------------------------------- dispatch


def _detect_format(data: bytes, name: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if any(entry.startswith("xl/") for entry in names):
                    return "xlsx"
                if "mimetype" in names and b"spreadsheet" in archive.read("mimetype"):
                    return "ods"
        except zipfile.BadZipFile:
            raise FileReadError(
                f"{name} is a damaged ZIP or workbook; save it again as .xlsx or .csv"
            ) from None
        raise UnsupportedFormatError(
            f"{name} is a ZIP archive or a document, not a workbook; "
            "use CSV, XLSX, ODS, GeoJSON or GeoPackage"
        )
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if data.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    if data.startswith(b"%PDF"):
        raise UnsupportedFormatError(f"{name} is a PDF; export the table as .xlsx or .csv")
    if suffix in WORKBOOK_FORMATS or suffix in ("xlsm", "xlsb", "gpkg"):
        raise FileReadError(
            f"{name} is named .{suffix} but is not a {suffix.upper()} file "
            "(renamed or damaged); open it and save it again as .xlsx or .csv"
        )
    if _looks_like_geojson(data, suffix):
        return "geojson"
    return "csv"


def _looks_like_geojson(data: bytes, suffix: str) -> bool:
    head = data[:2048].lstrip(codecs.BOM_UTF8).lstrip()
    if not head.startswith((b"{", b"[")):
        return False
    if suffix in ("geojson", "json"):
        return True
    return b'"Feature' in head or b'"type"' in head


def read_tables(source: Source, name: str | None = None) -> tuple[list[RawTable], str]:
    """Read every table of a file.

    Parameters
    ----------
    source : str, Path, bytes or binary file object
        The file, or an upload's content.
    name : str, optional
        File name hint (uploads): used in messages and to explain format mismatches.

    Returns
    -------
    (list of RawTable, str)
        The tables (one per sheet or layer) and the display name of the file.

    Raises
    ------
    FileReadError
        The file is missing, empty, damaged or not a table (subclasses say which).
    """
    data, display = source_bytes(source, name)
    if not data.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
        raise EmptyFileError(f"{display} is empty")
    file_format = _detect_format(data, display)
    if file_format == "csv":
        tables = [_read_csv(data)]
    elif file_format == "xlsx":
        tables = _read_xlsx(data)
    elif file_format == "xls":
        tables = _read_with_pandas(data, "xlrd", "xls")
    elif file_format == "ods":
        tables = _read_with_pandas(data, "odf", "ods")
    else:
        if file_format == "geojson":
            _check_json(data, display)
        tables = _read_points(data, file_format)
    if not any(len(table.rows) > (1 if table.header_known else 0) for table in tables):
        raise EmptyFileError(f"{display} holds no rows")
    return tables, display


def _check_json(data: bytes, display: str) -> None:
    try:
        text, _ = decode_text(data)
        json.loads(text)
    except (ValueError, UnsupportedFormatError):
        raise FileReadError(f"{display} is not valid GeoJSON (broken JSON)") from None

