"""A claim's background: what a relative clause, a participle or an appositive tells of a
participant is not what the claim states (issue 15). Annotate keeps those verbs and nouns
apart (``background_verbs`` / ``background_nouns`` / ``background``), frames say which
participant a background predicate describes, and the predicate check reads the claim's
own verbs."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.annotate import annotate_articles
from storyline.clean import clean_article
from storyline.compare import predicates
from storyline.options import Options
from storyline.records import Article


@pytest.fixture(scope="module")
def claims():
    texts = [
        "A man who police say shot and killed his 8-year-old son had a history of domestic violence.",
        "Family members have identified the 2-year-old killed in an overnight shooting.",
        "Vincent Gigante, who feigned mental illness for decades, died today in federal prison.",
        "Man charged with arson over Waitrose fire in Wellington",
        "The patient was rushed to Jamaica Hospital, where she was later pronounced dead.",
        "The riots have left at least 70 people injured in cities across the country.",
        "Microsoft issued an urgent patch to fix a browser flaw.",
    ]
    arts = [clean_article(Article(id=f"t{i}", raw_text=t, published="2025-01-01T00:00:00+00:00"))
            for i, t in enumerate(texts)]
    anns = list(annotate_articles(arts, Options(progress=False)))
    return [ann["claims"][0] for ann in anns]


def _told(c):
    return [c["text"][a - c["start"]:b - c["start"]] for a, b in c["background"]]


def test_a_relative_clause_on_a_participant_is_background(claims):
    c = claims[0]
    assert c["predicate"] == "have"
    assert "kill" in c["verbs"] and "kill" in c["background_verbs"]
    assert _told(c) == ["who police say shot and killed his 8-year-old son"]
    # the frame of the background predicate names the participant it describes
    assert len(c["background_of"]) == len(c["frames"])
    told = next(b for f, b in zip(c["frames"], c["background_of"]) if f[0] == "kill")
    assert told[0] == "man" and c["text"][told[1]:told[2]] == "man"
    assert all(b is None for f, b in zip(c["frames"], c["background_of"]) if f[0] == "history")


def test_a_participle_on_the_object_and_an_appositive_relative_clause(claims):
    assert claims[1]["background_verbs"] == ["kill"]
    assert claims[1]["background_nouns"] == ["shooting"]
    assert claims[2]["background_verbs"] == ["feign"] and claims[2]["predicate"] == "die"
    # the claim's own predicate is no background; what the relative clause tells is
    assert [f[0] for f, b in zip(claims[2]["frames"], claims[2]["background_of"]) if b] == ["feign", "decade"]


def test_what_the_claim_states_stays_foreground(claims):
    # a verbless headline states its participle; "where she later died" goes on with the story;
    # a count of people injured is the event's own figure; an infinitive tells the purpose
    for c in claims[3:]:
        assert c["background_verbs"] == [] and c["background"] == [], c["text"]


def _u(pred, verbs, background=(), lemmas=(), predicate=None):
    return {"predicate_key": pred, "predicate": predicate or pred, "verbs": list(verbs),
            "background_verbs": list(background), "nouns": [], "background_nouns": [], "quantities": [],
            "entities": [], "places": [], "lemmas": list(lemmas), "text": " ".join(lemmas), "start": 0, "end": 40,
            "timexes": [], "quotes": [], "object_lemmas": []}


def _compatible(a, b):
    return bool(predicates.Predicates([a, b]).compatible(np.array([0]), np.array([1]))[0])


def test_a_background_event_is_not_an_event_the_claim_shares(monkeypatch):
    # "A key witness identified him as the gunman who killed Kathina Thomas" does not tell
    # what "Kathina Thomas was 10 when a stray bullet killed her" does: the killing is only
    # what names the gunman (its background); the second states a state naming the killing
    a = _u("identify", ["identify", "kill"], background=["kill"], lemmas=("witness", "identify", "gunman", "kill"))
    b = _u(None, ["kill"], lemmas=("kathina", "thomas", "bullet", "kill"), predicate="be")
    monkeypatch.setattr(predicates, "BACKGROUND", "all")
    assert _compatible(a, b)
    for mode in ("states", "verbs"):
        monkeypatch.setattr(predicates, "BACKGROUND", mode)
        assert not _compatible(a, b), mode


def test_a_background_verb_states_the_other_predicate_only_with_states(monkeypatch):
    # "Collier, a tackle paralyzed after a shooting, returned to the field" / "Collier was
    # paralyzed after he was shot": with "states" (the default) the participle still states
    # the other's main predicate; with "verbs" it does not
    a = _u("return", ["paralyze", "return"], background=["paralyze"], lemmas=("collier", "paralyze", "return"))
    b = _u("paralyze", ["paralyze", "shoot"], lemmas=("collier", "paralyze", "shoot"))
    monkeypatch.setattr(predicates, "BACKGROUND", "states")
    assert _compatible(a, b)
    monkeypatch.setattr(predicates, "BACKGROUND", "verbs")
    assert not _compatible(a, b)
    # the same verb told in the background and stated by the claim is stated
    a2 = _u("return", ["paralyze", "return", "paralyze"], background=["paralyze"], lemmas=a["lemmas"])
    assert _compatible(a2, b)
