"""The SQLite store: migrations, idempotent ingest, revisions, search, crash safety."""

import sqlite3

import pytest

from storyline.errors import NotFound, StoreError
from storyline.records import Article, content_hash
from storyline.store import MIGRATIONS, Store


def art(id_, text, **kw):
    return Article(id=id_, raw_text=text, text=text, content_hash=content_hash(text), **kw)


def test_fresh_store_is_at_latest_schema(tmp_path):
    s = Store(tmp_path / "s.db")
    assert s.version == len(MIGRATIONS)
    s.close()
    assert Store(tmp_path / "s.db").version == len(MIGRATIONS)  # reopening migrates nothing


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    con.close()
    with pytest.raises(StoreError, match="newer than this storyline knows"):
        Store(path)


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        Store(path)


def test_same_article_twice_is_stored_once():
    s = Store(":memory:")
    assert s.add_article(art("a", "Maduro addressed a rally.")) == "new"
    assert s.add_article(art("a", "Maduro addressed a rally.")) == "unchanged"
    assert s.count() == 1


def test_changed_version_is_kept_as_revision():
    s = Store(":memory:")
    s.add_article(art("a", "First version of the story."))
    assert s.add_article(art("a", "Second, corrected version of the story.")) == "revision"
    assert s.get_article("a").text.startswith("Second")
    revs = s.revisions("a")
    assert [r["revision"] for r in revs] == [1]
    assert revs[0]["text"] == "First version of the story."
    # full-text index follows the update
    assert [r["id"] for r in s.search("corrected")] == ["a"]
    assert s.search("First") == []


def test_a_corrected_date_is_a_revision_and_its_story_is_compared_again():
    s = Store(":memory:")
    text = "Maduro addressed a rally in Caracas on Monday."
    s.add_article(art("a", text, published="2025-12-02", metadata={"fetched_at": "2025-12-02T10:00:00"}))
    s.add_article(art("b", "Another report of the rally."))
    s.put_annotation("a", content_hash(text), "v", {"id": "a"})
    s.open_story("s1", "Rally")
    s.add_member("s1", "a")
    s.add_member("s1", "b")
    s.put_report("s1", {"story": {"id": "s1"}})
    # fetched again later: same text and description, only the fetch time differs
    assert s.add_article(art("a", text, published="2025-12-02", metadata={"fetched_at": "2026-01-05T08:00:00"})) == "unchanged"
    assert s.get_report("s1") is not None
    # the outlet corrects the date: a revision, the old record kept
    assert s.add_article(art("a", text, published="2025-12-01")) == "revision"
    assert s.get_article("a").published.startswith("2025-12-01")
    assert s.revisions("a")[0]["published"].startswith("2025-12-02")
    assert s.get_annotation("a") is None  # annotated again against the new date
    assert s.get_report("s1") is None and s.stories_without_report() == ["s1"]  # compared again


def test_search_accepts_plain_words_with_fts_syntax_characters():
    s = Store(":memory:")
    s.add_article(art("a", "Trump's deadline expired on November 28."))
    assert [r["id"] for r in s.search("deadline expired")] == ["a"]
    assert [r["id"] for r in s.search('Trump\'s "deadline')] == ["a"]


def test_search_folds_accents():
    s = Store(":memory:")
    s.add_article(art("a", "Nicolás Maduro spoke."))
    assert [r["id"] for r in s.search("nicolas")] == ["a"]


def test_unknown_article_names_what_is_available():
    s = Store(":memory:")
    s.add_article(art("abc123", "Some text here."))
    with pytest.raises(NotFound, match="available: abc123"):
        s.get_article("zzz")
    assert s.get_article("abc").id == "abc123"  # unique prefix


def test_failed_transaction_keeps_committed_articles(tmp_path):
    path = tmp_path / "s.db"
    s = Store(path)
    s.add_article(art("a", "Committed before the crash."))
    with pytest.raises(RuntimeError):
        with s.transaction():
            s.db.execute(
                "INSERT INTO articles (id, raw_text, text, content_hash, ingested_at) VALUES ('b', 'x', 'x', 'h', 0)"
            )
            raise RuntimeError("crash mid-batch")
    s.close()
    s = Store(path)
    assert s.article_ids() == ["a"]


def test_annotations_are_tied_to_content_and_version():
    s = Store(":memory:")
    a = art("a", "Text one.")
    s.add_article(a)
    s.put_annotation("a", a.content_hash, "v1", {"entities": []})
    assert s.get_annotation("a", a.content_hash, "v1") == {"entities": []}
    assert s.get_annotation("a", a.content_hash, "v2") is None
    s.add_article(art("a", "Text two, revised."))
    assert s.get_annotation("a") is None  # a revision drops the stale annotation


def test_stories_round_trip():
    s = Store(":memory:")
    s.add_article(art("a", "One."))
    s.put_story({"id": "s1", "title": "T", "articles": ["a"], "last_published": None})
    assert s.story("s1")["articles"] == ["a"]
    assert s.story_of("a") == "s1"
    s.put_report("s1", {"claims": []})
    assert s.get_report("s1") == {"claims": []}


def test_migration_4_fills_the_reference_column_from_stored_annotations(tmp_path):
    path = tmp_path / "s.db"
    s = Store(path)
    for i, (published, ref) in enumerate([("2025-01-02", None), (None, {"date": "2026-01-06", "source": "option"}),
                                           (None, {"date": "2026-01-05", "source": "fetch time"}), (None, None)]):
        a = art(f"a{i}", f"Text {i}.", published=published)
        s.add_article(a)
        data = {"published": published, **({"published_reference": ref} if published is None else {})}
        s.put_annotation(a.id, a.content_hash, "v1", data)
    expected = [r[0] for r in s.db.execute("SELECT reference FROM annotations ORDER BY article_id")]
    assert expected == [None, "option:2026-01-06", "fetch time:2026-01-05", ""]
    # back to schema 3 (no column, no index), then reopened: the migration rebuilds the column
    s.db.execute("DROP INDEX copies_origin")
    s.db.execute("ALTER TABLE annotations DROP COLUMN reference")
    s.db.execute("PRAGMA user_version = 3")
    s.close()
    s = Store(path)
    assert [r[0] for r in s.db.execute("SELECT reference FROM annotations ORDER BY article_id")] == expected
    assert s.unannotated("v1", "2026-01-06") == ["a2", "a3"]  # the undated ones read as of another day


def test_copies_of_some_articles_by_index(tmp_path):
    s = Store(":memory:")
    s.put_copies([{"article_id": "b", "origin_id": "a", "shared": 0.9, "kind": "copy"},
                  {"article_id": "d", "origin_id": "c", "shared": 0.8, "kind": "copy"}])
    assert [(r["article_id"], r["origin_id"]) for r in s.copies(["a"])] == [("b", "a")]
    assert [(r["article_id"], r["origin_id"]) for r in s.copies(["d", "b"])] == [("b", "a"), ("d", "c")]
    assert len(s.copies()) == 2
