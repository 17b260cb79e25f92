"""The loaders' and the store's messages in the page's language.

A file error, a validation issue (``problem``, ``what_to_do``) and a row report's messages are
:class:`loaders.messages.Message` objects: English text that keeps its template (the catalogs'
message id) and its values. :func:`dashboard.i18n.message_text` translates one (and
``error_text`` an error); this module applies it to an issues table and a row report. Text
that is not a message (a report stored by an older version, in English) is shown as it is.
"""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import message_text
from dashboard.i18n.labels import (
    COLUMNS,
    ISSUE_SEVERITIES,
    MATCH_METHODS,
    ROW_OUTCOMES,
    label_of,
)
from loaders.messages import MESSAGE_COLUMNS, Message

__all__ = ["issues_in", "report_in"]


def issues_in(issues: pd.DataFrame, lang: str, *, severity: bool = True) -> pd.DataFrame:
    """A copy of an issues table with ``problem`` and ``what_to_do`` (and, unless
    ``severity`` is false, ``severity``) in ``lang``."""
    if issues.empty:
        return issues
    out = issues.copy()
    done: dict[str, str] = {}  # a message repeated on many rows is translated once
    for column in MESSAGE_COLUMNS:
        if column in out:
            out[column] = [done.setdefault(v, message_text(v, lang)) if isinstance(v, Message)
                           else v for v in out[column]]
    if severity and "severity" in out:
        out["severity"] = [label_of(ISSUE_SEVERITIES, v, lang) for v in out["severity"]]
    return out


def report_in(result, lang: str) -> pd.DataFrame:
    """A ``LoadResult``'s row-by-row report in ``lang``: its headers, each row's outcome
    (accepted, rejected), how it was matched to its commune and its messages."""
    report = result.report(issues=issues_in(result.issues, lang))
    for column, labels in (("status", ROW_OUTCOMES), ("match_method", MATCH_METHODS)):
        if column in report:
            words = {value: label_of(labels, value, lang) for value in report[column].unique()
                     if value is not None and value == value}
            report[column] = report[column].map(words)
    return report.rename(columns={column: label_of(COLUMNS, column, lang)
                                  for column in report.columns})
