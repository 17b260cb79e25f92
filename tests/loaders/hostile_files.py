"""Hostile and careless files, built in code: ZIP bombs, repeat bombs, huge sheets, deep JSON.

Each builder writes small bytes that declare or inflate to something large, the way a
forged or broken export does; the tests check that the loaders refuse them before doing the
large work.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
_ODS_MANIFEST = (
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="'
    + ODS_MIMETYPE.decode() + '"/><manifest:file-entry manifest:full-path="content.xml" '
    'manifest:media-type="text/xml"/></manifest:manifest>'
)
_XLSX_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_XLSX_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XLSX_TYPES = (  # what Excel and openpyxl need to find the workbook
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_XLSX_PACKAGE = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_XLSX_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)


def _write_zeros(archive: zipfile.ZipFile, name: str, size: int) -> None:
    chunk = b"\x00" * (1024 * 1024)
    with archive.open(name, "w", force_zip64=True) as part:
        for _ in range(size // len(chunk)):
            part.write(chunk)


def ods_bytes(content: str, prolog: str = "") -> bytes:
    """An ODS holding ``content`` inside ``<office:spreadsheet>`` (``prolog`` after the XML
    declaration)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        archive.writestr("content.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
            f"<office:document-content {_ODS_NAMESPACES}>"
            f"<office:body><office:spreadsheet>{content}</office:spreadsheet></office:body>"
            "</office:document-content>"
        ))
    return buffer.getvalue()


def ods_table(name: str, rows: list[list[str]]) -> str:
    """``<table:table>`` XML of text rows."""
    cells = "".join(
        "<table:table-row>" + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{value}</text:p>'
            "</table:table-cell>" for value in row
        ) + "</table:table-row>" for row in rows
    )
    return f'<table:table table:name="{name}">{cells}</table:table>'


def ods_zip_bomb(mimetype_mb: int) -> bytes:
    """An ODS whose ``mimetype`` part inflates to ``mimetype_mb`` MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _write_zeros(archive, "mimetype", mimetype_mb * 1024 * 1024)
        archive.writestr("content.xml", "<x/>")
    return buffer.getvalue()


def ods_repeat_bomb(rows: int = 1_000_000, columns: int = 16_000) -> bytes:
    """A few hundred bytes of ODS declaring ``rows`` × ``columns`` copies of one text cell."""
    return ods_bytes(
        '<table:table table:name="bomb">'
        f'<table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell table:number-columns-repeated="{columns}" '
        'office:value-type="string"><text:p>x</text:p></table:table-cell>'
        "</table:table-row></table:table>"
    )


def xlsx_bytes(sheet_xml: bytes | str, *, extra: dict[str, bytes] | None = None) -> bytes:
    """A one-sheet XLSX whose ``sheet1.xml`` is ``sheet_xml`` (bytes are written as given);
    ``extra`` parts are added, ``xl/sharedStrings.xml`` with its relationship."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _XLSX_TYPES)
        archive.writestr("_rels/.rels", _XLSX_PACKAGE)
        archive.writestr("xl/workbook.xml", (
            f'<workbook xmlns="{_XLSX_MAIN}" xmlns:r="{_XLSX_RELS}"><sheets>'
            '<sheet name="centres" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ))
        texts = ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                 if "xl/sharedStrings.xml" in (extra or {}) else "")
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{texts}'
            "</Relationships>"
        ))
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def xlsx_sheet(rows: list[str], dimension: str | None = None) -> str:
    """Sheet XML around ``<row>`` elements."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<worksheet xmlns="{_XLSX_MAIN}">{declared}<sheetData>{"".join(rows)}'
            "</sheetData></worksheet>")


def xlsx_zip_bomb(sheet_mb: int) -> bytes:
    """An XLSX whose sheet part inflates to ``sheet_mb`` MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        _write_zeros(archive, "xl/worksheets/sheet1.xml", sheet_mb * 1024 * 1024)
    return buffer.getvalue()


def xlsx_many_cells(rows: int, columns: int = 5) -> bytes:
    """An XLSX of ``rows`` × ``columns`` number cells (small: the rows are all alike)."""
    row = b"<row>" + b"<c><v>1</v></c>" * columns + b"</row>"
    head = f'<worksheet xmlns="{_XLSX_MAIN}"><sheetData>'.encode()
    body = head + row * rows + b"</sheetData></worksheet>"
    return xlsx_bytes(body)


