"""``taghtia run``: start the dashboard (Streamlit), on the demo data or on given files."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from dashboard.app.datasets import ENV_CENTRES, ENV_FUNDING
from dashboard.commands.indicators import add_command
from loaders.errors import FileReadError

APP = Path(__file__).resolve().parent.parent / "app" / "streamlit_app.py"


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def streamlit_command(port: int, address: str = "127.0.0.1") -> list[str]:
    """The ``streamlit run`` command line: headless, no telemetry, static files served,
    error details never shown to the user, listening on ``address`` only."""
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
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
    ]
    return command


def _existing(path: str | None, what: str) -> str | None:
    if path is None:
        return None
    file = Path(path).expanduser()
    if not file.is_file():
        raise FileReadError(f"{what} file not found: {file} — check the path and try again")
    return str(file.resolve())


def handle(args: argparse.Namespace) -> int:
    """Start Streamlit in place of this process; Ctrl-C or SIGTERM stops it."""
    env = dict(os.environ)
    centres = _existing(args.centres, "centres")
    funding = _existing(args.funding, "funding")
    if funding and not centres:
        raise FileReadError("--funding needs --centres (grants are matched to their centres)")
    env.pop(ENV_CENTRES, None)
    env.pop(ENV_FUNDING, None)
    if centres:
        env[ENV_CENTRES] = centres
    if funding:
        env[ENV_FUNDING] = funding
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
        description="Start the Taghtia dashboard (Streamlit) on the embedded illustrative "
        "demo data, or on your own centres and funding files.",
        epilog="example:\n  taghtia run\n"
        "  taghtia run --centres centres.xlsx --funding subventions.csv --port 8600",
    )
    parser.add_argument("--centres", metavar="FILE", help="centres file (CSV, XLSX, GeoJSON)")
    parser.add_argument("--funding", metavar="FILE", help="funding file (CSV, XLSX)")
    parser.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    parser.add_argument("--address", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this computer only; "
                        "0.0.0.0 opens the app to the network)")
