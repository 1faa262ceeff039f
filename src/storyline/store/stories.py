"""Stories and their members, and the clustering's own tables: cached article features,
story centroids and the postings that retrieve candidate stories."""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any

from ..errors import NotFound

CENTROID_SQL = ("INSERT OR REPLACE INTO story_centroids (story_id, size, first_day, last_day, data) "
                "VALUES (?, ?, ?, ?, ?)")
POSTING_SQL = "INSERT INTO story_postings (key, day, story_id, weight) VALUES (?, ?, ?, ?)"


class Stories:
    """Stories, members and the clustering index (a part of ``Store``)."""

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
        """Forget a story: its record, members, report, centroid and postings."""
        with self.transaction():
            self.db.execute("DELETE FROM stories WHERE id = ?", (story_id,))
            self.db.execute("DELETE FROM story_articles WHERE story_id = ?", (story_id,))
            self.db.execute("DELETE FROM reports WHERE story_id = ?", (story_id,))
            self.db.execute("DELETE FROM story_centroids WHERE story_id = ?", (story_id,))
            self.db.execute("DELETE FROM story_postings WHERE story_id = ?", (story_id,))

    def stories(self) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT data FROM stories ORDER BY last_published DESC, id").fetchall()
        return [json.loads(r["data"]) for r in rows]

    def story_digests(self) -> dict[str, bytes]:
        """id -> a digest of its record (members, title, origins ...) for every story:
        what a rebuild compares to tell the stories it changed."""
        return {r[0]: hashlib.blake2b(r[1].encode("utf-8", "surrogatepass"), digest_size=16).digest()
                for r in self.db.execute("SELECT id, data FROM stories")}

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

    def undated_stories(self) -> list[str]:
        """Ids of the stories none of whose members has a publication date."""
        return [r[0] for r in self.db.execute(
            "SELECT s.story_id FROM story_articles s JOIN articles a ON a.id = s.article_id "
            "GROUP BY s.story_id HAVING max(coalesce(a.published, '')) = '' ORDER BY s.story_id")]

    def has_story(self, story_id: str) -> bool:
        """Whether a story has this exact id (``story`` also takes a prefix)."""
        return self.db.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone() is not None

    def story_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
        return row["story_id"] if row else None

    # -- members, as clustering grows stories ---------------------------------------
    def members(self, story_id: str) -> list[dict[str, Any]]:
        """{id, title, outlet, published} of a story's articles (in no set order)."""
        return [dict(r) for r in self.db.execute(
            "SELECT a.id, a.title, a.outlet, a.published FROM story_articles s JOIN articles a ON a.id = s.article_id "
            "WHERE s.story_id = ?", (story_id,)).fetchall()]

    def open_story(self, story_id: str, title: str | None) -> None:
        """A new story with no record yet (``put_story`` writes it once its members are in)."""
        with self.transaction():
            self.db.execute("INSERT OR IGNORE INTO stories (id, title, data, updated_at) VALUES (?, ?, '{}', 0)",
                            (story_id, title))

    def add_member(self, story_id: str, article_id: str) -> None:
        with self.transaction():
            self.db.execute("INSERT OR IGNORE INTO story_articles (story_id, article_id) VALUES (?, ?)",
                            (story_id, article_id))

    def remove_member(self, story_id: str, article_id: str) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM story_articles WHERE story_id = ? AND article_id = ?",
                            (story_id, article_id))

    def clear_stories(self) -> None:
        """Forget every story and its members (reports stay: a rebuild drops those of the stories it changes)."""
        with self.transaction():
            self.db.execute("DELETE FROM stories")
            self.db.execute("DELETE FROM story_articles")

    def unclustered(self, after_rowid: int) -> list[dict[str, Any]]:
        """{id, published} of the articles stored after ``after_rowid`` that are in no story
        (a rowid range: no scan of the whole store)."""
        return [dict(r) for r in self.db.execute(
            "SELECT a.rowid AS rowid, a.id AS id, a.published AS published FROM articles a "
            "LEFT JOIN story_articles s ON s.article_id = a.id WHERE a.rowid > ? AND s.article_id IS NULL",
            (after_rowid,)).fetchall()]

    # -- cached article features -------------------------------------------------------
    def features(self, article_id: str, content_hash: str | None = None,
                 version: str | None = None) -> dict[str, Any] | None:
        """An article's cached clustering features; None when missing, or made from another
        content hash or features version than the ones given."""
        row = self.db.execute(
            "SELECT content_hash, version, data FROM article_features WHERE article_id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        if content_hash is not None and row[0] != content_hash:
            return None
        if version is not None and row[1] != version:
            return None
        return json.loads(row[2])

    def put_features(self, rows: list[tuple[str, str, str, dict[str, Any]]]) -> None:
        """Cache (article id, content hash, features version, features) rows."""
        with self.transaction():
            for aid, content_hash, version, f in rows:
                self.db.execute("INSERT OR REPLACE INTO article_features (article_id, content_hash, version, data) "
                                "VALUES (?, ?, ?, ?)", (aid, content_hash, version,
                                                        json.dumps(f, separators=(",", ":"))))

    # -- centroids and postings ------------------------------------------------------
    def centroid(self, story_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT data FROM story_centroids WHERE story_id = ?", (story_id,)).fetchone()
        return json.loads(row[0]) if row is not None else None

    def put_centroid(self, centroid: tuple, postings: list[tuple]) -> None:
        """Write a story's centroid row and replace its postings (rows of ``stories.index.index_rows``)."""
        with self.transaction():
            self.db.execute(CENTROID_SQL, centroid)
            self.db.execute("DELETE FROM story_postings WHERE story_id = ?", (centroid[0],))
            self.db.executemany(POSTING_SQL, postings)

    def posting_keys(self, story_id: str) -> list[str]:
        """The keys a story is filed under in the candidate index."""
        return [r[0] for r in self.db.execute("SELECT key FROM story_postings WHERE story_id = ?", (story_id,))]

    def clear_story_index(self) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM story_centroids")
            self.db.execute("DELETE FROM story_postings")

    def story_candidates(self, keys: list[tuple[str, float]], day: int | None, per_key: int,
                         limit: int) -> list[str]:
        """Stories filed under the (key, weight) ``keys``, best ``limit`` by the sum of key
        weight x posting weight; per key only the ``per_key`` stories nearest to ``day`` on
        each side in time (and ``per_key`` undated ones) are read.

        One statement: the posting reads (each a bounded B-tree range) and the scoring run
        inside SQLite, so a read posting costs no Python work.
        """
        if not keys:
            return []
        parts: list[str] = []
        args: list[Any] = []
        for key, w in keys:
            if day is None:
                reads = [("key = ? ORDER BY day DESC", (key,))]
            else:
                reads = [("key = ? AND day <= ? ORDER BY day DESC", (key, day)),
                         ("key = ? AND day > ? ORDER BY day ASC", (key, day))]
            reads.append(("key = ? AND day IS NULL", (key,)))
            for where, a in reads:
                parts.append(f"SELECT * FROM (SELECT story_id, ? * weight AS s FROM story_postings WHERE {where} LIMIT ?)")
                args += [w, *a, per_key]
        sql = (f"SELECT story_id, sum(s) AS score FROM ({' UNION ALL '.join(parts)}) "
               "GROUP BY story_id ORDER BY score DESC, story_id LIMIT ?")
        return [sid for sid, _ in self.db.execute(sql, (*args, limit))]
