"""Headers and controlled values recognised in French, Arabic and English."""

from __future__ import annotations

import pytest

from loaders.columns import CENTRE_FIELDS, FUNDING_FIELDS, find_header, recognise_header, vocabulary
from loaders.errors import HeaderError
from loaders.vocabulary import CENTRE_TYPES, FUNDING_SOURCES, MANAGEMENT_MODES, STATUSES

ALL_FIELDS = tuple(dict.fromkeys((*CENTRE_FIELDS, *FUNDING_FIELDS)))


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("ID", "centre_id"), ("Identifiant", "centre_id"), ("المعرف", "centre_id"),
        ("centre_id", "centre_id"),
        ("Nom du centre", "name"), ("NOM DU CENTRE", "name"), ("nom_du_centre", "name"),
        ("  Nom  du   centre ", "name"), ("اسم المركز", "name"), ("Name", "name"),
        ("Type de centre", "centre_type"), ("Catégorie", "centre_type"),
        ("نوع المركز", "centre_type"),
        ("Code commune", "commune_code"), ("CODE_COMMUNE", "commune_code"),
        ("رمز الجماعة", "commune_code"),
        ("Commune", "commune"), ("الجماعة", "commune"), ("Province", "province"),
        ("الإقليم", "province"), ("Préfecture", "province"),
        ("Latitude", "latitude"), ("LAT", "latitude"), ("خط العرض", "latitude"),
        ("Longitude", "longitude"), ("lng", "longitude"), ("خط الطول", "longitude"),
        ("Mode de gestion", "management_mode"), ("نمط التدبير", "management_mode"),
        ("Statut", "status"), ("État", "status"), ("الوضعية", "status"),
        ("Nb services", "services"), ("Nombre de services", "services"),
        ("عدد الخدمات", "services"),
        ("Partenaire", "partner"), ("Association gestionnaire", "partner"),
        ("Année d'ouverture", "opened_year"), ("Capacité", "capacity"),
        ("Bénéficiaires", "beneficiaries"), ("عدد المستفيدين", "beneficiaries"),
        ("Montant (DH)", "amount_mad"), ("Montant alloué 2021 (DH)", "amount_mad"),
        ("MONTANT EN DIRHAMS", "amount_mad"), ("المبلغ", "amount_mad"),
        ("Année", "year"), ("Exercice", "year"), ("السنة", "year"),
        ("Source de financement", "source"), ("مصدر التمويل", "source"),
        ("Objet", "purpose"),
    ],
)
def test_headers(header: str, field: str) -> None:
    assert recognise_header(header, ALL_FIELDS) == field


def test_unrelated_headers_are_not_recognised() -> None:
    for header in ("Observations", "Téléphone", "ملاحظات", "", None):
        assert recognise_header(header, ALL_FIELDS) is None


def test_header_row_below_title_lines() -> None:
    rows = [["Délégation de Taza"], ["Liste arrêtée au 31/12/2024", ""],
            ["ID", "Nom du centre", "Type", "Code commune"], ["1", "A", "EPS", "03.561.01.11"]]
    mapping = find_header(rows, CENTRE_FIELDS)
    assert mapping.header_index == 2
    assert mapping.positions == {"centre_id": 0, "name": 1, "centre_type": 2,
                                 "commune_code": 3}


def test_no_header() -> None:
    with pytest.raises(HeaderError, match="no recognisable header"):
        find_header([["a", "b"], ["1", "2"]], CENTRE_FIELDS)


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("management_mode", "Gestion déléguée", "delegated"),
        ("management_mode", "GESTION DELEGUEE", "delegated"),
        ("management_mode", "تدبير مفوض", "delegated"),
        ("management_mode", "Cogestion", "co_management"),
        ("management_mode", "تدبير مشترك", "co_management"),
        ("management_mode", "Gestion directe", "direct"),
        ("status", "En activité", "operating"),
        ("status", "مشتغل", "operating"),
        ("status", "في طور الاشتغال", "operating"),
        ("status", "En cours d'autorisation", "licensing"),
        ("status", "في طور الترخيص", "licensing"),
        ("status", "Fermé", "closed"),
        ("status", "En projet", "planned"),
        ("centre_type", "Dar Taliba", "eps"),
        ("centre_type", "دار الطالبة", "eps"),
        ("centre_type", "Jardin d'enfants", "kindergarten"),
        ("centre_type", "COAPH", "disability"),
        ("centre_type", "Espace multifonctionnel pour femmes", "women_space"),
        ("source", "INDH", "indh"),
        ("source", "Conseil provincial", "local_authority"),
        ("source", "التعاون الوطني", "entraide_nationale"),
    ],
)
def test_values(field: str, value: str, key: str) -> None:
    found = vocabulary(field).recognise(value)
    assert (found.key, found.score) == (key, 100.0)


@pytest.mark.parametrize(
    ("field", "terms"),
    [("centre_type", CENTRE_TYPES), ("management_mode", MANAGEMENT_MODES),
     ("status", STATUSES), ("source", FUNDING_SOURCES)],
)
def test_every_label_of_every_vocabulary_is_recognised(field: str, terms: tuple) -> None:
    vocab = vocabulary(field)
    for term in terms:
        for label in (term.key, term.fr, term.ar, term.en):
            assert vocab.recognise(label).key == term.key, label


def test_unknown_value() -> None:
    assert vocabulary("centre_type").recognise("Piscine municipale").key is None
