"""Partner names: every normalisation rule (French and Arabic), proposals, decisions."""

from __future__ import annotations

import json

import hypothesis.strategies as st
import pandas as pd
import pytest
from hypothesis import example, given

from loaders.partners import (
    PartnerDecisions,
    normalise_partner,
    normalise_partners,
    partner_id,
    partner_keys,
    propose_duplicates,
)


@pytest.mark.parametrize(
    ("spelling", "normalised"),
    [
        # case folded
        ("ASSOCIATION ANNOUR", "association annour"),
        # accents folded
        ("Association Éveil Féminin", "association eveil feminin"),
        ("Aït Âmeur Çà", "ait ameur ca"),
        # punctuation and repeated spaces: one space
        ("Association  Al-Wifaq", "association al wifaq"),
        ("Association Al_Wifaq (Taza).", "association al wifaq taza"),
        ("  Association, Al   Wifaq ; ", "association al wifaq"),
        ("Association L'Avenir", "association l avenir"),
        # abbreviations read as "association"
        ("Assoc. Annour", "association annour"),
        ("Asso. Annour", "association annour"),
        ("Ass. Annour", "association annour"),
        ("ASSOC.ANNOUR", "association annour"),
        # Arabic: tatweel removed
        ("جمعـــية النور", "جمعيه النور"),
        # Arabic: diacritics (harakat, shadda, sukun) removed
        ("جَمْعِيَّة النُّور", "جمعيه النور"),
        # Arabic: taa marbuta -> haa
        ("جمعية", "جمعيه"),
        # Arabic: alef with hamza above / below / madda -> bare alef
        ("الأمل", "الامل"),
        ("إحسان", "احسان"),
        ("آفاق", "افاق"),
        # Arabic: alef maqsura -> yaa
        ("جمعية الهدى", "جمعيه الهدي"),
        # Arabic punctuation as a space
        ("جمعية النور، تازة", "جمعيه النور تازه"),
        # nothing to name
        ("", ""), (None, ""), (float("nan"), ""), ("  --  ", ""),
    ],
)
def test_every_rule(spelling, normalised):
    assert normalise_partner(spelling) == normalised


@pytest.mark.parametrize(
    "spellings",
    [
        ["Association Al Wifaq", "ASSOCIATION AL-WIFAQ", "Assoc. Al Wifaq", "Asso. al wifaq",
         "Ass. Al  Wifaq", "association al wifâq"],
        ["جمعية الأمل", "جمعيـة الامل", "جَمعية الأمل", "جمعيه الإمل"],
        ["Association Annour pour le Développement", "ASSOC. ANNOUR POUR LE DEVELOPPEMENT"],
    ],
)
def test_spellings_of_one_partner_are_one_partner(spellings):
    keys = {normalise_partner(s) for s in spellings}
    assert len(keys) == 1
    assert len(set(partner_keys(pd.Series(spellings)))) == 1


@given(st.text(max_size=40))
def test_normalising_twice_changes_nothing(text):
    once = normalise_partner(text)
    assert normalise_partner(once) == once
    assert "  " not in once and once == once.strip()


