"""The dataset every page uses, and the Data page's upload helpers. No Streamlit here.

A :class:`Dataset` (:mod:`dashboard.sources`) is a stored dataset (``?dataset=NAME[@N]``),
the data ``taghtia run`` was started on, the store's default dataset, the illustrative demo,
or files uploaded on the Data page and not saved yet. Files are loaded by
:func:`loaders.load_inputs`, the one loading path of the app, the commands and the store.
"""

from __future__ import annotations

from dashboard.sources import Dataset, demo, from_files, started_with

__all__ = ["Dataset", "default_dataset", "demo_dataset", "file_headers", "load_dataset",
           "unknown_headers"]


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
    """Column headers of the first table of a file (first row with text), for column mapping."""
    from loaders.read import read_tables

    tables, _ = read_tables(content, name=name)
    for table in tables:
        for row in table.rows[:20]:
            cells = [str(c).strip() for c in row if c is not None and str(c).strip()]
            if len(cells) >= 2:
                return cells
    return []


def unknown_headers(content: bytes, name: str, recognised: dict[str, str]) -> list[str]:
    """Headers of a file that the loaders did not recognise as any field."""
    known = {str(h).strip() for h in recognised.values()}
    return [h for h in file_headers(content, name) if h not in known]

