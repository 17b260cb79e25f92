"""Recognising headers and controlled values in French, Arabic and English.

Headers are compared after :func:`loaders.names.normalise_header` (case, accents, spaces and
punctuation ignored), so ``Nom du centre``, ``NOM DU CENTRE``, ``nom_du_centre`` and
``اسم المركز`` are all found. Anything else can be mapped explicitly with
``column_map={"field": "Header as in the file"}``.

Values of the controlled vocabularies (centre types, management modes, statuses, funding
sources) are recognised the same way from their key, their French, Arabic and English
labels (see :mod:`loaders.vocabulary`) and the common variants listed here. A value close to
one of them (a typo) is recognised with a warning; anything else is reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from loaders.errors import HeaderError
from loaders.messages import Message, table_kind
from loaders.names import normalise_header, normalise_name
from loaders.vocabulary import CENTRE_TYPES, FUNDING_SOURCES, MANAGEMENT_MODES, STATUSES, Term

__all__ = [
    "CENTRE_FIELDS",
    "FUNDING_FIELDS",
    "HEADER_ALIASES",
    "ColumnMapping",
    "Vocabulary",
    "find_header",
    "vocabulary",
]

# Canonical fields, in report order. Location fields are shared by both tables.
LOCATION_FIELDS: tuple[str, ...] = ("commune_code", "latitude", "longitude", "commune", "province")
CENTRE_FIELDS: tuple[str, ...] = (
    "centre_id",
    "name",
    "centre_type",
    *LOCATION_FIELDS,
    "services",
    "management_mode",
    "status",
    "partner",
    "opened_year",
    "closed_year",
    "capacity",
    "beneficiaries",
)
FUNDING_FIELDS: tuple[str, ...] = (
    "centre_id",
    "year",
    "amount_mad",
    "source",
    "partner",
    "purpose",
    *LOCATION_FIELDS,
)

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "centre_id": (
        "centre_id", "id", "identifiant", "id centre", "identifiant du centre",
        "identifiant centre", "code centre", "code du centre", "ref", "reference",
        "référence", "n° centre", "numero centre", "numéro du centre", "centre id",
        "centre code", "center id", "centre ref", "المعرف", "معرف", "معرف المركز",
        "رمز المركز", "رقم المركز", "الرقم الترتيبي",
    ),
    "name": (
        "name", "nom", "nom du centre", "nom centre", "centre", "intitulé", "intitule",
        "intitulé du centre", "désignation", "designation", "dénomination", "denomination",
        "etablissement", "établissement", "nom de l'établissement", "centre name",
        "center name", "اسم المركز", "المركز", "الاسم", "اسم", "اسم المؤسسة", "المؤسسة",
        "التسمية",
    ),
    "centre_type": (
        "centre_type", "type", "type de centre", "type du centre", "type centre",
        "catégorie", "categorie", "nature", "nature du centre", "type d'établissement",
        "centre type", "kind", "category", "نوع المركز", "النوع", "الصنف", "صنف المركز",
        "نوع المؤسسة", "طبيعة المركز",
    ),
    "commune_code": (
        "commune_code", "code commune", "code de la commune", "code_commune", "code hcp",
        "code géographique", "code geographique", "code", "commune code", "hcp code",
        "code cmn", "رمز الجماعة", "الرمز الجغرافي", "رمز", "الرمز", "كود الجماعة",
    ),
    "latitude": ("latitude", "lat", "y", "lat wgs84", "latitude n", "خط العرض", "العرض"),
    "longitude": (
        "longitude", "lon", "long", "lng", "x", "lon wgs84", "longitude w", "خط الطول",
        "الطول",
    ),
    "commune": (
        "commune", "nom commune", "nom de la commune", "commune name", "municipality",
        "collectivité", "collectivite", "collectivité territoriale", "الجماعة",
        "اسم الجماعة", "الجماعة الترابية", "جماعة",
    ),
    "province": (
        "province", "province prefecture", "province/préfecture", "préfecture",
        "prefecture", "délégation", "delegation", "délégation provinciale", "الإقليم",
        "إقليم", "العمالة", "العمالة أو الإقليم", "العمالة/الإقليم", "المندوبية",
    ),
    "services": (
        "services", "nb services", "nombre de services", "nombre services", "nb de services",
        "n services", "number of services", "عدد الخدمات", "الخدمات",
    ),
    "management_mode": (
        "management_mode", "mode de gestion", "mode gestion", "gestion", "type de gestion",
        "management", "management mode", "نمط التدبير", "طريقة التدبير", "التدبير",
        "نوع التدبير",
    ),
    "status": (
        "status", "statut", "état", "etat", "situation", "statut du centre", "الوضعية",
        "الحالة", "وضعية المركز",
    ),
    "partner": (
        "partner", "partenaire", "association", "association gestionnaire",
        "association partenaire", "partenaires", "الشريك", "الجمعية", "الجمعية المسيرة",
        "الشركاء",
    ),
    "opened_year": (
        "opened_year", "année d'ouverture", "annee ouverture", "année ouverture",
        "date d'ouverture", "date ouverture", "année de création", "annee creation",
        "année création", "year opened", "opening year", "سنة الافتتاح", "تاريخ الافتتاح",
        "سنة الإحداث", "تاريخ الإحداث",
    ),
    "closed_year": (
        "closed_year", "année de fermeture", "année fermeture",
        "date de fermeture", "date fermeture", "closed year", "year closed", "closing year",
        "سنة الإغلاق", "تاريخ الإغلاق",
    ),
    "capacity": (
        "capacity", "capacité", "capacite", "capacité d'accueil", "capacite d accueil",
        "places", "nombre de places", "الطاقة الاستيعابية", "الطاقة",
    ),
    "beneficiaries": (
        "beneficiaries", "bénéficiaires", "beneficiaires", "nb bénéficiaires",
        "nombre de bénéficiaires", "nombre beneficiaires", "effectif", "المستفيدون",
        "عدد المستفيدين", "المستفيدين",
    ),
    "year": (
        "year", "année", "annee", "exercice", "année budgétaire", "annee budgetaire",
        "exercice budgétaire", "السنة", "سنة", "السنة المالية",
    ),
    "amount_mad": (
        "amount_mad", "montant", "montant (dh)", "montant dh", "montant (mad)",
        "montant mad", "montant en dh", "montant en dirhams", "montant dhs", "amount",
        "amount mad", "subvention", "montant de la subvention", "montant alloué",
        "montant alloue", "budget", "المبلغ", "المبلغ بالدرهم", "مبلغ الدعم", "الدعم",
        "المبلغ درهم", "قيمة الدعم",
    ),
    "source": (
        "source", "source de financement", "source financement", "financeur", "bailleur",
        "origine", "origine des fonds", "funding source", "funder", "مصدر التمويل",
        "المصدر", "الممول", "الجهة الممولة",
    ),
    "purpose": (
        "purpose", "objet", "objet de la subvention", "nature de la dépense", "affectation",
        "projet", "description", "الغرض", "موضوع الدعم", "الموضوع", "المشروع",
    ),
}

# Prefixes recognised when the whole header is not an alias ("Montant alloué 2021 (DH)").
_HEADER_PREFIXES: tuple[tuple[str, str], ...] = (
    ("montant", "amount_mad"),
    ("amount", "amount_mad"),
    ("latitude", "latitude"),
    ("longitude", "longitude"),
    ("code commune", "commune_code"),
    ("nom du centre", "name"),
    ("nombre de services", "services"),
    ("mode de gestion", "management_mode"),
    ("المبلغ", "amount_mad"),
)


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for field_name, aliases in HEADER_ALIASES.items():
        for alias in (field_name, *aliases):
            index.setdefault(normalise_header(alias), field_name)
    return index


def recognise_header(header: object, fields: Sequence[str]) -> str | None:
    """The canonical field a header names, among ``fields``, or ``None``."""
    key = normalise_header(header)
    if not key:
        return None
    found = _alias_index().get(key)
    if found in fields:
        return found
    for prefix, field_name in _HEADER_PREFIXES:
        if key.startswith(normalise_header(prefix)) and field_name in fields:
            return field_name
    return None


@dataclass
class ColumnMapping:
    """Where each canonical field sits in a table, and what the table's header was."""

    header_index: int
    header: list[str]
    positions: dict[str, int]
    ignored: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)

    def has(self, field_name: str) -> bool:
        """True when the table has a column for ``field_name``."""
        return field_name in self.positions


