"""Commune of a code as typed: dotted or 9-digit, 2014 codes, arrondissements, préfectures.

A 2014 code is cross-walked to 2024 with a warning; an arrondissement's code, or a code of one
of Casablanca's préfectures d'arrondissements, resolves to its city commune with a warning
(:func:`geodata.hierarchy.city_of`); a code of a province, cercle or region is rejected with
its name.
"""

from __future__ import annotations

from dataclasses import dataclass

import geodata
from geodata.hierarchy import city_of
from loaders.communes import CommuneLabels
from loaders.names import strip_invisible

__all__ = ["CodeIndex", "CodeMatch"]


@dataclass(frozen=True)
class CodeMatch:
    """Result of looking up one code."""

    code: str | None
    warning: str | None = None
    error: str | None = None
    what_to_do: str | None = None


class CodeIndex:
    """Every code that may designate a commune (see the module docstring)."""

    def __init__(self, communes: CommuneLabels) -> None:
        self.communes = communes
        provinces = communes.provinces
        arr = geodata.arrondissements()
        self.arrondissement = {
            code: (city, name)
            for code, city, name in zip(arr["code"], arr["commune_code"], arr["name_fr"],
                                        strict=True)
        }
        walk = geodata.crosswalk()
        self.crosswalk: dict[str, tuple[str, str]] = {}
        for old, new, old_name in zip(walk["code_2014"], walk["code_2024"], walk["name_2014"],
                                      strict=True):
            self.crosswalk[old] = (new, old_name)
            self.crosswalk[old.replace(".", "")] = (new, old_name)
        self.other_units: dict[str, tuple[str, str]] = {}
        for level, label in (("region", "a region"), ("province", "a province or préfecture"),
                             ("cercle", "a cercle")):
            frame = provinces if level == "province" else geodata.load_units(level, "web")
            for code, name in zip(frame["code"], frame["name_fr"], strict=True):
                self.other_units[code] = (label, name)

    def lookup_code(self, value: object) -> CodeMatch:
        """Commune of one code as typed (see the module docstring for the rules)."""
        text = strip_invisible(str(value)).strip()
        dotted = geodata.normalise_code(text)
        if dotted is None:
            digits = text.replace(" ", "")
            if digits.endswith(".0") and digits[:-2].isdigit():
                digits = digits[:-2]
            key = digits.zfill(9) if digits.isdigit() else digits
            if key in self.crosswalk:
                dotted = key
        if dotted in self.communes.position:
            return CodeMatch(dotted)
        if dotted in self.crosswalk:
            new, old_name = self.crosswalk[dotted]
            return CodeMatch(
                new,
                warning=f"{text} is a 2014 commune code ({old_name}); "
                f"counted in commune {self.communes.short_label[new]} of the 2024 division",
            )
        if dotted in self.arrondissement:
            city, name = self.arrondissement[dotted]
            return CodeMatch(
                city,
                warning=f"{text} is the arrondissement {name}; "
                f"counted in the city commune {self.communes.short_label[city]}",
            )
        city = city_of(dotted) if dotted else None
        if city is not None:  # a préfecture d'arrondissements of Casablanca
            return CodeMatch(
                city,
                warning=f"{text} is a préfecture d'arrondissements of Casablanca; "
                f"counted in the city commune {self.communes.short_label.get(city, city)}",
            )
        if dotted in self.other_units:
            kind, name = self.other_units[dotted]
            return CodeMatch(
                None,
                error=f"{text} is the code of {kind} ({name}), not of a commune",
                what_to_do="give the code of the commune where the centre is "
                "(e.g. 05.301.01.01 or 053010101)",
            )
        return CodeMatch(
            None,
            error=f"commune code {text!r} is not in the HCP reference table",
            what_to_do="check the code (dotted 05.301.01.01 or 9 digits 053010101), "
            "or give the commune name or coordinates instead",
        )
