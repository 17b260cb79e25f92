"""Streaming, defused XML parsing shared by the XLSX and ODS readers.

Elements are handed over one at a time and dropped once read, so a sheet of any length takes
the memory of one row. The parts are parsed by :mod:`defusedxml`, which forbids a document
type declaration (DTD) wherever it stands and whatever the part's encoding (after a comment
or a processing instruction, in UTF-16): without a DTD there is no entity to expand and no
external resource to fetch, by construction rather than by a scan of the prolog
(spreadsheets never need one). An entity declared or an external reference met anyway is
refused too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from loaders.errors import FileReadError
from loaders.messages import Message

__all__ = ["local", "stream_elements"]


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
    """``(event, element)`` pairs of an XML stream, as :func:`xml.etree.ElementTree.iterparse`,
    DTDs, entities and external references forbidden.

    Raises
    ------
    FileReadError
        If the XML is broken or declares a DTD or entities.
    """
    try:
        yield from iterparse(stream, events=events, forbid_dtd=True, forbid_entities=True,
                             forbid_external=True)
    except DefusedXmlException:
        raise FileReadError(Message("the {what} declares a DTD or XML entities, which "
                                    "spreadsheets never need; save it again from a spreadsheet",
                                    what=what)) from None
    except (ParseError, UnicodeDecodeError, ValueError, LookupError) as error:
        raise FileReadError(Message("the {what} is damaged ({error}); open it in a spreadsheet "
                                    "and save it again", what=what,
                                    error=type(error).__name__)) from None
