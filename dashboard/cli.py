"""The ``taghtia`` command: one entry point, one module per sub-command.

Every sub-command lives in ``dashboard/commands/<name>.py`` and exposes
``register(subparsers)``, which adds its parser and sets ``handler`` to a function taking the
parsed arguments and returning an exit code. Errors a user can fix are printed as one line
and exit with status 2; no traceback reaches the terminal. Anything unexpected is one line
too ("Something went wrong; nothing was changed. Details were written to …"), exit status
3, and its traceback is appended to ``errors.log`` in ``logs`` under Taghtia's home
(``TAGHTIA_HOME``, else the user data folder: see :mod:`dashboard.store.config`), or in the
system's temporary folder when that one cannot be written.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
import tempfile
import traceback
import warnings
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from loaders.errors import TaghtiaError
from loaders.safe_text import TerminalStream, terminal_text

COMMAND_MODULES: tuple[str, ...] = (
    "run",
    "validate",
    "indicators",
    "trend",
    "underserved",
    "access",
    "plan",
    "demo",
    "report",
    "map",
    "compare",
    "partners",
    "datasets",
    "registry",
)


def log_folder() -> Path:
    """Folder of the command's error log: ``logs`` in Taghtia's home."""
    from dashboard.store.config import taghtia_home

    return taghtia_home() / "logs"


def _log_folders() -> list[Path]:
    """Where to write the error log, in order of preference."""
    fallback = Path(tempfile.gettempdir()) / "taghtia-logs"
    try:
        return [log_folder(), fallback]
    except Exception:  # the home cannot be found: the temporary folder still can
        return [fallback]


def _write_log(argv: Sequence[str]) -> Path | None:
    """Append the current exception's traceback to ``errors.log``; its path, or ``None``."""
    record = (f"--- {datetime.now(UTC).isoformat(timespec='seconds')} "
              f"taghtia {' '.join(argv)}\n{traceback.format_exc()}\n")
    for folder in _log_folders():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "errors.log"
            with path.open("a", encoding="utf-8") as log:
                log.write(record)
            return path
        except OSError:
            continue
    return None


class _OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"taghtia {self.prog.split()[-1]}: error: {message} (see --help)\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Parser for ``taghtia`` with every available sub-command registered, or only the
    sub-command ``only`` (its module alone is imported: ``taghtia run`` starts the server
    without importing what the other commands need)."""
    parser = _OneLineParser(
        prog="taghtia",
        description="Coverage, services and funding of Morocco's social-services network.",
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_OneLineParser
    )
    for name in (only,) if only in COMMAND_MODULES else COMMAND_MODULES:
        try:
            module = importlib.import_module(f"dashboard.commands.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"dashboard.commands.{name}":
                continue
            raise
        module.register(subparsers)
    return parser


@contextlib.contextmanager
def _quiet_libraries() -> Iterator[None]:
    """Warnings of the libraries (with their file paths) go to ``warnings.log`` beside the
    error log, never to the terminal."""
    def record(message, category, filename, lineno, file=None, line=None) -> None:
        for folder in _log_folders():
            with contextlib.suppress(OSError):
                folder.mkdir(parents=True, exist_ok=True)
                with (folder / "warnings.log").open("a", encoding="utf-8") as log:
                    log.write(f"{datetime.now(UTC).isoformat(timespec='seconds')} "
                              f"{filename}:{lineno}: {category.__name__}: {message}\n")
                return

    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = record
        yield


@contextlib.contextmanager
def _safe_terminal() -> Iterator[None]:
    """What the command prints, without control characters (:class:`TerminalStream`)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalStream(sys.stdout), TerminalStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``taghtia`` command line and return its exit status.

    0 on success, 2 for an error the user can fix (one line on stderr), 3 for anything
    unexpected (one line on stderr, the traceback in the error log), 130 on Ctrl-C.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    if getattr(args, "handler", None) is None:
        parser.print_help()
        return 2
    try:
        with _quiet_libraries(), _safe_terminal():
            return int(args.handler(args) or 0)
    except TaghtiaError as error:
        print(f"taghtia {args.command}: {terminal_text(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception:  # the boundary: no traceback reaches the terminal
        log = _write_log(argv)
        where = f"Details were written to {log}" if log else "Details could not be written"
        print(f"taghtia {args.command}: Something went wrong; nothing was changed. {where}",
              file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
