"""Incremental story clustering (Miranda et al. 2018-style streaming).

Each new article, in published order, is compared with the stories retrieved through
the index (``StoryIndex.candidates``); it joins the one it most probably belongs to when
the fitted model (``model.py``: a logistic regression over article-to-story features)
gives at least even odds, else it opens a new story. A copy (duplicate or wire copy)
always joins its origin's story. ``rebuild`` forgets every story and streams the whole
store again through the same path, so both give the same stories.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from ..options import Options
from ..records import Article
from . import model as story_model
from .copies import CopyIndex, origin_of, to_store
from .features import FEATURES_VERSION, features_for
from .index import StoryIndex, add_to_centroid, new_centroid, query_keys, without

CHUNK = 100  # articles per write transaction (features are computed before it opens)
# Passes that let a run's articles move to the story they now fit best (stops earlier
# when nothing moves): on ECB+ dev, cross-validated B3 F1 0.897 with none, 0.916 with 2,
# 0.921 with 4 -- most moves happen in the first two.
SETTLE_PASSES = 4
# Which articles settle lets leave a story they no longer fit (their story without them
# below even odds, no other story above them) to stand alone: "dated" ones, "all", or
# none (None). Chosen by fit_clustering.py's CV (ECB+ dev B3 F1 0.938 with none or the
# dated, 0.926 with all: an undated article pays the fitted "undated" weight against
# every story, its own too, and the short undated reports of one event would scatter).
LEAVE: str | None = "dated"
MEMO_LIMIT = 500_000  # remembered join probabilities (and posting key lists) before they are forgotten
# The model in use: None reads the packaged one (benchmarks set a refitted one here).
MODEL: dict[str, Any] | None = None


def current_model() -> dict[str, Any]:
    return MODEL if MODEL is not None else story_model.packaged()


def join_probability(f: dict[str, Any], c: dict[str, Any], norms: dict[str, float] | None = None) -> float:
    """How probably an article (features ``f``) belongs to a story (centroid ``c``;
    ``norms``: ``model.direction_norms(c)``, when kept)."""
    return story_model.probability(story_model.pair_features(f, c, norms), current_model())


class Scores:
    """Join probabilities of articles against stories, each remembered until its story's
    centroid changes (``StoryIndex.stamp``), and the features of the members read for
    it: one streaming run scores the same article against the same story again and again
    (settle passes, story titles).

    Valid for one model and one index: a run makes its own.
    """

    def __init__(self, index: StoryIndex, feats: dict[str, dict[str, Any]] | None = None):
        self.index = index
        self.feats = dict(feats or {})
        self._memo: dict[tuple[str, str, bool], tuple[int, float]] = {}
        self._keys: dict[str, list[str]] = {}
        self._norms: dict[str, tuple[int, dict[str, float]]] = {}

    def query_keys(self, article_id: str, f: dict[str, Any]) -> list[str]:
        """The posting keys the article looks up (``index.query_keys``), computed once."""
        keys = self._keys.get(article_id)
        if keys is None:
            if len(self._keys) > MEMO_LIMIT:  # bound memory on long runs (a cache: no result changes)
                self._keys.clear()
            keys = self._keys[article_id] = [k for k, _ in query_keys(f)]
        return keys

    def features(self, store, article_id: str) -> dict[str, Any] | None:
        """An article's features as cached in the store (read once)."""
        f = self.feats.get(article_id)
        if f is None:
            f = store.features(article_id)
            if f is not None:
                self.feats[article_id] = f
        return f

    def probability(self, article_id: str, f: dict[str, Any], story_id: str, without_it: bool = False) -> float:
        """``join_probability`` of the article against the story's centroid in the index
        (``without_it``: the story without the article, for one of its members)."""
        key = (article_id, story_id, without_it)
        stamp = self.index.stamp(story_id)
        hit = self._memo.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        c = self.index.centroid(story_id)
        if without_it:
            p = join_probability(f, without(c, f))
        else:
            norms = self._norms.get(story_id)
            if norms is None or norms[0] != stamp:  # a centroid's lengths, once per change
                norms = self._norms[story_id] = (stamp, story_model.direction_norms(c))
            p = join_probability(f, c, norms[1])
        if len(self._memo) > MEMO_LIMIT:  # bound memory on long runs (a cache: no result changes)
            self._memo.clear()
            self._norms.clear()
        self._memo[key] = (stamp, p)
        return p


