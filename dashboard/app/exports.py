"""Tables as downloaded: what the screen shows, in its order, rounded as shown, titled.

Every table the app offers as CSV or XLSX goes through :func:`table_bytes`. The export is
the table the page draws, row for row in the page's order (the sort a page applies before
drawing; a sort made by clicking a column header happens in the browser only, and the server
never learns of it), with its numbers rounded the way the screen writes them
(:func:`numbers_shown`: 15.130356601777917 shown "15,1" is exported 15.1, a rate shown
"76 %" is exported 0.76). Only rates and shares, shown as whole percentages, keep their full
precision in a second column beside them ("… (full precision)"): half a percentage point is
lost in their rounding, enough to change a difference between two units; every other number
is shown with the precision its unit calls for (whole centres, places, dirhams; tenths of a
kilometre; hundredths of a dirham per inhabitant).

The title lines (:func:`title_lines`) say what the table is and which view it comes from
(page, territory, active filters, dataset, day): the first rows of an XLSX sheet and the
workbook's title and description; ``#`` comment lines at the top of a CSV (the W3C "CSV on
the Web" dialect's default comment prefix; ``pandas.read_csv(..., comment="#")``, HXL tools
and spreadsheets read past them).

No Streamlit here: :mod:`dashboard.app.tables` draws the buttons.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

import pandas as pd

from dashboard import i18n
from dashboard.i18n import t
from dashboard.i18n.labels import COLUMNS, label_of
from dashboard.reports.classes import shown_digits
from loaders.output import write_table

__all__ = ["PERCENT_COLUMNS", "PLAIN_COLUMNS", "NumberShown", "column_key", "export_frame",
           "numbers_shown", "raw_header", "rounded_as_shown", "table_bytes", "title_lines"]

PERCENT_COLUMNS = frozenset({"coverage_rate", "coverage_rate_urban", "coverage_rate_rural",
                             "share", "occupancy"})
"""Columns holding fractions, shown as whole percentages (and exported with a raw column)."""
PLAIN_COLUMNS = frozenset({"year", "rank", "priority_rank", "row", "access_rank",
                           "opened_year", "closed_year"})
"""Columns of years, ranks and row numbers: plain digits, no grouping sign."""


@dataclass(frozen=True)
class NumberShown:
    """How a numeric column is written on screen.

    Attributes
    ----------
    kind : {"plain", "percent", "number"}
        Plain digits (years, ranks), a percentage of a fraction, or a grouped number.
    digits : int
        Digits after the decimal sign (of the percentage for ``percent``).
    """

    kind: str
    digits: int


def column_key(header: str, lang: str) -> str | None:
    """The column key (``funding_mad``) of a translated header, or None."""
    return _HEADER_KEYS.get(lang, {}).get(header)


_HEADER_KEYS: dict[str, dict[str, str]] = {
    lang: {label_of(COLUMNS, name, lang): name for name in COLUMNS}
    for lang in i18n.LANGUAGES
}


def numbers_shown(frame: pd.DataFrame, lang: str) -> dict[object, NumberShown]:
    """How each numeric column of a displayed table is written in ``lang``.

    Fractions as percentages, years and ranks as plain digits, counts and amounts as whole
    numbers, a few ratios with decimals (the digits of
    :func:`~dashboard.reports.classes.shown_digits`, as on maps and legends); a column whose
    header is not a known indicator: whole numbers for integers, one decimal otherwise.
    Boolean and text columns are not listed.
    """
    shown: dict[object, NumberShown] = {}
    for header in frame.columns:
        column = frame[header]
        if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
            continue
        key = column_key(str(header), lang)
        if key in PLAIN_COLUMNS:
            shown[header] = NumberShown("plain", 0)
        elif key in PERCENT_COLUMNS:
            shown[header] = NumberShown("percent", 0)
        else:
            digits = (shown_digits(key) if key else
                      0 if pd.api.types.is_integer_dtype(column) else 1)
            shown[header] = NumberShown("number", digits)
    return shown


def _rounded(value: object, places: int) -> float | None:
    """``value`` rounded as Babel writes it: its decimal text, half to even."""
    if value is None or pd.isna(value):  # None, NaN, pd.NA
        return None
    try:
        exact = Decimal(str(value))
        return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN))
    except (InvalidOperation, ValueError):  # infinities
        return float(value)  # type: ignore[arg-type]


def rounded_as_shown(column: pd.Series, shown: NumberShown) -> pd.Series:
    """The values of ``column`` as the screen shows them: rounded to the shown digits
    (of the percentage for rates: 0.7634 shown "76 %" is 0.76), whole numbers as integers
    (a nullable type: a missing value stays missing)."""
    places = shown.digits + (2 if shown.kind == "percent" else 0)
    values = [_rounded(v, places) for v in column.tolist()]
    series = pd.Series(values, index=column.index, dtype="float64")
    if places == 0:
        return series.astype("Int64")
    return series


def raw_header(header: object, lang: str) -> str:
    """The header of a column's full-precision copy ("Taux de couverture (valeur exacte)")."""
    return t("{column} (full precision)", lang, column=str(header))


