"""Streamlit's own words in the page's language: the skip link, the sidebar's and menu's
names, the upload widget's button and size limit, the headings' links, the charts' and
tables' toolbars.

Streamlit writes them in English whatever the page's language, as text or as an attribute
(``aria-label``, what a screen reader says; ``placeholder``; ``title``). A small script in the
page replaces each, in place, by its translation from the gettext catalogs, and again
whenever Streamlit draws it anew (a ``MutationObserver``); it keeps every original, so a
change of language translates from the English again, and English pages get the originals
back. Only these exact phrases are touched, never the page's own content.
"""

from __future__ import annotations

import json

from dashboard.i18n import N_, t

__all__ = ["CHROME_WORDS", "TEXT_PLACES", "chrome_script", "chrome_words"]

CHROME_WORDS: tuple[str, ...] = (
    N_("Skip to main content"),
    N_("Sidebar"),
    N_("App pages"),
    N_("Collapse sidebar"),
    N_("Expand sidebar"),
    N_("Link to heading"),
    N_("Open"),
    N_("Choose an option"),
    N_("Choose options"),
    N_("Selected values"),
    N_("No results"),
    N_("Vega visualization"),
    N_("Clear all"),
    N_("file upload"),
    N_("Drag and drop file here"),
    N_("Drag and drop files here"),
    N_("Show data"),
    N_("Download as PNG"),
    N_("Copy Vega-Lite spec"),
    N_("Copied!"),
    N_("Download as CSV"),
    N_("Search"),
    N_("Show/hide columns"),
    N_("Fullscreen"),
    N_("Close fullscreen"),
    N_("Toggle fullscreen"),
    N_("Select all"),
)
"""Streamlit's English phrases (1.67) that the script translates, as text or attribute
(besides the upload button's "Upload", said "Choose a file", and the size limit)."""

TEXT_PLACES: tuple[str, ...] = (
    '[data-testid="stSkipToContent"]',
    '[data-testid="stFileUploaderDropzone"]',
    '[data-testid="stElementToolbar"]',
    '[data-testid="stTooltipContent"]',
)
"""Where the script also translates visible text (elsewhere only attributes): the skip
link, the upload widget, the toolbars of charts and tables and their tooltips."""

_SIZE_LIMIT = r"^(\d+(?:[.,]\d+)?)MB per file(.*)$"
"""The upload widget's limit, ``50MB per file • CSV, XLSX``: size and file types kept."""

_SCRIPT = """(function () {
var d = window.parent && window.parent.document ? window.parent.document : document;
var w = d.defaultView;
w.__taghtiaChrome = %(words)s;
if (w.__taghtiaChromeApply) { w.__taghtiaChromeApply(); return; }
var ATTRIBUTES = ["aria-label", "placeholder", "title"];
var kept = new WeakMap();  // node -> {attribute: [English, shown]}
function said(english) {
    var c = w.__taghtiaChrome;
    if (Object.prototype.hasOwnProperty.call(c.words, english)) { return c.words[english]; }
    var size = new RegExp(c.size[0]);
    return size.test(english) && c.size[1] ? english.replace(size, c.size[1]) : null;
}
function swap(node, key, read, write) {
    var record = kept.get(node) || {}, now = read();
    if (!record[key] || now !== record[key][1]) { record[key] = [now, now]; }
    var wanted = said(record[key][0]);
    if (wanted === null) { wanted = record[key][0]; }
    if (now !== wanted) { write(wanted); }
    record[key][1] = wanted;
    kept.set(node, record);
}
function apply() {
    ATTRIBUTES.forEach(function (name) {
        d.querySelectorAll("[" + name + "]").forEach(function (element) {
            swap(element, name, function () { return element.getAttribute(name); },
                 function (value) { element.setAttribute(name, value); });
        });
    });
    d.querySelectorAll(w.__taghtiaChrome.places).forEach(function (place) {
        var walker = d.createTreeWalker(place, NodeFilter.SHOW_TEXT), node;
        while ((node = walker.nextNode())) {
            (function (text) {
                swap(text, "text", function () { return text.nodeValue; },
                     function (value) { text.nodeValue = value; });
            })(node);
        }
    });
}
var pending = false;
w.__taghtiaChromeApply = apply;
new w.MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    w.requestAnimationFrame(function () { pending = false; apply(); });
}).observe(d.body, {childList: true, subtree: true, characterData: true,
                    attributes: true, attributeFilter: ATTRIBUTES});
apply();
})();"""


def chrome_words(lang: str) -> dict[str, str]:
    """Each of :data:`CHROME_WORDS` in ``lang`` (English phrases map to themselves in
    English)."""
    return {word: t(word, lang) for word in CHROME_WORDS}


def chrome_script(lang: str) -> str:
    """The page's script (JavaScript, no ``<script>`` tag) that puts Streamlit's own words
    in ``lang``; run again on every rerun, it only changes the words it uses."""
    size = t("or drop it here · up to {size} MB", lang, size="$1") + "$2"
    words = {**chrome_words(lang), "Upload": t("Choose a file", lang)}
    payload = {"words": words, "places": ", ".join(TEXT_PLACES),
               "size": [_SIZE_LIMIT, size]}
    return _SCRIPT % {"words": json.dumps(payload, ensure_ascii=False).replace("</", "<\\/")}