def story_id_for(article_id: str) -> str:
    """A story's id is derived from the id of the article that founded it."""
    return hashlib.sha256(f"story:{article_id}".encode()).hexdigest()[:16]


def leaver_story_id(store, article_id: str) -> str:
    """The id of the story an article opens when it leaves its own (``settle``): derived
    from the article as a founder's is, unless a story already has that id (the article
    founded the story it leaves, which keeps its id with the members that stay); then
    the first free of ``story:<id>:<n>``, so the same history gives the same ids."""
    sid, n = story_id_for(article_id), 0
    while store.has_story(sid):
        n += 1
        sid = hashlib.sha256(f"story:{article_id}:{n}".encode()).hexdigest()[:16]
    return sid


def publication_order(row) -> tuple:
    """Sort key of article rows in publication order (undated last, then by id)."""
    return (row["published"] is None, row["published"] or "", row["id"])


# -- features ---------------------------------------------------------------------
def load_features(store, articles: list[Article]) -> dict[str, dict[str, Any]]:
    """Features from the cache table, computing (and caching) the missing ones."""
    out: dict[str, dict[str, Any]] = {}
    todo: list[Article] = []
    for a in articles:
        f = store.features(a.id, a.content_hash or "", FEATURES_VERSION)
        if f is not None:
            out[a.id] = f
        else:
            todo.append(a)
    if todo:
        anns = {a.id: store.get_annotation(a.id) for a in todo}
        feats = features_for(todo, anns)
        for a, f in zip(todo, feats):
            out[a.id] = f
        store.put_features([(a.id, a.content_hash or "", FEATURES_VERSION, f) for a, f in zip(todo, feats)])
    return out


def cache_features(store, pairs: list[tuple[Article, dict[str, Any]]]) -> None:
    """Cache the features of freshly annotated articles not yet in a story, made from
    their annotations where those were made (``features_for``, in the annotation
    workers): ``load_features`` then finds them instead of parsing the stored
    annotations again (the same records; an article already in a story keeps the
    features it was clustered with, as before)."""
    rows = [(a.id, a.content_hash or "", FEATURES_VERSION, f) for a, f in pairs if store.story_of(a.id) is None]
    if rows:
        store.put_features(rows)


# -- copies -----------------------------------------------------------------------
def update_copies(store, articles: list[Article]) -> list[dict[str, Any]]:
    index = CopyIndex(store)
    found: list[dict[str, Any]] = []
    todo = [a for a in articles if not index.indexed(a)]
    # shingles and band keys first, then the lookups and writes in one transaction (not
    # two commits an article): a concurrent writer waits for the lookups only
    prepared = [index.prepare(a) for a in todo]
    with store.transaction():
        for a, prep in zip(todo, prepared):
            rels = index.add(a, prep)
            store.put_copies(to_store(rels))
            found.extend(rels)
    return found


# -- story records ----------------------------------------------------------------
def story_record(store, story_id: str, centroid: dict[str, Any] | None = None,
                 scores: Scores | None = None) -> dict[str, Any]:
    """Build the story record from its members (title of the most central article).

    ``scores``: remembered probabilities, when ``centroid`` is the story's in its index."""
    rows = sorted(store.members(story_id), key=publication_order)
    ids = [r["id"] for r in rows]
    title = None
    if centroid:
        best = -1.0
        for r in rows[:30]:  # among the earliest 30: bounded cost, and early headlines name the event
            f = scores.features(store, r["id"]) if scores is not None else store.features(r["id"])
            if f is None:
                continue
            s = scores.probability(r["id"], f, story_id) if scores is not None else join_probability(f, centroid)
            if r["title"] and s > best + 1e-9:
                best, title = s, r["title"]
    if title is None:
        title = next((r["title"] for r in rows if r["title"]), None)
    if title is None and rows:  # no headline anywhere: the first line of the earliest article
        first = re.split(r"(?<=[.!?])\s|\n", store.opening(rows[0]["id"], 400).strip(), maxsplit=1)[0].strip()
        title = (first[:117] + "...") if len(first) > 120 else (first or None)
    origins = sorted(set(origin_of(ids, store.copy_links(ids)).values()))
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


