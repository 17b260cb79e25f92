"""How large and how complex a file Taghtia agrees to read.

Every limit has a default that no delegation's registry comes near, and an environment
variable that raises (or lowers) it; ``docs/limits.md`` lists them. A file over a limit is
refused at once with a :class:`~loaders.errors.LimitError` whose one-line message names the
limit and the way out, e.g. ``300,000 rows > 200,000: split the file or raise
TAGHTIA_MAX_ROWS``.

Limits are read from the environment each time :func:`current` is called, so a test or a
server can change them without restarting.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

from loaders.errors import LimitError
from loaders.messages import Message

__all__ = ["Limits", "current", "refuse"]

_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Limits applied to one file.

    Attributes
    ----------
    upload_mb : int
        Size of the file as stored (``TAGHTIA_MAX_UPLOAD_MB``).
    rows : int
        Data rows of one sheet, CSV or layer (``TAGHTIA_MAX_ROWS``).
    cells : int
        Cells of one file, all sheets together (``TAGHTIA_MAX_CELLS``).
    columns : int
        Columns of one sheet (``TAGHTIA_MAX_COLUMNS``).
    cell_chars : int
        Characters of one cell (``TAGHTIA_MAX_CELL_CHARS``; Excel's own limit, 32,767).
    unzipped_mb : int
        Total size of the parts of an XLSX or ODS once decompressed
        (``TAGHTIA_MAX_UNZIPPED_MB``).
    zip_ratio : int
        Decompressed size / compressed size of one part of an XLSX or ODS larger than 1 MB
        once decompressed (``TAGHTIA_MAX_ZIP_RATIO``).
    json_depth : int
        Nesting of arrays and objects in a GeoJSON file (``TAGHTIA_MAX_JSON_DEPTH``).
    seconds : int
        Time to read one file in the worker process (``TAGHTIA_MAX_SECONDS``).
    memory_mb : int
        Memory (address space) of the worker process that reads one file
        (``TAGHTIA_MAX_MEMORY_MB``).
    """

    upload_mb: int = 50
    rows: int = 200_000
    cells: int = 2_000_000
    columns: int = 500
    cell_chars: int = 32_767
    unzipped_mb: int = 500
    zip_ratio: int = 200
    json_depth: int = 64
    seconds: int = 120
    memory_mb: int = 4096

    @property
    def upload_bytes(self) -> int:
        """``upload_mb`` in bytes."""
        return self.upload_mb * _MB

    @property
    def unzipped_bytes(self) -> int:
        """``unzipped_mb`` in bytes."""
        return self.unzipped_mb * _MB


ENVIRONMENT: dict[str, str] = {
    "upload_mb": "TAGHTIA_MAX_UPLOAD_MB",
    "rows": "TAGHTIA_MAX_ROWS",
    "cells": "TAGHTIA_MAX_CELLS",
    "columns": "TAGHTIA_MAX_COLUMNS",
    "cell_chars": "TAGHTIA_MAX_CELL_CHARS",
    "unzipped_mb": "TAGHTIA_MAX_UNZIPPED_MB",
    "zip_ratio": "TAGHTIA_MAX_ZIP_RATIO",
    "json_depth": "TAGHTIA_MAX_JSON_DEPTH",
    "seconds": "TAGHTIA_MAX_SECONDS",
    "memory_mb": "TAGHTIA_MAX_MEMORY_MB",
}


def _positive(variable: str, default: int) -> int:
    text = os.environ.get(variable, "").strip().replace("_", "").replace(",", "")
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise LimitError(Message("{variable}={value} must be a whole number above 0",
                                 variable=variable, value=repr(os.environ[variable])))
    return value


def current() -> Limits:
    """The limits in force: defaults, overridden by the ``TAGHTIA_MAX_*`` variables.

    Raises
    ------
    LimitError
        If a variable is set to something other than a whole number above 0.
    """
    defaults = Limits()
    return Limits(**{
        item.name: _positive(ENVIRONMENT[item.name], getattr(defaults, item.name))
        for item in fields(Limits)
    })


def refuse(field_name: str, limit: int, unit: Message, advice: Message,
           found: int | None = None) -> LimitError:
    """The error for a file over a limit, naming the limit and the way out.

    ``"300,000 rows > 200,000: split the file or raise TAGHTIA_MAX_ROWS"`` when the file's
    figure is known, ``"more than 200,000 rows: …"`` when reading stopped at the limit.

    Parameters
    ----------
    field_name : str
        The :class:`Limits` attribute, which names the environment variable.
    limit : int
        The limit in force.
    unit : Message
        What is counted (``Message("rows")``, ``Message("MB")``).
    advice : Message
        What the user can do with the file, e.g. ``Message("split the file")``.
    found : int, optional
        The file's figure, when known.
    """
    if found is None:
        head = Message("more than {limit} {unit}", limit=format(limit, ","), unit=unit)
    else:
        head = Message("{found} {unit} > {limit}", found=format(found, ","), unit=unit,
                       limit=format(limit, ","))
    return LimitError(Message("{head}: {advice} or raise {variable}", head=head, advice=advice,
                              variable=ENVIRONMENT[field_name]))
