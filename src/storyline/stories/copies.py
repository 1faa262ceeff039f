"""Copies and syndication: duplicates, wire copies with small edits, partial reuse, wire credits.

Method: the clean text is cut into word 5-gram shingles; each window of 50 words gets a
MinHash signature (datasketch) whose bands go into an LSH index, so an article that
shares even one paragraph with an earlier one is retrieved without scanning the store.
Every candidate pair is then verified exactly on the full shingle sets:
``shared`` = fraction of the article's shingles found in the origin (containment).

The origin of a relation is the earliest holder (by published, then id). Copies of a
copy point to the root. Wire credits ("(AP)", "— Reuters", "AFP contributed") are
relations to a pseudo-origin ``agency:<name>`` so the compare stage can treat all
articles of one agency feed as one origin (see ``origin_of``).
"""

from __future__ import annotations

import functools
import hashlib
import re
import struct
from typing import Any, Iterable

import numpy as np
from datasketch import MinHash

from ..options import COPY_DUPLICATE as DUPLICATE, COPY_MIN_SHARED_SHINGLES as MIN_SHARED_SHINGLES
from ..options import COPY_PARTIAL as PARTIAL, COPY_SHARE as COPY
from ..records import Article

SHINGLE = 5  # words per shingle: long enough that common phrases rarely match
WINDOW = 50  # words per MinHash window (about a short paragraph)
NUM_PERM = 64
BANDS, ROWS = 16, 4  # 16x4: a window pair with Jaccard 0.5 is a candidate with p≈0.65, 0.7 -> 0.99
# DUPLICATE (shared both ways), COPY (most of the article), PARTIAL (a paragraph or more,
# and MIN_SHARED_SHINGLES, ~45 running words: more than a shared quote): tuned, in options
PER_BAND = 50  # holders read per LSH band

_WORD = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=7)  # permutations generated once, fixed seed
_PERMS, _SCHEME = _TEMPLATE.permutations, getattr(_TEMPLATE, "scheme", None)


def _h(s: str) -> int:
    return struct.unpack("<Q", hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest())[0]


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def shingles(text: str) -> list[int]:
    """Hashed word 5-grams in text order (a short text gives one shingle of all its words)."""
    w = words(text)
    if len(w) < SHINGLE:
        return [_h(" ".join(w))] if w else []
    return [_h(" ".join(w[i:i + SHINGLE])) for i in range(len(w) - SHINGLE + 1)]


def _low32(x: int) -> int:
    return x & 0xFFFFFFFF  # shingles are already hashed: MinHash needs 32-bit values


def window_bands(sh: list[int]) -> set[int]:
    """LSH band keys of each 50-word window's MinHash signature."""
    keys: set[int] = set()
    for i in range(0, max(1, len(sh)), WINDOW):
        chunk = sh[i:i + WINDOW]
        if not chunk:
            continue
        m = MinHash(num_perm=NUM_PERM, seed=7, permutations=_PERMS, scheme=_SCHEME, hashfunc=_low32)
        m.update_batch(sorted(set(chunk)))
        # one conversion a window: a band's bytes are a slice of the whole signature's
        sig = m.hashvalues.astype(np.uint64).tobytes()
        step = ROWS * 8
        for b in range(BANDS):
            keys.add(_h(f"{b}:{sig[b * step:(b + 1) * step].hex()}") >> 1)  # >> 1: fits SQLite's signed INTEGER
    return keys


def pack(shingle_set: set[int]) -> bytes:
    """A shingle set as a blob (sorted little-endian uint64) for copy_signatures.signature."""
    return np.array(sorted(shingle_set), dtype="<u8").tobytes()


def unpack(blob: bytes) -> set[int]:
    return set(np.frombuffer(blob, dtype="<u8").tolist())


class _Ref:
    """A stored article known by id only (relations need no more)."""

    __slots__ = ("id",)

    def __init__(self, aid: str):
        self.id = aid


def _order(a: Article) -> tuple:
    # undated articles sort after dated ones: a dated article is the better origin guess
    return (a.published is None, a.published or "", a.id)