def _header_text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def _map_row(
    row: Sequence[object], fields: Sequence[str], explicit: Mapping[str, str]
) -> ColumnMapping:
    header = [_header_text(cell) for cell in row]
    keys = [normalise_header(cell) for cell in header]
    positions: dict[str, int] = {}
    duplicates: list[tuple[str, str]] = []
    for field_name, wanted in explicit.items():
        target = normalise_header(wanted)
        for index, key in enumerate(keys):
            if key == target:
                positions[field_name] = index
                break
    taken = set(positions.values())
    for index, cell in enumerate(header):
        if index in taken:
            continue
        field_name = recognise_header(cell, fields)
        if field_name is None or field_name in explicit:
            continue
        if field_name in positions:
            duplicates.append((field_name, cell))
            continue
        positions[field_name] = index
    used = set(positions.values())
    ignored = [cell for index, cell in enumerate(header) if cell and index not in used]
    return ColumnMapping(0, header, positions, ignored, duplicates)


def check_column_map(column_map: Mapping[str, str] | None, fields: Sequence[str]) -> dict[str, str]:
    """Validate an explicit ``{field: header}`` mapping.

    Raises
    ------
    ValueError
        If a key is not one of ``fields``.
    """
    if column_map is None:
        return {}
    if not isinstance(column_map, Mapping):
        raise TypeError("column_map must be a mapping {field: header}")
    unknown = [key for key in column_map if key not in fields]
    if unknown:
        raise ValueError(
            f"column_map has unknown field(s) {', '.join(map(repr, unknown))}; "
            f"accepted fields: {', '.join(fields)}"
        )
    return {str(key): str(value) for key, value in column_map.items()}


