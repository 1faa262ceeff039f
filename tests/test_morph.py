"""The memoised attribute_ruler + lemmatizer must match spaCy's own components token for token."""

from pathlib import Path

import pytest

from storyline.nlp.speed.morph import FACTORY
from storyline.nlp import load

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.txt"))
RULE_CASES = [
    # multi-token rules ("gon na", "got ta", "let 's", "y' all", "ai n't", expletive "there is")
    "We're gonna win, I gotta say. Let's go! Y'all know it ain't over. There is hope, there are doubts.",
    "I said it to you and you said it to me; it was done. But who did it? He did, and she has.",
    "Let's see: there were 83 dead, they're gonna count again.\n\n  \tThe end.",
]


def _attrs(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_) for t in doc]


@pytest.fixture(scope="module")
def pipelines():
    return load((), cached_morph=False), load((), cached_morph=True)


def test_installed_in_place_of_ruler_and_lemmatizer(pipelines):
    ref, fast = pipelines
    assert FACTORY in fast.pipe_names and "attribute_ruler" not in fast.pipe_names
    assert "lemmatizer" not in fast.pipe_names and "lemmatizer" in ref.pipe_names


def test_same_tokens_as_spacy_components(pipelines):
    ref, fast = pipelines
    texts = RULE_CASES + [p.read_text(encoding="utf-8") for p in EXAMPLES]
    assert len(texts) >= 5
    # twice: the first pass fills the cache (cold path), the second reads it (warm path)
    for _ in range(2):
        for text in texts:
            assert _attrs(fast(text)) == _attrs(ref(text))


def test_context_rules_are_keyed_by_neighbours(pipelines):
    _, fast = pipelines
    doc = fast("We are gonna go. Let's go.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["gon"] == "go" and lemmas["na"] == "to"
    assert [t.lemma_ for t in doc if t.text == "'s"] == ["us"]
    # the same word with no rule context gets the ordinary lemma
    assert [t.lemma_ for t in fast("He's here.") if t.text == "'s"] == ["be"]
