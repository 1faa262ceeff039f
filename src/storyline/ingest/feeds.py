"""RSS and Atom feeds through feedparser: one Article per entry."""

from __future__ import annotations

import io
import re
from typing import Any, Iterator

from ..errors import InputError
from ..options import MAX_FEED_ENTRIES
from ..records import Article, derive_id
from .common import build_article
from .html import fragment_to_text


def read_feed(data: bytes, source: str, fmt: str | None = None,
              extra_meta: dict | None = None) -> Iterator[Article | InputError]:
    """Yield one Article per entry (content, else summary); a malformed feed is one error."""
    import feedparser

    if _ENTITY_DECL.search(data):
        # internal entities can expand without bound ("billion laughs"); news feeds never need them
        raise InputError(source, "feed declares XML entities (<!ENTITY ...>): refused, they can expand without bound")
    # a stream, never bytes or str: feedparser would try those as a file name or URL first
    parsed = feedparser.parse(io.BytesIO(data))
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            exc = parsed.get("bozo_exception")
            raise InputError(source, f"malformed feed ({type(exc).__name__}: {str(exc)[:120]})")
        raise InputError(source, "feed has no entries")
    if parsed.get("bozo") and not any(_entry_text(e, f"{source}#entry{k + 1}") for k, e in enumerate(entries)):
        exc = parsed.get("bozo_exception")
        raise InputError(source, f"malformed feed, no entry with text ({type(exc).__name__}: {str(exc)[:120]})")
    version = parsed.get("version") or ""
    kind = fmt or ("atom" if version.startswith("atom") else "rss")
    feed = parsed.get("feed", {})
    feed_title = feed.get("title")
    feed_lang = feed.get("language")
    if len(entries) > MAX_FEED_ENTRIES:
        yield InputError(source, f"feed has {len(entries)} entries: only the first {MAX_FEED_ENTRIES} are read")
        entries = entries[:MAX_FEED_ENTRIES]
    for n, entry in enumerate(entries):
        where = f"{source}#entry{n + 1}"
        text = _entry_text(entry, where)
        if not text:
            yield InputError(where, "feed entry has no content or summary text")
            continue
        src = entry.get("source") or {}
        outlet = src.get("title") if isinstance(src, dict) else None
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        if published is None:
            published = entry.get("published") or entry.get("updated")
        guid = entry.get("id")
        link = entry.get("link")
        meta: dict[str, Any] = {"feed_title": feed_title, "feed_version": version or None}
        if guid:
            meta["guid"] = guid
        tags = [t.get("term") for t in entry.get("tags", []) if t.get("term")]
        if tags:
            meta["tags"] = tags
        if entry.get("content"):
            meta["text_from"] = "content"
        else:
            meta["text_from"] = "summary"
        meta.update(extra_meta or {})
        meta = {k: v for k, v in meta.items() if v is not None}
        fields = {
            "id": derive_id(guid or link, text),
            "url": link,
            "outlet": outlet or feed_title,
            "title": fragment_to_text(entry.get("title", ""), f"{where} title") or None,
            "published": published,
            "author": entry.get("author"),
            "language": (entry.get("content") or [{}])[0].get("language") or feed_lang,
        }
        yield build_article(text, source=source, position=n + 1, fmt=kind, fields=fields, metadata=meta)


_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)


def _entry_text(entry, where: str) -> str:
    """The longest of content and summary, as plain text."""
    candidates = []
    for c in entry.get("content") or []:
        candidates.append((c.get("value") or "", c.get("type") or ""))
    if entry.get("summary"):
        detail = entry.get("summary_detail") or {}
        candidates.append((entry["summary"], detail.get("type") or "text/html"))
    best = ""
    for value, ctype in candidates:
        text = fragment_to_text(value, where) if "html" in ctype or "<" in value else value.strip()
        if len(text) > len(best):
            best = text
    return best
