"""The predicate check of the lexical alignment (predicates.Predicates): claims whose main
predicates differ are damped, unless one states the other's predicate, either has no
event predicate, or both give a figure of one counted thing about one participant."""

from __future__ import annotations

import numpy as np

from storyline.compare import align, checks, pairsim, predicates
from storyline.options import MAIN_EVENT_FACTOR, PREDICATE_PENALTY


def _u(pred, verbs=(), quantities=(), entities=(), lemmas=("shooting", "waterbury")):
    return {"predicate_key": pred, "verbs": list(verbs), "quantities": list(quantities), "entities": list(entities),
            "places": [], "lemmas": list(lemmas), "text": " ".join(lemmas), "start": 0, "end": 40, "timexes": [],
            "quotes": [], "object_lemmas": []}


def _factor(a, b):
    return float(predicates.Predicates([a, b]).factor(np.array([0]), np.array([1]))[0])


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
    sim = pairsim.PairSimilarity.build(units)
    plain = align.verdict_similarity(units, sim)
    dense = align.similarity(units)
    assert sim[0, 1] == dense[0, 1]
    assert plain[0, 1] == align.similarity(units, predicates=False)[0, 1]
    assert 0 < sim[0, 1] < plain[0, 1]


def _claim(pred, verbs=(), nouns=(), lemmas=()):
    """A claim as build_units makes it: ``pred`` its main verb's lemma ("be" for a state)."""
    from storyline.compare.lemmas import LIGHT_VERBS, lemmatize_word
    from storyline.compare.units import content_lemmas

    u = _u(None if lemmatize_word(pred) in LIGHT_VERBS else lemmatize_word(pred), verbs,
           lemmas=content_lemmas(list(lemmas or verbs)))  # compared as build_units keeps them: "dead" is "kill"
    u.update(predicate=pred, nouns=list(nouns))
    return u


def test_a_state_beside_an_event_it_does_not_name_is_damped():
    # "Family members have identified the 2-year-old killed in what police believe was a
    # drive-by shooting" / "A two-year-old is dead after an overnight shooting in Little Rock."
    identified = _claim("identify", ["identify", "kill", "believe", "drive"],
                        ["family", "member", "police", "shooting"])
    dead = _claim("be", [], ["year", "shooting", "rock"], ["year", "dead", "overnight", "shooting", "little", "rock"])
    assert _factor(identified, dead) == PREDICATE_PENALTY
    assert _factor(dead, identified) == PREDICATE_PENALTY
    # "The motive for the murder-suicide was unknown Tuesday" / "Police say a Salt Lake man
    # shot an 8-year-old boy and then himself in a murder-suicide"
    motive = _claim("be", ["believe"], ["motive", "murder", "suicide", "suspect"])
    assert _factor(motive, _claim("shoot", ["shoot"], ["man", "boy", "murder", "suicide"])) == PREDICATE_PENALTY


def test_a_state_that_names_the_event_is_compatible():
    # "A 2-year-old was killed in an overnight shooting" / "A two-year-old is dead after an
    # overnight shooting" ("dead" is a form of "kill" for the comparison)
    killed = _claim("kill", ["kill"], ["year", "shooting"], ["year", "kill", "overnight", "shooting"])
    dead = _claim("be", [], ["year", "shooting"], ["year", "dead", "overnight", "shooting"])
    assert _factor(killed, dead) == 1.0
    # "Comeaux was in a wheelchair when he pulled a gun on two guards" / "Comeaux escaped from a
    # prison van after he pulled a gun on two officers": the state claim's event verb is stated
    wheelchair = _claim("be", ["pull", "fire"], ["wheelchair", "gun", "guard"])
    assert _factor(wheelchair, _claim("escape", ["escape", "pull"], ["van", "gun", "officer"])) == 1.0


def test_a_state_naming_no_event_says_nothing():
    # "Sharae Thompson was just 21 years old." names no event: nothing to compare
    age = _claim("be", [], ["year"])
    assert _factor(age, _claim("find", ["find"], ["home", "jeep", "driveway"])) == 1.0


