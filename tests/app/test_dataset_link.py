"""A link naming a dataset that is not stored says so in one translated line and offers
the way back to the default data."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.apptest import APP

BACK = {"fr": "Revenir aux données par défaut", "en": "Back to the default data"}


@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
def test_an_unknown_dataset_says_so_and_leads_back(lang: str) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["dataset"] = "inconnu"
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "inconnu" in errors[0], errors
    back = [b for b in at.button if b.key == "app.dataset_back"]
    assert len(back) == 1
    if lang in BACK:
        assert back[0].label == BACK[lang]
    else:  # Arabic: translated, not the English
        assert back[0].label != BACK["en"] and any("\u0600" <= c <= "\u06ff"
                                                   for c in back[0].label)
    back[0].click().run()
    assert not at.exception
    assert [e.value for e in at.error] == []
    assert "dataset" not in at.query_params
