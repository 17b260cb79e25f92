"""Messages for people: an English template and its values, translated by the interface.

The loaders and the store describe a file they cannot read, a row they reject or a value they
read differently with a :class:`Message`: a ``str`` holding the English text (what the
command line prints, what a log or an older stored report holds) that also keeps its
``template`` (the gettext message id, ``str.format`` placeholders) and its ``values`` (the
user's data: codes, names, coordinates; or other messages). The app translates one with
``dashboard.i18n.message_text``: the template is looked up in the catalogs and the values are
put back unchanged, nested messages translated in turn. No regular expression maps English
back to a message.

A template is written once, where the message is made: ``Message("the amount is {kind}",
kind=...)``; ``make messages`` extracts it (``Message`` is one of the extraction keywords)
and its French and Arabic go in the catalogs (``dashboard/i18n/locale``). Parts of a
sentence that are themselves messages (``"{problem}; left empty"``) are values.

Reports stored as tables (the store's Parquet blobs) keep a message as JSON next to its text
(:func:`encode_frame`, :func:`decode_frame`); a table written before messages had ids holds
English text only, shown as it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MESSAGE_COLUMNS",
    "N_",
    "Message",
    "decode_frame",
    "encode_frame",
    "from_data",
    "joined",
    "table_kind",
    "to_data",
]

MESSAGE_COLUMNS: tuple[str, ...] = ("problem", "what_to_do")
"""Columns of an issues table that hold messages."""
_SUFFIX = "_message"


class Message(str):
    """English text made from ``template`` and ``values``; both kept for translation.

    Parameters
    ----------
    template : str
        English with ``{name}`` placeholders: the catalogs' message id.
    **values
        The placeholders' values: text as it is shown (a code, a name with its quotes), a
        number, or another :class:`Message`.
    """

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, /, **values: object) -> Message:
        text = template.format(**values) if values else template
        message = super().__new__(cls, text)
        message.template = template
        message.values = values
        return message

    def __reduce__(self):  # pickled as its template and values (the disk cache, workers)
        return (_rebuild, (self.template, self.values))

    def but(self, **values: object) -> Message:
        """The same message with some values replaced."""
        return Message(self.template, **{**self.values, **values})


def N_(template: str) -> str:  # noqa: N802 (gettext's name for a marker)
    """Mark a template kept in a table for extraction; :class:`Message` fills it later."""
    return template


TABLE_KINDS: dict[str, str] = {"centres": N_("centres"), "funding": N_("funding")}
"""The two kinds of table, as a message names them ("the centres table is empty")."""


def table_kind(what: str) -> Message | str:
    """The kind of table ``what`` as a message value (translated with the message)."""
    return Message(TABLE_KINDS[what]) if what in TABLE_KINDS else what


def _rebuild(template: str, values: dict[str, object]) -> Message:
    return Message(template, **values)


def joined(parts: Iterable[object]) -> str | None:
    """Messages joined as one ("first; second"), None when there is none."""
    result: str | None = None
    for part in parts:
        if not part:
            continue
        result = part if result is None else Message("{first}; {second}", first=result,
                                                     second=part)
    return result


def to_data(value: object) -> object:
    """A message as plain data (JSON-ready): ``{"m": template, "v": {name: value}}``."""
    if isinstance(value, Message):
        return {"m": value.template, "v": {k: to_data(v) for k, v in value.values.items()}}
    return value


def from_data(data: object) -> object:
    """The message (or value) :func:`to_data` gave ``data`` for."""
    if isinstance(data, Mapping) and "m" in data:
        return Message(str(data["m"]), **{k: from_data(v) for k, v in data.get("v", {}).items()})
    return data


def encode_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of an issues table with each message column's template and values kept as
    JSON in a ``<column>_message`` column (None where the cell is plain text)."""
    out = frame.copy()
    for column in MESSAGE_COLUMNS:
        if column in out:
            out[column + _SUFFIX] = [json.dumps(to_data(v), ensure_ascii=False)
                                     if isinstance(v, Message) else None for v in out[column]]
    return out


def decode_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The issues table :func:`encode_frame` was given: message cells made messages again
    and the JSON columns dropped. A table without them (stored by an older version) is
    returned as it is: its English text is what it shows."""
    import pandas as pd

    columns = [c for c in MESSAGE_COLUMNS if c + _SUFFIX in frame]
    if not columns:
        return frame
    out = frame.copy()
    for column in columns:  # object dtype: a str column would keep the English text only
        out[column] = pd.Series(
            [from_data(json.loads(data)) if isinstance(data, str) else text
             for text, data in zip(out[column], out[column + _SUFFIX], strict=True)],
            dtype=object, index=out.index)
    return out.drop(columns=[c + _SUFFIX for c in columns])
