"""The embedded SQLite store: articles, revisions, annotations, copies, stories, reports.

The schema is versioned with ``PRAGMA user_version``; ``MIGRATIONS[i]`` takes a store
from version i to i+1. Every write happens in a transaction, so a crash mid-batch
loses no article already committed.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import time
from pathlib import Path
from typing import Any, Iterator

from ..errors import NotFound, StoreError
from ..records import Article

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

ARTICLE_COLUMNS = (
    "id", "url", "outlet", "title", "published", "language", "author", "raw_text", "text",
    "edits", "offset_map", "content_hash", "provenance", "metadata",
)
_JSON_COLUMNS = {"edits", "offset_map", "provenance", "metadata"}


# Seconds SQLite itself waits for a lock (its busy handler), then attempts with growing
# pauses before a write gives up: several processes share a store (an ingest while
# ``cluster`` or ``serve`` runs), and every write transaction is kept short.
BUSY_TIMEOUT = 10.0
BUSY_RETRIES = 6
BUSY_BACKOFF = 0.05  # seconds, doubled after each attempt


def _busy(exc: sqlite3.OperationalError) -> bool:
    msg = str(exc)
    return "locked" in msg or "busy" in msg


class Store:
    """A storyline database. ``Store(":memory:")`` works for tests.

    ``readonly=True`` opens a connection that never writes (the web server keeps a few
    for pages, so reads never wait behind a writer: WAL readers see the last commit).
    """

    def __init__(self, path: str | Path = "storyline.db", readonly: bool = False):
        self.path = str(path)
        self.readonly = readonly
        if self.path != ":memory:" and not readonly:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        if readonly and self.path != ":memory:" and not Path(self.path).is_file():
            raise StoreError(f"{self.path}: no such store (a reader does not create one)")
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                      timeout=BUSY_TIMEOUT)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            if readonly:
                self.db.execute("PRAGMA query_only = ON")
                if self.version != len(MIGRATIONS):  # a reader never migrates
                    raise StoreError(f"{self.path}: schema version {self.version}, not {len(MIGRATIONS)}: "
                                     "open it once for writing first")
                return
            if self.path != ":memory:":
                self._retry(lambda: self.db.execute("PRAGMA journal_mode = WAL"))
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable storyline database ({exc})") from exc

    def _retry(self, step):
        """Run ``step``, again after a growing pause while the database is locked."""
        pause = BUSY_BACKOFF
        for attempt in range(BUSY_RETRIES):
            try:
                return step()
            except sqlite3.OperationalError as exc:
                if not _busy(exc) or attempt == BUSY_RETRIES - 1:
                    raise
            time.sleep(pause)
            pause *= 2

    # -- schema -----------------------------------------------------------------
    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        v = self.version
        if v > len(MIGRATIONS):
            raise StoreError(
                f"{self.path}: schema version {v} is newer than this storyline knows ({len(MIGRATIONS)})"
            )
        for i in range(v, len(MIGRATIONS)):
            with self.transaction():
                # another process may have created the schema since the version was read
                # (two first commands on a new store): re-read it under the write lock
                if self.version > i:
                    continue
                for stmt in _split_sql(MIGRATIONS[i]):
                    self.db.execute(stmt)
                self.db.execute(f"PRAGMA user_version = {i + 1}")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        if self.db.in_transaction:  # nested: join the outer transaction
            yield self.db
            return
        self._retry(lambda: self.db.execute("BEGIN IMMEDIATE"))
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    # -- articles ---------------------------------------------------------------
    def add_article(self, art: Article) -> str:
        """Store an article: ``new``, ``unchanged`` (same id and content) or ``revision``.

        The lookup runs inside the write transaction and the insert does nothing on a
        conflict, so two processes storing the same article store it once.
        """
        values = _article_values(art)
        with self.transaction():
            row = self.db.execute(
                "SELECT content_hash, revision FROM articles WHERE id = ?", (art.id,)
            ).fetchone()
            if row is None:
                cols = ", ".join(ARTICLE_COLUMNS)
                marks = ", ".join("?" for _ in ARTICLE_COLUMNS)
                cur = self.db.execute(
                    f"INSERT INTO articles ({cols}, revision, ingested_at) VALUES ({marks}, 1, ?) "
                    "ON CONFLICT (id) DO NOTHING",
                    (*values, time.time()),
                )
                return "new" if cur.rowcount else "unchanged"
            if row["content_hash"] == art.content_hash:
                return "unchanged"
            old = self.get_article(art.id)
            self.db.execute(
                "INSERT INTO revisions (article_id, revision, record, superseded_at) VALUES (?, ?, ?, ?)",
                (art.id, row["revision"], json.dumps(old.to_dict(), ensure_ascii=False), time.time()),
            )
            sets = ", ".join(f"{c} = ?" for c in ARTICLE_COLUMNS[1:])
            self.db.execute(
                f"UPDATE articles SET {sets}, revision = ?, ingested_at = ? WHERE id = ?",
                (*values[1:], row["revision"] + 1, time.time(), art.id),
            )
            self.db.execute("DELETE FROM annotations WHERE article_id = ?", (art.id,))
            return "revision"

    def has_hash(self, content_hash: str) -> str | None:
        row = self.db.execute("SELECT id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return row["id"] if row else None

    def get_article(self, article_id: str) -> Article:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            # allow a unique prefix, as git does for commits
            rows = self.db.execute(
                "SELECT * FROM articles WHERE id LIKE ? ESCAPE '\\' LIMIT 2",
                (article_id.replace("%", "\\%").replace("_", "\\_") + "%",),
            ).fetchall()
            if len(rows) == 1:
                row = rows[0]
            else:
                raise NotFound("article", article_id, self.article_ids())
        return _row_to_article(row)

    def revisions(self, article_id: str) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT revision, record, superseded_at FROM revisions WHERE article_id = ? ORDER BY revision",
            (article_id,),
        )
        return [{"revision": r["revision"], "superseded_at": r["superseded_at"], **json.loads(r["record"])} for r in rows]

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY published, id")]

    def articles(self, ids: list[str] | None = None) -> Iterator[Article]:
        if ids is None:
            rows = self.db.execute("SELECT * FROM articles ORDER BY published, id")
            for row in rows:
                yield _row_to_article(row)
        else:
            for i in ids:
                yield self.get_article(i)

    def count(self, table: str = "articles") -> int:
        return self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def search(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        """Full-text search over titles and clean text (FTS5 syntax; plain words work)."""
        sql = (
            "SELECT a.id, a.title, a.outlet, a.published, "
            "snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?"
        )
        try:
            rows = self.db.execute(sql, (query, limit)).fetchall()
        except sqlite3.DatabaseError:
            # not valid FTS5 syntax, or a query FTS5 chokes on (``NEAR(a* a*)`` reports
            # "database disk image is malformed" on a sound database): search the words
            # as a phrase-free AND query
            words = " ".join('"' + w.replace('"', '""') + '"' for w in re.findall(r"\w+", query))
            try:
                rows = self.db.execute(sql, (words, limit)).fetchall() if words else []
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"search {query!r}: FTS5 could not run it ({exc})") from None
        return [dict(r) for r in rows]

    # -- annotations ------------------------------------------------------------
    def put_annotation(self, article_id: str, content_hash: str, version: str, data: dict) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO annotations (article_id, content_hash, version, data, reference) "
                "VALUES (?, ?, ?, ?, ?)",
                (article_id, content_hash, version, json.dumps(data, ensure_ascii=False), reference_key(data)),
            )

    def unannotated(self, version: str, today: str | None = None, ids: list[str] | None = None) -> list[str]:
        """Ids (in published, id order) whose annotation is missing or stale: another content
        hash or version, or an undated article annotated as of another day than it would
        be now (``--today``, else its fetch time; see ``annotate.run.reference_date``).

        One query over indexed columns: no annotation is read or parsed.
        """
        # the reference an undated article gets now, in the column's form (reference_key)
        fetched = "json_extract(a.provenance, '$.fetched_at')"
        expected = "? " if today else (
            f"CASE WHEN typeof({fetched}) = 'text' AND date(substr({fetched}, 1, 10)) = substr({fetched}, 1, 10) "
            f"THEN 'fetch time:' || substr({fetched}, 1, 10) ELSE '' END ")
        sql = (
            "SELECT a.id FROM articles a LEFT JOIN annotations n ON n.article_id = a.id "
            "WHERE (n.article_id IS NULL OR n.content_hash != a.content_hash OR n.version != ? "
            f"OR (a.published IS NULL AND coalesce(n.reference, '') != {expected}))"
        )
        params: list = [version] + ([f"option:{str(today)[:10]}"] if today else [])
        if ids is None:
            return [r[0] for r in self.db.execute(sql + " ORDER BY a.published, a.id", params)]
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            found.update(r[0] for r in self.db.execute(
                sql + f" AND a.id IN ({','.join('?' * len(part))})", params + part))
        return [i for i in ids if i in found]

    def get_annotation(self, article_id: str, content_hash: str | None = None, version: str | None = None) -> dict | None:
        row = self.db.execute(
            "SELECT content_hash, version, data FROM annotations WHERE article_id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        if content_hash is not None and row["content_hash"] != content_hash:
            return None
        if version is not None and row["version"] != version:
            return None
        return json.loads(row["data"])

    def mark_failed(self, article_id: str, content_hash: str, version: str, reason: str) -> None:
        """Record that annotating this text with this annotator version failed."""
        self.put_state(f"annotate-failed:{article_id}",
                       json.dumps({"content_hash": content_hash, "version": version, "error": reason}))

    def failure(self, article_id: str, content_hash: str, version: str) -> str | None:
        """Why annotating this article failed, when it did for this text and version."""
        raw = self.get_state(f"annotate-failed:{article_id}")
        if raw is None:
            return None
        rec = json.loads(raw)
        if rec.get("content_hash") != content_hash or rec.get("version") != version:
            return None
        return rec.get("error") or "annotation failed"

    # -- copies -----------------------------------------------------------------
    def put_copies(self, relations: list[dict[str, Any]]) -> None:
        with self.transaction():
            for r in relations:
                self.db.execute(
                    "INSERT OR REPLACE INTO copies (article_id, origin_id, shared, kind, evidence) VALUES (?, ?, ?, ?, ?)",
                    (r["article_id"], r["origin_id"], r["shared"], r["kind"], json.dumps(r.get("evidence", {}))),
                )

    def copies(self, article_ids: list[str] | None = None) -> list[dict[str, Any]]:
        """Copy relations, all or those touching ``article_ids`` (index lookups, not a scan)."""
        if article_ids is None:
            rows = self.db.execute("SELECT * FROM copies ORDER BY article_id, origin_id").fetchall()
        else:
            seen: dict[tuple[str, str], sqlite3.Row] = {}
            ids = list(dict.fromkeys(article_ids))
            for i in range(0, len(ids), 500):
                part = ids[i:i + 500]
                q = ",".join("?" * len(part))
                for col in ("article_id", "origin_id"):
                    for r in self.db.execute(f"SELECT * FROM copies WHERE {col} IN ({q})", part):
                        seen[(r["article_id"], r["origin_id"])] = r
            rows = [seen[k] for k in sorted(seen)]
        return [{**dict(r), "evidence": json.loads(r["evidence"])} for r in rows]

    # -- stories ----------------------------------------------------------------
    def put_story(self, story: dict[str, Any]) -> None:
        """Insert or replace one story record (``id``, ``title``, ``articles`` ...)."""
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO stories (id, title, first_published, last_published, data, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (story["id"], story.get("title"), story.get("first_published"), story.get("last_published"),
                 json.dumps(story, ensure_ascii=False), time.time()),
            )
            self.db.execute("DELETE FROM story_articles WHERE story_id = ?", (story["id"],))
            self.db.executemany(
                "INSERT OR IGNORE INTO story_articles (story_id, article_id) VALUES (?, ?)",
                [(story["id"], a) for a in story.get("articles", [])],
            )

    def delete_story(self, story_id: str) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM stories WHERE id = ?", (story_id,))
            self.db.execute("DELETE FROM reports WHERE story_id = ?", (story_id,))

    def stories(self) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT data FROM stories ORDER BY last_published DESC, id").fetchall()
        return [json.loads(r["data"]) for r in rows]

    def story_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM stories ORDER BY last_published DESC, id")]

    def story_list(self) -> list[tuple[str, str | None, int]]:
        """(id, title, number of articles) of every story, newest first, with no story JSON read."""
        return [tuple(r) for r in self.db.execute(
            "SELECT s.id, s.title, (SELECT count(*) FROM story_articles sa WHERE sa.story_id = s.id) "
            "FROM stories s ORDER BY s.last_published DESC, s.id")]

    def story(self, story_id: str) -> dict[str, Any]:
        row = self.db.execute("SELECT data FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            rows = self.db.execute(
                "SELECT data FROM stories WHERE id LIKE ? LIMIT 2", (story_id.replace("%", "") + "%",)
            ).fetchall()
            if len(rows) != 1:
                raise NotFound("story", story_id, [s["id"] for s in self.stories()])
            row = rows[0]
        return json.loads(row["data"])

    def story_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
        return row["story_id"] if row else None

    # -- reports and state ------------------------------------------------------
    def put_report(self, story_id: str, report: dict[str, Any]) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO reports (story_id, data, created_at) VALUES (?, ?, ?)",
                (story_id, json.dumps(report, ensure_ascii=False), time.time()),
            )

    def stories_without_report(self) -> list[str]:
        """Ids of stories never compared (an index lookup, not a read of every story)."""
        rows = self.db.execute("SELECT id FROM stories WHERE id NOT IN (SELECT story_id FROM reports) ORDER BY id")
        return [r[0] for r in rows]

    def get_report(self, story_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT data FROM reports WHERE story_id = ?", (story_id,)).fetchone()
        return json.loads(row["data"]) if row else None

    def get_state(self, key: str) -> bytes | None:
        row = self.db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def put_state(self, key: str, value: bytes | str) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", (key, value))


def reference_key(annotation: dict) -> str | None:
    """The ``annotations.reference`` column: None for a dated article, else
    ``"SOURCE:DATE"`` of its ``published_reference`` ("" when it had none)."""
    if annotation.get("published") is not None:
        return None
    ref = annotation.get("published_reference")
    if not isinstance(ref, dict) or not ref.get("date"):
        return ""
    return f"{ref.get('source')}:{ref['date']}"


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


def _article_values(art: Article) -> tuple:
    d = art.to_dict()
    return tuple(json.dumps(d[c], ensure_ascii=False) if c in _JSON_COLUMNS else d[c] for c in ARTICLE_COLUMNS)


def _row_to_article(row: sqlite3.Row) -> Article:
    d = {c: row[c] for c in ARTICLE_COLUMNS}
    for c in _JSON_COLUMNS:
        d[c] = json.loads(d[c])
    art = Article.from_dict(d)
    art.metadata.setdefault("revision", row["revision"])
    return art
