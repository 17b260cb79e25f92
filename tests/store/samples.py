"""A province's workbook built in code: a ``Centres`` sheet and a ``financements`` sheet.

Real communes of Taza (03.561): every fourth centre is located by a point (the commune's
representative point), the others by code; one centre has an unknown commune code and one
grant names an unknown centre, so each sheet has exactly one rejected row.
"""

from __future__ import annotations

import io

import pandas as pd

import geodata
from tests.support.territories import TAZA


def taza_communes(count: int) -> pd.DataFrame:
    """The first ``count`` communes of Taza by code (code, point)."""
    units = geodata.load_units("commune", "web")
    taza = units[units["province_code"] == TAZA].sort_values("code").head(count)
    return pd.DataFrame(taza[["code", "point_lat", "point_lon"]]).reset_index(drop=True)


def centres_frame(count: int = 12) -> pd.DataFrame:
    """``count`` accepted centres and one with an unknown commune code."""
    communes = taza_communes(count)
    rows = []
    for i, commune in communes.iterrows():
        by_point = i % 4 == 3
        rows.append({
            "ID": f"C{i + 1:02d}", "Nom du centre": f"Centre {i + 1} de Taza",
            "Type de centre": ("eps", "kindergarten", "cef")[i % 3],
            "Code commune": None if by_point else commune["code"],
            "Latitude": commune["point_lat"] if by_point else None,
            "Longitude": commune["point_lon"] if by_point else None,
            "Nb services": 1 + i % 3, "Mode de gestion": "delegated",
        })
    rows.append({"ID": "BAD", "Nom du centre": "Centre introuvable", "Type de centre": "eps",
                 "Code commune": "99.999.99.99", "Latitude": None, "Longitude": None,
                 "Nb services": 1, "Mode de gestion": "delegated"})
    return pd.DataFrame(rows)


def grants_frame(centres: pd.DataFrame, amount: float = 100_000.0) -> pd.DataFrame:
    """One 2021 grant per accepted centre (``amount`` MAD each) and one to an unknown centre."""
    ids = [c for c in centres["ID"] if c != "BAD"]
    rows = [{"Année": 2021, "ID": centre_id, "Montant (DH)": amount,
             "Source": "Entraide Nationale"} for centre_id in ids]
    rows.append({"Année": 2021, "ID": "NOPE", "Montant (DH)": 5_000.0, "Source": "INDH"})
    return pd.DataFrame(rows)


def workbook_bytes(count: int = 12, funding_sheet: str = "financements",
                   amount: float = 100_000.0) -> bytes:
    """XLSX bytes: sheet ``Centres`` (``count`` + 1 rows) and sheet ``funding_sheet``."""
    centres = centres_frame(count)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        centres.to_excel(writer, sheet_name="Centres", index=False)
        grants_frame(centres, amount).to_excel(writer, sheet_name=funding_sheet, index=False)
    return buffer.getvalue()


def centres_csv_bytes(count: int = 12) -> bytes:
    """The centres sheet alone, as CSV."""
    return centres_frame(count).to_csv(index=False).encode("utf-8")


def province_centres(counts: dict[str, int], prefix: str = "") -> pd.DataFrame:
    """``counts[province]`` centres in each province (its first communes by code, located by
    commune code), ids ``<prefix><province>-<n>``."""
    units = geodata.load_attributes("commune")
    rows = []
    for province, count in counts.items():
        communes = units[units["province_code"] == province].sort_values("code")["code"]
        for i in range(count):
            rows.append({"ID": f"{prefix}{province}-{i + 1}", "Nom du centre": f"Centre {i + 1}",
                         "Type de centre": ("eps", "kindergarten", "cef")[i % 3],
                         "Code commune": communes.iloc[i % len(communes)],
                         "Nb services": 1 + i % 2})
    return pd.DataFrame(rows)


def province_inputs(counts: dict[str, int], grants_per_centre: int = 2, prefix: str = ""):
    """:class:`loaders.inputs.Inputs` of :func:`province_centres` and ``grants_per_centre``
    grants (2021, 2022…) of 10,000 MAD per centre, as CSV files ``centres.csv`` and
    ``grants.csv``."""
    from loaders import load_inputs

    centres = province_centres(counts, prefix)
    grants = pd.DataFrame([{"Année": 2021 + k, "ID": centre_id, "Montant (DH)": 10_000.0}
                           for centre_id in centres["ID"] for k in range(grants_per_centre)])
    return load_inputs(centres.to_csv(index=False).encode(),
                       grants.to_csv(index=False).encode(), centres_name="centres.csv",
                       funding_name="grants.csv")
