"""Normalisation of commune, province and header text in French and Arabic.

Two spellings of one place must normalise to the same key, so that the reference table
can be searched with a dictionary before any fuzzy matching:

* Latin script: accents, case, hyphens, apostrophes and punctuation are dropped
  (``Aït-Ishaq`` = ``ait ishaq``, ``M'diq`` = ``mdiq``); common transliteration variants
  are unified (``Beni/Bni/Bani`` → ``bni``, ``Ouled/Oulad/Awlad`` → ``oulad``,
  ``Aït/Ait/Ayt`` → ``ait``, ``Al/El`` → ``el``, ``Sidi/Si`` kept apart);
* Arabic script: diacritics and tatweel removed; alef forms (أ إ آ ٱ) → ا; taa marbuta
  ة → ه; alef maqsura ى → ي; hamza on yaa/waw (ئ ؤ) → ي / و; Arabic-Indic digits → 0-9;
* administrative prefixes are removed: ``Commune de``, ``Commune rurale de``, ``CR``,
  ``Municipalité de``, ``Province de``, ``Préfecture de``, ``جماعة``, ``الجماعة الترابية``,
  ``بلدية``, ``إقليم``, ``عمالة``…

The functions are pure and idempotent: ``normalise_name(normalise_name(x)) ==
normalise_name(x)``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["normalise_header", "normalise_name", "normalise_text", "strip_invisible"]

_ARABIC_MAP = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ی": "ي",
        "ک": "ك",
        "ڭ": "ك",
        "گ": "ك",
        "ڤ": "ف",
        "ـ": "",
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ı": "i",
        "ĸ": "k",
    }
)
# Arabic diacritics (harakat, shadda, sukun, superscript alef, Quranic marks) and hamza.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0621]")
_APOSTROPHES = re.compile("['’‘`´ʼʻ\u02bf\u02be]")
_SEPARATORS = re.compile(r"[^\w]+|_+")
_SPACES = re.compile(r"\s+")
# Direction marks and zero-width characters that Arabic editors insert (RLM, LRM, ZWJ…).
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u061c\u00ad]")

_LATIN_TOKENS = {
    "beni": "bni",
    "bani": "bni",
    "bnei": "bni",
    "ouled": "oulad",
    "awlad": "oulad",
    "oulade": "oulad",
    "ouladd": "oulad",
    "oled": "oulad",
    "aith": "ait",
    "ayt": "ait",
    "al": "el",
    "moulay": "moulay",
    "my": "moulay",
    "ste": "sainte",
    "st": "saint",
}

_PREFIXES = tuple(
    sorted(
        (
            "commune rurale de",
            "commune rurale d",
            "commune rurale",
            "commune urbaine de",
            "commune urbaine d",
            "commune urbaine",
            "commune territoriale de",
            "commune de",
            "commune d",
            "commune",
            "municipalite de",
            "municipalite d",
            "municipalite",
            "province de",
            "province d",
            "province",
            "prefecture de",
            "prefecture d",
            "prefecture",
            "cercle de",
            "cercle d",
            "cr",
            "cu",
            "الجماعه الترابيه",
            "الجماعه القرويه",
            "الجماعه الحضريه",
            "جماعه",
            "الجماعه",
            "بلديه",
            "اقليم",
            "عماله",
            "دائره",
        ),
        key=len,
        reverse=True,
    )
)


def normalise_text(text: object) -> str:
    """Case-, accent- and punctuation-insensitive form of any text, French or Arabic.

    Apostrophes are removed (``M'diq`` → ``mdiq``), every other run of punctuation or
    spaces becomes one space, Arabic letter variants are unified. No word is replaced.
    """
    if text is None:
        return ""
    value = str(text)
    if not value:
        return ""
    value = _INVISIBLE.sub("", value)
    value = unicodedata.normalize("NFKC", value).casefold()
    value = value.translate(_ARABIC_MAP)
    value = _ARABIC_MARKS.sub("", value)
    decomposed = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    value = unicodedata.normalize("NFC", value).translate(_ARABIC_MAP)
    value = _APOSTROPHES.sub("", value)
    value = _SEPARATORS.sub(" ", value)
    return _SPACES.sub(" ", value).strip()


def _strip_prefix(value: str) -> str:
    stripped = True
    while stripped:
        stripped = False
        for prefix in _PREFIXES:
            if value.startswith(prefix + " ") and len(value) > len(prefix) + 1:
                value, stripped = value[len(prefix) + 1 :], True
                break
    return value


@lru_cache(maxsize=200_000)
def normalise_name(text: object) -> str:
    """Key under which a commune or province name is looked up.

    Parameters
    ----------
    text : object
        A name as typed: ``"Commune de Bni-Frassen"``, ``"Beni Frassen"``, ``"بني فراسن"``.

    Returns
    -------
    str
        Lower-case ASCII/Arabic words separated by single spaces, administrative prefixes
        removed and transliteration variants unified; ``""`` for an empty value.
    """
    value = normalise_text(text)
    if not value:
        return ""
    stripped = _strip_prefix(value)
    tokens = [_LATIN_TOKENS.get(token, token) for token in stripped.split(" ")]
    return " ".join(token for token in tokens if token)


def normalise_header(text: object) -> str:
    """Key under which a column header is recognised (``"Nom du centre"`` → ``"nom du centre"``)."""
    return normalise_text(text)


def strip_invisible(text: str) -> str:
    """``text`` without direction marks and zero-width characters (for codes and numbers)."""
    return _INVISIBLE.sub("", text)
