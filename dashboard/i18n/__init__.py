"""Interface text and number formats in French (default), Arabic and English.

Text
----
Every user-visible sentence is written in English in the code and translated through
gettext catalogs managed with Babel: ``dashboard/i18n/locale/<lang>/LC_MESSAGES/
taghtia.po`` (fr, ar, en), compiled to ``taghtia.mo`` next to it, which is what the app
reads (the compiled catalogs are committed; a test checks they match the ``.po``).

- ``t(message, lang, **values)`` translates ``message`` and fills its ``{placeholders}``
  (``str.format`` names) from ``values``: ``t("Saved: {name} v{version}", lang,
  name=..., version=...)``.
- ``pt(context, message, lang, **values)`` when the same English needs two translations
  (French and Arabic agree in gender and number): ``pt("communes", "all", lang)``.
- ``tn(singular, plural, n, lang, **values)`` for a count (Arabic has six plural forms).
- ``N_(message)`` / ``NC_(context, message)`` mark a message kept in a table and translated
  later by :func:`t` (:mod:`dashboard.i18n.labels` holds the tables of labels looked up by a
  run-time name, such as page titles and column headings).
- The loaders and the store describe problems with :class:`loaders.messages.Message`
  (``Message("the amount {value} is not a number", value=...)``: English text that keeps its
  template and values); :func:`message_text` translates one, and
  :mod:`dashboard.i18n.validation` an error, an issues table or a row report.

Adding a string (developer): write the English in the code through one of the functions
above (``Message`` in ``loaders`` and the store), run ``make messages`` (``pybabel extract``
to ``dashboard/i18n/taghtia.pot``, then ``pybabel update`` of the three ``.po``), fill the
new entries' ``msgstr`` in ``fr`` and ``ar`` (``en`` stays empty: the English is the id), and
``make catalogs`` to compile the ``.mo``. ``tests/dashboard/test_i18n_catalogs.py`` fails
while a message used in the code is missing from a catalog, left untranslated or fuzzy, or
when its placeholders differ.

Translating (translator): open ``dashboard/i18n/locale/<lang>/LC_MESSAGES/taghtia.po``
in Poedit (or a Weblate project reading the same files), translate, keep every
``{placeholder}`` as it is (the values are names, numbers and codes), save; then
``make catalogs``. A ``msgctxt`` line tells which use of a short English word an entry is.

Numbers
-------
``number``, ``percent`` and ``money`` format values with babel (locales ``fr_MA``,
``ar_MA``, ``en``). Arabic is written right-to-left: :func:`direction` gives ``"rtl"`` for it.
Unit names follow the language: :func:`unit_name` picks ``name_ar`` in Arabic and
``name_fr`` otherwise.
"""

from __future__ import annotations

import gettext
import math
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from babel.numbers import format_compact_decimal, format_decimal, format_percent

from dashboard.choices import check_choice
from loaders.messages import Message
from loaders.vocabulary import Term

LANGUAGES: tuple[str, ...] = ("fr", "ar", "en")
LANGUAGE_NAMES: dict[str, str] = {"fr": "Français", "ar": "العربية", "en": "English"}
LOCALES: dict[str, str] = {"fr": "fr_MA", "ar": "ar_MA", "en": "en"}
LOCALE_DIR = Path(__file__).parent / "locale"
"""Where the catalogs are: ``<lang>/LC_MESSAGES/taghtia.po`` and ``.mo``."""
DOMAIN = "taghtia"
CONTEXT_SEPARATOR = "\x04"
"""gettext's separator of a message's context and text (what :func:`NC_` joins with)."""
MISSING = "—"
CURRENCY: dict[str, str] = {"fr": "DH", "ar": "درهم", "en": "MAD"}

__all__ = [
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "NC_",
    "N_",
    "catalog",
    "check_lang",
    "direction",
    "error_text",
    "message_text",
    "money",
    "number",
    "percent",
    "pt",
    "t",
    "term_label",
    "tn",
    "unit_name",
    "unit_names",
]


def check_lang(lang: str) -> str:
    """``lang`` if it is one of fr, ar, en; otherwise a ValueError naming them."""
    return check_choice("lang", lang, LANGUAGES)


@cache
def catalog(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` (read once per process)."""
    path = LOCALE_DIR / check_lang(lang) / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as file:
        return gettext.GNUTranslations(file)


def N_(message: str) -> str:  # noqa: N802 (gettext's name for a marker)
    """Mark ``message`` for extraction; it is translated later by :func:`t`."""
    return message


def NC_(context: str, message: str) -> str:  # noqa: N802 (gettext's name for a marker)
    """Mark ``message`` with its ``context``; :func:`t` translates the pair."""
    return f"{context}{CONTEXT_SEPARATOR}{message}"


def _fill(text: str, values: Mapping[str, object]) -> str:
    return text.format(**values) if values else text


def t(message: str, lang: str = "fr", /, **values: object) -> str:
    """``message`` (English, or a :func:`NC_` pair) in ``lang``, with ``{placeholders}``
    filled from ``values``; a message missing from the catalog is shown in English."""
    translations = catalog(check_lang(lang))
    if CONTEXT_SEPARATOR in message:
        context, _, text = message.partition(CONTEXT_SEPARATOR)
        return _fill(translations.pgettext(context, text), values)
    return _fill(translations.gettext(message), values)


def pt(context: str, message: str, lang: str = "fr", /, **values: object) -> str:
    """``message`` in ``lang`` as used in ``context`` (gettext's ``pgettext``)."""
    return _fill(catalog(check_lang(lang)).pgettext(context, message), values)


def tn(singular: str, plural: str, n: int, lang: str = "fr", /,
       **values: object) -> str:
    """The form of ``singular``/``plural`` that ``n`` takes in ``lang`` (gettext's
    ``ngettext``), with ``{placeholders}`` filled from ``values``."""
    return _fill(catalog(check_lang(lang)).ngettext(singular, plural, n), values)


def message_text(value: object, lang: str = "fr") -> str:
    """A :class:`loaders.messages.Message` in ``lang``: its template from the catalogs, its
    values put back unchanged (nested messages translated in turn). Any other value is shown
    as text: a report stored before messages had ids holds English only."""
    if isinstance(value, Message):
        values = {name: message_text(v, lang) if isinstance(v, Message) else v
                  for name, v in value.values.items()}
        return t(value.template, lang, **values)
    return "" if value is None else str(value)


def sentence(text: str) -> str:
    """``text`` ending as a sentence does (a full stop added when it has no final mark), to
    be followed by another sentence."""
    text = text.rstrip()
    return text if not text or text.endswith((".", "!", "?", "…", "؟")) else text + "."


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
    """One line for ``error`` in ``lang``: its :class:`loaders.messages.Message` translated
    (the loaders' and the store's errors carry one), else its own text."""
    from loaders.safe_text import terminal_text

    return terminal_text(message_text(getattr(error, "message", None) or str(error), lang))
