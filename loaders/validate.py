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
* Funding: ``amount_mad`` must be a number > 0 (French formats accepted) and ``year`` a whole
  number between 1956 and next year; a ``centre_id`` must be one of the accepted centres, and
  the grant takes that centre's commune; an unknown ``source`` becomes ``other`` with a warning.
* Issue rows are numbered as in the user's file (header = row 1 in a CSV or sheet; feature n
  = row n in a point layer). Issues about the file as a whole are on the header row.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from loaders.columns import (
    CENTRE_FIELDS,
    FUNDING_FIELDS,
    find_header,
)
from loaders.coordinates import coordinates as _coordinates
from loaders.errors import EmptyFileError, HeaderError
from loaders.fields import (
    cell_texts,
    centre_services,
    closed_years_of,
    optional_count,
    vocabulary_column,
    years_of,
)
from loaders.locate import locate
from loaders.messages import Message, table_kind
from loaders.numbers import (
    is_blank,
    parse_number,
)
from loaders.read import RawTable
from loaders.rows import ISSUE_COLUMNS, Issues, Table, cell_text

__all__ = [
    "ACCEPTED_CENTRE_COLUMNS",
    "ACCEPTED_FUNDING_COLUMNS",
    "ISSUE_COLUMNS",
    "LoadResult",
    "validate_centres",
    "validate_funding",
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
    names = cell_texts(table, "name")
    name_header = table.header_of("name")
    for index, value in enumerate(names):
        if value is None:
            issues.error(index, name_header, "", Message("the centre name is empty"),
                         Message("give the centre's name"))
    types = vocabulary_column(table, issues, "centre_type", default=None, unknown="error")
    services = centre_services(table, issues)
    modes = vocabulary_column(table, issues, "management_mode", default=None,
                               unknown="warning")
    statuses = vocabulary_column(table, issues, "status", default="operating",
                                  unknown="error")
    opened = years_of(table, issues, "opened_year", 1900, error=False)
    closed = closed_years_of(table, issues, opened)
    capacity = optional_count(table, issues, "capacity")
    beneficiaries = optional_count(table, issues, "beneficiaries")
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
        "partner": cell_texts(table, "partner"),
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


# ---------------------------------------------------------------------------- funding


def validate_funding(raw: RawTable, *, centres: pd.DataFrame | None = None,
                     source_name: str = "",
                     column_map: Mapping[str, str] | None = None,
                     allow_empty: bool = False) -> LoadResult:
    """Validate and match one raw table of grants (see the module docstring).

    Raises ``EmptyFileError`` for a header without rows unless ``allow_empty``.
    """
    table, issues = _open_table(
        raw, "funding", FUNDING_FIELDS, column_map, ("amount_mad", "year"),
        (("amount_mad", "Montant (DH)"), ("year", "Année")),
        allow_centre_id=True, allow_empty=allow_empty)
    n = table.size
    years = years_of(table, issues, "year", FIRST_YEAR, error=True)
    amounts, amounts_read = _amounts(table, issues)
    sources = vocabulary_column(table, issues, "source", default="entraide_nationale",
                                 unknown="other")
    ids = cell_texts(table, "centre_id")
    latitude, longitude = _coordinates(table, issues)

    codes: list[str | None] = [None] * n
    methods: list[str | None] = [None] * n
    scores = [math.nan] * n
    centre_commune: dict[str, str] = {}
    if centres is not None and len(centres):
        centre_commune = dict(zip(centres["centre_id"].astype(str), centres["commune_code"],
                                  strict=True))
    has_location = _has_location(table, latitude, longitude)
    todo = np.zeros(n, dtype=bool)
    id_header = table.header_of("centre_id")
    for index, centre_id in enumerate(ids):
        if centre_id is not None and centre_id in centre_commune:
            codes[index], methods[index], scores[index] = (centre_commune[centre_id],
                                                           "centre_id", 100.0)
            continue
        if centre_id is not None:
            if centres is not None:
                problem = Message("centre_id {id} is not among the accepted centres",
                                  id=repr(centre_id))
                what = Message("check the id against the centres file (a centre rejected "
                               "there cannot receive grants)")
            else:
                problem = Message("centre_id {id} cannot be checked: no centres were loaded",
                                  id=repr(centre_id))
                what = Message("load the centres file together with the funding file")
            if has_location[index]:
                issues.warning(index, id_header, centre_id,
                               Message("{problem}; the grant was located by its own location",
                                       problem=problem), what)
            else:
                issues.error(index, id_header, centre_id, problem, what)
                continue
        todo[index] = True
    located = locate(table, issues, todo, latitude, longitude)
    for index in np.flatnonzero(todo):
        codes[index], methods[index], scores[index] = (located[0][index], located[1][index],
                                                       located[2][index])

    frame = pd.DataFrame({
        "row": pd.array(table.row_numbers, dtype="int64"),
        "centre_id": ids,
        "year": pd.array(years, dtype="Int64"),
        "amount_mad": amounts,
        "source": sources,
        "partner": cell_texts(table, "partner"),
        "purpose": cell_texts(table, "purpose"),
        "commune_code": codes,
        "match_method": methods,
        "match_score": np.asarray(scores, dtype=float),
    })
    outcome = frame[["row", "centre_id", "year"]].copy()
    outcome["amount_mad"] = amounts_read
    return _load_result(
        table, issues, frame, outcome, codes, methods,
        kind="funding", source_name=source_name, columns=ACCEPTED_FUNDING_COLUMNS,
        whole="year", texts=("source", "commune_code", "match_method"),
    )


def _has_location(table: Table, latitude: np.ndarray, longitude: np.ndarray) -> np.ndarray:
    present = np.isfinite(latitude) & np.isfinite(longitude)
    for field_name in ("commune_code", "commune"):
        if table.mapping.has(field_name):
            present |= np.fromiter((not is_blank(v) for v in table.column(field_name)),
                                   dtype=bool, count=table.size)
    return present


def _amounts(table: Table, issues: Issues) -> tuple[np.ndarray, np.ndarray]:
    """Accepted amounts (NaN where rejected) and every amount as read (for the report)."""
    header = table.header_of("amount_mad")
    values = np.full(table.size, np.nan)
    read = np.full(table.size, np.nan)
    what = Message("write a positive amount in dirhams, e.g. {example}", example="1 468 411,00")
    for index, cell in enumerate(table.column("amount_mad")):
        if is_blank(cell):
            issues.error(index, header, "", Message("the amount is empty"), what)
            continue
        try:
            value = parse_number(cell)
        except ValueError:
            issues.error(index, header, cell, Message("the amount {value} is not a number",
                                                      value=repr(cell_text(cell))), what)
            continue
        read[index] = value
        if not math.isfinite(value) or value <= 0:
            problem = (Message("the amount is negative") if value < 0 else
                       Message("the amount is zero") if value == 0 else
                       Message("the amount is not a number"))
            issues.error(index, header, cell, problem, what)
            continue
        values[index] = value
    return values, read
