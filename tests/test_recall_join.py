"""The recall join of the lexical alignment (grouping.recall_join): a claim left alone joins
a claim of another article that states one event about one participant, a little below
the threshold; two groups are never pulled together, and what tells two claims apart
(negation, years, a verb's particle) keeps them apart."""

from __future__ import annotations

from storyline.compare import align, grouping, pairsim


def _u(uid, art, text, lemmas, pred, verbs=None, **kw):
    u = {"uid": uid, "article_id": art, "article_index": art, "text": text, "start": 0, "end": len(text),
         "lemmas": lemmas.split(), "predicate_key": pred, "verbs": verbs or [pred], "entities": kw.pop("entities", []),
         "places": kw.pop("places", []), "quantities": kw.pop("quantities", []), "timexes": kw.pop("timexes", []),
         "quotes": [], "hedges": [], "negated": kw.pop("negated", False), "object_lemmas": []}
    u.update(kw)
    return u


def _hanged(**kw):
    # two reports of one suicide worded apart (ECB+ topic 26): similarity below the threshold
    return [_u(0, 0, "Police said Lo Presti had hanged himself late on Tuesday night.",
               "police lo presti hang late tuesday night", "hang", entities=["lo presti"]),
            _u(1, 1, "Carabinieri in Palermo said Gaetano Lo Presti, 52, hanged himself in his cell in a jail.",
               "carabinieri palermo gaetano lo presti 52 hang cell jail", "hang", entities=["lo presti"], **kw)]


def _joined(units, floor=0.05):
    sim = pairsim.PairSimilarity.build(units)
    groups = pairsim.sparse_cluster(sim)
    return groups, grouping.recall_join(units, groups, sim, floor=floor)


def test_one_event_about_one_participant_joins_below_the_threshold():
    units = _hanged()
    sim = pairsim.PairSimilarity.build(units)
    assert 0.05 <= sim[0, 1] < align.THRESHOLD
    groups, joined = _joined(units)
    assert groups == [[0], [1]] and joined == [[0, 1]]


def test_no_join_without_a_shared_participant_or_below_the_floor():
    units = _hanged()
    units[1]["entities"] = ["gaetano"]
    assert _joined(units)[1] == [[0], [1]]
    sim = pairsim.PairSimilarity.build(_hanged())
    assert _joined(_hanged(), floor=sim[0, 1] + 0.01)[1] == [[0], [1]]


def _candidate_without_vetoes(units):
    sim = pairsim.PairSimilarity.build(units)
    return len(grouping.recall_candidates(units, pairsim.sparse_cluster(sim), sim, floor=0.05, vetoes=False)[0]) == 1


def test_what_tells_two_claims_apart_keeps_them_apart():
    assert _candidate_without_vetoes(_hanged(negated=True))  # it is the veto that keeps them apart
    assert _joined(_hanged(negated=True))[1] == [[0], [1]]
    year = lambda v: [{"type": "DATE", "value": v}]  # noqa: E731
    units = _hanged(timexes=year("2008"))
    units[0]["timexes"] = year("2012-11-04")
    assert _candidate_without_vetoes(units) and _joined(units)[1] == [[0], [1]]
    a = _u(0, 0, "Lindsay Lohan checks into rehab at Betty Ford Center", "lindsay lohan check rehab betty ford center",
           "check", entities=["lohan"])
    b = _u(1, 1, "Lohan has checked out of the treatment centre after 30 days", "lohan check treatment centre 30 day",
           "check", entities=["lohan"])
    assert _candidate_without_vetoes([a, b]) and _joined([a, b])[1] == [[0], [1]]


def test_a_light_verb_is_no_shared_event():
    units = _hanged()
    for u in units:
        u["predicate_key"], u["verbs"] = None, ["say"]
    assert _joined(units)[1] == [[0], [1]]


def test_two_groups_are_never_pulled_together():
    units = _hanged()
    # each claim already has a partner in its own article's group: no claim is alone
    units += [_u(2, 0, units[0]["text"], " ".join(units[0]["lemmas"]), "hang", entities=["lo presti"]),
              _u(3, 1, units[1]["text"], " ".join(units[1]["lemmas"]), "hang", entities=["lo presti"])]
    groups, joined = _joined(units)
    assert groups == [[0, 2], [1, 3]] and joined == groups


def test_a_claim_alone_joins_a_group_it_is_close_to_on_average():
    units = _hanged()
    units.append(_u(2, 2, "Lo Presti hanged himself hours after his arrest, police said late on Tuesday night.",
                    "lo presti hang hour arrest police late tuesday night", "hang", entities=["lo presti"]))
    sim = pairsim.PairSimilarity.build(units)
    groups = pairsim.sparse_cluster(sim)
    assert [0, 2] in groups and [1] in groups
    joined = grouping.recall_join(units, groups, sim, floor=0.05)
    assert joined == [[0, 1, 2]]
    # a floor its closest partner passes but its average to the group does not: kept out
    near, avg = max(sim[1, 0], sim[1, 2]), (sim[1, 0] + sim[1, 2]) / 2
    assert avg < near
    assert grouping.recall_join(units, groups, sim, floor=(avg + near) / 2) == groups
