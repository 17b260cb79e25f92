"""Pure calculations: indicators, breakdowns and planning. No Streamlit, no file I/O: frames in,
frames out, so the app, the command line and the reports compute the same numbers."""
