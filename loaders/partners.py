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
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "DUPLICATE_THRESHOLD",
    "PartnerDecisions",
    "normalise_partner",
    "normalise_partners",
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

_ABBREVIATIONS = {"assoc": "association", "asso": "association", "ass": "association"}
_ARABIC_LETTERS = str.maketrans({"ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ـ": ""})
_NOT_WORD = re.compile(r"[\W_]+")
_ASCII_FOLD = bytes(b if chr(b).isalnum() or b > 127 else ord(" ") for b in range(256)).lower()
_LEGAL_FORMS = frozenset({"association", "جمعيه"})
_HASH_STEP = np.uint64(0x9E3779B97F4A7C15)  # odd: it has an inverse modulo 2**64
_HASH_STEP_INVERSE = np.uint64(pow(int(_HASH_STEP), -1, 2**64))


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

    @classmethod
    def combined(cls, maps: Iterable[PartnerDecisions]) -> PartnerDecisions:
        """One map from several datasets' reviews (the registry's provinces): every pair
        kept apart, and every confirmed merge, the first map's where two merge one name
        differently; a merge that would close a cycle with the ones before is left out.
        """
        merges: dict[str, str] = {}
        apart: set[tuple[str, str]] = set()
        for decisions in maps:
            apart |= decisions.apart
            for source, target in decisions.merges.items():
                if source not in merges and cls(merges).resolve(target) != source:
                    merges[source] = target
        return cls(merges, frozenset(apart))


def _key(name: str) -> str:
    key = normalise_partner(name)
    if not key:
        raise ValueError(f"a partner name must have letters or digits; got {name!r}")
    return key


def _pair(first: str, second: str) -> tuple[str, str]:
    a, b = str(first), str(second)
    return (a, b) if a <= b else (b, a)


def normalise_partners(names: Iterable[object]) -> np.ndarray:
    """:func:`normalise_partner` of every name, the ASCII ones (most) all at once in Arrow.

    Parameters
    ----------
    names : iterable
        Names as typed, e.g. the distinct spellings of a column (each is normalised once
        per call, so pass distinct values where there are many repeats).

    Returns
    -------
    numpy.ndarray
        The normalised forms (``str``, ``""`` for a missing name), in the order of ``names``.
    """
    values = names.tolist() if hasattr(names, "tolist") else list(names)
    try:
        text = pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # numbers among the names
        text = pa.array([v if isinstance(v, str) else None for v in values], type=pa.string())
    # for ASCII text the rules are: lower case, every run of characters that are not letters
    # or digits one space, abbreviations spelt out; a byte for a byte, so the case and the
    # marks are changed in the buffer of all the names at once, their offsets kept
    validity, offsets, data = text.buffers()
    if data is not None:
        data = pa.py_buffer(data.to_pybytes().translate(_ASCII_FOLD))
    folded = pa.Array.from_buffers(pa.string(), len(text), [validity, offsets, data],
                                   text.null_count, text.offset)
    words = pc.ascii_split_whitespace(pc.ascii_trim_whitespace(folded))
    flat = words.flatten()
    for short, full in _ABBREVIATIONS.items():
        flat = pc.if_else(pc.equal(flat, short), full, flat)
    joined = pc.binary_join(pa.ListArray.from_arrays(words.offsets, flat), " ")
    result = joined.to_numpy(zero_copy_only=False)
    plain = pc.fill_null(pc.string_is_ascii(text), False).to_numpy(zero_copy_only=False)
    for i in np.flatnonzero(~plain):  # other scripts and accents, missing names, numbers
        result[i] = normalise_partner(values[i])
    return result


