"""Greedy decoding driven from Python must give spaCy's own parses and entities, token for token."""

import pytest

from storyline.nlp.speed import greedy
from speedcases import TEXTS, corpus_texts as _corpus_texts, spacy_pipeline as _spacy  # tests/ is on the path


def _attrs(doc):
    return [(t.i, t.dep_, t.head.i, t.is_sent_start, t.ent_iob_, t.ent_type_) for t in doc]


@pytest.fixture(scope="module")
def pipelines():
    ref, fast = _spacy(), _spacy()
    greedy.install(fast, force=True)
    return ref, fast


def test_installed_under_the_same_names(pipelines):
    _, fast = pipelines
    assert [n for n in fast.pipe_names if n in ("parser", "ner")] == ["parser", "ner"]
    assert isinstance(fast.get_pipe("ner"), greedy.GreedyDecoder)
    assert "CARDINAL" in fast.get_pipe("ner").labels  # attributes come from the wrapped component
    assert "spacy_ner" not in fast.pipe_names  # the original is kept but disabled


def test_same_annotations_as_spacy(pipelines):
    ref, fast = pipelines
    texts = TEXTS + _corpus_texts()
    assert len(texts) >= 6
    for batch_size in (1, 7):  # one doc, and batches whose docs finish at different steps
        got = list(fast.pipe(texts, batch_size=batch_size))
        want = list(ref.pipe(texts, batch_size=batch_size))
        for g, w in zip(got, want):
            assert _attrs(g) == _attrs(w)


def test_disable_by_name_still_works(pipelines):
    _, fast = pipelines
    doc = fast("Maduro spoke in Caracas.", disable=["ner"])
    assert not doc.ents and doc.has_annotation("DEP")


def test_preset_entities_are_left_to_spacy(pipelines):
    from spacy.tokens import Span

    ref, fast = pipelines
    text = "Nicolás Maduro spoke in Caracas on Monday, and Donald Trump answered from Washington."
    got = []
    for nlp in (ref, fast):
        doc = nlp.make_doc(text)
        doc.set_ents([Span(doc, 0, 2, label="ORG")], default="missing")  # a preset (wrong) label
        for name, proc in nlp.pipeline:
            doc = proc(doc)
        got.append(_attrs(doc))
    assert got[0] == got[1]
    assert got[1][0][-1] == "ORG"  # the preset entity is kept


def test_ner_decoding_in_numpy_is_used():
    nlp = _spacy()
    assert greedy.NerMoves.of(nlp.get_pipe("ner")) is not None
    assert greedy.NerMoves.of(nlp.get_pipe("parser")) is None


@pytest.mark.parametrize("unseen", [False, True])
def test_step_scores_equal_spacys(unseen):
    import numpy

    nlp = _spacy()
    docs = list(nlp.pipe(TEXTS[:2]))
    for name in ("parser", "ner"):
        pipe = nlp.get_pipe(name)
        model = pipe.model.predict(docs)
        if unseen:
            model.mark_class_unseen(3)  # its score must be the minimum, as spaCy sets it
        states = [s for s in pipe.moves.init_batch(docs) if not s.is_final()]
        got, want = greedy.scorer(model)(states), model.predict(states)
        assert numpy.array_equal(got, want)
        model.clear_memory()
