"""Text from users' files made safe to show: control characters removed.

A cell or a header may hold anything: NUL, the escape sequences that recolour or rewrite a
terminal (``ESC [ 2 J``), C1 controls. :func:`strip_controls` removes C0 and C1 control
characters (and DEL) before a text is written to a spreadsheet; :func:`terminal_text` also
turns line breaks and tabs into spaces, so that a value printed by the command line stays on
its line and also removes the explicit bidirectional embeddings, overrides and isolates
(U+202A–U+202E, U+2066–U+2069), with which a name such as a sheet's could show on a terminal
in another order than it is written. Letters, digits, punctuation and the bidirectional
marks of Arabic text (U+200E, U+200F, U+061C) are kept. :class:`TerminalStream` applies
:func:`terminal_text`'s rule to everything a command prints.
"""

from __future__ import annotations

import re
from typing import TextIO

__all__ = ["TerminalStream", "strip_controls", "terminal_text"]

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BREAKS = re.compile("[\t\n]+")
_DIRECTIONS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_PRINTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """``text`` without C0/C1 control characters, tab and line feed excepted."""
    return _CONTROLS.sub("", text)


def terminal_text(value: object) -> str:
    """``str(value)`` safe to print on a terminal: no control character, one line."""
    return _BREAKS.sub(" ", _DIRECTIONS.sub("", strip_controls(str(value))))


class TerminalStream:
    """A text stream that writes to ``stream`` without any control character (line feeds
    and tabs kept) nor explicit bidirectional formatting: what the command line prints goes
    through it, whatever it prints."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(_PRINTED.sub("", text))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self.stream, name)
