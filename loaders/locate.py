"""Where a row is: commune code, then point, then commune name (the matching cascade).

A location is searched in order of trust: commune code, then point, then commune name. When a
more trusted location is given but unusable (unknown code, point outside Morocco), the next
one is used and the failure becomes a warning; a row is rejected only when no location works.
When a code and a point both work but disagree, the code is kept and the distance from the
point to the code's commune is reported (km, ``geodata.METRIC_CRS``); a commune or province
name that contradicts a working code is reported the same way. The lookups themselves are
in :mod:`loaders.match`.
"""

from __future__ import annotations

import math

import numpy as np

from loaders.match import match_codes, match_names, match_points, reference
from loaders.messages import Message
from loaders.numbers import is_blank
from loaders.rows import Issues, Table, cell_text

__all__ = ["LOCATION_HINT", "locate"]

LOCATION_HINT = Message("give a commune code ({a}), coordinates (latitude, longitude) or a "
                        "commune name", a="05.301.01.01")


def locate(table: Table, issues: Issues, todo: np.ndarray,
            latitude: np.ndarray, longitude: np.ndarray) -> tuple[list, list, list]:
    """Commune code, method and score of each row where ``todo`` is set."""
    n = table.size
    codes: list[str | None] = [None] * n
    methods: list[str | None] = [None] * n
    scores = [math.nan] * n
    code_cells = table.column("commune_code")
    code_header = table.header_of("commune_code")
    point_header = f"{table.header_of('latitude')}/{table.header_of('longitude')}"
    name_header = table.header_of("commune")
    code_results = match_codes([c if todo[i] else None for i, c in enumerate(code_cells)])
    has_point = todo & np.isfinite(latitude) & np.isfinite(longitude)
    point_results = match_points(np.where(has_point, latitude, np.nan),
                                 np.where(has_point, longitude, np.nan))
    failures: dict[int, list[tuple[str, object, str, str]]] = {}

    def failed(index: int, column: str, value: object, problem: str, what: str) -> None:
        failures.setdefault(index, []).append((column, value, problem, what))

    need_name = np.zeros(n, dtype=bool)
    disagree: list[int] = []
    for index in np.flatnonzero(todo):
        found_code, found_point = code_results[index], point_results[index]
        point_text = (f"{latitude[index]:g}, {longitude[index]:g}"
                      if has_point[index] else None)
        if found_code is not None and found_code.code is not None:
            codes[index], methods[index], scores[index] = found_code.code, "code", 100.0
            if found_code.warning:
                issues.warning(index, code_header, code_cells[index], found_code.warning)
            if found_point is not None:
                if found_point.code is None:
                    issues.warning(index, point_header, point_text,
                                   Message("{problem}; the commune code was used",
                                           problem=found_point.error),
                                   found_point.what_to_do or "")
                elif found_point.code != found_code.code:
                    disagree.append(index)
            continue
        if found_code is not None:
            failed(index, code_header, code_cells[index], found_code.error or "",
                   found_code.what_to_do or "")
        if found_point is not None and found_point.code is not None:
            codes[index], methods[index], scores[index] = found_point.code, "point", 100.0
            if found_point.warning:
                issues.warning(index, point_header, point_text, found_point.warning)
            for column, value, problem, _ in failures.pop(index, []):
                issues.warning(index, column, value,
                               Message("{problem}; the point was used instead", problem=problem))
            continue
        if found_point is not None:
            failed(index, point_header, point_text, found_point.error or "",
                   found_point.what_to_do or "")
        need_name[index] = True

    _names_against_codes(table, issues, todo, codes, methods)
    if disagree:
        ref = reference()
        rows = np.asarray(disagree)
        km = ref.distance_km([codes[i] for i in disagree], latitude[rows], longitude[rows])
        for index, kilometres in zip(disagree, km, strict=True):
            point_code = point_results[index].code
            issues.warning(
                index, point_header, f"{latitude[index]:g}, {longitude[index]:g}",
                Message("the point lies in {point}, {km} km from commune {code} given by the "
                        "code; the code was kept", point=ref.short_label[point_code],
                        km=format(kilometres, ".1f"), code=ref.short_label[codes[index]]),
                Message("check the code or the coordinates"),
            )

    name_cells = table.column("commune")
    province_cells = table.column("province")
    name_rows = np.flatnonzero(need_name)
    name_results = match_names(
        [cell_text(name_cells[i]) for i in name_rows],
        [cell_text(province_cells[i]) for i in name_rows],
    )
    for index, found in zip(name_rows, name_results, strict=True):
        if found is not None and found.code is not None:
            codes[index], methods[index], scores[index] = found.code, found.method, found.score
            if found.warning:
                issues.warning(index, name_header, name_cells[index], found.warning)
            for column, value, problem, _ in failures.get(index, []):
                issues.warning(index, column, value,
                               Message("{problem}; the commune name was used instead",
                                       problem=problem))
            continue
        if found is not None:
            failed(index, name_header, name_cells[index], found.error or "",
                   found.what_to_do or "")
        reasons = failures.get(index)
        if not reasons:
            issues.error(index, "location", "", Message("no location"), LOCATION_HINT)
            continue
        for column, value, problem, what in reasons:
            issues.error(index, column, value, problem, what)
    return codes, methods, scores


def _names_against_codes(table: Table, issues: Issues, todo: np.ndarray,
                               codes: list[str | None], methods: list[str | None]) -> None:
    """Warn when a commune or province name given next to a working code says otherwise."""
    ref = reference()
    if table.mapping.has("province"):
        header = table.header_of("province")
        for index, cell in enumerate(table.column("province")):
            if not todo[index] or methods[index] != "code" or is_blank(cell):
                continue
            province = ref.lookup_province(cell_text(cell))
            if province and province != ref.province_of[codes[index]]:
                actual = ref.province_of[codes[index]]
                issues.warning(index, header, cell,
                               Message("the province is {given}, but commune {commune} of the "
                                       "code is in {actual}; the code was kept",
                                       given=ref.province_names[province],
                                       commune=ref.short_label[codes[index]],
                                       actual=ref.province_names.get(actual, actual)),
                               Message("check the code or the province"))
    if not table.mapping.has("commune"):
        return
    header = table.header_of("commune")
    for index, cell in enumerate(table.column("commune")):
        if not todo[index] or methods[index] != "code" or is_blank(cell):
            continue
        named = ref.communes_named(cell_text(cell))
        if named and codes[index] not in named:
            places = ", ".join(sorted(ref.short_label[code] for code in named))
            issues.warning(index, header, cell,
                           Message("the commune name is {places}, not the commune of the code "
                                   "({commune}); the code was kept", places=places,
                                   commune=ref.short_label[codes[index]]),
                           Message("check the code or the commune name"))
