"""French and Arabic display of the loaders' validation messages.

The loaders (``loaders.validate``, ``loaders.match``, ``loaders.read``) write their issues
(``problem``, ``what_to_do``) and the row report's ``messages`` in English, and the command
line and tests rely on that text. This module translates them for display only: each
message shape is a regular expression with named groups, and the French and Arabic
templates put the captured values back unchanged (they are the user's data: codes, names,
coordinates, amounts). A message that matches no shape is returned in English.

Composite messages ("<problem>; the point was used instead", a name warning joined to a
province note) are split at "; " and each part translated, when every part has a shape.

:func:`translate_message` translates one ``problem`` or ``what_to_do``;
:func:`translate_report_messages` one ``messages`` cell of ``LoadResult.report()``
(``[severity] problem → what_to_do`` joined with `` | ``); :func:`translate_severity`
the ``severity`` value. The Data page shows (and downloads) the issues table and the row
report in the page's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

__all__ = ["SHAPES", "translate_issues", "translate_limit", "translate_message",
           "translate_report", "translate_report_messages", "translate_severity"]


@dataclass(frozen=True)
class Shape:
    """One English message shape and its French and Arabic templates (``str.format``)."""

    pattern: re.Pattern[str]
    fr: str
    ar: str


def _shape(pattern: str, fr: str, ar: str) -> Shape:
    return Shape(re.compile(pattern, re.DOTALL), fr, ar)


_Q = r"(?P<{}>'.*'|\".*\")"  # a value shown with repr()


def _q(name: str) -> str:
    return _Q.format(name)


_WHERE = r"(?P<where>(?: in province .+?)?)"

SHAPES: tuple[Shape, ...] = (
    # ----------------------------------------------------------- codes (loaders.match)
    _shape(r"(?P<text>.+) is a 2014 commune code \((?P<old>.+)\); counted in commune "
           r"(?P<new>.+) of the 2024 division",
           "{text} est un code de commune de 2014 ({old}) ; compté dans la commune {new} "
           "du découpage de 2024",
           "{text} رمز جماعة حسب تقسيم 2014 ({old})؛ احتُسب في الجماعة {new} حسب تقسيم 2024"),
    _shape(r"(?P<text>.+) is the arrondissement (?P<name>.+); counted in the city commune "
           r"(?P<city>.+)",
           "{text} est l'arrondissement {name} ; compté dans la commune-ville {city}",
           "{text} هي المقاطعة {name}؛ احتُسبت في جماعة المدينة {city}"),
    _shape(r"(?P<text>.+) is a préfecture d'arrondissements of Casablanca; counted in the "
           r"city commune (?P<city>.+)",
           "{text} est une préfecture d'arrondissements de Casablanca ; compté dans la "
           "commune-ville {city}",
           "{text} عمالة مقاطعات بالدار البيضاء؛ احتُسب في جماعة المدينة {city}"),
    _shape(r"(?P<text>.+) is the code of a region \((?P<name>.+)\), not of a commune",
           "{text} est le code d'une région ({name}), pas d'une commune",
           "{text} رمز جهة ({name})، وليس رمز جماعة"),
    _shape(r"(?P<text>.+) is the code of a province or préfecture \((?P<name>.+)\), not of "
           r"a commune",
           "{text} est le code d'une province ou préfecture ({name}), pas d'une commune",
           "{text} رمز إقليم أو عمالة ({name})، وليس رمز جماعة"),
    _shape(r"(?P<text>.+) is the code of a cercle \((?P<name>.+)\), not of a commune",
           "{text} est le code d'un cercle ({name}), pas d'une commune",
           "{text} رمز دائرة ({name})، وليس رمز جماعة"),
    _shape(r"give the code of the commune where the centre is \(e\.g\. (?P<a>\S+) or "
           r"(?P<b>\S+)\)",
           "donnez le code de la commune où se trouve le centre (p. ex. {a} ou {b})",
           "أدخل رمز الجماعة التي يوجد بها المركز (مثلا {a} أو {b})"),
    _shape(r"commune code " + _q("code") + r" is not in the HCP reference table",
           "le code de commune {code} n'est pas dans la table de référence du HCP",
           "رمز الجماعة {code} غير موجود في الجدول المرجعي للمندوبية السامية للتخطيط"),
    _shape(r"check the code \(dotted (?P<a>\S+) or 9 digits (?P<b>\S+)\), or give the "
           r"commune name or coordinates instead",
           "vérifiez le code (pointé {a} ou 9 chiffres {b}), ou donnez plutôt le nom de la "
           "commune ou les coordonnées",
           "تحقق من الرمز (بالنقاط {a} أو 9 أرقام {b})، أو أدخل بدلا منه اسم الجماعة أو "
           "الإحداثيات"),
    # ----------------------------------------------------------- names (loaders.match)
    _shape(r"no commune named " + _q("name") + _WHERE
           + r"; the name exists elsewhere: (?P<places>.+)",
           "aucune commune nommée {name}{where} ; ce nom existe ailleurs : {places}",
           "لا توجد جماعة باسم {name}{where}؛ هذا الاسم موجود في مكان آخر: {places}"),
    _shape(r"no commune named " + _q("name") + _WHERE + r" \(not even a close spelling\)",
           "aucune commune nommée {name}{where} (pas même d'orthographe proche)",
           "لا توجد جماعة باسم {name}{where} (ولا حتى بكتابة قريبة)"),
    _shape(r"check the province column, or give the commune code",
           "vérifiez la colonne province, ou donnez le code de la commune",
           "تحقق من عمود الإقليم، أو أدخل رمز الجماعة"),
    _shape(r"check the spelling against the HCP list, or give the commune code or "
           r"coordinates",
           "vérifiez l'orthographe avec la liste du HCP, ou donnez le code de la commune ou "
           "les coordonnées",
           "تحقق من الكتابة في لائحة المندوبية السامية للتخطيط، أو أدخل رمز الجماعة أو "
           "الإحداثيات"),
    _shape(r"(?P<n>\d+) communes equally close" + _WHERE + r": (?P<listed>.+)",
           "{n} communes aussi proches l'une que l'autre{where} : {listed}",
           "{n} جماعات متقاربة بالقدر نفسه{where}: {listed}"),
    _shape(r"(?P<n>\d+) communes with this name" + _WHERE + r": (?P<listed>.+)",
           "{n} communes portent ce nom{where} : {listed}",
           "{n} جماعات تحمل هذا الاسم{where}: {listed}"),
    _shape(r"add a province column, or give the commune code",
           "ajoutez une colonne province, ou donnez le code de la commune",
           "أضف عمود الإقليم، أو أدخل رمز الجماعة"),
    _shape(r"(?P<name>[^;]+) is an arrondissement; counted in the city commune (?P<city>[^;]+)",
           "{name} est un arrondissement ; compté dans la commune-ville {city}",
           "{name} مقاطعة؛ احتُسبت في جماعة المدينة {city}"),
    _shape(r"name matched approximately to (?P<name>[^;]+) \(score (?P<score>\d+)/100\)",
           "nom rapproché de {name} (score {score}/100)",
           "طوبق الاسم تقريبيا مع {name} (النتيجة {score}/100)"),
    _shape(r"province " + _q("province") + r" not recognised; commune searched in all of "
           r"Morocco",
           "province {province} non reconnue ; commune cherchée dans tout le Maroc",
           "الإقليم {province} غير معروف؛ بُحث عن الجماعة في كل المغرب"),
    # ----------------------------------------------------------- points (loaders.match)
    _shape(r"latitude and longitude look swapped \(latitude (?P<lat>\S+), longitude "
           r"(?P<lon>\S+)\); read the other way round, the point is in (?P<name>.+)",
           "latitude et longitude semblent inversées (latitude {lat}, longitude {lon}) ; "
           "lu dans l'autre sens, le point est dans {name}",
           "يبدو أن خط العرض وخط الطول مقلوبان (خط العرض {lat}، خط الطول {lon})؛ "
           "بالقراءة المعكوسة تقع النقطة في {name}"),
    _shape(r"point \(latitude (?P<lat>\S+), longitude (?P<lon>\S+)\) lies (?P<km>\S+) km "
           r"outside the commune boundaries \(sea or border\); given to the nearest commune "
           r"(?P<name>.+)",
           "le point (latitude {lat}, longitude {lon}) est à {km} km hors des limites des "
           "communes (mer ou frontière) ; attribué à la commune la plus proche, {name}",
           "النقطة (خط العرض {lat}، خط الطول {lon}) تقع على بعد {km} كلم خارج حدود "
           "الجماعات (بحر أو حدود)؛ نُسبت إلى أقرب جماعة {name}"),
    _shape(r"coordinates \(latitude (?P<lat>\S+), longitude (?P<lon>\S+)\) look like metres "
           r"\(Lambert or UTM\), not degrees",
           "les coordonnées (latitude {lat}, longitude {lon}) semblent en mètres (Lambert "
           "ou UTM), pas en degrés",
           "الإحداثيات (خط العرض {lat}، خط الطول {lon}) تبدو بالأمتار (لامبير أو UTM) "
           "وليست بالدرجات"),
    _shape(r"convert the coordinates to WGS84 degrees \(EPSG:4326\)",
           "convertissez les coordonnées en degrés WGS84 (EPSG:4326)",
           "حوّل الإحداثيات إلى درجات WGS84 (EPSG:4326)"),
    _shape(r"coordinates \(latitude (?P<lat>\S+), longitude (?P<lon>\S+)\) are not valid "
           r"degrees",
           "les coordonnées (latitude {lat}, longitude {lon}) ne sont pas des degrés valides",
           "الإحداثيات (خط العرض {lat}، خط الطول {lon}) ليست درجات صالحة"),
    _shape(r"latitude must be between -90 and 90, longitude between -180 and 180 \(WGS84\)",
           "la latitude doit être entre -90 et 90, la longitude entre -180 et 180 (WGS84)",
           "يجب أن يكون خط العرض بين -90 و90، وخط الطول بين -180 و180 (WGS84)"),
    _shape(r"point outside Morocco \(latitude (?P<lat>\S+), longitude (?P<lon>\S+)\)",
           "point hors du Maroc (latitude {lat}, longitude {lon})",
           "نقطة خارج المغرب (خط العرض {lat}، خط الطول {lon})"),
    _shape(r"check the coordinates \(WGS84 decimal degrees; Morocco lies between latitudes "
           r"21 and 36 N and longitudes 1 and 17 W\)",
           "vérifiez les coordonnées (degrés décimaux WGS84 ; le Maroc est entre les "
           "latitudes 21 et 36 N et les longitudes 1 et 17 O)",
           "تحقق من الإحداثيات (درجات عشرية WGS84؛ يقع المغرب بين خطي العرض 21 و36 شمالا "
           "وخطي الطول 1 و17 غربا)"),
    _shape(r"Moroccan longitudes are west of Greenwich: the longitude should be negative",
           "les longitudes marocaines sont à l'ouest de Greenwich : la longitude devrait "
           "être négative",
           "خطوط الطول في المغرب غرب غرينتش: يجب أن يكون خط الطول سالبا"),
    # ----------------------------------------------------------- geometry (loaders.read)
    _shape(r"the feature has no geometry", "l'objet n'a pas de géométrie",
           "العنصر بلا شكل هندسي"),
    _shape(r"the geometry is a (?P<kind>\S+), not a point; ignored",
           "la géométrie est un {kind}, pas un point ; ignorée",
           "الشكل الهندسي من نوع {kind} وليس نقطة؛ تم تجاهله"),
    # ----------------------------------------------------------- validation (loaders.validate)
    _shape(r"(?P<what>latitude|longitude) is not a coordinate; ignored",
           "{what} n'est pas une coordonnée ; ignorée",
           "{what} ليس إحداثية؛ تم تجاهله"),
    _shape(r"write decimal degrees such as (?P<a>\S+) or (?P<b>\S+)",
           "écrivez des degrés décimaux comme {a} ou {b}",
           "اكتب درجات عشرية مثل {a} أو {b}"),
    _shape(r"(?P<field>\w+) is not a whole number between 0 and (?P<max>[\d,]+); left empty",
           "{field} n'est pas un nombre entier entre 0 et {max} ; laissé vide",
           "{field} ليس عددا صحيحا بين 0 و{max}؛ تُرك فارغا"),
    _shape(r"write a whole number, or leave the cell empty",
           "écrivez un nombre entier, ou laissez la cellule vide",
           "اكتب عددا صحيحا، أو اترك الخانة فارغة"),
    _shape(r"(?P<field>\w+) is empty", "{field} est vide", "{field} فارغ"),
    _shape(r"use one of: (?P<values>.+)", "utilisez l'une des valeurs : {values}",
           "استعمل إحدى القيم: {values}"),
    _shape(r"(?P<field>\w+) " + _q("value") + r" read as " + _q("key")
           + r" \(close spelling, score (?P<score>\d+)/100\)",
           "{field} {value} lu comme {key} (orthographe proche, score {score}/100)",
           "{field} {value} قُرئ على أنه {key} (كتابة قريبة، النتيجة {score}/100)"),
    _shape(r"unknown (?P<field>\w+) " + _q("value") + r"; left empty",
           "{field} inconnu {value} ; laissé vide", "{field} غير معروف {value}؛ تُرك فارغا"),
    _shape(r"unknown (?P<field>\w+) " + _q("value") + r"; counted as " + _q("key"),
           "{field} inconnu {value} ; compté comme {key}",
           "{field} غير معروف {value}؛ احتُسب على أنه {key}"),
    _shape(r"unknown (?P<field>\w+) " + _q("value"), "{field} inconnu {value}",
           "{field} غير معروف {value}"),
    _shape(r"the point lies in (?P<point>.+), (?P<km>\S+) km from commune (?P<code>.+) "
           r"given by the code; the code was kept",
           "le point est dans {point}, à {km} km de la commune {code} donnée par le code ; "
           "le code a été gardé",
           "تقع النقطة في {point}، على بعد {km} كلم من الجماعة {code} المحددة بالرمز؛ "
           "تم الاحتفاظ بالرمز"),
    _shape(r"check the code or the coordinates", "vérifiez le code ou les coordonnées",
           "تحقق من الرمز أو الإحداثيات"),
    _shape(r"no location", "aucune localisation", "لا يوجد موقع"),
    _shape(r"give a commune code \((?P<a>\S+)\), coordinates \(latitude, longitude\) or a "
           r"commune name",
           "donnez un code de commune ({a}), des coordonnées (latitude, longitude) ou un "
           "nom de commune",
           "أدخل رمز جماعة ({a}) أو إحداثيات (خط العرض، خط الطول) أو اسم جماعة"),
    _shape(r"the province is (?P<given>.+), but commune (?P<commune>.+) of the code is in "
           r"(?P<actual>.+); the code was kept",
           "la province est {given}, mais la commune {commune} du code est dans {actual} ; "
           "le code a été gardé",
           "الإقليم هو {given}، لكن الجماعة {commune} المحددة بالرمز تقع في {actual}؛ "
           "تم الاحتفاظ بالرمز"),
    _shape(r"check the code or the province", "vérifiez le code ou la province",
           "تحقق من الرمز أو الإقليم"),
    _shape(r"the commune name is (?P<places>.+), not the commune of the code "
           r"\((?P<commune>.+)\); the code was kept",
           "le nom de commune désigne {places}, pas la commune du code ({commune}) ; le code "
           "a été gardé",
           "اسم الجماعة يشير إلى {places}، وليس إلى جماعة الرمز ({commune})؛ تم الاحتفاظ "
           "بالرمز"),
    _shape(r"check the code or the commune name", "vérifiez le code ou le nom de la commune",
           "تحقق من الرمز أو اسم الجماعة"),
    _shape(r"only one of latitude and longitude is given; the point is ignored",
           "une seule des deux coordonnées (latitude, longitude) est donnée ; le point est "
           "ignoré",
           "أُدخل خط العرض أو خط الطول فقط؛ تم تجاهل النقطة"),
    _shape(r"give both, in WGS84 decimal degrees",
           "donnez les deux, en degrés décimaux WGS84",
           "أدخل الاثنين، بالدرجات العشرية WGS84"),
    _shape(r"second column for (?P<field>\w+) ignored \(the first one is used\)",
           "deuxième colonne pour {field} ignorée (la première est utilisée)",
           "تم تجاهل العمود الثاني لـ {field} (يُستعمل الأول)"),
    _shape(r"the centre name is empty", "le nom du centre est vide", "اسم المركز فارغ"),
    _shape(r"give the centre's name", "donnez le nom du centre", "أدخل اسم المركز"),
    _shape(r"no centre_id column: ids row-<n> were generated from row numbers",
           "pas de colonne centre_id : des identifiants row-<n> ont été créés à partir des "
           "numéros de ligne",
           "لا يوجد عمود centre_id: أُنشئت معرفات row-<n> من أرقام الأسطر"),
    _shape(r"add an ID column so that grants can refer to centres",
           "ajoutez une colonne d'identifiants pour que les financements puissent désigner "
           "les centres",
           "أضف عمود معرفات لكي يمكن ربط التمويلات بالمراكز"),
    _shape(r"centre_id is empty; (?P<id>row-\d+) was generated",
           "centre_id est vide ; {id} a été créé", "centre_id فارغ؛ أُنشئ المعرف {id}"),
    _shape(r"give every centre an id", "donnez un identifiant à chaque centre",
           "أعط لكل مركز معرفا"),
    _shape(r"centre_id " + _q("id") + r" already used on row (?P<row>\d+)",
           "centre_id {id} déjà utilisé à la ligne {row}",
           "centre_id {id} مستعمل من قبل في السطر {row}"),
    _shape(r"give each centre its own id; remove the duplicated row",
           "donnez à chaque centre son propre identifiant ; supprimez la ligne en double",
           "أعط لكل مركز معرفه الخاص؛ احذف السطر المكرر"),
    _shape(r"services must be a whole number between 0 and (?P<max>\d+)",
           "services doit être un nombre entier entre 0 et {max}",
           "يجب أن يكون services عددا صحيحا بين 0 و{max}"),
    _shape(r"write the number of services offered \(default 1\)",
           "écrivez le nombre de services offerts (1 par défaut)",
           "اكتب عدد الخدمات المقدمة (1 افتراضيا)"),
    _shape(r"write a year between (?P<first>\d+) and (?P<last>\d+)",
           "écrivez une année entre {first} et {last}",
           "اكتب سنة بين {first} و{last}"),
    _shape(r"(?P<field>\w+) " + _q("value") + r" is not a plausible year",
           "{field} {value} n'est pas une année plausible",
           "{field} {value} ليست سنة معقولة"),
    _shape(r"closed_year (?P<closed>\d+) is before opened_year (?P<opened>\d+)",
           "closed_year {closed} est antérieure à opened_year {opened}",
           "closed_year {closed} سابقة لـ opened_year {opened}"),
    _shape(r"write the year the centre closed, not before the year it opened",
           "écrivez l'année de fermeture du centre, pas avant son année d'ouverture",
           "اكتب سنة إغلاق المركز، لا قبل سنة افتتاحه"),
    _shape(r"centre_id " + _q("id") + r" is not among the accepted centres",
           "centre_id {id} ne fait pas partie des centres acceptés",
           "centre_id {id} ليس ضمن المراكز المقبولة"),
    _shape(r"centre_id " + _q("id") + r" cannot be checked: no centres were loaded",
           "centre_id {id} ne peut pas être vérifié : aucun centre n'a été chargé",
           "لا يمكن التحقق من centre_id {id}: لم تُحمّل أي مراكز"),
    _shape(r"check the id against the centres file \(a centre rejected there cannot receive "
           r"grants\)",
           "vérifiez l'identifiant dans le fichier des centres (un centre rejeté ne peut pas "
           "recevoir de financement)",
           "تحقق من المعرف في ملف المراكز (المركز المرفوض لا يمكنه تلقي تمويل)"),
    _shape(r"load the centres file together with the funding file",
           "chargez le fichier des centres avec le fichier des financements",
           "حمّل ملف المراكز مع ملف التمويل"),
    _shape(r"the amount is empty", "le montant est vide", "المبلغ فارغ"),
    _shape(r"the amount " + _q("value") + r" is not a number",
           "le montant {value} n'est pas un nombre", "المبلغ {value} ليس عددا"),
    _shape(r"the amount is negative", "le montant est négatif", "المبلغ سالب"),
    _shape(r"the amount is zero", "le montant est nul", "المبلغ صفر"),
    _shape(r"the amount is not a number", "le montant n'est pas un nombre", "المبلغ ليس عددا"),
    _shape(r"write a positive amount in dirhams, e\.g\. (?P<example>.+)",
           "écrivez un montant positif en dirhams, p. ex. {example}",
           "اكتب مبلغا موجبا بالدرهم، مثلا {example}"),
    # ----------------------------------------------------------- suffixes of composites
    _shape(r"the point was used instead", "le point a été utilisé à la place",
           "استُعملت النقطة بدلا منه"),
    _shape(r"the commune code was used", "le code de commune a été utilisé",
           "استُعمل رمز الجماعة"),
    _shape(r"the commune name was used instead", "le nom de la commune a été utilisé à la "
           "place", "استُعمل اسم الجماعة بدلا منه"),
    _shape(r"left empty", "laissé vide", "تُرك فارغا"),
    _shape(r"the grant was located by its own location",
           "le financement a été localisé par sa propre localisation",
           "حُدد موقع التمويل بموقعه الخاص"),
    # ------------------------------------------------ territories (dashboard.store.territory)
    _shape(r"outside the territory of (?P<name>[^ ]+) \((?P<territory>[0-9.,]+)\)",
           "hors du territoire de {name} ({territory})",
           "خارج المجال الترابي لـ {name} ({territory})"),
    _shape(r"import this row into the dataset that covers its province",
           "importez cette ligne dans le jeu de données qui couvre sa province",
           "استورد هذا السطر في مجموعة البيانات التي تغطي إقليمه"),
)

_WHERE_TEXT = re.compile(r" in province (?P<name>.+)")
_WHERE_FR = " dans la province {name}"
_WHERE_AR = " في إقليم {name}"
_JOIN = {"fr": " ; ", "ar": "؛ "}
_SEVERITY = {"error": {"fr": "erreur", "ar": "خطأ"},
             "warning": {"fr": "avertissement", "ar": "تنبيه"}}
_REPORT_ITEM = re.compile(r"\[(?P<severity>error|warning)\] (?P<problem>.*?)"
                          r"(?: → (?P<what>.*))?", re.DOTALL)


def _values(match: re.Match[str], lang: str) -> dict[str, str]:
    values = match.groupdict()
    where = values.get("where")
    if where:
        inner = _WHERE_TEXT.fullmatch(where)
        if inner:
            values["where"] = (_WHERE_FR if lang == "fr" else _WHERE_AR).format(**inner.groupdict())
    return {key: value or "" for key, value in values.items()}


def _translate(text: str, lang: str) -> str | None:
    for shape in SHAPES:
        match = shape.pattern.fullmatch(text)
        if match:
            return getattr(shape, lang).format(**_values(match, lang))
    # Composite: "<part>; <part>[; …]", every part a known shape.
    start = 0
    while (cut := text.find("; ", start)) >= 0:
        head = _translate_one(text[:cut], lang)
        if head is not None:
            tail = _translate(text[cut + 2:], lang)
            if tail is not None:
                return head + _JOIN[lang] + tail
        start = cut + 2
    return None


def _translate_one(text: str, lang: str) -> str | None:
    for shape in SHAPES:
        match = shape.pattern.fullmatch(text)
        if match:
            return getattr(shape, lang).format(**_values(match, lang))
    return None


# --------------------------------------------------------------------------- limits
# loaders.limits.refuse: "<found> <unit> > <limit>: <advice> or raise <VAR>" or
# "more than <limit> <unit>: <advice> or raise <VAR>"; loaders.sandbox: time and memory.
_LIMIT = re.compile(r"(?:(?P<found>[\d,]+) (?P<unit>.+?) > (?P<limit>[\d,]+)|more than "
                    r"(?P<limit2>[\d,]+) (?P<unit2>.+?)): (?P<advice>.+) or raise "
                    r"(?P<var>TAGHTIA_MAX_[A-Z_]+)")
_WORKER = re.compile(r"This file (?:took more than (?P<seconds>[\d.,]+) s|needed more than "
                     r"(?P<mb>[\d,]+) MB) to read; split it, save it again, or raise "
                     r"(?P<var>TAGHTIA_MAX_[A-Z_]+)")
_UNITS = {
    "rows": ("lignes", "سطر"), "features": ("entités", "كيان"), "cells": ("cellules", "خلية"),
    "texts": ("textes", "نص"), "columns": ("colonnes", "عمود"), "MB": ("Mo", "م.ب"),
    "MB once decompressed": ("Mo une fois décompressé", "م.ب بعد فك الضغط"),
    "times compressed": ("fois compressé", "مرة مضغوط"),
    "levels of nesting": ("niveaux d'imbrication", "مستوى تداخل"),
}
_ADVICE = {
    "split the file": ("découpez le fichier", "قسّم الملف"),
    "split the file or keep one sheet": ("découpez le fichier ou gardez une seule feuille",
                                         "قسّم الملف أو احتفظ بورقة واحدة"),
    "split the layer": ("découpez la couche", "قسّم الطبقة"),
    "split the workbook": ("découpez le classeur", "قسّم المصنف"),
    "keep only the columns Taghtia reads": ("gardez seulement les colonnes lues par Taghtia",
                                            "احتفظ فقط بالأعمدة التي يقرؤها تغطية"),
    "export the layer again from your GIS": ("exportez à nouveau la couche depuis votre SIG",
                                             "صدّر الطبقة من جديد من نظام المعلومات الجغرافية"),
    "this is not an ordinary workbook; open it in a spreadsheet and save it again": (
        "ce n'est pas un classeur ordinaire ; ouvrez-le dans un tableur et enregistrez-le à "
        "nouveau", "هذا ليس مصنفا عاديا؛ افتحه في برنامج جداول وأعد حفظه"),
}


def translate_limit(text: str, lang: str) -> str | None:
    """A limit message of the loaders (``loaders.limits.refuse``, the worker's time and
    memory limits) in ``lang`` — the limit, and the way out: what to do with the file, or
    the variable an administrator raises — or None when ``text`` is not one."""
    index = {"fr": 0, "ar": 1}.get(lang)
    if index is None:
        return None
    match = _WORKER.fullmatch(text)
    if match:
        var = match["var"]
        if match["seconds"]:
            return (f"la lecture de ce fichier dépasse {match['seconds']} s : découpez-le, "
                    f"enregistrez-le à nouveau, ou faites relever {var} par l'administrateur"
                    if lang == "fr" else
                    f"تتجاوز قراءة هذا الملف {match['seconds']} ثانية: قسّمه أو أعد حفظه، "
                    f"أو اطلب من المسؤول رفع {var}")
        return (f"la lecture de ce fichier demande plus de {match['mb']} Mo : découpez-le, "
                f"enregistrez-le à nouveau, ou faites relever {var} par l'administrateur"
                if lang == "fr" else
                f"تتطلب قراءة هذا الملف أكثر من {match['mb']} م.ب: قسّمه أو أعد حفظه، "
                f"أو اطلب من المسؤول رفع {var}")
    match = _LIMIT.fullmatch(text)
    if not match:
        return None
    unit = match["unit"] or match["unit2"]
    unit_text = _UNITS.get(unit, (unit, unit))[index]
    advice = _ADVICE.get(match["advice"], (match["advice"], match["advice"]))[index]
    var = match["var"]
    if match["found"]:
        head = f"{match['found']} {unit_text} > {match['limit']}"
    else:
        head = (f"plus de {match['limit2']} {unit_text}" if lang == "fr" else
                f"أكثر من {match['limit2']} {unit_text}")
    if lang == "fr":
        return f"{head} : {advice}, ou faites relever {var} par l'administrateur"
    return f"{head}: {advice}، أو اطلب من المسؤول رفع {var}"


def translate_message(text: object, lang: str) -> object:
    """``text`` (a loaders' ``problem`` or ``what_to_do``, or a limit message) in ``lang``;
    English unchanged when ``lang`` is ``en``, when ``text`` is not a string or when no
    shape matches."""
    if lang == "en" or not isinstance(text, str) or not text:
        return text
    translated = translate_limit(text, lang) or _translate(text, lang)
    return text if translated is None else translated


def translate_severity(severity: object, lang: str) -> object:
    """``error`` / ``warning`` in ``lang`` (other values unchanged)."""
    if lang == "en" or not isinstance(severity, str):
        return severity
    return _SEVERITY.get(severity, {}).get(lang, severity)


def translate_report_messages(text: object, lang: str) -> object:
    """One ``messages`` cell of ``LoadResult.report()`` in ``lang``: each
    ``[severity] problem → what_to_do`` item (joined by `` | ``) translated."""
    if lang == "en" or not isinstance(text, str) or not text:
        return text
    items = []
    for item in text.split(" | "):
        match = _REPORT_ITEM.fullmatch(item)
        if not match:
            items.append(translate_message(item, lang))
            continue
        line = (f"[{translate_severity(match['severity'], lang)}] "
                f"{translate_message(match['problem'], lang)}")
        if match["what"] is not None:
            line += f" → {translate_message(match['what'], lang)}"
        items.append(line)
    return " | ".join(items)


def translate_issues(issues: pd.DataFrame, lang: str, *, severity: bool = True) -> pd.DataFrame:
    """A copy of an issues table with ``problem``, ``what_to_do`` and (unless ``severity`` is
    false) ``severity`` in ``lang``."""
    if lang == "en" or issues.empty:
        return issues
    out = issues.copy()
    cache: dict[str, object] = {}
    for column in ("problem", "what_to_do"):
        if column in out:
            out[column] = out[column].map(
                lambda v: cache.setdefault(v, translate_message(v, lang))
                if isinstance(v, str) else v)
    if severity and "severity" in out:
        out["severity"] = out["severity"].map(lambda v: translate_severity(v, lang))
    return out


def translate_report(report: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A copy of a row report with its ``messages`` column in ``lang``."""
    if lang == "en" or "messages" not in report or report.empty:
        return report
    out = report.copy()
    out["messages"] = out["messages"].map(lambda v: translate_report_messages(v, lang))
    return out