def unassigned(store) -> list[Article]:
    """Articles added since the last run (rowid cursor: no scan of the whole store)."""
    cur = int(store.get_state(CURSOR) or 0)
    ids = [r["id"] for r in sorted(store.unclustered(cur), key=publication_order)]
    return list(store.articles(ids))


def assign(f: dict[str, Any], index: StoryIndex, scores: Scores | None = None,
           article_id: str | None = None) -> tuple[str | None, float]:
    """The most probable story for an article's features, or (None, best probability)
    when none reaches the model's threshold (``scores``: remembered probabilities of the
    article ``article_id``)."""
    best, best_p = None, -1.0
    for sid in index.candidates(f):
        c = index.centroid(sid)
        if c is None:
            continue
        p = scores.probability(article_id, f, sid) if scores is not None and article_id else join_probability(f, c)
        if p > best_p + 1e-12:
            best, best_p = sid, p
    return (best, best_p) if best_p >= story_model.THRESHOLD else (None, best_p)


def nearest_dated_story(store, article_id: str, index: StoryIndex | None = None,
                        scores: Scores | None = None) -> tuple[str, float, float | None] | None:
    """(story, join probability, its own story's) of the story with a dated member that an
    article most probably belongs to, among the candidates the index gives it (its own
    story left out; the last: the probability it belongs to its own story without it,
    None when it is alone there); None without features or such a candidate. Reads only:
    stories stay as they are (``stories.dates.near_window`` dates an undated article).
    ``index``: one ``StoryIndex`` for many articles (its centroids read once);
    ``scores``: ``Scores`` over that index (each centroid's lengths and each probability
    computed once: the same floats)."""
    f = store.features(article_id)
    if f is None:
        return None
    index = index if index is not None else StoryIndex(store)
    own = store.story_of(article_id)
    best: tuple[str, float] | None = None
    for sid in index.candidates(f):  # (ties: the candidates' order, score then id)
        c = index.centroid(sid) if sid != own else None
        if c is None or c.get("first_day") is None:  # (a first day: a member with a publication date)
            continue
        p = scores.probability(article_id, f, sid) if scores is not None else join_probability(f, c)
        if best is None or p > best[1] + 1e-12:
            best = (sid, p)
    if best is None:
        return None
    c = index.centroid(own) if own else None
    if c is None or c["size"] <= 1:
        return (*best, None)
    return (*best, scores.probability(article_id, f, own, without_it=True) if scores is not None
            else join_probability(f, without(c, f)))


def _tied(store, article_id: str) -> bool:
    """Whether an article copies another or is copied (its story is its copies' story)."""
    return any(r["kind"] in ("duplicate", "copy") and not str(r["origin_id"]).startswith("agency:")
               for r in store.copies([article_id]))


