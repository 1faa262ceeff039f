"""The modality check's wider reading (Options.modality, modality._moods, off by default): a call
or request to do something, "will eventually", a habit and a headline's "X to VERB" are not
the done fact; two plans, two calls or two habits still state one."""

from __future__ import annotations

import numpy as np

from storyline.compare import checks, compare_story, modality, predicates
from storyline.compare.lemmas import stem
from storyline.options import CompareSettings, PREDICATE_PENALTY

ALL = frozenset({"headline", "request", "adverb", "habitual", "present"})


def _u(text, pred, verbs, headline=False):
    return {"predicate_key": pred, "predicate": pred, "verbs": list(verbs), "quantities": [], "entities": [],
            "places": [], "lemmas": list(verbs), "text": text, "start": 0, "end": len(text), "timexes": [],
            "quotes": [], "object_lemmas": [], "article_index": 0, "headline": headline, "negated": False}


def _factor(a, b, on=True):
    with checks.modality_setting(on):
        return float(predicates.Predicates([a, b]).factor(np.array([0]), np.array([1]))[0])


def test_each_reading_by_its_form():
    def moods(text, verbs, r=ALL, head=False):  # verbs by lemma -> id, read by inflection key
        keyed = {stem(k): v for k, v in verbs.items()}
        return modality._moods(text, keyed, frozenset(r), head, frozenset(keyed))

    # a call, request or demand: the verb after its "to" is unrealised
    assert moods("Biologists call on the administration to overturn the rules", {"overturn": 1})[0] == {1}
    assert moods("Worthy urged parents and caretakers to become more responsible.", {"become": 1})[0] == {1}
    assert moods("Anyone with information is asked to call police.", {"call": 1})[0] == {1}
    # not a summons ("were called to the home to conduct") nor a purpose ("in order to patch")
    assert moods("Officers were called to the home to conduct a welfare check.", {"conduct": 1})[0] == set()
    assert moods("Microsoft released an update in order to patch a flaw.", {"patch": 1})[0] == set()
    # an adverb between the modal and its verb
    assert moods("The Mysore will eventually replace the Tabar.", {"replace": 1})[0] == {1}
    assert moods("The Mysore will eventually replace the Tabar.", {"replace": 1}, r=())[0] == set()
    # a habit: a present form beside "normally"; a past form there stays the fact
    assert moods("Normally, Microsoft releases security bulletins on the second Tuesday.", {"release": 1})[2] == {1}
    assert moods("Normally quiet, the street erupted in protest.", {"erupt": 1})[1:] == ({1}, set())
    # the adverb's own clause only: "what is normally needed ... and Caracas accuses Washington"
    assert moods("what is normally needed for such operations and Caracas accuses Washington", {"accuse": 1})[2] == set()
    # a headline's "X to VERB" with no verb before "to" is a future; "rushes to release" is not
    assert moods("Microsoft to release patch for Internet Explorer", {"release": 1}, head=True)[0] == {1}
    assert moods("Microsoft to release patch for Internet Explorer", {"release": 1})[0] == set()  # not a headline
    assert moods("Microsoft rushes to release patch", {"release": 1, "rush": 2}, head=True)[0] == set()
    # with "present", a headline's present form is the done fact
    assert moods("Colts clinch playoff berth", {"clinch": 1}, head=True)[1] == {1}
    assert moods("Colts clinch playoff berth", {"clinch": 1}, r=ALL - {"present"}, head=True)[1] == set()


def test_unrealised_or_habitual_beside_the_fact_is_damped_two_alike_are_not():
    will = _u("The Mysore will eventually replace the Tabar in patrolling the Gulf of Aden.", "replace", ["replace"])
    did = _u("The Mysore replaced the Tabar on patrol about a fortnight ago.", "replace", ["replace"])
    assert _factor(will, did, on=False) == 1.0  # the first reading: "eventually" hides the modal
    assert _factor(will, did) == PREDICATE_PENALTY < 1.0
    habit = _u("Normally, Microsoft releases security bulletins on the second Tuesday of each month.", "release",
               ["release"])
    plan = _u("Microsoft will release a patch for Internet Explorer.", "release", ["release"])
    done = _u("Microsoft released a patch for Internet Explorer.", "release", ["release"])
    assert _factor(habit, plan) == _factor(habit, done) == PREDICATE_PENALTY
    assert _factor(habit, dict(habit, text="Microsoft typically releases patches on the second Tuesday.")) == 1.0
    ask = _u("Anyone with information is asked to call Crime Stoppers.", "ask", ["ask", "call"])
    asked = _u("Police ask anyone with information to call Crime Stoppers.", "ask", ["ask", "call"])
    assert _factor(ask, asked) == 1.0  # two calls


def test_the_setting_is_off_by_default_and_recorded_when_on():
    assert CompareSettings().modality is False
    assert "modality" not in CompareSettings().parameters()
    assert CompareSettings(modality=True).parameters().endswith(";modality=1")
    assert checks.modality_readings() == frozenset()
    with checks.modality_setting(True):
        assert checks.modality_readings() == frozenset(checks.MODALITY_READINGS)
    report = compare_story({"id": "s"}, [], [], [], modality=True)
    assert report["parameters"]["modality"] == sorted(checks.MODALITY_READINGS)
    assert "modality" not in compare_story({"id": "s"}, [], [], [])["parameters"]
