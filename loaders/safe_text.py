"""Text from users' files made safe to show: control characters removed.

A cell or a header may hold anything: NUL, the escape sequences that recolour or rewrite a
terminal (``ESC [ 2 J``), C1 controls. :func:`strip_controls` removes C0 and C1 control
characters (and DEL) before a text is written to a spreadsheet; :func:`terminal_text` also
turns line breaks and tabs into spaces, so that a value printed by the command line stays on
its line. Letters, digits, punctuation and bidirectional marks (Arabic text) are kept.
"""

from __future__ import annotations

import re

__all__ = ["strip_controls", "terminal_text"]

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BREAKS = re.compile("[\t\n]+")


def strip_controls(text: str) -> str:
    """``text`` without C0/C1 control characters, tab and line feed excepted."""
    return _CONTROLS.sub("", text)


def terminal_text(value: object) -> str:
    """``str(value)`` safe to print on a terminal: no control character, one line."""
    return _BREAKS.sub(" ", strip_controls(str(value)))
