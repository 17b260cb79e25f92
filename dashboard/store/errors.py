"""Errors of the dataset store, each a one-line message a manager can act on."""

from __future__ import annotations

from loaders.errors import TaghtiaError


def N_(message: str) -> str:  # noqa: N802 (gettext's name for a marker: `make messages`)
    """Mark ``message`` for extraction into the catalogs (``dashboard.i18n``)."""
    return message


class StoreError(TaghtiaError):
    """The store cannot do what was asked (database unreachable, bad name, conflict).

    Attributes
    ----------
    key : str or None
        The English template of a message the catalogs translate
        (``dashboard.i18n.t(key, lang, **params)``, :func:`dashboard.i18n.error_text`);
        None: the English message only.
    params : dict
        The values of its ``{placeholders}``.
    """

    def __init__(self, message: object = "", *args: object, key: str | None = None,
                 **params: object) -> None:
        super().__init__(message, *args)
        self.key = key
        self.params = params

    @classmethod
    def of(cls, template: str, **params: object) -> StoreError:
        """The error whose message is ``template`` (English, marked with :func:`N_`) filled
        with ``params``, translated by the catalogs where it is shown."""
        return cls(template.format(**params), key=template, **params)


class InvalidNameError(StoreError):
    """A dataset name that does not follow the naming rule."""


class UnknownDatasetError(StoreError):
    """No dataset (or no such version of a dataset) by that name."""

    def __init__(self, message: str, known: list[str] | None = None) -> None:
        self.known = list(known or [])
        listing = ", ".join(self.known) if self.known else "none yet (taghtia datasets import)"
        super().__init__(f"{message}; known datasets: {listing}")
