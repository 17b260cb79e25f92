"""Controlled vocabularies: centre types, management modes, statuses and funding sources.

Each entry has a canonical key (what the data and the indicators use) and labels in French,
Arabic and English (what users type and read). Readers recognise any of the labels; the
dashboard shows the label of the chosen language.
"""

from __future__ import annotations

from typing import NamedTuple


class Term(NamedTuple):
    """One value of a vocabulary with its labels."""

    key: str
    fr: str
    ar: str
    en: str


CENTRE_TYPES: tuple[Term, ...] = (
    Term("eps", "Établissement de protection sociale", "مؤسسة الرعاية الاجتماعية",
         "Social protection establishment"),
    Term("cef", "Centre d'éducation et de formation", "مركز التربية والتكوين",
         "Education and training centre"),
    Term("kindergarten", "Jardin d'enfants", "روض الأطفال", "Kindergarten"),
    Term("literacy", "Centre d'alphabétisation", "مركز محو الأمية", "Literacy centre"),
    Term("apprenticeship", "Centre de formation par apprentissage", "مركز التدرج المهني",
         "Apprenticeship centre"),
    Term("disability", "Centre pour personnes en situation de handicap",
         "مركز الأشخاص في وضعية إعاقة", "Disability centre"),
    Term("social_complex", "Complexe social", "مركب اجتماعي", "Social complex"),
    Term("proximity_centre", "Centre social de proximité", "المركز الاجتماعي للقرب",
         "Proximity social centre"),
    Term("citizen_house", "Maison du citoyen", "دار المواطن", "Citizen house"),
    Term("women_space", "Espace multifonctionnel pour femmes", "فضاء متعدد الوظائف للنساء",
         "Multi-purpose space for women"),
    Term("other", "Autre", "أخرى", "Other"),
)

MANAGEMENT_MODES: tuple[Term, ...] = (
    Term("direct", "Gestion directe", "تدبير مباشر", "Direct management"),
    Term("co_management", "Cogestion", "تدبير مشترك", "Co-management"),
    Term("delegated", "Gestion déléguée", "تدبير مفوض", "Delegated management"),
)

STATUSES: tuple[Term, ...] = (
    Term("operating", "En activité", "مشتغل", "Operating"),
    Term("licensing", "En cours d'autorisation", "في طور الترخيص", "Being licensed"),
    Term("planned", "En projet", "مبرمج", "Planned"),
    Term("closed", "Fermé", "مغلق", "Closed"),
)

FUNDING_SOURCES: tuple[Term, ...] = (
    Term("entraide_nationale", "Entraide Nationale", "التعاون الوطني", "Entraide Nationale"),
    Term("indh", "INDH", "المبادرة الوطنية للتنمية البشرية", "INDH"),
    Term("local_authority", "Collectivité territoriale", "جماعة ترابية", "Local authority"),
    Term("partner", "Partenaire", "شريك", "Partner"),
    Term("international", "Coopération internationale", "تعاون دولي", "International"),
    Term("other", "Autre", "أخرى", "Other"),
)

CENTRE_TYPE_KEYS: tuple[str, ...] = tuple(term.key for term in CENTRE_TYPES)
MANAGEMENT_MODE_KEYS: tuple[str, ...] = tuple(term.key for term in MANAGEMENT_MODES)
STATUS_KEYS: tuple[str, ...] = tuple(term.key for term in STATUSES)
FUNDING_SOURCE_KEYS: tuple[str, ...] = tuple(term.key for term in FUNDING_SOURCES)


def label(vocabulary: tuple[Term, ...], key: str, lang: str = "fr") -> str:
    """Label of ``key`` in ``lang`` (``fr``, ``ar`` or ``en``); the key itself if unknown."""
    for term in vocabulary:
        if term.key == key:
            return getattr(term, lang)
    return key
