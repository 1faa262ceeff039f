"""The shortcuts of `run` change no result: settle skips articles whose inputs did not
change, probabilities and centroid lengths are remembered per story change, features are
made from the annotations in hand. Each is checked against the path without it."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from clustercases import cluster_state, ecb_articles
from storyline.options import Options
from storyline.records import Article, content_hash
from storyline.store import Store

cluster_mod = importlib.import_module("storyline.stories.cluster")  # the module, not the function
from storyline.stories.index import StoryIndex, add_to_centroid, new_centroid


def _clustered(arts: list[Article], monkeypatch=None) -> tuple[list, int]:
    """Cluster the articles (features from their text alone: no annotation, no model);
    return what was written and how many join probabilities were computed."""
    calls = []
    real = cluster_mod.join_probability

    def counted(*a, **kw):
        calls.append(1)
        return real(*a, **kw)

    store = Store(":memory:")
    for a in arts:
        store.add_article(a)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cluster_mod, "join_probability", counted)
        if monkeypatch == "small memo":
            mp.setattr(cluster_mod, "MEMO_LIMIT", 50)  # forgotten and made again as the run goes
        if monkeypatch == "no shortcuts":
            # every article scored again in every settle pass, nothing remembered
            mp.setattr(StoryIndex, "unchanged_since", lambda self, *a, **kw: False)
            mp.setattr(StoryIndex, "stamp", lambda self, sid: object())
        cluster_mod.cluster(store, Options(progress=False))
    return cluster_state(store), len(calls)


def test_settle_and_remembered_scores_give_the_stories_of_scoring_everything():
    arts = ecb_articles(160)
    fast, fast_calls = _clustered(arts)
    full, full_calls = _clustered(arts, "no shortcuts")
    assert fast == full
    assert _clustered(arts, "small memo")[0] == full
    assert len(fast[0]) > 10  # many stories: the settle passes had moves to make
    # the shortcuts skip a large share of the work: on this sample 1,654 of the 2,751
    # probabilities scoring everything computes (with the span gaps before nearest-member
    # gaps, 1,745 of 3,634: the full path's settle had more to score, so more to skip)
    assert fast_calls < full_calls * 0.65, (fast_calls, full_calls)


def test_index_stamps_follow_saved_and_forgotten_stories():
    store = Store(":memory:")
    index = StoryIndex(store)
    f = {"terms": {"quake": 0.8, "chile": 0.6}, "ents": {"chile": 1.0}, "nums": [], "day": 1}
    index.save("a", add_to_centroid(new_centroid(), f))
    t = index.tick
    assert index.unchanged_since(t, ["a", "b"], ["t:quake", "e:chile", "t:other"])
    index.save("b", add_to_centroid(new_centroid(), f))  # b is filed under a's keys too
    assert index.unchanged_since(t, ["a"], ["t:other"])
    assert not index.unchanged_since(t, ["b"]) and not index.unchanged_since(t, keys=["t:quake"])
    t = index.tick
    g = {"terms": {"flood": 1.0}, "ents": {}, "nums": [], "day": 1}
    index.save("b", add_to_centroid(new_centroid(), g))  # b leaves "quake": those rows change too
    assert not index.unchanged_since(t, keys=["t:quake"]) and not index.unchanged_since(t, keys=["t:flood"])
    t = index.tick
    store.delete_story("b")
    index.forget("b")
    assert not index.unchanged_since(t, ["b"]) and not index.unchanged_since(t, keys=["t:flood"])
    assert index.unchanged_since(t, ["a"], ["t:quake"])
    # a story filed by an earlier run: its keys are read from the store on its first change
    later = StoryIndex(store)
    t = later.tick
    later.save("a", add_to_centroid(new_centroid(), g))
    assert not later.unchanged_since(t, keys=["t:quake"]) and not later.unchanged_since(t, keys=["t:flood"])


def test_remembered_probability_is_recomputed_after_the_story_changes():
    store = Store(":memory:")
    index = StoryIndex(store)
    f = {"terms": {"quake": 0.8, "chile": 0.6}, "ents": {"chile": 1.0}, "nums": ["8.8"], "day": 10}
    g = {"terms": {"quake": 0.6, "tsunami": 0.8}, "ents": {}, "nums": [], "day": 12}
    index.save("s", add_to_centroid(new_centroid(), f))
    scores = cluster_mod.Scores(index)
    assert scores.probability("x", g, "s") == cluster_mod.join_probability(g, index.centroid("s"))
    index.save("s", add_to_centroid(index.centroid("s"), g))
    assert scores.probability("x", g, "s") == cluster_mod.join_probability(g, index.centroid("s"))
    from storyline.stories.index import without

    assert scores.probability("x", g, "s", without_it=True) == \
        cluster_mod.join_probability(g, without(index.centroid("s"), g))


def test_features_made_at_annotation_are_the_ones_clustering_would_make():
    from storyline.pipeline import annotate_store
    from storyline.stories.features import FEATURES_VERSION, features_for

    store = Store(":memory:")
    examples = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.txt"))
    arts = [Article(id=f"seed{i}", raw_text=p.read_text(encoding="utf-8"), text=p.read_text(encoding="utf-8"),
                    published="2025-12-02T00:00:00+00:00", content_hash=content_hash(p.read_text(encoding="utf-8")))
            for i, p in enumerate(examples)]
    assert len(arts) >= 2
    for a in arts:
        store.add_article(a)
    annotate_store(store, Options(progress=False))
    for a in store.articles([x.id for x in arts]):
        cached = store.features(a.id, a.content_hash, FEATURES_VERSION)
        assert cached is not None
        assert cached == features_for([a], {a.id: store.get_annotation(a.id)})[0]
    # an annotation replaced before clustering: its features go with it (made again from the new one)
    a0 = arts[0]
    store.put_annotation(a0.id, a0.content_hash, "x", {"entities": []})
    assert store.features(a0.id) is None
    # after clustering an article keeps the features it was clustered with
    cluster_mod.cluster(store, Options(progress=False))
    kept = store.features(arts[1].id)
    store.put_annotation(arts[1].id, arts[1].content_hash, "x", {"entities": []})
    assert store.features(arts[1].id) == kept


def test_annotation_fields_are_the_parsed_annotations_fields():
    store = Store(":memory:")
    a = Article(id="a", raw_text="x", text="x", content_hash=content_hash("x"))
    store.add_article(a)
    ann = {"id": "a", "published": None, "text": "Caf\u00e9 \"quoted\" \u2014 \U0001F600 line\nnext",
           "published_inferred": {"value": "2024-01-02", "confidence": 0.7, "ok": True}, "other": [1, 2]}
    store.put_annotation("a", a.content_hash, "v", ann)
    got = store.annotation_fields(["a", "missing"], ("id", "published", "text", "published_inferred", "published_story"))
    assert got == {"a": {k: ann[k] for k in ("id", "published", "text", "published_inferred")}}


def _feat(word: str, day: int = 738000) -> dict:
    vec = {word: 0.8, word + "s": 0.6}
    return {"terms": vec, "ents": {word: 1.0}, "lead": vec, "places": {word: 1.0}, "preds": {word: 1.0},
            "nums": ["1234"], "dates": [], "day": day, "eday": day, "mdays": []}


def test_an_article_that_stayed_is_scored_again_when_a_story_is_filed_under_its_keys():
    """Settle passes over an article whose story and candidates did not change; a story
    newly filed under one of the article's keys is a new candidate, so it is scored again."""
    store = Store(":memory:")
    for aid in ("a", "b", "e"):
        store.add_article(Article(id=aid, raw_text=aid, text=aid, content_hash=content_hash(aid)))
    feats = {"a": _feat("quake"), "b": _feat("rain"), "e": _feat("quake")}
    index = StoryIndex(store)
    store.open_story("s1", None)
    for aid in ("a", "b"):
        store.add_member("s1", aid)
    index.save("s1", add_to_centroid(add_to_centroid(new_centroid(), feats["a"]), feats["b"]))
    scores, last = cluster_mod.Scores(index, feats), {}
    assert cluster_mod._move(store, index, "a", feats["a"], scores, last) == set()  # no better story yet
    assert "a" in last
    # no change anywhere: skipped, without reading candidates again
    calls = []
    real = index.candidates
    index.candidates = lambda f: calls.append(1) or real(f)
    assert cluster_mod._move(store, index, "a", feats["a"], scores, last) == set() and calls == []
    # a story filed under "quake" that was no candidate before
    store.open_story("s3", None)
    store.add_member("s3", "e")
    index.save("s3", add_to_centroid(new_centroid(), feats["e"]))
    assert cluster_mod._move(store, index, "a", feats["a"], scores, last) == {"s1", "s3"}
    assert store.story_of("a") == "s3" and calls == [1]


def test_ingest_commits_a_few_articles_at_a_time_and_a_failing_one_leaves_nothing(tmp_path, monkeypatch):
    """Articles are stored in one transaction a few at a time; one whose storing fails is
    one error and is not stored, the others are, in input order."""
    from storyline import pipeline
    from storyline.store import articles as store_articles

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"a{i}", "text": f"Article number {i} says something new."}) + "\n"
                           for i in range(40)), encoding="utf-8")
    real = store_articles.Articles.add_article

    def add(self, art):
        status = real(self, art)  # stored, then fails: its savepoint takes it back
        if art.id == "a20":
            raise ValueError("disk says no")
        return status

    monkeypatch.setattr(store_articles.Articles, "add_article", add)
    store = Store(str(tmp_path / "s.db"))
    errors = []
    res = pipeline.ingest([str(src)], Options(progress=False), store, on_error=errors.append)
    assert res.new == [f"a{i}" for i in range(40) if i != 20]
    assert [str(e) for e in errors] == [str(e) for e in res.errors] and len(errors) == 1
    assert "a20" in str(errors[0]) and "disk says no" in str(errors[0])
    assert store.count() == 39 and "a20" not in store.article_ids()
