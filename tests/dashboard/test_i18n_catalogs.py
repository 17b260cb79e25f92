"""The gettext catalogs: complete in French and Arabic, in step with the code and compiled.

The messages used in the code are extracted here the way ``make messages`` does (Babel's
extractor, ``babel.cfg`` and the Makefile's ``BABEL_KEYWORDS``), so a string added to the
code without its translations fails a test that names it.
"""

from __future__ import annotations

import gettext
import re
import string
from functools import cache
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from dashboard import i18n

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = ("fr", "ar")
KEY_STYLE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
"""What the interface's former keys looked like ("nav.overview", "col.code")."""


def _keywords() -> dict:
    line = re.search(r"^BABEL_KEYWORDS\s*:?=(.*)$", (ROOT / "Makefile").read_text(), re.M)
    assert line, "the Makefile defines BABEL_KEYWORDS for `make messages`"
    return parse_keywords(re.findall(r"-k\s+(\S+)", line.group(1)))


@cache
def _used() -> dict[tuple[str | None, str], list[str]]:
    """(context, msgid) of every message the code marks -> where."""
    with (ROOT / "babel.cfg").open() as file:
        method_map, options_map = parse_mapping_cfg(file)
    found: dict[tuple[str | None, str], list[str]] = {}
    for path, line, message, _, context in extract_from_dir(
            ROOT, method_map, options_map, keywords=_keywords()):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault((context, msgid), []).append(f"{path}:{line}")
    return found


