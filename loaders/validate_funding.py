"""Grants: from a raw table to validated, matched grants and an issues table.

``amount_mad`` must be a number > 0 (French formats accepted) and ``year`` a whole number
between 1956 and next year; a ``centre_id`` must be one of the accepted centres, and the grant
takes that centre's commune; else the grant is located by its own commune code, point or
name. An unknown ``source`` becomes ``other`` with a warning. The table handling, issues and
result are :mod:`loaders.validate`'s, shared with the centres.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from loaders.columns import FUNDING_FIELDS
from loaders.coordinates import coordinates as _coordinates
from loaders.locate import locate
from loaders.messages import Message
from loaders.numbers import is_blank, parse_number
from loaders.read import RawTable
from loaders.rows import Issues, Table, cell_text
from loaders.validate import (
    ACCEPTED_FUNDING_COLUMNS,
    FIRST_YEAR,
    LoadResult,
    _load_result,
    _open_table,
    _texts,
    _vocabulary_column,
    _years,
)

__all__ = ["validate_funding"]


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
    years = _years(table, issues, "year", FIRST_YEAR, error=True)
    amounts, amounts_read = _amounts(table, issues)
    sources = _vocabulary_column(table, issues, "source", default="entraide_nationale",
                                 unknown="other")
    ids = _texts(table, "centre_id")
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
        "partner": _texts(table, "partner"),
        "purpose": _texts(table, "purpose"),
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
