"""A whole column of numbers as text at once, the same strings as :mod:`dashboard.i18n`.

A map's tooltips show one value per commune (1,503 nationally, several columns): formatted
one by one through Babel that is ~40 µs a value, a quarter of a second per rerun.
:func:`format_values` gives the same strings in a few milliseconds: it rounds with numpy and
writes the digits with Python's integer formatting, using the locale's grouping and decimal
signs and the pattern's sign and percent affixes taken from Babel itself.

Babel rounds the *decimal* text of a float (``Decimal(str(value))``) half to even; numpy
rounds the binary value. The two agree except within a hair of a tie (``0.125`` to two
digits, ``2.5`` to none), so values that close to a tie, infinities and magnitudes from
10¹⁵ up are formatted by the scalar functions (:func:`dashboard.i18n.number`, ``percent``,
``money``) instead: the result is the scalar path's, value for value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

import numpy as np
from babel.numbers import get_decimal_symbol, get_group_symbol, parse_pattern

from dashboard import i18n
from dashboard.choices import check_choice

KINDS: tuple[str, ...] = ("number", "percent", "money")
LARGEST_FAST = 1e15
"""Scaled magnitudes from here up go through Babel (float products lose the last digit)."""
TIE_MARGIN = 1e-6
"""Scaled values closer than this to a half (plus float error) go through Babel."""

__all__ = ["KINDS", "format_values"]


@cache
def _signs(lang: str, digits: int, kind: str) -> tuple[str, str, tuple[str, str], tuple[str, str],
                                                       int]:
    """Group sign, decimal sign, prefixes, suffixes and scale of ``kind`` in ``lang``, read
    from Babel's locale data and the pattern :mod:`dashboard.i18n` formats with."""
    locale = i18n.LOCALES[i18n.check_lang(lang)]
    pattern = parse_pattern("#,##0" + ("." + "0" * digits if digits > 0 else "")
                            + ("%" if kind == "percent" else ""))
    return (get_group_symbol(locale, numbering_system="latn"),
            get_decimal_symbol(locale, numbering_system="latn"),
            pattern.prefix, pattern.suffix, pattern.scale)


def _scalar(kind: str, lang: str, digits: int) -> Callable[[object], str]:
    if kind == "percent":
        return lambda v: i18n.percent(v, lang, digits)
    if kind == "money":
        return lambda v: i18n.money(v, lang, digits)
    return lambda v: i18n.number(v, lang, digits)


def _money(amount: str, lang: str) -> str:
    return f"MAD {amount}" if lang == "en" else f"{amount} {i18n.CURRENCY[lang]}"


def format_values(values: Iterable[object], kind: str = "number", lang: str = "fr",
                  digits: int = 0) -> list[str]:
    """Each value as :func:`dashboard.i18n.number` (``percent``, ``money``) would write it.

    Parameters
    ----------
    values : iterable
        Numbers; None and NaN (or anything that is not a number) give "—".
    kind : {"number", "percent", "money"}
        The scalar function whose text is wanted (``money`` without ``compact``).
    lang : {"fr", "ar", "en"}
    digits : int
        Decimals shown.

    Returns
    -------
    list of str
        One text per value, in order.
    """
    check_choice("kind", kind, KINDS)
    values = list(values)
    scalar = _scalar(kind, lang, digits)
    try:
        numbers = np.asarray(values, dtype=float)
    except (TypeError, ValueError):  # text, objects: the scalar path decides
        return [scalar(v) for v in values]
    if numbers.ndim != 1:
        return [scalar(v) for v in values]
    group, point, prefix, suffix, scale = _signs(lang, digits, kind)
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = np.abs(numbers) * 10.0 ** (digits + scale)
        half = np.abs(scaled - np.floor(scaled) - 0.5)
        slow = ~np.isfinite(scaled) | (scaled >= LARGEST_FAST) | (
            half <= TIE_MARGIN + scaled * 1e-15)
    missing = np.isnan(numbers)
    rounded = np.rint(np.where(slow | missing, 0.0, scaled)).astype(np.int64).tolist()
    negative = np.signbit(numbers).tolist()
    unit = 10 ** digits
    texts: list[str] = []
    for value, whole, is_slow, is_missing, sign in zip(
            values, rounded, slow.tolist(), missing.tolist(), negative, strict=True):
        if is_missing:
            texts.append(i18n.MISSING)
            continue
        if is_slow:
            texts.append(scalar(value))
            continue
        integer, fraction = divmod(whole, unit)
        text = f"{integer:,}"
        if group != ",":
            text = text.replace(",", group)
        if digits > 0:
            text = f"{text}{point}{fraction:0{digits}d}"
        text = f"{prefix[sign]}{text}{suffix[sign]}"
        texts.append(_money(text, lang) if kind == "money" else text)
    return texts
