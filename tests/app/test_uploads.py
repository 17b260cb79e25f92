"""Uploads on the Data page: read in the worker process within the limits, once per content,
a limit said in one translated line, and forgotten when the session goes back to the default
data."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.app import datasets
from dashboard.app.pages import page_file
from dashboard.commands.run import streamlit_command
from dashboard.i18n import error_text
from loaders import sandbox
from loaders.errors import FileTimeoutError, LimitError
from loaders.limits import refuse
from loaders.messages import Message
from tests.store.samples import workbook_bytes
from tests.support.apptest import APP

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def worker_calls(monkeypatch) -> list[str]:
    """Names of the functions run in the worker process (the real worker still runs)."""
    calls: list[str] = []
    real = sandbox.run_isolated

    def counted(fn, *args, **kwargs):
        calls.append(fn.__name__)
        return real(fn, *args, **kwargs)

    monkeypatch.setattr(sandbox, "run_isolated", counted)
    return calls


def _data_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.switch_page(page_file("data"))
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _upload(at: AppTest, content: bytes, name: str = "taza.xlsx") -> AppTest:
    uploader = next(u for u in at.get("file_uploader") if u.key.startswith("data.centres_file"))
    uploader.set_value((name, content, XLSX))
    at.run()
    at.button[[b.label for b in at.button].index("Vérifier ces fichiers")].click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_upload_is_read_in_the_worker_once_per_content(worker_calls) -> None:
    at = _upload(_data_page(), workbook_bytes(count=10))
    # the check, then the first rows' headers (offered for mapping once files were checked)
    once = ["_inputs_without_bytes", "file_headers"]
    assert worker_calls == once
    loaded = at.session_state["data.dataset"]
    assert (len(loaded.centres_frame), loaded.files) == (10, {"centres": "taza.xlsx"})
    at.run()
    at.run()  # reruns read nothing again
    check = [b.label for b in at.button].index("Vérifier ces fichiers")
    at.button[check].click().run()  # same bytes, same mapping: the session's check
    assert worker_calls == once
    assert len(at.session_state["data.checked"]) == 1


def test_file_over_a_limit_is_one_translated_line(worker_calls, monkeypatch) -> None:
    at = _data_page()  # the demo is read (and cached) before the limit is lowered
    monkeypatch.setenv("TAGHTIA_MAX_ROWS", "5")
    at = _upload(at, workbook_bytes(count=12))
    [error] = [e.value for e in at.error]
    assert error.startswith("Fichier illisible : plus de 5 lignes : découpez le fichier")
    assert "TAGHTIA_MAX_ROWS" in error and "\n" not in error
    assert "data.dataset" not in at.session_state


def test_reset_forgets_the_uploads(worker_calls) -> None:
    at = _upload(_data_page(), workbook_bytes(count=10))
    assert "data.checked" in at.session_state
    at.button[[b.label for b in at.button].index("Revenir aux données par défaut")].click()
    at.run()
    assert "data.checked" not in at.session_state and "data.dataset" not in at.session_state
    uploader = next(u for u in at.get("file_uploader") if u.key.startswith("data.centres_file"))
    assert uploader.value is None  # a new, empty widget: the bytes are dropped


def test_limit_messages_in_three_languages(monkeypatch) -> None:
    monkeypatch.setenv("TAGHTIA_MAX_ROWS", "3")
    with pytest.raises(LimitError) as caught:
        datasets.load_upload(workbook_bytes(count=6), None, centres_name="t.xlsx")
    english = str(caught.value)
    assert english == "more than 3 rows: split the file or raise TAGHTIA_MAX_ROWS"
    assert error_text(caught.value, "fr") == (
        "plus de 3 lignes : découpez le fichier, ou faites relever TAGHTIA_MAX_ROWS par "
        "l'administrateur")
    assert error_text(caught.value, "ar").startswith("أكثر من 3 سطر: قسّم الملف")
    assert error_text(caught.value, "en") == english
    timeout = FileTimeoutError(Message(
        "This file took more than {seconds} s to read; split it, save it again, or raise "
        "{variable}", seconds="120", variable="TAGHTIA_MAX_SECONDS"))
    assert "120 s" in error_text(timeout, "fr") and "TAGHTIA_MAX_SECONDS" in \
        error_text(timeout, "ar")
    columns = refuse("columns", 500, Message("columns"),
                     Message("keep only the columns Taghtia reads"), 12_000)
    assert str(columns) == ("12,000 columns > 500: keep only the columns Taghtia reads or "
                            "raise TAGHTIA_MAX_COLUMNS")
    assert error_text(columns, "fr").startswith("12,000 colonnes > 500 : gardez seulement")


def test_server_upload_size_follows_the_loaders_limit(monkeypatch) -> None:
    command = streamlit_command(8501)
    assert command[command.index("--server.maxUploadSize") + 1] == "50"
    monkeypatch.setenv("TAGHTIA_MAX_UPLOAD_MB", "7")
    command = streamlit_command(8501)
    assert command[command.index("--server.maxUploadSize") + 1] == "7"


def test_server_sends_unchanged_elements_from_1_kb_as_references() -> None:
    # the trend chart's spec (about 9 KB) must not travel again on every filter change
    command = streamlit_command(8501)
    assert int(command[command.index("--global.minCachedMessageSize") + 1]) == 1024
