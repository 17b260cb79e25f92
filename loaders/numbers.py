"""Numbers as people type them in Moroccan spreadsheets.

French-locale exports write ``1 468 411,00`` (thousands separated by a space, a
non-breaking space U+00A0 or a narrow non-breaking space U+202F, and a decimal comma);
others write ``1.468.411,00`` or ``1,468,411.00``. Coordinates arrive as ``34,2100``.
Currency words (``DH``, ``MAD``, ``Dhs``, ``درهم``) are ignored.

Rules, applied in this order:

* when both ``,`` and ``.`` appear, the last one is the decimal separator and the other the
  thousands separator;
* a separator that appears more than once is a thousands separator;
* a single ``,`` or ``.`` is the decimal separator (``34,21`` = 34.21; ``1.468`` = 1.468);
* thousands groups must have three digits, otherwise the text is not a number.

Nothing is guessed beyond that: text that does not follow these rules raises
``ValueError`` and becomes a line of the validation report.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

__all__ = ["is_blank", "parse_coordinate", "parse_integer", "parse_number", "parse_year"]

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009\u200a\u2008\u205f\u3000'’_]+")
_CURRENCY = re.compile(
    r"(?i)(?:mad|dhs?|dh\.|dirhams?|درهم|دراهم|د\.م\.?|€|eur|\$)"
)
_ARABIC_DIGITS = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "0123456789" "0123456789" ".,"
)
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u061c\u00ad]")
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2012": "-"})
_GROUPED = re.compile(r"^\d{1,3}(?:X\d{3})+$")
_PLAIN = re.compile(r"-?\d+(?:\.\d+)?\Z")
_PLAIN_COMMA = re.compile(r"-?\d+,\d+\Z")


def is_blank(value: object) -> bool:
    """True for ``None``, NaN, NA and text made only of spaces."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, int):
        return False
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _check_groups(integer_part: str, separator: str) -> str:
    pattern = integer_part.replace(separator, "X")
    if not _GROUPED.match(pattern):
        raise ValueError(f"badly grouped thousands in {integer_part!r}")
    return integer_part.replace(separator, "")


def parse_number(value: object) -> float:
    """Parse a number written in any of the common spreadsheet styles.

    Parameters
    ----------
    value : object
        A cell: text such as ``"1 468 411,00 DH"``, ``"1.468.411,00"``, ``"-4,01"``, or a
        number already typed by the spreadsheet.

    Returns
    -------
    float
        ``nan`` for an empty cell.

    Raises
    ------
    ValueError
        If the text is not a number in one of the accepted styles.
    """
    if isinstance(value, str):
        if _PLAIN.match(value):  # fast path: "34.21", "-4", "1200"
            return float(value)
        if _PLAIN_COMMA.match(value):  # fast path: "34,21", "-4,01"
            return float(value.replace(",", "."))
        if not value.strip():
            return math.nan
    elif isinstance(value, bool):
        raise ValueError("a true/false value is not a number")
    elif isinstance(value, (int, float)):
        return float(value)
    elif is_blank(value):
        return math.nan
    text = _INVISIBLE.sub("", str(value)).translate(_ARABIC_DIGITS).translate(_MINUS)
    text = _CURRENCY.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    if not text:
        raise ValueError("no digits")
    sign = 1.0
    if text[0] in "+-":
        sign = -1.0 if text[0] == "-" else 1.0
        text = text[1:].strip()
    elif text.startswith("(") and text.endswith(")"):
        sign, text = -1.0, text[1:-1].strip()
    if not text or not (text[0].isdigit() or text[0] in ".,"):
        raise ValueError(f"not a number: {value!r}")
    if re.fullmatch(r"\d+(?:\.\d+)?[eE][+-]?\d+", text):
        return sign * float(text)
    if not re.fullmatch(r"[\d.,]+(?: [\d.,]+)*", text):
        raise ValueError(f"not a number: {value!r}")
    spaced = " " in text
    commas, dots = text.count(","), text.count(".")
    if spaced:
        if commas + dots > 1:
            raise ValueError(f"mixed separators in {value!r}")
        decimal = "," if commas else "."
        integer_part, _, fraction = text.partition(decimal)
        integer_part = _check_groups(integer_part, " ")
    elif commas and dots:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        if text.count(decimal) > 1:
            raise ValueError(f"two decimal separators in {value!r}")
        integer_part, fraction = text.split(decimal)
        integer_part = _check_groups(integer_part, thousands)
    elif commas > 1 or dots > 1:
        separator = "," if commas else "."
        integer_part, fraction = _check_groups(text, separator), ""
    elif commas == 1 or dots == 1:
        integer_part, fraction = text.split("," if commas else ".")
    else:
        integer_part, fraction = text, ""
    if not integer_part and not fraction:
        raise ValueError(f"not a number: {value!r}")
    if not (integer_part + fraction).isdigit():
        raise ValueError(f"not a number: {value!r}")
    number = float(f"{integer_part or '0'}.{fraction or '0'}")
    return sign * number


