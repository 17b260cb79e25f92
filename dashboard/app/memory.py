"""Give memory back after sessions close: closed sessions forgotten on time, freed pages
returned to the system.

Streamlit keeps a disconnected session (its session state: an uploaded dataset, the
validation report...) for ``server.disconnectedSessionTTL`` seconds so that a page that
lost its connection can resume, but it drops the expired ones only when another session
disconnects: after the last user leaves, they stay. And glibc's allocator keeps the pages
that Python and pandas freed, split over one arena per thread (each session's script runs
in its own thread), so the server's resident memory does not come back down by itself.

:func:`start` runs a daemon thread that every :data:`SWEEP_S` seconds asks Streamlit's
event loop to drop the expired disconnected sessions, then collects garbage and returns
free heap pages to the system (``malloc_trim``, glibc only). ``taghtia run`` limits glibc
to :data:`MALLOC_ARENAS` arenas (``MALLOC_ARENA_MAX``) so that the pages freed by one
thread can serve the next, and has blocks from :data:`MALLOC_MMAP_BYTES` mapped on their own
(``MALLOC_MMAP_THRESHOLD_``), so that a script run's large temporary arrays go back to the
system when freed instead of splitting the heap. Everything is best effort: on another C
library, or if Streamlit's internals move, the sweep does nothing and says nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import threading
import time

SWEEP_S = 15.0
"""Seconds between two sweeps."""
SESSION_TTL_S = 30
"""Seconds a disconnected session is kept for its page to reconnect (``taghtia run``'s
``server.disconnectedSessionTTL``; Streamlit's default is 120): a closed tab's session
state is dropped within ``SESSION_TTL_S + SWEEP_S`` seconds."""
MALLOC_ARENAS = "2"
"""glibc arenas (``MALLOC_ARENA_MAX``) set by ``taghtia run`` when not already set."""
MALLOC_MMAP_BYTES = "65536"
"""Blocks from this size are mapped on their own (glibc's ``MALLOC_MMAP_THRESHOLD_``, set by
``taghtia run`` when not already set). glibc's default starts at 128 KB and rises with
every larger block freed, up to 32 MB: the arrays of a page's run then came from the heap,
whose freed pages stayed split between what was still in use. Ten sessions at once peaked
at 445-467 MB with the default, 426 MB with this (``make bench``, "10 sessions")."""
THREAD_NAME = "taghtia-memory"

_started = threading.Event()


def _malloc_trim():
    """glibc's ``malloc_trim``, or None on another C library."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def expire_closed_sessions() -> int:
    """Shut down the disconnected sessions whose time to reconnect has passed (their
    session state, uploaded files and media go with them); how many (0 when Streamlit's
    session storage is not the in-memory one).

    Threading: call on Streamlit's event loop (the session manager is not thread-safe).
    """
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return 0
    manager = getattr(Runtime.instance(), "_session_mgr", None)
    storage = getattr(manager, "_session_storage", None)
    cache = getattr(storage, "_cache", None)
    expire = getattr(cache, "expire", None)
    if expire is None:
        return 0
    lock = getattr(manager, "_storage_lock", None) or threading.Lock()
    with lock:
        removed = expire()
    for _, info in removed:
        session = getattr(info, "session", None)
        if session is not None:
            session.shutdown()
    _drop_orphan_uploads(manager, cache)
    return len(removed)


def _drop_orphan_uploads(manager, cache) -> None:
    """Uploaded files of sessions neither connected nor kept for reconnection: Streamlit
    drops an expired session without shutting it down when another one disconnects, and
    its uploaded files then stay in memory."""
    from streamlit.runtime import Runtime

    uploads = getattr(Runtime.instance(), "_uploaded_file_mgr", None)
    stored = getattr(uploads, "file_storage", None)
    active = getattr(manager, "_active_session_info_by_id", None)
    kept = getattr(cache, "_data", None)
    if stored is None or active is None or kept is None:
        return
    for session_id in [s for s in stored if s not in active and s not in kept]:
        uploads.remove_session_files(session_id)


def release_free_memory(trim=None) -> None:
    """Collect garbage, then hand free heap pages back to the system (glibc)."""
    gc.collect()
    trim = trim or _malloc_trim()
    if trim is not None:
        trim(0)


def _on_event_loop(callback) -> bool:
    """Run ``callback`` on Streamlit's event loop and wait for it; False when there is none."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return False
    objects = getattr(Runtime.instance(), "_async_objs", None)
    loop = getattr(objects, "eventloop", None)
    if loop is None or loop.is_closed():
        return False
    done = threading.Event()

    def run() -> None:
        try:
            callback()
        finally:
            done.set()

    loop.call_soon_threadsafe(run)
    return done.wait(timeout=SWEEP_S)


def _sweep_forever() -> None:
    trim = _malloc_trim()
    while True:
        time.sleep(SWEEP_S)
        try:
            _on_event_loop(expire_closed_sessions)
            release_free_memory(trim)
        except Exception:  # best effort: the server runs on without it
            continue


def start() -> None:
    """Start the sweeping thread, once per process."""
    if _started.is_set():
        return
    _started.set()
    threading.Thread(target=_sweep_forever, name=THREAD_NAME, daemon=True).start()
