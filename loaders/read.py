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

import bisect
import codecs
import csv
import io
import json
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from loaders import limits as _limits
from loaders.archive import open_archive, read_part
from loaders.errors import EmptyFileError, FileReadError, UnsupportedFormatError
from loaders.limits import Limits, refuse
from loaders.messages import Message
from loaders.ods import read_ods
from loaders.sheets import CellBudget, HeadReached, SheetBuilder, check_cell_lengths
from loaders.text_files import (
    DELIMITERS,
    Decoded,
    decode_csv,
    decode_text,
    looks_binary,
    refuse_nul,
    refuse_unclosed_quote,
    sniff_delimiter,
    split_rows,
)
from loaders.xlsx import read_xlsx

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "DELIMITERS", "HEAD_ROWS", "RawTable", "decode_text", "json_depth", "read_head",
    "read_tables", "source_bytes",
]

WORKBOOK_FORMATS = ("xlsx", "xls", "ods")
HEAD_ROWS = 20  # rows read to find a header or show a preview

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
        Per-row notes from the reader (a geometry that is not a point, a line of a CSV in
        another encoding than the file), shown as warnings on the column ``note_column``.
    """

    rows: list[list[object]]
    row_numbers: list[int]
    file_format: str
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    header_known: bool = False
    notes: dict[int, list[str]] = field(default_factory=dict)
    note_column: str = "geometry"


def _too_large(size: int | None, limits: Limits) -> FileReadError:
    return refuse("upload_mb", limits.upload_mb, Message("MB"),
                  Message("split the file or keep one sheet"),
                  None if size is None else -(-size // (1024 * 1024)))


def source_bytes(source: Source, name: str | None = None,
                 limits: Limits | None = None) -> tuple[bytes, str]:
    """Read all bytes of ``source`` and return them with a display name.

    Raises
    ------
    FileReadError
        If the path does not exist, is a folder, or the file cannot be read;
        (:class:`~loaders.errors.LimitError`) if it is larger than ``limits.upload_mb``.
    TypeError
        If ``source`` is not a path, bytes or a binary file-like object.
    """
    limits = limits or _limits.current()
    if isinstance(source, (bytes, bytearray)):
        data, display = bytes(source), name or "upload"
    elif isinstance(source, (str, Path)):
        path = Path(source)
        display = name or path.name
        if not path.exists():
            raise FileReadError(Message("file not found: {path}", path=str(path)))
        if path.is_dir():
            raise FileReadError(Message("{path} is a folder, not a file", path=str(path)))
        try:
            if path.stat().st_size > limits.upload_bytes:
                raise _too_large(path.stat().st_size, limits)
            with path.open("rb") as handle:
                data = handle.read(limits.upload_bytes + 1)
        except OSError as error:
            raise FileReadError(Message("cannot open {file}: {reason}", file=display,
                                        reason=str(error.strerror or error))) from None
    elif hasattr(source, "read"):
        display = name or Path(str(getattr(source, "name", "") or "upload")).name
        try:
            if hasattr(source, "seek"):
                source.seek(0)
            data = source.read(limits.upload_bytes + 1)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise FileReadError(Message("cannot read {file}: {reason}", file=display,
                                        reason=reason)) from None
        if isinstance(data, str):
            data = data.encode("utf-8")
        data = bytes(data)
    else:
        raise TypeError(
            f"source must be a path, bytes or a binary file object; got {type(source).__name__}"
        )
    if len(data) > limits.upload_bytes:  # a stream's full size is not known
        raise _too_large(len(data) if isinstance(source, (bytes, bytearray)) else None, limits)
    return data, display


def _read_csv(data: bytes, limits: Limits, max_rows: int | None = None) -> RawTable:
    decoded = decode_csv(data)
    text = decoded.text
    if looks_binary(text):
        raise UnsupportedFormatError(Message(
            "the file is not a table Taghtia reads (binary content); use CSV, XLSX, ODS, "
            "GeoJSON or GeoPackage"))
    if not text.strip():
        raise EmptyFileError(Message("the file is empty"))
    refuse_nul(text)
    hint = re.match(r"\s*sep=(.)\s*?\r?\n", text)  # Excel's "sep=;" first line
    skipped = 0
    if hint and hint.group(1) in DELIMITERS:
        delimiter, skipped = hint.group(1), 1
        text = text[hint.end():]
    else:
        delimiter = sniff_delimiter(text)
    builder = SheetBuilder(CellBudget(limits), max_rows)
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, 10_000_000, limits.cell_chars + 1))
    last_start = 0
    try:
        for line, record in split_rows(text, delimiter):
            last_start = line
            builder.add(line + skipped, record)
    except HeadReached:
        pass
    except csv.Error:
        if last_start:
            refuse_unclosed_quote(text, last_start, delimiter, skipped)
        raise FileReadError(Message(
            "the CSV file cannot be split into columns (a quote is left open or a cell is too "
            "long); save it again as CSV UTF-8")) from None
    finally:
        csv.field_size_limit(limit)
    if last_start:
        refuse_unclosed_quote(text, last_start, delimiter, skipped)
    return RawTable(builder.rows, builder.row_numbers, "csv", encoding=decoded.encoding,
                    delimiter=delimiter, notes=_encoding_notes(decoded, builder.row_numbers),
                    note_column="")


def _encoding_notes(decoded: Decoded, row_numbers: list[int]) -> dict[int, list[str]]:
    """Per row, the lines of the row decoded otherwise than the file (a file whose lines
    disagree: :func:`loaders.text_files.decode_by_line`)."""
    notes: dict[int, list[str]] = {}
    for line, encoding in decoded.other_lines.items():
        position = bisect.bisect_right(row_numbers, line) - 1
        if position >= 0:
            notes.setdefault(row_numbers[position], []).append(Message(
                "line {line} is written in {encoding} while the file is {file_encoding}: it "
                "was read in {encoding}; check its accents and letters, and save the file "
                "again as CSV UTF-8", line=format(line, ","), encoding=encoding,
                file_encoding=decoded.encoding))
    return notes


# ---------------------------------------------------------------------------- workbooks


def _damaged(problem: Message, error: Exception, advice: Message) -> FileReadError:
    """One-line error for a file its reader refused: the problem, the reader's error class
    (never its long message) and what to do."""
    return FileReadError(Message("{problem} ({error}); {advice}", problem=problem,
                                 error=type(error).__name__, advice=advice))


def _tables(sheets: list[tuple[str, SheetBuilder]], file_format: str) -> list[RawTable]:
    return [RawTable(builder.rows, builder.row_numbers, file_format, sheet=title)
            for title, builder in sheets]


def _read_xls(data: bytes, limits: Limits, max_rows: int | None) -> list[RawTable]:
    """Excel 97-2003 workbooks, through pandas and xlrd (the file size bounds the work)."""
    import pandas as pd

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # xlrd's deprecation notice is not the user's
            sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None,
                                   dtype=object, engine="xlrd")
    except Exception as error:  # any failure means a damaged workbook
        raise _damaged(
            Message("the Excel 97-2003 (.xls) workbook cannot be opened"), error,
            Message("it may be password-protected or damaged: save it again as .xlsx"),
        ) from None
    budget = CellBudget(limits)
    built: list[tuple[str, SheetBuilder]] = []
    for title, frame in sheets.items():
        builder = SheetBuilder(budget, max_rows)
        builder.check_column(frame.shape[1])
        try:
            for number, values in enumerate(frame.itertuples(index=False, name=None), start=1):
                builder.add(number, [None if _is_na(value) else value for value in values])
        except HeadReached:
            pass
        built.append((str(title), builder))
    return _tables(built, "xls")


def _is_na(value: object) -> bool:
    try:
        import pandas as pd

        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# ---------------------------------------------------------------------------- point layers


def _read_points(data: bytes, file_format: str, limits: Limits,
                 max_rows: int | None) -> list[RawTable]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # GDAL notes on in-memory files
            tables = _read_layers(data, file_format, limits, max_rows)
    except (FileReadError, UnsupportedFormatError):
        raise
    except Exception as error:  # GDAL reports many kinds of damage
        name = "GeoJSON" if file_format == "geojson" else "GeoPackage"
        raise _damaged(Message("the {format} file cannot be read", format=name), error,
                       Message("export it again from your GIS in EPSG:4326")) from None
    return tables


def _read_layers(data: bytes, file_format: str, limits: Limits,
                 max_rows: int | None) -> list[RawTable]:
    import geopandas as gpd
    import pyogrio

    layers: list[str | None] = [None]
    if file_format == "gpkg":
        listed = pyogrio.list_layers(io.BytesIO(data))
        layers = [str(name) for name, geometry_type in listed if geometry_type] or [None]
    budget = CellBudget(limits)
    tables = []
    for layer in layers:
        info = pyogrio.read_info(io.BytesIO(data), layer=layer)
        features, columns = int(info.get("features") or 0), len(info.get("fields", ())) + 2
        if columns > limits.columns:
            raise refuse("columns", limits.columns, Message("columns"),
                         Message("keep only the columns Taghtia reads"), columns)
        if max_rows is None:
            if features > limits.rows:
                raise refuse("rows", limits.rows, Message("features"), Message("split the layer"),
                             features)
            budget.spend(features * columns)
        rows = {} if max_rows is None else {"max_features": max_rows}
        frame = gpd.read_file(io.BytesIO(data), layer=layer, **rows)
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
            notes[number] = [Message("the feature has no geometry")]
        elif geometry.geom_type == "Point":
            latitude, longitude = geometry.y, geometry.x
        elif geometry.geom_type == "MultiPoint" and len(geometry.geoms) == 1:
            latitude, longitude = geometry.geoms[0].y, geometry.geoms[0].x
        else:
            notes[number] = [Message("the geometry is a {kind}, not a point; ignored",
                                     kind=geometry.geom_type)]
        rows.append([latitude, longitude, *cells])
        numbers.append(number)
    return RawTable(rows, numbers, file_format, sheet=layer, header_known=True, notes=notes)


# ---------------------------------------------------------------------------- dispatch


def _zip_format(archive: zipfile.ZipFile, name: str, limits: Limits) -> str:
    """``xlsx`` or ``ods`` for a workbook archive (already checked against the limits)."""
    names = archive.NameToInfo
    if any(entry.startswith("xl/") for entry in names):
        return "xlsx"
    mimetype = names.get("mimetype")
    if (mimetype is not None and mimetype.file_size < 200
            and b"spreadsheet" in read_part(archive, "mimetype", limits)):
        return "ods"
    raise UnsupportedFormatError(Message(
        "{file} is a ZIP archive or a document, not a workbook; use CSV, XLSX, ODS, GeoJSON or "
        "GeoPackage", file=name))


def _detect_format(data: bytes, name: str) -> str:
    """Format of a file that is not a ZIP archive (those are told apart by their parts)."""
    suffix = Path(name).suffix.lower().lstrip(".")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if data.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    if data.startswith(b"%PDF"):
        raise UnsupportedFormatError(Message("{file} is a PDF; export the table as .xlsx or "
                                             ".csv", file=name))
    if suffix in WORKBOOK_FORMATS or suffix in ("xlsm", "xlsb", "gpkg"):
        raise FileReadError(Message(
            "{file} is named .{suffix} but is not a {format} file (renamed or damaged); open it "
            "and save it again as .xlsx or .csv", file=name, suffix=suffix,
            format=suffix.upper()))
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


def _read_workbook_archive(data: bytes, display: str, limits: Limits,
                           max_rows: int | None) -> list[RawTable]:
    with open_archive(data, display, limits) as archive:
        file_format = _zip_format(archive, display, limits)
        reader = read_xlsx if file_format == "xlsx" else read_ods
        return _tables(reader(archive, limits, max_rows), file_format)


def _read_any(data: bytes, display: str, limits: Limits,
              max_rows: int | None) -> list[RawTable]:
    if data.startswith(b"PK\x03\x04"):
        return _read_workbook_archive(data, display, limits, max_rows)
    file_format = _detect_format(data, display)
    if file_format == "csv":
        return [_read_csv(data, limits, max_rows)]
    if file_format == "xls":
        return _read_xls(data, limits, max_rows)
    if file_format == "geojson":
        _check_json(data, display, limits)
    return _read_points(data, file_format, limits, max_rows)


def read_tables(source: Source, name: str | None = None, *,
                max_rows: int | None = None) -> tuple[list[RawTable], str]:
    """Read every table of a file, within the limits of :mod:`loaders.limits`.

    Parameters
    ----------
    source : str, Path, bytes or binary file object
        The file, or an upload's content.
    name : str, optional
        File name hint (uploads): used in messages and to explain format mismatches.
    max_rows : int, optional
        Read only the first ``max_rows`` non-empty rows of each table (finding a header,
        showing a preview): the rest of the file is not parsed.

    Returns
    -------
    (list of RawTable, str)
        The tables (one per sheet or layer) and the display name of the file.

    Raises
    ------
    FileReadError
        The file is missing, empty, damaged or not a table (subclasses say which);
        :class:`~loaders.errors.LimitError` when it is over a limit.
    """
    if max_rows is not None and (not isinstance(max_rows, int) or max_rows < 1):
        raise ValueError(f"max_rows must be a whole number above 0; got {max_rows!r}")
    limits = _limits.current()
    data, display = source_bytes(source, name, limits)
    if not data.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
        raise EmptyFileError(Message("{file} is empty", file=display))
    try:
        tables = _read_any(data, display, limits, max_rows)
    except RecursionError:
        raise FileReadError(Message("{file} is nested too deeply to be a table; export it "
                                    "again as CSV or GeoJSON", file=display)) from None
    for table in tables:
        check_cell_lengths(table.rows, table.row_numbers, limits, table.sheet,
                           features=table.header_known)
    if not any(len(table.rows) > (1 if table.header_known else 0) for table in tables):
        raise EmptyFileError(Message("{file} holds no rows", file=display))
    return tables, display


def read_head(source: Source, name: str | None = None,
              rows: int = HEAD_ROWS) -> tuple[list[RawTable], str]:
    """The first ``rows`` non-empty rows of every table of a file: enough to find a header
    or show a preview, without parsing the rest. Same arguments and errors as
    :func:`read_tables`."""
    return read_tables(source, name, max_rows=rows)


def json_depth(data: bytes) -> int:
    """Deepest nesting of arrays and objects in JSON bytes (text inside strings ignored)."""
    import numpy as np

    skeleton = re.sub(rb'"(?:[^"\\]|\\.)*"', b"", data)
    codes = np.frombuffer(skeleton, dtype=np.uint8)
    steps = np.isin(codes, (ord("["), ord("{"))).astype(np.int32)
    steps -= np.isin(codes, (ord("]"), ord("}")))
    return int(np.cumsum(steps).max(initial=0))


def _check_json(data: bytes, display: str, limits: Limits) -> None:
    depth = json_depth(data)
    if depth > limits.json_depth:
        raise refuse("json_depth", limits.json_depth, Message("levels of nesting"),
                     Message("export the layer again from your GIS"), depth)
    try:
        text, _ = decode_text(data)
        json.loads(text)
    except (ValueError, UnsupportedFormatError, RecursionError):
        raise FileReadError(Message("{file} is not valid GeoJSON (broken JSON)",
                                    file=display)) from None
