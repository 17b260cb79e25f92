"""Interface strings of territories, the national registry and territory-scoped editors
(French, Arabic, English), merged into :data:`dashboard.i18n.strings.STRINGS`.

The ``territory.*`` and ``access.refused_*`` keys are the message ids of the store's
refusals (:class:`dashboard.store.StoreError` ``key`` and ``params``).
"""

from __future__ import annotations

REGISTRY_STRINGS: dict[str, tuple[str, str, str]] = {
    # --- refusals of the store ------------------------------------------------------------
    "territory.empty": (
        "Territoire vide : indiquez des codes de régions ou de provinces, p. ex. 03.561 ou 03.",
        "مجال ترابي فارغ: أدخل رموز جهات أو أقاليم، مثلا 03.561 أو 03.",
        "The territory is empty: give region or province codes, e.g. 03.561 or 03."),
    "territory.bad_code": (
        "« {code} » n'est pas le code d'une région ou d'une province (03.561 ou 03).",
        "«{code}» ليس رمز جهة أو إقليم (03.561 أو 03).",
        "'{code}' is not the code of a region or a province (03.561 or 03)."),
    "territory.nested": (
        "Le territoire cite la province {code} et sa région {region} : gardez l'une des deux.",
        "يذكر المجال الترابي الإقليم {code} وجهته {region}: احتفظ بأحدهما.",
        "The territory lists the province {code} and its region {region}: keep one of them."),
    "territory.reserved": (
        "« {name} » est le nom du registre national : enregistrez sous le nom du jeu de "
        "données, avec son territoire.",
        "«{name}» اسم السجل الوطني: احفظ باسم مجموعة البيانات مع مجالها الترابي.",
        "'{name}' is the national registry's name: save under the dataset's own name, with "
        "its territory."),
    "territory.changed": (
        "{name} couvre {territory}, pas {asked} : enregistrez sous un autre nom, ou "
        "supprimez {name} d'abord.",
        "تغطي {name} المجال {territory} وليس {asked}: احفظ باسم آخر أو احذف {name} أولا.",
        "{name} covers {territory}, not {asked}: save under another name, or delete {name} "
        "first."),
    "territory.overlap": (
        "Le territoire {territory} de {name} chevauche {other} ({other_territory}) pour la "
        "province {province} : supprimez {other} ou choisissez un autre territoire.",
        "المجال الترابي {territory} لـ {name} يتداخل مع {other} ({other_territory}) في "
        "الإقليم {province}: احذف {other} أو اختر مجالا آخر.",
        "The territory {territory} of {name} overlaps {other} ({other_territory}) at "
        "province {province}: delete {other} or choose another territory."),
    "access.refused_viewer": (
        "{user} peut consulter les jeux de données mais pas les modifier : demandez à un "
        "éditeur, ou à être ajouté à un groupe d'éditeurs.",
        "يمكن لـ {user} الاطلاع على مجموعات البيانات دون تعديلها: اطلب ذلك من محرر أو "
        "أن تُضاف إلى مجموعة المحررين.",
        "{user} may read the datasets but not change them: ask an editor, or to be added "
        "to an editor group."),
    "access.refused_territory": (
        "{user} édite seulement le territoire {scope}, pas {dataset} ({territory}).",
        "يحرر {user} المجال الترابي {scope} فقط، وليس {dataset} ({territory}).",
        "{user} edits the territory {scope} only, not {dataset} ({territory})."),
    "access.refused_national": (
        "{user} édite seulement le territoire {scope} : cette action revient au siège.",
        "يحرر {user} المجال الترابي {scope} فقط: هذا الإجراء من اختصاص المقر.",
        "{user} edits the territory {scope} only: this action is for headquarters."),
}
