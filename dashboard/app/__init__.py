"""The Streamlit app: router, pages, widgets, the one cache module, view state, map and chart
builders and the static files the browser loads. Only this package imports Streamlit."""
