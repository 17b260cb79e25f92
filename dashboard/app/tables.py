"""Tables as people read them (numbers in the page's language) and their downloads."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from dashboard import i18n
from dashboard.app import view
from dashboard.app.export_names import dated
from dashboard.app.session import lang
from dashboard.app.ui import remembered_toggle
from dashboard.i18n import t, tn
from loaders.output import write_table


def _table_bytes(table: pd.DataFrame, fmt: str) -> bytes:
    buffer = io.BytesIO()
    write_table(table, buffer, fmt)
    return buffer.getvalue()


def table_downloads(table: pd.DataFrame, stem: str, container=None) -> None:
    """CSV and XLSX downloads of a table, spreadsheet formulas neutralised."""
    col1, col2 = (container or st).columns(2)
    col1.download_button(t("Download this table (CSV)", lang()), lambda: _table_bytes(table, "csv"),
                         file_name=dated(stem, "csv"), mime="text/csv", key=f"{stem}.csv",
                         on_click="ignore")
    col2.download_button(t("Download this table (XLSX)", lang()),
                         lambda: _table_bytes(table, "xlsx"),
                         file_name=dated(stem, "xlsx"), key=f"{stem}.xlsx", on_click="ignore",
                         mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


NAME_WIDTH_PX = (80, 260)
"""Narrowest and widest name column, in pixels."""


def _name_pinned(frame: pd.DataFrame) -> dict[str, object]:
    """The grid's first column (the unit's name) pinned, so that it stays in view when the
    table is scrolled sideways, and as wide as its longest name (up to 260 px): the grid
    sizes it from too few letters in Arabic and ends names in an ellipsis."""
    if frame.columns.empty:
        return {}
    name = frame.columns[0]
    longest = max([len(str(name)), *frame[name].astype(str).str.len()])
    width = int(min(max(longest * 6.3 + 22, NAME_WIDTH_PX[0]), NAME_WIDTH_PX[1]))
    return {name: st.column_config.Column(pinned=True, width=width)}


TABLE_ROWS_SHOWN = 300
"""Tables longer than this are drawn only when asked (:func:`show_table`): a long table would
otherwise be sent again, whole, with every rerun its values change."""


def show_table(frame: pd.DataFrame, stem: str | None = None, *, height: int | None = None,
               container=None, collapse_above: int | None = None,
               toggle_key: str | None = None) -> None:
    """A table as people read it, with its downloads (raw values) below.

    Numbers are formatted in the page's language (grouping and decimal signs, percentages);
    sorting still uses the values. The grid is laid out the same way in every language and on
    every page (names first, pinned), so it never hides a column behind the page's edge. With
    ``collapse_above``, a table of more rows than that waits behind a toggle (off until a
    person asks; the downloads stay): a national table of communes is not re-sent on every
    filter change. The toggle's key is ``toggle_key`` (by default one per ``stem``).
    """
    place = container or st
    shown = True
    if collapse_above is not None and len(frame) > collapse_above:
        shown = remembered_toggle(place, tn("Show the table ({count} row)",
                                            "Show the table ({count} rows)", len(frame), lang(),
                                            count=i18n.number(len(frame), lang())),
                                  toggle_key or f"table.{stem or 'shown'}.open")
    if shown:
        place.dataframe(frame.style.format(view.cell_formats(frame, lang())), hide_index=True,
                        width="stretch", column_config=_name_pinned(frame),
                        **({"height": height} if height else {}))
    if stem:
        table_downloads(frame, stem, container=place)
