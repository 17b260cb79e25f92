"""Commune of a name as written: French or Arabic, 2014 spellings, arrondissements, fuzzy.

Names are normalised by :func:`loaders.names.normalise_name` and scoped to the province when
the row gives one; exact match first (then the same without articles: ``El Gouzate`` =
``Gouzate``, ``الكوزات`` = ``كوزات``), then ``rapidfuzz`` ``token_sort_ratio`` with a cutoff of
:data:`FUZZY_CUTOFF`. Two communes equally good: rejected, listing both.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from rapidfuzz import fuzz, process

import geodata
from geodata.hierarchy import city_of
from loaders.code_index import CodeIndex
from loaders.communes import CommuneLabels
from loaders.messages import N_, Message, joined
from loaders.names import normalise_name

__all__ = ["FUZZY_CUTOFF", "NameIndex", "NameMatch"]

FUZZY_CUTOFF = 88.0
_ARABIC = re.compile("[\u0600-\u06ff]")
_FUZZY_BATCH = 2000  # names scored per cdist call (2000 x ~3000 float32 = 24 MB at most)


def _without_articles(key: str) -> str:
    """A normalised name without the article: ``el`` words, and ``ال`` at the start of words."""
    words = []
    for word in key.split(" "):
        if word == "el":
            continue
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        words.append(word)
    return " ".join(words)


def _token_sorted(text: str) -> str:
    return " ".join(sorted(text.split()))


@dataclass(frozen=True)
class NameMatch:
    """Result of looking up one commune name (within a province when given)."""

    code: str | None
    method: str | None = None  # "name" or "fuzzy_name"
    score: float = math.nan
    warning: Message | None = None
    error: Message | None = None
    what_to_do: Message | None = None


class NameIndex:
    """Communes and provinces by name (see the module docstring); built on first use."""

    def __init__(self, communes: CommuneLabels, code_index: CodeIndex) -> None:
        self.communes = communes
        provinces = communes.provinces
        communes_table = communes.attributes
        index: dict[str, set[tuple[str, str | None]]] = defaultdict(set)

        def add(name: object, code: str, via: str | None = None) -> None:
            key = normalise_name(name)
            if key:
                index[key].add((code, via))

        for code, fr, ar in zip(communes_table["code"], communes_table["name_fr"],
                                communes_table["name_ar"], strict=True):
            add(fr, code)
            add(ar, code)
        for old_code, (new, old_name) in code_index.crosswalk.items():
            if "." in old_code and normalise_name(old_name) not in index:
                add(old_name, new)
        arr = geodata.arrondissements()
        for city, fr, ar in zip(arr["commune_code"], arr["name_fr"], arr["name_ar"],
                                strict=True):
            add(fr, city, fr)
            add(ar, city, fr)
        self.name_index: dict[str, frozenset[tuple[str, str | None]]] = {
            key: frozenset(values) for key, values in index.items()
        }
        # The same names without articles (El Gouzate = Gouzate, الصميعة = صميعة), consulted
        # only when the name as written is not found.
        loose: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
        for key, values in index.items():
            loose[_without_articles(key)].update(values)
        self.loose_index: dict[str, frozenset[tuple[str, str | None]]] = {
            key: frozenset(values) for key, values in loose.items() if key
        }
        # Fuzzy choices per script and per province (None = all of Morocco).
        self._choices: dict[tuple[str | None, bool], list[str]] = defaultdict(list)
        for key, values in self.name_index.items():
            arabic = bool(_ARABIC.search(key))
            self._choices[(None, arabic)].append(key)
            for province in {self.communes.province_of[code] for code, _ in values}:
                self._choices[(province, arabic)].append(key)
        # Provinces by name (French, Arabic, and unambiguous parts of hyphenated names).
        province_index: dict[str, set[str]] = defaultdict(set)
        parts: dict[str, set[str]] = defaultdict(set)
        for code, fr, ar in zip(provinces["code"], provinces["name_fr"], provinces["name_ar"],
                                strict=True):
            for name in (fr, ar):
                province_index[normalise_name(name)].add(code)
                for part in re.split(r"\s*-\s*", str(name)):
                    key = normalise_name(part)
                    if len(key) >= 4:
                        parts[key].add(code)
        for key, codes in parts.items():
            if len(codes) == 1 and key not in province_index:
                province_index[key] = codes
        self.province_index = {key: next(iter(codes)) for key, codes in province_index.items()
                               if len(codes) == 1}
        self.arrondissement = code_index.arrondissement

    def lookup_province(self, value: object) -> str | None:
        """Province code of a province name or code, or ``None`` when not recognised."""
        key = normalise_name(value)
        if key in self.province_index:
            return self.province_index[key]
        code = geodata.normalise_code(str(value).strip())
        if code in self.communes.province_names:
            return code
        city = city_of(code) if code else None
        if city is not None and code not in self.arrondissement:  # a Casablanca préfecture
            return self.communes.province_of[city]
        return None

    def lookup_names(self, pairs: Sequence[tuple[str, str | None]]) -> list[NameMatch]:
        """Communes of many (normalised name, province or None) pairs.

        Exact lookups first; the names left over are scored in bulk against the names of
        their province (or of Morocco), one ``rapidfuzz.process.cdist`` per province.
        """
        results: list[NameMatch | None] = [None] * len(pairs)
        misses: dict[tuple[str | None, bool], list[int]] = defaultdict(list)
        for index, (key, province) in enumerate(pairs):
            hits = self._exact(key, province)
            if hits:
                results[index] = self._decide(hits, "name", 100.0, self._where(province))
            else:
                misses[(province, bool(_ARABIC.search(key)))].append(index)
        for (province, arabic), indices in misses.items():
            scored = self._fuzzy_many([pairs[i][0] for i in indices], province, arabic)
            for index, candidates in zip(indices, scored, strict=True):
                results[index] = self._after_fuzzy(pairs[index][0], province, candidates)
        return [result for result in results if result is not None]

    def _where(self, province: str | None) -> Message | str:
        if not province:
            return ""
        return Message(" in province {name}", name=self.communes.province_names[province])

    def _after_fuzzy(self, key: str, province: str | None,
                     scored: list[tuple[str, str | None, float]]) -> NameMatch:
        where = self._where(province)
        if scored:
            best = max(score for _, _, score in scored)
            top = {(code, via) for code, via, score in scored if score >= best - 1e-3}
            return self._decide(top, "fuzzy_name", best, where)
        if province:
            elsewhere = self._exact(key, None)
            if elsewhere:
                labels = self.communes.label
                places = ", ".join(sorted(labels[code] for code in {c for c, _ in elsewhere}))
                return NameMatch(
                    None,
                    error=Message("no commune named {name}{where}; the name exists elsewhere: "
                                  "{places}", name=repr(key), where=where, places=places),
                    what_to_do=Message("check the province column, or give the commune code"),
                )
        return NameMatch(
            None,
            error=Message("no commune named {name}{where} (not even a close spelling)",
                          name=repr(key), where=where),
            what_to_do=Message("check the spelling against the HCP list, or give the commune "
                               "code or coordinates"),
        )

    def communes_named(self, name: object) -> set[str]:
        """Codes of the communes (or arrondissements' cities) exactly named ``name``."""
        return {code for code, _ in self.name_index.get(normalise_name(name), frozenset())}

    def _exact(self, key: str, province: str | None) -> set[tuple[str, str | None]]:
        for index, lookup in ((self.name_index, key), (self.loose_index, _without_articles(key))):
            hits = index.get(lookup, frozenset())
            if province:
                hits = {hit for hit in hits if self.communes.province_of[hit[0]] == province}
            if hits:
                return set(hits)
        return set()

    def _sorted_choices(self, province: str | None, arabic: bool) -> list[str]:
        cache = self._sorted_choice_cache
        if (province, arabic) not in cache:
            cache[(province, arabic)] = [_token_sorted(choice)
                                         for choice in self._choices.get((province, arabic), [])]
        return cache[(province, arabic)]

    @cached_property
    def _sorted_choice_cache(self) -> dict[tuple[str | None, bool], list[str]]:
        return {}

    def _fuzzy_many(self, keys: Sequence[str], province: str | None,
                    arabic: bool) -> list[list[tuple[str, str | None, float]]]:
        """Best candidates of each key: ``token_sort_ratio`` >= :data:`FUZZY_CUTOFF`, ties kept.

        Computed as ``ratio`` on token-sorted strings (the same score) with one
        ``cdist`` per batch of keys.
        """
        choices = self._choices.get((province, arabic), [])
        if not choices:
            return [[] for _ in keys]
        sorted_choices = self._sorted_choices(province, arabic)
        queries = [_token_sorted(key) for key in keys]
        out: list[list[tuple[str, str | None, float]]] = []
        for start in range(0, len(queries), _FUZZY_BATCH):
            matrix = process.cdist(queries[start:start + _FUZZY_BATCH], sorted_choices,
                                   scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                                   dtype=np.float32, workers=-1)
            best = matrix.max(axis=1)
            for row, top in enumerate(best):
                if top < FUZZY_CUTOFF:
                    out.append([])
                    continue
                scored = []
                for column in np.flatnonzero(matrix[row] >= top - 1e-3):
                    for code, via in self.name_index[choices[column]]:
                        if province is None or self.communes.province_of[code] == province:
                            scored.append((code, via, float(top)))
                out.append(scored)
        return out

    def _decide(self, hits: set[tuple[str, str | None]], method: str, score: float,
                where: Message | str) -> NameMatch:
        codes = {code for code, _ in hits}
        if len(codes) > 1:
            listed = "; ".join(sorted(self.communes.label[code] for code in codes))
            template = (N_("{n} communes equally close{where}: {listed}")
                        if method == "fuzzy_name"
                        else N_("{n} communes with this name{where}: {listed}"))
            return NameMatch(
                None,
                error=Message(template, n=len(codes), where=where, listed=listed),
                what_to_do=Message("add a province column, or give the commune code"),
            )
        code = next(iter(codes))
        via = sorted(v for c, v in hits if v)
        warnings = []
        if via and not any(c == code and v is None for c, v in hits):
            warnings.append(Message("{name} is an arrondissement; counted in the city commune "
                                    "{city}", name=via[0], city=self.communes.short_label[code]))
        if method == "fuzzy_name":
            warnings.append(Message("name matched approximately to {name} (score {score}/100)",
                                    name=self.communes.short_label[code],
                                    score=format(score, ".0f")))
        return NameMatch(code, method, round(score, 1), joined(warnings))
