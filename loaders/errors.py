"""Typed errors raised when a file cannot be read at all.

A bad *row* never raises: it becomes a line of the validation report. These errors are for
files that cannot be used, and their message is one line a manager can act on.
"""

from __future__ import annotations


class TaghtiaError(Exception):
    """Base class of every error Taghtia reports to a user in one line.

    The message is kept on one line whatever it quotes from a file (a header with a line
    break, a value with control characters): line breaks become spaces and control
    characters are removed. ``str(error)`` is English; ``error.message`` keeps the
    :class:`loaders.messages.Message` (template and values) the app translates.
    """

    def __init__(self, message: object = "", *args: object) -> None:
        from loaders.safe_text import terminal_text

        super().__init__(terminal_text(message), *args)
        self.message = message
        """What was raised: a :class:`loaders.messages.Message` (translated by the app) or
        plain text."""

    def __reduce__(self):  # the message, not only its English text, crosses processes
        return (_rebuilt, (type(self), self.args, self.__dict__))


def _rebuilt(kind: type[TaghtiaError], args: tuple, state: dict) -> TaghtiaError:
    """An error as pickled: its arguments and attributes, without calling ``__init__``."""
    error = kind.__new__(kind)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class FileReadError(TaghtiaError):
    """The file cannot be read at all (empty, unknown format, corrupt)."""


class UnsupportedFormatError(FileReadError):
    """The file's format is not one Taghtia reads."""


class EmptyFileError(FileReadError):
    """The file holds no data rows."""


class HeaderError(FileReadError):
    """No recognisable header: the columns Taghtia needs cannot be found."""


class UsageError(TaghtiaError):
    """An option given to a command is not valid (unknown field, unsupported output)."""


class LimitError(FileReadError):
    """The file is larger or more complex than Taghtia reads; the message names the limit
    and the environment variable that raises it."""


class FileTimeoutError(FileReadError):
    """Reading the file took longer than the time allowed to one file."""


class FileMemoryError(FileReadError):
    """Reading the file needed more memory than one file is allowed."""
