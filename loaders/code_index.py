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
from loaders.messages import N_, Message
from loaders.names import strip_invisible

__all__ = ["CodeIndex", "CodeMatch"]

_NOT_A_COMMUNE = {
    "region": N_("{text} is the code of a region ({name}), not of a commune"),
    "province": N_("{text} is the code of a province or préfecture ({name}), not of a commune"),
    "cercle": N_("{text} is the code of a cercle ({name}), not of a commune"),
}


@dataclass(frozen=True)
class CodeMatch:
    """Result of looking up one code."""

    code: str | None
    warning: Message | None = None
    error: Message | None = None
    what_to_do: Message | None = None


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
        for level in ("region", "province", "cercle"):
            frame = provinces if level == "province" else geodata.load_units(level, "web")
            for code, name in zip(frame["code"], frame["name_fr"], strict=True):
                self.other_units[code] = (level, name)

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
                warning=Message("{text} is a 2014 commune code ({old}); counted in commune "
                                "{new} of the 2024 division", text=text, old=old_name,
                                new=self.communes.short_label[new]),
            )
        if dotted in self.arrondissement:
            city, name = self.arrondissement[dotted]
            return CodeMatch(
                city,
                warning=Message("{text} is the arrondissement {name}; counted in the city "
                                "commune {city}", text=text, name=name,
                                city=self.communes.short_label[city]),
            )
        city = city_of(dotted) if dotted else None
        if city is not None:  # a préfecture d'arrondissements of Casablanca
            return CodeMatch(
                city,
                warning=Message("{text} is a préfecture d'arrondissements of Casablanca; "
                                "counted in the city commune {city}", text=text,
                                city=self.communes.short_label.get(city, city)),
            )
        if dotted in self.other_units:
            level, name = self.other_units[dotted]
            return CodeMatch(
                None,
                error=Message(_NOT_A_COMMUNE[level], text=text, name=name),
                what_to_do=Message("give the code of the commune where the centre is (e.g. "
                                   "{a} or {b})", a="05.301.01.01", b="053010101"),
            )
        return CodeMatch(
            None,
            error=Message("commune code {code} is not in the HCP reference table",
                          code=repr(text)),
            what_to_do=Message("check the code (dotted {a} or 9 digits {b}), or give the "
                               "commune name or coordinates instead", a="05.301.01.01",
                               b="053010101"),
        )
