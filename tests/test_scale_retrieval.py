"""Retrieval paths whose cost must not grow with the store (issue #4); timings live in benchmarks/."""

import pytest

from storyline.options import Options
from storyline.records import Article, content_hash
from storyline.store import Store
from storyline.stories import CopyIndex, cluster, find_copies, update
from storyline.stories.copies import pack, unpack
from storyline.stories.index import CANDIDATES, PER_KEY, StoryIndex, add_to_centroid, index_rows, new_centroid

PARA = ("The city council voted on Tuesday to close the old bridge over the river for repairs after engineers "
        "found cracks in two of its supports, the mayor said, adding that buses would run a detour for months. ")


def art(aid, text, published):
    return Article(id=aid, raw_text=text, text=text, published=published, content_hash=content_hash(text))


def copy_articles():
    return [
        art("a1", PARA * 2 + "Residents said they were worried about traffic.", "2024-05-01"),
        art("a2", PARA * 2 + "Shop owners feared a loss of customers.", "2024-05-02"),
        art("a3", "A football club signed a new striker from Portugal on a three-year contract. " * 5, "2024-05-02"),
    ]


def test_signature_round_trip():
    s = {1, 2 ** 64 - 1, 12345678901234567}
    assert unpack(pack(s)) == s


def test_store_copy_index_verifies_candidates_without_reading_their_text(monkeypatch):
    arts = copy_articles()
    store = Store(":memory:")
    for a in arts:
        store.add_article(a)
    index = CopyIndex(store)
    index.add(arts[0])
    # a new index (a later run) must verify a1 from its stored signature alone
    later = CopyIndex(store)
    monkeypatch.setattr(store, "get_article", lambda aid: pytest.fail(f"read article {aid}"))
    rels = later.add(arts[1]) + later.add(arts[2])
    expected = [r for r in find_copies(arts) if r["kind"] != "wire-credit"]
    assert [(r["article_id"], r["origin_id"], r["kind"], r["shared"]) for r in rels] == \
        [(r["article_id"], r["origin_id"], r["kind"], r["shared"]) for r in expected]
    assert rels and rels[0]["origin_id"] == "a1"


def test_update_returns_only_changed_stories():
    store = Store(":memory:")
    arts = copy_articles()
    for a in arts[:2]:
        store.add_article(a)
    first = update(store, Options())
    assert len(first) == 1
    store.add_article(arts[2])
    second = update(store, Options())
    assert len(second) == 1 and second != first
    assert len(cluster(store, Options())) == 2  # cluster still lists every story


def test_candidates_bounded_and_nearest_in_time():
    store = Store(":memory:")
    index = StoryIndex(store)
    f = {"terms": {"bridge": 1.0}, "ents": {}, "nums": [], "day": 0}
    with store.transaction() as db:
        for k in range(200):  # 200 stories filed under the same key, one a day
            c = add_to_centroid(new_centroid(), {**f, "day": 700_000 + k})
            centroid, posts = index_rows(f"s{k:03d}", c)
            db.execute("INSERT INTO story_centroids (story_id, size, first_day, last_day, data) VALUES (?, ?, ?, ?, ?)",
                       centroid)
            db.executemany("INSERT INTO story_postings (key, day, story_id, weight) VALUES (?, ?, ?, ?)", posts)
    got = index.candidates({**f, "day": 700_100})
    assert len(got) <= CANDIDATES
    # only the PER_KEY stories on each side of the article's day are read
    days = sorted(int(s[1:]) for s in got)
    assert all(100 - PER_KEY <= d <= 100 + PER_KEY for d in days)
