"""The protocol client of the capacity benchmark speaks to a real server as the browser does:
it opens a page, changes a filter (the server's view follows: the query string says so) and
moves to another page, each run finishing without an error."""

from __future__ import annotations

import asyncio

from benchmarks.bench_protocol import FILTER_KEY, ProtocolSession
from tests.support.server import running


async def _visit(url: str) -> ProtocolSession:
    session = ProtocolSession(url, 0)
    await session.connect(60)
    try:
        await session.rerun(120, page_name="coverage")
        assert session.pages["coverage"] == session.page_hash != ""
        assert "types=" not in session.query_string
        widget = session.widgets[FILTER_KEY]
        session.choose_filter(2)
        assert await session.rerun(120) > 0
        chosen = session.states[widget.id].string_array_value.data
        assert list(chosen) == [widget.options[2]]
        assert "types=kindergarten" in session.query_string  # the third type, as the app says
        await session.rerun(120, page_hash=session.pages["services"])
        assert session.page_hash == session.pages["services"]
        assert "types=kindergarten" in session.query_string  # the filter follows the page
    finally:
        await session.close()
    return session


def test_a_protocol_session_opens_filters_and_moves_on() -> None:
    with running() as server:
        session = asyncio.run(_visit(server.url))
    assert session.errors == [] and session.received_bytes > 10_000
