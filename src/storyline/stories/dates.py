"""Stories date their undated members: the window of publication days a story gives.

A pure function over plain records (annotation dicts in, windows out), so the same code
runs in one process or over Dask partitions of stories. An article without a
publication date takes its story's window -- the days its dated members were published
and the confident dates other undated members' own texts give -- and
``infer_publication(..., story=window)`` places it in that window when its text fits.
The year then comes from the story, never from the day the article is read.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable

from ..annotate.timex.grammar import Candidate
from ..annotate.timex.infer import elapsed_bound
from ..options import STORY_DATE_CONFIDENT as CONFIDENT, STORY_DATE_LEAD as LEAD
from ..options import STORY_DATE_NEAREST as NEAREST, STORY_DATE_SPREAD as SPREAD, STORY_SLACK as SLACK

# CONFIDENT: a member's own date counts for the others; SPREAD: days from the median a
# member may be; NEAREST: members most like the article set the central day; LEAD:
# characters compared (tuned, with their provenance in options)
_WORD = re.compile(r"[^\W\d_][\w'-]+")


def _bag(ann: dict) -> Counter:
    return Counter(_WORD.findall(str(ann.get("text") or "")[:LEAD].lower()))


def _nearest(article: dict | None, candidates: list[tuple[dt.date, bool, dict]]) -> list[tuple[dt.date, bool, dict]]:
    """The ``NEAREST`` candidates whose texts are most like the article's (TF-IDF cosine,
    document frequencies within the story); all of them without the article's text."""
    if article is None or len(candidates) <= NEAREST or not article.get("text"):
        return candidates
    bags = [_bag(m) for _, _, m in candidates]
    mine = _bag(article)
    df = Counter()
    for b in bags + [mine]:
        df.update(b.keys())
    n = len(bags) + 1

    def vec(b: Counter) -> dict[str, float]:
        return {w: c * math.log((n + 1) / (df[w] + 0.5)) for w, c in b.items()}

    def norm(v: dict[str, float]) -> float:
        return math.sqrt(sum(x * x for x in v.values())) or 1.0

    v0 = vec(mine)
    n0 = norm(v0)
    sims = []
    for i, b in enumerate(bags):
        v = vec(b)
        sims.append((sum(x * v.get(w, 0.0) for w, x in v0.items()) / n0 / norm(v), i))
    # ties: the earlier member in the story's order (deterministic)
    keep = sorted(i for _, i in sorted(sims, key=lambda x: (-x[0], x[1]))[:NEAREST])
    return [candidates[i] for i in keep]


def own_inference(ann: dict) -> dict | None:
    """An undated article's date as its own text gives it (before its story's window)."""
    story = ann.get("published_story")
    if story is not None:
        return story.get("own")
    return ann.get("published_inferred")


def _day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def story_window(members: Iterable[dict], article_id: str, bounds: dict | None = None) -> dict | None:
    """The window of the story of ``article_id`` (an undated member) from the others.

    ``members`` are the story's annotations (``id``, ``published``, ``text``, and for
    undated ones ``published_inferred``/``published_story``/``timex_parse``). Returns ``{"earliest",
    "latest", "value", "dated", "inferred"}`` (ISO days, counts): ``value`` is the
    median day of the ``NEAREST`` dated members most like the article, the range the
    days of all within ``SPREAD`` days of it. When no other member is dated, the lower
    bound the others' texts give (``_story_bound``: ``{"after", ...}``), else None.
    ``bounds``: ``member_bounds(members)`` when the caller has it (one per story).
    """
    members = list(members)
    cands: list[tuple[dt.date, bool, dict]] = []
    article = None
    for m in members:
        if m.get("id") == article_id:
            article = m
            continue
        if m.get("published"):
            d = _day(m["published"])
            if d:
                cands.append((d, True, m))
            continue
        own = own_inference(m)
        if own and (own.get("confidence") or 0) >= CONFIDENT:
            d = _day(own.get("value"))
            if d:
                cands.append((d, False, m))
    if not cands:
        return _story_bound(member_bounds(members) if bounds is None else bounds, article_id)
    near = sorted(d for d, _, _ in _nearest(article, cands))
    mid = near[(len(near) - 1) // 2]  # the lower median: a day some member was published on
    days = sorted((d, dated) for d, dated, _ in cands)
    kept = [(d, dated) for d, dated in days if abs((d - mid).days) <= SPREAD]
    return {"earliest": kept[0][0].isoformat(), "latest": kept[-1][0].isoformat(), "value": mid.isoformat(),
            "dated": sum(1 for _, dated in kept if dated), "inferred": sum(1 for _, dated in kept if not dated)}


def member_bounds(members: Iterable[dict]) -> dict[str, tuple[dt.date, str]]:
    """Undated member id -> the lower bound an elapsed span in its text gives and its words
    (``infer.elapsed_bound`` over its stored ``timex_parse``: no parse); members with none
    are left out."""
    out = {}
    for m in members:
        saved = m.get("timex_parse")
        if m.get("published") or not saved or not m.get("text"):
            continue
        text = str(m["text"])[: saved["length"]]
        analysed = [(Candidate(a, b, p, ""), tense, sent) for a, b, p, tense, sent in saved["candidates"]]
        found = elapsed_bound(text, analysed)
        if found:
            out[m["id"]] = found
    return out


def _story_bound(bounds: dict[str, tuple[dt.date, str]], article_id: str) -> dict | None:
    """What a story with no dated member says of when it ran: the latest lower bound an
    elapsed span in another member's text gives ("After more than three years ..." counted
    from the March 11, 2005 it writes), less ``SLACK`` days (members of one story are
    published within days of each other). ``{"after", "from", "why", "dated": 0,
    "inferred": 0}``, or None when no other member counts one."""
    best = None
    for mid, (day, why) in bounds.items():  # ties: the earlier member in the story's order
        if mid != article_id and (best is None or day > best[0]):
            best = (day, mid, why)
    if best is None:
        return None
    return {"after": (best[0] - dt.timedelta(days=SLACK)).isoformat(), "from": best[1], "why": best[2],
            "dated": 0, "inferred": 0}


def story_windows(members: list[dict]) -> dict[str, dict | None]:
    """``story_window`` for every undated member: article id -> window (or None)."""
    bounds = None if any(m.get("published") for m in members) else member_bounds(members)
    return {m["id"]: story_window(members, m["id"], bounds) for m in members if not m.get("published")}
