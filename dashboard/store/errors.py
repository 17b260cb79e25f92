"""Errors of the dataset store, each a one-line message a manager can act on."""

from __future__ import annotations

from loaders.errors import TaghtiaError
from loaders.messages import Message


class StoreError(TaghtiaError):
    """The store cannot do what was asked (database unreachable, bad name, conflict)."""


class InvalidNameError(StoreError):
    """A dataset name that does not follow the naming rule."""


class UnknownDatasetError(StoreError):
    """No dataset (or no such version of a dataset) by that name."""

    def __init__(self, message: Message, known: list[str] | None = None) -> None:
        self.known = list(known or [])
        if self.known:
            super().__init__(Message("{problem}; known datasets: {names}", problem=message,
                                     names=", ".join(self.known)))
        else:
            super().__init__(Message("{problem}; known datasets: none yet (taghtia datasets "
                                     "import)", problem=message))