def export_frame(frame: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """The table as exported: the same rows in the same order, numbers rounded as shown,
    each rate followed by its full-precision copy; and the spreadsheet number format of each
    rounded column (``"0%"``, ``"#,##0.0"``…), by header."""
    out = pd.DataFrame(index=range(len(frame)))
    formats: dict[str, str] = {}
    shown = numbers_shown(frame, lang)
    for header in frame.columns:
        values = frame[header].reset_index(drop=True)
        how = shown.get(header)
        if how is None:
            out[header] = values
            continue
        out[header] = rounded_as_shown(values, how)
        decimals = "." + "0" * how.digits if how.digits else ""
        formats[str(header)] = {"plain": "0", "percent": f"0{decimals}%"}.get(
            how.kind, f"#,##0{decimals}")
        if how.kind == "percent":
            out[raw_header(header, lang)] = values.astype("float64")
    return out, formats


def title_lines(what: str, lang: str, *, territory: str | None = None,
                filters: str | None = "", dataset: str = "", day: str = "") -> list[str]:
    """The lines naming an export: what it is (and where), the filters, the data and day.

    Parameters
    ----------
    what : str
        The table's name as the page titles it ("Couverture — Taza").
    territory : str, optional
        The territory's name, when ``what`` does not say it already.
    filters : str or None
        The active filters in one line (:func:`dashboard.app.filter_chips.filters_line`);
        "" says "none"; None leaves the line out (a table the filters do not narrow, such
        as a file's validation report).
    dataset, day : str
        The dataset's name and the day of the export (ISO), said when given.
    """
    first = f"Taghtia — {what}" + (f" — {territory}" if territory and territory not in what
                                   else "")
    lines = [first]
    if filters is not None:
        lines.append(t("Filters: {filters}", lang, filters=filters or t("none", lang)))
    source = " · ".join(part for part in (
        t("Data: {name}", lang, name=dataset) if dataset else "", day) if part)
    if source:
        lines.append(source)
    return lines


def _csv_with_comments(data: bytes, title: Sequence[str]) -> bytes:
    """CSV bytes (UTF-8 with its byte-order mark) with ``#`` title lines before the header."""
    bom = "\ufeff".encode()
    body = data.removeprefix(bom)
    comments = "".join(f"# {line}\r\n" for line in title).encode("utf-8")
    return bom + comments + body


def table_bytes(frame: pd.DataFrame, fmt: str, lang: str = "fr",
                title: Sequence[str] = ()) -> bytes:
    """A displayed table as a CSV or XLSX file: :func:`export_frame`'s values, ``title``
    as the first lines, spreadsheet formulas neutralised (:func:`loaders.output.write_table`).
    """
    table, formats = export_frame(frame, lang)
    buffer = io.BytesIO()
    if fmt == "xlsx":
        write_table(table, buffer, "xlsx", title=title, number_formats=formats)
        return buffer.getvalue()
    write_table(table, buffer, "csv")
    return _csv_with_comments(buffer.getvalue(), title)
