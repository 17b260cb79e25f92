"""What the store hands back: versions, datasets, import outcomes; and the report blobs.

The validation issues and the row report of a version are kept as Parquet (one blob per
version and kind) and read back with the dtypes they had.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass, field

import pandas as pd

from loaders.inputs import Inputs


@dataclass(frozen=True)
class VersionInfo:
    """One import of a dataset.

    Attributes
    ----------
    dataset : str
    number : int
        1, 2, 3… in import order.
    in_force : bool
        True for the version the dataset shows by default.
    imported_at : datetime.datetime
        UTC.
    imported_by : str
        OS user of the command, or the app's user label.
    files : list of str
        File names, centres first.
    sha256 : list of str
        SHA-256 of each file's bytes.
    fingerprint : str
        SHA-256 over the files and reading options (same fingerprint, same rows).
    centres_read, centres_accepted, centres_rejected : int
    grants_read, grants_accepted, grants_rejected : int or None
        None when the version has no funding.
    options : dict
        How the files were read (sheet, column maps).
    territory : str or None
        The dataset's territory (``03.451,03.561``), None when it has none.
    """

    dataset: str
    number: int
    in_force: bool
    imported_at: dt.datetime
    imported_by: str
    files: list[str]
    sha256: list[str]
    fingerprint: str
    centres_read: int
    centres_accepted: int
    centres_rejected: int
    grants_read: int | None
    grants_accepted: int | None
    grants_rejected: int | None
    options: dict = field(default_factory=dict)
    territory: str | None = None

    @property
    def ref(self) -> str:
        """``name@number``."""
        return f"{self.dataset}@{self.number}"

    def as_dict(self) -> dict[str, object]:
        """JSON-ready fields (``imported_at`` in ISO 8601, UTC)."""
        return {
            "name": self.dataset, "version": self.number, "in_force": self.in_force,
            "imported_at": iso(self.imported_at), "imported_by": self.imported_by,
            "files": list(self.files), "sha256": list(self.sha256),
            "centres_read": self.centres_read, "centres_accepted": self.centres_accepted,
            "centres_rejected": self.centres_rejected, "grants_read": self.grants_read,
            "grants_accepted": self.grants_accepted, "grants_rejected": self.grants_rejected,
            "options": self.options, "territory": self.territory,
        }


@dataclass(frozen=True)
class DatasetInfo:
    """A dataset with its version in force.

    Attributes
    ----------
    name : str
    versions : list of int
        Version numbers kept.
    current : VersionInfo
        The version in force.
    is_default : bool
        True for the dataset the app and the commands open when none is named.
    """

    name: str
    versions: list[int]
    current: VersionInfo
    is_default: bool = False

    def as_dict(self) -> dict[str, object]:
        """JSON-ready summary: the version in force's figures, flat; ``versions`` is how many
        versions are kept, ``version_numbers`` which."""
        summary = self.current.as_dict()
        summary.pop("in_force")
        return {"name": self.name, "version": self.current.number,
                "versions": len(self.versions), "version_numbers": list(self.versions),
                "default": self.is_default,
                **{k: v for k, v in summary.items() if k not in ("name", "version")}}


@dataclass(frozen=True)
class ImportOutcome:
    """Result of saving files as a version: the version, and whether it is new.

    ``created`` is False when the same files (same bytes, same options) were already a
    version of the dataset: that version is returned and nothing is written.
    """

    version: VersionInfo
    created: bool


@dataclass
class StoredInputs:
    """A stored version opened: its record and its rows as :mod:`loaders` returned them."""

    info: VersionInfo
    inputs: Inputs


def iso(moment: dt.datetime) -> str:
    """ISO 8601 in UTC, to the second (``2026-12-01T15:04:05Z``)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def frame_blob(frame: pd.DataFrame) -> bytes:
    """``frame`` as Parquet bytes, its dtypes kept (mixed-type text cells written as text)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object:
            safe[column] = safe[column].map(
                lambda v: v if v is None or isinstance(v, str) or v != v else str(v))
    buffer = io.BytesIO()
    safe.reset_index(drop=True).to_parquet(buffer, index=False)
    meta = json.dumps({str(c): str(t) for c, t in frame.dtypes.items()}).encode()
    return len(meta).to_bytes(4, "big") + meta + buffer.getvalue()


def blob_parts(blob: bytes) -> tuple[dict[str, str], bytes]:
    """The dtypes and the Parquet bytes of a blob :func:`frame_blob` wrote."""
    size = int.from_bytes(blob[:4], "big")
    return json.loads(blob[4:4 + size]), blob[4 + size:]


def blob_frame(blob: bytes) -> pd.DataFrame:
    """The frame :func:`frame_blob` wrote, with its dtypes (missing text as None)."""
    dtypes, parquet = blob_parts(blob)
    return with_dtypes(pd.read_parquet(io.BytesIO(parquet)), dtypes)


def with_dtypes(frame: pd.DataFrame, dtypes: dict[str, str]) -> pd.DataFrame:
    """``frame`` (read from Parquet) with the pandas ``dtypes`` it was written with (missing
    text as None); the columns of ``dtypes`` it lacks are left out."""
    for column, dtype in dtypes.items():
        if column not in frame.columns:
            continue
        if dtype == "object":
            series = frame[column].astype(object)
            frame[column] = series.where(series.notna(), None)
        elif str(frame[column].dtype) != dtype:
            frame[column] = frame[column].astype(dtype)
    return frame