def settle(store, index: StoryIndex, articles: list[Article], feats: dict[str, dict[str, Any]],
           passes: int = SETTLE_PASSES, scores: Scores | None = None) -> set[str]:
    """Let the run's articles move to the story they now fit best; return the stories changed.

    Streaming decides with the stories as they were when an article came in: the first
    reports of an event can found several small stories that the later ones show to be
    one. After the stream, each article (in publication order; a copy and its origin
    stay where they are, together) is compared again with its story without itself and
    with the candidate stories; it moves when another one is more probable and above the
    threshold. A dated article that no story fits -- its own without it below the
    threshold, no other above it -- leaves to stand alone (``LEAVE``): the members that stay keep
    the story and its id (even when the leaver founded it), the leaver gets a new one
    (``leaver_story_id``). A story left empty is deleted.

    An article whose story, candidate stories and candidate postings have not changed
    since it last stayed would stay again: it is not scored again (the same moves, at a
    fraction of the cost after the first pass).
    """
    scores = scores if scores is not None else Scores(index, feats)
    last: dict[str, tuple[int, str, list[str]]] = {}  # article -> (tick, story, candidates) when it stayed
    tied: dict[str, bool] = {}
    changed: set[str] = set()
    for _ in range(passes):
        moved = 0
        for i in range(0, len(articles), CHUNK):  # short write transactions, as the stream's
            touched: set[str] = set()
            with store.transaction():
                for a in articles[i:i + CHUNK]:
                    if a.id not in tied:  # copies do not change while stories settle
                        tied[a.id] = _tied(store, a.id)
                    if not tied[a.id]:
                        touched |= _move(store, index, a.id, feats[a.id], scores, last)
                for sid in sorted(touched):
                    if index.centroid(sid) is not None:
                        store.put_story(story_record(store, sid, index.centroid(sid), scores))
            moved += bool(touched)
            changed |= touched
        if not moved:
            break
    return {sid for sid in changed if index.centroid(sid) is not None}


def _may_leave(f: dict[str, Any]) -> bool:
    """Whether ``LEAVE`` lets an article with features ``f`` stand alone."""
    return LEAVE == "all" or (LEAVE == "dated" and f.get("day") is not None)


def _move(store, index: StoryIndex, article_id: str, f: dict[str, Any], scores: Scores | None = None,
          last: dict[str, tuple[int, str, list[str]]] | None = None) -> set[str]:
    """Move one article to the candidate story it fits better than its own (without it)
    and above the threshold, or out to a story of its own when neither reaches the
    threshold (``LEAVE``); return the two stories changed (none when it stays).

    ``last``: when the article last stayed (tick, story, candidates); it is not scored
    again while none of them and none of its candidate postings changed since (it would
    stay), and its candidates are not read again while its postings did not change."""
    scores = scores if scores is not None else Scores(index)
    last = last if last is not None else {}
    sid = store.story_of(article_id)
    c = index.centroid(sid) if sid else None
    if c is None:
        return set()
    keys = scores.query_keys(article_id, f)
    seen = last.get(article_id)
    if seen is not None and index.unchanged_since(seen[0], keys=keys):
        if seen[1] == sid and index.unchanged_since(seen[0], (sid, *seen[2])):
            return set()
        candidates = seen[2]
    else:
        candidates = index.candidates(f)
    tick = index.tick
    own = scores.probability(article_id, f, sid, without_it=True) if c["size"] > 1 else -1.0
    best, best_p = None, max(own, story_model.THRESHOLD)
    for other in candidates:
        oc = index.centroid(other) if other != sid else None
        if oc is None:
            continue
        p = scores.probability(article_id, f, other)
        if p > best_p + 1e-12:
            best, best_p = other, p
    if best is None and c["size"] > 1 and own < story_model.THRESHOLD and _may_leave(f):
        best = leaver_story_id(store, article_id)
        store.open_story(best, None)
    if best is None:
        last[article_id] = (tick, sid, candidates)
        return set()
    last.pop(article_id, None)
    store.remove_member(sid, article_id)
    store.add_member(best, article_id)
    index.save(best, add_to_centroid(index.centroid(best) or new_centroid(), f))
    rest = [r["id"] for r in sorted(store.members(sid), key=publication_order)]
    if rest:
        cents = new_centroid()
        for i in rest:
            add_to_centroid(cents, scores.features(store, i))
        index.save(sid, cents)
    else:
        store.delete_story(sid)
        index.forget(sid)
    return {sid, best}


