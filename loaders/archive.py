"""Opening the ZIP container of an XLSX or ODS without trusting it.

Before any part is decompressed, the central directory is read and the declared sizes are
checked against :mod:`loaders.limits` (total size once decompressed, compression ratio of
each large part). Parts are then read through :class:`CappedReader`, which stops as soon as
more bytes come out than the part declared or the limit allows, so an archive whose
directory lies is refused while it is being read, never after.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from loaders.errors import FileReadError
from loaders.limits import Limits, refuse
from loaders.messages import Message

__all__ = ["CappedReader", "check_archive", "open_archive", "open_part", "read_part"]

_RATIO_FLOOR = 1024 * 1024  # parts smaller than this once decompressed are not ratio-checked
_ADVICE = Message("open it in a spreadsheet and save it again")


def _mb(size: int) -> int:
    return -(-size // (1024 * 1024))


def check_archive(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse an archive whose declared sizes are over the limits, before reading any part.

    Raises
    ------
    LimitError
        If the parts add up to more than ``limits.unzipped_mb`` or a part larger than 1 MB
        is compressed more than ``limits.zip_ratio`` times.
    """
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > _RATIO_FLOOR:
            ratio = info.file_size / max(1, info.compress_size)
            if ratio > limits.zip_ratio:
                raise refuse("zip_ratio", limits.zip_ratio, Message("times compressed"),
                             Message("this is not an ordinary workbook; {advice}",
                                     advice=_ADVICE), round(ratio))
    if total > limits.unzipped_bytes:
        raise refuse("unzipped_mb", limits.unzipped_mb, Message("MB once decompressed"),
                     Message("split the workbook"), _mb(total))


@contextmanager
def open_archive(data: bytes, display: str, limits: Limits) -> Iterator[zipfile.ZipFile]:
    """The checked archive of ``data``.

    Raises
    ------
    FileReadError
        If ``data`` is not a readable ZIP, or (:class:`LimitError`) is over a limit.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise FileReadError(Message(
            "{file} is a damaged ZIP or workbook; save it again as .xlsx or .csv", file=display
        )) from None
    with archive:
        check_archive(archive, limits)
        yield archive


class CappedReader(io.RawIOBase):
    """A readable stream over one part that refuses to yield more than ``cap`` bytes."""

    def __init__(self, stream: IO[bytes], cap: int) -> None:
        super().__init__()
        self._stream = stream
        self._cap = cap
        self._read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            chunk = self._stream.read(len(buffer))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
            raise FileReadError(Message("a part of the workbook is damaged ({error}); {advice}",
                                        error=type(error).__name__, advice=_ADVICE)) from None
        self._read += len(chunk)
        if self._read > self._cap:
            raise FileReadError(Message("a part of the workbook is larger than it declares "
                                        "(damaged or forged); {advice}", advice=_ADVICE))
        buffer[: len(chunk)] = chunk
        return len(chunk)


@contextmanager
def open_part(archive: zipfile.ZipFile, name: str, limits: Limits) -> Iterator[IO[bytes]]:
    """A buffered stream over part ``name``, capped at its declared size.

    Raises
    ------
    FileReadError
        If the part is missing or damaged.
    """
    try:
        info = archive.getinfo(name)
        raw = archive.open(info)
    except (KeyError, zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError,
            ValueError, OSError, EOFError) as error:
        raise FileReadError(Message("the workbook part {name} cannot be opened ({error}); "
                                    "{advice}", name=name, error=type(error).__name__,
                                    advice=_ADVICE)) from None
    cap = min(info.file_size, limits.unzipped_bytes)
    with raw, io.BufferedReader(CappedReader(raw, cap)) as stream:
        yield stream


def read_part(archive: zipfile.ZipFile, name: str, limits: Limits) -> bytes:
    """All bytes of part ``name`` (already checked to be within the limits)."""
    with open_part(archive, name, limits) as stream:
        return stream.read()