def lying_zip(data: bytes, part: str, declared_size: int) -> bytes:
    """``data`` (a ZIP) with ``part``'s uncompressed size rewritten to ``declared_size`` in
    both its local header and the central directory."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(part)
    local = info.header_offset
    struct.pack_into("<I", out, local + 22, declared_size)
    central = out.find(b"PK\x01\x02")
    while central >= 0:
        name_length = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46: central + 46 + name_length] == part.encode():
            struct.pack_into("<I", out, central + 24, declared_size)
            break
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


def deep_json(depth: int) -> bytes:
    """``[[[…]]]`` nested ``depth`` times."""
    return b"[" * depth + b"]" * depth


def sleep_for(seconds: float) -> None:
    """A reading that never ends in time."""
    import time

    time.sleep(seconds)


def allocate(megabytes: int) -> int:
    """A reading that needs ``megabytes`` MB at once."""
    return len(bytearray(megabytes * 1024 * 1024))


def fail_unexpectedly() -> None:
    """A reading that fails with an error that is not a loader error."""
    raise ZeroDivisionError("a bug in a reader")



def xlsx_doctype_after_comment() -> bytes:
    """An XLSX whose sheet declares a DTD after a comment that looks like an element
    (``<!-- <a -->``): a scan of the prolog stops at the comment."""
    laughs = ('<?xml version="1.0"?><!-- <a --><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>')
    return xlsx_bytes(laughs + xlsx_sheet(
        ['<row r="1"><c t="inlineStr"><is><t>&b;</t></is></c></row>']))


def xlsx_utf16_doctype() -> bytes:
    """An XLSX whose sheet part is UTF-16LE (with its byte-order mark) and declares an
    external entity."""
    sheet = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w [<!ENTITY x SYSTEM '
             '"file:///etc/hostname">]>' + xlsx_sheet(
                 ['<row r="1"><c t="inlineStr"><is><t>&x;</t></is></c></row>']))
    return xlsx_bytes(b"\xff\xfe" + sheet.encode("utf-16-le"))


def xlsx_entity_amplification(entity_mb: int = 1, references: int = 90) -> bytes:
    """An XLSX (a few hundred KB compressed) with one internal entity of ``entity_mb`` MB,
    declared after a comment,
    referenced ``references`` times in one cell: a ``references`` × ``entity_mb`` MB cell
    once expanded."""
    letters = random.Random(7).choices("abcdefghijklmnopqrstuvwxyz ", k=entity_mb * 1024 * 1024)
    entity = "".join(letters)
    sheet = (f'<?xml version="1.0"?><!-- <a --><!DOCTYPE w [<!ENTITY big "{entity}">]>'
             + xlsx_sheet(['<row r="1"><c t="inlineStr"><is><t>' + "&big;" * references
                           + "</t></is></c></row>"]))
    return xlsx_bytes(sheet)


def ods_doctype_after_comment() -> bytes:
    """An ODS whose ``content.xml`` declares a DTD after a comment."""
    return ods_bytes(ods_table("t", [["x"]]), '<!-- <a --><!DOCTYPE d [<!ENTITY e "e">]>')


def long_text(characters: int, seed: int = 3) -> str:
    """``characters`` letters that do not compress much (a ZIP ratio check lets them by)."""
    return "".join(random.Random(seed).choices("abcdefghijklmnopqrstuvwxyz", k=characters))


def xlsx_long_shared_string(characters: int) -> bytes:
    """An XLSX whose cell B2 is a shared string of ``characters`` characters."""
    strings = (f'<sst xmlns="{_XLSX_MAIN}"><si><t>{long_text(characters)}</t></si>'
               "<si><t>Nom</t></si><si><t>ID</t></si></sst>")
    sheet = xlsx_sheet(['<row r="1"><c r="A1" t="s"><v>2</v></c><c r="B1" t="s"><v>1</v></c>'
                        '</row>', '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>0</v>'
                        "</c></row>"])
    return xlsx_bytes(sheet, extra={"xl/sharedStrings.xml": strings.encode()})


def warn_like_a_library() -> int:
    """A reading that emits a library's warning (with a site-packages path), then ends."""
    import warnings

    warnings.warn_explicit("Measured (1) geometry types are not supported", RuntimeWarning,
                           "/usr/lib/python3/site-packages/pyogrio/raw.py", 198)
    return 1
