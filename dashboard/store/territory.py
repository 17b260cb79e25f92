"""The territory of a dataset: the regions or provinces it covers, and the rows outside it.

A territory is written ``CODE[,CODE…]`` with region codes (``03``) or province codes
(``03.561``), dotted or digits-only. It is kept with the dataset as its codes sorted and
comma-joined (``03.451,03.561``), and *claimed* province by province at the level of the
code that covers each province: a region claims its provinces at level ``region``, a
province itself at level ``province``. Two datasets may not claim one province at the same
level (the store refuses the second: :class:`TerritoryError`); a province claim beats a
region claim in the registry (the most specific wins).

Rows whose commune lies outside the territory are rejected when a version is stored
(:func:`restrict_inputs`), with the reason "outside the territory of NAME (CODE)".
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import pandas as pd

from dashboard.store.errors import N_, StoreError
from loaders.messages import Message

TERRITORY_LEVELS: tuple[str, ...] = ("region", "province")
"""The levels a territory code may have, coarsest first (a claim's specificity)."""

__all__ = [
    "TERRITORY_LEVELS",
    "TerritoryError",
    "claims_of",
    "format_territory",
    "inside",
    "parse_territory",
    "province_of",
    "restrict_inputs",
    "restrict_result",
]


class TerritoryError(StoreError):
    """A territory that is not valid, or that another dataset already claims."""


@lru_cache(maxsize=1)
def _provinces_by_region() -> dict[str, tuple[str, ...]]:
    import geodata

    provinces = geodata.load_attributes("province")
    found: dict[str, list[str]] = {}
    for code, region in zip(provinces["code"], provinces["region_code"], strict=True):
        found.setdefault(str(region), []).append(str(code))
    return {region: tuple(sorted(codes)) for region, codes in found.items()}


@lru_cache(maxsize=1)
def province_codes() -> tuple[str, ...]:
    """The 75 province (and préfecture) codes, sorted."""
    return tuple(sorted(c for codes in _provinces_by_region().values() for c in codes))


def province_of(commune_code: object) -> str | None:
    """Province code of a dotted commune (or cercle, or province) code: its first two parts
    (``03.561.01.05`` -> ``03.561``); None for a missing or malformed code."""
    if not isinstance(commune_code, str):
        return None
    parts = commune_code.split(".")
    return ".".join(parts[:2]) if len(parts) >= 2 else None


def _code_and_level(text: str) -> tuple[str, str] | None:
    from geodata.hierarchy import level_of, unit_code

    try:
        code, level = unit_code(text), level_of(text)
    except ValueError:
        return None
    if level == "region" and code in _provinces_by_region():
        return code, level
    if level == "province" and code in province_codes():
        return code, level
    return None


def parse_territory(text: object) -> tuple[str, ...]:
    """The codes of a territory written ``CODE[,CODE…]``, dotted, sorted, without repeats.

    Raises
    ------
    TerritoryError
        A code that is not a region or a province, an empty territory, or a province listed
        with its own region.
    """
    items = [item.strip() for item in str(text or "").split(",") if item.strip()]
    if not items:
        raise TerritoryError.of(
            N_("The territory is empty: give region or province codes, e.g. 03.561 or 03."))
    codes: dict[str, str] = {}
    for item in items:
        found = _code_and_level(item)
        if found is None:
            raise TerritoryError.of(
                N_("'{code}' is not the code of a region or a province (dotted like 03.561 "
                   "or 03, or 9-digit)."), code=item)
        codes[found[0]] = found[1]
    for code, level in codes.items():
        region = code.split(".")[0]
        if level == "province" and region in codes:
            raise TerritoryError.of(
                N_("The territory lists the province {code} and its region {region}: give "
                   "one of them."), code=code, region=region)
    return tuple(sorted(codes))


def format_territory(codes: tuple[str, ...] | list[str]) -> str:
    """Codes as stored and shown: sorted, comma-joined (``03.451,03.561``)."""
    return ",".join(sorted(codes))


def claims_of(codes: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Province -> level at which a territory claims it (``region`` or ``province``)."""
    claims: dict[str, str] = {}
    regions = _provinces_by_region()
    for code in codes:
        if "." in code:
            claims[code] = "province"
        else:
            claims.update({province: "region" for province in regions.get(code, ())})
    return claims


def inside(inner: tuple[str, ...] | list[str], outer: tuple[str, ...] | list[str]) -> bool:
    """True when every province of the territory ``inner`` lies in the territory ``outer``
    (both as codes; an empty ``inner``, a dataset without territory, lies nowhere)."""
    inner_provinces = set(claims_of(inner))
    return bool(inner_provinces) and inner_provinces <= set(claims_of(outer))


def restrict_result(result, name: str, codes: tuple[str, ...] | list[str]):
    """A :class:`loaders.validate.LoadResult` whose accepted rows outside the territory
    ``codes`` of dataset ``name`` are rejected (an ``error`` issue each, status ``rejected``
    in the row report); the same object when every row lies inside."""
    accepted = result.accepted
    if accepted.empty or "commune_code" not in accepted.columns:
        return result
    provinces = set(claims_of(codes))
    located = accepted["commune_code"].map(province_of)
    outside = ~located.isin(provinces).to_numpy()
    if not outside.any():
        return result
    rows = accepted.loc[outside, "row"].to_numpy()
    problem = Message("outside the territory of {name} ({territory})", name=name,
                      territory=format_territory(codes))
    what = Message("import this row into the dataset that covers its province")
    added = pd.DataFrame({
        "row": rows, "column": "commune_code",
        "value": accepted.loc[outside, "commune_code"].astype(str).to_numpy(),
        # object columns: the messages stay messages (translated by the app)
        "problem": pd.Series([problem] * len(rows), dtype=object),
        "what_to_do": pd.Series([what] * len(rows), dtype=object), "severity": "error"})
    issues = pd.concat([result.issues, added.astype(result.issues.dtypes.to_dict())
                        if not result.issues.empty else added], ignore_index=True)
    issues = issues.sort_values("row", kind="stable").reset_index(drop=True)
    outcome = result.outcome.copy()
    if "status" in outcome.columns:  # as the loaders write a rejected row: no location
        moved = outcome["row"].isin(rows).to_numpy()
        outcome.loc[moved, "status"] = "rejected"
        outcome.loc[moved, ["commune_code", "match_method"]] = None
        outcome.loc[moved, "match_score"] = float("nan")
    return replace(result, accepted=accepted.loc[~outside].reset_index(drop=True),
                   issues=issues, outcome=outcome)


def restrict_inputs(inputs, name: str, codes: tuple[str, ...] | list[str]):
    """:class:`loaders.inputs.Inputs` with :func:`restrict_result` applied to the centres and
    the grants."""
    funding = None if inputs.funding is None else restrict_result(inputs.funding, name, codes)
    return replace(inputs, centres=restrict_result(inputs.centres, name, codes),
                   funding=funding)
