"""The page's look that Streamlit leaves to us: right-to-left in Arabic, readable captions, a
focus ring, wrapping figures, and Streamlit's own words in the page's language (CSS and a
small script)."""

from __future__ import annotations

import streamlit as st

from dashboard.app.chrome import chrome_script
from dashboard.app.session import lang
from dashboard.reports import palette

RTL_CSS = """
<style>
.stApp, .stApp [data-testid="stMarkdownContainer"], .stApp [data-testid="stSidebar"],
.stApp [data-testid="stMetric"], .stApp label, .stApp .stAlert {
  direction: rtl; text-align: right;
}
/* grids and charts lay themselves out: they get a left-to-right box and mirror their own
   content (columns from the right, value axes reversed), the same on every page */
.stApp [data-testid="stDataFrame"], .stApp [data-testid="stVegaLiteChart"],
.stApp .vega-embed { direction: ltr; text-align: left; }
/* the sidebar sits on the right: folded away (a phone), Streamlit moves it further left, which
   leaves a strip of it over the page; it is hidden instead */
.stApp [data-testid="stSidebar"][data-collapsed="true"] { visibility: hidden; overflow: hidden; }
</style>
"""


A11Y_CSS = f"""
<style>
.stApp [data-testid="stCaptionContainer"], .stApp [data-testid="stCaptionContainer"] p {{
  color: {palette.MUTED} !important; opacity: 1 !important;
}}
.stApp [data-testid="stMain"] h2 {{ font-size: 1.75rem; }}
.stApp a:focus-visible, .stApp button:focus-visible, .stApp [role="button"]:focus-visible,
.stApp input:focus-visible, .stApp [tabindex]:focus-visible {{
  outline: 3px solid {palette.FOCUS_RING} !important; outline-offset: 2px !important;
}}
.taghtia-sr-only {{
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0;
}}
</style>
"""
"""Every page: captions dark enough to read (6:1 on white: Streamlit's own caption is faded
to 0.6 opacity, under 3:1), section headings one level under the page title (``h2``, sized
like Streamlit's subheaders), a visible focus ring for keyboard users, and text for screen
readers only (``taghtia-sr-only``)."""


WRAP_CSS = """
<style>
.stApp [data-testid="stMetricValue"], .stApp [data-testid="stMetricValue"] *,
.stApp [data-testid="stMetricLabel"], .stApp [data-testid="stMetricLabel"] *,
.stApp [data-testid="stMetricDelta"], .stApp [data-testid="stMetricDelta"] *,
.stApp button [data-testid="stMarkdownContainer"],
.stApp button [data-testid="stMarkdownContainer"] *,
.stApp [data-testid="stWidgetLabel"] [data-testid="stMarkdownContainer"] {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: break-word;
}
.stApp [data-testid="stMetricValue"] { font-size: clamp(1.5rem, 2.1vw, 2.25rem); line-height: 1.2; }
.stApp button { height: auto; }
</style>
"""
"""Every page, every language: key figures, their labels and button labels wrap instead of
ending in an ellipsis (an Arabic amount such as "14,6 مليون درهم" is wider than a quarter of
the page at 1400 px; a download button's label wider than its column)."""


def direction() -> None:
    """Right-to-left layout in Arabic: CSS plus ``dir="rtl"`` on the app container; the
    page's language on the document, and Streamlit's own words in it (:mod:`.chrome`)."""
    rtl = lang() == "ar"
    value = "rtl" if rtl else "ltr"
    code = "ar" if rtl else lang()
    st.html(
        "<script>(function(){var d=window.parent&&window.parent.document?"
        "window.parent.document:document;var app=d.querySelector('.stApp');"
        f"if(app){{app.setAttribute('dir','{value}');}}"
        f"d.documentElement.setAttribute('lang','{code}');}})();"
        + chrome_script(lang()) + "</script>",
        unsafe_allow_javascript=True,
    )
    st.markdown(A11Y_CSS + WRAP_CSS + (RTL_CSS if rtl else ""), unsafe_allow_html=True)
