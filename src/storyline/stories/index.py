"""Story centroids and the candidate index, kept in the store.

A story's centroid is the mean of its members' feature vectors, so the dot product of
an article with it is the average-link similarity of the article to the story. The
index maps a story's strongest keys (terms, entities) to it, stamped with the story's
last day; a query reads, per key, only the stories nearest in time (bounded LIMIT), so
retrieval costs the same at 10k or 1M articles (B-tree lookups, never a scan).
"""

from __future__ import annotations

import json
from operator import itemgetter
from typing import Any, Iterable


KEEP_TERMS, KEEP_ENTS, KEEP_NUMS = 400, 150, 200
VECTORS = {"terms": KEEP_TERMS, "ents": KEEP_ENTS, "lead": KEEP_TERMS, "places": KEEP_ENTS, "preds": KEEP_ENTS}
POST_TERMS, POST_ENTS = 30, 15  # keys a story is filed under
QUERY_TERMS, QUERY_ENTS = 12, 8  # keys an article looks up
PER_KEY = 25  # stories read per key and direction in time
CANDIDATES = 20  # stories scored in full


def new_centroid() -> dict[str, Any]:
    return {"size": 0, "terms": {}, "ents": {}, "lead": {}, "places": {}, "preds": {}, "nums": {}, "nnums": 0,
            "first_day": None, "last_day": None, "first_eday": None, "last_eday": None, "days": {}, "edays": {}}


def _top(d: dict[str, float], n: int) -> dict[str, float]:
    """The ``n`` heaviest entries, heaviest first, ties by key: the order of sorting by
    (-weight, key), from two sorts on C-level keys (the second keeps the first's order
    among equal weights), at a third of the cost of a tuple made per entry."""
    items = sorted(d.items(), key=_KEY)
    items.sort(key=_WEIGHT, reverse=True)
    return dict(items[:n])


_KEY, _WEIGHT = itemgetter(0), itemgetter(1)


def add_to_centroid(c: dict[str, Any], f: dict[str, Any]) -> dict[str, Any]:
    """Fold one article's features into a centroid (sums; divided by size when used)."""
    for key, keep in VECTORS.items():
        acc = c.setdefault(key, {})
        for k, v in f.get(key, {}).items():
            acc[k] = acc.get(k, 0.0) + v
        if len(acc) > keep * 1.5:  # trim now and then, not on every add (cost)
            c[key] = _top(acc, keep)
    for x in f["nums"]:
        c["nums"][x] = c["nums"].get(x, 0) + 1
    if len(c["nums"]) > KEEP_NUMS * 1.5:
        c["nums"] = _top(c["nums"], KEEP_NUMS)
    c["nnums"] += len(f["nums"])
    c["size"] += 1
    for key, first, last in (("day", "first_day", "last_day"), ("eday", "first_eday", "last_eday")):
        d = f.get(key)
        if d is not None:
            c[first] = d if c.get(first) is None else min(c[first], d)
            c[last] = d if c.get(last) is None else max(c[last], d)
    # the members' days (day -> members), so a gap is to the nearest member, not the span;
    # a centroid stored without them (before they were kept) keeps none: its later members'
    # days alone would put the nearest member wrong, so it is read by its span
    for key, days in (("day", "days"), ("eday", "edays")):
        d = f.get(key)
        if d is not None and days in c:
            acc = c[days]
            acc[str(d)] = acc.get(str(d), 0) + 1
    return c


def without(c: dict[str, Any], f: dict[str, Any]) -> dict[str, Any]:
    """A copy of centroid ``c`` with one member's features ``f`` taken out (the story as
    the member's peers see it; the day spans stay, a bound that only widens)."""
    out = dict(c)
    for key in VECTORS:
        acc = dict(c.get(key, {}))
        for k, v in f.get(key, {}).items():
            if k in acc:
                left = acc[k] - v
                if left > 1e-9:
                    acc[k] = left
                else:
                    del acc[k]
        out[key] = acc
    nums = dict(c["nums"])
    for x in f["nums"]:
        if nums.get(x, 0) > 1:
            nums[x] -= 1
        else:
            nums.pop(x, None)
    out["nums"], out["nnums"], out["size"] = nums, max(0, c["nnums"] - len(f["nums"])), max(0, c["size"] - 1)
    for key, days in (("day", "days"), ("eday", "edays")):
        d = f.get(key)
        if d is not None and days in c:
            acc = dict(c[days])
            if acc.get(str(d), 0) > 1:
                acc[str(d)] -= 1
            else:
                acc.pop(str(d), None)
            out[days] = acc
    return out


def num_overlap(nums: list[str], counts: dict[str, float], size: float, avg_len: float) -> float:
    """Mean overlap coefficient of an article's numbers with the members' numbers."""
    if not nums or not counts or size <= 0:
        return 0.0
    hit = sum(counts.get(x, 0) for x in nums) / size
    return min(1.0, hit / max(1.0, min(len(nums), avg_len)))


