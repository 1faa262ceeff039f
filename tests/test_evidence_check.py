"""The evidence check (compare/predicates.py, Predicates.evidence_damping; on by default,
Options.evidence / --no-evidence): a pair in which a claim has no event to compare needs other
evidence than words. Real sentences run through annotate."""

from __future__ import annotations

import numpy as np
import pytest

from comparecases import pair_rows as _pair
from storyline.compare import checks, compare_story, predicates
from storyline.options import EVIDENCE_FACTOR, EVIDENCE_NEITHER

TEXTS = {
    # a copula with no event under it beside an event of the story: words only
    "person": ("2013-06-12", "Cheeks is a good coach and a good person, the team's owner said."),
    "fired": ("2013-06-12", "The Pistons fired coach Maurice Cheeks on Sunday after a loss."),
    # a state and an event tied by one figure of one counted thing
    "rally": ("2013-06-12", "There were 5,000 people in the main square."),
    "marched": ("2013-06-12", "About 5,000 people marched through the city to the main square."),
    # a rare root verb is the claim's event (EVIDENCE_RARE "event"): "handcuffed"
    "handcuffed": ("2013-06-12", "Comeaux handcuffed the officers together in the vehicle."),
    "escaped": ("2013-06-12", "Comeaux escaped from the prison van on Monday."),
}


@pytest.fixture(scope="module")
def units(claim_story):
    return claim_story(TEXTS)


def _preds(us, on=True):
    with checks.evidence_setting(on):
        return predicates.Predicates(us)


def test_a_claim_without_an_event_and_nothing_but_words_is_damped(units):
    us = units[2]
    preds = _preds(us)
    I, J = _pair(us, "person", "fired")
    assert preds.situation(I, J)[0] == 1
    assert not preds.other_evidence(I, J)[0]
    assert preds.evidence_damping(I, J)[0] == EVIDENCE_FACTOR < 1.0
    assert preds.factor(I, J)[0] <= EVIDENCE_FACTOR


def test_one_figure_of_one_counted_thing_ties_the_pair(units):
    us = units[2]
    preds = _preds(us)
    I, J = _pair(us, "rally", "marched")
    assert preds.situation(I, J)[0] == 1
    assert preds.other_evidence(I, J)[0]
    assert preds.evidence_damping(I, J)[0] == 1.0


def test_a_rare_root_verb_is_the_claims_event(units, monkeypatch):
    us = units[2]
    I, J = _pair(us, "handcuffed", "escaped")
    assert _preds(us).situation(I, J)[0] == 0  # both have an event: the check does not apply
    monkeypatch.setattr(predicates, "EVIDENCE_RARE", "none")  # the first version: "handcuff" is too rare
    assert _preds(us).situation(I, J)[0] == 1


def test_off_damps_nothing(units):
    us = units[2]
    preds = _preds(us, on=False)
    n = len(us)
    I, J = np.divmod(np.arange(n * n), n)
    assert (preds.evidence_damping(I, J) == 1.0).all()
    assert checks.evidence_factors() == (1.0, 1.0)  # off outside a comparison that turns it on


def test_option_reaches_the_report_and_reads_the_benchmarks_factors(units, monkeypatch):
    arts, anns, _ = units
    assert "evidence" not in compare_story({"id": "s"}, arts, anns, [], evidence=False)["parameters"]
    assert compare_story({"id": "s"}, arts, anns, [])["parameters"]["evidence"] == [EVIDENCE_FACTOR, EVIDENCE_NEITHER]
    on = compare_story({"id": "s"}, arts, anns, [], evidence=True)
    assert on["parameters"]["evidence"] == [EVIDENCE_FACTOR, EVIDENCE_NEITHER]
    assert checks.evidence_factors() == (1.0, 1.0)  # the setting ends with the comparison
    monkeypatch.setattr(checks, "EVIDENCE_FACTOR", 0.7)  # what bench_switches evidence-0.7 sets
    assert compare_story({"id": "s"}, arts, anns, [], evidence=True)["parameters"]["evidence"][0] == 0.7
