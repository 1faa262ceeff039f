"""The holder check (compare/holders.py; off by default, Options.holders / --holders): two
statements by different speakers or holders need one quote, figure or day, or alike reported
clauses, to state one fact. Real sentences run through annotate."""

from __future__ import annotations

import numpy as np
import pytest

from comparecases import pair_rows as _pair
from storyline.compare import checks, compare_story, predicates
from storyline.compare.holders import damping, holder_of, same_holder, two_holders
from storyline.options import HOLDERS_FACTOR, HOLDERS_TIE, Options

TEXTS = {
    # two holders, two statements about one hearing: words shared, not the fact
    "judge": ("2013-06-12", "Judge Maria Lopez said she agreed with the prosecutors about the hearing date."),
    "lawyer": ("2013-06-12", "Defense lawyer Tom Baker told Judge Maria Lopez that the hearing date was too early."),
    # two holders, one figure of one counted thing about one participant: tied
    "police": ("2013-06-12", "Police said 12 people were injured in the explosion at the Ford plant in Detroit."),
    "mayor": ("2013-06-12", "Mayor Ann Reed said the Ford blast injured 12 people in Detroit on Monday."),
    # a belief verb's subject holds the clause
    "thought": ("2013-06-12", "Most people thought the old factory was empty."),
}


@pytest.fixture(scope="module")
def units(claim_story):
    return claim_story(TEXTS)


def _unit(us, aid):
    return next(u for u in us if u["article_id"] == aid)


def test_statements_and_their_holders(units):
    us = units[2]
    judge, lawyer, thought = _unit(us, "judge"), _unit(us, "lawyer"), _unit(us, "thought")
    assert judge["statement"] and lawyer["statement"] and thought["statement"]
    assert judge["holder"] and lawyer["holder"] and judge["holder"] != lawyer["holder"]
    assert thought["holder"] == "t:people"  # "Most people": the determiner dropped


def test_holder_of_reads_attribution_then_quote_speaker_then_belief():
    emap = {"E1": "maria lopez"}
    att = {"source": {"text": "Lopez", "entity": "E1"}}
    assert holder_of(att, [], "agree", "she", emap) == (True, "e:maria lopez", "Lopez")
    quote = [{"speaker": {"text": "the mayor", "entity": None}}]
    assert holder_of(None, quote, "be", "it", emap) == (True, "t:mayor", "the mayor")
    assert holder_of(None, [], "think", "He", emap) == (True, None, "He")  # an unresolved pronoun: not told
    assert holder_of(None, [], "explode", "The factory", emap) == (False, None, "")


def test_one_holders_words_within_the_others_are_one_holder():
    assert same_holder("e:police", "e:surrey police")
    assert same_holder("e:a.j butler", "e:aj butler")
    assert not same_holder("e:maria lopez", "e:tom baker")


def test_two_holders_and_nothing_but_words_are_damped(units, monkeypatch):
    us = units[2]
    preds = predicates.Predicates(us)
    I, J = _pair(us, "judge", "lawyer")
    assert two_holders(preds, I, J)[0]
    assert damping(preds, I, J, 0.6, HOLDERS_TIE)[0] == 0.6
    assert damping(preds, I, J, 0.6, 0.0)[0] == 1.0  # any overlap of the reported clauses ties at tie 0
    with checks.holders_setting(True):
        assert predicates.Predicates(us).factor(I, J)[0] <= HOLDERS_FACTOR < 1.0


def test_one_figure_ties_two_holders(units):
    us = units[2]
    preds = predicates.Predicates(us)
    I, J = _pair(us, "police", "mayor")
    assert two_holders(preds, I, J)[0]
    assert damping(preds, I, J, 0.6, 1.01)[0] == 1.0  # tied by "12 people", however unlike the words


def test_off_by_default_and_recorded_when_on(units, monkeypatch):
    arts, anns, us = units
    preds = predicates.Predicates(us)
    n = len(us)
    I, J = np.divmod(np.arange(n * n), n)
    assert checks.holders_factor() == 1.0 and Options().holders is False
    assert (preds.factor(I, J) == predicates.Predicates(us).factor(I, J)).all()
    assert "holders" not in compare_story({"id": "s"}, arts, anns, [])["parameters"]
    assert compare_story({"id": "s"}, arts, anns, [], holders=True)["parameters"]["holders"] == [HOLDERS_FACTOR,
                                                                                                HOLDERS_TIE]
    assert checks.holders_factor() == 1.0  # the setting ends with the comparison
    monkeypatch.setattr(checks, "HOLDERS_FACTOR", 0.7)  # what bench_switches holders-0.7 sets
    assert compare_story({"id": "s"}, arts, anns, [], holders=True)["parameters"]["holders"][0] == 0.7
