"""Where a command writes: one rule for every ``--out``.

Every sub-command that writes a file goes through this module:

* :func:`refuse_inputs` (or :func:`check_outputs`, which knows the command's inputs) before
  the work: an output whose path, links followed, is one of the files the command reads —
  ``--centres``, ``--funding``, the file given to ``validate``, the SQLite store — is
  refused with one line (exit status 2), whatever way it is named (same path, relative
  path, symbolic or hard link, on either side);
* :func:`write_bytes` / :func:`write_text` (and :func:`loaders.output.write_table`, which
  shares the same writer): the file is written beside its final name and renamed into
  place, so a reader never sees half a file and a failure leaves the old one; an error
  of the system (folder missing, no permission) is one line too.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable
from pathlib import Path

from loaders.errors import UsageError
from loaders.output import replace_file

__all__ = ["check_outputs", "command_inputs", "refuse_inputs", "same_file", "write_bytes",
           "write_text"]

INPUT_OPTIONS: tuple[str, ...] = ("centres", "funding")
"""The attributes of a command's parsed arguments that name a file it reads."""


def same_file(first: str | Path, second: str | Path) -> bool:
    """True when both names lead to one file: the same path once links are followed, or
    the same file on disk (a hard link)."""
    if os.path.realpath(first) == os.path.realpath(second):
        return True
    try:
        return os.path.samefile(first, second)
    except OSError:  # one of them does not exist (yet)
        return False


def _store_file() -> Path | None:
    """The SQLite file of the configured store, if the store is one (it is read by
    ``--dataset`` and by the default dataset; never written over by an output)."""
    from dashboard.store.config import database_url, sqlite_file

    try:
        return sqlite_file(database_url())
    except Exception:  # no home folder: there is no store file to protect
        return None


def command_inputs(args: argparse.Namespace) -> list[Path]:
    """The files a command reads: its ``--centres`` and ``--funding`` (or ``validate``'s
    file)."""
    given = [getattr(args, name, None) for name in INPUT_OPTIONS]
    return [Path(name) for name in given if name]


def refuse_inputs(outputs: Iterable[str | Path | None],
                  inputs: Iterable[str | Path | None]) -> list[Path]:
    """Refuse an output that is one of the inputs; the outputs, links resolved.

    Parameters
    ----------
    outputs : iterable of paths
        The files the command will write (None entries are skipped).
    inputs : iterable of paths
        The files it reads (None entries are skipped).

    Returns
    -------
    list of Path
        The outputs with their links followed (where the bytes will go).

    Raises
    ------
    UsageError
        ``--out report.pdf is the input file centres.csv; give the output another name``.
    """
    inputs = [Path(name) for name in inputs if name]
    resolved = []
    for output in (Path(name) for name in outputs if name):
        for given in inputs:
            if same_file(output, given):
                raise UsageError(f"--out {output} is the input file {given}; "
                                 "give the output another name")
        resolved.append(Path(os.path.realpath(output)))
    return resolved


def check_outputs(args: argparse.Namespace, *outputs: str | Path | None) -> list[Path]:
    """:func:`refuse_inputs` with the inputs of the command (:func:`command_inputs`), and
    the SQLite store refused too (``--out X is the store itself``)."""
    store = _store_file()
    if store is not None:
        for output in (Path(name) for name in outputs if name):
            if same_file(output, store):
                raise UsageError(f"--out {output} is the store itself; "
                                 "give the output another name")
    return refuse_inputs(outputs, command_inputs(args))


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` (temporary file renamed into place); the file written.

    Raises
    ------
    UsageError
        The file cannot be written (``cannot write out.pdf: Permission denied``).
    """
    try:
        return replace_file(data, path)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None


def write_text(path: str | Path, text: str) -> Path:
    """:func:`write_bytes` of ``text`` in UTF-8."""
    return write_bytes(path, text.encode("utf-8"))
