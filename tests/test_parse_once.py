"""Parse once: after annotate, clustering and comparing run no spaCy at all.

The seeds are ingested and annotated, then every way into spaCy is shut (the model
loader and a Language's own calls): clustering and comparing must still give the
report, participants and quote renderings included.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline import pipeline
from storyline.options import Options
from storyline.store import Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _refuse(*args, **kwargs):
    raise AssertionError("spaCy called after annotate")


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    opts = Options(db=str(tmp_path_factory.mktemp("once") / "s.db"), today="2026-12-06", processes=1,
                   progress=False)
    store = Store(opts.db)
    pipeline.ingest([str(EXAMPLES)], opts, store)
    assert pipeline.annotate_store(store, opts)
    yield store, opts
    store.close()


def _no_spacy(mp: pytest.MonkeyPatch) -> None:
    import spacy.language

    mp.setattr("storyline.nlp.load", _refuse)
    mp.setattr(spacy, "load", _refuse)
    mp.setattr(spacy.language.Language, "__call__", _refuse)
    mp.setattr(spacy.language.Language, "pipe", _refuse)


def test_cluster_and_compare_read_the_annotation_only(annotated):
    store, opts = annotated
    with pytest.MonkeyPatch.context() as mp:
        _no_spacy(mp)
        changed = pipeline.update_stories(store, opts)
        # undated members dated from their story: their stored time expressions resolved again
        redated = pipeline.date_from_story(store, list(store.articles(store.story(changed[0])["articles"])), opts)
    assert len(changed) == 1
    assert redated and all("published_story" in store.get_annotation(a) for a in redated)
    errors = []
    with pytest.MonkeyPatch.context() as mp:
        _no_spacy(mp)
        done = pipeline.compare_stories(store, changed, opts, on_error=errors.append)
    assert not errors and done == changed  # a comparison that failed would be an error, not a raise
    report = store.get_report(changed[0])
    assert report["counts"]["corroborated"] >= 1
    # the parts that used to parse again: quote renderings and participants come from the annotation
    assert "translated" in {r["relation"] for q in report["quotes"] for r in q["renderings"]}
    assert any(f["kind"] == "participants" for g in report["groups"] for f in g["findings"])
    annotations = [store.get_annotation(a) for a in report["story"]["articles"]]
    assert all("frames" in c for ann in annotations for c in ann["claims"])
    assert all("lemmas" in q for ann in annotations for q in ann["quotes"])


def test_participant_frames_point_into_the_text(annotated):
    store, _ = annotated
    ann = store.get_annotation(next(iter(store.articles())).id)
    frames = [(c, f) for c in ann["claims"] for f in c["frames"]]
    assert frames
    for c, (lemma, subjects, objects) in frames:
        assert lemma == lemma.lower()
        for key, start, end in subjects + objects:
            # a participant is a phrase of its claim, ending on its head word
            assert c["start"] <= start < end <= c["end"]
            assert ann["text"][start:end].split()[-1].lower().startswith(key[:3])
