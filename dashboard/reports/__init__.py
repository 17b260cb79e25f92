"""What a board sees: report content (figures, tables, sentences) rendered as a PDF and as
static map images. No Streamlit."""
