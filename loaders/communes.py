"""The reference communes as the matchers label them: codes, positions, provinces, labels.

Built once from :mod:`geodata` (the light web-detail table) and shared by the three indexes of
:class:`loaders.match.Reference`: by code (:mod:`loaders.code_index`), by name
(:mod:`loaders.name_index`) and by point (:mod:`loaders.point_index`).
"""

from __future__ import annotations

import pandas as pd

import geodata

__all__ = ["CommuneLabels"]


class CommuneLabels:
    """Codes of the 1,503 communes in code order, their province, and how messages name them.

    Attributes
    ----------
    codes : list of str
        Commune codes, sorted; positions in this list index the point index's polygons.
    position : dict
        Code -> position in :attr:`codes`.
    province_of : dict
        Commune code -> province code.
    province_names : dict
        Province code -> French name.
    label, short_label : dict
        Commune code -> "Name (Province, code)" and "Name (code)", for messages.
    attributes, provinces : pandas.DataFrame
        The communes' and provinces' attribute tables (no geometry).
    """

    def __init__(self) -> None:
        communes = geodata.load_units("commune", detail="web")
        communes = pd.DataFrame(communes.drop(columns="geometry")).sort_values("code")
        communes = communes.reset_index(drop=True)
        self.attributes = communes
        self.codes: list[str] = communes["code"].tolist()
        self.position = {code: index for index, code in enumerate(self.codes)}
        self.province_of = dict(zip(communes["code"], communes["province_code"], strict=True))
        provinces = geodata.load_units("province", detail="web")
        self.provinces = pd.DataFrame(provinces.drop(columns="geometry"))
        self.province_names = dict(zip(provinces["code"], provinces["name_fr"], strict=True))
        self.label = {
            code: f"{name} ({self.province_names.get(province, province)}, {code})"
            for code, name, province in zip(
                communes["code"], communes["name_fr"], communes["province_code"], strict=True
            )
        }
        self.short_label = {
            code: f"{name} ({code})"
            for code, name in zip(communes["code"], communes["name_fr"], strict=True)
        }