class CopyIndex:
    """Incremental copy detection: ``add(article)`` returns its relations to articles added before.

    With a ``store`` the band index lives in the store (tables copy_signatures and
    copy_bands), so later runs need not rescan; without one it is in memory.
    """

    def __init__(self, store=None):
        self.store = store
        self._bands: dict[int, list[str]] = {}
        self._articles: dict[str, Article] = {}
        self._shingles: dict[str, set[int]] = {}
        self._orders: dict[str, tuple] = {}  # order keys of holders read from their signature
        self._roots: dict[str, str] = {}

    # -- index backends ---------------------------------------------------------
    def _candidates(self, keys: set[int]) -> set[str]:
        if self.store is None:
            return {a for k in keys for a in self._bands.get(k, ())[-PER_BAND:]}
        # the latest holders of each band only: copies of copies lead to the root through
        # the copies table, and the cost per article stays bounded as the store grows
        return self.store.band_holders(keys, PER_BAND)

    def _insert(self, art: Article, keys: set[int], mine: set[int]) -> None:
        if self.store is None:
            self._articles[art.id] = art
            for k in keys:
                self._bands.setdefault(k, []).append(art.id)
            return
        self.store.put_copy_signature(art.id, art.content_hash or "", art.published, len(mine), pack(mine), keys)

    def indexed(self, article: Article) -> bool:
        if self.store is None:
            return article.id in self._articles
        return self.store.signature_hash(article.id) == (article.content_hash or "")

    def _article(self, aid: str) -> Article:
        return self._articles[aid] if self.store is None else self.store.get_article(aid)

    def _shingle_set(self, aid: str) -> set[int]:
        if aid not in self._shingles:
            a = self._article(aid)
            self._shingles[aid] = set(shingles(a.text or a.raw_text))
        return self._shingles[aid]

    def _holder(self, aid: str) -> tuple[tuple, set[int]]:
        """(order key, shingle set) of an indexed article, from its stored signature when it has
        one: verifying a candidate then reads one small row, not the article's text."""
        if aid in self._orders:
            return self._orders[aid], self._shingles[aid]
        if self.store is not None and aid not in self._shingles:
            row = self.store.copy_signature(aid)
            if row is not None and row[1]:
                self._shingles[aid] = unpack(row[1])
                self._orders[aid] = (row[0] is None, row[0] or "", aid)
                return self._orders[aid], self._shingles[aid]
        return _order(self._article(aid)), self._shingle_set(aid)

    def _root(self, aid: str) -> str:
        """Follow duplicate/copy relations to the earliest holder."""
        if aid in self._roots:
            return self._roots[aid]
        root = aid
        if self.store is not None:
            for _ in range(20):  # relation chains are short; the bound guards against cycles
                origin = self.store.strongest_copy_origin(root)
                if origin is None or origin.startswith("agency:"):
                    break
                root = origin
        return root

    # -- public -----------------------------------------------------------------
    @staticmethod
    def prepare(article: Article) -> tuple[list[int], set[int], list[dict[str, Any]]]:
        """What ``add`` computes from the article alone (shingles, band keys, wire credits):
        callers can do it before a write transaction opens."""
        sh = shingles(article.text or article.raw_text)
        return sh, window_bands(sh), wire_credits(article)

    def add(self, article: Article,
            prepared: tuple[list[int], set[int], list[dict[str, Any]]] | None = None) -> list[dict[str, Any]]:
        """Index one article; return its copy relations (and wire credits).
        ``prepared``: ``prepare(article)``, when done beforehand."""
        sh, keys, credits = prepared if prepared is not None else self.prepare(article)
        mine = set(sh)
        self._shingles[article.id] = mine
        relations: list[dict[str, Any]] = []
        by_root: dict[str, dict[str, Any]] = {}
        for cid in sorted(self._candidates(keys) - {article.id}):
            cand_order, other = self._holder(cid)
            common = len(mine & other)
            if not mine or not other:
                continue
            cand = _Ref(cid)
            later, origin = (article, cand) if cand_order < _order(article) else (cand, article)
            later_set, origin_set = (mine, other) if later is article else (other, mine)
            shared = common / len(later_set)
            back = common / len(origin_set)
            kind = _kind(shared, back, common)
            if kind is None:
                continue
            rel = {"article_id": later.id, "origin_id": origin.id, "shared": round(shared, 4), "kind": kind,
                   "evidence": {"method": "minhash-lsh+containment", "shingle_words": SHINGLE,
                                "shared_shingles": common, "article_shingles": len(later_set),
                                "origin_shingles": len(origin_set), "origin_shared": round(back, 4)}}
            if later is article:
                root = self._root(origin.id)
                best = by_root.get(root)
                if best is None or rel["shared"] > best["shared"]:
                    by_root[root] = rel
            else:
                relations.append(rel)
        for root, rel in by_root.items():
            if root != rel["origin_id"]:
                rel["evidence"]["via"] = rel["origin_id"]
                rel["origin_id"] = root
            relations.append(rel)
            if rel["kind"] in ("duplicate", "copy"):
                self._roots.setdefault(article.id, root)
        relations.extend(credits)
        self._insert(article, keys, mine)
        return sorted(relations, key=lambda r: (r["article_id"], r["origin_id"]))


def _kind(shared: float, back: float, common: int) -> str | None:
    if shared >= DUPLICATE and back >= DUPLICATE:
        return "duplicate"
    if shared >= COPY:
        return "copy"
    if shared >= PARTIAL and common >= MIN_SHARED_SHINGLES:
        return "partial"
    return None


