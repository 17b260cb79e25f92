"""Presentation mode: the app itself on the meeting-room screen, one page per slide.

``?present=1`` on any page (or the sidebar's button) hides Streamlit's chrome and the
sidebar, sets large type, widens the map to the full screen and hides tables and download
buttons; the pages become slides (overview → coverage → services → funding → underserved →
planning when the app has it). ← / → (and Page Up / Page Down, as presentation clickers send)
move between them, Esc leaves. The slide is the page of the URL and the view (territory,
language, filters) its query string, so a copied link opens on the same slide.

Nothing here is specific to a page: the router calls :func:`show` once per run.
The keyboard listener is a script run in the app's page itself (``st.html`` with JavaScript,
as :func:`dashboard.app.style.direction` does; ``st.components.v1.html`` is deprecated), so it
listens on the document the presenter sees and no click is needed first. It follows the
page links of the slide bar (Streamlit's own navigation, no reload) and otherwise loads the
slide's URL, keeping the query string. It acts only while the URL says ``present=1``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import streamlit as st

from dashboard.app import session
from dashboard.app.pages import SLIDE_PAGES, path_of
from dashboard.i18n import N_, t

MAP_HEIGHT = 660
"""Height of a map in presentation mode, in pixels, as drawn; the page then fits it to the
room left above the slide bar."""
MIN_MAP_HEIGHT = 320
"""A map fitted to the screen is never lower than this, in pixels."""

CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarNav"], footer, [data-testid="stDownloadButton"],
[data-testid="stDataFrame"], [data-testid="stElementToolbar"] { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container {
  max-width: 100% !important; padding: 1rem 2.5rem 1.5rem !important;
}
.stApp { font-size: 1.3rem; }
.stApp h1 { font-size: 2.6rem !important; padding-top: 0.2rem !important; }
.stApp h2, .stApp h3 { font-size: 1.6rem !important; padding: 0.4rem 0 0.2rem !important; }
.stApp [data-testid="stMarkdownContainer"] p, .stApp label p { font-size: 1.3rem; }
.stApp [data-testid="stMetricValue"], .stApp [data-testid="stMetricValue"] * {
  font-size: 2.8rem !important; line-height: 1.2 !important;
}
.stApp [data-testid="stMetricLabel"] p { font-size: 1.25rem !important; }
.stApp [data-testid="stMetricDelta"] * { font-size: 1.1rem !important; }
.stApp [data-testid="stCaptionContainer"] { font-size: 1.05rem; }
[data-testid="stHorizontalBlock"]:has([class*="st-key-crumb-"]),
[data-testid="stHorizontalBlock"]:has([data-testid="stRadio"]),
[data-testid="stHorizontalBlock"]:has([data-testid="stSelectbox"]),
[data-testid="stElementContainer"]:has([data-testid="stRadio"]) { display: none !important; }
[data-testid="stHorizontalBlock"]:has(.st-key-present-exit) {
  position: fixed; bottom: 0.5rem; right: 1rem; z-index: 1000; width: auto !important;
  gap: 1.2rem; padding: 0.15rem 0.9rem; border-radius: 0.5rem;
  background: rgba(255, 255, 255, 0.98); box-shadow: 0 1px 6px rgba(0, 0, 0, 0.25);
}
[data-testid="stHorizontalBlock"]:has(.st-key-present-exit) > [data-testid="stColumn"] {
  width: auto !important; flex: 0 0 auto !important; min-width: 0 !important;
}
.stApp [data-testid="stAlert"] > div { padding: 0.35rem 0.9rem !important; }
.stApp [data-testid="stAlert"] p {
  font-size: 1rem !important; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
}
[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]:has(
  [data-testid="stCaptionContainer"]),
[data-testid="stMainBlockContainer"] [data-testid="stSlider"],
[data-testid="stMainBlockContainer"] [data-testid="stExpander"] { display: none !important; }
[data-testid="stMainBlockContainer"] .st-key-present-slide
  [data-testid="stElementContainer"]:has([data-testid="stCaptionContainer"]) {
  display: block !important;
}
[data-testid="stHorizontalBlock"]:has(iframe[title*="folium"]) { flex-direction: column; }
[data-testid="stHorizontalBlock"]:has(iframe[title*="folium"]) > [data-testid="stColumn"] {
  width: 100% !important; flex: 1 1 100% !important;
}
</style>
"""

