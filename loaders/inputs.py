"""What one loading path returns: the centres (and grants) a caller gets from one or two files.

Every caller — the Data page, ``taghtia run --centres``, every command, the store's import —
loads files through :func:`loaders.load_inputs` (:mod:`loaders.api`), so a workbook's funding
sheet (``financements``, ``تمويل``, ``funding``…) is found everywhere or nowhere. The bytes of
each file are read once and kept, with their SHA-256, so that the store can keep exactly what
was validated.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

from loaders.validate import LoadResult

__all__ = ["InputFile", "Inputs"]


@dataclass(frozen=True)
class InputFile:
    """One file as it was read: its role, name and bytes.

    Attributes
    ----------
    role : str
        ``centres`` or ``funding`` (a workbook holding both sheets is one ``centres`` file).
    name : str
        File name (of the path, or of the upload).
    content : bytes
        The bytes validated.
    """

    role: str
    name: str
    content: bytes = field(repr=False)

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of :attr:`content`."""
        return hashlib.sha256(self.content).hexdigest()


@dataclass
class Inputs:
    """Validated centres and grants of one or two files.

    Attributes
    ----------
    centres : LoadResult
    funding : LoadResult or None
        ``None`` when there is no funding file and the centres file has no funding sheet.
    files : tuple of InputFile
        What was read, centres file first.
    options : dict
        How the files were read (``sheet``, ``column_map``, ``funding_column_map``), for
        reproducing the load.
    """

    centres: LoadResult
    funding: LoadResult | None
    files: tuple[InputFile, ...] = ()
    options: dict[str, object] = field(default_factory=dict)

    @property
    def centres_frame(self) -> pd.DataFrame:
        """Accepted centres."""
        return self.centres.accepted

    @property
    def funding_frame(self) -> pd.DataFrame | None:
        """Accepted grants, or ``None`` without funding."""
        return None if self.funding is None else self.funding.accepted

    @property
    def file_names(self) -> list[str]:
        """Names of the files read, centres first."""
        return [file.name for file in self.files]

    @property
    def fingerprint(self) -> str:
        """SHA-256 over the files' bytes and the reading options: equal fingerprints mean
        the same rows."""
        digest = hashlib.sha256()
        for file in self.files:
            digest.update(f"{file.role}\0{file.sha256}\0".encode())
        digest.update(repr(sorted((k, repr(v)) for k, v in self.options.items())).encode())
        return digest.hexdigest()