def find_header(
    rows: Sequence[Sequence[object]],
    fields: Sequence[str],
    *,
    column_map: Mapping[str, str] | None = None,
    header_known: bool = False,
    required_any: Sequence[str] = (),
    what: str = "table",
) -> ColumnMapping:
    """Find the header row among the first rows of a table and map its columns.

    The header is the row, among the first 20, where the most columns are recognised
    (title lines above it are skipped). At least two recognised columns are needed.

    Parameters
    ----------
    rows : sequence of rows
        Raw cells.
    fields : sequence of str
        Canonical fields to look for.
    column_map : mapping, optional
        Explicit ``{field: header}``; each header must exist in the header row.
    header_known : bool
        The first row is the header (point layers).
    required_any : sequence of str
        Fields of which at least one must be found, for the error message.
    what : str
        What the table holds, for messages ("centres", "funding").

    Raises
    ------
    HeaderError
        When no row looks like a header, or a mapped header is missing.
    """
    explicit = check_column_map(column_map, fields)
    candidates = range(1 if header_known else min(20, len(rows)))
    best: ColumnMapping | None = None
    for index in candidates:
        mapping = _map_row(rows[index], fields, explicit)
        mapping.header_index = index
        if best is None or len(mapping.positions) > len(best.positions):
            best = mapping
    if best is not None:
        missing = [f"{field_name}={header!r}" for field_name, header in explicit.items()
                   if field_name not in best.positions]
        if missing:
            raise HeaderError(Message(
                "column(s) given in the mapping not found in the header: {missing}; the header "
                "has: {header}", missing=", ".join(missing),
                header=", ".join(h for h in best.header if h)))
    if best is None or (len(best.positions) < 2 and not header_known):
        examples = "ID, Nom du centre, Type, Code commune, Latitude, Longitude"
        if what == "funding":
            examples = "ID, Année, Montant (DH), Source"
        raise HeaderError(Message(
            "no recognisable header in the {what} table; the first row should name the "
            "columns, e.g. {examples}", what=table_kind(what), examples=examples))
    if required_any and not any(best.has(name) for name in required_any):
        raise HeaderError(Message(
            "the {what} table has no {fields} column; the header has: {header}",
            what=table_kind(what), fields=" / ".join(required_any),
            header=", ".join(h for h in best.header if h)))
    return best


