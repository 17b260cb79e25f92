"""coverage page (being written)."""

import streamlit as st

st.write("…")
