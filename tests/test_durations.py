"""Durations of one event compared as figures (Options.durations, compare/durations.py, off by
default): a term is one slot by the noun or verb it measures, in months or hours; a possible
maximum, a window, an anchor and an age are no term."""

from __future__ import annotations

import pytest

from storyline.annotate.quantities import find_quantities
from storyline.compare import checks, durations, verdicts
from storyline.options import CompareSettings, Options


@pytest.fixture(scope="module")
def nlp():
    from storyline.nlp import load

    return load()


def _unit(nlp, text, aid="a", **more):
    doc = nlp(text)
    return {"article_id": aid, "text": text, "start": 0, "quantities": find_quantities(doc),
            "verbs": [t.lemma_ for t in doc if t.pos_ == "VERB"], "entities": [], "places": [], "persons": [],
            "negated": False, "timexes": [], "hedges": [], **more}


def _slots(nlp, text):
    return {k[0]: [q["text"] for q in v] for k, v in durations.slots(_unit(nlp, text)).items()}


def test_heads_by_noun_or_verb(nlp):
    assert _slots(nlp, "He was sentenced to 2 1/2 years, with 9 months to serve.") == {
        "sentenc": ["2 1/2 years"], "serv": ["9 months"]}
    # two slots in one claim: what was served, and the sentence
    assert _slots(nlp, "He served 9 months of a 2-1/2 year sentence.") == {"serv": ["9 months"], "sentenc": ["2-1/2 year"]}
    assert _slots(nlp, "He got a five-year sentence.") == {"sentenc": ["five-year"]}
    assert _slots(nlp, "The girl, missing for 10 days, was found.") == {"mis": ["10 days"]}


def test_no_term(nlp):
    for text in ("Timmons faces up to 15 years in prison.", "He could get 20 years in prison.",
                 "He has lived there for the past five years.", "Three years ago he left.",
                 "He was arrested on Jan. 6, five days before the loss.", "The 30-year-old man was sentenced.",
                 "He had been a firefighter for 19 years.", "He served 4\ufffd months in prison."):
        assert _slots(nlp, text) == {}, text


def test_findings(nlp):
    two = _unit(nlp, "He was sentenced to 2 years, with 9 months to serve.", "a")
    half = _unit(nlp, "He was sentenced to 2 1/2 years, with 9 months to serve.", "b")
    found = durations.duration_findings([two, half], {"a": None, "b": None})
    assert [(f["relation"], f["counted"], f["a"]["text"], f["b"]["text"]) for f in found] == [
        ("disjoint", "sentence (duration)", "2 years", "2 1/2 years")]
    # months and years compare: 30 months is 2 1/2 years
    served = _unit(nlp, "He served 9 months of a 30-month sentence.", "c")
    assert durations.duration_findings([half, served], {}) == []
    # a longer time missing in a later report, by no more than the days between: time went by
    three = _unit(nlp, "She was missing for three days.", "a")
    five = _unit(nlp, "She was missing for five days.", "b")
    found = durations.duration_findings([three, five], {"a": "2020-01-01", "b": "2020-01-03"})
    assert [f["relation"] for f in found] == ["distinct"]
    assert [f["relation"] for f in durations.duration_findings([three, five], {"a": "2020-01-01", "b": "2020-01-01"})] == [
        "disjoint"]
    # longer by more than the days between: the figures differ
    ten = _unit(nlp, "She was missing for ten days.", "b")
    assert [f["relation"] for f in durations.duration_findings([three, ten], {"a": "2020-01-01", "b": "2020-01-03"})] == [
        "disjoint"]
    # whose deal: each claim names a party the other does not
    o = _unit(nlp, "The Orioles offered him a seven-year deal.", "a", entities=["orioles", "teixeira"])
    r = _unit(nlp, "The Red Sox offered him an eight-year deal.", "b", entities=["red sox", "teixeira"])
    assert [f["relation"] for f in durations.duration_findings([o, r], {})] == ["distinct"]


def test_decide_reads_the_setting(nlp):
    two = _unit(nlp, "He was sentenced to 2 years.", "a")
    half = _unit(nlp, "He was sentenced to 2 1/2 years.", "b")
    origins = [{"id": "a"}, {"id": "b"}]
    assert verdicts.decide([two, half], origins, {})[0] == "corroborated"
    with checks.durations_setting(True):
        verdict, found = verdicts.decide([two, half], origins, {})
    assert verdict == "conflicting" and found[0]["counted"] == "sentence (duration)"


def test_setting_recorded_only_when_on():
    assert CompareSettings().durations is False and Options().durations is False
    assert "durations" not in CompareSettings().parameters()
    assert CompareSettings(durations=True).parameters().endswith(";durations=1")
    assert Options(durations=True).compare.durations is True
    assert not checks.durations_on()
