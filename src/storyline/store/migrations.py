"""The schema, versioned with ``PRAGMA user_version``: ``MIGRATIONS[i]`` takes a store
from version i to i+1."""

from __future__ import annotations

import sqlite3

from ..errors import StoreError

MIGRATIONS: list[str] = [
    # 0 -> 1: articles, revisions, full-text search
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        url TEXT, outlet TEXT, title TEXT, published TEXT, language TEXT, author TEXT,
        raw_text TEXT NOT NULL, text TEXT NOT NULL,
        edits TEXT NOT NULL DEFAULT '[]', offset_map TEXT NOT NULL DEFAULT '[]',
        content_hash TEXT NOT NULL, provenance TEXT NOT NULL DEFAULT '{}',
        metadata TEXT NOT NULL DEFAULT '{}',
        revision INTEGER NOT NULL DEFAULT 1,
        ingested_at REAL NOT NULL
    );
    CREATE INDEX articles_hash ON articles(content_hash);
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE revisions (
        article_id TEXT NOT NULL, revision INTEGER NOT NULL,
        record TEXT NOT NULL, superseded_at REAL NOT NULL,
        PRIMARY KEY (article_id, revision)
    );
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    """,
    # 1 -> 2: annotations, copies, stories, reports
    """
    CREATE TABLE annotations (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL, version TEXT NOT NULL, data TEXT NOT NULL
    );
    CREATE TABLE copies (
        article_id TEXT NOT NULL, origin_id TEXT NOT NULL,
        shared REAL NOT NULL, kind TEXT NOT NULL, evidence TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (article_id, origin_id)
    );
    CREATE TABLE stories (
        id TEXT PRIMARY KEY, title TEXT, first_published TEXT, last_published TEXT,
        data TEXT NOT NULL DEFAULT '{}', updated_at REAL NOT NULL
    );
    CREATE TABLE story_articles (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL,
        PRIMARY KEY (story_id, article_id)
    );
    CREATE INDEX story_articles_article ON story_articles(article_id);
    CREATE TABLE reports (
        story_id TEXT PRIMARY KEY, data TEXT NOT NULL, created_at REAL NOT NULL
    );
    CREATE TABLE state (key TEXT PRIMARY KEY, value BLOB);
    """,
    # 2 -> 3: story clustering and copy-detection indexes (storyline.stories)
    """
    CREATE TABLE article_features (
        article_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, version TEXT NOT NULL, data TEXT NOT NULL
    );
    CREATE TABLE story_centroids (
        story_id TEXT PRIMARY KEY, size INTEGER NOT NULL, first_day INTEGER, last_day INTEGER, data TEXT NOT NULL
    );
    CREATE TABLE story_postings (
        key TEXT NOT NULL, day INTEGER, story_id TEXT NOT NULL, weight REAL NOT NULL
    );
    CREATE INDEX story_postings_key_day ON story_postings(key, day);
    CREATE INDEX story_postings_story ON story_postings(story_id);
    CREATE TABLE copy_signatures (
        article_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, published TEXT,
        shingles INTEGER NOT NULL, signature BLOB NOT NULL
    );
    CREATE TABLE copy_bands (band INTEGER NOT NULL, article_id TEXT NOT NULL);
    CREATE INDEX copy_bands_band ON copy_bands(band);
    CREATE INDEX copy_bands_article ON copy_bands(article_id);
    """,
    # 3 -> 4: the day an undated article was annotated as of, in a column (``reference_key``),
    # so finding what is left to annotate reads no annotation JSON; copies by origin
    """
    ALTER TABLE annotations ADD COLUMN reference TEXT;
    UPDATE annotations SET reference = CASE
        WHEN json_extract(data, '$.published') IS NOT NULL THEN NULL
        WHEN json_extract(data, '$.published_reference.date') IS NULL THEN ''
        ELSE json_extract(data, '$.published_reference.source') || ':' || json_extract(data, '$.published_reference.date')
    END;
    CREATE INDEX copies_origin ON copies(origin_id);
    """,
]


def migrate(conn) -> None:
    """Bring the store behind ``conn`` (a ``Connection``) to the latest schema version."""
    v = conn.version
    if v > len(MIGRATIONS):
        raise StoreError(
            f"{conn.path}: schema version {v} is newer than this storyline knows ({len(MIGRATIONS)})"
        )
    for i in range(v, len(MIGRATIONS)):
        with conn.transaction():
            # another process may have created the schema since the version was read
            # (two first commands on a new store): re-read it under the write lock
            if conn.version > i:
                continue
            for stmt in _split_sql(MIGRATIONS[i]):
                conn.db.execute(stmt)
            conn.db.execute(f"PRAGMA user_version = {i + 1}")


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
