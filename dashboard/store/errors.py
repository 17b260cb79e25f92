"""Errors of the dataset store, each a one-line message a manager can act on."""

from __future__ import annotations

from loaders.errors import TaghtiaError
from loaders.messages import N_, Message

__all__ = ["N_", "InvalidNameError", "StoreError", "UnknownDatasetError"]


class StoreError(TaghtiaError):
    """The store cannot do what was asked (database unreachable, bad name, conflict).

    Its message is a :class:`loaders.messages.Message` (English template and values, the
    catalogs translate it where it is shown: :func:`dashboard.i18n.error_text`).
    """

    def __init__(self, message: object = "", *args: object, key: str | None = None,
                 **params: object) -> None:
        # ``key``/``params``: the message's template and values given apart (the same as
        # ``Message(key, **params)``)
        super().__init__(Message(key, **params) if key else message, *args)

    @property
    def key(self) -> str | None:
        """The message's English template (its id in the catalogs), None for plain text."""
        return self.message.template if isinstance(self.message, Message) else None

    @property
    def params(self) -> dict[str, object]:
        """The values of the message's ``{placeholders}``."""
        return self.message.values if isinstance(self.message, Message) else {}

    @classmethod
    def of(cls, template: str, **params: object) -> StoreError:
        """The error whose message is ``template`` (English, marked with :func:`N_`) filled
        with ``params``."""
        return cls(Message(template, **params))


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
