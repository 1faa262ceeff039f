"""The recall steps beyond the one-participant join (compare/grouping.py): a lower floor for
claims sharing two participants (``recall_join``'s ``floor2``), a claim that is a recall
candidate of every member of a group as its secondary member (``recall_secondary``), and
nominal triggers (``Predicates.event_triggers``)."""

from __future__ import annotations

from storyline.compare import align, grouping, pairsim, predicates

TEXT = "Police said Lo Presti had hanged himself late on Tuesday night in Palermo."


def _u(uid, art, text, lemmas, pred, **kw):
    u = {"uid": uid, "article_id": f"a{art}", "article_index": art, "text": text, "start": 0, "end": len(text),
         "sentence": uid, "lemmas": lemmas.split(), "predicate_key": pred, "verbs": kw.pop("verbs", [pred]),
         "nouns": kw.pop("nouns", []), "entities": kw.pop("entities", []), "places": kw.pop("places", []),
         "quantities": [], "timexes": [], "quotes": [], "hedges": [], "negated": False, "object_lemmas": []}
    u.update(kw)
    return u


def _story(places_c):
    """Two articles' one claim (grouped: same words) and a third article's claim worded
    apart, one event ("hang") about Lo Presti, and ``places_c`` as its places."""
    lem = "police lo presti hang late tuesday night palermo"
    a = _u(0, 0, TEXT, lem, "hang", entities=["lo presti"], places=["palermo"])
    b = _u(1, 1, TEXT, lem, "hang", entities=["lo presti"], places=["palermo"])
    c = _u(2, 2, "Carabinieri found the mafia boss, 52, hanged with a belt in his cell at the Pagliarelli jail.",
           "carabinieri find mafia boss 52 hang belt cell pagliarelli jail lo presti", "hang",
           entities=["lo presti"], places=places_c)
    return [a, b, c]


def _join(units, floor2):
    sim = pairsim.PairSimilarity.build(units)
    groups = pairsim.sparse_cluster(sim)
    assert groups == [[0, 1], [2]]  # the third claim is alone, below the threshold
    assert sim[0, 2] < align.THRESHOLD - 0.05
    return grouping.recall_join(units, groups, sim, floor=align.THRESHOLD - 0.01, floor2=floor2)


def test_two_shared_participants_join_at_the_lower_floor():
    assert _join(_story(["palermo"]), floor2=0.0) == [[0, 1, 2]]


def test_one_shared_participant_needs_the_floor():
    assert _join(_story(["sicily"]), floor2=0.0) == [[0, 1], [2]]
    assert _join(_story(["palermo"]), floor2=None) == [[0, 1], [2]]


def test_a_candidate_of_every_member_is_a_secondary_member():
    units = _story(["palermo"])
    # the third article's claim is already grouped with a fourth article's claim
    units.append(_u(3, 3, units[2]["text"], " ".join(units[2]["lemmas"]), "hang", entities=["lo presti"],
                    places=["palermo"]))
    sim = pairsim.PairSimilarity.build(units)
    groups = pairsim.sparse_cluster(sim)
    assert groups == [[0, 1], [2, 3]]
    mem = [list(g) for g in groups]
    out = grouping.recall_secondary(units, groups, mem, sim, floor=0.0)
    # each claim of one group is a candidate of both members of the other; one per article
    assert out == [[0, 1, 2, 3], [2, 3, 0, 1]]
    assert mem == [[0, 1], [2, 3]]  # the memberships given are not changed
    # claim 1 names neither participant: the other group's claims are candidates of one
    # member of [0, 1] only, and stay out of it; claim 0 still joins [2, 3]
    units[1]["entities"] = ["carabinieri"]
    units[1]["places"] = []
    out = grouping.recall_secondary(units, groups, [list(g) for g in groups], sim, floor=0.0)
    assert out == [[0, 1], [2, 3, 0]]


def test_no_secondary_member_from_an_article_of_the_group():
    units = _story(["palermo"])
    units[2]["article_id"], units[2]["article_index"] = "a1", 1
    sim = pairsim.PairSimilarity.build(units)
    groups = [[0, 1], [2]]
    assert grouping.recall_secondary(units, groups, [list(g) for g in groups], sim, floor=0.0) == [[0, 1], [2]]


def test_off_without_a_floor():
    units = _story(["palermo"])
    sim = pairsim.PairSimilarity.build(units)
    groups = [[0, 1], [2]]
    mem = [list(g) for g in groups]
    if grouping.RECALL_SECONDARY is None:
        assert grouping.recall_secondary(units, groups, mem, sim) is mem


def test_nominal_triggers_come_from_the_eventness_lexicon():
    units = _story(["palermo"])
    units[2]["nouns"] = ["arrest", "zzzunknown"]
    preds = predicates.Predicates(units)
    assert preds.event_triggers(None) is preds.event_verbs()
    with_nouns = preds.event_triggers(0.5)
    names = {preds.names[k] for k in with_nouns[2] - preds.event_verbs()[2]}
    assert names == {"arrest"}  # a noun the lexicon does not know is no event
