"""Copy and syndication detection (storyline.stories.copies)."""

from pathlib import Path

import pytest

from storyline.records import Article, content_hash
from storyline.store import Store
from storyline.stories import CopyIndex, find_copies, origin_of, wire_credits

EXAMPLES = sorted(Path(__file__).resolve().parent.parent.joinpath("examples").glob("*.txt"))


def art(aid, text, published):
    return Article(id=aid, raw_text=text, text=text, published=published, content_hash=content_hash(text))


@pytest.fixture(scope="module")
def seeds():
    return [p.read_text(encoding="utf-8") for p in EXAMPLES]


def edited(text, every=60):
    words = text.split(" ")
    for i in range(7, len(words), every):
        words[i] = "changed"
    return " ".join(words)


def test_duplicate_copy_partial_and_nothing(seeds):
    a, b = seeds
    paras = [p for p in a.split("\n\n") if len(p.split()) > 40]
    partial = b + "\n\n" + "\n\n".join(paras[:3])
    arts = [art("orig", a, "2025-12-01"), art("dup", a, "2025-12-02"), art("wire", edited(a), "2025-12-03"),
            art("part", partial, "2025-12-04"), art("other", b, "2025-11-30")]
    rels = {(r["article_id"], r["origin_id"]): r for r in find_copies(arts)}
    assert rels[("dup", "orig")]["kind"] == "duplicate" and rels[("dup", "orig")]["shared"] == 1.0
    assert rels[("wire", "orig")]["kind"] == "copy" and 0.7 < rels[("wire", "orig")]["shared"] < 1.0
    assert rels[("part", "orig")]["kind"] == "partial" and 0.1 < rels[("part", "orig")]["shared"] < 0.6
    # "part" holds the whole of "other" but "other" was published first: it is the origin
    assert rels[("part", "other")]["kind"] == "copy"
    # two different reports of the same rally are not copies of each other
    assert ("orig", "other") not in rels and ("other", "orig") not in rels
    ev = rels[("wire", "orig")]["evidence"]
    assert ev["shared_shingles"] <= ev["article_shingles"]


def test_copy_of_copy_points_to_root(seeds):
    a = seeds[0]
    arts = [art("r", a, "2025-12-01"), art("c1", edited(a, 80), "2025-12-02"), art("c2", edited(a, 70), "2025-12-03")]
    rels = find_copies(arts)
    assert {(r["article_id"], r["origin_id"]) for r in rels} == {("c1", "r"), ("c2", "r")}


def test_copy_index_in_store_is_incremental(seeds):
    store = Store(":memory:")
    a = seeds[0]
    first, second = art("x1", a, "2025-12-01"), art("x2", edited(a), "2025-12-02")
    for x in (first, second):
        store.add_article(x)
    assert CopyIndex(store).add(first) == []
    index = CopyIndex(store)  # a new index object: state comes from the store, not memory
    assert index.indexed(first) and not index.indexed(second)
    rels = index.add(second)
    assert [(r["article_id"], r["origin_id"], r["kind"]) for r in rels] == [("x2", "x1", "copy")]


def test_wire_credits():
    text = ("CARACAS, Venezuela (AP) — Troops were deployed on Monday.\n"
            "Reuters reporters contributed to this report.\n"
            "The minister said, according to Reuters, that talks would go on.")
    a = art("w", text, None)
    rels = wire_credits(a)
    agencies = {r["origin_id"]: r for r in rels}
    assert set(agencies) == {"agency:associated-press", "agency:reuters"}
    ev = agencies["agency:associated-press"]["evidence"]
    assert text[ev["start"]:ev["end"]] == "AP" and ev["raw_start"] == ev["start"]
    assert agencies["agency:reuters"]["evidence"]["pattern"] == "contributed"
    assert all(r["kind"] == "wire-credit" and r["shared"] is None for r in rels)
    # an attribution alone ("according to Reuters") is not a wire credit
    assert wire_credits(art("n", "The minister said, according to Reuters, that talks go on.", None)) == []


def test_origin_of_collapses_copies_and_agencies():
    rels = [{"article_id": "b", "origin_id": "a", "kind": "copy"},
            {"article_id": "c", "origin_id": "a", "kind": "partial"},
            {"article_id": "d", "origin_id": "agency:reuters", "kind": "wire-credit"},
            {"article_id": "e", "origin_id": "agency:reuters", "kind": "wire-credit"}]
    got = origin_of(["a", "b", "c", "d", "e"], rels)
    assert got == {"a": "a", "b": "a", "c": "c", "d": "agency:reuters", "e": "agency:reuters"}


def test_band_keys_hash_each_windows_four_signature_values(seeds):
    """A band key is the hash of "b:" and its four MinHash values' bytes (the keys stored
    in copy_bands: computing them another way must not change one)."""
    import numpy as np

    from storyline.stories import copies as c

    sh = c.shingles(seeds[0])
    assert len(sh) > 2 * c.WINDOW
    expected = set()
    for i in range(0, len(sh), c.WINDOW):
        m = c.MinHash(num_perm=c.NUM_PERM, seed=7, permutations=c._PERMS, scheme=c._SCHEME, hashfunc=c._low32)
        m.update_batch(sorted(set(sh[i:i + c.WINDOW])))
        for b in range(c.BANDS):
            values = [int(v) for v in m.hashvalues[b * c.ROWS:(b + 1) * c.ROWS]]
            expected.add(c._h(f"{b}:{np.array(values, dtype='<u8').tobytes().hex()}") >> 1)
    assert c.window_bands(sh) == expected
