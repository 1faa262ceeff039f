"""What `run` does around the work itself: reports stored a few a commit (and none lost
when a later story stops the run), a story's redated members written in one commit, and
the heap frozen for the run only."""

from __future__ import annotations

import gc
import importlib
from pathlib import Path

import pytest

from clustercases import ecb_articles
from storyline import pipeline
from storyline.options import Options
from storyline.store import Store

cluster_mod = importlib.import_module("storyline.stories.cluster")  # the module, not the function
EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.txt"))


def _clustered(n: int = 40) -> Store:
    """Real ECB+ articles in their stories (features from the text: no annotation, no model)."""
    store = Store(":memory:")
    for a in ecb_articles(n, step=3):
        store.add_article(a)
    cluster_mod.update(store, Options(progress=False))
    return store


def _counting(store: Store) -> list[int]:
    """Count the store's outermost transactions (commits)."""
    commits = [0]
    real = store.transaction

    def transaction():
        if not store.db.in_transaction:
            commits[0] += 1
        return real()

    store.transaction = transaction
    return commits


@pytest.fixture
def no_annotation(monkeypatch):
    """compare_stories' plumbing alone: nothing annotated or dated, a comparison that
    returns a report text naming its story (unless ``fail_at`` is reached)."""
    monkeypatch.setattr(pipeline, "annotate_store", lambda *a, **kw: [])
    monkeypatch.setattr(pipeline, "date_from_story", lambda *a, **kw: [])
    calls: list[str] = []
    fail_at = [None]

    def compared(store, sid, settings, out_dir):
        calls.append(sid)
        if len(calls) == fail_at[0]:
            raise KeyboardInterrupt  # the run stopped (not a comparison's own failure)
        return ("report", f'{{"story": "{sid}"}}'), False

    monkeypatch.setattr(pipeline, "_compare_and_render", compared)
    return calls, fail_at


def test_reports_are_stored_a_few_a_commit(monkeypatch, no_annotation):
    calls, _ = no_annotation
    monkeypatch.setattr(pipeline, "REPORTS_PER_COMMIT", 3)
    store = _clustered()
    sids = store.story_ids()
    assert len(sids) > 6
    opts = Options(progress=False, processes=1)
    pipeline._drop_reports_of_other_settings(store, opts)  # the settings recorded, as a run leaves them
    commits = _counting(store)
    done = pipeline.compare_stories(store, sids, opts)
    assert sorted(done) == sorted(sids) and done == calls
    assert all(store.get_report(sid) == {"story": sid} for sid in sids)
    assert commits[0] == -(-len(sids) // 3)


def test_reports_received_before_a_stop_are_kept(monkeypatch, no_annotation):
    calls, fail_at = no_annotation
    monkeypatch.setattr(pipeline, "REPORTS_PER_COMMIT", 3)
    fail_at[0] = 5  # after one full commit of three and one report waiting
    store = _clustered()
    sids = store.story_ids()
    with pytest.raises(KeyboardInterrupt):
        pipeline.compare_stories(store, sids, Options(progress=False, processes=1))
    kept = calls[:4]
    assert all(store.get_report(sid) == {"story": sid} for sid in kept)
    assert all(store.get_report(sid) is None for sid in set(sids) - set(kept))


def test_a_storys_redated_members_are_written_in_one_commit(tmp_path):
    """Three undated copies of a seed text in one story with a dated one: each is dated
    again from the story (the same annotations as one commit each), in one commit."""
    from storyline.annotate import ANNOTATION_VERSION
    from storyline.records import Article, content_hash

    text = EXAMPLES[0].read_text(encoding="utf-8")
    arts = [Article(id=f"a{k}", raw_text=text, text=text, content_hash=content_hash(text),
                    published="2025-03-04" if k == 0 else None) for k in range(4)]
    opts = Options(progress=False, processes=1, today="2026-12-06")
    store = Store(str(tmp_path / "s.db"))
    for a in arts:
        store.add_article(a)
    pipeline.annotate_store(store, opts)
    before = {a.id: store.get_annotation(a.id) for a in arts}
    commits = _counting(store)
    dated = pipeline.date_from_story(store, list(store.articles([a.id for a in arts])), opts)
    assert sorted(dated) == ["a1", "a2", "a3"]
    assert commits[0] == 1
    after = {a.id: store.get_annotation(a.id) for a in arts}
    assert after["a0"] == before["a0"]
    assert all(after[i]["published_story"] is not None and after[i] != before[i] for i in dated)
    assert all(store.unannotated(ANNOTATION_VERSION, opts.today, [a.id]) == [] for a in arts)
    store.close()


def test_run_freezes_the_loaded_heap_for_the_run_only(tmp_path, monkeypatch):
    assert gc.get_freeze_count() == 0
    during: list[int] = []
    monkeypatch.setattr(pipeline, "process_new", lambda store, options, **kw: during.append(gc.get_freeze_count()) or [])
    opts = Options(db=str(tmp_path / "s.db"), progress=False, processes=2, today="2026-12-06")
    pipeline.run([str(EXAMPLES[0])], opts, tmp_path / "out")
    assert during and during[0] > 0  # the model and imports loaded beside the ingest
    assert gc.get_freeze_count() == 0  # a long-lived caller collects them again after
