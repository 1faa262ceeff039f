"""Incremental story clustering (Miranda et al. 2018-style streaming) and batch rebuild.

Each new article, in published order, is compared with the stories retrieved through
the index (``StoryIndex.candidates``); it joins the most similar one if the similarity
clears ``THRESHOLD`` (``THRESHOLD + FAR_MARGIN`` when the article falls more than
``options.window_days`` outside the story's time span) and ``COHESION`` times the
story's cohesion (the mean similarity at which its members joined it), else it opens a
new story. The cohesion bar keeps look-alike events apart: articles about one event
resemble each other far more than a report of another event of the same kind (another
boxer beaten by the same champion, another player put on injured reserve) resembles
them, even when that report clears the global threshold.
A copy (duplicate or wire copy) always joins its origin's story.

Similarity = 0.5 x terms + 0.5 x entities + 0.3 x numbers: average-link cosine of
background-TF-IDF term vectors, of entity vectors (annotation keys or spaCy NER), and
the overlap of distinctive numbers. The weights and threshold are one global setting
chosen on the ECB+ dev data as a whole (``benchmarks/bench_clustering.py`` prints the
sweep). ``rebuild`` clusters everything again with average-link agglomerative
clustering over the same similarity, threshold, time margin and cohesion bar.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import numpy as np

from ..options import Options
from ..records import Article
from .copies import CopyIndex, origin_of, to_store
from .features import FEATURES_VERSION, features_for
from .index import StoryIndex, add_to_centroid, centroid_parts, day_gap, new_centroid, pair_parts

W_TERMS, W_ENTS, W_NUMS = 0.5, 0.5, 0.3
THRESHOLD = 0.30
# Extra similarity needed to join a story that is more than window_days away, growing
# linearly to FAR_MARGIN at four windows away (a follow-up a week late is common; two
# look-alike events months apart should not merge on topic words alone).
FAR_MARGIN = 0.15
# A newcomer must be at least this fraction of the story's cohesion similar to it.
COHESION = 0.45
CHUNK = 100  # articles per write transaction (features are computed before it opens)
# Above this, rebuild re-runs the streaming pass: the batch path holds five n x n float
# matrices (~1 GB at 5,000) and scores n²/2 pairs in Python (minutes at 5,000).
REBUILD_MAX = 5_000


def similarity(parts: tuple[float, float, float]) -> float:
    t, e, n = parts
    return W_TERMS * t + W_ENTS * e + W_NUMS * n


def story_id_for(article_id: str) -> str:
    """A story's id is derived from the id of the article that founded it."""
    return hashlib.sha256(f"story:{article_id}".encode()).hexdigest()[:16]


def _order_key(row) -> tuple:
    return (row["published"] is None, row["published"] or "", row["id"])


# -- features ---------------------------------------------------------------------
def load_features(store, articles: list[Article]) -> dict[str, dict[str, Any]]:
    """Features from the cache table, computing (and caching) the missing ones."""
    out: dict[str, dict[str, Any]] = {}
    todo: list[Article] = []
    for a in articles:
        row = store.db.execute(
            "SELECT content_hash, version, data FROM article_features WHERE article_id = ?", (a.id,)).fetchone()
        if row and row[0] == (a.content_hash or "") and row[1] == FEATURES_VERSION:
            out[a.id] = json.loads(row[2])
        else:
            todo.append(a)
    if todo:
        anns = {a.id: store.get_annotation(a.id) for a in todo}
        feats = features_for(todo, anns)
        with store.transaction() as db:
            for a, f in zip(todo, feats):
                out[a.id] = f
                db.execute("INSERT OR REPLACE INTO article_features (article_id, content_hash, version, data) "
                           "VALUES (?, ?, ?, ?)", (a.id, a.content_hash or "", FEATURES_VERSION,
                                                   json.dumps(f, separators=(",", ":"))))
    return out


