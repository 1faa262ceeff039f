"""The fragment merge of the lexical alignment (grouping.merge_fragments): two groups of several
claims that state one fact merge when their claims share an event predicate and a participant
at a floor of similarity; an article (or sentence) in both, a denial, a figure the other
contradicts, a missing participant, too few links or too low an average keep them apart."""

from __future__ import annotations

import pytest

from storyline.compare import align, grouping, pairsim
from storyline.errors import InputError


def _u(uid, art, text, lemmas, pred="hang", **kw):
    u = {"uid": uid, "article_id": f"a{art}", "article_index": art, "sentence": kw.pop("sentence", 0), "text": text,
         "start": 0, "end": len(text), "lemmas": lemmas.split(), "predicate_key": pred, "verbs": [pred],
         "entities": kw.pop("entities", ["lo presti"]), "places": [], "quantities": kw.pop("quantities", []),
         "timexes": [], "quotes": [], "hedges": [], "negated": kw.pop("negated", False), "object_lemmas": []}
    u.update(kw)
    return u


def _fragments():
    # one suicide (ECB+ topic 26) told as two pairs of near copies: headlines and leads
    return [_u(0, 0, "Mafia boss Lo Presti hangs himself in jail", "mafia boss lo presti hang jail"),
            _u(1, 1, "Mafia boss Lo Presti hanged himself in jail", "mafia boss lo presti hang jail"),
            _u(2, 2, "Police said Gaetano Lo Presti, 52, had hanged himself in his cell hours after his arrest.",
               "police gaetano lo presti 52 hang cell hour arrest"),
            _u(3, 3, "Gaetano Lo Presti, 52, hanged himself in his cell hours after his arrest, police said.",
               "gaetano lo presti 52 hang cell hour arrest police")]


def _merge(units, groups=([0, 1], [2, 3]), **kw):
    sim = pairsim.PairSimilarity.build(units)
    kw = {"floor": 0.05, "links": 1, "verbs": False, "articles": "none", "mean": None} | kw
    return grouping.merge_fragments(units, [list(g) for g in groups], sim, **kw)


def test_two_fragments_of_one_fact_merge():
    units = _fragments()
    sim = pairsim.PairSimilarity.build(units)
    assert sim[0, 1] >= align.THRESHOLD and sim[2, 3] >= align.THRESHOLD  # two groups of several claims
    assert max(sim[i, j] for i in (0, 1) for j in (2, 3)) >= 0.05
    assert _merge(units) == [[0, 1, 2, 3]]


def test_off_by_default_and_below_the_floor():
    units = _fragments()
    sim = pairsim.PairSimilarity.build(units)
    assert grouping.merge_fragments(units, [[0, 1], [2, 3]], sim, floor=None) == [[0, 1], [2, 3]]
    if grouping.FRAGMENT_FLOOR is None:  # the release: off
        assert grouping.merge_fragments(units, [[0, 1], [2, 3]], sim) == [[0, 1], [2, 3]]
    best = max(sim[i, j] for i in (0, 1) for j in (2, 3))
    assert _merge(units, floor=best + 0.01) == [[0, 1], [2, 3]]


def test_links_and_mean_bound_the_merge():
    units = _fragments()
    sim = pairsim.PairSimilarity.build(units)
    mean = sum(sim[i, j] for i in (0, 1) for j in (2, 3)) / 4
    assert _merge(units, links=4) == [[0, 1, 2, 3]]  # every cross pair links them
    assert _merge(units, links=5) == [[0, 1], [2, 3]]
    assert _merge(units, mean=mean + 0.01) == [[0, 1], [2, 3]]


def test_an_article_in_both_keeps_them_apart_unless_allowed():
    units = _fragments()
    units[2].update(article_id="a0", article_index=0, sentence=3)  # the headline's own article tells it again
    assert _merge(units) == [[0, 1], [2, 3]]
    assert _merge(units, articles="sentence") == [[0, 1, 2, 3]]
    assert _merge(units, articles="first") == [[0, 1, 2, 3]]  # its headline (sentence 0) in one group
    units[0]["sentence"] = 1  # not its first sentence: two statements of the article
    assert _merge(units, articles="first") == [[0, 1], [2, 3]]
    assert _merge(units, articles="sentence") == [[0, 1, 2, 3]]
    units[2]["sentence"] = 1  # one sentence in both groups: never
    assert _merge(units, articles="sentence") == [[0, 1], [2, 3]]


def test_no_shared_participant_or_predicate_no_merge():
    units = _fragments()
    for u in units[2:]:
        u["entities"] = ["gaetano"]
    assert _merge(units) == [[0, 1], [2, 3]]
    units = _fragments()
    for u in units[2:]:
        u["predicate_key"], u["verbs"] = "arrest", ["arrest"]
    assert _merge(units) == [[0, 1], [2, 3]]


def test_a_denial_or_a_contradicting_figure_keeps_them_apart():
    units = _fragments()
    units[3].update(text="Gaetano Lo Presti, 52, did not hang himself in his cell, police said.", negated=True)
    assert _merge(units) == [[0, 1], [2, 3]]
    units = _fragments()
    age = lambda v: [{"text": str(v), "value": v, "counted": "sentence", "unit": "year"}]  # noqa: E731
    units[0]["quantities"], units[2]["quantities"] = age(20), age(30)
    assert _merge(units) == [[0, 1], [2, 3]]
    units[2]["quantities"] = age(20)
    assert _merge(units) == [[0, 1, 2, 3]]


def test_an_unknown_article_rule_is_an_error():
    with pytest.raises(InputError, match="articles"):
        _merge(_fragments(), articles="0")
