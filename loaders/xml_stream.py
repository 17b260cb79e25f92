"""Streaming, defused XML parsing shared by the XLSX and ODS readers.

Elements are handed over one at a time and dropped once read, so a sheet of any length takes
the memory of one row. Documents with a DTD are refused before parsing starts: without one
there is no entity to expand and no external resource to fetch (spreadsheets never need
them). The check reads the prolog, everything before the first element, which must be UTF-8
(as every XLSX and ODS part is) and fit in the first 64 KB; the C parser of the standard
library then does the work, several times faster than a parser with Python callbacks.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import IO
from xml.etree.ElementTree import Element, ParseError, iterparse

from loaders.errors import FileReadError
from loaders.messages import Message

__all__ = ["local", "stream_elements"]


_PROLOG_BYTES = 64 * 1024
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_\x80-\xff]")


def _plain_prolog(head: bytes) -> bool:
    """True when the XML before the first element is UTF-8 and declares no DTD."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text and not text.startswith(b"<"):
        return False  # UTF-16 or not XML: spreadsheets write UTF-8
    first = _FIRST_ELEMENT.search(text)
    if first is None:
        return not text or (len(head) < _PROLOG_BYTES and b"<!" not in text)
    prolog = text[: first.start()].upper()
    return b"<!DOCTYPE" not in prolog and b"<!ENTITY" not in prolog


class _Rewound(io.RawIOBase):
    """``head`` followed by the rest of ``stream``."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        super().__init__()
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._head:
            chunk, self._head = self._head, b""
            return chunk
        return self._stream.read(size)


_LOCAL_NAMES: dict[str, str] = {}


def local(tag: str) -> str:
    """Tag without its namespace: ``{urn:…}row`` → ``row``."""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rpartition("}")[2] if isinstance(tag, str) else ""
        if len(_LOCAL_NAMES) < 10_000:
            _LOCAL_NAMES[tag] = name
    return name


def stream_elements(stream: IO[bytes], what: Message,
                    events: tuple[str, ...] = ("end",)) -> Iterator[tuple[str, Element]]:
    """``(event, element)`` pairs of an XML stream, as :func:`xml.etree.ElementTree.iterparse`.

    Raises
    ------
    FileReadError
        If the XML is broken or declares a DTD or entities.
    """
    head = stream.read(_PROLOG_BYTES)
    if not _plain_prolog(head):
        raise FileReadError(Message("the {what} declares a DTD or XML entities, or is not UTF-8 "
                                    "XML, which spreadsheets never need; save it again from a "
                                    "spreadsheet", what=what))
    try:
        yield from iterparse(_Rewound(head, stream), events=events)
    except (ParseError, UnicodeDecodeError, ValueError, LookupError) as error:
        raise FileReadError(Message("the {what} is damaged ({error}); open it in a spreadsheet "
                                    "and save it again", what=what,
                                    error=type(error).__name__)) from None
