"""The client's chunks the map's frame needs, named in the page's head."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from dashboard.app import preloads

INDEX = ('<head><script type="module" crossorigin src="./static/js/index.A1.js"></script>\n'
         '<link rel="modulepreload" crossorigin href="./static/js/react.B2.js">\n</head>')


def _chunks(folder: Path, chunks: dict[str, str]) -> Path:
    for name, text in chunks.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_chunk_comes_with_what_it_imports_statically_once_each(tmp_path):
    js = _chunks(tmp_path, {
        "Frame.X1.js": 'import{a}from"./util.U1.js";import"./side.S1.js";'
                       'const later=()=>import("./Lazy.L1.js");import{b}from"./react.B2.js";',
        "util.U1.js": 'import{c}from"./deep.D1.js";import{d}from"./side.S1.js";',
        "deep.D1.js": "export const c=1;",
        "side.S1.js": "export const d=2;",
        "Lazy.L1.js": "export default 3;",
        "react.B2.js": 'import{e}from"./inner.I1.js";',
        "inner.I1.js": "export const e=4;",
    })
    assert preloads.chunk_closure(js, ["Frame"]) == [
        "Frame.X1.js", "util.U1.js", "side.S1.js", "react.B2.js", "deep.D1.js", "inner.I1.js"]
    # what the page loads already, and what that imports, is not named again
    assert preloads.chunk_closure(js, ["Frame"], {"react.B2.js"}) == [
        "Frame.X1.js", "util.U1.js", "side.S1.js", "deep.D1.js"]


def test_a_stem_the_build_does_not_have_names_nothing(tmp_path):
    js = _chunks(tmp_path, {"Other.O1.js": ""})
    assert preloads.chunk_closure(js, ["Frame"]) == []
    assert preloads.preload_links(INDEX, js, ["Frame"]) == ""


def test_links_leave_out_the_chunks_the_page_names(tmp_path):
    js = _chunks(tmp_path, {"Frame.X1.js": 'import{a}from"./react.B2.js";import"./index.A1.js";'
                                           'import{b}from"./own.O1.js";',
                            "react.B2.js": "", "index.A1.js": "", "own.O1.js": ""})
    assert preloads.preload_links(INDEX, js, ["Frame"]).splitlines() == [
        '<link rel="modulepreload" crossorigin href="./static/js/Frame.X1.js">',
        '<link rel="modulepreload" crossorigin href="./static/js/own.O1.js">',
    ]


def test_the_installed_streamlit_has_the_frame_s_chunk_and_its_imports():
    """Fails when a Streamlit release renames the chunk: the page would lose the head start
    without a word."""
    links = preloads.streamlit_preload_links().splitlines()
    static = Path(find_spec("streamlit").origin).parent / "static"
    assert links[0].startswith('<link rel="modulepreload" crossorigin '
                               'href="./static/js/ComponentInstance.')
    index = (static / "index.html").read_text("utf-8")
    for link in links:
        name = link.split('href="./static/js/')[1].split('"')[0]
        assert (static / "static" / "js" / name).is_file()
        assert name not in index
    assert len(links) >= 2  # the frame's own helpers come with it