# -- copies -----------------------------------------------------------------------
def update_copies(store, articles: list[Article]) -> list[dict[str, Any]]:
    index = CopyIndex(store)
    found: list[dict[str, Any]] = []
    for a in articles:
        if not index.indexed(a):
            rels = index.add(a)
            store.put_copies(to_store(rels))
            found.extend(rels)
    return found


def _copy_origin(store, article_id: str) -> str | None:
    row = store.db.execute(
        "SELECT origin_id FROM copies WHERE article_id = ? AND kind IN ('duplicate', 'copy') "
        "AND origin_id NOT LIKE 'agency:%' ORDER BY shared DESC, origin_id LIMIT 1", (article_id,)).fetchone()
    return row[0] if row else None


# -- story records ----------------------------------------------------------------
def story_record(store, story_id: str, centroid: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the story record from its members (title of the most central article)."""
    rows = store.db.execute(
        "SELECT a.id, a.title, a.outlet, a.published FROM story_articles s JOIN articles a ON a.id = s.article_id "
        "WHERE s.story_id = ?", (story_id,)).fetchall()
    rows = sorted(rows, key=_order_key)
    ids = [r["id"] for r in rows]
    title = None
    if centroid:
        best = -1.0
        for r in rows[:30]:  # among the earliest 30: bounded cost, and early headlines name the event
            frow = store.db.execute("SELECT data FROM article_features WHERE article_id = ?", (r["id"],)).fetchone()
            if frow is None:
                continue
            s = similarity(centroid_parts(json.loads(frow[0]), centroid))
            if r["title"] and s > best + 1e-9:
                best, title = s, r["title"]
    if title is None:
        title = next((r["title"] for r in rows if r["title"]), None)
    if title is None and rows:  # no headline anywhere: the first line of the earliest article
        row = store.db.execute("SELECT substr(text, 1, 400) FROM articles WHERE id = ?", (rows[0]["id"],)).fetchone()
        first = re.split(r"(?<=[.!?])\s|\n", (row[0] or "").strip(), maxsplit=1)[0].strip()
        title = (first[:117] + "...") if len(first) > 120 else (first or None)
    rels = []
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        q = ",".join("?" * len(part))
        rels += [dict(r) for r in store.db.execute(
            f"SELECT article_id, origin_id, kind FROM copies WHERE article_id IN ({q})", part)]
    origins = sorted(set(origin_of(ids, rels).values()))
    dated = [r["published"] for r in rows if r["published"]]
    ents = sorted((centroid or {}).get("ents", {}).items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    return {
        "id": story_id, "title": title,
        "first_published": min(dated) if dated else None, "last_published": max(dated) if dated else None,
        "articles": ids, "outlets": sorted({r["outlet"] for r in rows if r["outlet"]}),
        "origins": origins, "entities": [k for k, _ in ents], "size": len(ids),
    }


# -- streaming ----------------------------------------------------------------------
CURSOR = "stories.rowid"  # state key: articles up to this rowid have been clustered


def _unassigned(store) -> list[Article]:
    """Articles added since the last run (rowid cursor: no scan of the whole store)."""
    cur = int(store.get_state(CURSOR) or 0)
    rows = store.db.execute(
        "SELECT a.rowid AS rowid, a.id AS id, a.published AS published FROM articles a "
        "LEFT JOIN story_articles s ON s.article_id = a.id WHERE a.rowid > ? AND s.article_id IS NULL",
        (cur,)).fetchall()
    ids = [r["id"] for r in sorted(rows, key=_order_key)]
    return list(store.articles(ids))


def _far_margin(gap: int, window_days: float) -> float:
    if gap <= window_days:
        return 0.0
    return FAR_MARGIN * min(1.0, (gap - window_days) / (3.0 * max(window_days, 1.0)))


def cohesion(c: dict[str, Any]) -> float | None:
    """Mean similarity at which a story's members joined it (None for a single article)."""
    n = c.get("join_n", 0)
    return c["join_sum"] / n if n else None


def _joined(c: dict[str, Any], score: float) -> None:
    c["join_sum"] = c.get("join_sum", 0.0) + score
    c["join_n"] = c.get("join_n", 0) + 1


def assign(f: dict[str, Any], index: StoryIndex, window_days: float) -> tuple[str | None, float]:
    """The best story for an article's features, or (None, best score) when none qualifies."""
    best, best_s = None, -1.0
    for sid in index.candidates(f):
        c = index.centroid(sid)
        if c is None:
            continue
        s = similarity(centroid_parts(f, c))
        need = THRESHOLD + _far_margin(day_gap(f.get("day"), c["first_day"], c["last_day"]), window_days)
        coh = cohesion(c)
        if coh is not None:
            need = max(need, COHESION * coh)
        if s >= need and s > best_s + 1e-12:
            best, best_s = sid, s
    return best, best_s


def _stream(store, options: Options, articles: list[Article]) -> list[str]:
    index = StoryIndex(store)
    changed: set[str] = set()
    top = store.db.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 0
    for i in range(0, len(articles), CHUNK):
        chunk = articles[i:i + CHUNK]
        # the slow part (copy signatures, features: spaCy NER for articles without an
        # annotation) runs outside the write transaction, so a concurrent ingest waits
        # for milliseconds, not for the whole chunk
        update_copies(store, chunk)
        feats = load_features(store, chunk)
        with store.transaction() as db:
            touched: set[str] = set()
            for a in chunk:
                f = feats[a.id]
                origin = _copy_origin(store, a.id)
                sid = store.story_of(origin) if origin else None
                score = None  # a copy joins by origin: its near-identity says nothing of cohesion
                if sid is None:
                    sid, score = assign(f, index, options.window_days)
                    if sid is None:
                        score = None
                if sid is None:
                    sid = story_id_for(a.id)
                    db.execute("INSERT OR IGNORE INTO stories (id, title, data, updated_at) VALUES (?, ?, '{}', 0)",
                               (sid, a.title))
                c = index.centroid(sid) or new_centroid()
                if score is not None:
                    _joined(c, score)
                index.save(sid, add_to_centroid(c, f))
                db.execute("INSERT OR IGNORE INTO story_articles (story_id, article_id) VALUES (?, ?)", (sid, a.id))
                touched.add(sid)
            for sid in sorted(touched):
                store.put_story(story_record(store, sid, index.centroid(sid)))
            changed |= touched
            if i + CHUNK >= len(articles):
                store.put_state(CURSOR, str(top))
    if not articles:
        store.put_state(CURSOR, str(top))
    return sorted(changed)


# -- batch rebuild ------------------------------------------------------------------
def agglomerate(sim: np.ndarray, link: np.ndarray, threshold: float, ratio: float) -> list[int]:
    """Average-link agglomerative clustering with the streaming rules: two clusters merge
    when their average ``link`` (similarity less the far-in-time margin) clears
    ``threshold`` and their average raw ``sim`` reaches ``ratio`` x the cohesion (mean
    within-cluster ``sim``) of each. The best allowed pair (highest link) merges first.
    Returns one label per item. Row maxima are kept up to date, so a merge costs O(n)
    plus the rows whose best partner was merged away."""
    n = len(sim)
    raw, eff = sim.astype(float).copy(), link.astype(float).copy()
    np.fill_diagonal(raw, -np.inf)
    np.fill_diagonal(eff, -np.inf)
    size = np.ones(n)
    intra = np.zeros(n)  # sum of within-cluster pair similarities
    pairs = np.zeros(n)
    coh = np.zeros(n)
    members = [[k] for k in range(n)]
    cand = np.where(eff >= threshold - 1e-12, eff, -np.inf)  # single items have no cohesion bar
    best, arg = cand.max(axis=1), cand.argmax(axis=1)
    while True:
        k = int(np.argmax(best))
        if best[k] == -np.inf:
            break
        i, j = sorted((k, int(arg[k])))
        intra[i] += intra[j] + raw[i, j] * size[i] * size[j]
        pairs[i] += pairs[j] + size[i] * size[j]
        coh[i] = intra[i] / pairs[i]
        for m in (raw, eff):  # Lance-Williams update for average link
            row = (m[i] * size[i] + m[j] * size[j]) / (size[i] + size[j])
            m[i, :] = row
            m[:, i] = row
            m[j, :] = -np.inf
            m[:, j] = -np.inf
            m[i, i] = -np.inf
        size[i] += size[j]
        members[i] += members[j]
        members[j] = []
        ok = (eff[i] >= threshold - 1e-12) & (raw[i] >= ratio * np.maximum(coh[i], coh) - 1e-12)
        row = np.where(ok, eff[i], -np.inf)
        cand[j, :] = -np.inf
        cand[:, j] = -np.inf
        cand[i, :] = row
        cand[:, i] = row
        best[j] = -np.inf
        stale = np.flatnonzero((arg == i) | (arg == j))
        if len(stale):
            best[stale], arg[stale] = cand[stale].max(axis=1), cand[stale].argmax(axis=1)
        better = row > best
        best[better], arg[better] = row[better], i
        best[i], arg[i] = row.max(), int(row.argmax())
    labels = [0] * n
    for lab, ms in enumerate(m for m in members if m):
        for k in ms:
            labels[k] = lab
    return labels


def _rebuild(store, options: Options) -> None:
    with store.transaction() as db:
        db.execute("DELETE FROM stories")
        db.execute("DELETE FROM story_articles")
        db.execute("DELETE FROM state WHERE key = ?", (CURSOR,))
        StoryIndex(store).clear()
    articles = _unassigned(store)
    if len(articles) > REBUILD_MAX or len(articles) < 2:
        _stream(store, options, articles)
        return
    update_copies(store, articles)
    feats = load_features(store, articles)
    fs = [feats[a.id] for a in articles]
    n = len(fs)
    link = np.zeros((n, n))
    sim = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            s = sim[i, j] = sim[j, i] = similarity(pair_parts(fs[i], fs[j]))
            gap = day_gap(fs[i].get("day"), fs[j].get("day"), fs[j].get("day"))
            link[i, j] = link[j, i] = s - _far_margin(gap, options.window_days)
    # copies are forced together, as in streaming
    pos = {a.id: k for k, a in enumerate(articles)}
    for a in articles:
        o = _copy_origin(store, a.id)
        if o in pos:
            i, j = pos[a.id], pos[o]
            link[i, j] = link[j, i] = sim[i, j] = sim[j, i] = 1.0
    labels = agglomerate(sim, link, THRESHOLD, COHESION)
    groups: dict[int, list[int]] = {}
    for k, lab in enumerate(labels):
        groups.setdefault(int(lab), []).append(k)
    index = StoryIndex(store)
    with store.transaction() as db:
        for members in groups.values():
            sid = story_id_for(articles[members[0]].id)  # articles are in (published, id) order
            c = new_centroid()
            for k in members:
                add_to_centroid(c, fs[k])
            if len(members) > 1:  # cohesion as if the members had joined one by one
                sub = sim[np.ix_(members, members)]
                c["join_sum"] = float(sub.sum() / len(members))  # (n-1) x mean pairwise similarity
                c["join_n"] = len(members) - 1
            db.execute("INSERT OR IGNORE INTO stories (id, title, data, updated_at) VALUES (?, '', '{}', 0)", (sid,))
            db.executemany("INSERT OR IGNORE INTO story_articles (story_id, article_id) VALUES (?, ?)",
                           [(sid, articles[k].id) for k in members])
            index.save(sid, c)
            store.put_story(story_record(store, sid, c))
        store.put_state(CURSOR, str(db.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 0))


def update(store, options: Options) -> list[str]:
    """Assign the articles added since the last run; return the ids of the stories changed.

    The incremental step alone: its cost depends on the new articles, not on the store
    (``cluster`` also reads every story back).
    """
    return _stream(store, options, _unassigned(store))


def cluster(store, options: Options, rebuild: bool = False) -> list[dict[str, Any]]:
    """Assign every article not yet in a story (or all, with ``rebuild``); return all stories."""
    if rebuild:
        _rebuild(store, options)
    else:
        update(store, options)
    return store.stories()