def test_ids_are_stable_short_and_distinct():
    a = normalise_partner("Association Annour Ouazzane")
    b = normalise_partner("Ass. Annour Ouazzane")
    assert partner_id(a) == partner_id(b) == "P-" + partner_id(a)[2:]
    assert len(partner_id(a)) == 10
    assert partner_id(a) != partner_id(normalise_partner("Association Annour Mokrisset"))
    # the id is a function of the name alone: written out, it does not depend on the process
    assert partner_id("association annour ouazzane") == partner_id("association annour ouazzane")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Association Annour Ouazzane", "Association Annour Mokrisset"),
        ("Association Al Amal", "Association Al Fath"),
        ("Association Annour 1", "Association Annour 2"),
        ("Association Agoudi Naima", "Association Agoudi Taifa"),
        ("جمعية النور وزان", "جمعية النور مقريصات"),
    ],
)
def test_different_partners_stay_apart(first, second):
    keys = [normalise_partner(first), normalise_partner(second)]
    assert keys[0] != keys[1]
    assert propose_duplicates(keys).empty


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Al Wifak", "Al Wifaq"),
        ("Association Al Wifak", "Association Al Wifaq"),
        ("Association Attadamoun Taza", "Association Atadamoun Taza"),
        ("Association Alwifaq", "Association Al Wifaq"),
        ("Al Wifaq", "Association Al Wifaq"),
        ("جمعية الوفاق", "جمعية الوفاك"),
    ],
)
def test_typos_are_proposed_not_merged(first, second):
    keys = [normalise_partner(first), normalise_partner(second)]
    assert keys[0] != keys[1]  # not the same partner by themselves
    proposals = propose_duplicates(keys)
    assert len(proposals) == 1
    row = proposals.iloc[0]
    assert {row.key_a, row.key_b} == set(keys)
    assert 80 <= row.score <= 100


def test_proposals_among_many_names_are_found_in_their_blocks():
    names = [f"association {w} {c}" for w in ("annour", "al amal", "tifawin", "azetta")
             for c in ("taza", "ouazzane", "mokrisset", "tahla", "aknoul", "bouhouda")]
    typos = ["association tifawim aknoul", "association azeta tahla"]
    proposals = propose_duplicates([*names, *typos])
    pairs = {(r.key_a, r.key_b) for r in proposals.itertuples()}
    assert ("association tifawim aknoul", "association tifawin aknoul") in pairs
    assert ("association azeta tahla", "association azetta tahla") in pairs
    assert len(pairs) == 2


def test_a_confirmed_merge_makes_one_partner_with_the_target_id():
    decisions = PartnerDecisions().confirm("Al Wifak", "Association Al Wifaq")
    keys = partner_keys(pd.Series(["Al Wifak", "AL-WIFAK", "Association Al Wifaq", None]),
                        decisions)
    assert keys.iloc[:3].tolist() == ["association al wifaq"] * 3
    assert pd.isna(keys.iloc[3])
    assert propose_duplicates(["al wifak", "association al wifaq"], decisions).empty


def test_a_rejected_proposal_is_not_proposed_again():
    decisions = PartnerDecisions().reject("Association Al Amal Tata", "Association Al Amal Taza")
    keys = ["association al amal tata", "association al amal taza"]
    assert len(propose_duplicates(keys)) == 1
    assert propose_duplicates(keys, decisions).empty


def test_decisions_round_trip_through_json_and_refuse_nonsense():
    decisions = (PartnerDecisions().confirm("Al Wifak", "Al Wifaq")
                 .reject("Association Al Amal Tata", "Association Al Amal Taza"))
    again = PartnerDecisions.from_json(json.loads(json.dumps(decisions.to_json())))
    assert again == decisions and bool(again)
    assert not PartnerDecisions.from_json(None)
    with pytest.raises(ValueError, match="already are one partner"):
        decisions.confirm("AL WIFAK", "al-wifaq")
    with pytest.raises(ValueError, match="one partner"):
        decisions.reject("Al Wifak", "Al Wifaq")
    with pytest.raises(ValueError, match="letters or digits"):
        decisions.confirm("--", "Al Wifaq")
    # confirming what was rejected replaces the rejection
    merged = decisions.confirm("Association Al Amal Tata", "Association Al Amal Taza")
    assert not merged.apart and merged.resolve("association al amal tata") == \
        "association al amal taza"


def test_a_cycle_written_by_hand_does_not_hang():
    decisions = PartnerDecisions.from_json({"merges": {"a": "b", "b": "a"}})
    assert decisions.resolve("a") in {"a", "b"}


_SPELLING = st.one_of(
    st.none(), st.floats(allow_nan=True), st.integers(),
    st.lists(st.sampled_from([*"AaBbÉéçZz09 .-_'،,ـةأإآىجمعيالنور\t\u064e\u0651\x1c",
                              "Assoc.", "ASS", "asso ", "Association", "جمعية"]),
             max_size=12).map("".join),
)


