"""Partner names: one partner whatever its spelling, likely duplicates proposed, never merged.

A registry's ``partner`` column names the association running a centre, and a delegation
writes the same association many ways. Two names are **the same partner when their
normalised forms are equal** (:func:`normalise_partner`):

* case and accents folded (``Étoile`` = ``etoile``);
* every punctuation mark or symbol, and every run of spaces, read as one space
  (``Al-Wifaq`` = ``Al  Wifaq``);
* the abbreviations ``Assoc.``, ``Asso.`` and ``Ass.`` read as ``association``;
* Arabic: tatweel and diacritics (harakat) removed, ``ة`` → ``ه``, ``أ إ آ`` → ``ا``,
  ``ى`` → ``ي``.

Names that are close but not equal (a typo: ``Al Wifak`` / ``Al Wifaq``) are **proposed**
(:func:`propose_duplicates`) with a score, never merged silently. The score is rapidfuzz's
normalised Levenshtein similarity (0-100) of the two normalised forms without the word
"association"; only names at most two letters apart (:data:`MAX_EDITS`) whose differing
words are alike are proposed: one letter wrong in a name of 10 costs 10 points, while a
different word ("Annour Ouazzane" / "Annour Mokrisset") is never proposed however long the
words they share. "Al Wifaq" and "Association Al Wifaq" score 100: proposed, not merged.
A delegate confirms or rejects a proposal; the decisions (:class:`PartnerDecisions`) are
kept with the dataset, so the next import of the same files gives the same partners.

A partner's id (:func:`partner_id`) is a short hash of its normalised form: the same name
gets the same id on every import and every machine.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

__all__ = [
    "DUPLICATE_THRESHOLD",
    "PartnerDecisions",
    "normalise_partner",
    "partner_id",
    "partner_keys",
    "propose_duplicates",
    "with_partner_ids",
]

DUPLICATE_THRESHOLD = 80.0
"""Lowest score (0-100) at which two different normalised names are proposed as one partner."""
MAX_EDITS = 2
"""Most letters added, dropped or changed between two names proposed as one partner."""
WORD_SIMILARITY = 75.0
"""Lowest similarity (0-100) of the words two proposed names do not share."""
"""Most letters added, dropped or changed between two names proposed as one partner."""

_ABBREVIATIONS = {"assoc": "association", "asso": "association", "ass": "association"}
_ARABIC_LETTERS = str.maketrans({"ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ـ": ""})
_NOT_WORD = re.compile(r"[\W_]+")
# Words left out of the blocking keys (too common to tell two names apart).
_COMMON_WORDS = frozenset({
    "association", "ass", "al", "el", "de", "du", "des", "la", "le", "les", "l", "d", "pour",
    "et", "فرع", "جمعيه", "ال", "و", "ل", "للتنميه",
})
_LEGAL_FORMS = frozenset({"association", "جمعيه"})
_BLOCK_CHARS = 3


@lru_cache(maxsize=200_000)
def normalise_partner(name: object) -> str:
    """Key under which a partner name is compared (the module's rules).

    Parameters
    ----------
    name : object
        A name as typed: ``"Assoc. Al-Wifaq"``, ``"ASSOCIATION  AL WIFAQ"``, ``"جمعيّة الوفاق"``.

    Returns
    -------
    str
        Lower-case words separated by single spaces; ``""`` for an empty or missing value.
    """
    if name is None or name is pd.NA or (isinstance(name, float) and np.isnan(name)):
        return ""
    value = str(name)
    if value.isascii():  # most names: nothing to fold but the case
        value = value.lower()
    else:
        value = unicodedata.normalize("NFKC", value).casefold().translate(_ARABIC_LETTERS)
        value = "".join(ch for ch in unicodedata.normalize("NFKD", value)
                        if not unicodedata.combining(ch))
        value = unicodedata.normalize("NFC", value).translate(_ARABIC_LETTERS)
    words = _NOT_WORD.sub(" ", value).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def partner_id(key: str) -> str:
    """Stable id of the partner whose normalised name is ``key`` (``P-`` and 8 hex digits)."""
    return "P-" + hashlib.blake2b(key.encode("utf-8"), digest_size=4).hexdigest()


@dataclass(frozen=True)
class PartnerDecisions:
    """A delegate's review of likely duplicates: the partners map kept with a dataset.

    Attributes
    ----------
    merges : dict of str to str
        Normalised name → normalised name of the partner it is (confirmed duplicates).
    apart : frozenset of tuple of str
        Pairs of normalised names confirmed as different partners (rejected proposals),
        each pair sorted.
    """

    merges: Mapping[str, str] = field(default_factory=dict)
    apart: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def from_json(cls, value: object) -> PartnerDecisions:
        """Decisions from what :meth:`to_json` wrote (``None`` or ``{}``: no decision)."""
        if not isinstance(value, Mapping):
            return cls()
        merges = {str(k): str(v) for k, v in dict(value.get("merges") or {}).items()}
        apart = frozenset(_pair(a, b) for a, b in value.get("apart") or ())
        return cls(merges, apart)

    def to_json(self) -> dict[str, object]:
        """JSON-ready form: ``{"merges": {name: partner}, "apart": [[a, b], ...]}``."""
        return {"merges": dict(sorted(self.merges.items())),
                "apart": [list(pair) for pair in sorted(self.apart)]}

    def __bool__(self) -> bool:
        return bool(self.merges or self.apart)

    def resolve(self, key: str) -> str:
        """Normalised name of the partner ``key`` belongs to, following confirmed merges."""
        seen = {key}
        while key in self.merges:
            key = self.merges[key]
            if key in seen:  # a cycle written by hand: stop where it closes
                break
            seen.add(key)
        return key

    def confirm(self, spelling: str, partner: str) -> PartnerDecisions:
        """These decisions plus "``spelling`` is ``partner``" (both as typed or normalised).

        Raises
        ------
        ValueError
            If either name is empty, or they already are the same partner.
        """
        source, target = self.resolve(_key(spelling)), self.resolve(_key(partner))
        if source == target:
            raise ValueError(f"{spelling!r} and {partner!r} already are one partner")
        merges = {**self.merges, source: target}
        return PartnerDecisions(merges, self.apart - {_pair(source, target)})

    def reject(self, first: str, second: str) -> PartnerDecisions:
        """These decisions plus "``first`` and ``second`` are different partners".

        Raises
        ------
        ValueError
            If either name is empty, or they already are one partner.
        """
        a, b = _key(first), _key(second)
        if self.resolve(a) == self.resolve(b):
            raise ValueError(f"{first!r} and {second!r} are one partner (same name or merged)")
        return PartnerDecisions(dict(self.merges), self.apart | {_pair(a, b)})

    def kept_apart(self, first: str, second: str) -> bool:
        """Whether the pair of normalised names was rejected as duplicates."""
        return _pair(first, second) in self.apart


def _key(name: str) -> str:
    key = normalise_partner(name)
    if not key:
        raise ValueError(f"a partner name must have letters or digits; got {name!r}")
    return key


def _pair(first: str, second: str) -> tuple[str, str]:
    a, b = str(first), str(second)
    return (a, b) if a <= b else (b, a)


def partner_keys(names: pd.Series, decisions: PartnerDecisions | None = None) -> pd.Series:
    """Normalised name of each row's partner after confirmed merges (``<NA>`` when none).

    Parameters
    ----------
    names : pandas.Series
        Partner names as typed.
    decisions : PartnerDecisions, optional

    Returns
    -------
    pandas.Series
        Same index as ``names``, dtype ``str``.
    """
    decisions = decisions or PartnerDecisions()
    codes, uniques = pd.factorize(names.astype(object), use_na_sentinel=True)
    resolved = []
    for unique in uniques:
        key = normalise_partner(unique)
        resolved.append(decisions.resolve(key) if key else None)
    table = np.array([*resolved, None], dtype=object)
    return pd.Series(table[codes], index=names.index, dtype="str")


def with_partner_ids(centres: pd.DataFrame,
                     decisions: PartnerDecisions | None = None) -> pd.DataFrame:
    """``centres`` with ``partner_key`` (normalised name after confirmed merges) and
    ``partner_id`` (:func:`loaders.partners.partner_id`), ``<NA>`` where no partner is named.

    Computed once per dataset: the app keeps the result, so the partner filter and the
    Partners page read the same ids.
    """
    frame = centres.copy()
    if "partner" not in frame.columns:
        frame["partner"] = pd.array([None] * len(frame), dtype="str")
    keys = partner_keys(frame["partner"], decisions)
    codes, uniques = pd.factorize(keys)
    ids = np.array([partner_id(k) for k in uniques] + [None], dtype=object)
    frame["partner_key"] = keys
    frame["partner_id"] = pd.array(ids[codes], dtype="str")
    return frame


# --------------------------------------------------------------------------- duplicates


def _blocking_keys(compared: str) -> list[str]:
    """Keys of the blocks ``compared`` is scored in.

    For each word: the other words with that word's first two letters, and with its last
    two (two names differing within one word, by a typo that spares its start or its end,
    share one); and the name without spaces (``alwifaq`` / ``al wifaq``).
    """
    words = compared.split()
    keys = ["=" + "".join(words)]
    for i, word in enumerate(words):
        rest = " ".join(words[:i] + words[i + 1:])
        keys.append(f"{rest}|<{word[:2]}")
        keys.append(f"{rest}|{word[-2:]}>")
    return list(dict.fromkeys(keys))  # a repeated word ("Tan Tan") gives a key once


def _compared(key: str) -> str:
    """What the score compares: ``key`` without the word "association" (``جمعيه``), which
    would otherwise make every short name look like every other."""
    words = [w for w in key.split() if w not in _LEGAL_FORMS]
    return " ".join(words) or key


def _only_digits_differ(first: str, second: str) -> bool:
    """Branches numbered apart (``Annour 1`` / ``Annour 2``) are not typos of each other."""
    return (first != second and re.sub(r"\d", "", first) == re.sub(r"\d", "", second)
            and any(c.isdigit() for c in first + second))


def _words_alike(first: str, second: str) -> bool:
    """Whether the words the two names do not share are spellings of each other
    (``wifak`` / ``wifaq``), not different words a letter or two apart (``naima`` / ``taifa``)."""
    from rapidfuzz.distance import Levenshtein

    a, b = Counter(first.split()), Counter(second.split())
    only_a, only_b = " ".join((a - b).elements()), " ".join((b - a).elements())
    if not only_a or not only_b:
        return True
    return Levenshtein.normalized_similarity(only_a, only_b) >= WORD_SIMILARITY / 100


def _candidate_pairs(compared: list[str]) -> np.ndarray:
    """Every pair ``(i, j)``, ``i < j``, of names sharing a block and at most
    :data:`MAX_EDITS` letters longer or shorter than each other, once (an ``(n, 2)`` array).

    Entries are sorted by block and each is paired with the entries after it in its block,
    in numpy, without a Python loop over blocks.
    """
    keys = [_blocking_keys(text) for text in compared]
    names = np.repeat(np.arange(len(compared), dtype=np.int64), [len(k) for k in keys])
    blocks = pd.factorize(pd.Series([key for own in keys for key in own], dtype=object))[0]
    order = np.lexsort((names, blocks))
    blocks, names = blocks[order], names[order]
    # each entry pairs with the entries after it in its block
    starts = np.flatnonzero(np.r_[True, blocks[1:] != blocks[:-1]])
    sizes = np.diff(np.r_[starts, len(blocks)])
    rank = np.arange(len(blocks)) - np.repeat(starts, sizes)
    after = np.repeat(sizes, sizes) - rank - 1
    first = np.repeat(np.arange(len(blocks)), after)
    offsets = np.arange(len(first)) - np.repeat(np.cumsum(after) - after, after) + 1
    first, second = names[first], names[first + offsets]
    lengths = np.fromiter(map(len, compared), dtype=np.int64, count=len(compared))
    close = np.abs(lengths[first] - lengths[second]) <= MAX_EDITS
    if not close.any():
        return np.empty((0, 2), dtype=np.int64)
    codes = first[close] * len(compared) + second[close]
    codes = np.sort(codes)
    codes = codes[np.r_[True, codes[1:] != codes[:-1]]]
    return np.column_stack((codes // len(compared), codes % len(compared)))


def propose_duplicates(
    keys: Iterable[str],
    decisions: PartnerDecisions | None = None,
    threshold: float = DUPLICATE_THRESHOLD,
) -> pd.DataFrame:
    """Pairs of different normalised names close enough to be one partner.

    Two names are proposed when, without the word "association", they are at most
    :data:`MAX_EDITS` letters apart, score at least ``threshold`` and the words they do not
    share are alike (:data:`WORD_SIMILARITY`). Names are compared only within blocks of
    names sharing all words but one and that word's first or last letters, or the same
    letters without spaces (:func:`_blocking_keys`), with :func:`rapidfuzz.process.cpdist`,
    so 100,000 names cost a second, not hours. Pairs already decided (merged or kept
    apart) and pairs differing only by digits are left out.

    Parameters
    ----------
    keys : iterable of str
        Normalised names (:func:`normalise_partner`); repeats and empties are ignored.
    decisions : PartnerDecisions, optional
    threshold : float
        Lowest score proposed (default :data:`DUPLICATE_THRESHOLD`).

    Returns
    -------
    pandas.DataFrame
        Columns ``key_a``, ``key_b`` (``key_a < key_b``), ``score`` (0-100, one decimal),
        highest score first.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    if not 0 < threshold <= 100:
        raise ValueError(f"threshold must be in (0, 100]; got {threshold!r}")
    decisions = decisions or PartnerDecisions()
    names = sorted({decisions.resolve(k) for k in keys if k})
    compared = [_compared(name) for name in names]
    pairs = _candidate_pairs(compared)
    texts = np.asarray(compared, dtype=object)
    edits = process.cpdist(texts[pairs[:, 0]], texts[pairs[:, 1]],
                           scorer=Levenshtein.distance, score_cutoff=MAX_EDITS,
                           dtype=np.uint8) if len(pairs) else np.empty(0)
    records = []
    for i, j in pairs[edits <= MAX_EDITS].tolist():
        a, b = names[i], names[j]
        score = 100 * Levenshtein.normalized_similarity(compared[i], compared[j])
        if (score < threshold or not _words_alike(compared[i], compared[j])
                or decisions.kept_apart(a, b) or _only_digits_differ(a, b)):
            continue
        records.append((a, b, round(score, 1)))
    frame = pd.DataFrame(records, columns=["key_a", "key_b", "score"])
    return frame.sort_values(["score", "key_a", "key_b"], ascending=[False, True, True],
                             ignore_index=True)
