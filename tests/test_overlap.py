"""`run` clusters while its workers annotate (``pipeline.annotate_and_update``): the same
stories, centroids and postings as annotating everything first and streaming after, and
the same whatever the order the annotations arrive in."""

from __future__ import annotations

import importlib
import json
import random
from pathlib import Path

import pytest

from clustercases import cluster_state, ecb_articles
from storyline import pipeline
from storyline.annotate import ANNOTATION_VERSION
from storyline.options import Options
from storyline.records import Article
from storyline.store import Store

cluster_mod = importlib.import_module("storyline.stories.cluster")  # the module, not the function


def _ecb_articles(n: int) -> list[Article]:
    return ecb_articles(n, step=3)  # publication order is not input order


def _state(store: Store) -> list:
    return cluster_state(store, full=True)


def _stored(arts: list[Article]) -> Store:
    store = Store(":memory:")
    for a in arts:
        store.add_article(a)
    return store


@pytest.mark.parametrize("seed,window", [(1, 15), (2, 15), (3, None)])
def test_stream_fed_in_any_arrival_order_gives_the_stories_of_one_pass(monkeypatch, seed, window):
    # features from the text alone (no annotation, no model): the stream's plumbing is what is checked
    monkeypatch.setattr(cluster_mod, "CHUNK", 10)
    arts = _ecb_articles(80)
    one_pass = _stored(arts)
    changed = cluster_mod.update(one_pass, Options(progress=False))

    fed = _stored(arts)
    stream = cluster_mod.Stream(fed, cluster_mod.unassigned(fed))
    waiting = {a.id for a in arts}
    # annotations arriving shuffled within windows of the stream's order (batches in
    # flight), or in a wholly random order (window None)
    arrivals = [a.id for a in stream.articles]
    rng = random.Random(seed)
    size = window or len(arrivals)
    arrivals = [i for k in range(0, len(arrivals), size) for i in rng.sample(arrivals[k:k + size], len(arrivals[k:k + size]))]
    streamed_early = 0
    for k in range(0, len(arrivals), 7):
        waiting.difference_update(arrivals[k:k + 7])
        stream.advance(waiting)
        if waiting:
            streamed_early = max(streamed_early, stream.done)
    assert sorted(stream.finish()) == sorted(changed)
    assert _state(fed) == _state(one_pass)
    if window:
        assert streamed_early > 0  # chunks were clustered while later articles still waited


def test_annotate_and_update_matches_annotating_then_clustering(monkeypatch):
    """The real path (spaCy annotation, features from the annotations in hand) against
    ``annotate_store`` then ``update_stories``: the same stories, and chunks clustered
    while articles were still waiting for their annotation."""
    monkeypatch.setattr(cluster_mod, "CHUNK", 8)
    arts = _ecb_articles(40)
    opts = Options(progress=False, today="2026-01-01")

    before = _stored(arts)
    pipeline.annotate_store(before, opts)
    changed = pipeline.update_stories(before, opts)

    after = _stored(arts)
    seen = []
    real_chunk = cluster_mod.Stream._chunk

    def chunk(self, members):
        # how many articles were still unannotated when this chunk was clustered
        seen.append(len(after.unannotated(ANNOTATION_VERSION, opts.today)))
        return real_chunk(self, members)

    monkeypatch.setattr(cluster_mod.Stream, "_chunk", chunk)
    assert sorted(pipeline.annotate_and_update(after, opts)) == sorted(changed)
    assert _state(after) == _state(before)
    feats = "SELECT article_id, content_hash, version, data FROM article_features ORDER BY article_id"
    assert [tuple(r) for r in after.db.execute(feats)] == [tuple(r) for r in before.db.execute(feats)]
    assert seen and seen[0] > 0, seen  # the first chunk was clustered before the last annotation


EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.txt"))


def _run(tmp_path, name: str, inputs: list[str], processes: int) -> tuple:
    errors: list = []
    opts = Options(db=str(tmp_path / f"{name}.db"), today="2026-12-06", progress=False, processes=processes)
    out = tmp_path / name
    result = pipeline.run(inputs, opts, out, on_error=errors.append)
    store = Store(opts.db)
    stories = [json.dumps(s, sort_keys=True) for s in store.stories()]
    store.close()
    files = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.name != "index.html"}
    return result.ingest.to_dict(), [str(e) for e in errors], stories, files


def test_run_ingests_beside_the_model_load_with_the_result_of_one_process(tmp_path, monkeypatch):
    """With two processes `run` stores its input in a child process while it loads the
    model: the same ingest result, errors (in input order), stories and report files."""
    inputs = [str(EXAMPLES[0]), str(tmp_path / "missing.txt"), str(EXAMPLES[1])]
    used = []
    beside = pipeline._ingest_beside_model
    monkeypatch.setattr(pipeline, "_ingest_beside_model", lambda *a, **kw: used.append(1) or beside(*a, **kw))
    one = _run(tmp_path, "one", inputs, 1)
    assert not used
    two = _run(tmp_path, "two", inputs, 2)
    assert used
    assert two == one
    assert len(one[1]) == 1 and "missing.txt" in one[1][0] and len(one[3]) == 3


def test_an_ingest_that_fails_in_its_process_fails_the_run(tmp_path, monkeypatch):
    def broken(*a, **kw):
        raise RuntimeError("reader crashed")

    monkeypatch.setattr(pipeline, "ingest", broken)  # the child is forked with it
    opts = Options(db=str(tmp_path / "s.db"), progress=False, processes=2)
    with pytest.raises(RuntimeError, match="reader crashed"):
        pipeline.run([str(EXAMPLES[0])], opts, tmp_path / "out")


def test_a_run_stopped_while_annotating_leaves_no_stale_report(monkeypatch):
    """Chunks clustered before a run stops drop the reports of the stories they changed:
    the next run compares those stories again (nothing shows old members)."""
    monkeypatch.setattr(cluster_mod, "CHUNK", 10)
    arts = _ecb_articles(40)
    store = _stored(arts[:20])
    cluster_mod.update(store, Options(progress=False))
    reported = set(store.story_ids())
    for sid in reported:
        store.put_report(sid, {"story": sid})
    for a in arts[20:]:
        store.add_article(a)
    stream = cluster_mod.Stream(store, cluster_mod.unassigned(store), drop_reports=True)  # as `run` makes it
    stream.advance({a.id for a in stream.articles[10:]})  # one chunk streamed, then the run stops
    assert stream.done == 10
    changed = {store.story_of(a.id) for a in stream.articles[:10]}
    assert changed & reported  # an existing story grew: its old report is gone
    assert all(store.get_report(sid) is None for sid in changed)
    assert set(store.stories_without_report()) >= changed
