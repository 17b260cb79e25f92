"""The demo's partners: associations written several ways, one typo to review in Taza."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.calc.partners import duplicate_review, partner_table
from dashboard.sources import demo
from loaders.partners import normalise_partner, propose_duplicates, with_partner_ids
from tests.support.territories import TAZA
from tools.demo.partners import TYPOS, vary_spellings


def test_every_typo_is_proposed_and_no_variant_is():
    for right, slip in TYPOS.items():
        right_key = normalise_partner(f"Association {right} Taza")
        slip_key = normalise_partner(f"Association {slip} Taza")
        assert len(propose_duplicates([right_key, slip_key])) == 1, (right, slip)


def test_variants_are_the_same_partner_and_typos_are_not():
    partner = np.array(["Association Al Amal Fès"] * 6 + [None] * 2 + ["Association Annour Fès"],
                       dtype=object)
    written = vary_spellings(partner, np.array(["03.231"] * 9), seed=1, always="03.231")
    keys = pd.Series([normalise_partner(w) if w is not None else None for w in written])
    assert written[6] is None and written[7] is None
    assert written[5] == "Association Al Amel Fès"  # the typo, on the association's last centre
    assert set(keys.iloc[:5]) == {"association al amal fes"}
    assert keys.iloc[5] != keys.iloc[0]


def test_taza_shows_each_association_once_and_one_typo_to_review():
    data = demo()
    centres = with_partner_ids(data.centres_frame)
    table = partner_table(centres, data.funding_frame, TAZA)
    spellings = table["spellings"].str.split("|").str.len()
    assert (spellings > 1).sum() >= 3  # several associations written more than one way
    assert table["centres"].sum() == 28
    review = duplicate_review(centres, TAZA)
    assert len(review) == 1
    assert set(review.loc[0, ["spelling_a", "spelling_b"]]) == {
        "Association Al Wafaa Taza", "Association Al Wafae Taza"}
