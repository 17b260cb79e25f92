"""Text files: which encoding, which delimiter, which lines make a row.

:func:`decode_text` finds the encoding of a CSV or GeoJSON file (a byte-order mark, UTF-16
without one, UTF-8, else the Windows code page of French or Arabic text, cp1252 or
cp1256). A file whose lines disagree — some UTF-8, the others a code page, as when exports
of several programs are pasted together — is decoded line by line (:func:`decode_by_line`),
each line in its own encoding, and the lines decoded otherwise than the file are reported.

:func:`split_rows` splits the text into rows with the standard library's CSV reader; a quote
left open, which would make every following line one cell, is refused with the line where
it opened (:func:`refuse_unclosed_quote`).
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from loaders.errors import FileReadError, UnsupportedFormatError
from loaders.messages import Message

__all__ = ["DELIMITERS", "Decoded", "decode_by_line", "decode_csv", "decode_text",
           "looks_binary",
           "refuse_nul", "refuse_unclosed_quote", "sniff_delimiter", "split_rows"]

DELIMITERS: tuple[str, ...] = (";", ",", "\t", "|")
_SNIFF_LINES = 60


@dataclass(frozen=True)
class Decoded:
    """A text file decoded: its text, its encoding, and the lines decoded otherwise.

    Attributes
    ----------
    text : str
    encoding : str
        The encoding of the file (of most of its lines).
    other_lines : dict of int to str
        Line number (1-based) → encoding, for the lines decoded in another encoding than
        ``encoding`` (empty when every line agrees).
    """

    text: str
    encoding: str
    other_lines: dict[int, str] = field(default_factory=dict)


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


def decode_csv(data: bytes) -> Decoded:
    """Decode the bytes of a text file, line by line when its lines disagree
    (:func:`decode_by_line`).

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
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                raise UnsupportedFormatError(Message(
                    "the file starts like {encoding} text but cannot be decoded; save it again "
                    "as CSV UTF-8", encoding=encoding)) from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return Decoded(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return decode_by_line(data)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text file; return ``(text, encoding)`` (see :func:`decode_csv`).

    Raises
    ------
    UnsupportedFormatError
        If the bytes are not text in any of the accepted encodings.
    """
    decoded = decode_csv(data)
    return decoded.text, decoded.encoding


def decode_by_line(data: bytes) -> Decoded:
    """Decode bytes that are not UTF-8 as a whole: each line that is valid UTF-8 (with
    letters beyond ASCII) as UTF-8, the others in the Windows code page their bytes suggest
    (:func:`_guess_windows_code_page` on those lines only). When both kinds are there, the
    lines of the smaller kind are listed in :attr:`Decoded.other_lines`."""
    lines = data.split(b"\n")
    utf8: list[int] = []
    other: list[int] = []
    for index, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            other.append(index)
        else:
            utf8.append(index)
    code_page = _guess_windows_code_page(b"\n".join(lines[i] for i in other) or data)
    if not utf8:
        return Decoded(data.decode(code_page, errors="replace"), code_page)
    in_utf8 = set(utf8)
    text = "\n".join(line.decode("utf-8") if index in in_utf8
                     else line.decode(code_page, errors="replace")
                     for index, line in enumerate(lines))
    main, minority, minority_encoding = ((code_page, utf8, "utf-8") if len(other) >= len(utf8)
                                         else ("utf-8", other, code_page))
    return Decoded(text, main, {index + 1: minority_encoding for index in minority})


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


def looks_binary(text: str) -> bool:
    sample = text[:20000]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\x0c")
    replacement = sample.count("\ufffd")
    return (controls + replacement) > max(3, len(sample) // 50)


_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines(text: str) -> Iterator[str]:
    """Lines of ``text`` with their ends, as a file opened with ``newline=""`` gives them,
    without the copy of the whole text that ``io.StringIO`` makes."""
    return (match.group() for match in _LINES.finditer(text))


def split_rows(text: str, delimiter: str) -> Iterable[tuple[int, list[str]]]:
    reader = csv.reader(_lines(text), delimiter=delimiter, quotechar='"')
    previous_end = 0
    for record in reader:
        start = previous_end + 1
        previous_end = reader.line_num
        yield start, record


def sniff_delimiter(text: str) -> str:
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
            widths = [len(row) for _, row in split_rows(head, delimiter)
                      if any(c.strip() for c in row)]
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


def refuse_nul(text: str) -> None:
    """A NUL character is never part of a table: the file is damaged or not text."""
    position = text.find("\x00")
    if position >= 0:
        line = text.count("\n", 0, position) + 1
        raise FileReadError(Message(
            "line {line} holds a NUL character (a damaged or binary export); open the file in "
            "a spreadsheet and save it again as CSV UTF-8", line=format(line, ",")))


def _quote_opening(text: str, delimiter: str, quote: str = '"') -> int | None:
    """Offset in ``text`` (one CSV record and what follows it) of the quote that opens a
    field never closed before the end, read as the standard library's reader reads
    (``doublequote``, not strict); None when every quoted field is closed."""
    position, length = 0, len(text)
    at_field_start = True
    while position < length:
        char = text[position]
        if at_field_start and char == quote:
            closing = position + 1
            while True:
                closing = text.find(quote, closing)
                if closing < 0:
                    return position
                if text.startswith(quote, closing + 1):  # a doubled quote is a quote
                    closing += 2
                    continue
                break
            position = closing + 1
            at_field_start = False
            continue
        at_field_start = char in (delimiter, "\n", "\r")
        position += 1
    return None


def refuse_unclosed_quote(text: str, first_line: int, delimiter: str,
                          shift: int = 0) -> None:
    """Refuse a text whose record starting on line ``first_line`` opens a quote that is
    never closed (the reader would have made every following line part of one cell).

    Parameters
    ----------
    text : str
        The whole text, as split by :func:`split_rows`.
    first_line : int
        Line (1-based, in ``text``) where the last record starts.
    delimiter : str
    shift : int
        Lines above ``text`` in the file (Excel's ``sep=`` line), added to the line named.

    Raises
    ------
    FileReadError
        ``line 3: a quote opened here is never closed, so the 10 lines after it would be
        read as one cell; …``
    """
    lines = list(_lines(text))[first_line - 1:]
    record = "".join(lines)
    opening = _quote_opening(record, delimiter)
    if opening is None:
        return
    offset = index = 0
    for index, part in enumerate(lines):  # noqa: B007 (the line holding the quote)
        if opening < offset + len(part):
            break
        offset += len(part)
    line = first_line + index
    swallowed = len(lines) - index - 1
    raise FileReadError(Message(
        "line {line}: a quote (\") opened here is never closed, so the {count} lines after it "
        "would be read as one cell; close the quote or remove it, and save the file again",
        line=format(line + shift, ","), count=format(swallowed, ",")))