def test_a_report_without_a_reported_clause_is_compared_by_the_events_it_names():
    # "Neighbors reported hearing numerous shots." / "Officers responded to calls of a possible
    # shooting": the report names hearing, not responding
    heard = _claim("report", ["report", "hear"], ["neighbor", "shot"])
    assert _factor(heard, _claim("respond", ["respond"], ["officer", "call", "shooting"])) == PREDICATE_PENALTY
    assert _factor(heard, _claim("hear", ["hear"], ["resident", "shot"])) == 1.0


def test_the_frame_check_is_the_same_on_the_sparse_and_dense_paths():
    units = [_claim("identify", ["identify", "kill"], ["police", "shooting"],
                    ["police", "identify", "man", "kill", "shooting", "knox"]),
             _claim("be", [], ["man", "shooting"], ["man", "dead", "accidental", "shooting", "knox"]),
             _claim("kill", ["kill"], ["man", "shooting"], ["man", "kill", "accidental", "shooting", "knox"])]
    for k, u in enumerate(units):
        u["uid"] = k
    sim, dense = pairsim.PairSimilarity.build(units), align.similarity(units)
    for i, j in ((0, 1), (0, 2), (1, 2)):
        assert sim[i, j] == dense[i, j]
    plain = align.similarity(units, predicates=False)
    assert dense[0, 1] == plain[0, 1] * PREDICATE_PENALTY  # identified vs is dead: damped
    assert dense[1, 2] == plain[1, 2]  # is dead vs killed: "dead" names the killing


def test_the_frame_check_on_parsed_claims():
    # real annotation (the parser), three reports of one shooting (GVC-style sentences)
    from storyline.annotate import annotate_articles
    from storyline.compare.units import build_units
    from storyline.options import Options
    from storyline.records import Article

    texts = ["Family members have identified the 2-year-old killed in what police believe was a drive-by "
             "shooting Tuesday night.",
             "A two-year-old is dead after an overnight shooting in Little Rock.",
             "A 2-year-old was killed in an overnight shooting in Little Rock."]
    arts = [Article(id=f"a{k}", raw_text=t, text=t, published="2016-11-23T12:00:00+00:00") for k, t in enumerate(texts)]
    units = build_units(arts, list(annotate_articles(arts, Options(progress=False))))
    assert [u["article_index"] for u in units] == [0, 1, 2]
    with checks.main_event_setting(1.0):  # the predicate check alone
        preds = predicates.Predicates(units)
    assert preds.state.tolist() == [False, True, False]  # "is dead after ... shooting": a state naming events
    f = preds.factor(np.array([0, 1, 0]), np.array([1, 2, 2]))
    # identified vs is dead: damped; is dead ~ killed; identified vs killed: compatible, the first
    # states "killed" among its verbs (dropping that exemption loses more same facts than it removes)
    assert f.tolist() == [PREDICATE_PENALTY, 1.0, 1.0]
    # the main-event check (on by default): the killing is only in the first claim's participle
    # ("the 2-year-old killed in ..."), its main event is the identifying
    f = predicates.Predicates(units).factor(np.array([0, 1, 0]), np.array([1, 2, 2]))
    assert f.tolist() == [PREDICATE_PENALTY, 1.0, MAIN_EVENT_FACTOR]


def test_a_state_counting_what_the_other_counts_is_one_slot():
    # "State media said three strong aftershocks were felt." / "there have been at least four
    # aftershocks of around 4.0": one counted thing in both, what a conflict is made of
    count = lambda v: {"counted": "aftershock", "unit": None, "value": v, "kind": "count"}  # noqa: E731
    felt = _claim("feel", ["feel"], ["medium", "aftershock"])
    felt["quantities"] = [count(3)]
    there = _claim("be", [], ["aftershock"])
    there["quantities"] = [count(4)]
    assert _factor(felt, there) == 1.0
    there["quantities"] = []
    assert _factor(felt, there) == PREDICATE_PENALTY