def partner_keys(names: pd.Series, decisions: PartnerDecisions | None = None) -> pd.Series:
    """Normalised name of each row's partner after confirmed merges (``<NA>`` when none).

    Each distinct spelling is normalised once (:func:`normalise_partners`).

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
    codes, uniques = pd.factorize(names, use_na_sentinel=True)
    resolved = [key or None for key in normalise_partners(uniques)]
    if decisions.merges:
        resolved = [decisions.resolve(key) if key else None for key in resolved]
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


def _word_lists(texts: pa.StringArray) -> pa.ListArray:
    """The words of each text (split at white space), as one Arrow list array."""
    return pc.utf8_split_whitespace(pc.utf8_trim_whitespace(texts))


def _compared(keys: pa.StringArray) -> pa.ListArray:
    """What the score compares, as word lists: each key without the word "association"
    (``جمعيه``), which would otherwise make every short name look like every other (a name
    that is only that word keeps it)."""
    words = _word_lists(keys)
    owner = _owners(words)
    legal = pc.is_in(words.flatten(), value_set=pa.array(sorted(_LEGAL_FORMS),
                                                         type=pa.string()))
    legal = legal.to_numpy(zero_copy_only=False)
    kept = np.bincount(owner[~legal], minlength=len(keys))
    keep = ~legal | (kept[owner] == 0)
    counts = np.bincount(owner[keep], minlength=len(keys))
    return pa.ListArray.from_arrays(pa.array(np.r_[0, np.cumsum(counts)], pa.int32()),
                                         words.flatten().filter(pa.array(keep)))


def _owners(words: pa.ListArray) -> np.ndarray:
    """For each word of ``words.flatten()``, the index of the list it belongs to."""
    lengths = pc.list_value_length(words).fill_null(0).to_numpy(zero_copy_only=False)
    return np.repeat(np.arange(len(words), dtype=np.int64), lengths)


def _random_codes(values: pa.Array, seed: int) -> np.ndarray:
    """A random 64-bit code per distinct value of ``values``, one per entry (the same value,
    the same code)."""
    encoded = pc.dictionary_encode(values)
    rng = np.random.default_rng(seed)
    table = rng.integers(0, 2**64 - 1, len(encoded.dictionary), dtype=np.uint64,
                         endpoint=True)
    return table[encoded.indices.to_numpy(zero_copy_only=False)]


def _blocks(words: pa.ListArray) -> tuple[np.ndarray, np.ndarray]:
    """The blocks names are scored in: ``(names, blocks)``, one entry per name and block it
    shares with another name (a repeated word can repeat an entry), sorted by block; a block
    is a 64-bit hash of its key.

    The keys: for each word, the other words in order with that word's first two letters,
    and with its last two (two names differing within one word, by a typo that spares its
    start or its end, share one); and the name without spaces (``alwifaq`` / ``al wifaq``).
    The other words are hashed as a polynomial of their random codes, so that every word's
    "others" comes from two running sums without building a string. Two different keys
    sharing a hash (odds about one in ten million for 100,000 names) only add a pair to
    score.
    """
    flat = words.flatten()
    owner = _owners(words)
    n_words = len(flat)
    with np.errstate(over="ignore"):
        first_of = np.r_[0, np.cumsum(np.bincount(owner, minlength=len(words)))]
        position = np.arange(n_words, dtype=np.int64) - first_of[owner]
        powers = np.cumprod(np.r_[np.uint64(1), np.full(max(int(position.max(initial=0)), 0),
                                                        _HASH_STEP, dtype=np.uint64)])
        terms = _random_codes(flat, 1) * powers[position]
        running = np.cumsum(terms, dtype=np.uint64)
        before_name = np.r_[np.uint64(0), running][first_of[owner]]
        last_of_name = running[first_of[owner + 1] - 1]
        others = (running - terms - before_name) + (last_of_name - running) * _HASH_STEP_INVERSE
        others = others * _HASH_STEP
        starts_with = others + _random_codes(pc.utf8_slice_codeunits(flat, 0, 2), 2)
        ends_with = others + _random_codes(pc.utf8_slice_codeunits(flat, -2), 3)
        joined = _random_codes(pc.binary_join(words, ""), 4)
    names = np.r_[owner, owner, np.arange(len(words), dtype=np.int64)]
    blocks = np.r_[starts_with, ends_with, joined]
    # most blocks hold one name: leave them out (by hashing) before sorting by block
    shared = pd.Series(blocks).duplicated(keep=False).to_numpy()
    names, blocks = names[shared], blocks[shared]
    order = np.argsort(blocks, kind="stable")
    return names[order], blocks[order]


def _only_digits_differ(first: str, second: str) -> bool:
    """Branches numbered apart (``Annour 1`` / ``Annour 2``) are not typos of each other."""
    return (first != second and re.sub(r"\d", "", first) == re.sub(r"\d", "", second)
            and any(c.isdigit() for c in first + second))


def _words_alike(first: str, second: str) -> bool:
    """Whether the words the two names do not share are spellings of each other
    (``wifak`` / ``wifaq``), not different words a letter or two apart (``naima`` / ``taifa``)."""
    from rapidfuzz.distance import Levenshtein

    words_a, words_b = first.split(), second.split()
    set_a, set_b = set(words_a), set(words_b)
    if len(set_a) == len(words_a) and len(set_b) == len(words_b):  # no repeated word
        only_a = " ".join(w for w in words_a if w not in set_b)
        only_b = " ".join(w for w in words_b if w not in set_a)
    else:
        a, b = Counter(words_a), Counter(words_b)
        only_a, only_b = " ".join((a - b).elements()), " ".join((b - a).elements())
    if not only_a or not only_b:
        return True
    return Levenshtein.normalized_similarity(only_a, only_b) >= WORD_SIMILARITY / 100


def _candidate_pairs(words: pa.ListArray, lengths: np.ndarray) -> np.ndarray:
    """Every pair ``(i, j)``, ``i < j``, of names sharing a block (:func:`_blocks`) and at
    most :data:`MAX_EDITS` letters longer or shorter than each other (``lengths``), once (an
    ``(n, 2)`` array).

    Entries are sorted by block and each is paired with the entries after it in its block,
    in numpy, without a Python loop over names or blocks.
    """
    names, blocks = _blocks(words)
    if not len(names):
        return np.empty((0, 2), dtype=np.int64)
    # each entry pairs with the entries after it in its block
    starts = np.flatnonzero(np.r_[True, blocks[1:] != blocks[:-1]])
    sizes = np.diff(np.r_[starts, len(blocks)])
    rank = np.arange(len(blocks)) - np.repeat(starts, sizes)
    after = np.repeat(sizes, sizes) - rank - 1
    first = np.repeat(np.arange(len(blocks)), after)
    offsets = np.arange(len(first)) - np.repeat(np.cumsum(after) - after, after) + 1
    first, second = names[first], names[first + offsets]
    close = (np.abs(lengths[first] - lengths[second]) <= MAX_EDITS) & (first != second)
    if not close.any():
        return np.empty((0, 2), dtype=np.int64)
    n = len(lengths)
    codes = np.minimum(first[close], second[close]) * n + np.maximum(first[close],
                                                                      second[close])
    codes = np.sort(codes)
    codes = codes[np.r_[True, codes[1:] != codes[:-1]]]
    return np.column_stack((codes // n, codes % n))


def _distinct_sorted(keys: Iterable[str], decisions: PartnerDecisions) -> pa.StringArray:
    """The distinct non-empty names among ``keys`` after confirmed merges, sorted (by code
    point, as Python sorts ``str``: UTF-8 bytes sort in that order)."""
    if isinstance(keys, set | frozenset | dict) or not hasattr(keys, "__len__"):
        keys = list(keys)
    try:
        names = pa.array(keys, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        names = pa.array([str(k) for k in keys if k], type=pa.string())
    if decisions.merges:
        names = pa.array([decisions.resolve(k) for k in names.to_pylist() if k],
                         type=pa.string())
    names = pc.unique(names.filter(pc.fill_null(pc.not_equal(names, ""), False)))
    return names.take(pc.sort_indices(names))


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
    letters without spaces (:func:`_blocks`), with :func:`rapidfuzz.process.cpdist`,
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
    names = _distinct_sorted(keys, decisions)
    words = _compared(names)
    joined = pc.binary_join(words, " ")
    compared = joined.to_pylist()
    lengths = pc.utf8_length(joined).to_numpy(zero_copy_only=False).astype(np.int64)
    pairs = _candidate_pairs(words, lengths)
    texts = np.asarray(compared, dtype=object)
    if len(pairs):
        edits = process.cpdist(texts[pairs[:, 0]], texts[pairs[:, 1]],
                               scorer=Levenshtein.distance, score_cutoff=MAX_EDITS,
                               dtype=np.uint8)
        pairs = pairs[edits <= MAX_EDITS]
    scores = 100 * process.cpdist(texts[pairs[:, 0]], texts[pairs[:, 1]],
                                  scorer=Levenshtein.normalized_similarity,
                                  dtype=np.float64) if len(pairs) else np.empty(0)
    records = []
    for (i, j), score in zip(pairs[scores >= threshold].tolist(),
                             scores[scores >= threshold].tolist(), strict=True):
        a, b = names[i].as_py(), names[j].as_py()
        if (not _words_alike(compared[i], compared[j])
                or decisions.kept_apart(a, b) or _only_digits_differ(a, b)):
            continue
        records.append((a, b, round(score, 1)))
    frame = pd.DataFrame(records, columns=["key_a", "key_b", "score"])
    return frame.sort_values(["score", "key_a", "key_b"], ascending=[False, True, True],
                             ignore_index=True)
