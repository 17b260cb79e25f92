"""Capacity: sessions speaking Streamlit's own protocol through nginx and two replicas.

The deployment of ``deploy/`` started on this machine as for :mod:`benchmarks.bench_load`
(two ``taghtia run`` replicas sharing one store, nginx in front with the shipped
configuration, per-session affinity by cookie), then ``sessions`` websocket clients with no
renderer: each sends what the browser sends and reads what the server answers, as
``BackMsg`` and ``ForwardMsg`` protobufs of the installed ``streamlit.proto``. So the time
measured is the server's (and nginx's), not a browser's.

Each session, signed in as a viewer through nginx's ``auth_basic``:

1. opens the websocket ``/_stcore/stream`` and asks for its first page by URL path
   (``rerun_script`` with the page name and an empty query string, as a page opened by its
   address does), then until ``seconds`` have passed, with a pause of ``think_s`` (a range,
   drawn per action from a seeded generator) between actions, as a person reads the map:
2. changes a filter: picks one centre type in the sidebar's multiselect (``rerun_script``
   with the widget's id and its options' labels, the query string and the page's hash the
   server last sent), timed from sending to the server's ``script_finished``;
3. moves to the next page of the sidebar (``rerun_script`` with that page's hash), timed
   the same way.

The widget states a session sends are those it changed (the server keeps the others'
values: a browser sends them all, unchanged). An error is a run that does not finish in
``timeout_s``, a run that does not finish successfully, a script error (an ``exception``
element or the app's error box), a closed websocket or an HTTP error at the handshake.
Sessions per core are the sessions divided by the machine's cores, the load generator
included (it runs on the same cores).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.bench_load import AFFINITY, BROWSED, ReplicaWatch, _percentile
from dashboard.app.pages import path_of
from tests.support.replicas import USERS, replicas_behind_nginx

FILTER_KEY = "app.types@fr"
"""The sidebar's centre-type multiselect (French, the default language)."""
ERROR_BUTTON_KEY = "app.error_back"
THINK_S = (5.0, 15.0)
"""Seconds between two actions of a session (uniform): a person reads the page, the map and
its figures before the next click."""
"""The button of the app's error box (:func:`dashboard.app.ui.error_boundary`)."""

__all__ = ["ProtocolSession", "run"]


