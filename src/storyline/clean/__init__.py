"""Cleaning of extracted article text, every change recorded.

``clean_article(article)`` fills ``text``, ``edits``, ``offset_map`` and
``content_hash`` (and ``outlet`` when a site footer names it and it was unknown).

What is done (each rule is general; see ``blocks.py`` and ``repair.py``):

- remove (kind ``remove``): site footers and taglines at the end ("Source link",
  "Site Name | tagline", "Read more", "© ..."), photo credits ("Name / AGENCY",
  "Photo: ..."), photo captions in the header (name-like appositive lines such as
  "The President of X, Full Name"), a byline in the header ("By Jane Doe, Reuters": it
  becomes ``author`` when unknown), the headline repeated in the body, trailing teaser
  blurbs for other articles (upper-case byline with a reporting verb: "..., writes
  JANE DOE" / "JANE DOE argues ..."), a site's name after the headline ("... - WFSB 3
  Connecticut", "... - KXLF.com | Continuous News | Butte, Montana"), carriage returns, invisible characters and the
  white space around the text.
- repair (kind ``repair``): a space inserted after a closing quote or sentence end glued
  to the next word, and between words glued where markup was dropped (decided with
  wordfreq: the glued token is not a word, both parts are frequent words).
- damage (kind ``damage``, text left as is): dropped link text ("According to , X"),
  a sentence starting in lower case, a paragraph cut off mid-sentence, and a standfirst
  the body never supports. Why a flag and not a removal for the standfirst: a standfirst
  that is a teaser for another article and a standfirst that summarises facts the body
  leaves out look alike; removing real text is worse than keeping a teaser, so it is
  kept and flagged "standfirst not supported by the body".
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from ..records import Article, Edit, content_hash
from .blocks import find_block_edits, site_suffix
from .repair import find_inline_edits

__all__ = ["clean_article", "clean_text", "clean_text_full", "Op"]


@dataclass
class Op:
    """A planned change in raw coordinates.

    ``remove``: drop raw[start:end]. ``repair``: put ``insert`` before raw[at]; the Edit
    recorded spans raw[start:end] (the damaged token) and shows its repaired form.
    ``damage``: note raw[start:end], change nothing.
    """

    kind: str
    reason: str
    start: int
    end: int
    insert: str = ""
    at: int = -1
    replacement: str = ""


def clean_text(raw: str, title: str | None = None, sites: tuple[str, ...] = ()) -> tuple[str, list[Edit], list[tuple[int, int, int]], str | None]:
    """Clean a raw text; return (text, edits, offset_map, outlet found in a footer)."""
    text, edits, seg, found = clean_text_full(raw, title, sites)
    return text, edits, seg, found.get("outlet")


def clean_text_full(raw: str, title: str | None = None, sites: tuple[str, ...] = ()):
    """Like ``clean_text`` but the last item is a dict of what the text said about itself
    (``outlet`` from a site footer, ``author`` from a byline). ``sites``: names the article's
    site goes by (outlet, URL host), to find it after the headline."""
    block_ops, found, removed = find_block_edits(raw, title, sites)
    inline_ops = find_inline_edits(raw, removed)
    ops = block_ops + inline_ops
    removes = sorted((o for o in ops if o.kind == "remove"), key=lambda o: (o.start, o.end))
    removes = _drop_overlaps(removes)
    inserts = sorted((o for o in ops if o.kind == "repair"), key=lambda o: o.at)
    inserts = [o for o in inserts if not _inside(o.at, removes)]
    damages = [o for o in ops if o.kind == "damage" and not _inside(o.start, removes)]

    # Walk the raw text once: copy what is kept, skip removals, add insertions.
    out: list[str] = []
    seg: list[tuple[int, int, int]] = []
    clean_pos = 0
    events = sorted([(o.start, 1, "r", o) for o in removes] + [(o.at, 0, "i", o) for o in inserts],
                    key=lambda e: (e[0], e[1]))
    pos = 0
    at_clean: dict[int, int] = {}  # id(op) -> clean position where it applies
    for where, _, what, op in events:
        if where < pos:
            continue
        if where > pos:
            seg.append((clean_pos, pos, where - pos))
            out.append(raw[pos:where])
            clean_pos += where - pos
            pos = where
        at_clean[id(op)] = clean_pos
        if what == "r":
            pos = op.end
        else:
            out.append(op.insert)
            clean_pos += len(op.insert)
    if pos < len(raw):
        seg.append((clean_pos, pos, len(raw) - pos))
        out.append(raw[pos:])
    text = "".join(out)
    seg = _merge(seg)

    edits: list[Edit] = []
    for o in removes:
        c = at_clean[id(o)]
        edits.append(Edit("remove", o.reason, o.start, o.end, raw[o.start:o.end], "", c, c))
    for o in inserts:
        # the repaired token's clean span, with every insertion made inside it
        c0, c1 = _raw_to_clean(seg, o.start), _raw_to_clean_end(seg, o.end)
        edits.append(Edit("repair", o.reason, o.start, o.end, raw[o.start:o.end], text[c0:c1], c0, c1))
    for o in damages:
        c0, c1 = _raw_to_clean(seg, o.start), _raw_to_clean(seg, o.end)
        edits.append(Edit("damage", o.reason, o.start, o.end, raw[o.start:o.end], "", c0, c1))
    edits.sort(key=lambda e: (e.raw_start, e.raw_end, e.kind))
    return text, edits, seg, found


def clean_article(article: Article) -> Article:
    """Fill text, edits, offset_map and content_hash of an Article (in place; returned)."""
    text, edits, seg, found = clean_text_full(article.raw_text, article.title, _sites(article))
    if not text.strip():
        removed = "; ".join(sorted({e.reason for e in edits if e.kind == "remove"})) or "white space"
        raise InputError(article.provenance.get("source", article.id),
                         f"no article text left after cleaning (all of it was: {removed})")
    article.text = text
    article.edits = edits
    article.offset_map = seg
    article.content_hash = content_hash(text)
    if found.get("outlet") and not article.outlet:
        article.outlet = found["outlet"]
        article.metadata["outlet_source"] = "site footer"
    if found.get("author") and not article.author:
        article.author = found["author"]
        article.metadata["author_source"] = "byline"
    return article


def headline(article: Article, title: str | None = None) -> str | None:
    """``title`` (else the article's) as the cleaned text shows its headline: without a site's
    name after it ("… - Toledo News Now, News, Weather, Sports, Toledo, OH"), by the rule that
    takes it off the headline line (``blocks.site_suffix``)."""
    t = article.title if title is None else title
    if not t:
        return t
    cut = site_suffix(t, _sites(article))
    return t[:cut].rstrip() if cut is not None else t


def _sites(article: Article) -> tuple[str, ...]:
    """The outlet and the URL host's main label ("wfsb" for www.wfsb.com)."""
    from urllib.parse import urlparse

    host = (urlparse(article.url).hostname or "") if article.url else ""
    labels = [x for x in host.split(".")[:-1] if x != "www"]
    return tuple(x for x in (article.outlet, max(labels, key=len, default="")) if x)


def _drop_overlaps(removes: list[Op]) -> list[Op]:
    kept: list[Op] = []
    for o in removes:
        if o.end <= o.start:
            continue
        if kept and o.start < kept[-1].end:
            if o.end <= kept[-1].end:
                continue
            o = Op(o.kind, o.reason, kept[-1].end, o.end)
        kept.append(o)
    return kept


def _inside(pos: int, removes: list[Op]) -> bool:
    return any(o.start <= pos < o.end for o in removes)


def _merge(seg: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    merged: list[tuple[int, int, int]] = []
    for c, r, n in seg:
        if n <= 0:
            continue
        if merged and merged[-1][0] + merged[-1][2] == c and merged[-1][1] + merged[-1][2] == r:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + n)
        else:
            merged.append((c, r, n))
    return merged


def _raw_to_clean(seg: list[tuple[int, int, int]], raw_pos: int) -> int:
    """Clean offset of a raw offset inside a kept segment (the next kept one otherwise)."""
    for c, r, n in seg:
        if r <= raw_pos <= r + n:
            return c + raw_pos - r
        if r > raw_pos:
            return c
    return seg[-1][0] + seg[-1][2] if seg else 0


def _raw_to_clean_end(seg: list[tuple[int, int, int]], raw_pos: int) -> int:
    """Clean offset of a span end: text inserted just before it counts as inside the span."""
    for c, r, n in seg:
        if r < raw_pos <= r + n:
            return c + raw_pos - r
    return _raw_to_clean(seg, raw_pos)