@cache
def _catalog(lang: str) -> Catalog:
    with (i18n.LOCALE_DIR / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po").open("rb") as file:
        return read_po(file, locale=lang)


def _messages(lang: str) -> list[Message]:
    return [m for m in _catalog(lang) if m.id]


def _key(message: Message) -> tuple[str | None, str]:
    return message.context, message.id[0] if isinstance(message.id, tuple) else message.id


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_code_uses_messages_and_extraction_finds_them() -> None:
    used = _used()
    assert len(used) > 300
    assert (None, "Overview") in used and ("communes", "all") in used
    assert not (ROOT / "dashboard" / "i18n" / "strings.py").exists()


def test_no_interface_key_is_left_in_the_code() -> None:
    keys = {msgid: where for (_, msgid), where in _used().items() if KEY_STYLE.match(msgid)}
    assert not keys, ("these look like interface keys, not English messages; write the "
                      f"English text instead (see dashboard/i18n/__init__.py): {keys}")


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_message_of_the_code_is_in_the_catalog_and_nothing_else(lang: str) -> None:
    used = _used()
    listed = {_key(m) for m in _messages(lang)}
    missing = {key: used[key] for key in used if key not in listed}
    assert not missing, f"run `make messages` and translate these in {lang}: {missing}"
    unused = sorted((key for key in listed if key not in used), key=str)
    assert not unused, f"no longer in the code, run `make messages`: {unused}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_french_and_arabic_are_complete_and_not_fuzzy(lang: str) -> None:
    untranslated, fuzzy = [], []
    for message in _messages(lang):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(_key(message))
        if message.fuzzy:
            fuzzy.append(_key(message))
    assert not untranslated, f"untranslated in {lang}: {untranslated}"
    assert not fuzzy, f"fuzzy in {lang} (check, then remove the flag): {fuzzy}"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_translations_keep_the_placeholders(lang: str) -> None:
    wrong = []
    for message in _messages(lang):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = _fields(ids[-1])
        for text in strings:
            if not text:
                continue
            fields = _fields(text)
            # a plural form may leave the count out ("one centre"), never add a name
            ok = (fields == expected if len(ids) == 1
                  else fields <= expected and _fields(ids[0]) - {"count"} <= fields)
            if not ok:
                wrong.append((_key(message), sorted(fields), sorted(expected)))
    assert not wrong, f"placeholders differ in {lang}: {wrong}"


def test_no_arabic_message_ends_with_a_latin_word_that_starts_with_a_dot() -> None:
    """Right to left, the full stop the app adds after such a message ("… ‎.csv.") is drawn
    against the word's own dot ("..csv"): an Arabic message names formats as words (CSV)."""
    ending = re.compile(r"\.[A-Za-z0-9{}]+[\u200e\u200f]*$")
    wrong = []
    for message in _messages("ar"):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wrong.extend((_key(message), text) for text in strings if text and ending.search(text))
    assert not wrong, f"Arabic messages ending with a dotted Latin word: {wrong}"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_plural_forms_are_cldrs(lang: str) -> None:
    catalog = _catalog(lang)
    rule = get_plural(Locale.parse(lang))
    assert (catalog.num_plurals, catalog.plural_expr) == (rule.num_plurals, rule.plural_expr)
    if lang == "ar":
        assert catalog.num_plurals == 6


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_compiled_catalogs_match_the_po_files(lang: str) -> None:
    compiled = i18n.catalog(lang)
    assert isinstance(compiled, gettext.GNUTranslations)
    stale = []
    for message in _messages(lang):
        if message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            singular, plural = message.id
            for n in (0, 1, 2, 3, 11, 100, 101):
                index = (gettext.c2py(_catalog(lang).plural_expr)(n) if all(message.string)
                         else None)
                want = (message.string[index] if index is not None
                        else singular if n == 1 else plural)
                got = (compiled.npgettext(message.context, singular, plural, n)
                       if message.context else compiled.ngettext(singular, plural, n))
                if got != want:
                    stale.append((_key(message), n))
            continue
        want = message.string or message.id
        got = (compiled.pgettext(message.context, message.id) if message.context
               else compiled.gettext(message.id))
        if got != want:
            stale.append(_key(message))
    assert not stale, f"run `make catalogs`: {lang}.mo differs from {lang}.po for {stale}"


def test_lookups_fill_values_and_fall_back_to_english() -> None:
    assert i18n.t("Overview", "fr") == "Vue d'ensemble"
    assert i18n.t("Overview", "ar") == "نظرة عامة"
    assert i18n.t("Overview", "en") == "Overview"
    assert i18n.t("Saved: {name} v{version}, seen by everyone.", "fr", name="taza",
                  version=2) == "Enregistré : taza v2, visible par tous."
    assert i18n.t("A sentence no catalog has", "ar") == "A sentence no catalog has"
    # a placeholder may have any name, even the parameters' ("message", "lang")
    assert i18n.t("File cannot be read: {message}", "fr", message="x") == (
        "Fichier illisible : x")
    # one English word, two French agreements
    assert i18n.t("all", "fr") == "tous" and i18n.pt("communes", "all", "fr") == "toutes"
    assert i18n.t(i18n.NC_("communes", "all"), "fr") == "toutes"
    assert i18n.N_("Overview") == "Overview"
    with pytest.raises(ValueError, match="lang must be one of fr, ar, en"):
        i18n.t("Overview", "de")


def test_counts_take_the_languages_plural_forms() -> None:
    def rows(n: int, lang: str) -> str:
        return i18n.tn("Show the table ({count} row)", "Show the table ({count} rows)", n, lang,
                       count=str(n))

    assert [rows(n, "en") for n in (0, 1, 2)] == [
        "Show the table (0 rows)", "Show the table (1 row)", "Show the table (2 rows)"]
    assert [rows(n, "fr") for n in (0, 1, 2)] == [
        "Afficher le tableau (0 ligne)", "Afficher le tableau (1 ligne)",
        "Afficher le tableau (2 lignes)"]
    # Arabic: zero, one, two, few (3-10), many (11-99), other (100, 101...)
    arabic = [rows(n, "ar") for n in (0, 1, 2, 3, 11, 100)]
    assert arabic[0] == "عرض الجدول (0 سطر)" and arabic[5] == "عرض الجدول (100 سطر)"
    assert arabic[1] == "عرض الجدول (سطر واحد)" and arabic[2] == "عرض الجدول (سطران)"
    assert arabic[3] == "عرض الجدول (3 أسطر)" and arabic[4] == "عرض الجدول (11 سطرا)"


def test_catalogs_ship_with_the_package() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert "i18n/locale/*/LC_MESSAGES/*.mo" in text
    for lang in i18n.LANGUAGES:
        assert (i18n.LOCALE_DIR / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo").is_file()
