"""Every administrative unit by code, with its level, names, parent and children."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard import i18n
from dashboard.i18n import t
from geodata.hierarchy import CHILD_LEVEL, LEVELS, level_of


@dataclass(frozen=True)
class Unit:
    """One administrative unit, without geometry."""

    code: str
    level: str
    name_fr: str
    name_ar: str
    parent_code: str | None

    def name(self, lang: str) -> str:
        return i18n.unit_name({"name_fr": self.name_fr, "name_ar": self.name_ar,
                               "code": self.code}, lang)


class Territories:
    """Lookup of every unit by code, with parents and children (built once per process).

    Parameters
    ----------
    tables : mapping of level to DataFrame
        Reference attribute tables (``code``, ``name_fr``, ``name_ar``, ``parent_code``),
        e.g. :func:`dashboard.calc.indicators.reference_units`.
    """

    def __init__(self, tables: Mapping[str, pd.DataFrame]) -> None:
        self.units: dict[str, Unit] = {}
        self.children: dict[str | None, list[str]] = {}
        for level in LEVELS:
            table = tables[level]
            for code, fr, ar, parent in zip(table["code"], table["name_fr"], table["name_ar"],
                                            table["parent_code"], strict=True):
                parent_code = None if level == "region" or pd.isna(parent) else str(parent)
                self.units[str(code)] = Unit(str(code), level, str(fr), str(ar), parent_code)
                self.children.setdefault(parent_code, []).append(str(code))

    def level_of(self, code: str | None) -> str | None:
        """Level of ``code`` (None for Morocco), see :func:`geodata.hierarchy.level_of`."""
        return None if code is None else level_of(code)

    def name(self, code: str | None, lang: str) -> str:
        """Name of a unit (or "Maroc"/"المغرب"/"Morocco" for None) in ``lang``."""
        if code is None:
            return t("Morocco", lang)
        return self.units[code].name(lang)

    def chain(self, code: str | None) -> list[str | None]:
        """Breadcrumb from Morocco down to ``code``: ``[None, region, province, ...]``."""
        chain: list[str | None] = []
        while code is not None:
            chain.append(code)
            code = self.units[code].parent_code
        return [None, *reversed(chain)]

    def child_level(self, code: str | None) -> str:
        """Level one step below ``code`` (communes below a cercle or a commune)."""
        return CHILD_LEVEL.get(self.level_of(code), "commune")

    def of_level(self, level: str, parent: str | None = None) -> list[Unit]:
        """Units of ``level``, optionally only the children of ``parent``, by French name."""
        units = [u for u in self.units.values() if u.level == level
                 and (parent is None or u.parent_code == parent)]
        return sorted(units, key=lambda u: u.name_fr)

    def pickable(self) -> frozenset[str]:
        """Codes accepted as a territory in links: regions, provinces and cercles."""
        return frozenset(c for c, u in self.units.items() if u.level != "commune")

    def region_province(self, code: str | None) -> tuple[str | None, str | None]:
        """The region and province a territory lies in (for the sidebar pickers)."""
        region = province = None
        for item in self.chain(code)[1:]:
            level = self.units[item].level
            if level == "region":
                region = item
            elif level == "province":
                province = item
        return region, province