def nearest_gap(day: int | None, days: dict[str, int] | None) -> int | None:
    """Days between an article and the nearest of a story's members' days (None when
    either is unknown)."""
    if day is None or not days:
        return None
    return min(abs(day - int(d)) for d in days)


def day_gap(day: int | None, first: int | None, last: int | None) -> int:
    """Days between an article and a story's span (0 inside it or when a date is missing)."""
    if day is None or first is None or last is None:
        return 0
    return max(0, first - day, day - last)


def index_rows(story_id: str, c: dict[str, Any]) -> tuple[tuple, list[tuple]]:
    """The story_centroids row and story_postings rows of a centroid (trims ``c`` in place).

    One function for the streaming path and bulk loaders, so both write the same rows.
    """
    for key, keep in VECTORS.items():
        c[key] = {k: round(v, 5) for k, v in _top(c.get(key, {}), keep).items()}
    n = c["size"] or 1
    posts = [("t:" + k, v / n) for k, v in _top(c["terms"], POST_TERMS).items()]
    posts += [("e:" + k, v / n) for k, v in _top(c["ents"], POST_ENTS).items()]
    centroid = (story_id, c["size"], c["first_day"], c["last_day"], json.dumps(c, separators=(",", ":")))
    return centroid, [(k, c["last_day"], story_id, round(w, 5)) for k, w in posts]


class StoryIndex:
    """Centroids and postings in the store, with a write-through cache for one run."""

    def __init__(self, store):
        self.store = store
        self.cache: dict[str, dict[str, Any]] = {}
        # What changed when, for work that can be skipped while its inputs stay the same
        # (``cluster.settle``): a counter of changes, the last change of each story's
        # centroid and of each posting key's rows, and the keys each story is filed under.
        self.tick = 0
        self.floor = 0  # everything earlier is stale (the index was cleared)
        self._stamps: dict[str, int] = {}
        self._key_stamps: dict[str, int] = {}
        self._posted: dict[str, list[str]] = {}

    def clear(self) -> None:
        self.store.clear_story_index()
        self.cache.clear()
        self.tick += 1
        self.floor = self.tick
        self._posted.clear()

    def stamp(self, story_id: str) -> int:
        """The tick of the story's last change in this index (its centroid and postings)."""
        return max(self._stamps.get(story_id, 0), self.floor)

    def unchanged_since(self, tick: int, stories: Iterable[str] = (), keys: Iterable[str] = ()) -> bool:
        """Whether none of these stories' centroids and none of these posting keys' rows
        changed after ``tick``."""
        if self.floor > tick:
            return False
        return (all(self._stamps.get(s, 0) <= tick for s in stories)
                and all(self._key_stamps.get(k, 0) <= tick for k in keys))

    def _changed(self, story_id: str, keys: list[str]) -> None:
        old = self._posted.get(story_id)
        if old is None:  # filed before this index saw it: the rows it has now
            old = self.store.posting_keys(story_id)
        self.tick += 1
        self._stamps[story_id] = self.tick
        for k in (*old, *keys):
            self._key_stamps[k] = self.tick
        self._posted[story_id] = keys

    def forget(self, story_id: str) -> None:
        """Drop a story deleted from the store (``Store.delete_story``) from the cache."""
        self._changed(story_id, [])
        self.cache.pop(story_id, None)

    def centroid(self, story_id: str) -> dict[str, Any] | None:
        if story_id not in self.cache:
            c = self.store.centroid(story_id)
            if c is None:
                return None
            if len(self.cache) > 20_000:  # bound memory on long runs
                self.cache.clear()
            self.cache[story_id] = c
        return self.cache[story_id]

    def save(self, story_id: str, c: dict[str, Any]) -> None:
        centroid, posts = index_rows(story_id, c)
        self._changed(story_id, [p[0] for p in posts])
        self.cache[story_id] = c
        self.store.put_centroid(centroid, posts)

    def candidates(self, f: dict[str, Any]) -> list[str]:
        """Stories sharing strong keys with the article (scored by article weight x posting
        weight), the PER_KEY nearest in time on each side per key (``Store.story_candidates``).

        The result depends only on the posting rows of the article's keys (``query_keys``)."""
        return self.store.story_candidates(query_keys(f), f.get("day"), PER_KEY, CANDIDATES)


def query_keys(f: dict[str, Any]) -> list[tuple[str, float]]:
    """The (posting key, weight) pairs an article looks up."""
    keys = [("t:" + k, v) for k, v in _top(f["terms"], QUERY_TERMS).items()]
    keys += [("e:" + k, v) for k, v in _top(f["ents"], QUERY_ENTS).items()]
    return keys