def find_copies(articles: list[Article]) -> list[dict[str, Any]]:
    """Copy relations among ``articles`` (in memory), earliest holder as origin."""
    index = CopyIndex()
    out: list[dict[str, Any]] = []
    for art in sorted(articles, key=_order):
        out.extend(index.add(art))
    return sorted(out, key=lambda r: (r["article_id"], r["origin_id"]))


# -- wire credits -----------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _credit_patterns() -> list[tuple[str, re.Pattern]]:
    """Wire-credit patterns over the outlet registry's agency names (and a broadcaster's wire, "CNN Wire")."""
    from ..lexicon.outlets import registry

    names = sorted(set(registry().names_of("agency")) | {"CNN Wire"}, key=lambda n: (-len(n), n))
    ag = "(?P<agency>" + "|".join(re.sub(r"(\\ | |\\-)", "[- ]", re.escape(n)) for n in names) + ")"
    return [
        ("dateline", re.compile(r"\(" + ag + r"\)\s*[-—–:]?")),
        ("dateline", re.compile(r"^[A-Z][A-Z .,'-]{2,40},?[^\n]{0,40}?\s[-—–]\s*" + ag + r"\s*[-—–]", re.M)),
        ("sign-off", re.compile(r"(?:^|[.!?\"”]\s*)[-—–]\s*" + ag + r"\s*$", re.M)),
        ("contributed", re.compile(ag + r"(?:\s+(?:reporters?|writers?|staff|correspondents?))?\s+contributed\b")),
        ("byline", re.compile(r"\b" + ag + r"\s+(?:Writer|Correspondent|Reporter)s?\b")),
        ("copyright", re.compile(r"(?:Copyright|©|\(c\))\s*(?:\d{4}\s*)?" + ag + r"\b", re.I)),
        ("reporting-by", re.compile(r"\bReporting by [A-Z][^\n;]{2,80}?;\s*(?:[Aa]dditional reporting by [^\n;]+;\s*)?"
                                    r"(?:Editing|Writing) by\b")),
    ]


def agency_name(raw: str) -> str:
    """The registry name of an agency credited as ``raw`` ("AP" -> "Associated Press"); ``raw`` if unknown."""
    from ..lexicon.outlets import registry

    o = registry().by_name(raw) or registry().by_name(raw.replace("-", " "))
    return o.name if o else raw


def wire_credits(article: Article) -> list[dict[str, Any]]:
    """Agency credits in the text, as relations to ``agency:<name>`` (one per agency)."""
    text = article.text or article.raw_text
    found: dict[str, dict[str, Any]] = {}
    for how, pat in _credit_patterns():
        for m in pat.finditer(text):
            if how == "reporting-by":  # Reuters house style for its credit line
                agency, s, e = "Reuters", m.start(), m.end()
            else:
                raw = m.group("agency")
                if raw == "AP" and how == "byline" and not m.group(0).startswith("AP "):
                    continue
                agency = agency_name(raw)
                s, e = m.start("agency"), m.end("agency")
            key = "agency:" + re.sub(r"\W+", "-", agency.lower()).strip("-")
            if key in found:
                continue
            found[key] = {"article_id": article.id, "origin_id": key, "shared": None, "kind": "wire-credit",
                          "evidence": {"kind": "wire-credit", "agency": agency, "pattern": how,
                                       "text": text[s:e], "start": s, "end": e,
                                       "raw_start": article.to_raw(s), "raw_end": article.to_raw(e)}}
    return [found[k] for k in sorted(found)]


def to_store(relations: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Relations ready for ``Store.put_copies`` (``shared`` not measured -> 0.0, flagged in evidence)."""
    out = []
    for r in relations:
        if r.get("shared") is None:
            r = {**r, "shared": 0.0, "evidence": {**r.get("evidence", {}), "shared": "not measured"}}
        out.append(r)
    return out


def origin_of(article_ids: list[str], relations: list[dict[str, Any]]) -> dict[str, str]:
    """Independent origin of each article: duplicates/copies collapse to their root, and
    articles crediting the same agency to ``agency:<name>``. Partial reuse does not collapse."""
    parent: dict[str, str] = {a: a for a in article_ids}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in sorted(relations, key=lambda r: (r["article_id"], r["origin_id"])):
        if r["kind"] in ("duplicate", "copy", "wire-credit"):
            a, b = find(r["article_id"]), find(r["origin_id"])
            if a != b:
                # an agency pseudo-origin wins over an article; otherwise the origin's root
                keep, drop = (a, b) if a.startswith("agency:") and not b.startswith("agency:") else (b, a)
                parent[drop] = keep
    return {a: find(a) for a in article_ids}