class ProtocolSession:
    """One user's websocket, speaking ``BackMsg``/``ForwardMsg``.

    Parameters
    ----------
    url : str
        The app's base URL (nginx).
    index : int
        The session's number (its affinity cookie).
    user : str
        One of :data:`tests.support.replicas.USERS`.
    """

    def __init__(self, url: str, index: int, user: str = "karim") -> None:
        self.url = url
        self.index = index
        self.user = user
        self.socket = None
        self.query_string = ""
        self.page_hash = ""
        self.pages: dict[str, str] = {}  # URL path -> page script hash
        self.widgets: dict[str, object] = {}  # widget key -> its element (last drawn)
        self.states: dict[str, object] = {}  # widget id -> the WidgetState sent
        self.errors: list[str] = []
        self.filter_s: list[float] = []
        self.page_s: list[float] = []
        self.received_bytes = 0

    async def connect(self, timeout_s: float) -> None:
        """Open the websocket through nginx, signed in and with the affinity cookie."""
        from websockets.asyncio.client import connect

        password = USERS[self.user]
        token = base64.b64encode(f"{self.user}:{password}".encode()).decode()
        headers = {"Authorization": f"Basic {token}",
                   "Cookie": f"taghtia_load=session-{self.index}"}
        address = self.url.replace("http://", "ws://", 1) + "/_stcore/stream"
        self.socket = await asyncio.wait_for(
            connect(address, subprotocols=["streamlit"], origin=self.url,
                    additional_headers=headers, max_size=None, open_timeout=timeout_s),
            timeout_s)

    async def close(self) -> None:
        if self.socket is not None:
            with contextlib.suppress(Exception):
                await self.socket.close()

    async def rerun(self, timeout_s: float, page_name: str = "",
                    page_hash: str | None = None) -> float:
        """Send one ``rerun_script`` and read until ``script_finished``; the seconds taken.

        Raises
        ------
        RuntimeError
            The run did not finish successfully, or drew an error.
        TimeoutError
            No ``script_finished`` within ``timeout_s``.
        """
        from streamlit.proto.BackMsg_pb2 import BackMsg

        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query_string
        state.page_name = page_name
        state.page_script_hash = self.page_hash if page_hash is None else page_hash
        for widget in self.states.values():
            state.widget_states.widgets.append(widget)
        start = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        await asyncio.wait_for(self._until_finished(), timeout_s)
        return time.perf_counter() - start

    async def _until_finished(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        problems: list[str] = []
        while True:
            data = await self.socket.recv()
            self.received_bytes += len(data)
            message = ForwardMsg()
            message.ParseFromString(data)
            kind = message.WhichOneof("type")
            if kind == "delta":
                problems += self._read_delta(message.delta)
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash
                              for p in message.navigation.app_pages}
                self.page_hash = message.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = message.page_info_changed.query_string
            elif kind == "page_not_found":
                problems.append("page not found")
            elif kind == "script_finished":
                status = message.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # a rerun the server started itself (st.rerun): read on
                if status != ForwardMsg.FINISHED_SUCCESSFULLY:
                    problems.append(f"script finished with status {status}")
                if problems:
                    raise RuntimeError("; ".join(problems[:3]))
                return

    def _read_delta(self, delta) -> list[str]:
        if delta.WhichOneof("type") != "new_element":
            return []
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            return [f"exception {element.exception.type}: {element.exception.message[:120]}"]
        widget = getattr(element, kind)
        widget_id = getattr(widget, "id", "")
        if not isinstance(widget_id, str) or "-" not in widget_id:
            return []
        key = widget_id.rsplit("-", 1)[1]
        self.widgets[key] = widget
        if key == ERROR_BUTTON_KEY:
            return ["the app's error box"]
        return []

    def choose_filter(self, turn: int) -> None:
        """Pick the ``turn``-th centre type alone in the sidebar's multiselect (as a click on
        its option does: the widget's id, its label as the value)."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        widget = self.widgets.get(FILTER_KEY)
        if widget is None:
            raise RuntimeError(f"no {FILTER_KEY} multiselect drawn")
        state = WidgetState(id=widget.id)
        state.string_array_value.data.append(widget.options[turn % len(widget.options)])
        self.states[widget.id] = state


async def _user(session: ProtocolSession, deadline: float, timeout_s: float,
                delay_s: float, think_s: tuple[float, float]) -> None:
    await asyncio.sleep(delay_s)  # users arrive one after another
    rng = random.Random(session.index)
    turn = session.index
    try:
        await session.connect(timeout_s)
        first = BROWSED[turn % len(BROWSED)]
        session.page_s.append(await session.rerun(timeout_s, page_name=path_of(first)))
        while time.monotonic() < deadline:
            await asyncio.sleep(rng.uniform(*think_s))
            session.choose_filter(turn)
            session.filter_s.append(await session.rerun(timeout_s))
            await asyncio.sleep(rng.uniform(*think_s))
            turn += 1
            name = BROWSED[turn % len(BROWSED)]
            session.page_s.append(await session.rerun(timeout_s,
                                                      page_hash=session.pages[path_of(name)]))
    except Exception as error:  # counted; the session ends (its socket is in doubt)
        session.errors.append(f"{type(error).__name__}: {str(error).splitlines()[0][:160]}"
                              if str(error) else type(error).__name__)
    finally:
        await session.close()


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (0 when it is gone)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def run(sessions: int = 50, seconds: float = 90.0, timeout_s: float = 60.0,
        ramp_s: float = 20.0, think_s: tuple[float, float] = THINK_S) -> dict:
    """Run the load and return its figures (see the module docstring): the sessions start
    over ``ramp_s`` seconds, then all run together for ``seconds``."""
    home = Path(tempfile.mkdtemp(prefix="taghtia-protocol-home-"))
    users = [ProtocolSession("", i) for i in range(sessions)]
    with replicas_behind_nginx(2, env={"TAGHTIA_HOME": str(home)},
                               affinity=AFFINITY) as cluster:
        for user in users:
            user.url = cluster.url
        pids = [r.process.pid for r in cluster.replicas]
        ports = [r.port for r in cluster.replicas]
        watch = ReplicaWatch(pids, ports)
        deadline_s = ramp_s + seconds
        step = ramp_s / max(1, sessions)

        async def main() -> None:
            deadline = time.monotonic() + deadline_s
            await watch.during(asyncio.gather(*(
                _user(s, deadline, timeout_s, i * step, think_s) for i, s in enumerate(users))))

        load_before = os.getloadavg()[0]
        cpu_before = [_cpu_seconds(pid) for pid in pids]
        own_before = time.process_time()
        begin = time.perf_counter()
        asyncio.run(main())
        elapsed = time.perf_counter() - begin
        cpu = [_cpu_seconds(pid) - b for pid, b in zip(pids, cpu_before, strict=True)]
        own = time.process_time() - own_before
        load_after = os.getloadavg()[0]
    changes = [s for user in users for s in user.filter_s]
    pages = [s for user in users for s in user.page_s]
    errors = [e for user in users for e in user.errors]
    cores = os.cpu_count() or 1
    return {
        "sessions": sessions, "seconds": seconds, "ramp_s": ramp_s, "think_s": list(think_s),
        "elapsed_s": round(elapsed, 1), "cores": cores,
        "sessions_per_core": round(sessions / cores, 1),
        "filter_changes": len(changes), "pages_opened": len(pages),
        "errors": len(errors), "error_samples": errors[:10],
        "filter_p50_s": _round(statistics.median(changes) if changes else None),
        "filter_p95_s": _round(_percentile(changes, 0.95)),
        "filter_max_s": _round(max(changes) if changes else None),
        "page_p50_s": _round(statistics.median(pages) if pages else None),
        "page_p95_s": _round(_percentile(pages, 0.95)),
        "replica_cpu_share": [round(c / elapsed, 2) for c in cpu],
        "server_cpu_per_action_s": _round(sum(cpu) / max(1, len(changes) + len(pages))),
        "client_cpu_share": round(own / elapsed, 2),
        "load_average": [round(load_before, 1), round(load_after, 1)],
        "received_mb": round(sum(u.received_bytes for u in users) / 1e6, 1),
        "peak_rss_mb": [round(p, 1) for p in watch.peaks],
        "websockets_per_replica": watch.sockets,
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
