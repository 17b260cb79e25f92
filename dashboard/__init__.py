"""Taghtia dashboard: indicators (pure functions), the Streamlit app and the command line."""

__version__ = "0.1.0"
