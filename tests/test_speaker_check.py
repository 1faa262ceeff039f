"""The speaker check (compare/holders.py, ``speaker_damping``; off by default, Options.speaker /
--speaker): two statements of one speaker share the attribution, not a fact, unless one quote,
figure or day ties them or what they say overlaps once the attribution is left out. Real
sentences run through annotate."""

from __future__ import annotations

import pytest

from comparecases import pair_rows as _pair
from storyline.compare import checks, compare_story, predicates
from storyline.compare.holders import one_holder, said, speaker_damping
from storyline.options import SPEAKER_FACTOR, SPEAKER_TIE, Options

_WHO = "Andrew Wetzler, director of the Natural Resources Defense Council's endangered species program,"
TEXTS = {
    # one speaker, two statements: the long attribution is all they share
    "court": ("2009-03-03", _WHO + ' was blunt: "We will see them in court."'),
    "science": ("2009-03-03", _WHO + ' commented, "This administration has rejected anything with a whiff of '
                                     'science."'),
    # one speaker, one statement in two outlets' words: what is said still overlaps
    "family": ("2009-03-03", "Sheriff Mike Thomas said the two were in Roundup visiting family."),
    "relatives": ("2009-03-03", "Sheriff Mike Thomas said the mother and child were visiting relatives in Roundup."),
}


@pytest.fixture(scope="module")
def units(claim_story):
    return claim_story(TEXTS)


def _unit(us, aid):
    return next(u for u in us if u["article_id"] == aid)


def test_what_is_said_leaves_the_attribution_out(units):
    us = units[2]
    court, family = said(_unit(us, "court")), said(_unit(us, "family"))
    assert "court" in court and not court & {"andrew", "wetzler", "director", "council", "program", "blunt"}
    assert {"roundup", "family"} <= family and not family & {"sheriff", "mike", "thomas", "say"}


def test_two_statements_of_one_speaker_are_damped_one_statement_is_not(units):
    us = units[2]
    preds = predicates.Predicates(us)
    I, J = _pair(us, "court", "science")
    assert one_holder(preds, I, J)[0]
    assert speaker_damping(preds, I, J, SPEAKER_FACTOR, SPEAKER_TIE)[0] == SPEAKER_FACTOR
    I, J = _pair(us, "family", "relatives")
    assert one_holder(preds, I, J)[0]
    assert speaker_damping(preds, I, J, SPEAKER_FACTOR, SPEAKER_TIE)[0] == 1.0  # "visit", "Roundup" in both
    I, J = _pair(us, "court", "family")
    assert not one_holder(preds, I, J)[0]  # two speakers: the holder check's question, not this one's
    with checks.speaker_setting(True):
        I, J = _pair(us, "court", "science")
        assert predicates.Predicates(us).factor(I, J)[0] <= SPEAKER_FACTOR < 1.0


def test_off_by_default_and_recorded_when_on(units):
    arts, anns, us = units
    assert checks.speaker_factor() == 1.0 and Options().speaker is False
    assert "speaker" not in compare_story({"id": "s"}, arts, anns, [])["parameters"]
    assert compare_story({"id": "s"}, arts, anns, [], speaker=True)["parameters"]["speaker"] == [SPEAKER_FACTOR,
                                                                                                SPEAKER_TIE]
    assert checks.speaker_factor() == 1.0  # the setting ends with the comparison
    assert Options(speaker=True).compare.parameters().endswith(";clause_tied=1;speaker=1")
