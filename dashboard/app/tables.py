"""Tables as people read them (numbers in the page's language) and their downloads."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import i18n
from dashboard.app import view
from dashboard.app.export_names import dated
from dashboard.app.exports import numbers_shown, table_bytes, title_lines
from dashboard.app.session import current, lang
from dashboard.app.ui import PAGE_TITLE_KEY, remembered_toggle
from dashboard.i18n import t, tn

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def view_title(what: str = "", *, filtered: bool = True) -> list[str]:
    """The title lines of an export of the view on screen: the page's title (and ``what``,
    the table's name when a page has several), the active filters (unless the table is not
    ``filtered`` by them), the dataset, the day."""
    from dashboard.app import cache
    from dashboard.app.filter_chips import filters_line, partner_names

    state = current()
    dataset = cache.dataset()
    page = st.session_state.get(PAGE_TITLE_KEY, "")
    heading = " — ".join(part for part in (page, what) if part) or "Taghtia"
    filters = filters_line(state, state.lang, partner_names(state)) if filtered else None
    return title_lines(heading, state.lang, filters=filters,
                       dataset=t("illustrative demo", state.lang) if dataset.is_demo
                       else dataset.name, day=date.today().isoformat())


def file_title(what: str, dataset: str) -> list[str]:
    """The title lines of a file's table that no filter narrows (a validation report): what
    it is, the dataset, the day."""
    return title_lines(what, lang(), filters=None, dataset=dataset,
                       day=date.today().isoformat())


def table_downloads(table: pd.DataFrame, stem: str, container=None, *,
                    title: Sequence[str] | None = None, what: str = "",
                    filtered: bool = True) -> None:
    """CSV and XLSX downloads of a displayed table: its rows in the same order, numbers
    rounded as shown (:mod:`dashboard.app.exports`), the view (page, territory, filters,
    dataset, day; the filters unless the table is not ``filtered`` by them) or ``title`` in the
    first lines, spreadsheet formulas neutralised. Built when clicked."""
    language = lang()
    lines = list(title) if title is not None else view_title(what, filtered=filtered)
    order = t("The file keeps the page's order and its rounded numbers; a sort made by "
              "clicking a column header stays on screen.", language)
    col1, col2 = (container or st).columns(2)
    col1.download_button(t("Download this table (CSV)", language),
                         lambda: table_bytes(table, "csv", language, lines),
                         file_name=dated(stem, "csv"), mime="text/csv", key=f"{stem}.csv",
                         on_click="ignore", help=order)
    col2.download_button(t("Download this table (XLSX)", language),
                         lambda: table_bytes(table, "xlsx", language, lines),
                         file_name=dated(stem, "xlsx"), key=f"{stem}.xlsx", on_click="ignore",
                         mime=XLSX_MIME, help=order)


def show_grid(frame, container=None, **options) -> None:
    """A data grid whose empty cells read "—" (not Streamlit's grey "None"), full width,
    without the index."""
    (container or st).dataframe(frame, hide_index=True, width="stretch",
                                placeholder=i18n.MISSING, **options)


def number_columns(frame: pd.DataFrame) -> dict[object, object]:
    """Column settings writing each numeric column of ``frame`` with the digits it is
    exported with (:func:`dashboard.app.exports.numbers_shown`), drawn by the browser: for a
    table of thousands of rows (a file's row-by-row report), where formatting every cell in
    the page's language (:func:`show_table`) would take seconds. Percentages are not
    handled here (no such column in these tables)."""
    settings: dict[object, object] = {}
    for header, shown in numbers_shown(frame, lang()).items():
        if shown.kind != "percent":
            settings[header] = st.column_config.NumberColumn(
                format="%d" if shown.kind == "plain" or not shown.digits
                else f"%.{shown.digits}f")
    return settings


NAME_WIDTH_PX = (80, 260)
"""Narrowest and widest name column, in pixels."""


def _name_pinned(frame: pd.DataFrame) -> dict[str, object]:
    """The grid's first column (the unit's name) pinned, so that it stays in view when the
    table is scrolled sideways, and as wide as its longest name (up to 260 px): the grid
    sizes it from too few letters in Arabic and ends names in an ellipsis. Arabic letters
    take about 6.6 px each in the grid's font, Latin ones 5.9, a cell's padding 20."""
    if frame.columns.empty:
        return {}
    name = frame.columns[0]
    texts = [str(name), *frame[name].astype(str)]
    width = max(len(text) * (6.6 if _ARABIC.search(text) else 5.9) + 20 for text in texts)
    width = int(min(max(width, NAME_WIDTH_PX[0]), NAME_WIDTH_PX[1]))
    return {name: st.column_config.Column(pinned=True, width=width)}


_ARABIC = re.compile("[\u0600-\u06ff]")


TABLE_ROWS_SHOWN = 300
"""Tables longer than this are drawn only when asked (:func:`show_table`): a long table would
otherwise be sent again, whole, with every rerun its values change."""


def show_table(frame: pd.DataFrame, stem: str | None = None, *, height: int | None = None,
               container=None, collapse_above: int | None = None,
               toggle_key: str | None = None, what: str = "", filtered: bool = True,
               title: Sequence[str] | None = None) -> None:
    """A table as people read it, with its downloads (:func:`table_downloads`) below.

    Numbers are formatted in the page's language (grouping and decimal signs, percentages);
    sorting still uses the values. The grid is laid out the same way in every language and on
    every page (names first, pinned), so it never hides a column behind the page's edge; an
    empty cell reads "—". The downloads hold the same rows in the same order, rounded as
    shown, titled with the view (``what``: the table's name when a page has several) or
    ``title``. With ``collapse_above``, a table of more rows than that waits behind a toggle
    (off until a person asks; the downloads stay): a national table of communes is not
    re-sent on every filter change. The toggle's key is ``toggle_key`` (by default one per
    ``stem``).
    """
    place = container or st
    shown = True
    if collapse_above is not None and len(frame) > collapse_above:
        shown = remembered_toggle(place, tn("Show the table ({count} row)",
                                            "Show the table ({count} rows)", len(frame), lang(),
                                            count=i18n.number(len(frame), lang())),
                                  toggle_key or f"table.{stem or 'shown'}.open")
    if shown:
        show_grid(frame.style.format(view.cell_formats(frame, lang())), place,
                  column_config=_name_pinned(frame), **({"height": height} if height else {}))
    if stem:
        table_downloads(frame, stem, container=place, what=what, filtered=filtered,
                        title=title)
