"""The territorial hierarchy: region > province > cercle > commune, and what a code designates.

The single owner of the four levels, their order, the column naming a row's unit of each
level, and the rules that turn a code as typed into a unit:

* Dotted HCP codes carry their level in their shape: ``03`` a region, ``03.561`` a province
  or préfecture, ``03.561.01`` a cercle (``<province>.01`` groups a province's urban
  communes), ``03.561.01.05`` a commune. The six split cities have commune codes of another
  shape (``01.511.01.0``); 9-digit and other digits-only forms (``035610105``) go through the
  reference table (:func:`normalise_code`).
* An arrondissement code (``06.141.01.01``) designates its city commune (``06.141.01.0``), and
  so does a code of one of the eight préfectures d'arrondissements of Casablanca
  (``06.141.01.00`` … ``06.141.01.70``): the reference geography stops at the commune.

Public API
----------
LEVELS, PARENT_LEVEL, CHILD_LEVEL, CODE_COLUMN
normalise_code(code)
    Dotted form of a code of the reference table, or None.
unit_code(code), city_of(code)
    The dotted code of the unit a code designates (arrondissements to their city).
level_of(code)
    The level of that unit.
territory_code(within, known)
    The same, for a territory that must be one of the known units.
units_within(frame, code)
    Rows of a table of units (of any level) lying inside a unit.
"""

from __future__ import annotations

import re
from collections.abc import Container
from functools import lru_cache

import pandas as pd

from geodata.tables import read_table

LEVELS: tuple[str, ...] = ("region", "province", "cercle", "commune")
"""The administrative levels, from the coarsest to the finest."""

PARENT_LEVEL: dict[str, str | None] = {
    "region": None,
    "province": "region",
    "cercle": "province",
    "commune": "cercle",
}
"""Level of the unit containing a unit of each level (None: Morocco)."""

CHILD_LEVEL: dict[str | None, str] = {
    None: "region",
    "region": "province",
    "province": "cercle",
    "cercle": "commune",
}
"""Level of the units one step below a unit of each level (None: Morocco)."""

CODE_COLUMN: dict[str, str] = {
    "region": "region_code",
    "province": "province_code",
    "cercle": "cercle_code",
    "commune": "code",
}
"""Column of a commune table (and of the coarser tables, where it exists) holding the code of
the row's unit of each level."""

CASABLANCA = "06.141.01.0"
"""The city commune of Casablanca, home of the préfectures d'arrondissements below."""

_CASABLANCA_PREFECTURE = re.compile(r"^06\.141\.01\.[0-7]0$")
# digits per dot-separated part of a dotted code: region, province, cercle, commune
_SHAPES: dict[tuple[int, ...], str] = {
    (2,): "region",
    (2, 3): "province",
    (2, 3, 2): "cercle",
    (2, 3, 2, 2): "commune",
    (2, 3, 2, 1): "commune",  # the six split cities: 01.511.01.0
}
ACCEPTED_CODES = ("the code of a region, province, cercle or commune "
                  "(dotted like 05.301 or 9-digit like 053010101)")
"""What a code may be, for messages: ``f"... must be {ACCEPTED_CODES}"``."""

__all__ = [
    "ACCEPTED_CODES",
    "CASABLANCA",
    "CHILD_LEVEL",
    "CODE_COLUMN",
    "LEVELS",
    "PARENT_LEVEL",
    "city_of",
    "level_of",
    "normalise_code",
    "territory_code",
    "unit_code",
    "units_within",
]


@lru_cache(maxsize=1)
def _code_table() -> dict[str, str]:
    table = read_table("codes")
    lookup: dict[str, str] = {}
    for code, digits in zip(table["code"], table["code_digits"], strict=True):
        lookup[code] = code
        lookup[digits] = code
    return lookup


def normalise_code(code: object) -> str | None:
    """Dotted HCP code for a dotted or digits-only code of any unit, or ``None``.

    The lookup goes through the reference table (HCP's ``code`` and ``code_digits``), not
    a pattern, because the six split cities have codes of another shape
    (``01.511.01.0`` = ``001511010``). Arrondissement codes are returned as they are;
    :func:`unit_code` gives their city.

    Parameters
    ----------
    code : object
        A code as typed in a file: ``"05.301.01.01"``, ``"053010101"``, ``53010101``
        (a number that lost its leading zero) or with stray spaces.

    Returns
    -------
    str or None
    """
    if code is None:
        return None
    text = str(code).strip().replace(" ", "")
    if text.endswith(".0") and text.replace(".", "").isdigit() and text.count(".") == 1:
        text = text[:-2]  # a spreadsheet number such as 53010101.0
    if not text:
        return None
    lookup = _code_table()
    if text in lookup:
        return lookup[text]
    if text.isdigit():
        for width in (9, 7, 5, 2):
            padded = text.zfill(width)
            if padded in lookup:
                return lookup[padded]
    return None


@lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    """Arrondissement code -> its city commune's code."""
    table = read_table("arrondissements")
    return dict(zip(table["code"], table["commune_code"], strict=True))


def city_of(code: str) -> str | None:
    """The city commune of an arrondissement or Casablanca préfecture code (dotted), else None.

    Examples: ``06.141.01.01`` (Anfa) and ``06.141.01.00`` (préfecture Casablanca-Anfa) give
    ``06.141.01.0`` (Casablanca); ``03.561.01.05`` gives None.
    """
    if _CASABLANCA_PREFECTURE.match(code):
        return CASABLANCA
    return _cities().get(code)


def _shape_level(code: str) -> str | None:
    parts = code.split(".")
    if not all(part.isdigit() for part in parts):
        return None
    return _SHAPES.get(tuple(len(part) for part in parts))


def _resolve(code: object) -> tuple[str, str]:
    """(dotted code, level) of the unit ``code`` designates; see :func:`unit_code`."""
    text = "" if code is None else str(code).strip()
    dotted = text if "." in text and _shape_level(text) else normalise_code(text)
    if dotted is None and _shape_level(text) == "region":
        dotted = text  # two digits: the dotted and digit forms of a region are the same
    if dotted is not None:
        dotted = city_of(dotted) or dotted
        level = _shape_level(dotted)
        if level is not None:
            return dotted, level
    raise ValueError(f"{text!r} is not {ACCEPTED_CODES}")


def unit_code(code: object) -> str:
    """Dotted code of the unit ``code`` designates.

    A dotted code of a region, province, cercle or commune is returned as it is (its shape
    says its level; whether the unit exists is for the caller's tables to say); a
    digits-only form goes through the reference table; an arrondissement or a Casablanca
    préfecture d'arrondissements gives its city commune.

    Raises
    ------
    ValueError
        If ``code`` has none of these forms.
    """
    return _resolve(code)[0]


def level_of(code: object) -> str:
    """Level of the unit ``code`` designates (see :func:`unit_code`), from its shape.

    ``"03"`` region, ``"03.561"`` province, ``"03.561.01"`` cercle, ``"03.561.01.05"`` and
    ``"01.511.01.0"`` commune; ``"035610105"`` commune (through :func:`normalise_code`);
    an arrondissement code is a commune (its city).

    Raises
    ------
    ValueError
        If ``code`` is not the code of a unit of one of the four levels.
    """
    return _resolve(code)[1]


def territory_code(within: object, known: Container[str]) -> str:
    """Dotted code of the territory ``within`` designates (see :func:`unit_code`), which
    must be one of the ``known`` unit codes.

    Raises
    ------
    ValueError
        ``within must be the code of a region, province, cercle or commune (...); got ...``
        when it is not.
    """
    try:
        code = unit_code(within)
    except ValueError:
        code = None
    if code is None or code not in known:
        raise ValueError(f"within must be {ACCEPTED_CODES}; got {within!r}")
    return code


def units_within(frame: pd.DataFrame, code: object | None) -> pd.DataFrame:
    """Rows of ``frame`` lying inside the unit ``code`` (the unit itself included).

    Parameters
    ----------
    frame : pandas.DataFrame
        A table of units of one level with a ``code`` column, and the columns of
        :data:`CODE_COLUMN` naming each row's units of coarser levels (the tables of
        :func:`geodata.load_units` and their attribute copies).
    code : object or None
        Any form :func:`unit_code` accepts; None is Morocco (every row).

    Returns
    -------
    pandas.DataFrame
        The matching rows, index kept; empty when ``frame`` is of a coarser level than the
        unit's, or the unit is not in it.
    """
    if code is None:
        return frame
    dotted, level = _resolve(code)
    column = CODE_COLUMN[level]
    if column not in frame.columns:  # a table of the unit's own level (or a coarser one)
        column = "code"
    return frame[(frame[column] == dotted).to_numpy()]
