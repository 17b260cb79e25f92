"""Errors of the dataset store, each a one-line message a manager can act on."""

from __future__ import annotations

from loaders.errors import TaghtiaError


class StoreError(TaghtiaError):
    """The store cannot do what was asked (database unreachable, bad name, conflict)."""


class InvalidNameError(StoreError):
    """A dataset name that does not follow the naming rule."""


class UnknownDatasetError(StoreError):
    """No dataset (or no such version of a dataset) by that name."""

    def __init__(self, message: str, known: list[str] | None = None) -> None:
        self.known = list(known or [])
        listing = ", ".join(self.known) if self.known else "none yet (taghtia datasets import)"
        super().__init__(f"{message}; known datasets: {listing}")
