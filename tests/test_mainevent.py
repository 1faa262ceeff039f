"""The main-event check (compare/mainevent.py, predicates.Predicates.main_apart; on by default,
Options.main_event / --no-main-event): what a claim's main event is, which pairs it damps and
which it must not. Real claims of hand-labelled ECB+ stories, run through annotate."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.compare import checks, compare_story, predicates
from storyline.compare.mainevent import main_event, stated
from storyline.compare.lemmas import paraphrase_key as _norm, stem
from storyline.compare.pairmodel import load_model
from storyline.options import MAIN_EVENT_FACTOR

TEXTS = {
    # ECB+ 21_ecbplus, labelled two facts (#9881): the striking only in a relative clause on the woman
    "struck": ("2013-09-19", "LuAnn Marie Johnson, 66, of Burnsville was struck as she walked into Sam's Club."),
    "released": ("2013-09-19", "Authorities have released the name of a 66-year-old woman who was walking outside "
                               "the Sam's Club in Bloomington when she was struck and killed by a motorist."),
    # one predicate, one fact: charged / charged
    "charged": ("2013-06-12", "A man has been charged with the murder of his mother and sister in Millom."),
    "charged2": ("2013-06-12", "Police said a man was charged on Saturday with murdering his mother and sister."),
    # a reporting root: the reported clause's event is the claim's
    "said_arrest": ("2013-06-12", "Police said in a statement that the man was arrested at his home."),
    "arrested": ("2013-06-12", "The man was arrested at his home in Millom."),
    # a figure of one counted thing in both is one slot, whatever the verbs (a conflict is made of it)
    "scored": ("2013-06-12", "Carter scored 14 points for Drake."),
    "had": ("2013-06-12", "Carter had 12 points for Drake."),
}


@pytest.fixture(scope="module")
def story(claim_story):
    return claim_story(TEXTS)


@pytest.fixture(scope="module")
def units(story):
    return {u["article_id"]: u for u in story[2]}


def _ev():
    return load_model().get("eventness", {})


def test_main_event_is_the_root_or_the_reported_clause(units):
    ev = _ev()
    assert main_event(units["charged"], ev, 0.3) == {"charg"}
    assert main_event(units["released"], ev, 0.3) == {"releas"}
    # "said ... that the man was arrested": the reporting verb carries the arrest
    assert "arrest" in main_event(units["said_arrest"], ev, 0.3)
    # a relative clause's verbs are not the main clause's: "the name of a woman who was struck";
    # the verbs as mainevent keys them (paraphrase set, stem: "strike" is "attack", "kill" "kil")
    told = stated(units["released"], ev, 0.3)
    assert {"strike", "kill", "walk"} <= set(units["released"]["verbs"])
    assert not {stem(_norm(w)) for w in ("strike", "kill", "walk")} & told
    assert told == main_event(units["released"], ev, 0.3) == {"releas"}


def _apart(story, x, y, factor=0.7):
    us = story[2]
    i = next(k for k, u in enumerate(us) if u["article_id"] == x)
    j = next(k for k, u in enumerate(us) if u["article_id"] == y)
    with checks.main_event_setting(factor):
        preds = predicates.Predicates(us)
    return bool(preds.main_apart(np.array([i]), np.array([j]))[0])


def test_main_apart_parts_other_predicates_and_background_events(story):
    assert _apart(story, "struck", "released")  # the striking only in a relative clause
    assert _apart(story, "charged", "arrested")


def test_main_apart_keeps_one_event_and_one_slot(story):
    assert not _apart(story, "charged", "charged2")
    assert not _apart(story, "said_arrest", "arrested")
    assert not _apart(story, "scored", "had")  # one figure slot, two verbs


def test_off_builds_nothing_and_damps_nothing(story):
    us = story[2]
    with checks.main_event_setting(1.0):  # off (--no-main-event)
        preds = predicates.Predicates(us)
    n = len(us)
    I, J = np.divmod(np.arange(n * n), n)
    assert preds._main_rows is None
    assert not preds.main_apart(I, J).any()


def test_option_reaches_the_report(story):
    arts, anns, _ = story
    off = compare_story({"id": "s"}, arts, anns, [], main_event=False)
    on = compare_story({"id": "s"}, arts, anns, [], main_event=True)
    default = compare_story({"id": "s"}, arts, anns, [])
    assert "main_event" not in off["parameters"]
    assert on["parameters"]["main_event"] == MAIN_EVENT_FACTOR < 1.0
    assert default["parameters"]["main_event"] == checks.MAIN_EVENT_FACTOR == MAIN_EVENT_FACTOR  # on by default
    assert checks.main_event_factor() == checks.MAIN_EVENT_FACTOR  # the setting ends with the comparison


def test_the_option_reads_the_factor_a_benchmark_sets(story, monkeypatch):
    # one factor: what bench_verdicts --main-event F or bench_switches main-event-F measure is
    # what `storyline` (Options.main_event True) runs
    arts, anns, _ = story
    monkeypatch.setattr(checks, "MAIN_EVENT_FACTOR", 0.7)
    assert compare_story({"id": "s"}, arts, anns, [], main_event=True)["parameters"]["main_event"] == 0.7
    assert "main_event" not in compare_story({"id": "s"}, arts, anns, [], main_event=False)["parameters"]
