"""From raw tables to validated, matched frames and an issues table.

Every data row read ends up in exactly one of two places: the ``accepted`` frame, or the
rejected rows (one or more ``error`` lines in ``issues``). ``warning`` lines explain what was
read in a way the user might not expect (a 2014 code cross-walked, a fuzzy name, swapped
coordinates, an unknown funding source read as ``other``…) without rejecting the row.

Rules that are not obvious:

* A location is searched in order of trust: commune code, then point, then commune name
  (the cascade is :func:`loaders.locate.locate`; the rows and issues, :mod:`loaders.rows`).
* Centres: ``name``, ``centre_type`` and a location are required; an unknown type or status is
  an error that lists the accepted values; an unknown management mode, an impossible
  ``opened_year``, a ``closed_year`` before the opening year or a bad
  ``capacity``/``beneficiaries`` is a warning and the value is left empty. A repeated
  ``centre_id`` rejects the later rows, naming the first. Without an id column, ids
  ``row-<n>`` are generated (one warning on the header row).
* Funding (:mod:`loaders.validate_funding`): ``amount_mad`` must be a number > 0 (French
  formats accepted) and ``year`` a whole number between 1956 and next year; a ``centre_id``
  must be one of the accepted centres, and the grant takes that centre's commune; an unknown
  ``source`` becomes ``other`` with a warning.
* Issue rows are numbered as in the user's file (header = row 1 in a CSV or sheet; feature n
  = row n in a point layer). Issues about the file as a whole are on the header row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from loaders.columns import (
    CENTRE_FIELDS,
    find_header,
    vocabulary,
)
from loaders.coordinates import coordinates as _coordinates
from loaders.errors import EmptyFileError, HeaderError
from loaders.locate import locate
from loaders.messages import Message, table_kind
from loaders.numbers import (
    is_blank,
    parse_integer,
    parse_year,
)
from loaders.read import RawTable
from loaders.rows import ISSUE_COLUMNS, Issues, Table, cell_text

__all__ = [
    "ACCEPTED_CENTRE_COLUMNS",
    "ACCEPTED_FUNDING_COLUMNS",
    "ISSUE_COLUMNS",
    "LoadResult",
    "validate_centres",
]

ACCEPTED_CENTRE_COLUMNS: tuple[str, ...] = (
    "row", "centre_id", "name", "centre_type", "services", "management_mode", "status",
    "partner", "opened_year", "closed_year", "capacity", "beneficiaries", "latitude",
    "longitude", "commune_code", "match_method", "match_score",
)
ACCEPTED_FUNDING_COLUMNS: tuple[str, ...] = (
    "row", "centre_id", "year", "amount_mad", "source", "partner", "purpose", "commune_code",
    "match_method", "match_score",
)
FIRST_YEAR = 1956


def _latest_year() -> int:
    return date.today().year + 1


# ---------------------------------------------------------------------------- result


@dataclass
class LoadResult:
    """Outcome of loading one table of centres or grants.

    Attributes
    ----------
    accepted : pandas.DataFrame
        One row per accepted row, canonical columns (see the package docstring).
    issues : pandas.DataFrame
        ``row, column, value, problem, what_to_do, severity``; ``severity`` is ``error``
        (the row is rejected) or ``warning``.
    rows_read : int
        Data rows read; ``len(accepted) + rejected_count == rows_read`` always.
    kind : str
        ``centres`` or ``funding``.
    source_name, sheet : str
        Where the rows came from.
    columns : dict
        Canonical field → header found in the file.
    """

    accepted: pd.DataFrame
    issues: pd.DataFrame
    rows_read: int
    kind: str = "centres"
    source_name: str = ""
    sheet: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    outcome: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    @property
    def rejected_count(self) -> int:
        """Number of rows rejected (each has at least one ``error`` issue)."""
        return self.rows_read - len(self.accepted)

    @property
    def warning_count(self) -> int:
        """Number of warning lines in :attr:`issues`."""
        return int((self.issues["severity"] == "warning").sum())

    def accepted_by_method(self) -> dict[str, int]:
        """Accepted rows per ``match_method``."""
        counts = self.accepted["match_method"].value_counts()
        return {str(method): int(count) for method, count in counts.items()}

    def summary(self) -> dict[str, Any]:
        """Figures for a short summary: rows read, accepted (per method), rejected, warnings."""
        return {
            "kind": self.kind,
            "source": self.source_name,
            "sheet": self.sheet,
            "rows_read": self.rows_read,
            "accepted": len(self.accepted),
            "accepted_by_method": self.accepted_by_method(),
            "rejected": self.rejected_count,
            "warnings": self.warning_count,
        }

    def report(self, issues: pd.DataFrame | None = None) -> pd.DataFrame:
        """One line per row read, with its status (``accepted``/``rejected``) and messages.

        Centres: ``row, centre_id, name, status, commune_code, match_method, match_score,
        messages``. Funding: ``row, centre_id, year, amount_mad, status, commune_code,
        match_method, match_score, messages``. ``issues`` replaces :attr:`issues` as the
        source of the messages (the same issues with their text translated, for the app).
        """
        issues = self.issues if issues is None else issues
        frame = self.outcome.copy()
        if issues.empty:
            frame["messages"] = ""
        else:
            text = issues.apply(_issue_message, axis=1)
            joined = text.groupby(issues["row"]).agg(" | ".join)
            frame["messages"] = frame["row"].map(joined).fillna("")
        return frame.reset_index(drop=True)


def _issue_message(issue: pd.Series) -> str:
    message = f"[{issue['severity']}] {issue['problem']}"
    if issue["what_to_do"]:
        message += f" → {issue['what_to_do']}"
    return message


def _prepare(raw: RawTable, fields: Sequence[str], column_map: Mapping[str, str] | None,
             what: str, required_any: Sequence[str]) -> Table:
    if not raw.rows:
        raise EmptyFileError(Message("the {what} table is empty", what=table_kind(what)))
    mapping = find_header(raw.rows, fields, column_map=column_map,
                          header_known=raw.header_known, required_any=required_any, what=what)
    data = raw.rows[mapping.header_index + 1:]
    numbers = raw.row_numbers[mapping.header_index + 1:]
    cells = {
        name: [row[position] if position < len(row) else None for row in data]
        for name, position in mapping.positions.items()
    }
    return Table(raw, mapping, list(numbers), cells, raw.row_numbers[mapping.header_index])


def _require(table: Table, what: str, fields: Sequence[tuple[str, str]]) -> None:
    for field_name, example in fields:
        if not table.mapping.has(field_name):
            raise HeaderError(Message(
                "the {what} table has no {field} column (e.g. {example}); add it, or map it "
                "with --map {field}=HEADER; the header has: {header}", what=table_kind(what),
                field=field_name, example=example, header=_header_text(table)))


def _require_location(table: Table, what: str, allow_centre_id: bool = False) -> None:
    has = table.mapping.has
    if has("commune_code") or has("commune") or (has("latitude") and has("longitude")):
        return
    if allow_centre_id and has("centre_id"):
        return
    if allow_centre_id:
        raise HeaderError(Message(
            "the {what} table has no location column: it needs a centre_id column, a commune "
            "code (Code commune), latitude and longitude, or a commune name (Commune); the "
            "header has: {header}", what=table_kind(what), header=_header_text(table)))
    raise HeaderError(Message(
        "the {what} table has no location column: it needs a commune code (Code commune), "
        "latitude and longitude, or a commune name (Commune); the header has: {header}",
        what=table_kind(what), header=_header_text(table)))


def _header_text(table: Table) -> str:
    return ", ".join(h for h in table.mapping.header if h)


# ---------------------------------------------------------------------------- fields


#: Largest plausible capacity or number of beneficiaries of one centre.
MAX_COUNT = 10_000_000
#: Largest plausible number of services offered at one centre.
MAX_SERVICES = 1_000


def _parsed_cells(
    table: Table, field_name: str, parse: Callable[[object], int | None]
) -> Iterator[tuple[int, object, int | None]]:
    """``(index, cell, value)`` for each cell of a column: ``parse(cell)``, ``None`` for an
    empty cell, -1 (out of every accepted range) for a cell that cannot be read."""
    for index, cell in enumerate(table.column(field_name)):
        try:
            value = parse(cell)
        except ValueError:
            value = -1
        yield index, cell, value


def _optional_count(table: Table, issues: Issues, field_name: str) -> list[int | None]:
    if not table.mapping.has(field_name):
        return [None] * table.size
    header = table.header_of(field_name)
    out: list[int | None] = []
    for index, cell, value in _parsed_cells(table, field_name, parse_integer):
        if value is not None and not 0 <= value <= MAX_COUNT:
            issues.warning(index, header, cell,
                           Message("{field} is not a whole number between 0 and {max}; left "
                                   "empty", field=field_name, max=format(MAX_COUNT, ",")),
                           Message("write a whole number, or leave the cell empty"))
            value = None
        out.append(value)
    return out


def _vocabulary_column(table: Table, issues: Issues, field_name: str, *,
                       default: str | None, unknown: str) -> list[str | None]:
    """Keys of a vocabulary column; ``unknown`` is ``error``, ``warning`` or a fallback key."""
    vocab = vocabulary(field_name)
    if not table.mapping.has(field_name) and (default is not None or unknown != "error"):
        return [default] * table.size
    header = table.header_of(field_name)
    out: list[str | None] = []
    for index, cell in enumerate(table.column(field_name)):
        if is_blank(cell):
            out.append(default)
            if default is None and unknown == "error":
                issues.error(index, header, cell,
                             Message("{field} is empty", field=field_name),
                             Message("use one of: {values}", values=vocab.accepted_values()))
            continue
        found = vocab.recognise(cell)
        if found.key is not None:
            if found.score < 100:
                issues.warning(index, header, cell,
                               Message("{field} {value} read as {key} (close spelling, score "
                                       "{score}/100)", field=field_name,
                                       value=repr(cell_text(cell)), key=repr(found.key),
                                       score=format(found.score, ".0f")))
            out.append(found.key)
            continue
        accepted = Message("use one of: {values}", values=vocab.accepted_values())
        value = repr(cell_text(cell))
        if unknown == "error":
            issues.error(index, header, cell,
                         Message("unknown {field} {value}", field=field_name, value=value),
                         accepted)
            out.append(None)
        elif unknown == "warning":
            issues.warning(index, header, cell,
                           Message("unknown {field} {value}; left empty", field=field_name,
                                   value=value), accepted)
            out.append(None)
        else:
            issues.warning(index, header, cell,
                           Message("unknown {field} {value}; counted as {key}",
                                   field=field_name, value=value, key=repr(unknown)), accepted)
            out.append(unknown)
    return out


def _texts(table: Table, field_name: str) -> list[str | None]:
    return [cell_text(cell) for cell in table.column(field_name)]


# ---------------------------------------------------------------------------- centres


def _require_rows(table: Table, what: str, allow_empty: bool) -> None:
    if table.size == 0 and not allow_empty:
        raise EmptyFileError(Message("the {what} table has a header but no data rows",
                                     what=table_kind(what)))


def _open_table(raw: RawTable, what: str, fields: Sequence[str],
                column_map: Mapping[str, str] | None, required_any: Sequence[str],
                required: Sequence[tuple[str, str]], *, allow_centre_id: bool,
                allow_empty: bool) -> tuple[Table, Issues]:
    """The table's data rows under its header, once every file-level check has passed, and
    the collector of its issues (a warning already for each duplicated column)."""
    table = _prepare(raw, fields, column_map, what, required_any)
    _require(table, what, required)
    _require_location(table, what, allow_centre_id=allow_centre_id)
    _require_rows(table, what, allow_empty)
    issues = Issues(table.row_numbers)
    for field_name, header in table.mapping.duplicates:
        issues.file_warning(table.header_row, header,
                            Message("second column for {field} ignored (the first one is used)",
                                    field=field_name))
    return table, issues


def _load_result(table: Table, issues: Issues, frame: pd.DataFrame,
                 outcome: pd.DataFrame, codes: Sequence[str | None],
                 methods: Sequence[str | None], *, kind: str, source_name: str,
                 columns: Sequence[str], whole: str, texts: Sequence[str]) -> LoadResult:
    """The :class:`LoadResult` of a validated table.

    ``frame`` holds every row read, located in ``codes`` by ``methods`` (with its
    ``match_score``); the accepted rows keep ``columns``, with ``whole`` as int64 and
    ``texts`` as str. ``outcome`` holds the report's leading columns, one row per row read;
    status and location (empty for a rejected row) are added to it.
    """
    rejected = issues.rejected
    accepted = frame[~rejected].reset_index(drop=True)
    accepted[whole] = accepted[whole].astype("int64")
    for column in texts:
        accepted[column] = accepted[column].astype(str)
    outcome["status"] = np.where(rejected, "rejected", "accepted")
    outcome["commune_code"] = [c if not r else None for c, r in zip(codes, rejected,
                                                                      strict=True)]
    outcome["match_method"] = [m if not r else None for m, r in zip(methods, rejected,
                                                                      strict=True)]
    outcome["match_score"] = np.where(rejected, np.nan, frame["match_score"])
    return LoadResult(
        accepted=accepted[list(columns)],
        issues=issues.frame(),
        rows_read=table.size,
        kind=kind,
        source_name=source_name,
        sheet=table.raw.sheet,
        columns={name: table.header_of(name) for name in table.mapping.positions},
        outcome=outcome,
    )


def validate_centres(raw: RawTable, *, source_name: str = "",
                     column_map: Mapping[str, str] | None = None,
                     allow_empty: bool = False) -> LoadResult:
    """Validate and match one raw table of centres (see the module docstring).

    Raises ``EmptyFileError`` for a header without rows unless ``allow_empty``.
    """
    table, issues = _open_table(
        raw, "centres", CENTRE_FIELDS, column_map,
        ("name", "centre_type", "commune_code", "commune", "latitude"),
        (("name", "Nom du centre"), ("centre_type", "Type")),
        allow_centre_id=False, allow_empty=allow_empty)
    n = table.size
    ids = _centre_ids(table, issues)
    names = _texts(table, "name")
    name_header = table.header_of("name")
    for index, value in enumerate(names):
        if value is None:
            issues.error(index, name_header, "", Message("the centre name is empty"),
                         Message("give the centre's name"))
    types = _vocabulary_column(table, issues, "centre_type", default=None, unknown="error")
    services = _services(table, issues)
    modes = _vocabulary_column(table, issues, "management_mode", default=None,
                               unknown="warning")
    statuses = _vocabulary_column(table, issues, "status", default="operating",
                                  unknown="error")
    opened = _years(table, issues, "opened_year", 1900, error=False)
    closed = _closed_years(table, issues, opened)
    capacity = _optional_count(table, issues, "capacity")
    beneficiaries = _optional_count(table, issues, "beneficiaries")
    latitude, longitude = _coordinates(table, issues)
    codes, methods, scores = locate(table, issues, np.ones(n, dtype=bool), latitude,
                                     longitude)

    frame = pd.DataFrame({
        "row": pd.array(table.row_numbers, dtype="int64"),
        "centre_id": ids,
        "name": names,
        "centre_type": types,
        "services": services,
        "management_mode": modes,
        "status": statuses,
        "partner": _texts(table, "partner"),
        "opened_year": pd.array(opened, dtype="Int64"),
        "closed_year": pd.array(closed, dtype="Int64"),
        "capacity": pd.array(capacity, dtype="Int64"),
        "beneficiaries": pd.array(beneficiaries, dtype="Int64"),
        "latitude": latitude,
        "longitude": longitude,
        "commune_code": codes,
        "match_method": methods,
        "match_score": np.asarray(scores, dtype=float),
    })
    return _load_result(
        table, issues, frame, frame[["row", "centre_id", "name"]].copy(), codes, methods,
        kind="centres", source_name=source_name, columns=ACCEPTED_CENTRE_COLUMNS,
        whole="services",
        texts=("centre_id", "name", "centre_type", "status", "commune_code", "match_method"),
    )


def _centre_ids(table: Table, issues: Issues) -> list[str]:
    if not table.mapping.has("centre_id"):
        issues.file_warning(table.header_row, "centre_id",
                            Message("no centre_id column: ids row-<n> were generated from row "
                                    "numbers"),
                            Message("add an ID column so that grants can refer to centres"))
        return [f"row-{number}" for number in table.row_numbers]
    header = table.header_of("centre_id")
    ids: list[str] = []
    first_row: dict[str, int] = {}
    for index, cell in enumerate(table.column("centre_id")):
        text = cell_text(cell)
        if text is None:
            text = f"row-{table.row_numbers[index]}"
            issues.warning(index, header, "",
                           Message("centre_id is empty; {id} was generated", id=text),
                           Message("give every centre an id"))
        elif text in first_row:
            issues.error(index, header, cell,
                         Message("centre_id {id} already used on row {row}", id=repr(text),
                                 row=first_row[text]),
                         Message("give each centre its own id; remove the duplicated row"))
        else:
            first_row[text] = table.row_numbers[index]
        ids.append(text)
    return ids


def _services(table: Table, issues: Issues) -> list[int]:
    if not table.mapping.has("services"):
        return [1] * table.size
    header = table.header_of("services")
    out: list[int] = []
    for index, cell, value in _parsed_cells(table, "services", parse_integer):
        if value is None:
            value = 1
        elif not 0 <= value <= MAX_SERVICES:
            issues.error(index, header, cell,
                         Message("services must be a whole number between 0 and {max}",
                                 max=MAX_SERVICES),
                         Message("write the number of services offered (default 1)"))
            value = 0
        out.append(value)
    return out


def _years(table: Table, issues: Issues, field_name: str, first: int, *,
           error: bool) -> list[int | None]:
    if not table.mapping.has(field_name) and not error:
        return [None] * table.size
    header = table.header_of(field_name)
    latest = _latest_year()
    out: list[int | None] = []
    for index, cell, value in _parsed_cells(table, field_name, parse_year):
        if value is None:
            if error:
                issues.error(index, header, "", Message("{field} is empty", field=field_name),
                             Message("write a year between {first} and {last}", first=first,
                                     last=latest))
            out.append(None)
            continue
        if not first <= value <= latest:
            problem = Message("{field} {value} is not a plausible year", field=field_name,
                              value=repr(cell_text(cell)))
            what = Message("write a year between {first} and {last}", first=first, last=latest)
            if error:
                issues.error(index, header, cell, problem, what)
            else:
                issues.warning(index, header, cell,
                               Message("{problem}; left empty", problem=problem), what)
            value = None
        out.append(value)
    return out


def _closed_years(table: Table, issues: Issues,
                  opened: list[int | None]) -> list[int | None]:
    """``closed_year`` read like ``opened_year``; a year before the opening year is a
    warning and left empty (the row is kept)."""
    closed = _years(table, issues, "closed_year", 1900, error=False)
    for index, (first, last) in enumerate(zip(opened, closed, strict=True)):
        if first is not None and last is not None and last < first:
            issues.warning(index, table.header_of("closed_year"), str(last),
                           Message("closed_year {last} is before opened_year {first}; left "
                                   "empty", last=last, first=first),
                           Message("write the year the centre closed, not before the year it "
                                   "opened"))
            closed[index] = None
    return closed
