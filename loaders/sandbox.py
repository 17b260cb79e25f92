"""Reading an untrusted file in a separate process, within time and memory limits.

A forged file can make a parser loop or allocate without end in places no check reaches
(a C library, a pathological regular expression). :func:`run_isolated` runs the reading in
a child process started afresh (``spawn``), whose address space is capped with
``RLIMIT_AS`` and which is stopped when it takes too long; what the reading returns comes
back pickled, and what it raises is raised again here. The wrappers
:func:`load_centres_isolated`, :func:`load_funding_isolated` and
:func:`load_workbook_isolated` are the loaders of :mod:`loaders` run this way: the command
line reads every file through them, and so should any server page that accepts uploads::

    from loaders.sandbox import load_workbook_isolated

    book = load_workbook_isolated(uploaded.getvalue(), name=uploaded.name)

The limits default to ``TAGHTIA_MAX_SECONDS`` and ``TAGHTIA_MAX_MEMORY_MB``
(:mod:`loaders.limits`). A child costs the start of a Python process and the import of the
loaders (about a second); the parent process never holds the file's parsed form until it is
complete.
"""

from __future__ import annotations

import multiprocessing
import traceback
import warnings
from collections.abc import Callable, Mapping
from dataclasses import replace
from multiprocessing.connection import Connection
from typing import Any, TypeVar

import pandas as pd

from loaders import LoadResult, WorkbookResult, load_centres, load_funding, load_workbook
from loaders.api import load_inputs
from loaders.errors import FileMemoryError, FileTimeoutError, TaghtiaError
from loaders.inputs import InputFile, Inputs
from loaders.limits import current
from loaders.messages import Message
from loaders.read import Source, source_bytes

__all__ = [
    "load_centres_isolated",
    "load_funding_isolated",
    "load_inputs_isolated",
    "load_workbook_isolated",
    "run_isolated",
]

T = TypeVar("T")
_MB = 1024 * 1024


def _cap_memory(memory_mb: int) -> None:
    import resource

    size = memory_mb * _MB
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        size = min(size, hard)
    resource.setrlimit(resource.RLIMIT_AS, (size, hard))


