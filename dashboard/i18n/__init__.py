"""Interface strings and number formats in French (default), Arabic and English.

``t(key, lang, **values)`` returns a label; ``number``, ``percent`` and ``money`` format
values with babel (locales ``fr_MA``, ``ar_MA``, ``en``). Arabic is written right-to-left:
:func:`direction` gives ``"rtl"`` for it. Unit names follow the language: :func:`unit_name`
picks ``name_ar`` in Arabic and ``name_fr`` otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from babel.numbers import format_compact_decimal, format_decimal, format_percent

from dashboard.i18n.strings import LANGUAGE_NAMES, LANGUAGES, STRINGS
from loaders.vocabulary import Term

LOCALES: dict[str, str] = {"fr": "fr_MA", "ar": "ar_MA", "en": "en"}
STRING_KEYS: tuple[str, ...] = tuple(STRINGS)
MISSING = "—"
CURRENCY: dict[str, str] = {"fr": "DH", "ar": "درهم", "en": "MAD"}

__all__ = [
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "check_lang",
    "direction",
    "error_text",
    "money",
    "number",
    "percent",
    "t",
    "term_label",
    "unit_name",
    "unit_names",
]


def check_lang(lang: str) -> str:
    """``lang`` if it is one of fr, ar, en; otherwise a ValueError naming them."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}; got {lang!r}")
    return lang


def t(key: str, lang: str = "fr", **values: object) -> str:
    """Label ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    row = STRINGS.get(key)
    if row is None:
        return key
    text = row[LANGUAGES.index(check_lang(lang))]
    return text.format(**values) if values else text


def direction(lang: str) -> str:
    """Writing direction of ``lang``: ``"rtl"`` for Arabic, else ``"ltr"``."""
    return "rtl" if check_lang(lang) == "ar" else "ltr"


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def number(value: object, lang: str = "fr", digits: int = 0) -> str:
    """A number with the language's grouping and decimal signs; "—" when missing."""
    if _missing(value):
        return MISSING
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(float(value), format=pattern, locale=LOCALES[check_lang(lang)])  # type: ignore[arg-type]


def percent(value: object, lang: str = "fr", digits: int = 0) -> str:
    """A fraction as a percentage (0.763 -> "76 %"); "—" when missing."""
    if _missing(value):
        return MISSING
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
    return format_percent(float(value), format=pattern, locale=LOCALES[check_lang(lang)])  # type: ignore[arg-type]


def money(value: object, lang: str = "fr", digits: int = 0, compact: bool = False) -> str:
    """An amount in dirhams ("1 468 411 DH", "1.468.411 درهم", "MAD 1,468,411").

    ``compact=True`` abbreviates large amounts for cards ("14,6 M DH", "14,6 مليون درهم").
    """
    if _missing(value):
        return MISSING
    if compact and abs(float(value)) >= 1_000_000:  # type: ignore[arg-type]
        amount = format_compact_decimal(float(value), locale=LOCALES[check_lang(lang)],  # type: ignore[arg-type]
                                        fraction_digits=1)
    else:
        amount = number(value, lang, digits)
    if lang == "en":
        return f"MAD {amount}"
    return f"{amount} {CURRENCY[lang]}"


def unit_name(row: Mapping[str, object], lang: str = "fr") -> str:
    """Name of an administrative unit in ``lang``: Arabic names in Arabic mode."""
    if check_lang(lang) == "ar" and row.get("name_ar"):
        return str(row["name_ar"])
    return str(row.get("name_fr") or row.get("code") or "")


def unit_names(frame, lang: str = "fr") -> list[str]:
    """:func:`unit_name` of every row of ``frame`` (``code``, ``name_fr``, ``name_ar``
    columns, any missing), without building a dict per row."""
    check_lang(lang)
    n = len(frame)
    codes, french, arabic = (frame[c].tolist() if c in frame.columns else [None] * n
                             for c in ("code", "name_fr", "name_ar"))
    if lang == "ar":
        return [str(a) if a else str(f or c or "")
                for c, f, a in zip(codes, french, arabic, strict=True)]
    return [str(f or c or "") for c, f in zip(codes, french, strict=True)]


def term_label(vocabulary: tuple[Term, ...], key: object, lang: str = "fr") -> str:
    """Label of a vocabulary key in ``lang`` (the key itself if unknown)."""
    for term in vocabulary:
        if term.key == key:
            return getattr(term, check_lang(lang))
    return "" if key is None else str(key)


def error_text(error: BaseException, lang: str = "fr") -> str:
    """One line for ``error`` in ``lang``: its translated line when it carries a message id
    (``key`` and ``params``, as the store's refusals do), else its own message."""
    key = getattr(error, "key", None)
    if key and key in STRINGS:
        return t(key, lang, **getattr(error, "params", {}))
    return str(error)
