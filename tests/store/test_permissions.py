"""Editors and viewers: the store refuses a viewer's writes; the app believes the proxy's user
header only from the proxy's address; a viewer sees no button that changes the store."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.app.datasets import load_dataset
from dashboard.app.permissions import actor_for, from_trusted_proxy
from dashboard.store import EDITOR, VIEWER, Actor, ForbiddenError, open_store
from tests.store.samples import workbook_bytes
from tests.support.apptest import APP

PROXY = {"TAGHTIA_TRUSTED_PROXY": "10.0.0.5", "TAGHTIA_EDITOR_GROUPS": "taghtia-editors"}
VIEWER_ACTOR = Actor("karim", VIEWER, "proxy")


def test_store_refuses_every_write_of_a_viewer(taza_versions) -> None:
    store = open_store()
    upload = load_dataset(workbook_bytes(count=5), None, centres_name="taza-3.xlsx")
    with pytest.raises(ForbiddenError, match="karim may read the datasets but not import"):
        store.save("taza", upload.inputs, actor=VIEWER_ACTOR)
    with pytest.raises(ForbiddenError):
        store.use("taza", 1, actor=VIEWER_ACTOR)
    with pytest.raises(ForbiddenError):
        store.delete("taza", 1, actor=VIEWER_ACTOR)
    with pytest.raises(ForbiddenError):
        store.set_default("taza", actor=VIEWER_ACTOR)
    assert isinstance(ForbiddenError("x"), PermissionError)
    history = store.history("taza")
    assert [v.number for v in history] == [1, 2] and store.in_force("taza") == 2
    assert store.default() is None
    editor = Actor("amina", EDITOR, "proxy")
    outcome = store.save("taza", upload.inputs, actor=editor)
    assert (outcome.version.number, outcome.version.imported_by) == (3, "amina")
    store.use("taza", 1, actor=editor)
    assert store.in_force("taza") == 1


def test_proxy_header_believed_only_from_the_proxy() -> None:
    headers = {"x-forwarded-user": "amina", "X-Forwarded-Groups": "staff, taghtia-editors"}
    from_proxy = actor_for(headers, "10.0.0.5", env=PROXY)
    assert (from_proxy.name, from_proxy.role, from_proxy.how) == ("amina", EDITOR, "proxy")
    forged = actor_for(headers, "192.168.1.20", env=PROXY)  # same headers, another address
    assert (forged.name, forged.role) == ("anonymous", VIEWER)
    assert actor_for(headers, None, env=PROXY).role == VIEWER  # no address known
    staff = actor_for({"X-Forwarded-User": "karim", "X-Forwarded-Groups": "staff"}, "10.0.0.5",
                      env=PROXY)
    assert (staff.name, staff.role) == ("karim", VIEWER)
    assert actor_for({}, "10.0.0.5", env=PROXY).role == VIEWER  # the proxy sent no user
    named = actor_for({"X-Remote-User": "karim"}, "10.0.0.5",
                      env={**PROXY, "TAGHTIA_USER_HEADER": "X-Remote-User",
                           "TAGHTIA_EDITORS": "Karim"})
    assert (named.name, named.role) == ("karim", EDITOR)
    assert from_trusted_proxy("10.0.0.9", {"TAGHTIA_TRUSTED_PROXY": "10.0.0.0/24"})
    assert not from_trusted_proxy("10.0.1.9", {"TAGHTIA_TRUSTED_PROXY": "10.0.0.0/24"})


def test_local_mode_is_an_editor_and_headers_change_nothing() -> None:
    local = actor_for({"X-Forwarded-User": "mallory", "X-Forwarded-Groups": "taghtia-editors"},
                      "203.0.113.7", env={})
    assert local.role == EDITOR and local.how == "local" and local.name.endswith("(app)")
    assert "mallory" not in local.name


def test_streamlit_login_names_the_user() -> None:
    env = {"TAGHTIA_EDITORS": "amina@example.org"}
    signed = actor_for({}, None, {"is_logged_in": True, "email": "amina@example.org"},
                       auth_configured=True, env=env)
    assert (signed.name, signed.role, signed.how) == ("amina@example.org", EDITOR, "oidc")
    other = actor_for({}, None, {"is_logged_in": True, "email": "karim@example.org",
                                 "groups": ["staff"]}, auth_configured=True, env=env)
    assert other.role == VIEWER
    nobody = actor_for({"X-Forwarded-User": "amina"}, "10.0.0.5", {"is_logged_in": False},
                       auth_configured=True, env={**env, **PROXY})
    assert (nobody.name, nobody.role) == ("anonymous", VIEWER)


def _data_page(upload=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["dataset"] = "taza"
    if upload is not None:
        at.session_state["data.dataset"] = upload
    at.switch_page("app_pages/data.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _keys(at: AppTest) -> set[str]:
    return {button.key for button in at.button if button.key}


def test_viewer_sees_no_button_that_changes_the_store(taza_versions, monkeypatch) -> None:
    upload = load_dataset(workbook_bytes(count=5), None, centres_name="taza-3.xlsx")
    editor = _data_page(upload)
    assert {"data.store_use", "data.store_default", "data.store_delete", "data.save"} <= \
        _keys(editor)
    assert len(editor.get("file_uploader")) == 2
    # behind a proxy, a session without the proxy's user header is an anonymous viewer
    monkeypatch.setenv("TAGHTIA_TRUSTED_PROXY", "10.0.0.5")
    viewer = _data_page(upload)
    keys = _keys(viewer)
    assert "data.store_show" in keys  # reading stays
    assert not keys & {"data.store_use", "data.store_default", "data.store_delete",
                       "data.save"}
    assert not viewer.get("file_uploader")
    assert any("Seuls les éditeurs" in info.value for info in viewer.info)
    assert any("Consultation : anonymous" in c.value for c in viewer.caption)
    assert viewer.dataframe[1].value["Version"].tolist() == ["v2 — en vigueur", "v1"]


def test_editor_deletes_a_version_from_the_data_page(taza_versions) -> None:
    at = _data_page()
    at.selectbox(key="data.version.taza").set_value(1).run()
    at.button(key="data.store_delete").click().run()
    assert not at.exception
    assert [v.number for v in open_store().history("taza")] == [2]
    assert any("taza v1 supprimée" in s.value for s in at.success)
