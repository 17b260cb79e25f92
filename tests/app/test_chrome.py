"""Streamlit's own words in the page's language: every phrase the page's script replaces has a
French and an Arabic translation, and the upload widget's size limit keeps its size and file
types."""

from __future__ import annotations

import json
import re

import pytest

from dashboard.app.chrome import _SIZE_LIMIT, CHROME_WORDS, chrome_script, chrome_words
from dashboard.i18n import t


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_every_streamlit_phrase_is_translated(lang: str) -> None:
    words = chrome_words(lang)
    assert set(words) == set(CHROME_WORDS) and len(words) > 15
    assert {word for word, said in words.items() if not said or said == word} == set()


def test_english_keeps_streamlit_words() -> None:
    assert chrome_words("en") == {word: word for word in CHROME_WORDS}


def _payload(script: str) -> dict:
    start = script.index("w.__taghtiaChrome = ") + len("w.__taghtiaChrome = ")
    return json.loads(script[start:script.index(";\n", start)])


@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", "ou glissez-le ici · 50 Mo au plus • CSV, XLSX"),
    ("en", "or drop it here · up to 50 MB • CSV, XLSX"),
])
def test_the_size_limit_keeps_size_and_types(lang: str, expected: str) -> None:
    payload = _payload(chrome_script(lang))
    pattern, template = payload["size"]
    assert pattern == _SIZE_LIMIT
    as_python = re.sub(r"\$(\d)", r"\\\1", template)  # JavaScript's $1 is Python's \1
    assert re.sub(pattern, as_python, "50MB per file • CSV, XLSX") == expected
    assert payload["words"]["Skip to main content"] == (
        "Aller au contenu principal" if lang == "fr" else "Skip to main content")


def test_the_script_cannot_close_its_tag() -> None:
    script = chrome_script("ar")
    assert "</" not in script
    assert _payload(script)["words"]["Upload"] == t("Choose a file", "ar") != "Choose a file"
