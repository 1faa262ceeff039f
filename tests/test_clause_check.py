"""The clause check (compare/predicates.py, Predicates.clause_apart; compare/mainevent.py background;
off by default, Options.clause / --clause): a claim that tells another claim's main event only in
a background clause and states something else is damped. Real sentences run through annotate."""

from __future__ import annotations

import numpy as np
import pytest

from comparecases import pair_rows as _pair
from storyline.compare import checks, compare_story, predicates
from storyline.compare.mainevent import background
from storyline.compare.pairs import load_model
from storyline.options import CLAUSE_FACTOR, CLAUSE_TIE, PREDICATE_EVENTNESS

TEXTS = {
    # the shooting only in a relative clause on the student; the claim states the release
    "released": ("2013-06-12", "Authorities released the name of a student who was shot at a home in Bladensburg."),
    "shot": ("2013-06-12", "A student was shot at a home in Bladensburg."),
    # a relative clause that reports ("who said that ..."): it carries the fact
    "witnesses": ("2013-06-12", "Deputies spoke to witnesses who said that a student was shot at a home in Bladensburg."),
    # a day both write ties the pair
    "released_day": ("2013-06-12", "Authorities released the name of a student who was shot at a home on June 3, 2013."),
    "shot_day": ("2013-06-12", "A student was shot at a home on June 3, 2013."),
    # the damage only in a relative clause, but both claims name the fire and the damage: with
    # the tie (Options.clause_tied) two events in common tie the pair
    "manager": ("2013-06-12", "The site manager at the supermarket that has been damaged by fire says the "
                              "repairs will take a couple of days."),
    "damaged": ("2013-06-12", "A fire has badly damaged the supermarket in the High Street."),
}


@pytest.fixture(scope="module")
def units(claim_story):
    return claim_story(TEXTS)


def _preds(us, on=True):
    with checks.clause_setting(on):
        return predicates.Predicates(us)


def _unit(us, x):
    return next(u for u in us if u["article_id"] == x)


def test_background_reads_the_relative_clause_not_a_reporting_one(units):
    us = units[2]
    ev = load_model().get("eventness", {})
    assert "shoot" in background(_unit(us, "released"), ev, PREDICATE_EVENTNESS)
    assert not background(_unit(us, "witnesses"), ev, PREDICATE_EVENTNESS)  # "who said that ..."
    assert not background(_unit(us, "shot"), ev, PREDICATE_EVENTNESS)


def test_the_fact_only_in_a_relative_clause_is_damped_both_ways(units):
    us = units[2]
    preds = _preds(us)
    for x, y in (("released", "shot"), ("shot", "released")):
        I, J = _pair(us, x, y)
        assert preds.clause_apart(I, J)[0]
        assert preds.factor(I, J)[0] <= CLAUSE_FACTOR < 1.0


def test_a_day_both_write_ties_the_pair(units):
    us = units[2]
    I, J = _pair(us, "released_day", "shot_day")
    assert not _preds(us).clause_apart(I, J)[0]


def test_off_damps_nothing(units):
    us = units[2]
    preds = _preds(us, on=False)
    n = len(us)
    I, J = np.divmod(np.arange(n * n), n)
    assert not preds.clause_apart(I, J).any()
    assert checks.clause_factor() == 1.0  # off by default


def test_option_reaches_the_report_and_reads_the_benchmarks_factor(units, monkeypatch):
    arts, anns, _ = units
    # the untied check (the tied one is on by default): clause on, clause_tied off
    assert "clause" not in compare_story({"id": "s"}, arts, anns, [], clause_tied=False)["parameters"]
    assert compare_story({"id": "s"}, arts, anns, [], clause=True, clause_tied=False)["parameters"]["clause"] == CLAUSE_FACTOR
    assert checks.clause_factor() == 1.0  # the setting ends with the comparison
    monkeypatch.setattr(checks, "CLAUSE_FACTOR", 0.7)  # what bench_switches clause-0.7 sets
    assert compare_story({"id": "s"}, arts, anns, [], clause=True, clause_tied=False)["parameters"]["clause"] == 0.7


def _tied_preds(us):
    with checks.clause_tied_setting(True):
        return predicates.Predicates(us)


def test_the_tie_spares_two_events_in_common_not_one(units):
    us = units[2]
    I, J = _pair(us, "manager", "damaged")
    assert _preds(us).clause_apart(I, J)[0]  # the clause check alone parts them
    tied = _tied_preds(us)
    assert not tied.clause_apart(I, J)[0]  # the fire and the damage, in both
    I, J = _pair(us, "released", "shot")
    assert tied.clause_apart(I, J)[0]  # only the shooting in common: still damped
    assert tied.factor(I, J)[0] <= CLAUSE_FACTOR < 1.0


def test_the_tied_option_reaches_the_report(units):
    arts, anns, _ = units
    params = compare_story({"id": "s"}, arts, anns, [])["parameters"]  # on by default
    assert params["clause"] == CLAUSE_FACTOR and params["clause_tie"] == CLAUSE_TIE == 2
    assert params == compare_story({"id": "s"}, arts, anns, [], clause_tied=True)["parameters"]
    assert "clause_tie" not in compare_story({"id": "s"}, arts, anns, [], clause=True, clause_tied=False)["parameters"]
    assert checks.clause_tie() == 0 and checks.clause_factor() == 1.0  # the setting ends with the comparison
