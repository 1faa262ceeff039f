"""Claims that cannot state one fact, whatever their words share (grouping.not_one_fact): a
denial and the fact, one counted thing about different people, a possibility and the fact.
A group holding such a pair is cut in two around it (grouping.split_not_one_fact); the recall
join and the secondary memberships leave such pairs apart too."""

from __future__ import annotations

import numpy as np

from storyline.compare import _secondary_lexical, align, grouping, pairsim


def _u(uid, art, text, pred, negated=False, persons=(), quantities=(), **kw):
    lemmas = [w.strip(".,\"“”").lower() for w in text.split()]
    u = {"uid": uid, "article_id": f"a{art}", "article_index": art, "text": text, "start": 0, "end": len(text),
         "lemmas": [w for w in lemmas if w], "predicate_key": pred, "verbs": kw.pop("verbs", [pred]),
         "entities": sorted(persons), "persons": sorted(persons), "places": [], "quantities": list(quantities),
         "timexes": [], "quotes": [], "hedges": [], "negated": negated, "object_lemmas": [], "attribution": None}
    u.update(kw)
    return u


def _points(n):
    return {"text": f"{n} points", "value": n, "low": n, "high": n, "counted": "point", "unit": None, "kind": "count"}


def _apart(units, i=0, j=1):
    sim = pairsim.PairSimilarity.build(units)
    return grouping.not_one_fact(units, sim.preds, i, j)


def _rehab():
    return [_u(0, 0, "Lindsay never checked into Morningside rehab", "check", negated=True),
            _u(1, 1, "Lindsay Lohan checked into rehab", "check"),
            _u(2, 2, "Lohan checked into rehab on Thursday", "check")]


def test_a_denial_and_the_fact_are_two_facts():
    units = _rehab()
    assert _apart(units)
    assert not _apart(units, 1, 2)
    sim = pairsim.PairSimilarity.build(units)
    assert grouping.split_not_one_fact(units, [[0, 1, 2]], sim) == [[0], [1, 2]]


def test_a_denial_needs_one_predicate_and_no_negation_in_the_other():
    units = _rehab()
    units[1]["text"] = "Lindsay Lohan checked into rehab, not Morningside"
    assert not _apart(units)
    units = _rehab()
    units[1]["predicate_key"] = units[1]["verbs"][0] = "leave"
    assert not _apart(units)


def test_one_counted_thing_about_different_people():
    carter = _u(0, 0, "Richard Carter scored 14 points", "score", persons={"richard carter"}, quantities=[_points(14)])
    mcdermott = _u(1, 1, "The Jays led at the half, paced by 13 points from McDermott", "lead",
                   persons={"doug mcdermott"}, quantities=[_points(13)])
    assert _apart([carter, mcdermott])
    # a surname in common may be one person named two ways: not told apart
    mcdermott["persons"] = ["carter"]
    assert not _apart([carter, mcdermott])
    # the speaker is no participant (build_units leaves it out): a coach quoted on Carter's
    # points is about Carter
    coach = _u(1, 1, "Richard Carter had 14 points, coach Flynn said", "have", persons={"richard carter"},
               quantities=[_points(14)], attribution={"source": {"entity": "flynn"}})
    assert not _apart([carter, coach])
    coach["persons"] = []  # only the speaker named: no participant to compare
    assert not _apart([carter, coach])
    coach["persons"] = ["seth vandeest"]
    assert _apart([carter, coach])


def test_the_speaker_is_no_participant_under_the_story_key():
    """The speaker's key is the article's; the persons' keys the story's (one person named
    two ways in two articles is one key): the speaker is left out under the story's key."""
    from comparecases import ann
    from storyline.compare.units import build_units
    from storyline.records import Article

    a = ann("a", ["Richard Carter had 14 points, Flynn said."],
            entities=[("Richard Carter", "PERSON", "richard carter"), ("Flynn", "PERSON", "flynn")],
            attributions=[("Flynn said", "Flynn", "person")])
    b = ann("b", ["Coach Tim Flynn praised the defence."], entities=[("Tim Flynn", "PERSON", "tim flynn")])
    arts = [Article(id=x["id"], raw_text=x["text"], text=x["text"]) for x in (a, b)]
    unit = build_units(arts, [a, b])[0]
    assert unit["persons"] == ["richard carter"]


def test_a_possibility_and_the_fact_part_even_through_a_third_claim():
    units = [_u(0, 0, "The Colts could clinch a playoff berth with a win", "clinch"),
             _u(1, 1, "The Colts clinched a playoff berth with a win", "clinch"),
             _u(2, 2, "Colts clinch playoff berth", "clinch")]
    assert _apart(units) and not _apart(units, 1, 2) and not _apart(units, 0, 2)
    sim = pairsim.PairSimilarity.build(units)
    parts = grouping.split_not_one_fact(units, [[0, 1, 2]], sim)
    assert sorted(map(len, parts)) == [1, 2] and not any(0 in p and 1 in p for p in parts)


def test_a_cut_group_keeps_each_side_with_the_claims_closest_to_it():
    # the seeds' structure: two denials and two affirmations of wanting peace in one group
    units = [_u(0, 0, "We don't want peace for slaves", "want", negated=True),
             _u(1, 0, "Maduro said Venezuela is looking for a peace with sovereignty", "look"),
             _u(2, 1, "Maduro said his country wanted peace with sovereignty", "want"),
             _u(3, 1, "We do not want a slave's peace for slaves", "want", negated=True)]
    sim = pairsim.PairSimilarity.build(units)
    assert grouping.split_not_one_fact(units, [[0, 1, 2, 3]], sim) == [[0, 3], [1, 2]]
    # a group with no such pair is left as it is, and the output is deterministic
    assert grouping.split_not_one_fact(units, [[1, 2], [0, 3]], sim) == [[0, 3], [1, 2]]


def test_no_secondary_membership_across_a_denial():
    units = _rehab()
    units[0]["text"] = "Lohan never checked into rehab on Thursday"
    sim = pairsim.PairSimilarity.build(units)
    assert sim[0, 2] >= align.THRESHOLD  # similar enough to join the group as a second membership
    members = _secondary_lexical(units, [[0], [1, 2]], sim)
    assert members[1] == [1, 2] and members[0] == [0]


def test_the_recall_join_leaves_such_pairs_apart():
    def pair(persons_b):
        a = _u(0, 0, "Carter scored 14 points in the win on Friday", "score", persons={"richard carter"},
               quantities=[_points(14)], entities=["richard carter", "drake"])
        b = _u(1, 1, "Drake lost on Friday while McDermott scored 14 points", "score", persons=persons_b,
               quantities=[_points(14)], entities=["drake", *persons_b])
        return [a, b]

    for persons, joined in (({"carter"}, True), ({"doug mcdermott"}, False)):
        units = pair(persons)
        sim = pairsim.PairSimilarity.build(units)
        groups = [[0], [1]]
        # (a high threshold: this pair is similar enough to be grouped anyway)
        I, _, _ = grouping.recall_candidates(units, groups, sim, floor=0.0, threshold=0.9)
        assert (len(I) == 1) == joined, (persons, np.asarray(I))
