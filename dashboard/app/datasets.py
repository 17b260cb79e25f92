"""The dataset every page uses, and the Data page's upload helpers. No Streamlit here.

A :class:`Dataset` (:mod:`dashboard.sources`) is a stored dataset (``?dataset=NAME[@N]``),
the data ``taghtia run`` was started on, the store's default dataset, the illustrative demo,
or files uploaded on the Data page and not saved yet. Files are loaded by
:func:`loaders.load_inputs`, the one loading path of the app, the commands and the store.
"""

from __future__ import annotations

from dashboard.sources import Dataset, demo, from_files, from_untrusted_files, started_with

__all__ = [
    "Dataset",
    "default_dataset",
    "demo_dataset",
    "file_headers",
    "load_dataset",
    "load_upload",
    "unknown_headers",
    "upload_headers",
    "upload_key",
    "with_partner_decisions",
]


def load_dataset(centres: bytes, funding: bytes | None, *, centres_name: str,
                 funding_name: str | None = None, name: str | None = None,
                 centres_map: dict[str, str] | None = None,
                 funding_map: dict[str, str] | None = None) -> Dataset:
    """Validate and match uploaded centre (and funding) file contents.

    A workbook with a funding sheet and no separate funding file gives its grants too.

    Raises
    ------
    loaders.errors.TaghtiaError
        When a file cannot be read at all (bad rows never raise).
    """
    return from_files(centres, funding, name=name, centres_name=centres_name,
                      funding_name=funding_name, column_map=centres_map or None,
                      funding_column_map=funding_map or None)


def demo_dataset() -> Dataset:
    """The illustrative demo (:func:`dashboard.sources.demo`)."""
    return demo()


def default_dataset() -> Dataset:
    """What ``taghtia run`` was given, else the store's default dataset, else the demo."""
    return started_with()


def file_headers(content: bytes, name: str) -> list[str]:
    """Column headers of the first table of a file, from its first rows only
    (:func:`loaders.preview.file_headers`), for column mapping."""
    from loaders.preview import file_headers as first_rows_headers

    return first_rows_headers(content, name)


def unknown_headers(content: bytes, name: str, recognised: dict[str, str]) -> list[str]:
    """Headers of a file that the loaders did not recognise as any field."""
    known = {str(h).strip() for h in recognised.values()}
    return [h for h in file_headers(content, name) if h not in known]


def upload_key(centres_sha256: str, funding_sha256: str | None,
               centres_map: dict[str, str] | None, funding_map: dict[str, str] | None) -> str:
    """What identifies a check of uploaded files: their SHA-256 and the column mappings."""
    import hashlib

    text = repr((centres_sha256, funding_sha256, sorted((centres_map or {}).items()),
                 sorted((funding_map or {}).items())))
    return hashlib.sha256(text.encode()).hexdigest()


def load_upload(centres: bytes, funding: bytes | None, *, centres_name: str,
                funding_name: str | None = None, centres_map: dict[str, str] | None = None,
                funding_map: dict[str, str] | None = None) -> Dataset:
    """:func:`load_dataset` in a worker process bounded in time and memory
    (:func:`loaders.sandbox.load_inputs_isolated`, ``TAGHTIA_MAX_SECONDS`` and
    ``TAGHTIA_MAX_MEMORY_MB``): what the Data page does with uploaded files.

    Raises
    ------
    loaders.errors.TaghtiaError
        A file cannot be read, or is over a limit (:class:`~loaders.errors.LimitError`,
        :class:`~loaders.errors.FileTimeoutError`, :class:`~loaders.errors.FileMemoryError`).
    """
    return from_untrusted_files(centres, funding, centres_name=centres_name,
                                funding_name=funding_name, column_map=centres_map or None,
                                funding_column_map=funding_map or None)


def upload_headers(content: bytes, name: str) -> list[str]:
    """:func:`file_headers` in the worker process (first rows only, within the limits)."""
    from loaders.preview import file_headers as first_rows_headers
    from loaders.sandbox import run_isolated

    return run_isolated(first_rows_headers, content, name)


def with_partner_decisions(data: Dataset) -> Dataset:
    """``data`` whose centres carry ``partner_key`` and ``partner_id`` after the confirmed
    merges of its partners map (:mod:`dashboard.store.partners_map`), so the partner filter
    of every page counts a merged spelling's centres with its partner; ``data`` itself when
    it has no decision (the ids are then those of the names)."""
    from dataclasses import replace

    from dashboard.store.partners_map import decisions_of
    from loaders.partners import with_partner_ids

    decisions = decisions_of(data.inputs.options)
    if not decisions:
        return data
    centres = replace(data.centres, accepted=with_partner_ids(data.centres_frame, decisions))
    return replace(data, inputs=replace(data.inputs, centres=centres))
