"""The data behind each page: plain JSON-able dicts built from the store.

Each function here is both the JSON twin of a page and the context its template
renders, so the HTML and JSON views can never disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..errors import InputError
from ..lexicon.text import strip_accents
from ..report import read
from ..store import Store

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_date(name: str, value: str | None) -> str | None:
    """A YYYY-MM-DD filter value, or None when empty; anything else is an InputError."""
    if value is None or not value.strip():
        return None
    v = value.strip()
    if not _DATE.match(v):
        raise InputError(name, f"not a date (expected YYYY-MM-DD): {v[:40]!r}")
    try:
        dt.date.fromisoformat(v)
    except ValueError:
        raise InputError(name, f"not a calendar date: {v!r}") from None
    return v


def _day(iso: str | None) -> str | None:
    return iso[:10] if isinstance(iso, str) and len(iso) >= 10 else None


def article_summaries(store: Store, ids: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """id -> {id, title, outlet, published, url, story_id} without loading article texts."""
    out = {r["id"]: r for r in store.article_summaries()}
    if ids is not None:
        return {i: out[i] for i in ids if i in out}
    return out


def outlets(store: Store) -> list[str]:
    return store.outlets()


def _story_row(story: dict[str, Any], arts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    members = [arts[a] for a in story.get("articles", []) if a in arts]
    days = sorted(d for d in (_day(m["published"]) for m in members) if d)
    return {
        "id": story["id"],
        "title": story.get("title") or (members[0]["title"] if members else None) or story["id"],
        "first_published": story.get("first_published") or (days[0] if days else None),
        "last_published": story.get("last_published") or (days[-1] if days else None),
        "n_articles": len(story.get("articles", [])),
        "outlets": sorted({m["outlet"] for m in members if m.get("outlet")}),
        "hits": [],
    }


def _in_range(first: str | None, last: str | None, date_from: str | None, date_to: str | None) -> bool:
    """Does [first, last] overlap the filter range? Undated items pass only an open filter."""
    if not date_from and not date_to:
        return True
    first, last = _day(first) or _day(last), _day(last) or _day(first)
    if not first:
        return False
    if date_from and last < date_from:
        return False
    if date_to and first > date_to:
        return False
    return True


def list_stories(store: Store, q: str | None = None, date_from: str | None = None,
                 date_to: str | None = None, outlet: str | None = None, limit: int = 50,
                 offset: int = 0, max_hits: int = 500) -> dict[str, Any]:
    """Stories (newest first), optionally narrowed by full-text search, dates and outlet;
    one page of ``limit`` stories from ``offset``.

    With a query, a story is listed when one of its articles matches, with the
    matching articles and their snippets; matching articles not yet in any story are
    listed apart as ``unassigned``.
    """
    date_from, date_to = check_date("from", date_from), check_date("to", date_to)
    q = (q or "").strip() or None
    outlet = (outlet or "").strip() or None
    arts = article_summaries(store)
    rows = [_story_row(s, arts) for s in store.stories()]
    unassigned: list[dict[str, Any]] = []
    if q:
        by_story: dict[str, list[dict[str, Any]]] = {}
        for hit in store.search(q, limit=max_hits):
            meta = arts.get(hit["id"], {})
            h = {**hit, "story_id": meta.get("story_id"), "snippet_parts": snippet_parts(hit.get("snippet"), q)}
            if h["story_id"]:
                by_story.setdefault(h["story_id"], []).append(h)
            else:
                unassigned.append(h)
        rows = [dict(r, hits=by_story[r["id"]]) for r in rows if r["id"] in by_story]
        unassigned = [h for h in unassigned
                      if _in_range(h.get("published"), h.get("published"), date_from, date_to)
                      and (not outlet or (h.get("outlet") or "").lower() == outlet.lower())]
    rows = [r for r in rows if _in_range(r["first_published"], r["last_published"], date_from, date_to)]
    if outlet:
        rows = [r for r in rows if outlet.lower() in (o.lower() for o in r["outlets"])]
    limit, offset = max(1, min(int(limit), 500)), max(0, int(offset))
    nxt = offset + limit if offset + limit < len(rows) else None
    prev = max(0, offset - limit) if offset > 0 else None
    return {
        "query": {"q": q, "from": date_from, "to": date_to, "outlet": outlet},
        "total": len(rows), "offset": offset, "limit": limit, "next_offset": nxt, "prev_offset": prev,
        "stories": rows[offset:offset + limit],
        "unassigned": unassigned,
        "outlets": outlets(store),
        "total_articles": len(arts),
    }


def _fold(text: str) -> str:
    """Case and accents folded, as FTS5's unicode61 tokenizer compares words."""
    return strip_accents(text.casefold())


def snippet_parts(snippet: str | None, query: str | None = None) -> list[dict[str, Any]]:
    """Split an FTS5 snippet marked with [ ] into plain and matched parts (for <mark>).

    Article text may hold brackets of its own ("[Reuters]"): with a query given, a
    bracketed piece counts as a match only when it starts with one of the query's words.
    """
    if not snippet:
        return []
    words = [_fold(w) for w in re.findall(r"\w+", query or "") if w not in ("AND", "OR", "NOT", "NEAR")]
    parts, pos = [], 0
    for m in re.finditer(r"\[([^\[\]]*)\]", snippet):
        if words and not any(_fold(m[1]).startswith(w) for w in words):
            continue
        if m.start() > pos:
            parts.append({"text": snippet[pos:m.start()], "match": False})
        parts.append({"text": m[1], "match": True})
        pos = m.end()
    if pos < len(snippet):
        parts.append({"text": snippet[pos:], "match": False})
    return parts


def list_articles(store: Store, date_from: str | None = None, date_to: str | None = None,
                  outlet: str | None = None) -> dict[str, Any]:
    """Every stored article (by publication date), with the story it belongs to."""
    date_from, date_to = check_date("from", date_from), check_date("to", date_to)
    outlet = (outlet or "").strip() or None
    rows = [a for a in article_summaries(store).values()
            if _in_range(a["published"], a["published"], date_from, date_to)
            and (not outlet or (a.get("outlet") or "").lower() == outlet.lower())]
    return {"query": {"from": date_from, "to": date_to, "outlet": outlet}, "articles": rows,
            "outlets": outlets(store)}


def story_view(store: Store, story_id: str) -> dict[str, Any]:
    """A story, its articles (by publication date) and its stored report (None if not computed)."""
    story = store.story(story_id)
    arts = article_summaries(store, list(story.get("articles", [])))
    members = sorted(arts.values(), key=lambda a: (a.get("published") or "", a["id"]))
    report = store.get_report(story["id"])
    if report and "brief" not in report:
        report = read(report).to_dict()  # a report stored before the brief existed gets one
    return {"story": story, "articles": members, "report": report}


def article_view(store: Store, article_id: str) -> dict[str, Any]:
    """An article (raw and clean text, edits), its annotation and its story."""
    art = store.get_article(article_id)
    d = art.to_dict()
    d["revision"] = art.metadata.get("revision", 1)
    return {
        "article": d,
        "annotation": store.get_annotation(art.id),
        "story_id": store.story_of(art.id),
        "revisions": len(store.revisions(art.id)),
    }
