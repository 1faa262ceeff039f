"""One content word in common is no evidence of one fact (align.SHARED_WORDS): such a pair's
grouping similarity is 0 on both paths; a figure of one counted thing counts as a second
thing shared; the verdicts read the similarity without the rule."""

from __future__ import annotations

import numpy as np

from storyline.compare import align


def _u(uid, lemmas, quantities=()):
    return {"uid": uid, "predicate_key": None, "verbs": [], "quantities": list(quantities), "entities": [],
            "places": [], "lemmas": list(lemmas), "text": " ".join(lemmas), "start": 0, "end": 40, "timexes": [],
            "quotes": [], "object_lemmas": []}


def _q(value, counted):
    return {"value": value, "text": str(value), "counted": counted, "unit": None}


def test_one_shared_word_is_no_evidence_of_one_fact():
    # "I still do" / "They never really did": one lemma each, the same one
    units = [_u(0, ["do"]), _u(1, ["really", "do"])]
    sim, dense = align.PairSimilarity.build(units), align.similarity(units)
    plain = align.similarity(units, predicates=False)
    assert plain[0, 1] >= align.THRESHOLD  # the words alone would group them
    assert sim[0, 1] == dense[0, 1] == 0.0
    assert align.verdict_similarity(units, sim)[0, 1] == plain[0, 1] > 0  # the verdicts: no rule
    assert align.align(units)[0] == [[0], [1]]


def test_two_shared_words_or_a_word_and_a_counted_thing_are_compared():
    two = [_u(0, ["gunman", "flee"]), _u(1, ["gunman", "flee", "car"])]
    assert align.similarity(two)[0, 1] == align.similarity(two, predicates=False)[0, 1] > 0
    # "three strong aftershocks were felt" / "at least four aftershocks": one word, one counted thing
    figs = [_u(0, ["strong", "aftershock", "feel"], [_q(3, "aftershock")]),
            _u(1, ["aftershock", "4.0"], [_q(4, "aftershock")])]
    sim = align.PairSimilarity.build(figs)
    assert sim[0, 1] == align.similarity(figs)[0, 1] == align.similarity(figs, predicates=False)[0, 1] > 0


def test_the_rule_on_the_sparse_path_matches_the_dense_matrix():
    # more claims than the small-story table: the bound, edges and exact values
    rng = np.random.default_rng(7)
    words = [f"w{k}" for k in range(60)]
    units = [_u(i, list(rng.choice(words, size=int(rng.integers(1, 4)), replace=False))) for i in range(align._TABLE + 40)]
    sim, dense = align.PairSimilarity.build(units), align.similarity(units)
    assert sim.n > align._TABLE
    I, J, V = sim.edges(align.THRESHOLD)
    di, dj = np.nonzero(np.triu(dense >= align.THRESHOLD, 1))
    assert (I.tolist(), J.tolist()) == (di.tolist(), dj.tolist())
    assert V.tolist() == dense[I, J].tolist()
    one = np.array([len(set(units[i]["lemmas"]) & set(units[j]["lemmas"])) < 2 for i, j in zip(di, dj)], dtype=bool)
    assert len(di) and not one.any()  # no edge shares fewer than two words
    pairs = np.array([(i, j) for i in range(0, sim.n, 7) for j in range(1, sim.n, 11) if i != j])
    assert sim.values(pairs[:, 0], pairs[:, 1]).tolist() == dense[pairs[:, 0], pairs[:, 1]].tolist()