_LISTENER = """
(function () {
  var w = window, d = document;
  function cfg() {
    var slides = w.__taghtiaSlides;
    var on = new URLSearchParams(w.location.search).get("present") === "1";
    return on ? slides : null;
  }
  function base(slides) {
    var path = w.location.pathname;
    if (slides.current && path.slice(-slides.current.length - 1) === "/" + slides.current) {
      return path.slice(0, path.length - slides.current.length);
    }
    return path.slice(-1) === "/" ? path : path + "/";
  }
  function go(slides, target) {
    var path = base(slides) + target;
    var links = d.querySelectorAll('a[data-testid="stPageLink-NavLink"]');
    for (var i = 0; i < links.length; i++) {
      if (new URL(links[i].href, w.location.href).pathname === path) {
        links[i].click();  // Streamlit's own navigation: no reload
        return;
      }
    }
    w.location.assign(path + w.location.search);
  }
  function leave() {
    var params = new URLSearchParams(w.location.search);
    params.delete("present");
    var query = params.toString();
    w.location.assign(w.location.pathname + (query ? "?" + query : ""));
  }
  function handle(event) {  // a slide key: move, and keep it from the map below
    var slides = cfg();
    var tag = (event.target && event.target.tagName) || "";
    if (!slides || /INPUT|TEXTAREA|SELECT/.test(tag) || event.altKey || event.ctrlKey ||
        event.metaKey) { return; }
    var target;
    if (event.key === "ArrowRight" || event.key === "PageDown") {
      target = slides.next;
    } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
      target = slides.previous;
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      leave();
      return;
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    if (target !== null) { go(slides, target); }
  }
  // A slide fits the screen: its first row of figures only, and its map as tall as the
  // room left above the slide bar (the map inside its frame too, then told of its size).
  function fit() {
    if (!cfg()) { return; }
    var rows = [].filter.call(d.querySelectorAll('[data-testid="stHorizontalBlock"]'),
      function (row) {
        return row.querySelector('[data-testid="stMetric"]') &&
          !row.parentElement.closest('[data-testid="stHorizontalBlock"]');
      });
    for (var r = 1; r < rows.length; r++) { rows[r].style.display = "none"; }
    var bar = d.querySelector(".st-key-present-exit");
    var block = d.querySelector('[data-testid="stMainBlockContainer"]');
    var main = d.querySelector('[data-testid="stMain"]');
    if (!bar || !block || !main) { return; }
    var row = bar.closest('[data-testid="stHorizontalBlock"]') || bar;
    var room = row.getBoundingClientRect().top - 16;
    var scrolled = main.getBoundingClientRect().top - block.getBoundingClientRect().top;
    var frames = d.querySelectorAll('iframe[title*="folium"]');
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (!frame.offsetParent) { continue; }
      var top = frame.getBoundingClientRect().top + scrolled;
      var height = Math.max(%(min_height)d, Math.floor(room - top));
      if (Math.abs(frame.offsetHeight - height) > 1) {
        frame.style.setProperty("height", height + "px", "important");
      }
      try {
        var inner = frame.contentDocument.getElementById("map_div");
        if (inner && inner.style.height !== height + "px") {
          inner.style.height = height + "px";
          frame.contentWindow.dispatchEvent(new Event("resize"));
        }
      } catch (error) { /* not the map's frame */ }
    }
  }
  var pending = false;
  function later() {
    if (pending) { return; }
    pending = true;
    w.requestAnimationFrame(function () { pending = false; fit(); });
  }
  new MutationObserver(later).observe(d.body, {childList: true, subtree: true});
  // content above the map can change size without adding elements (fonts, charts, figures
  // laid out late): the map is fitted again whenever the page's block changes size
  if (w.ResizeObserver) {
    var sized = d.querySelector('[data-testid="stMainBlockContainer"]');
    if (sized) { new w.ResizeObserver(later).observe(sized); }
  }
  w.addEventListener("resize", later);
  d.addEventListener("keydown", handle);
  // A click in a map gives the keyboard to its frame (same origin): its keys are heard
  // there first, before the map pans with them.
  w.addEventListener("blur", function () {
    setTimeout(function () {
      var frame = d.activeElement;
      if (!frame || frame.tagName !== "IFRAME") { return; }
      try {
        var inner = frame.contentWindow;
        if (inner.__taghtiaSlideKeys) { return; }
        inner.__taghtiaSlideKeys = true;
        inner.addEventListener("keydown", handle, true);
      } catch (error) { /* a frame of another origin keeps its keys */ }
    }, 0);
  });
})();
"""
"""Keyboard listener on the app's page (installed once per page load)."""