@given(st.lists(_SPELLING, max_size=25))
def test_many_names_at_once_follow_the_same_rules_as_one(spellings):
    assert list(normalise_partners(spellings)) == [normalise_partner(s) for s in spellings]


def _blocks_as_words(compared: str) -> set[str]:
    """The blocks of one name as the rules say them, in words (the reference the hashed
    blocks are checked against)."""
    words = compared.split()
    keys = {"=" + "".join(words)}
    for i, word in enumerate(words):
        rest = " ".join(words[:i] + words[i + 1:])
        keys |= {f"{rest}|<{word[:2]}", f"{rest}|{word[-2:]}>"}
    return keys


def _proposals_by_the_rules(keys: list[str]) -> set[tuple[str, str]]:
    """Every pair of names sharing a block in words, at most two letters apart, scoring at
    least the threshold with alike words, not only digits apart (pairwise, no blocking
    shortcut)."""
    from rapidfuzz.distance import Levenshtein

    from loaders.partners import DUPLICATE_THRESHOLD, MAX_EDITS, WORD_SIMILARITY

    names = sorted({k for k in keys if k})

    def compared(name: str) -> str:
        return " ".join(w for w in name.split() if w not in {"association", "جمعيه"}) or name

    def alike(a: str, b: str) -> bool:
        wa, wb = a.split(), b.split()
        only_a = " ".join(w for w in wa if w not in wb)
        only_b = " ".join(w for w in wb if w not in wa)
        return (not only_a or not only_b or Levenshtein.normalized_similarity(only_a, only_b)
                >= WORD_SIMILARITY / 100)

    found = set()
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            ca, cb = compared(a), compared(b)
            digits = a.translate(str.maketrans("", "", "0123456789")) == \
                b.translate(str.maketrans("", "", "0123456789"))
            if (_blocks_as_words(ca) & _blocks_as_words(cb)
                    and Levenshtein.distance(ca, cb) <= MAX_EDITS
                    and 100 * Levenshtein.normalized_similarity(ca, cb) >= DUPLICATE_THRESHOLD
                    and alike(ca, cb) and not digits):
                found.add((a, b))
    return found


_WORD = st.sampled_from(["annour", "anour", "annur", "al", "amal", "amel", "wifaq", "wifak",
                         "tifawin", "tifawim", "taza", "tata", "1", "2", "association",
                         "khair", "chair", "alwifaq"])


@given(st.lists(st.lists(_WORD, min_size=1, max_size=4).map(" ".join), max_size=30))
@example(["association khair taza", "chair taza", "al wifaq", "alwifaq", "annour 1",
          "annour 2", "tifawin tifawin", "tifawim tifawin"])
def test_proposals_are_the_pairs_the_blocks_in_words_give(keys):
    proposals = propose_duplicates(keys)
    assert set(zip(proposals["key_a"], proposals["key_b"], strict=True)) == \
        _proposals_by_the_rules(keys)


def test_the_maps_of_several_datasets_make_one():
    taza = PartnerDecisions().confirm("Al Wifak", "Al Wifaq").reject("Annour 1", "Annour 2")
    fes = (PartnerDecisions().confirm("Al Wifak", "Al Wafa").confirm("Al Wifaq", "Al Wifak 2")
           .reject("Amal", "Amel"))
    both = PartnerDecisions.combined([taza, fes])
    # "al wifak" merged by both: taza's (the first); fes's merge of "al wifaq" kept
    assert both.merges == {"al wifak": "al wifaq", "al wifaq": "al wifak 2"}
    assert both.kept_apart("annour 1", "annour 2") and both.kept_apart("amal", "amel")
    cycle = PartnerDecisions.combined([PartnerDecisions().confirm("A", "B"),
                                       PartnerDecisions().confirm("B", "A")])
    assert cycle.merges == {"a": "b"}
    assert not PartnerDecisions.combined([])
