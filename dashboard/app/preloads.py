"""The client's code the map's frame waits for, asked for while Streamlit's front end starts.

Streamlit's client loads the code of each kind of element the first time a page shows one:
the map's frame (a component) is made by the ``ComponentInstance`` chunk and the modules it
imports. On a cold start that chunk was asked for when the map's element arrived, queued
behind the chunks of every widget drawn before it on the six connections a browser opens to
one host, and parsed while the tab was busy drawing them: the frame was made 0.4-1.1 s after
its element arrived. :func:`preload_links` names these chunks in the page's ``<head>``
(``modulepreload``), so they arrive and are compiled while the client starts and the server
prepares the first page, and the frame is made as its element arrives.
:mod:`dashboard.app.deep_links` writes them into the page.

The chunks are found by name in the installed Streamlit's build; a name it no longer has
is left out (the page is the same, without the head start).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from importlib.util import find_spec
from pathlib import Path

ELEMENT_CHUNKS = ("ComponentInstance",)
"""Stems of the client's chunks the first page's map needs before its frame exists."""

_STATIC_IMPORT = re.compile(r'(?:\bfrom|\bimport)\s*"\./([^"/]+\.js)"')
_MODULE_PRELOAD = re.compile(r'rel="modulepreload"[^>]*href="\./static/js/([^"]+)"')
_ENTRY_SCRIPT = re.compile(r'<script type="module"[^>]*src="\./static/js/([^"]+)"')

__all__ = ["ELEMENT_CHUNKS", "chunk_closure", "preload_links", "streamlit_preload_links"]


def chunk_closure(js_dir: Path, stems: Iterable[str],
                  known: Collection[str] = ()) -> list[str]:
    """File names of the chunks named ``<stem>.<hash>.js`` in ``js_dir`` and of every chunk
    they import statically, each once, a chunk before the chunks it imports, leaving out
    the ``known`` chunks and what they import (the page loads them already); dynamic imports
    (``import("./x.js")``, loaded later if ever) are not followed."""
    found: list[str] = []
    pending = [path.name for stem in stems for path in sorted(js_dir.glob(f"{stem}.*.js"))]
    while pending:
        name = pending.pop(0)
        if name in found or name in known or not (js_dir / name).is_file():
            continue
        found.append(name)
        pending.extend(_STATIC_IMPORT.findall((js_dir / name).read_text("utf-8",
                                                                        errors="replace")))
    return found


def preload_links(index_html: str, js_dir: Path, stems: Sequence[str] = ELEMENT_CHUNKS) -> str:
    """The ``<link>`` tags to add to Streamlit's ``index_html``: a ``modulepreload`` for each
    chunk of :func:`chunk_closure` of ``stems`` the page does not already load."""
    named = set(_MODULE_PRELOAD.findall(index_html)) | set(_ENTRY_SCRIPT.findall(index_html))
    return "\n".join(f'<link rel="modulepreload" crossorigin href="./static/js/{name}">'
                     for name in chunk_closure(js_dir, stems, named))


def streamlit_preload_links() -> str:
    """:func:`preload_links` for the installed Streamlit ("" if its page cannot be found;
    read once, by :func:`dashboard.app.deep_links.streamlit_index`, which keeps the page)."""
    streamlit = find_spec("streamlit")
    if streamlit is None or streamlit.origin is None:
        return ""
    static = Path(streamlit.origin).parent / "static"
    index = static / "index.html"
    if not index.is_file():
        return ""
    return preload_links(index.read_text("utf-8"), static / "static" / "js")
