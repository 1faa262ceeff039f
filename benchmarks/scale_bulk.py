"""Bulk loader for bench_scale.py: writes the rows the streaming path writes, in big transactions.

For every article: the article (and its full-text row, by the store's trigger), its
annotation, its feature record (``features_for``, as ``load_features`` caches it), its
copy-detection signature and LSH bands (``window_bands``, as ``CopyIndex`` stores them)
and its wire credits. Stories are the generator's events: an article joins the story of
its event, founded by the event's first article (so the story id is the one streaming
would give it); the centroid, postings and story record are built by the library's own
functions (``add_to_centroid``, ``index_rows``, ``story_record``). What is skipped is the
per-article decision: candidate retrieval, scoring, and copy verification of LSH
candidates (the synthetic articles are rewrites, not copies; the real-path run at 10k
records how many copy relations it finds).
"""

from __future__ import annotations

import json
from typing import Any

from storyline.records import Article
from storyline.store import ARTICLE_COLUMNS, Store, _article_values
from storyline.stories.cluster import CURSOR, story_id_for, story_record
from storyline.stories.copies import pack, shingles, to_store, window_bands, wire_credits
from storyline.stories.features import FEATURES_VERSION, features_for
from storyline.stories.index import add_to_centroid, index_rows, new_centroid

_ARTICLE_SQL = (f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}, revision, ingested_at) "
                f"VALUES ({', '.join('?' * len(ARTICLE_COLUMNS))}, 1, 0)")


def prepare(items: list[tuple[Article, dict, int]], annotation_version: str) -> list[tuple]:
    """The per-article rows of ``items`` (pure: runs in a worker process).

    One tuple per article: (article, event, features, article row, annotation row,
    feature row, signature row, band rows, wire-credit rows).
    """
    arts = [a for a, _, _ in items]
    anns = {a.id: ann for a, ann, _ in items}
    out = []
    for (a, ann, event), f in zip(items, features_for(arts, anns)):
        sh = shingles(a.text)
        mine = set(sh)
        out.append((
            a, event, f, _article_values(a),
            (a.id, a.content_hash, annotation_version, json.dumps(ann, ensure_ascii=False)),
            (a.id, a.content_hash or "", FEATURES_VERSION, json.dumps(f, separators=(",", ":"))),
            (a.id, a.content_hash or "", a.published, len(mine), pack(mine)),
            [(k, a.id) for k in window_bands(sh)],
            [(r["article_id"], r["origin_id"], r["shared"], r["kind"], json.dumps(r.get("evidence", {})))
             for r in to_store(wire_credits(a))],
        ))
    return out


class BulkBuilder:
    """Appends stream articles to a store; ``stories`` maps open events to (story id, centroid)."""

    def __init__(self, store: Store):
        self.store = store
        self.stories: dict[int, tuple[str, dict[str, Any]]] = {}

    def add(self, items: list[tuple[Article, dict, int]], annotation_version: str) -> None:
        self.write(prepare(items, annotation_version))

    def write(self, rows: list[tuple]) -> None:
        """Write prepared rows (``prepare``) in one transaction; stories follow the events."""
        touched: dict[str, dict[str, Any]] = {}
        with self.store.transaction() as db:
            db.executemany(_ARTICLE_SQL, [r[3] for r in rows])
            db.executemany("INSERT INTO annotations (article_id, content_hash, version, data) VALUES (?, ?, ?, ?)",
                           [r[4] for r in rows])
            db.executemany("INSERT INTO article_features (article_id, content_hash, version, data) VALUES (?, ?, ?, ?)",
                           [r[5] for r in rows])
            db.executemany("INSERT INTO copy_signatures (article_id, content_hash, published, shingles, signature) "
                           "VALUES (?, ?, ?, ?, ?)", [r[6] for r in rows])
            db.executemany("INSERT INTO copy_bands (band, article_id) VALUES (?, ?)", [b for r in rows for b in r[7]])
            db.executemany("INSERT OR REPLACE INTO copies (article_id, origin_id, shared, kind, evidence) "
                           "VALUES (?, ?, ?, ?, ?)", [c for r in rows for c in r[8]])
            members = []
            for a, event, f, *_ in rows:
                if event not in self.stories:
                    sid = story_id_for(a.id)
                    self.stories[event] = (sid, new_centroid())
                    self.store.open_story(sid, a.title)
                sid, c = self.stories[event]
                add_to_centroid(c, f)
                members.append((sid, a.id))
                touched[sid] = c
            db.executemany("INSERT OR IGNORE INTO story_articles (story_id, article_id) VALUES (?, ?)", members)
            for sid in sorted(touched):
                self.store.put_centroid(*index_rows(sid, touched[sid]))
                self.store.put_story(story_record(self.store, sid, touched[sid]))
            top = self.store.last_rowid()
            self.store.put_state(CURSOR, str(top))

    def reload(self) -> None:
        """Re-read open events' centroids (articles added by another path changed them)."""
        for e, (sid, _) in list(self.stories.items()):
            c = self.store.centroid(sid)
            if c is not None:
                self.stories[e] = (sid, c)

    def close_events(self, done: set[int]) -> None:
        """Forget events that can get no more articles (bounds memory)."""
        for e in done:
            self.stories.pop(e, None)
