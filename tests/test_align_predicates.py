"""The predicate check of the lexical alignment (align.Predicates): claims whose main
predicates differ are damped, unless one states the other's predicate, either has no
event predicate, or both give a figure of one counted thing about one participant."""

from __future__ import annotations

import numpy as np

from storyline.compare import align
from storyline.options import PREDICATE_PENALTY


def _u(pred, verbs=(), quantities=(), entities=(), lemmas=("shooting", "waterbury")):
    return {"predicate_key": pred, "verbs": list(verbs), "quantities": list(quantities), "entities": list(entities),
            "places": [], "lemmas": list(lemmas), "text": " ".join(lemmas), "start": 0, "end": 40, "timexes": [],
            "quotes": [], "object_lemmas": []}


def _factor(a, b):
    return float(align.Predicates([a, b]).factor(np.array([0]), np.array([1]))[0])


def test_one_predicate_or_an_inflection_of_it_is_compatible():
    assert _factor(_u("stab", ["stab"]), _u("stabbing", ["stab"])) == 1.0
    assert _factor(_u("kill", ["kill"]), _u("kill", ["kill"])) == 1.0


def test_different_event_predicates_are_damped():
    # "A 17-year-old was killed in a shooting" vs "a man was charged in the shooting"
    assert _factor(_u("kill", ["kill"]), _u("charge", ["charge"])) == PREDICATE_PENALTY
    assert PREDICATE_PENALTY < 1.0


def test_a_claim_stating_the_other_predicate_in_a_clause_is_compatible():
    # "escaped after pulling a gun on two guards" states "pulled a gun on two guards"
    assert _factor(_u("escape", ["escape", "pull"]), _u("pull", ["pull", "hold"])) == 1.0


def test_no_event_predicate_is_no_evidence():
    assert _factor(_u(None, ["say"]), _u("kill", ["kill"])) == 1.0
    # a verb that rarely names an event in the ECB+ training topics ("handcuff") is light
    assert _factor(_u("handcuff", ["handcuff"]), _u("pull", ["pull"])) == 1.0


def test_a_figure_of_one_counted_thing_about_one_participant_is_one_slot():
    pts = lambda v: {"counted": "point", "unit": None, "value": v, "kind": "count"}  # noqa: E731
    a = _u("score", ["score"], [pts(14)], ["carter"])
    assert _factor(a, _u("pace", ["pace"], [pts(12)], ["carter"])) == 1.0
    assert _factor(a, _u("pace", ["pace"], [pts(13)], ["mcdermott"])) == PREDICATE_PENALTY
    age = lambda v: {"counted": "year", "unit": None, "value": v, "kind": "age"}  # noqa: E731
    # an age describes a participant: it makes no shared slot
    assert _factor(_u("kill", ["kill"], [age(41)], ["atkinson"]), _u("identify", ["identify"], [age(41)], ["atkinson"])) \
        == PREDICATE_PENALTY


def test_groups_need_the_check_and_verdicts_read_the_similarity_without_it():
    units = [_u("kill", ["kill"], lemmas=("teen", "kill", "waterbury", "shooting", "saturday")),
             _u("charge", ["charge"], lemmas=("police", "charge", "man", "waterbury", "shooting", "saturday"))]
    for k, u in enumerate(units):
        u["uid"] = k
    sim = align.PairSimilarity.build(units)
    plain = align.verdict_similarity(units, sim)
    dense = align.similarity(units)
    assert sim[0, 1] == dense[0, 1]
    assert plain[0, 1] == align.similarity(units, predicates=False)[0, 1]
    assert 0 < sim[0, 1] < plain[0, 1]
