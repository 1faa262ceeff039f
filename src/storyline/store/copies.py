"""Copy relations and the copy-detection index (signatures and LSH bands)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Iterable


class Copies:
    """Copy relations and the MinHash band index of ``stories.copies`` (a part of ``Store``)."""

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

    def copy_links(self, article_ids: list[str]) -> list[dict[str, Any]]:
        """{article_id, origin_id, kind} of the relations from ``article_ids`` to their origins."""
        out: list[dict[str, Any]] = []
        for i in range(0, len(article_ids), 500):
            part = article_ids[i:i + 500]
            q = ",".join("?" * len(part))
            out += [dict(r) for r in self.db.execute(
                f"SELECT article_id, origin_id, kind FROM copies WHERE article_id IN ({q})", part)]
        return out

    def strongest_copy_origin(self, article_id: str, articles_only: bool = False) -> str | None:
        """The origin an article copies most (duplicate or copy relations; highest ``shared``,
        then origin id), None for none. ``articles_only`` passes over agency pseudo-origins."""
        if articles_only:
            row = self.db.execute(
                "SELECT origin_id FROM copies WHERE article_id = ? AND kind IN ('duplicate', 'copy') "
                "AND origin_id NOT LIKE 'agency:%' ORDER BY shared DESC, origin_id LIMIT 1", (article_id,)).fetchone()
        else:
            row = self.db.execute(
                "SELECT origin_id FROM copies WHERE article_id = ? AND kind IN ('duplicate', 'copy') "
                "ORDER BY shared DESC, origin_id LIMIT 1", (article_id,)).fetchone()
        return row[0] if row else None

    # -- the band index -----------------------------------------------------------
    def band_holders(self, bands: Iterable[int], per_band: int) -> set[str]:
        """Ids of the latest ``per_band`` articles filed under each band key."""
        out: set[str] = set()
        ks = sorted(bands)
        sub = f"SELECT * FROM (SELECT article_id FROM copy_bands WHERE band = ? ORDER BY rowid DESC LIMIT {per_band})"
        for i in range(0, len(ks), 200):
            part = ks[i:i + 200]
            rows = self.db.execute(" UNION ".join([sub] * len(part)), part)
            out.update(r[0] for r in rows)
        return out

    def put_copy_signature(self, article_id: str, content_hash: str, published: str | None,
                           shingles: int, signature: bytes, bands: Iterable[int]) -> None:
        """File an article's shingle set (``signature``) and its band keys, replacing its old ones."""
        with self.transaction():
            self.db.execute("DELETE FROM copy_bands WHERE article_id = ?", (article_id,))
            self.db.execute(
                "INSERT OR REPLACE INTO copy_signatures (article_id, content_hash, published, shingles, signature) "
                "VALUES (?, ?, ?, ?, ?)", (article_id, content_hash, published, shingles, signature))
            self.db.executemany("INSERT INTO copy_bands (band, article_id) VALUES (?, ?)",
                                [(k, article_id) for k in bands])

    def signature_hash(self, article_id: str) -> str | None:
        """The content hash an article's copy signature was made from, None when it has none."""
        row = self.db.execute(
            "SELECT content_hash FROM copy_signatures WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def copy_signature(self, article_id: str) -> tuple[str | None, bytes] | None:
        """(published, shingle-set blob) of an article's copy signature, None when it has none."""
        row = self.db.execute(
            "SELECT published, signature FROM copy_signatures WHERE article_id = ?", (article_id,)).fetchone()
        return (row[0], row[1]) if row is not None else None