class Stream:
    """The streaming pass over articles (in publication order), fed a chunk at a time.

    ``advance`` streams every chunk none of whose articles is still ``waiting`` (for its
    annotation): ``run`` clusters while its workers annotate the later articles, in the
    same chunks and order as one pass after them, so the same stories whatever the
    order annotations arrive in. ``finish`` streams the rest and settles.
    ``drop_reports``: each chunk drops the reports of the stories it changed.
    """

    def __init__(self, store, articles: list[Article], drop_reports: bool = False):
        self.store, self.articles, self.drop_reports = store, articles, drop_reports
        self.index = StoryIndex(store)
        self.scores = Scores(self.index)
        self.run_feats: dict[str, dict[str, Any]] = {}
        self.changed: set[str] = set()
        self.top = store.last_rowid()
        self.done = 0  # articles streamed

    def advance(self, waiting: set[str] | frozenset[str] = frozenset()) -> None:
        """Stream the next chunks while none of their articles is in ``waiting``."""
        while self.done < len(self.articles):
            chunk = self.articles[self.done:self.done + CHUNK]
            if any(a.id in waiting for a in chunk):
                return
            self._chunk(chunk)

    def _chunk(self, chunk: list[Article]) -> None:
        store, index, scores = self.store, self.index, self.scores
        # the slow part (copy signatures, features read from the annotations) runs
        # outside the write transaction, so a concurrent ingest waits for milliseconds,
        # not for the whole chunk
        update_copies(store, chunk)
        feats = load_features(store, chunk)
        self.run_feats.update(feats)
        scores.feats.update(feats)
        self.done += len(chunk)
        with store.transaction():
            touched: set[str] = set()
            for a in chunk:
                f = feats[a.id]
                origin = store.strongest_copy_origin(a.id, articles_only=True)
                sid = store.story_of(origin) if origin else None
                if sid is None:
                    sid, _ = assign(f, index, scores, a.id)
                if sid is None:
                    sid = story_id_for(a.id)
                    store.open_story(sid, a.title)
                c = index.centroid(sid) or new_centroid()
                index.save(sid, add_to_centroid(c, f))
                store.add_member(sid, a.id)
                touched.add(sid)
            for sid in sorted(touched):
                store.put_story(story_record(store, sid, index.centroid(sid), scores))
            if self.drop_reports:  # (``update`` drops them all at the end; a rebuild keeps the unchanged)
                # their old reports go with the change: a run stopped while it annotates the
                # rest leaves no report showing old members
                store.drop_reports(sorted(touched))
            self.changed |= touched
            if self.done >= len(self.articles):
                store.put_state(CURSOR, str(self.top))

    def finish(self) -> list[str]:
        """Stream what is left, settle; return the ids of the stories changed."""
        self.advance()
        articles, index = self.articles, self.index
        if not articles:
            self.store.put_state(CURSOR, str(self.top))
            return []
        # the features as the stream read them (the same records ``load_features`` gives back)
        moved = settle(self.store, index, articles, {a.id: self.run_feats[a.id] for a in articles}, scores=self.scores)
        return sorted(sid for sid in self.changed | moved if index.centroid(sid) is not None)


def _stream(store, options: Options, articles: list[Article]) -> list[str]:
    return Stream(store, articles).finish()


def _rebuild(store) -> None:
    with store.transaction():
        store.clear_stories()
        store.delete_state(CURSOR)
        StoryIndex(store).clear()


def update(store, options: Options) -> list[str]:
    """Assign the articles added since the last run; return the ids of the stories changed.

    The incremental step alone: its cost depends on the new articles, not on the store
    (``cluster`` also reads every story back). The reports of the stories changed are
    dropped: they were made for other members, and a story with no report is compared
    again by the next run.
    """
    changed = _stream(store, options, unassigned(store))
    store.drop_reports(changed)
    return changed


def cluster(store, options: Options, rebuild: bool = False) -> list[dict[str, Any]]:
    """Assign every article not yet in a story (or all again, with ``rebuild``); return all stories.

    A rebuild keeps the report of a story whose record (members, title ...) comes back
    the same and drops every other: a story that keeps its id but not its members is
    compared again by the next run, not served its old report.
    """
    if rebuild:
        before = store.story_digests()
        _rebuild(store)
        _stream(store, options, unassigned(store))
        after = store.story_digests()
        store.drop_reports(sorted(sid for sid in before.keys() | after.keys() if before.get(sid) != after.get(sid)))
    else:
        update(store, options)
    return store.stories()
