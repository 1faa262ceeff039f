"""The store is the only place with SQL; its methods for clustering, copies and pages."""

import re
from pathlib import Path

from storyline.records import Article, content_hash
from storyline.store import Store

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "storyline"

# SQL run, a connection reached through a store, or sqlite3 itself
_SQL = [re.compile(p) for p in (r"\bexecute(?:many|script)?\(", r"\bsqlite3\b", r"\.db\.\w+",
                                r"\bstore\.db\b(?![\"'])", r"\btransaction\(\)\s+as\b")]


def test_no_sql_outside_the_store():
    hits = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent.name == "store" and path.parent.parent == PACKAGE:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if any(p.search(line) for p in _SQL):
                hits.append(f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}")
    assert list(PACKAGE.rglob("*.py")), f"no source found under {PACKAGE}"
    assert hits == [], "SQL outside storyline.store:\n" + "\n".join(hits)


def art(id_, text, published=None, outlet=None, title=None):
    return Article(id=id_, raw_text=text, text=text, content_hash=content_hash(text), published=published,
                   outlet=outlet, title=title)


def test_features_are_none_when_made_from_another_text_or_version():
    s = Store(":memory:")
    s.put_features([("a", "h1", "v1", {"terms": {"bridge": 1.0}})])
    assert s.features("a") == {"terms": {"bridge": 1.0}}
    assert s.features("a", "h1", "v1") == {"terms": {"bridge": 1.0}}
    assert s.features("a", "h2", "v1") is None and s.features("a", "h1", "v2") is None
    assert s.features("b") is None


def test_strongest_copy_origin_can_pass_over_agencies():
    s = Store(":memory:")
    s.put_copies([
        {"article_id": "c", "origin_id": "agency:reuters", "shared": 0.99, "kind": "copy"},
        {"article_id": "c", "origin_id": "b", "shared": 0.6, "kind": "copy"},
        {"article_id": "c", "origin_id": "a", "shared": 0.9, "kind": "partial"},
    ])
    assert s.strongest_copy_origin("c") == "agency:reuters"
    assert s.strongest_copy_origin("c", articles_only=True) == "b"  # partial reuse is no copy
    assert s.strongest_copy_origin("a") is None
    assert sorted((r["origin_id"], r["kind"]) for r in s.copy_links(["c", "x"])) == [
        ("a", "partial"), ("agency:reuters", "copy"), ("b", "copy")]


def test_band_index_keeps_the_latest_holders_and_replaces_an_articles_bands():
    s = Store(":memory:")
    for k in range(5):
        s.put_copy_signature(f"a{k}", f"h{k}", "2025-01-01", 3, b"\x01" * 8, [7, 100 + k])
    assert s.band_holders([7], per_band=2) == {"a3", "a4"}
    assert s.band_holders([7, 100], per_band=2) == {"a0", "a3", "a4"}
    s.put_copy_signature("a4", "h4b", None, 1, b"\x02" * 8, [8])  # the article changed
    assert s.band_holders([7], per_band=2) == {"a2", "a3"} and s.band_holders([8], 5) == {"a4"}
    assert s.signature_hash("a4") == "h4b" and s.signature_hash("zz") is None
    assert s.copy_signature("a4") == (None, b"\x02" * 8) and s.copy_signature("zz") is None


def test_story_candidates_score_and_bound_in_time():
    s = Store(":memory:")
    assert s.story_candidates([], 10, 5, 3) == []
    for k in range(6):  # one story a day under "t:x"; s5 also under "e:y"
        s.put_centroid((f"s{k}", 1, k, k, "{}"), [("t:x", k, f"s{k}", 1.0)] + ([("e:y", k, "s5", 1.0)] if k == 5 else []))
    s.put_centroid(("u", 1, None, None, "{}"), [("t:x", None, "u", 0.5)])
    assert s.story_candidates([("t:x", 1.0), ("e:y", 1.0)], 5, 10, 1) == ["s5"]  # two keys beat one
    near = s.story_candidates([("t:x", 1.0)], 2, 1, 10)  # one per side of day 2, and the undated one
    assert sorted(near) == ["s2", "s3", "u"]
    assert s.centroid("s0") == {} and s.centroid("nope") is None
    s.put_centroid(("s0", 2, 0, 0, '{"size": 2}'), [])  # rewriting drops the old postings
    assert "s0" not in s.story_candidates([("t:x", 1.0)], None, 10, 10)
    s.clear_story_index()
    assert s.story_candidates([("t:x", 1.0)], None, 10, 10) == [] and s.centroid("s1") is None


def test_members_cursor_and_clearing_stories():
    s = Store(":memory:")
    assert s.last_rowid() == 0
    s.add_article(art("a", "First words. More.", "2025-01-02", "Outlet A", "A title"))
    s.add_article(art("b", "Second text here.", None))
    assert s.unclustered(0) == [{"rowid": 1, "id": "a", "published": "2025-01-02"},
                                {"rowid": 2, "id": "b", "published": None}]
    with s.transaction():
        s.open_story("s", "A title")
        s.add_member("s", "a")
        s.add_member("s", "a")  # once
    assert [r["id"] for r in s.unclustered(0)] == ["b"] and s.unclustered(s.last_rowid()) == []
    assert s.members("s") == [{"id": "a", "title": "A title", "outlet": "Outlet A", "published": "2025-01-02"}]
    assert s.opening("a", 5) == "First" and s.opening("zz") == ""
    assert s.outlets() == ["Outlet A"]
    assert [(r["id"], r["story_id"]) for r in s.article_summaries()] == [("b", None), ("a", "s")]
    s.put_report("s", {"x": 1})
    s.put_state("cursor", "2")
    s.clear_stories()
    s.delete_state("cursor")
    assert s.story_ids() == [] and s.members("s") == [] and s.get_state("cursor") is None
    assert s.get_report("s") == {"x": 1}  # a report stays until its story is written again


def test_data_version_moves_when_another_connection_commits(tmp_path):
    db = tmp_path / "s.db"
    writer = Store(db)
    watcher = Store(db, readonly=True)
    v = watcher.data_version()
    assert watcher.data_version() == v
    writer.add_article(art("a", "Some text."))
    assert watcher.data_version() != v
