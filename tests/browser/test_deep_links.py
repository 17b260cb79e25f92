"""Every page opened by its address (a shared link, a reload): no console error, and the
client asks for its server at the app's root only (never ``/<page>/_stcore/...``)."""

from __future__ import annotations

import pytest

from dashboard.app.pages import PAGES, path_of
from tests.support.browser import wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_every_page_opened_by_its_address_logs_no_error(server, watched):
    page = watched.page
    for name in PAGES:
        page.goto(f"{server}/{path_of(name)}?lang=fr")
        wait_ready(page)
        page.reload()  # a reload is a second opening by the address
        wait_ready(page)
        under_page = [url for url in watched.requests if "/_stcore/" in url
                      and url.split("/_stcore/")[0] != server]
        assert under_page == [], f"{name}: {under_page}"
        assert watched.errors == [], f"{name}: {watched.errors}"
    assert any(url == f"{server}/_stcore/health" for url in watched.requests)
