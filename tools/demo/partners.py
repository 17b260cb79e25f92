"""Illustrative demo: partner associations written the many ways delegations write them.

A partnership centre is run by one of a handful of associations of its province
("Association Annour Taza"), so an association runs several centres. Delegations do not
write a name the same way twice: about a third of the centres carry a variant of their
partner's name (upper or lower case, ``Assoc.`` / ``Asso.`` / ``Ass.``, hyphens, accents
dropped, doubled spaces), each the same partner once normalised; and in some provinces
(always in Taza) one centre carries a typo of its partner's name (``Al Amel`` for
``Al Amal``), the likely duplicate a delegate is asked to confirm. Seeded on its own stream,
so the rest of the demo does not move. Generated, illustrative: not facts about any
association.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

__all__ = ["TYPOS", "vary_spellings"]

TYPOS: dict[str, str] = {
    "Al Amal": "Al Amel", "Annour": "Anour", "Al Ihsane": "Al Ihssane",
    "Attadamoun": "Atadamoun", "Al Wafae": "Al Wafaa", "Tanmia": "Tanmiya",
    "Al Khir": "Al Khair", "Assafa": "Asafa", "Ennahda": "Ennahdha", "Al Fath": "Al Fat'h",
    "Ibn Sina": "Ibn Sinna", "Al Mostakbal": "Al Moustakbal", "Tifawin": "Tifawine",
    "Amalou": "Amalo", "Azetta": "Azeta",
}
"""A one- or two-letter slip for each demo association's name."""

TYPO_SHARE = 0.35
"""Share of provinces (Taza always) where one centre carries a typo of its partner."""
VARIANT_SHARE = 0.33
"""Share of partnership centres whose partner is written another way."""


def _without_accents(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_VARIANTS = (
    str.upper,
    lambda n: n.replace("Association ", "Assoc. ", 1),
    lambda n: n.replace("Association ", "Asso. ", 1),
    lambda n: n.replace("Association ", "ASS. ", 1),
    lambda n: n.replace(" ", "-", 2).replace("Association-", "Association ", 1),
    lambda n: _without_accents(n).lower(),
    lambda n: n.replace(" ", "  ", 1),
)


def _typo(name: str) -> str | None:
    for right, slip in TYPOS.items():
        if name.startswith(f"Association {right} "):
            return name.replace(right, slip, 1)
    return None


def vary_spellings(partner: np.ndarray, province: np.ndarray, seed: int,
                   always: str) -> np.ndarray:
    """Partner names as delegations type them.

    Parameters
    ----------
    partner : numpy.ndarray of object
        One canonical name per centre (missing: no partner).
    province : numpy.ndarray of str
        Province code of each centre.
    seed : int
        The demo's seed (this module draws from its own stream of it).
    always : str
        Province code where a typo is always written (Taza).

    Returns
    -------
    numpy.ndarray of object
        The names, about :data:`VARIANT_SHARE` of them written another way and one typo
        in about :data:`TYPO_SHARE` of the provinces.
    """
    rng = np.random.default_rng([seed, 27])
    written = partner.copy()
    named = np.flatnonzero(pd.notna(partner))
    typo_rows: set[int] = set()
    for code in sorted(set(province[named])):
        rows = named[province[named] == code]
        if code != always and rng.random() >= TYPO_SHARE:
            continue
        names, counts = np.unique(partner[rows].astype(str), return_counts=True)
        candidates = [n for n, c in sorted(zip(names, counts, strict=True),
                                           key=lambda item: (-item[1], item[0]))
                      if c >= 2 and _typo(n) is not None]
        if candidates:
            row = int(rows[partner[rows] == candidates[0]][-1])
            written[row] = _typo(candidates[0])
            typo_rows.add(row)
    for row in named[rng.random(len(named)) < VARIANT_SHARE]:
        if int(row) not in typo_rows:
            written[row] = _VARIANTS[int(rng.integers(len(_VARIANTS)))](str(partner[row]))
    return written
