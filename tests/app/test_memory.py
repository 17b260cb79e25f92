"""The memory sweep shuts down the disconnected sessions whose time is up, through
Streamlit's own in-memory session storage (a test that fails if those internals move)."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

from streamlit.runtime import Runtime
from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.session_manager import SessionInfo
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from dashboard.app import memory


class _Session:
    def __init__(self, name: str) -> None:
        self.id = name
        self.closed = False

    def shutdown(self) -> None:
        self.closed = True


def test_expired_sessions_are_shut_down_and_live_ones_kept(monkeypatch) -> None:
    storage = MemorySessionStorage(ttl_seconds=2)
    old, recent = _Session("old"), _Session("recent")
    storage.save(SessionInfo(client=None, session=old))
    time.sleep(1.0)
    storage.save(SessionInfo(client=None, session=recent))
    time.sleep(1.2)  # old expired, recent not
    manager = SimpleNamespace(_session_storage=storage, _storage_lock=threading.Lock(),
                              _active_session_info_by_id={"open": object()})
    uploads = MemoryUploadedFileManager("/_stcore/upload_file")
    for session_id in ("open", "recent", "old", "reaped"):
        uploads.add_file(session_id, UploadedFileRec("f1", "a.csv", "text/csv", b"x,y\n"))
    monkeypatch.setattr(Runtime, "exists", classmethod(lambda cls: True))
    monkeypatch.setattr(Runtime, "instance", classmethod(
        lambda cls: SimpleNamespace(_session_mgr=manager, _uploaded_file_mgr=uploads)))
    assert memory.expire_closed_sessions() == 1
    assert old.closed and not recent.closed
    assert storage.get("recent") is not None and storage.get("old") is None
    # files of connected and resumable sessions stay; the others' go
    assert {s for s, files in uploads.file_storage.items() if files} == {"open", "recent"}


def test_sweep_does_nothing_without_a_server() -> None:
    assert not Runtime.exists()
    assert memory.expire_closed_sessions() == 0
    memory.release_free_memory()  # collects and trims (glibc) without failing


def test_taghtia_run_keeps_closed_sessions_under_a_minute() -> None:
    from dashboard.commands import run

    command = run.streamlit_command(8599)
    at = command.index("--server.disconnectedSessionTTL")
    assert int(command[at + 1]) == memory.SESSION_TTL_S < 60 - memory.SWEEP_S
