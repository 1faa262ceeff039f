"""The modality check of the lexical alignment (predicates.Predicates) and quotes whose opening
mark lies in an earlier sentence (quotes.verbatim): a claim that something could or will
happen is not the fact that it did; two different quotes of one speaker are two
statements."""

from __future__ import annotations

import numpy as np

from storyline.compare import align, grouping, modality, pairsim, predicates, quotes
from storyline.options import PREDICATE_PENALTY, QUOTE_PENALTY


def _u(text, pred, verbs, lemmas, quotes=()):
    return {"predicate_key": pred, "verbs": list(verbs), "quantities": [], "entities": [], "places": [],
            "lemmas": list(lemmas), "text": text, "start": 0, "end": len(text), "timexes": [],
            "quotes": list(quotes), "object_lemmas": [], "article_index": 0}


def _factor(a, b):
    return float(predicates.Predicates([a, b]).factor(np.array([0]), np.array([1]))[0])


COULD = _u("The Colts could clinch a playoff berth with a win over the Kansas City Chiefs.", "clinch", ["clinch"],
           ["colts", "clinch", "playoff", "berth", "win", "kansas", "city", "chiefs"])
DID = _u("The Indianapolis Colts clinched a playoff spot with a 20-13 win over the Kansas City Chiefs.", "clinch",
         ["clinch", "win"], ["indianapolis", "colts", "clinch", "playoff", "spot", "win", "kansas", "city", "chiefs"])


def test_unrealised_verbs_follow_a_modal_or_an_intent():
    assert modality._modality(COULD["text"], {"clinch": 1}) == ({1}, set())
    assert modality._modality(DID["text"], {"clinch": 1}) == (set(), {1})
    assert modality._unrealised(DID["text"], {"clinch": 1}) == set()
    assert modality._unrealised("Nichols is expected to be sentenced on Friday.", {"sentenc": 2}) == {2}
    assert modality._unrealised("He won’t be charged, the prosecutor said.", {"charg": 3}) == {3}
    assert modality._unrealised("He was charged and plans to appeal.", {"charg": 3, "appeal": 4}) == {4}
    # an infinitive of result is realised: "scored 20 points to break the record"
    assert modality._unrealised("Hansbrough scored 20 points to break the record.", {"break": 5, "scor": 6}) == set()


def test_a_possibility_and_the_fact_are_damped_two_possibilities_are_not():
    assert _factor(COULD, DID) == PREDICATE_PENALTY < 1.0
    assert _factor(DID, COULD) == PREDICATE_PENALTY
    may = _u("The Colts may clinch a playoff berth on Sunday.", "clinch", ["clinch"], ["colts", "clinch", "playoff"])
    assert _factor(COULD, may) == 1.0
    assert _factor(DID, _u("Indianapolis clinched a playoff berth.", "clinch", ["clinch"], ["clinch"])) == 1.0


def test_the_check_holds_when_one_claim_states_the_predicate_in_a_clause():
    # "will be sentenced" (main) vs "was convicted and sentenced" (sentence among the verbs)
    a = _u("Nichols will be sentenced on Friday.", "sentence", ["sentence"], ["nichols", "sentence", "friday"])
    b = _u("Nichols was convicted and sentenced on Friday.", "convict", ["convict", "sentence"],
           ["nichols", "convict", "sentence", "friday"])
    assert _factor(a, b) == PREDICATE_PENALTY
    assert _factor(b, a) == PREDICATE_PENALTY


def test_the_sparse_similarity_is_the_dense_one():
    units = [dict(COULD, article_index=0, uid=0), dict(DID, article_index=1, uid=1)]
    sim = pairsim.PairSimilarity.build(units)
    assert sim[0, 1] == align.similarity(units)[0, 1]
    plain = align.verdict_similarity(units, sim)
    assert sim[0, 1] < plain[0, 1]  # the verdicts read it undamped


def _said(text, quote, start):
    return {"kind": "indirect", "text": quote, "start": start, "end": start + len(quote), "closed": True,
            "speaker": {"entity": "ross manche", "kind": "person"}}


def test_a_quote_whose_opening_mark_is_in_an_earlier_sentence_is_verbatim():
    t1 = "It’s a sad thing that they had to pay the price,” said neighbor Ross Manche."
    t2 = "It’s just unusual for something like this to happen around a nice town,” said neighbor Ross Manche."
    a = _u(t1, "'", ["pay", "say"], ["sad", "thing", "pay", "price", "neighbor", "ross", "manche"],
           [_said(t1, t1[:t1.index(",")], 0)])
    b = _u(t2, "'", ["happen", "say"], ["unusual", "like", "happen", "nice", "town", "neighbor", "ross", "manche"],
           [_said(t2, t2[:t2.index(",")], 0)])
    assert quotes.verbatim(a, a["quotes"][0]) and quotes.quote_words(a)
    # reported speech without quotation marks stays indirect
    plain = "Manche said it was a sad thing that they had to pay the price."
    c = _u(plain, "say", ["say"], ["manche", "sad"], [_said(plain, plain[13:-1], 13)])
    assert not quotes.verbatim(c, c["quotes"][0])
    units = [dict(a, uid=0), dict(b, article_index=1, uid=1)]
    damped = align.similarity(units)[0, 1]
    assert pairsim.PairSimilarity.build(units)[0, 1] == damped
    # the same claims with the quotes not closed: no statement to compare, no damping
    opened = [dict(u, quotes=[dict(q, closed=False) for q in u["quotes"]]) for u in units]
    assert np.isclose(damped, QUOTE_PENALTY * align.similarity(opened)[0, 1])


def test_the_recall_join_tells_a_possibility_from_the_fact():
    a, b = dict(COULD, negated=False), dict(DID, negated=False)
    assert grouping._told_apart(a, b, ["clinch"])
    assert not grouping._told_apart(b, dict(b, text="Indianapolis clinched a playoff spot."), ["clinch"])


def test_a_base_form_says_neither():
    # a headline's infinitive, "will return to host", the noun "host": no past form to compare
    will = _u("Ellen DeGeneres will host the Oscars.", "host", ["host"], ["ellen", "degeneres", "host", "oscars"])
    head = _u("Ellen DeGeneres To Host 86th Oscars", "host", ["host"], ["ellen", "degeneres", "host", "oscars"])
    assert modality._modality(head["text"], {"host": 1}) == (set(), set())
    assert _factor(will, head) == 1.0
    # "may have been set by an arsonist" / "was set alight": an irregular form says nothing
    assert modality._modality("The fire may have been set by an arsonist.", {"set": 1}) == ({1}, set())