def parse_integer(value: object) -> int | None:
    """Parse a whole number (``"12"``, ``"1 200"``, ``12.0``); ``None`` for an empty cell.

    Raises
    ------
    ValueError
        If the value is not a number or not a whole number.
    """
    number = parse_number(value)
    if math.isnan(number):
        return None
    if math.isinf(number) or number != int(number):
        raise ValueError(f"{value!r} is not a whole number")
    return int(number)


_YEAR_IN_DATE = re.compile(r"^\s*(\d{4})-\d{2}-\d{2}(?:[T ][\d:.]+)?\s*$")
_YEAR_IN_FRENCH_DATE = re.compile(r"^\s*\d{1,2}/\d{1,2}/(\d{4})\s*$")


def parse_year(value: object) -> int | None:
    """A year from ``"2021"``, ``2021.0``, a date cell or ``"2021-03-01"``/``"01/03/2021"``.

    Returns ``None`` for an empty cell; raises ``ValueError`` for anything else. The
    plausibility range is checked by the caller.
    """
    if isinstance(value, (datetime, date)):
        return value.year
    if isinstance(value, str):
        for pattern in (_YEAR_IN_DATE, _YEAR_IN_FRENCH_DATE):
            found = pattern.match(value)
            if found:
                return int(found.group(1))
    return parse_integer(value)


_HEMISPHERE = re.compile(r"^\s*([NSEWO])\s*|\s*([NSEWO])\s*$", re.IGNORECASE)
_DMS = re.compile(
    r"^\s*(?P<deg>\d+(?:[.,]\d+)?)\s*[°º:d]\s*"
    r"(?:(?P<min>\d+(?:[.,]\d+)?)\s*['’′:m]?\s*)?"
    r"(?:(?P<sec>\d+(?:[.,]\d+)?)\s*(?:\"|''|″|’’|s)?\s*)?$",
    re.IGNORECASE,
)


def parse_coordinate(value: object) -> float:
    """A latitude or longitude in decimal degrees, from any common notation.

    Accepts what :func:`parse_number` accepts (``-4,0100``), a hemisphere letter
    (``4.01 W``, ``4,01 O`` for *ouest*: west and south are negative) and degrees, minutes,
    seconds (``34°12'36" N``, ``4°0'36"W``).

    Returns ``nan`` for an empty cell; raises ``ValueError`` otherwise.
    """
    try:
        return parse_number(value)
    except ValueError:
        if not isinstance(value, str):
            raise
    text = value.strip()
    sign = 1.0
    found = _HEMISPHERE.search(text)
    if found:
        letter = (found.group(1) or found.group(2)).upper()
        sign = -1.0 if letter in "SWO" else 1.0
        text = _HEMISPHERE.sub("", text, count=1).strip()
        try:
            number = parse_number(text)
        except ValueError:
            number = math.nan
        if not math.isnan(number):
            if number < 0:
                raise ValueError(f"both a minus sign and a hemisphere in {value!r}")
            return sign * number
    if text.startswith("-"):
        sign, text = -sign, text[1:]
    dms = _DMS.match(text)
    if not dms:
        raise ValueError(f"not a coordinate: {value!r}")
    degrees = float(dms.group("deg").replace(",", "."))
    minutes = float((dms.group("min") or "0").replace(",", "."))
    seconds = float((dms.group("sec") or "0").replace(",", "."))
    if minutes >= 60 or seconds >= 60:
        raise ValueError(f"minutes and seconds must be below 60 in {value!r}")
    return sign * (degrees + minutes / 60 + seconds / 3600)
