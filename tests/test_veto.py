"""The same-fact veto (compare/veto.py): a pair the hand-label model puts below its
threshold holds no group together and makes no second membership; off by default.

Three real sentences of ECB+ topic 3 (three reports of one prison escape; CC BY 3.0),
annotated as the pipeline annotates them; the packaged model's probabilities, with the
threshold set around them, so the test reads the cut, not the fit."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.annotate import annotate_articles
from storyline.clean import clean_article
from storyline.compare import align, compare_story, grouping, veto
from storyline.options import Options
from storyline.records import Article

TEXTS = [
    "A convicted sex offender sentenced to life in prison pulled a gun on two guards during a prison transfer Monday.",
    "A convicted child molester who was supposedly confined to a wheelchair overpowered two prison guards today.",
    "A Texas inmate escaped from a prison van near Houston after pulling a gun on two guards who were transporting him.",
]


@pytest.fixture(scope="module")
def story():
    arts = [clean_article(Article(id=f"a{i}", raw_text=t, published="2012-04-17")) for i, t in enumerate(TEXTS)]
    anns = list(annotate_articles(arts, Options(progress=False, today="2012-04-17")))
    from storyline.compare.units import build_units

    units = build_units(arts, anns)
    _, sim = align.align(units)
    return arts, anns, units, sim


def _veto(units, sim, threshold):
    return veto.Veto(units, sim, {**veto.load_model(), "threshold": threshold})


def test_packaged_model_is_a_probability_over_its_features(story):
    _, _, units, sim = story
    m = veto.load_model()
    assert set(m["features"]) <= set(veto.FEATURES) and 0 < m["threshold"] < 1
    p = _veto(units, sim, 0.5).probs([(0, 1), (0, 2), (1, 2)])
    assert all(0.0 < x < 1.0 for x in p)
    # "pulled a gun on two guards" / "pulling a gun on two guards": one fact, by far the likeliest pair
    assert p[1] > max(p[0], p[2])


def test_a_pair_below_the_threshold_cuts_the_group_around_it(story):
    _, _, units, sim = story
    p01, p02, p12 = _veto(units, sim, 0.5).probs([(0, 1), (0, 2), (1, 2)])
    assert _veto(units, sim, 0.0).split([[0, 1, 2]]) == [[0, 1, 2]]  # nothing below: unchanged
    # between the weakest link of "overpowered" and the gun pair: the gun pair stays, "overpowered" leaves
    mid = (max(p01, p12) + p02) / 2
    assert _veto(units, sim, mid).split([[0, 1, 2]]) == [[0, 2], [1]]
    assert _veto(units, sim, 0.999).split([[0, 1, 2]]) == [[0], [1], [2]]


def test_no_second_membership_below_the_threshold(story):
    _, _, units, sim = story
    p01, p02 = _veto(units, sim, 0.5).probs([(0, 1), (0, 2)])
    # claim 1 as a second member of the group {0, 2}: kept only when both its pairs reach the threshold
    lo = min(p01, _veto(units, sim, 0.5).probs([(1, 2)])[0])
    assert _veto(units, sim, lo - 1e-6).secondaries([[0, 2]], [[0, 2, 1]]) == [[0, 2, 1]]
    assert _veto(units, sim, lo + 1e-6).secondaries([[0, 2]], [[0, 2, 1]]) == [[0, 2]]


def test_off_by_default_and_recorded_when_on(story):
    arts, anns, _, _ = story
    assert Options().veto is False
    off = compare_story({"id": "t3"}, arts, anns, [])
    assert "veto" not in off["parameters"]
    on = compare_story({"id": "t3"}, arts, anns, [], veto={**veto.load_model(), "threshold": 0.999})
    assert on["parameters"]["veto"] == {"model": "veto-1", "threshold": 0.999}
    assert all(len(g["articles"]) == 1 for g in on["groups"])  # nothing reaches 0.999: no group holds two articles


def test_a_direct_link_may_have_a_threshold_of_its_own(story):
    _, _, units, sim = story
    s = grouping.pair_values(sim, np.array([0, 0, 1]), np.array([1, 2, 2]))
    # the two "pulled a gun on two guards" reports are the one direct link (own similarity >= the threshold)
    assert [bool(v >= align.THRESHOLD) for v in s] == [False, True, False]
    m = {**veto.load_model(), "threshold": 0.999}
    kept = veto.Veto(units, sim, {**m, "threshold_direct": 0.0})  # a direct link is never vetoed
    assert [x >= 0 for x in kept.margins([(0, 1), (0, 2), (1, 2)])] == [False, True, False]
    assert kept.split([[0, 1, 2]]) == [[0, 2], [1]]
    # without the key, one threshold for every pair (veto-1's reading): all three apart
    assert veto.Veto(units, sim, m).split([[0, 1, 2]]) == [[0], [1], [2]]


def test_acting_on_second_memberships_only_keeps_the_groups(story):
    _, _, units, sim = story
    m = {**veto.load_model(), "threshold": 0.999, "acts": "second"}
    v = veto.Veto(units, sim, m)
    assert v.split([[0, 1, 2]]) == [[0, 1, 2]]
    assert v.secondaries([[0, 2]], [[0, 2, 1]]) == [[0, 2]]


def test_packaged_model_records_its_rule():
    m = veto.load_model()
    # the opt-in stays veto-1 (a precision mode: blind4 0.727 -> 0.797, blind5 0.624 -> 0.671 corroborated P);
    # veto-2 (benchmarks/data/veto_model_2.json) barely acted on the blind batch
    assert m["name"] == "veto-1" and "threshold_direct" not in m and m.get("exempt") == "figure_slot"
    assert "F0.5" in m["provenance"]["threshold_rule"] and "GroupKFold" in m["provenance"]["cv"]


def test_a_bad_model_file_is_one_clear_error(tmp_path):
    from storyline.errors import InputError

    for name, text, says in (("missing.json", None, "cannot read"), ("bad.json", "{not json", "not JSON"),
                             ("part.json", '{"features": ["lexical"]}', "lacks coef")):
        path = tmp_path / name
        if text is not None:
            path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as err:
            veto.load_model(str(path))
        assert str(path) in str(err.value) and says in str(err.value)