def _reached_cap(memory_mb: int) -> bool:
    """Whether this process's address space came within 5% of ``memory_mb`` (Linux's
    ``VmPeak``): an error then is the cap's doing (GEOS' ``std::bad_alloc``, Arrow's
    "Unknown error"), whatever the library calls it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024 >= memory_mb * _MB * 0.95
    except (OSError, ValueError):
        pass
    return False


def _child(channel: Connection, fn: Callable[..., Any], args: tuple[Any, ...],
           kwargs: dict[str, Any], memory_mb: int) -> None:
    """Run ``fn`` under the memory cap and send back ``(status, payload, details)``."""
    try:
        _cap_memory(memory_mb)
        warnings.simplefilter("ignore")  # the libraries' notes: never on the user's terminal
        channel.send(("ok", fn(*args, **kwargs), ""))
    except MemoryError:
        channel.send(("memory", None, ""))
    except TaghtiaError as error:
        channel.send(("error", error, ""))
    except BaseException as error:  # sent to the parent, which raises it again
        if _reached_cap(memory_mb):  # a C/C++ library out of memory says it its own way
            channel.send(("memory", None, ""))
            return
        details = traceback.format_exc()
        try:
            channel.send(("error", error, details))
        except Exception:  # the error itself cannot be pickled
            channel.send(("error", RuntimeError(repr(error)), details))
    finally:
        channel.close()


def _memory_error(memory_mb: int) -> FileMemoryError:
    return FileMemoryError(Message(
        "This file needed more than {mb} MB to read; split it, save it again, or raise "
        "{variable}", mb=format(memory_mb, ","), variable="TAGHTIA_MAX_MEMORY_MB"))


def run_isolated(fn: Callable[..., T], /, *args: Any, timeout_s: float | None = None,
                 memory_mb: int | None = None, **kwargs: Any) -> T:
    """Call ``fn(*args, **kwargs)`` in a child process and return its result.

    Parameters
    ----------
    fn : callable
        A function importable by name (module-level), as are its arguments and result
        (they travel pickled).
    *args, **kwargs
        Passed to ``fn``.
    timeout_s : float, optional
        Seconds before the child is stopped (default ``TAGHTIA_MAX_SECONDS``); the count
        includes the child's start.
    memory_mb : int, optional
        Address space of the child, in MB (default ``TAGHTIA_MAX_MEMORY_MB``).

    Returns
    -------
    What ``fn`` returns.

    Raises
    ------
    FileTimeoutError
        The child took longer than ``timeout_s``.
    FileMemoryError
        The child ran out of its memory, or died without a word (killed, crashed).
    Exception
        Whatever ``fn`` raised, raised again here (a :class:`~loaders.errors.TaghtiaError`
        as it was; any other with the child's traceback attached as a note).
    """
    limits = current()
    timeout_s = limits.seconds if timeout_s is None else timeout_s
    memory_mb = limits.memory_mb if memory_mb is None else memory_mb
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, fn, args, kwargs, memory_mb),
                              daemon=True, name="taghtia-reader")
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout_s):
            raise FileTimeoutError(Message(
                "This file took more than {seconds} s to read; split it, save it again, or "
                "raise {variable}", seconds=format(timeout_s, "g"), variable="TAGHTIA_MAX_SECONDS"))
        try:
            status, payload, details = receiver.recv()
        except (EOFError, OSError):
            raise _memory_error(memory_mb) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    if status == "ok":
        return payload
    if status == "memory":
        raise _memory_error(memory_mb)
    if details and not isinstance(payload, TaghtiaError):
        payload.add_note(f"In the reading process:\n{details}")
    raise payload


def _portable(source: Source, name: str | None) -> tuple[Source, str | None]:
    """A path stays a path (the child reads it); a stream becomes bytes."""
    if isinstance(source, (str, bytes, bytearray)) or hasattr(source, "__fspath__"):
        return source, name
    data, display = source_bytes(source, name)
    return data, name or display


def load_centres_isolated(source: Source, *, sheet: str | int | None = None,
                          column_map: Mapping[str, str] | None = None,
                          name: str | None = None, timeout_s: float | None = None,
                          memory_mb: int | None = None) -> LoadResult:
    """:func:`loaders.load_centres` in a child process (see :func:`run_isolated`).

    Raises
    ------
    FileReadError
        As :func:`loaders.load_centres`, and :class:`FileTimeoutError` /
        :class:`FileMemoryError` when the file is over the time or memory limit.
    """
    source, name = _portable(source, name)
    return run_isolated(load_centres, source, sheet=sheet, column_map=column_map, name=name,
                        timeout_s=timeout_s, memory_mb=memory_mb)


def load_funding_isolated(source: Source, *, centres: pd.DataFrame | None = None,
                          sheet: str | int | None = None,
                          column_map: Mapping[str, str] | None = None,
                          name: str | None = None, timeout_s: float | None = None,
                          memory_mb: int | None = None) -> LoadResult:
    """:func:`loaders.load_funding` in a child process (see :func:`run_isolated`).

    Raises
    ------
    FileReadError
        As :func:`loaders.load_funding`, or over the time or memory limit.
    """
    source, name = _portable(source, name)
    return run_isolated(load_funding, source, centres=centres, sheet=sheet,
                        column_map=column_map, name=name, timeout_s=timeout_s,
                        memory_mb=memory_mb)


def load_workbook_isolated(source: Source, name: str | None = None, *,
                           sheet: str | int | None = None,
                           column_map: Mapping[str, str] | None = None,
                           funding_column_map: Mapping[str, str] | None = None,
                           timeout_s: float | None = None,
                           memory_mb: int | None = None) -> WorkbookResult:
    """:func:`loaders.load_workbook` in a child process (see :func:`run_isolated`).

    Parameters
    ----------
    source : str, Path, bytes or binary file object
        A path is read by the child; a file object is read here first (within
        ``TAGHTIA_MAX_UPLOAD_MB``) and its bytes are handed over.
    name, sheet, column_map, funding_column_map
        As for :func:`loaders.load_workbook`.
    timeout_s, memory_mb
        As for :func:`run_isolated`.

    Raises
    ------
    FileReadError
        As :func:`loaders.load_workbook`, and :class:`FileTimeoutError` /
        :class:`FileMemoryError` when the file is over the time or memory limit.
    """
    source, name = _portable(source, name)
    return run_isolated(load_workbook, source, name, sheet=sheet, column_map=column_map,
                        funding_column_map=funding_column_map, timeout_s=timeout_s,
                        memory_mb=memory_mb)



def _inputs_without_bytes(centres: bytes, funding: bytes | None,
                          options: dict[str, Any]) -> Inputs:
    """In the worker: :func:`loaders.load_inputs`, the files' bytes left out of the answer
    (the caller has them)."""
    inputs = load_inputs(centres, funding, **options)
    return replace(inputs, files=tuple(InputFile(f.role, f.name, b"") for f in inputs.files))


def load_inputs_isolated(centres: Source, funding: Source | None = None, *,
                         centres_name: str | None = None, funding_name: str | None = None,
                         timeout_s: float | None = None, memory_mb: int | None = None,
                         **options: Any) -> Inputs:
    """:func:`loaders.load_inputs` in a child process (see :func:`run_isolated`): the one
    loading path of the commands and of the Data page's uploads, bounded in time and memory.

    The files are read here first (within ``TAGHTIA_MAX_UPLOAD_MB``) and their bytes handed
    to the child; the :class:`~loaders.inputs.Inputs` returned carries these bytes.

    Parameters
    ----------
    centres, funding, centres_name, funding_name, **options
        As for :func:`loaders.load_inputs` (``sheet``, ``column_map``,
        ``funding_column_map``).
    timeout_s, memory_mb
        As for :func:`run_isolated`.

    Raises
    ------
    FileReadError
        As :func:`loaders.load_inputs`, and :class:`FileTimeoutError` /
        :class:`FileMemoryError` over the time or memory limit.
    """
    centres_bytes, centres_display = source_bytes(centres, centres_name)
    contents = {"centres": centres_bytes}
    options = {**options, "centres_name": centres_display}
    funding_bytes = None
    if funding is not None:
        funding_bytes, options["funding_name"] = source_bytes(funding, funding_name)
        contents["funding"] = funding_bytes
    inputs = run_isolated(_inputs_without_bytes, centres_bytes, funding_bytes, options,
                          timeout_s=timeout_s, memory_mb=memory_mb)
    return replace(inputs, files=tuple(InputFile(f.role, f.name, contents[f.role])
                                       for f in inputs.files))
