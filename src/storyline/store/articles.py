"""Articles, their revisions, full-text search and annotations."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from typing import Any, Iterator

from ..errors import NotFound, StoreError
from ..records import Article

ARTICLE_COLUMNS = (
    "id", "url", "outlet", "title", "published", "language", "author", "raw_text", "text",
    "edits", "offset_map", "content_hash", "provenance", "metadata",
)
_JSON_COLUMNS = {"edits", "offset_map", "provenance", "metadata"}
# What describes an article besides its text: a corrected date or headline is a revision
# too (the date anchors its timexes). Provenance and metadata (fetch time, ...) are not.
_DESCRIBING = ("url", "outlet", "title", "published", "language", "author")


class Articles:
    """Articles, revisions, search and annotations (a part of ``Store``)."""

    def add_article(self, art: Article) -> str:
        """Store an article: ``new``, ``unchanged`` (same id, content and description) or
        ``revision`` (the old record kept in ``revisions``; its annotation and the reports
        of its stories dropped, so the next run annotates and compares them again).

        The lookup runs inside the write transaction and the insert does nothing on a
        conflict, so two processes storing the same article store it once.
        """
        values = _article_values(art)
        with self.transaction():
            row = self.db.execute(
                f"SELECT content_hash, revision, {', '.join(_DESCRIBING)} FROM articles WHERE id = ?", (art.id,)
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
            given = dict(zip(ARTICLE_COLUMNS, values))
            if row["content_hash"] == art.content_hash and all(row[c] == given[c] for c in _DESCRIBING):
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
            self.db.execute("DELETE FROM reports WHERE story_id IN "
                            "(SELECT story_id FROM story_articles WHERE article_id = ?)", (art.id,))
            return "revision"

    def add_articles(self, arts: list[Article]) -> list[str | BaseException]:
        """``add_article`` for several articles in one transaction (one commit, not one an
        article). Each has a savepoint: one that fails leaves nothing behind and the others
        are stored. Returns each article's status, or the exception that stopped it (for
        the caller to report: a batch's unit boundary)."""
        out: list[str | BaseException] = []
        with self.transaction():
            for art in arts:
                self.db.execute("SAVEPOINT add_article")
                try:
                    out.append(self.add_article(art))
                except Exception as exc:  # noqa: BLE001 - a batch's unit boundary: returned, the caller reports it
                    self.db.execute("ROLLBACK TO add_article")
                    out.append(exc)
                finally:
                    self.db.execute("RELEASE add_article")
        return out

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
    def put_annotation(self, article_id: str, content_hash: str, version: str,
                       data: dict | tuple[str, str | None]) -> None:
        """Store an article's annotation (or its ``encode_annotation``). The clustering
        features cached for an article in no story yet are dropped with the annotation
        they were made from (an article in a story keeps the features it was clustered with)."""
        text, reference = data if isinstance(data, tuple) else encode_annotation(data)
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO annotations (article_id, content_hash, version, data, reference) "
                "VALUES (?, ?, ?, ?, ?)",
                (article_id, content_hash, version, text, reference),
            )
            self.db.execute(
                "DELETE FROM article_features WHERE article_id = ? "
                "AND NOT EXISTS (SELECT 1 FROM story_articles WHERE article_id = ?)", (article_id, article_id))

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

    def annotation_fields(self, article_ids: list[str], fields: tuple[str, ...]) -> dict[str, dict]:
        """Article id -> the named top-level fields of its stored annotation (those it has),
        extracted by SQLite: a fraction of the cost of parsing whole annotations."""
        if any(not re.fullmatch(r"\w+", f) for f in fields):
            raise StoreError(f"annotation fields {fields!r}: plain names only")
        cols = ", ".join(f"data -> '$.{f}'" for f in fields)
        out: dict[str, dict] = {}
        ids = list(dict.fromkeys(article_ids))
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            for row in self.db.execute(
                    f"SELECT article_id, {cols} FROM annotations WHERE article_id IN ({','.join('?' * len(part))})", part):
                out[row[0]] = {f: json.loads(v) for f, v in zip(fields, tuple(row)[1:]) if v is not None}
        return out

    def undated(self, article_ids: list[str]) -> set[str]:
        """The ids among ``article_ids`` of stored articles with no publication date (none or empty)."""
        out: set[str] = set()
        for i in range(0, len(article_ids), 500):
            part = article_ids[i:i + 500]
            out.update(r[0] for r in self.db.execute(
                f"SELECT id FROM articles WHERE coalesce(published, '') = '' AND id IN ({','.join('?' * len(part))})", part))
        return out

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

    # -- listings for pages ------------------------------------------------------
    def article_summaries(self) -> list[dict[str, Any]]:
        """{id, title, outlet, published, url, story_id} of every article, in published, id
        order, without reading any article text."""
        sql = ("SELECT a.id, a.title, a.outlet, a.published, a.url, sa.story_id FROM articles a "
               "LEFT JOIN story_articles sa ON sa.article_id = a.id")
        return [dict(r) for r in self.db.execute(sql + " ORDER BY a.published, a.id").fetchall()]

    def outlets(self) -> list[str]:
        """Every outlet named by an article, sorted."""
        rows = self.db.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet")
        return [r[0] for r in rows if r[0]]

    def opening(self, article_id: str, chars: int = 400) -> str:
        """The first ``chars`` characters of an article's clean text ("" for an unknown id)."""
        row = self.db.execute("SELECT substr(text, 1, ?) FROM articles WHERE id = ?", (chars, article_id)).fetchone()
        return (row[0] or "") if row else ""

    def last_rowid(self) -> int:
        """The rowid of the latest article stored (0 for none): a cursor for "added since"."""
        return self.db.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 0


def encode_annotation(annotation: dict) -> tuple[str, str | None]:
    """An annotation as ``put_annotation`` stores it: (its JSON text, the reference column)."""
    return json.dumps(annotation, ensure_ascii=False), reference_key(annotation)


def reference_key(annotation: dict) -> str | None:
    """The ``annotations.reference`` column: None for a dated article, else
    ``"SOURCE:DATE"`` of its ``published_reference`` ("" when it had none)."""
    if annotation.get("published") is not None:
        return None
    ref = annotation.get("published_reference")
    if not isinstance(ref, dict) or not ref.get("date"):
        return ""
    return f"{ref.get('source')}:{ref['date']}"


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
