"""Errors of the dataset store, each a one-line message a manager can act on."""

from __future__ import annotations

from loaders.errors import TaghtiaError


class StoreError(TaghtiaError):
    """The store cannot do what was asked (database unreachable, bad name, conflict).

    Attributes
    ----------
    key : str or None
        Message id of the interface strings, when the error has a translated line
        (``dashboard.i18n.t(key, lang, **params)``); None: the English message only.
    params : dict
        The values of that line.
    """

    def __init__(self, message: object = "", *args: object, key: str | None = None,
                 **params: object) -> None:
        super().__init__(message, *args)
        self.key = key
        self.params = params


class InvalidNameError(StoreError):
    """A dataset name that does not follow the naming rule."""


class UnknownDatasetError(StoreError):
    """No dataset (or no such version of a dataset) by that name."""

    def __init__(self, message: str, known: list[str] | None = None) -> None:
        self.known = list(known or [])
        listing = ", ".join(self.known) if self.known else "none yet (taghtia datasets import)"
        super().__init__(f"{message}; known datasets: {listing}")