# ---------------------------------------------------------------------------- values

_EXTRA_VALUES: dict[str, dict[str, tuple[str, ...]]] = {
    "centre_type": {
        "eps": ("EPS", "établissement de protection sociale", "etablissement de protection",
                "dar taliba", "dar talib", "dar al talib", "dar attalib", "dar al taliba",
                "maison de l'étudiant", "maison de l'étudiante", "foyer", "orphelinat",
                "maison de retraite", "dar al ajaza", "centre de protection sociale",
                "مؤسسة للرعاية الاجتماعية", "دار الطالب", "دار الطالبة", "دار العجزة",
                "دار الأطفال", "خيرية", "الخيرية الإسلامية", "مؤسسة رعاية اجتماعية"),
        "cef": ("CEF", "centre d'éducation et de formation", "education et formation",
                "centre de formation", "مركز للتربية والتكوين", "التربية والتكوين"),
        "kindergarten": ("jardin d'enfants", "jardin d enfants", "préscolaire", "prescolaire",
                         "crèche", "creche", "garderie", "preschool", "روض", "روض للأطفال",
                         "التعليم الأولي", "تعليم أولي", "الحضانة"),
        "literacy": ("alphabétisation", "alphabetisation", "centre alpha", "literacy",
                     "محو الأمية"),
        "apprenticeship": ("formation par apprentissage", "apprentissage", "CFA",
                           "التدرج المهني", "مركز للتدرج المهني", "التكوين بالتدرج"),
        "disability": ("handicap", "handicapés", "personnes handicapées", "COAPH",
                       "centre handicap", "personnes en situation de handicap",
                       "الإعاقة", "مركز الإعاقة", "الأشخاص في وضعية إعاقة",
                       "مركز الأشخاص ذوي الإعاقة", "ذوي الاحتياجات الخاصة"),
        "social_complex": ("complexe social", "complexe socio-éducatif", "المركب الاجتماعي"),
        "proximity_centre": ("centre social de proximité", "CSP", "centre de proximité",
                             "مركز اجتماعي للقرب", "مركز القرب"),
        "citizen_house": ("maison du citoyen", "dar al mouwatin", "دار المواطن"),
        "women_space": ("espace multifonctionnel", "espace multifonctionnel des femmes",
                        "EMF", "espace femmes", "الفضاء المتعدد الوظائف للنساء",
                        "فضاء متعدد الوظائف"),
        "other": ("autre", "autres", "divers", "other", "أخرى", "آخر"),
    },
    "management_mode": {
        "direct": ("gestion directe", "direct", "directe", "régie", "regie", "EN",
                   "entraide nationale", "تدبير مباشر", "مباشر", "التدبير المباشر"),
        "co_management": ("cogestion", "co-gestion", "co gestion", "gestion partagée",
                          "gestion conjointe", "partenariat", "co-management",
                          "تدبير مشترك", "التدبير المشترك", "مشترك", "شراكة"),
        "delegated": ("gestion déléguée", "déléguée", "delegue", "délégué", "delegated",
                      "تدبير مفوض", "التدبير المفوض", "مفوض"),
    },
    "status": {
        "operating": ("en activité", "activité", "actif", "active", "opérationnel",
                      "operationnel", "fonctionnel", "ouvert", "en service", "en fonction",
                      "operating", "open", "مشتغل", "في طور الاشتغال", "يشتغل", "مفتوح",
                      "عامل", "في الخدمة", "مشتغلة"),
        "licensing": ("en cours d'autorisation", "autorisation en cours",
                      "en cours de licence", "en cours d'agrément", "agrément en cours",
                      "licensing", "being licensed", "في طور الترخيص", "قيد الترخيص"),
        "planned": ("en projet", "projet", "programmé", "programme", "prévu", "prevu",
                    "en construction", "en cours de construction", "planned", "مبرمج",
                    "في طور البناء", "مشروع", "في طور الإنجاز"),
        "closed": ("fermé", "ferme", "fermée", "clos", "closed", "مغلق", "مغلقة", "متوقف"),
    },
    "source": {
        "entraide_nationale": ("EN", "entraide", "entraide nationale", "budget EN",
                               "التعاون الوطني", "ميزانية التعاون الوطني"),
        "indh": ("INDH", "initiative nationale pour le développement humain",
                 "المبادرة الوطنية", "المبادرة الوطنية للتنمية البشرية"),
        "local_authority": ("collectivité", "collectivite", "collectivité territoriale",
                            "commune", "conseil communal", "conseil provincial",
                            "conseil régional", "conseil regional", "région", "region",
                            "جماعة", "مجلس جماعي", "المجلس الإقليمي", "المجلس الجهوي",
                            "جماعة ترابية"),
        "partner": ("partenaire", "partenaires", "privé", "prive", "fondation", "entreprise",
                    "donateur", "don", "شريك", "الشركاء", "مؤسسة", "محسن"),
        "international": ("coopération internationale", "cooperation", "coopération",
                          "international", "UE", "union européenne", "تعاون دولي",
                          "التعاون الدولي"),
        "other": ("autre", "autres", "divers", "other", "أخرى"),
    },
}

