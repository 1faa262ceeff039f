"""Real ECB+ articles as a news feed gives them, and everything clustering writes:
shared by test_shortcuts.py and test_overlap.py."""

from __future__ import annotations

import importlib
import json

from shareddata import require
from storyline.records import Article, content_hash
from storyline.store import Store

cluster_mod = importlib.import_module("storyline.stories.cluster")  # the module, not the function


def ecb_articles(n: int, step: int = 1) -> list[Article]:
    """The first ``n`` ECB+ dev articles: dated ones spread over a few days (with a step >
    1 not in input order), a tenth undated, as a news feed gives them."""
    rows = [json.loads(line) for line in require("ecbplus/dev.jsonl").open(encoding="utf-8") if line.strip()]
    out = []
    for k, r in enumerate(rows[:n]):
        published = None if k % 10 == 9 else f"2024-03-{1 + (k * step) % 7:02d}"
        out.append(Article(id=r["id"], raw_text=r["text"], text=r["text"], published=published,
                           title=r.get("title"), content_hash=content_hash(r["text"])))
    return out


def cluster_state(store: Store, full: bool = False) -> list:
    """Everything clustering writes: stories (ids, members in order, records), centroids,
    postings; with ``full`` also the copy relations and the cursor."""
    stories = [json.dumps(s, sort_keys=True) for s in store.stories()]
    cents = [tuple(r) for r in store.db.execute("SELECT * FROM story_centroids ORDER BY story_id")]
    posts = [tuple(r) for r in store.db.execute("SELECT * FROM story_postings ORDER BY story_id, key")]
    if not full:
        return [stories, cents, posts]
    copies = [tuple(r) for r in store.db.execute("SELECT * FROM copies ORDER BY 1, 2")]
    return [stories, cents, posts, copies, store.get_state(cluster_mod.CURSOR)]