_INSTALL = """
<script>
(function () {
  window.__taghtiaSlides = JSON.parse(%(config)s);
  if (window.__taghtiaKeys) { return; }
  window.__taghtiaKeys = true;
  %(listener)s
})();
</script>
"""


def slides(available: Sequence[str]) -> list[str]:
    """The slides of the app: :data:`SLIDE_PAGES` that the router has, in that order."""
    return [name for name in SLIDE_PAGES if name in available]


def neighbours(current: str, order: Sequence[str]) -> tuple[str | None, str | None]:
    """(previous, next) slide of ``current``; a page that is not a slide leads to the first."""
    if current not in order:
        return None, (order[0] if order else None)
    index = order.index(current)
    return (order[index - 1] if index > 0 else None,
            order[index + 1] if index + 1 < len(order) else None)


def active() -> bool:
    """Whether this session shows the app as slides."""
    return session.current().present


def map_height(height: int) -> int:
    """Height of a map: taller in presentation mode."""
    return max(height, MAP_HEIGHT) if active() else height


def _start() -> None:
    session.update(present=True)


def _leave() -> None:
    session.update(present=False)


def start_button() -> None:
    """The sidebar's button starting presentation mode (none in presentation mode)."""
    if not active():
        st.sidebar.button(t("Presentation mode", session.lang()), key="app.present",
                          on_click=_start, icon=":material/slideshow:")


def show(pages: Mapping[str, st.Page], current: str) -> None:
    """Presentation furniture of this run, after the page's own elements (the slide bar is
    fixed at the bottom of the screen): its style, the slide bar and the keys.

    Parameters
    ----------
    pages : mapping of name to st.Page
        The router's pages by name (``overview``...).
    current : str
        Name of the page of this run.
    """
    lang = session.lang()
    if not active():
        return
    st.markdown(CSS, unsafe_allow_html=True)
    order = slides(list(pages))
    previous, following = neighbours(current, order)
    query = st.query_params.to_dict()
    bar = st.columns([1.2, 1.2, 3, 1.2], vertical_alignment="center")
    for column, name, label in ((bar[0], previous, N_("← Previous")),
                                (bar[1], following, N_("Next →"))):
        if name is not None:
            column.page_link(pages[name], label=t(label, lang), query_params=query)
    if current in order:
        with bar[2].container(key="present-slide"):
            st.caption(t("Slide {slide} / {slides}", lang, slide=order.index(current) + 1,
                         slides=len(order)))
    bar[3].button(t("Leave (Esc)", lang), key="present.exit", on_click=_leave)
    config = {"current": path_of(current),
              "previous": None if previous is None else path_of(previous),
              "next": None if following is None else path_of(following)}
    listener = _LISTENER % {"min_height": MIN_MAP_HEIGHT}
    st.html(_INSTALL % {"config": _script_string(json.dumps(config)), "listener": listener},
            unsafe_allow_javascript=True)


def _script_string(text: str) -> str:
    """A JavaScript string literal of ``text`` that cannot close the script element."""
    return json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e")
