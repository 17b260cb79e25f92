"""``taghtia run``: start the dashboard (Streamlit), on the demo data or on given files."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from dashboard.commands.parsing import add_command, add_input_options, check_input_options
from dashboard.sources import ENV_CENTRES, ENV_DATASET, ENV_FUNDING
from loaders.errors import FileReadError

APP = Path(__file__).resolve().parent.parent / "app" / "streamlit_app.py"


LOOPBACK = ("127.0.0.1", "localhost", "::1")

# An element of at least this many bytes that a rerun leaves unchanged is sent as a
# reference to the copy the browser holds (Streamlit's default, 10 KB, re-sent the trend
# chart's 9 KB spec on every filter change)
MIN_CACHED_MESSAGE_BYTES = 1024


def streamlit_command(port: int, address: str = "127.0.0.1") -> list[str]:
    """The ``streamlit run`` command line (through :mod:`dashboard.app.serve`, which prepares
    the first page while the server starts): headless, no telemetry, static files served,
    error details never shown to the user, listening on ``address`` only, uploads refused
    above the loaders' ``TAGHTIA_MAX_UPLOAD_MB`` (the command line's limit too), unchanged
    elements from 1 KB sent as references to the browser's copy, and no forced garbage
    collection after each run."""
    from dashboard.app.memory import SESSION_TTL_S
    from loaders.limits import current

    command = [
        sys.executable, "-m", "dashboard.app.serve", "run", str(APP),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--server.enableStaticServing", "true",
        "--server.port", str(port),
        "--server.fileWatcherType", "none",
        "--global.developmentMode", "false",
        "--client.toolbarMode", "minimal",
        "--theme.base", "light",
        "--client.showErrorDetails", "none",
        "--server.address", address,
        "--server.maxUploadSize", str(current().upload_mb),
        "--server.disconnectedSessionTTL", str(SESSION_TTL_S),
        "--global.minCachedMessageSize", str(MIN_CACHED_MESSAGE_BYTES),
        # no full collection after every script run: with a few sessions open it took
        # 20-50 ms of each run's CPU; Python's own collections still run (serve.py keeps
        # the server's lasting objects out of them)
        "--runner.postScriptGC", "false",
    ]
    return command


def _existing(path: str | None, what: str) -> str | None:
    if path is None:
        return None
    file = Path(path).expanduser()
    if not file.is_file():
        raise FileReadError(f"{what} file not found: {file} — check the path and try again")
    return str(file.resolve())


def _check_stored(ref: str) -> None:
    """Fail now, in one line listing the known datasets, when ``ref`` is not stored."""
    from dashboard.store import open_store, parse_ref

    name, version = parse_ref(ref)
    open_store().version(name, version)


def handle(args: argparse.Namespace) -> int:
    """Start Streamlit in place of this process; Ctrl-C or SIGTERM stops it."""
    from dashboard.app.memory import MALLOC_ARENAS, MALLOC_MMAP_BYTES

    env = dict(os.environ)
    # glibc: a few heap arenas shared by the server's threads, not one per session thread,
    # so memory freed by one session serves the next, and large blocks mapped on their own,
    # given back when freed (see dashboard.app.memory)
    env.setdefault("MALLOC_ARENA_MAX", MALLOC_ARENAS)
    env.setdefault("MALLOC_MMAP_THRESHOLD_", MALLOC_MMAP_BYTES)
    # Arrow (pandas' strings) allocates from the same heap, which malloc_trim can shrink
    env.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    check_input_options(args)
    centres = _existing(args.centres, "centres")
    funding = _existing(args.funding, "funding")
    if args.dataset:
        _check_stored(args.dataset)
    for name, value in ((ENV_CENTRES, centres), (ENV_FUNDING, funding),
                        (ENV_DATASET, args.dataset)):
        env.pop(name, None)
        if value:
            env[name] = value
    print(f"Taghtia: open http://{args.address}:{args.port} (Ctrl-C to stop)", flush=True)
    if args.address not in LOOPBACK:
        print(f"Warning: listening on {args.address}, beyond this computer, with no access "
              "control: anyone on the network can read the registry. Put the app behind the "
              "reverse proxy of deploy/ (with a login) or use --address 127.0.0.1.",
              file=sys.stderr, flush=True)
    command = streamlit_command(args.port, args.address)
    # Streamlit replaces this process, so Ctrl-C and SIGTERM reach the server itself.
    os.execve(command[0], command, env)
    return 0  # not reached


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``taghtia run``."""
    parser = add_command(
        subparsers, "run", handle,
        help="start the dashboard in the browser",
        description="Start the Taghtia dashboard (Streamlit) on a stored dataset, on your "
        "own centres and funding files, or (by default) on the default stored dataset, else "
        "the embedded illustrative demo data. A link with ?dataset=NAME[@VERSION] opens any "
        "stored dataset.",
        epilog="example:\n  taghtia run\n"
        "  taghtia run --centres centres.xlsx --funding subventions.csv --port 8600\n"
        "  taghtia run --centres registre.xlsx    (grants from its financements sheet)\n"
        "  taghtia run --dataset khenifra",
    )
    add_input_options(parser)
    parser.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    parser.add_argument("--address", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this computer only; "
                        "0.0.0.0 opens the app to the network)")
