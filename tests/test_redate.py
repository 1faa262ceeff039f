"""Dating an undated article again from its story with no second parse (``annotate.run.redate``):
the stored time expressions resolved against the story's window give, byte for byte, the
annotation a fresh parse with that window gives."""

from __future__ import annotations

import json

import pytest

from storyline.annotate import annotate_articles
from storyline.annotate.run import redate
from storyline.options import Options
from storyline.records import Article
from shareddata import require  # tests/ is on the path

TODAY = "2026-01-01"
# story windows as stories.dates.story_window gives them: a few days around one dated
# member, one built from other members' own dates only, one far from any text
WINDOWS = [
    {"earliest": "2008-09-10", "latest": "2008-09-12", "value": "2008-09-11", "dated": 2, "inferred": 0},
    {"earliest": "2011-01-03", "latest": "2011-01-05", "value": "2011-01-04", "dated": 0, "inferred": 2},
    {"earliest": "2019-06-28", "latest": "2019-06-28", "value": "2019-06-28", "dated": 1, "inferred": 0},
]


def _dump(ann: dict) -> str:
    return json.dumps(ann, ensure_ascii=False)


@pytest.fixture(scope="module")
def undated() -> list[Article]:
    """Real undated articles: ECB+ documents have no date line; the first two of each of
    the first ten topics, plus each article's own window (its text's inferred date)."""
    path = require("ecbplus/dev.jsonl")
    rows, per_topic = [], {}
    for line in path.open(encoding="utf-8"):
        r = json.loads(line)
        if r.get("published") or per_topic.get(r["topic"], 0) >= 2 or len(per_topic) >= 10 and r["topic"] not in per_topic:
            continue
        per_topic[r["topic"]] = per_topic.get(r["topic"], 0) + 1
        rows.append(Article(id=r["id"], raw_text=r["text"], text=r["text"], title=r.get("title")))
    return rows


def test_redated_annotation_equals_a_fresh_one_with_the_storys_window(undated):
    opts = Options(today=TODAY, processes=1)
    plain = list(annotate_articles(undated, opts))
    assert all("timex_parse" in a and "error" not in a for a in plain)
    # each article's windows: the fixed ones and one around what its own text gives
    windows = {}
    for art, ann in zip(undated, plain):
        own = (ann["published_inferred"] or {}).get("value")
        near = [{"earliest": own, "latest": own, "value": own, "dated": 3, "inferred": 0}] if own else []
        windows[art.id] = near + WINDOWS
    changed = placed = 0
    for k in range(len(WINDOWS) + 1):
        hints = {a.id: windows[a.id][k] for a in undated if k < len(windows[a.id])}
        arts = [a for a in undated if a.id in hints]
        fresh = list(annotate_articles(arts, opts, stories=hints))
        by_id = {a["id"]: a for a in plain}
        for art, want in zip(arts, fresh):
            got = redate(by_id[art.id], art, TODAY, hints[art.id])
            assert got is not None, art.id
            assert _dump(got) == _dump(want), art.id
            # and back: the window dropped, or another one
            assert _dump(redate(want, art, TODAY, None)) == _dump(by_id[art.id]), art.id
            changed += [t["value"] for t in want["timexes"]] != [t["value"] for t in by_id[art.id]["timexes"]]
            placed += "its story" in " ".join((want["published_inferred"] or {}).get("evidence", []))
    # not vacuous: windows moved times and placed articles
    assert changed >= 10 and placed >= 10, (changed, placed)


def test_a_dated_article_or_an_old_annotation_is_not_redated(undated):
    art = undated[0]
    ann = next(annotate_articles([art], Options(today=TODAY, processes=1)))
    old = {k: v for k, v in ann.items() if k != "timex_parse"}  # as an older version stored it
    assert redate(old, art, TODAY, WINDOWS[0]) is None
    dated = Article(id=art.id, raw_text=art.raw_text, text=art.text, published="2008-09-11")
    assert redate(ann, dated, TODAY, WINDOWS[0]) is None
    # a dated article keeps no time expressions for it
    assert "timex_parse" not in next(annotate_articles([dated], Options(today=TODAY, processes=1)))


def test_a_story_dates_an_old_annotation_by_parsing_it_again(tmp_path):
    """Through the pipeline: an undated member whose stored annotation has no time
    expressions kept (made before annotate-4) is annotated again with its story's window,
    and ends up stored exactly as the one dated from its kept expressions."""
    from pathlib import Path

    from storyline import pipeline
    from storyline.annotate import ANNOTATION_VERSION
    from storyline.store import Store

    examples = Path(__file__).resolve().parent.parent / "examples"
    stored = {}
    for strip in (False, True):
        opts = Options(db=str(tmp_path / f"{strip}.db"), today="2026-12-06", processes=1, progress=False)
        store = Store(opts.db)
        pipeline.ingest([str(examples)], opts, store)
        pipeline.annotate_store(store, opts)
        undated = [a for a in store.articles() if not a.published]
        assert undated
        if strip:
            for art in undated:
                ann = store.get_annotation(art.id)
                del ann["timex_parse"]
                store.put_annotation(art.id, art.content_hash, ANNOTATION_VERSION, ann)
        (sid,) = pipeline.update_stories(store, opts)
        redated = pipeline.date_from_story(store, list(store.articles(store.story(sid)["articles"])), opts)
        assert redated and set(redated) <= {a.id for a in undated}
        stored[strip] = {a: _dump(store.get_annotation(a)) for a in redated}
        store.close()
    assert all("published_story" in json.loads(v) for v in stored[False].values())
    assert stored[True] == stored[False]


def test_redated_from_one_window_to_another_or_as_of_another_day(undated):
    """An annotation already placed in a story window is redated to another (the text-only
    inference is then read from its ``published_story``, not inferred again), and one read
    as of another day infers it again: both equal a fresh annotation."""
    arts = undated[:8]
    opts = Options(today=TODAY, processes=1)
    first = {a["id"]: a for a in annotate_articles(arts, opts, stories={a.id: WINDOWS[0] for a in arts})}
    assert all("own" in first[a.id]["published_story"] for a in arts)
    for window in WINDOWS[1:]:
        fresh = annotate_articles(arts, opts, stories={a.id: window for a in arts})
        for art, want in zip(arts, fresh):
            got = redate(first[art.id], art, TODAY, window)
            assert got is not None and _dump(got) == _dump(want), art.id
    later = Options(today="2030-06-01", processes=1)
    fresh = annotate_articles(arts, later, stories={a.id: WINDOWS[1] for a in arts})
    redone = 0
    for art, want in zip(arts, fresh):
        got = redate(first[art.id], art, later.today, WINDOWS[1])
        if got is not None:  # (None: a time expression resolves otherwise; the caller parses again)
            assert _dump(got) == _dump(want), art.id
            redone += 1
    assert redone >= 4, redone
