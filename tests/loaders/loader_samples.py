"""Sample files for the loader tests, built in code (no opaque fixtures checked in).

Real communes and coordinates: Taza province 03.561 (Taza city 03.561.01.11 at about
34.2100 N, 4.0100 W), Khénifra 05.301.01.01, Tanger's arrondissement Mghogha 01.511.01.05.
"""

from __future__ import annotations

import io

import pandas as pd

TAZA = "03.561.01.11"
KHENIFRA = "05.301.01.01"
BNI_FRASSEN = "03.561.07.01"
TANGER = "01.511.01.0"
TAZA_POINT = (34.2100, -4.0100)

# A registry as exported by a French-locale Excel: ';', BOM, decimal commas, a title line
# above the header, codes in both forms, points, French and Arabic names with variants.
FRENCH_HEADER = (
    "ID;Nom du centre;Type de centre;Code commune;Commune;Province;Latitude;Longitude;"
    "Mode de gestion;Statut;Nb services"
)
FRENCH_REGISTRY = "Registre des centres - Délégation de Taza;;;;;;;;;;\n" + FRENCH_HEADER + """
T01;Dar Taliba Taza;Dar Taliba;03.561.01.11;;;;;Gestion déléguée;En activité;3
T02;CEF Bni Frassen;Centre d'éducation et de formation;035610701;;;;;Cogestion;En activité;2
T03;Jardin d'enfants Taza;Jardin d'enfants;;;;34,2100;-4,0100;Gestion directe;{licensing};1
T04;روض الأطفال بني فراسن;روض الأطفال;;Beni Frassen;Taza;;;تدبير مفوض;مشتغل;1
T05;مركز تازة;مركز التربية والتكوين;;تازة;;;;;في طور الترخيص;
T06;Centre Oulad Chrif;CEF;;Ouled Chrif;Province de Taza;;;;;
T07;Complexe Tahla;Complexe social;;Commune de Tahla;;;;;Fermé;4
T08;Centre Khénifra;EPS;53010101;;;;;;;
""".format(licensing="En cours d'autorisation")
FRENCH_REGISTRY_EXPECTED = {
    "T01": (TAZA, "code"),
    "T02": (BNI_FRASSEN, "code"),
    "T03": (TAZA, "point"),
    "T04": (BNI_FRASSEN, "name"),
    "T05": (TAZA, "name"),
    "T06": ("03.561.13.13", "name"),
    "T07": ("03.561.01.07", "name"),
    "T08": (KHENIFRA, "code"),
}

ARABIC_REGISTRY = """\
المعرف,اسم المركز,نوع المركز,الجماعة,الإقليم,نمط التدبير,الوضعية
A1,دار الطالبة أكنول,مؤسسة الرعاية الاجتماعية,أكنول,تازة,تدبير مشترك,مشتغل
A2,مركز محو الأمية,مركز محو الأمية,تاهلة,تازة,تدبير مفوض,في طور الترخيص
A3,روض الأطفال,روض الأطفال,خنيفرة,,,
"""

FUNDING_FRENCH = """\
Année;ID;Montant (DH);Source;Objet
2021;T01;3 000 000,00;Entraide Nationale;EPS
2021;T03;160\u00a0000,00;EN;Centre social de proximité
2021;T02;1\u202f468\u202f411,00;INDH;Handicap
2020;T04;2.780.000,00;Conseil provincial;
"""

HOSTILE_NAMES = (
    "<script>alert('x')</script>",
    '=HYPERLINK("http://example.com","clic")',
    "M'diq",
    "Aït Ishaq",
    "+212 600 000 000",
    "@SUM(A1:A2)",
    '"quoted" ; semi;colon',
)


def csv_bytes(text: str, encoding: str = "utf-8-sig") -> bytes:
    """Bytes of ``text`` in ``encoding`` (CRLF line ends, as Windows writes them)."""
    return text.replace("\n", "\r\n").encode(encoding)


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An XLSX workbook with one sheet per frame, written by openpyxl (no neutralising)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()


def frame_from_csv(text: str, sep: str = ";") -> pd.DataFrame:
    """The rows of a sample CSV as a DataFrame of strings (header on the first line)."""
    return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
