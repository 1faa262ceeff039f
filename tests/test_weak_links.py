"""A group may not hold two claims of different articles that share too little
(grouping.split_weak_links): average linkage lets a claim that states two things bridge two
facts, and every member pair of a corroborated group counts as corroboration."""

from __future__ import annotations

import numpy as np

from storyline.compare import align, grouping, pairsim, predicates


def _u(uid, art, text, pred, verbs=None):
    lemmas = [w.strip(".,'\"").lower() for w in text.split()]
    return {"uid": uid, "article_id": f"a{art}", "article_index": art, "text": text, "start": 0, "end": len(text),
            "lemmas": [w for w in lemmas if w], "predicate_key": pred, "verbs": [pred] if verbs is None else verbs,
            "entities": [],
            "persons": [], "places": [], "quantities": [], "timexes": [], "quotes": [], "hedges": [],
            "negated": False, "object_lemmas": [], "attribution": None}


def _waterbury():
    return [_u(0, 0, "A 17-year-old was killed in an afternoon shooting in Waterbury Saturday.", "kill"),
            _u(1, 1, "The 17-year-old killed in Saturday's shooting in Waterbury was identified, and police "
                     "are searching for a man accused in the shooting.", "identify", verbs=["identify", "search"]),
            _u(2, 2, "Police are searching for a man accused in the deadly shooting.", "search")]


def _sim(a_b, b_c, a_c):
    s = np.eye(3)
    s[0, 1] = s[1, 0] = a_b
    s[1, 2] = s[2, 1] = b_c
    s[0, 2] = s[2, 0] = a_c
    return s


def test_a_bridging_claim_does_not_chain_two_facts():
    units = _waterbury()
    sim = _sim(0.40, 0.35, 0.03)  # the killing ~ the bridge ~ the search; killing and search apart
    assert grouping.split_weak_links(units, [[0, 1, 2]], sim, 0.10) == [[0, 1], [2]]
    # the bridge goes with the claim it is closer to
    assert grouping.split_weak_links(units, [[0, 1, 2]], _sim(0.30, 0.45, 0.03), 0.10) == [[0], [1, 2]]


def test_pairs_at_or_above_the_floor_and_one_article_pairs_are_kept():
    units = _waterbury()
    sim = _sim(0.40, 0.35, 0.10)
    assert grouping.split_weak_links(units, [[0, 1, 2]], sim, 0.10) == [[0, 1, 2]]
    units[2]["article_index"], units[2]["article_id"] = 0, "a0"  # two claims of one article: no corroboration
    assert grouping.split_weak_links(units, [[0, 1, 2]], _sim(0.40, 0.35, 0.0), 0.10) == [[0, 1, 2]]
    assert grouping.split_weak_links(units, [[0, 1, 2]], _sim(0.40, 0.35, 0.0), None) == [[0, 1, 2]]


def test_the_sparse_similarity_cuts_as_the_table_does():
    units = _waterbury()
    sparse = pairsim.PairSimilarity.build(units)
    dense = align.similarity(units)
    floor = float(dense[0, 2]) + 1e-6  # the killing and the search: the weakest pair
    assert dense[0, 2] < min(dense[0, 1], dense[1, 2])
    got = grouping.split_weak_links(units, [[0, 1, 2]], sparse, floor)
    assert got == grouping.split_weak_links(units, [[0, 1, 2]], dense, floor)
    assert len(got) == 2 and all(len(g) < 3 for g in got)


def test_a_pair_with_no_predicate_evidence_is_unproven(monkeypatch):
    """One claim with an event predicate ("shot"), the other a state that neither states nor
    names it ("was beside him"): nothing but the shared word "handgun" joins them."""
    units = [_u(0, 0, "The victims were shot with a handgun.", "shoot"),
             _u(1, 1, "His .9mm handgun was beside him.", None, verbs=[]),
             _u(2, 2, "Both victims were shot with a handgun, police said.", "shoot", verbs=["shoot", "say"]),
             _u(3, 3, "The handgun used in the shooting was beside him.", None, verbs=["use"])]
    for u in units[1::2]:
        u["predicate"] = "be"  # a copula: no event predicate of its own (build_units keys none)
    units[3]["nouns"] = ["handgun", "shooting"]
    preds = predicates.Predicates(units)
    I, J = np.array([0, 0, 0]), np.array([1, 2, 3])
    # the state names no shooting; one predicate in both; the state names the shooting
    assert preds.unproven(I, J).tolist() == [True, False, False]
    assert preds.factor(I, J).tolist() == [1.0, 1.0, 1.0]  # off by default
    monkeypatch.setattr(predicates, "UNPROVEN_FACTOR", 0.8)
    assert preds.factor(I, J).tolist() == [0.8, 1.0, 1.0]
