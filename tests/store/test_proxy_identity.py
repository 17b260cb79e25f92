"""Editors recognised behind nginx as deployed on one host: nginx connects to the replica
from 127.0.0.1, the replica trusts 127.0.0.1 (``deploy/README.md``), and Streamlit's
server, which trusts 127.0.0.1 too, replaces that peer with the ``X-Forwarded-For`` address
of the user. The user's browser comes from another loopback address, 127.0.0.2 (through
:func:`tests.support.relay.loopback_relay`), as a user on another machine would: amina
(``taghtia-editors``) edits, bob reads, and headers sent round nginx from 127.0.0.2 are
ignored, forged peer header included."""

from __future__ import annotations

import re

import pytest

from dashboard.app.peer import PEER_HEADER, record_peer
from dashboard.cli import main
from tests.store.samples import workbook_bytes
from tests.support.relay import USER_ADDRESS, loopback_relay
from tests.support.replicas import USERS, nginx_binary, replicas_behind_nginx


def _caption(browser, url: str, **options) -> str:
    context = browser.new_context(viewport={"width": 1300, "height": 900}, **options)
    try:
        page = context.new_page()
        page.goto(f"{url}/data?dataset=taza")
        caption = page.get_by_text(re.compile(r"^(Connecté·e|Consultation) : ")).first
        caption.wait_for(timeout=90_000)
        return caption.inner_text()
    finally:
        context.close()


def _login(user: str) -> dict:
    return {"http_credentials": {"username": user, "password": USERS[user]}}


@pytest.mark.browser
def test_behind_nginx_on_one_host_amina_edits_and_bob_reads(browser, tmp_path, capsys) -> None:
    if nginx_binary() is None:
        pytest.skip("Debian's nginx is not installed (make nginx)")
    workbook = tmp_path / "taza.xlsx"
    workbook.write_bytes(workbook_bytes(count=12))
    assert main(["datasets", "import", str(workbook), "--name", "taza"]) == 0
    capsys.readouterr()
    with replicas_behind_nginx(1, proxy_address=None) as cluster, \
            loopback_relay(cluster.nginx.port) as through_nginx, \
            loopback_relay(cluster.replicas[0].port) as round_nginx:
        assert _caption(browser, through_nginx, **_login("amina")).startswith(
            "Connecté·e : amina")
        assert _caption(browser, through_nginx, **_login("bob")).startswith(
            "Consultation : bob")
        forged = {"X-Forwarded-User": "amina", "X-Forwarded-Groups": "taghtia-editors",
                  "X-Forwarded-For": "127.0.0.1", PEER_HEADER: "127.0.0.1"}
        assert _caption(browser, round_nginx, extra_http_headers=forged).startswith(
            "Consultation : anonymous")
        log = (cluster.folder / "access.log").read_text()
    # the users reached nginx from 127.0.0.2, and nginx the replica from 127.0.0.1
    assert re.search(rf"^{re.escape(USER_ADDRESS)} .*GET /_stcore/stream", log, re.M), log


def test_the_recorded_peer_replaces_a_forged_one() -> None:
    scope = {"type": "websocket", "client": ("127.0.0.2", 51000),
             "headers": [(b"x-taghtia-peer", b"127.0.0.1"), (b"host", b"x")]}
    recorded = record_peer(scope)
    assert recorded["headers"] == [(b"host", b"x"), (b"x-taghtia-peer", b"127.0.0.2")]
    assert scope["headers"][0] == (b"x-taghtia-peer", b"127.0.0.1")  # the original untouched


def test_a_peer_header_is_ignored_where_the_server_does_not_record_it(monkeypatch) -> None:
    from dashboard.app import peer

    monkeypatch.setattr(peer, "_installed", False)
    assert peer.socket_peer({PEER_HEADER: "127.0.0.1"}) is None
    monkeypatch.setattr(peer, "_installed", True)
    assert peer.socket_peer({PEER_HEADER.lower(): "127.0.0.1"}) == "127.0.0.1"


@pytest.mark.browser
def test_behind_nginx_a_delegate_is_refused_another_territory(browser, tmp_path,
                                                              capsys) -> None:
    """samira (``editors@03.561`` in deploy/nginx.conf) signs in through nginx: the page says
    she edits Taza only, and deleting a version of Khénifra's dataset is refused by the store
    in one line; the version stays."""
    from dashboard.store import open_store
    from tests.store.samples import province_inputs

    store = open_store()
    for count in (2, 3):
        store.save("khenifra", province_inputs({"05.301": count}), territory="05.301")
    if nginx_binary() is None:
        pytest.skip("Debian's nginx is not installed (make nginx)")
    with replicas_behind_nginx(1, proxy_address=None) as cluster, \
            loopback_relay(cluster.nginx.port) as through_nginx:
        context = browser.new_context(viewport={"width": 1300, "height": 900},
                                      **_login("samira"))
        try:
            page = context.new_page()
            page.goto(f"{through_nginx}/data?dataset=khenifra")
            caption = page.get_by_text(re.compile(r"^Connecté·e : samira")).first
            caption.wait_for(timeout=90_000)
            assert "territoire 03.561" in caption.inner_text()
            page.get_by_role("button", name="Supprimer…").click()
            page.get_by_role("button", name="Supprimer la v2").click()
            refusal = page.get_by_text(
                "samira édite seulement le territoire 03.561, pas khenifra (05.301).")
            refusal.wait_for(timeout=90_000)
        finally:
            context.close()
    assert [v.number for v in store.history("khenifra")] == [1, 2]
