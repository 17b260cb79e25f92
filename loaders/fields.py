"""One column of a table read cell by cell: counts, vocabulary keys, years, services, texts.

Shared by the validation of centres and grants (:mod:`loaders.validate`): each function
returns the column's values (None where a cell is empty or refused) and writes a warning or
an error per cell it cannot use into the table's :class:`~loaders.rows.Issues`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from loaders.columns import vocabulary
from loaders.messages import Message
from loaders.numbers import is_blank, parse_integer, parse_year
from loaders.rows import Issues, Table, cell_text

__all__ = [
    "MAX_COUNT",
    "MAX_SERVICES",
    "cell_texts",
    "centre_services",
    "closed_years_of",
    "latest_year",
    "optional_count",
    "parsed_cells",
    "vocabulary_column",
    "years_of",
]


#: Largest plausible capacity or number of beneficiaries of one centre.
MAX_COUNT = 10_000_000
#: Largest plausible number of services offered at one centre.
MAX_SERVICES = 1_000


def latest_year() -> int:
    """The latest plausible year in a file: next year (budgets are voted ahead)."""
    return date.today().year + 1


def parsed_cells(
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


def optional_count(table: Table, issues: Issues, field_name: str) -> list[int | None]:
    """Whole numbers from 0 to :data:`MAX_COUNT` (capacity, beneficiaries); others left
    empty with a warning."""
    if not table.mapping.has(field_name):
        return [None] * table.size
    header = table.header_of(field_name)
    out: list[int | None] = []
    for index, cell, value in parsed_cells(table, field_name, parse_integer):
        if value is not None and not 0 <= value <= MAX_COUNT:
            issues.warning(index, header, cell,
                           Message("{field} is not a whole number between 0 and {max}; left "
                                   "empty", field=field_name, max=format(MAX_COUNT, ",")),
                           Message("write a whole number, or leave the cell empty"))
            value = None
        out.append(value)
    return out


def vocabulary_column(table: Table, issues: Issues, field_name: str, *,
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


def cell_texts(table: Table, field_name: str) -> list[str | None]:
    """The column's cells as the user typed them (None where empty)."""
    return [cell_text(cell) for cell in table.column(field_name)]


def centre_services(table: Table, issues: Issues) -> list[int]:
    """Services offered per centre (1 when the column or the cell is empty)."""
    if not table.mapping.has("services"):
        return [1] * table.size
    header = table.header_of("services")
    out: list[int] = []
    for index, cell, value in parsed_cells(table, "services", parse_integer):
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


def years_of(table: Table, issues: Issues, field_name: str, first: int, *,
             error: bool) -> list[int | None]:
    """Years of a column from ``first`` to next year; an empty or implausible cell is an
    error when ``error`` (the grants' year), else a warning and left empty."""
    if not table.mapping.has(field_name) and not error:
        return [None] * table.size
    header = table.header_of(field_name)
    latest = latest_year()
    out: list[int | None] = []
    for index, cell, value in parsed_cells(table, field_name, parse_year):
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


def closed_years_of(table: Table, issues: Issues,
                    opened: list[int | None]) -> list[int | None]:
    """``closed_year`` read like ``opened_year``; a year before the opening year is a
    warning and left empty (the row is kept)."""
    closed = years_of(table, issues, "closed_year", 1900, error=False)
    for index, (first, last) in enumerate(zip(opened, closed, strict=True)):
        if first is not None and last is not None and last < first:
            issues.warning(index, table.header_of("closed_year"), str(last),
                           Message("closed_year {last} is before opened_year {first}; left "
                                   "empty", last=last, first=first),
                           Message("write the year the centre closed, not before the year it "
                                   "opened"))
            closed[index] = None
    return closed