_VOCABULARIES: dict[str, tuple[Term, ...]] = {
    "centre_type": CENTRE_TYPES,
    "management_mode": MANAGEMENT_MODES,
    "status": STATUSES,
    "source": FUNDING_SOURCES,
}


@dataclass(frozen=True)
class Recognised:
    """Outcome of recognising one value: the key, and the fuzzy score when not exact."""

    key: str | None
    score: float = 100.0
    matched: str = ""


class Vocabulary:
    """Recognises the values of one controlled vocabulary, in any language.

    Parameters
    ----------
    field_name : {"centre_type", "management_mode", "status", "source"}
    """

    FUZZY_CUTOFF = 92.0

    def __init__(self, field_name: str) -> None:
        if field_name not in _VOCABULARIES:
            raise ValueError(
                f"field_name must be one of {', '.join(_VOCABULARIES)}; got {field_name!r}"
            )
        self.field_name = field_name
        self.terms = _VOCABULARIES[field_name]
        self.keys = tuple(term.key for term in self.terms)
        index: dict[str, str] = {}
        for term in self.terms:
            for label in (term.key, term.key.replace("_", " "), term.fr, term.ar, term.en):
                index.setdefault(normalise_name(label), term.key)
        for key, labels in _EXTRA_VALUES.get(field_name, {}).items():
            for label in labels:
                index.setdefault(normalise_name(label), key)
        self._index = index
        self._choices = list(index)
        self._cache: dict[str, Recognised] = {}

    def accepted_values(self, lang: str = "fr") -> str:
        """The accepted values, for messages: ``"eps (Établissement…), cef (…), …"``."""
        return ", ".join(f"{term.key} ({getattr(term, lang)})" for term in self.terms)

    def recognise(self, value: object) -> Recognised:
        """Key of ``value``; ``Recognised(None)`` when it is not one of the vocabulary."""
        key = normalise_name(value)
        if not key:
            return Recognised(None, 0.0)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        if key in self._index:
            result = Recognised(self._index[key], 100.0, key)
        else:
            found = process.extractOne(
                key, self._choices, scorer=fuzz.ratio, score_cutoff=self.FUZZY_CUTOFF
            )
            result = (
                Recognised(self._index[found[0]], float(found[1]), found[0])
                if found
                else Recognised(None, 0.0)
            )
        self._cache[key] = result
        return result


@lru_cache(maxsize=8)
def vocabulary(field_name: str) -> Vocabulary:
    """Shared :class:`Vocabulary` for ``field_name``."""
    return Vocabulary(field_name)
